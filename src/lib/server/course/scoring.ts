// Reads a quiz form and scores it against the answer key, on the server only.
import type { QuizQuestion } from '../../course/types';

/** Question id → the option ids chosen, sorted (an unanswered question maps to []). */
export type Answers = Record<string, string[]>;

/** Form fields: `attempt` (the one-time attempt id) and `q:<questionId>` (once per chosen option). */
export const ATTEMPT_FIELD = 'attempt';
export const ANSWER_FIELD_PREFIX = 'q:';
export const ATTEMPT_ID_PATTERN = /^[a-z2-7]{26}$/;

export function answerFieldName(questionId: string): string {
  return `${ANSWER_FIELD_PREFIX}${questionId}`;
}

export type SubmissionProblem =
  | { key: 'attemptMissing' }
  | { key: 'unknownField'; params: { field: string } }
  | { key: 'unknownQuestion'; params: { question: string } }
  | { key: 'unknownOption'; params: { question: string; option: string } }
  | { key: 'tooManyChoices'; params: { question: string } };

export type Submission = { ok: true; attemptId: string; answers: Answers } | { ok: false; problem: SubmissionProblem };

/**
 * Turns the submitted fields into answers. Anything that does not belong to this quiz (an unknown
 * question or option, two answers to a single-choice question, a field we do not know) is refused:
 * the form was not ours, or the lesson changed while the page was open.
 */
export function readSubmission(questions: readonly QuizQuestion[], fields: readonly [string, string][]): Submission {
  const answers: Answers = {};
  for (const q of questions) answers[q.id] = [];
  let attemptId: string | null = null;
  for (const [name, value] of fields) {
    if (name === ATTEMPT_FIELD) {
      attemptId = value;
      continue;
    }
    if (!name.startsWith(ANSWER_FIELD_PREFIX)) return { ok: false, problem: { key: 'unknownField', params: { field: name.slice(0, 40) } } };
    const questionId = name.slice(ANSWER_FIELD_PREFIX.length);
    const question = questions.find((q) => q.id === questionId);
    if (!question) return { ok: false, problem: { key: 'unknownQuestion', params: { question: questionId.slice(0, 40) } } };
    if (!question.options.some((o) => o.id === value)) {
      return { ok: false, problem: { key: 'unknownOption', params: { question: question.id, option: value.slice(0, 40) } } };
    }
    const chosen = answers[question.id] ?? [];
    if (!chosen.includes(value)) chosen.push(value);
    if (question.kind === 'single' && chosen.length > 1) return { ok: false, problem: { key: 'tooManyChoices', params: { question: question.id } } };
    answers[question.id] = chosen;
  }
  if (attemptId === null || !ATTEMPT_ID_PATTERN.test(attemptId)) return { ok: false, problem: { key: 'attemptMissing' } };
  for (const id of Object.keys(answers)) answers[id]?.sort();
  return { ok: true, attemptId, answers };
}

export interface QuestionResult {
  questionId: string;
  chosen: string[];
  correct: boolean;
}

export interface QuizScore {
  results: QuestionResult[];
  correctCount: number;
  questionCount: number;
  /** Percentage of questions answered right, rounded to a whole number. */
  score: number;
  passMark: number;
  passed: boolean;
}

/**
 * A question counts as right only when exactly the correct options are chosen (for multiple
 * choice: all the right ones and none of the wrong ones). Unanswered questions count as wrong.
 */
export function scoreQuiz(questions: readonly QuizQuestion[], answers: Answers, passMark: number): QuizScore {
  const results = questions.map((q) => {
    const chosen = [...new Set(answers[q.id] ?? [])].sort();
    const key = q.options.filter((o) => o.correct).map((o) => o.id).sort();
    const correct = chosen.length === key.length && chosen.every((id, i) => id === key[i]);
    return { questionId: q.id, chosen, correct };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const questionCount = questions.length;
  const score = questionCount === 0 ? 0 : Math.round((correctCount * 100) / questionCount);
  // Compare exactly, not the rounded percentage: 2 of 3 (66.7 %) never passes a 67 % mark by rounding.
  const passed = correctCount * 100 >= passMark * questionCount;
  return { results, correctCount, questionCount, score, passMark, passed };
}

/** A stable text of the answers, to tell a repeated submission from a different one. */
export function canonicalAnswers(answers: Answers): string {
  return JSON.stringify(Object.keys(answers).sort().map((id) => [id, [...(answers[id] ?? [])].sort()]));
}
