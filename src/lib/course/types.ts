// The course as the server uses it: lessons in order, each with its text and quiz in every language.
// The answer key is here, so these objects stay on the server; pages render only what a reader may see.
import type { Locale } from '../i18n/locales';

export type QuizKind = 'single' | 'multiple';

export interface QuizOption {
  id: string;
  text: string;
  correct: boolean;
  explanation: string;
}

export interface QuizQuestion {
  id: string;
  kind: QuizKind;
  prompt: string;
  options: QuizOption[];
}

/** One language's version of a lesson. */
export interface LessonVersion {
  /** The content collection id, `<locale>/<NN>-<slug>`: pages use it to render the body. */
  entryId: string;
  title: string;
  summary: string;
  minutes: number;
  questions: QuizQuestion[];
  /**
   * A hash of this version's text and quiz, stored with every attempt: which version of the lesson
   * the learner answered.
   */
  versionHash: string;
  /** A hash of the quiz alone (questions, options, answers, explanations, pass mark). */
  quizHash: string;
}

export interface Lesson {
  /** The URL name, from the file name without its number: `product-photos`. */
  slug: string;
  order: number;
  passMark: number;
  versions: Record<Locale, LessonVersion>;
}

export interface Course {
  /** In course order. */
  lessons: Lesson[];
}

export function findLesson(course: Course, slug: string): Lesson | null {
  return course.lessons.find((l) => l.slug === slug) ?? null;
}

/** The lessons before and after this one, for next/previous links. */
export function neighbours(course: Course, slug: string): { previous: Lesson | null; next: Lesson | null } {
  const index = course.lessons.findIndex((l) => l.slug === slug);
  if (index === -1) return { previous: null, next: null };
  return { previous: course.lessons[index - 1] ?? null, next: course.lessons[index + 1] ?? null };
}
