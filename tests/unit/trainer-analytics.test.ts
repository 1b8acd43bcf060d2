// Question analytics on a crafted set of attempts: pass rate among those who tried, tries to pass,
// the most-missed questions with the wrong option chosen most (or the right one left out).
import { describe, expect, it } from 'vitest';
import type { Lesson, QuizQuestion } from '../../src/lib/course/types';
import { courseStats, lessonStat, type AttemptForAnalytics } from '../../src/lib/server/trainer/analytics';

const option = (id: string, correct: boolean) => ({ id, text: `Option ${id.toUpperCase()}`, correct, explanation: '' });
const questions: QuizQuestion[] = [
  { id: 'q1', kind: 'single', prompt: 'Which keeps best?', options: [option('a', false), option('b', true), option('c', false)] },
  { id: 'q2', kind: 'multiple', prompt: 'Which go in the price?', options: [option('a', true), option('b', false), option('c', true)] },
  { id: 'q3', kind: 'single', prompt: 'Easy one', options: [option('a', true), option('b', false)] },
];
const version = { entryId: 'en/01-x', title: 'Lesson X', summary: '', minutes: 3, questions, versionHash: 'v', quizHash: 'q' };
const lesson: Lesson = { slug: 'lesson-x', order: 1, passMark: 70, versions: { en: version, 'zh-CN': { ...version, title: '第一课' } } };

let clock = 0;
function attempt(user: string, chosen: Record<string, string[]>, passed: boolean, slug = 'lesson-x'): AttemptForAnalytics {
  clock += 1;
  const answers = Object.entries(chosen).map(([question, picked]) => {
    const q = questions.find((x) => x.id === question);
    const key = (q?.options ?? []).filter((o) => o.correct).map((o) => o.id).sort();
    return { question, chosen: picked, correct: JSON.stringify([...picked].sort()) === JSON.stringify(key) };
  });
  return { user_id: user, lesson_slug: slug, answers: JSON.stringify(answers), passed: passed ? 1 : 0, created_at: `2026-11-01T00:00:${String(clock).padStart(2, '0')}.000Z` };
}

const attempts: AttemptForAnalytics[] = [
  // u1 fails (q1 → a, q2 leaves out c), then passes: 2 tries.
  attempt('u1', { q1: ['a'], q2: ['a'], q3: ['a'] }, false),
  attempt('u1', { q1: ['b'], q2: ['a', 'c'], q3: ['a'] }, true),
  // u2 passes at once: 1 try.
  attempt('u2', { q1: ['b'], q2: ['a', 'c'], q3: ['a'] }, true),
  // u3 fails twice (q1 → a, then c) and has not passed.
  attempt('u3', { q1: ['a'], q2: ['a', 'c'], q3: ['a'] }, false),
  attempt('u3', { q1: ['c'], q2: ['a', 'b', 'c'], q3: ['a'], q9: ['z'] }, false),
  // Another lesson's attempt is not counted here.
  attempt('u4', { q1: ['a'] }, false, 'other-lesson'),
];

describe('lessonStat', () => {
  const stat = lessonStat(lesson, 'en', attempts);

  it('counts who tried and who passed', () => {
    expect(stat).toMatchObject({ slug: 'lesson-x', title: 'Lesson X', tried: 3, passed: 2, attempts: 5 });
    expect(stat.passRate).toBeCloseTo(2 / 3);
  });

  it('averages the tries up to the first pass over those who passed', () => {
    expect(stat.averageAttemptsToPass).toBe(1.5);
  });

  it('lists the questions missed most, worst first, with the wrong option chosen most', () => {
    expect(stat.mostMissed.map((q) => q.questionId)).toEqual(['q1', 'q2']);
    const [q1, q2] = stat.mostMissed;
    expect(q1).toMatchObject({ answered: 5, missed: 3, topWrongOption: { id: 'a', text: 'Option A', count: 2 }, topLeftOut: null });
    expect(q1?.missRate).toBeCloseTo(0.6);
    // q2 was missed twice: once by leaving out c, once by adding b — the wrong option chosen wins.
    expect(q2).toMatchObject({ answered: 5, missed: 2, topWrongOption: { id: 'b', count: 1 } });
  });

  it('names the right option left out when no wrong one was chosen', () => {
    const onlyLeftOut = lessonStat(lesson, 'en', [attempts[0] as AttemptForAnalytics]);
    const q2 = onlyLeftOut.mostMissed.find((q) => q.questionId === 'q2');
    expect(q2).toMatchObject({ topWrongOption: null, topLeftOut: { id: 'c', count: 1 } });
  });

  it('uses the trainer’s language for titles and prompts', () => {
    expect(lessonStat(lesson, 'zh-CN', attempts).title).toBe('第一课');
  });

  it('says nothing was tried when nobody tried', () => {
    expect(lessonStat(lesson, 'en', [])).toMatchObject({ tried: 0, passed: 0, passRate: null, averageAttemptsToPass: null, mostMissed: [] });
  });
});

describe('courseStats', () => {
  it('gives one entry per lesson, in course order, from attempts in any order', () => {
    const stats = courseStats([lesson], 'en', [...attempts].reverse());
    expect(stats).toHaveLength(1);
    expect(stats[0]?.averageAttemptsToPass).toBe(1.5);
  });
});
