// Scoring on the server: single and multiple choice, partial answers, and answers that do not
// belong to the quiz.
import { describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../../src/lib/course/types';
import { readSubmission, scoreQuiz, type Answers } from '../../src/lib/server/course/scoring';

const option = (id: string, correct: boolean) => ({ id, text: `option ${id}`, correct, explanation: `why ${id}` });
const QUIZ: QuizQuestion[] = [
  { id: 'q1', kind: 'single', prompt: 'One right answer', options: [option('a', false), option('b', true), option('c', false)] },
  { id: 'q2', kind: 'multiple', prompt: 'Two right answers', options: [option('a', true), option('b', false), option('c', true), option('d', false)] },
  { id: 'q3', kind: 'single', prompt: 'Another', options: [option('a', true), option('b', false)] },
  { id: 'q4', kind: 'multiple', prompt: 'One right answer among checkboxes', options: [option('a', false), option('b', true), option('c', false)] },
];
const ATTEMPT = 'abcdefghijklmnopqrstuvwxyz';

const all = (answers: Answers) => ({ q1: [], q2: [], q3: [], q4: [], ...answers });

describe('scoreQuiz', () => {
  it('counts a single-choice question right only with its correct option', () => {
    expect(scoreQuiz(QUIZ, all({ q1: ['b'] }), 70).results[0]).toEqual({ questionId: 'q1', chosen: ['b'], correct: true });
    expect(scoreQuiz(QUIZ, all({ q1: ['a'] }), 70).results[0]?.correct).toBe(false);
  });

  it('counts a multiple-choice question right only when exactly the correct set is chosen', () => {
    const q2 = (chosen: string[]) => scoreQuiz(QUIZ, all({ q2: chosen }), 70).results[1]?.correct;
    expect(q2(['a', 'c'])).toBe(true);
    expect(q2(['c', 'a'])).toBe(true);
    expect(q2(['a'])).toBe(false); // some of the right ones
    expect(q2(['a', 'c', 'd'])).toBe(false); // all the right ones and a wrong one
    expect(q2(['a', 'b', 'c', 'd'])).toBe(false); // everything ticked
    expect(q2([])).toBe(false);
  });

  it('scores partial answers: unanswered questions count as wrong', () => {
    const score = scoreQuiz(QUIZ, { q1: ['b'], q2: ['a', 'c'] }, 70);
    expect(score.results.map((r) => r.correct)).toEqual([true, true, false, false]);
    expect(score).toMatchObject({ correctCount: 2, questionCount: 4, score: 50, passed: false });
  });

  it('passes at the pass mark, from the lesson (70 by default)', () => {
    const threeRight = all({ q1: ['b'], q2: ['a', 'c'], q3: ['a'] });
    expect(scoreQuiz(QUIZ, threeRight, 70)).toMatchObject({ score: 75, passed: true, passMark: 70 });
    expect(scoreQuiz(QUIZ, threeRight, 80)).toMatchObject({ score: 75, passed: false, passMark: 80 });
    expect(scoreQuiz(QUIZ, all({ q1: ['b'], q2: ['a', 'c'], q3: ['a'], q4: ['b'] }), 100)).toMatchObject({ score: 100, passed: true });
  });

  it('never passes by rounding: 2 of 3 is 67 % shown, but below a 67 % mark', () => {
    const three = QUIZ.slice(0, 3);
    const twoRight = { q1: ['b'], q2: ['a', 'c'], q3: ['b'] };
    expect(scoreQuiz(three, twoRight, 67)).toMatchObject({ score: 67, passed: false });
    expect(scoreQuiz(three, twoRight, 66)).toMatchObject({ score: 67, passed: true });
  });
});

describe('readSubmission', () => {
  const fields = (...pairs: [string, string][]): [string, string][] => [['attempt', ATTEMPT], ...pairs];

  it('reads radio and checkbox fields, sorted, unanswered questions empty', () => {
    const read = readSubmission(QUIZ, fields(['q:q1', 'b'], ['q:q2', 'c'], ['q:q2', 'a'], ['q:q2', 'c']));
    expect(read).toEqual({ ok: true, attemptId: ATTEMPT, answers: { q1: ['b'], q2: ['a', 'c'], q3: [], q4: [] } });
  });

  it('refuses a question the quiz does not have', () => {
    expect(readSubmission(QUIZ, fields(['q:q9', 'a']))).toEqual({ ok: false, problem: { key: 'unknownQuestion', params: { question: 'q9' } } });
  });

  it('refuses an option the question does not have', () => {
    expect(readSubmission(QUIZ, fields(['q:q1', 'z']))).toEqual({
      ok: false,
      problem: { key: 'unknownOption', params: { question: 'q1', option: 'z' } },
    });
  });

  it('refuses two answers to a single-choice question', () => {
    expect(readSubmission(QUIZ, fields(['q:q1', 'a'], ['q:q1', 'b']))).toEqual({
      ok: false,
      problem: { key: 'tooManyChoices', params: { question: 'q1' } },
    });
  });

  it('refuses fields that are not answers', () => {
    expect(readSubmission(QUIZ, fields(['score', '100']))).toEqual({ ok: false, problem: { key: 'unknownField', params: { field: 'score' } } });
  });

  it('needs the one-time attempt id, in its format', () => {
    expect(readSubmission(QUIZ, [['q:q1', 'b']])).toEqual({ ok: false, problem: { key: 'attemptMissing' } });
    expect(readSubmission(QUIZ, [['attempt', 'not-an-id'], ['q:q1', 'b']])).toEqual({ ok: false, problem: { key: 'attemptMissing' } });
  });

  it('cuts long names in messages', () => {
    const read = readSubmission(QUIZ, fields([`q:${'x'.repeat(500)}`, 'a']));
    expect(read.ok).toBe(false);
    if (!read.ok && 'params' in read.problem) expect(JSON.stringify(read.problem.params).length).toBeLessThan(80);
  });
});
