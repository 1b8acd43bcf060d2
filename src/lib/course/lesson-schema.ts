// The shape of a lesson file's frontmatter. Used by the content collection (the build fails when a
// file does not match, naming the file and the field) and by the server's course model.
import { z } from 'zod';

/** Question and option ids are short and URL/form safe: they travel in form field names. */
const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,19}$/, 'use 1–20 lower-case letters, digits or "-" (e.g. q1, a)');

const text = z.string().trim().min(1, 'must not be empty');

export const quizOptionSchema = z
  .object({
    id: idSchema,
    text,
    correct: z.boolean(),
    explanation: text,
  })
  .strict();

export const QUIZ_KINDS = ['single', 'multiple'] as const;

export const quizQuestionSchema = z
  .object({
    id: idSchema,
    kind: z.enum(QUIZ_KINDS),
    prompt: text,
    options: z.array(quizOptionSchema).min(2, 'a question needs at least 2 options').max(8, 'a question has at most 8 options'),
  })
  .strict()
  .superRefine((question, ctx) => {
    const correct = question.options.filter((o) => o.correct).length;
    if (correct === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `question "${question.id}" has no correct option` });
    }
    if (question.kind === 'single' && correct > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `question "${question.id}" is single choice but has ${correct} correct options (use kind: multiple)`,
      });
    }
    const seen = new Set<string>();
    question.options.forEach((option, index) => {
      if (seen.has(option.id)) {
        ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `option id "${option.id}" is used twice` });
      }
      seen.add(option.id);
    });
  });

export const MIN_QUESTIONS = 3;
export const MAX_QUESTIONS = 6;
export const DEFAULT_PASS_MARK = 70;

export const lessonFrontmatterSchema = z
  .object({
    title: text,
    summary: text,
    /** Position in the course, 1-based; the file name starts with the same number (01-…). */
    order: z.number().int().min(1).max(99),
    /** Minutes to read, shown on the lesson list. */
    minutes: z.number().int().min(1).max(60),
    /** Percentage needed to pass the quiz; 70 when absent. */
    passMark: z.number().int().min(1).max(100).optional(),
    quiz: z
      .array(quizQuestionSchema)
      .min(MIN_QUESTIONS, `a quiz needs at least ${MIN_QUESTIONS} questions`)
      .max(MAX_QUESTIONS, `a quiz has at most ${MAX_QUESTIONS} questions`),
  })
  .strict()
  .superRefine((lesson, ctx) => {
    const seen = new Set<string>();
    lesson.quiz.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: ['quiz', index, 'id'], message: `question id "${question.id}" is used twice` });
      }
      seen.add(question.id);
    });
  });

export type LessonFrontmatter = z.output<typeof lessonFrontmatterSchema>;
export type QuizQuestionData = z.output<typeof quizQuestionSchema>;
export type QuizOptionData = z.output<typeof quizOptionSchema>;
