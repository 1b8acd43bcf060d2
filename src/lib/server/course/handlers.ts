// The request side of the course pages: read the form, call the course logic, answer with a
// redirect or with what the page should show. Pages stay thin; SQL stays in the repository.
import type { Locale } from '../../i18n/locales';
import type { FieldError } from '../forms/forms';
import type { Course, Lesson } from '../../course/types';
import { paths } from '../../paths';
import { requireUser } from '../auth/guard';
import { getDb } from '../db/client';
import { redirect } from '../forms/respond';
import type { QuizAttempt } from '../db/schema';
import { findAttempt, findLatestAttempt } from './course.repository';
import { issueCertificateIfComplete } from './certificate';
import { attemptResults, getCourseProgress, markLessonRead, recordAttempt } from './progress';
import { readSubmission, scoreQuiz, type QuestionResult } from './scoring';

interface RequestContext {
  request: Request;
  locals: App.Locals;
  url: URL;
}

interface GuardedContext extends RequestContext {
  rewrite(path: string): Promise<Response>;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Every text field of a form body, repeated names kept (checkboxes); null when the body is not a form. */
async function readFormFields(request: Request): Promise<[string, string][] | null> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) return null;
  try {
    const data = await request.formData();
    const fields: [string, string][] = [];
    for (const [name, value] of data.entries()) if (typeof value === 'string') fields.push([name, value]);
    return fields;
  } catch {
    return null;
  }
}

/**
 * POST /lessons/<slug>/read: the "mark as read" button (answered with a redirect back to the quiz)
 * and the page's script when the quiz comes into view (`reply=none`: answered 204, nothing to load).
 */
export async function handleMarkRead(ctx: GuardedContext, lesson: Lesson): Promise<Response> {
  // After logging in, back to the lesson (not to this POST-only address).
  const user = await requireUser({ locals: ctx.locals, url: new URL(paths.lesson(lesson.slug), ctx.url), rewrite: (p) => ctx.rewrite(p) });
  if (user instanceof Response) return user;
  const fields = await readFormFields(ctx.request);
  await markLessonRead(getDb(), user.id, lesson.slug);
  if (fields?.some(([name, value]) => name === 'reply' && value === 'none')) return new Response(null, { status: 204 });
  return redirect(paths.lessonReadDone(lesson.slug));
}

/** What the result page shows, whether the attempt was stored (signed in) or not (signed out). */
export interface QuizResultView {
  lesson: Lesson;
  results: QuestionResult[];
  correctCount: number;
  questionCount: number;
  score: number;
  passMark: number;
  passed: boolean;
  /** False when the quiz changed after the attempt: per-question details are then not shown. */
  sameQuiz: boolean;
  saved: boolean;
  bestScore: number | null;
  takenAt: string | null;
  courseComplete: boolean;
}

export type QuizSubmitOutcome =
  | { kind: 'response'; response: Response }
  | { kind: 'problem'; status: 400; message: FieldError }
  | { kind: 'result'; view: QuizResultView };

/**
 * POST /lessons/<slug>/quiz. Signed in: the attempt is stored once (see recordAttempt) and the
 * browser is sent to its result, so reloading never submits again. Signed out: scored and shown,
 * not stored.
 */
export async function handleQuizSubmit(ctx: RequestContext, course: Course, lesson: Lesson): Promise<QuizSubmitOutcome> {
  const locale = ctx.locals.locale;
  const version = lesson.versions[locale];
  const fields = await readFormFields(ctx.request);
  if (!fields) return { kind: 'problem', status: 400, message: { key: 'badForm' } };
  const submission = readSubmission(version.questions, fields);
  if (!submission.ok) {
    const { problem } = submission;
    return { kind: 'problem', status: 400, message: 'params' in problem ? { key: problem.key, params: problem.params } : { key: problem.key } };
  }

  const user = ctx.locals.user;
  if (user?.mustChangePassword) return { kind: 'response', response: redirect(paths.changePassword()) };
  if (user) {
    const db = getDb();
    const { attempt } = await recordAttempt(db, { userId: user.id, lesson, locale, attemptId: submission.attemptId, answers: submission.answers });
    if (attempt.passed === 1) await issueCertificateIfComplete(db, user, course);
    return { kind: 'response', response: redirect(paths.quizResult(lesson.slug, attempt.id)) };
  }

  const scored = scoreQuiz(version.questions, submission.answers, lesson.passMark);
  return {
    kind: 'result',
    view: { lesson, ...scored, sameQuiz: true, saved: false, bestScore: null, takenAt: null, courseComplete: false },
  };
}

function viewOfAttempt(lesson: Lesson, attempt: QuizAttempt, locale: Locale): Omit<QuizResultView, 'bestScore' | 'courseComplete'> {
  const attemptLocale: Locale = attempt.locale === 'en' || attempt.locale === 'zh-CN' ? attempt.locale : locale;
  return {
    lesson,
    results: attemptResults(attempt),
    correctCount: attempt.correct_count,
    questionCount: attempt.question_count,
    score: attempt.score,
    passMark: attempt.pass_mark,
    passed: attempt.passed === 1,
    // Every language shares one quiz structure, so the quiz in the attempt's language decides.
    sameQuiz: lesson.versions[attemptLocale].quizHash === attempt.quiz_hash,
    saved: true,
    takenAt: attempt.created_at,
  };
}

/**
 * GET /lessons/<slug>/result[?attempt=<id>]: one of the signed-in user's attempts (the latest by
 * default). Null when the user has no such attempt: the page answers 404, or sends a user without
 * attempts to the quiz.
 */
export async function loadQuizResult(
  userId: string,
  course: Course,
  lesson: Lesson,
  attemptId: string | null,
  locale: Locale,
): Promise<{ view: QuizResultView } | { missing: 'attempt' | 'none' }> {
  const db = getDb();
  const attempt = attemptId ? await findAttempt(db, userId, attemptId) : await findLatestAttempt(db, userId, lesson.slug);
  if (!attempt || attempt.lesson_slug !== lesson.slug) return { missing: attemptId ? 'attempt' : 'none' };
  const progress = await getCourseProgress(db, userId, course);
  return {
    view: {
      ...viewOfAttempt(lesson, attempt, locale),
      bestScore: progress.lessons.get(lesson.slug)?.bestScore ?? null,
      courseComplete: progress.complete,
    },
  };
}
