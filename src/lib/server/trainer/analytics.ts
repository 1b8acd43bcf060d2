// Question analytics for a cohort, per lesson: how many of those who tried the quiz passed it, how
// many tries passing took, and which questions are missed most — with the wrong answer chosen most
// often — so the trainer knows what to teach again. Pure over the attempt rows; the page loads them.
import type { Lesson, QuizQuestion } from '../../course/types';
import type { Locale } from '../../i18n/locales';
import { attemptResults } from '../course/progress';

export interface AttemptForAnalytics {
  user_id: string;
  lesson_slug: string;
  answers: string;
  passed: number;
  created_at: string;
}

export interface QuestionStat {
  questionId: string;
  prompt: string;
  /** Attempts that answered this question (of the current quiz). */
  answered: number;
  missed: number;
  /** missed / answered, 0–1. */
  missRate: number;
  /** The wrong option chosen most often in missed answers, with how often; null if none was chosen. */
  topWrongOption: { id: string; text: string; count: number } | null;
  /** For a missed multiple-choice question with no wrong option chosen: the right option most often left out. */
  topLeftOut: { id: string; text: string; count: number } | null;
}

export interface LessonStat {
  slug: string;
  title: string;
  /** Trainees who tried the quiz at least once. */
  tried: number;
  /** Of those, how many passed it. */
  passed: number;
  /** passed / tried, 0–1; null when nobody tried. */
  passRate: number | null;
  /** Mean number of tries up to and including the first pass, over those who passed; null if none did. */
  averageAttemptsToPass: number | null;
  attempts: number;
  /** Questions most often missed, worst first (only those missed at least once), at most `top`. */
  mostMissed: QuestionStat[];
}

function mostCommon(counts: Map<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const [id, n] of counts) if (!best || n > best[1] || (n === best[1] && id < best[0])) best = [id, n];
  return best;
}

function optionText(question: QuizQuestion, id: string): string {
  return question.options.find((o) => o.id === id)?.text ?? id;
}

/**
 * One lesson's figures from its attempts (any order). Answers naming questions or options that
 * the current quiz no longer has (an edited lesson) are left out of the question figures.
 */
export function lessonStat(lesson: Lesson, locale: Locale, attempts: readonly AttemptForAnalytics[], top = 3): LessonStat {
  const version = lesson.versions[locale];
  const own = attempts.filter((a) => a.lesson_slug === lesson.slug).sort((a, b) => a.created_at.localeCompare(b.created_at));
  const byUser = new Map<string, AttemptForAnalytics[]>();
  for (const a of own) {
    const list = byUser.get(a.user_id) ?? [];
    list.push(a);
    byUser.set(a.user_id, list);
  }
  let passedUsers = 0;
  let triesToPass = 0;
  for (const list of byUser.values()) {
    const first = list.findIndex((a) => a.passed === 1);
    if (first === -1) continue;
    passedUsers += 1;
    triesToPass += first + 1;
  }

  const questions = new Map(version.questions.map((q) => [q.id, q]));
  const stats = new Map<string, { answered: number; missed: number; wrong: Map<string, number>; leftOut: Map<string, number> }>();
  for (const q of version.questions) stats.set(q.id, { answered: 0, missed: 0, wrong: new Map(), leftOut: new Map() });
  for (const attempt of own) {
    for (const result of attemptResults(attempt)) {
      const question = questions.get(result.questionId);
      const stat = stats.get(result.questionId);
      if (!question || !stat) continue;
      stat.answered += 1;
      if (result.correct) continue;
      stat.missed += 1;
      const right = new Set(question.options.filter((o) => o.correct).map((o) => o.id));
      for (const chosen of result.chosen) {
        if (!right.has(chosen) && question.options.some((o) => o.id === chosen)) stat.wrong.set(chosen, (stat.wrong.get(chosen) ?? 0) + 1);
      }
      for (const id of right) if (!result.chosen.includes(id)) stat.leftOut.set(id, (stat.leftOut.get(id) ?? 0) + 1);
    }
  }
  const questionStats: QuestionStat[] = version.questions.map((q) => {
    const s = stats.get(q.id) ?? { answered: 0, missed: 0, wrong: new Map<string, number>(), leftOut: new Map<string, number>() };
    const wrong = mostCommon(s.wrong);
    const leftOut = wrong ? null : mostCommon(s.leftOut);
    return {
      questionId: q.id,
      prompt: q.prompt,
      answered: s.answered,
      missed: s.missed,
      missRate: s.answered > 0 ? s.missed / s.answered : 0,
      topWrongOption: wrong ? { id: wrong[0], text: optionText(q, wrong[0]), count: wrong[1] } : null,
      topLeftOut: leftOut ? { id: leftOut[0], text: optionText(q, leftOut[0]), count: leftOut[1] } : null,
    };
  });
  const mostMissed = questionStats
    .filter((q) => q.missed > 0)
    .sort((a, b) => b.missRate - a.missRate || b.missed - a.missed || a.questionId.localeCompare(b.questionId))
    .slice(0, top);
  return {
    slug: lesson.slug,
    title: version.title,
    tried: byUser.size,
    passed: passedUsers,
    passRate: byUser.size > 0 ? passedUsers / byUser.size : null,
    averageAttemptsToPass: passedUsers > 0 ? triesToPass / passedUsers : null,
    attempts: own.length,
    mostMissed,
  };
}

export function courseStats(lessons: readonly Lesson[], locale: Locale, attempts: readonly AttemptForAnalytics[], top = 3): LessonStat[] {
  const byLesson = new Map<string, AttemptForAnalytics[]>();
  for (const a of attempts) {
    const list = byLesson.get(a.lesson_slug) ?? [];
    list.push(a);
    byLesson.set(a.lesson_slug, list);
  }
  return lessons.map((lesson) => lessonStat(lesson, locale, byLesson.get(lesson.slug) ?? [], top));
}
