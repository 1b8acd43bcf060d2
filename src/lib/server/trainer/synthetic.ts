// Made-up but plausible learners, for the demo cohorts and the bench: a seeded random generator (the
// same demo every time) and quiz answers whose mistakes look like real ones — some questions are
// harder than others, and a wrong answer usually falls on the same tempting option.
import type { Lesson } from '../../course/types';
import type { Answers } from '../course/scoring';

/** mulberry32: a tiny seeded generator, good enough for made-up numbers. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How hard a question is, 0–4, fixed per lesson and question (so the same ones trip everybody up). */
function difficulty(lesson: Lesson, index: number): number {
  return (index * 37 + lesson.order * 11) % 5;
}

/**
 * Answers from a learner of `skill` (0–1): each question right with a chance that falls with its
 * difficulty; a wrong single-choice answer is the lesson's most tempting wrong option two times in
 * three; a wrong multiple-choice answer leaves out a right option or adds a wrong one.
 */
export function syntheticAnswers(lesson: Lesson, skill: number, random: () => number): Answers {
  const answers: Answers = {};
  lesson.versions.en.questions.forEach((q, index) => {
    const key = q.options.filter((o) => o.correct).map((o) => o.id);
    const wrong = q.options.filter((o) => !o.correct).map((o) => o.id);
    const chance = Math.min(0.98, Math.max(0.05, skill - difficulty(lesson, index) * 0.09));
    if (random() < chance || wrong.length === 0) {
      answers[q.id] = [...key].sort();
      return;
    }
    const tempting = wrong[(lesson.order + index) % wrong.length] ?? wrong[0] ?? '';
    const pickWrong = random() < 0.67 ? tempting : (wrong[Math.floor(random() * wrong.length)] ?? tempting);
    if (q.kind === 'single') {
      answers[q.id] = [pickWrong];
      return;
    }
    const leaveOut = key.length > 1 && random() < 0.5;
    answers[q.id] = (leaveOut ? key.slice(0, -1) : [...key, pickWrong]).sort();
  });
  return answers;
}

/** A try that fails for sure: the first question right, every other one on its tempting wrong option. */
export function failingAnswers(lesson: Lesson): Answers {
  const answers: Answers = {};
  lesson.versions.en.questions.forEach((q, index) => {
    const key = q.options.filter((o) => o.correct).map((o) => o.id);
    const wrong = q.options.filter((o) => !o.correct).map((o) => o.id);
    const tempting = wrong[(lesson.order + index) % Math.max(1, wrong.length)];
    answers[q.id] = index === 0 || tempting === undefined ? [...key].sort() : [tempting];
  });
  return answers;
}
