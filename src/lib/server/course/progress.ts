// A learner's progress: which lessons they read, their quiz attempts, best scores, what they passed.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales';
import type { Course, Lesson } from '../../course/types';
import type { Database, QuizAttempt } from '../db/schema';
import { newId, sha256Hex } from '../ids';
import {
  findAttemptByKey,
  insertAttemptOnce,
  insertLessonRead,
  listLessonReads,
  listPassedSlugs,
  summariseAttempts,
} from './course.repository';
import { canonicalAnswers, scoreQuiz, type Answers, type QuestionResult } from './scoring';

export type LessonState = 'notStarted' | 'read' | 'tried' | 'passed';

export interface LessonProgress {
  slug: string;
  state: LessonState;
  readAt: string | null;
  attempts: number;
  /** Best score over every attempt, or null before the first one. */
  bestScore: number | null;
  passed: boolean;
  firstPassedAt: string | null;
}

export interface CourseProgress {
  lessons: Map<string, LessonProgress>;
  passedCount: number;
  total: number;
  complete: boolean;
  /** When the last lesson of the course was first passed (null until complete). */
  completedAt: string | null;
}

/**
 * Which lessons this user has passed. The storefront builder uses it to suggest a lesson before a
 * step (e.g. "product-photos" before adding photos): a suggestion, never a lock.
 */
export async function passedLessonSlugs(db: Kysely<Database>, userId: string): Promise<Set<string>> {
  return new Set(await listPassedSlugs(db, userId));
}

export async function getCourseProgress(db: Kysely<Database>, userId: string, course: Course): Promise<CourseProgress> {
  const [reads, summaries] = await Promise.all([listLessonReads(db, userId), summariseAttempts(db, userId)]);
  const readAt = new Map(reads.map((r) => [r.lesson_slug, r.read_at]));
  const bySlug = new Map(summaries.map((s) => [s.lesson_slug, s]));
  const lessons = new Map<string, LessonProgress>();
  for (const lesson of course.lessons) {
    const summary = bySlug.get(lesson.slug);
    const read = readAt.get(lesson.slug) ?? null;
    const passed = summary?.passed === 1;
    const state: LessonState = passed ? 'passed' : summary ? 'tried' : read ? 'read' : 'notStarted';
    lessons.set(lesson.slug, {
      slug: lesson.slug,
      state,
      readAt: read,
      attempts: summary?.attempts ?? 0,
      bestScore: summary ? summary.best_score : null,
      passed,
      firstPassedAt: summary?.first_passed_at ?? null,
    });
  }
  const progress = [...lessons.values()];
  const passedCount = progress.filter((p) => p.passed).length;
  const total = course.lessons.length;
  const complete = total > 0 && passedCount === total;
  const completedAt = complete ? progress.map((p) => p.firstPassedAt ?? '').sort().at(-1) ?? null : null;
  return { lessons, passedCount, total, complete, completedAt };
}

export async function markLessonRead(db: Kysely<Database>, userId: string, slug: string, now: Date = new Date()): Promise<void> {
  await insertLessonRead(db, { id: newId(), user_id: userId, lesson_slug: slug, read_at: now.toISOString() });
}

const storedResultsSchema = z.array(z.object({ question: z.string(), chosen: z.array(z.string()), correct: z.boolean() }));

/** The per-question results stored with an attempt (its answers JSON), read back; [] if unreadable. */
export function attemptResults(attempt: Pick<QuizAttempt, 'answers'>): QuestionResult[] {
  let json: unknown;
  try {
    json = JSON.parse(attempt.answers);
  } catch {
    return [];
  }
  const parsed = storedResultsSchema.safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.map((r) => ({ questionId: r.question, chosen: r.chosen, correct: r.correct }));
}

function answersOf(results: readonly QuestionResult[]): Answers {
  return Object.fromEntries(results.map((r) => [r.questionId, r.chosen]));
}

export interface RecordAttemptInput {
  userId: string;
  lesson: Lesson;
  locale: Locale;
  /** The one-time id the quiz form carried. */
  attemptId: string;
  answers: Answers;
  now?: Date;
}

export interface RecordedAttempt {
  attempt: QuizAttempt;
  /** False when this submission repeated one already stored (a double tap): nothing new was stored. */
  created: boolean;
}

/**
 * Scores and stores one attempt, exactly once per form submission: the database's unique
 * (user, attempt key) constraint settles concurrent repeats, and every repeat gets the stored row.
 *
 * A form whose id was already used with *different* answers (a page restored by the back button,
 * answers changed) is a new attempt, not a repeat: it is stored under a key derived from the form
 * id and the answers, so repeats of that submission collapse the same way.
 */
export async function recordAttempt(db: Kysely<Database>, input: RecordAttemptInput): Promise<RecordedAttempt> {
  const { userId, lesson, locale, attemptId, answers } = input;
  const now = input.now ?? new Date();
  const version = lesson.versions[locale];
  const scored = scoreQuiz(version.questions, answers, lesson.passMark);
  const canonical = canonicalAnswers(answersOf(scored.results));
  const keys = [attemptId, `${attemptId}.${sha256Hex(`${lesson.slug}\n${canonical}`).slice(0, 16)}`];
  for (const key of keys) {
    const inserted = await insertAttemptOnce(db, {
      id: newId(),
      user_id: userId,
      lesson_slug: lesson.slug,
      attempt_key: key,
      locale,
      version_hash: version.versionHash,
      quiz_hash: version.quizHash,
      answers: JSON.stringify(scored.results.map((r) => ({ question: r.questionId, chosen: r.chosen, correct: r.correct }))),
      correct_count: scored.correctCount,
      question_count: scored.questionCount,
      score: scored.score,
      pass_mark: scored.passMark,
      passed: scored.passed ? 1 : 0,
      created_at: now.toISOString(),
    });
    const stored = await findAttemptByKey(db, userId, key);
    if (!stored) throw new Error(`quiz attempt ${key} was neither inserted nor found`);
    if (inserted) {
      // Answering the quiz means the lesson was reached.
      await markLessonRead(db, userId, lesson.slug, now);
      return { attempt: stored, created: true };
    }
    if (stored.lesson_slug === lesson.slug && canonicalAnswers(answersOf(attemptResults(stored))) === canonical) {
      return { attempt: stored, created: false };
    }
  }
  throw new Error('quiz attempt key collided twice; this should not happen');
}
