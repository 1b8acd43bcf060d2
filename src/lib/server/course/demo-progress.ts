// Demo progress for the demo trainees: realistic, varied, and useful for trying the app.
//  - 陈大山 (13800138001): read four lessons; failed lesson 1 then passed it on the second try,
//    passed lesson 2, failed lesson 3 and has not retried, read lesson 4 only.
//  - 周秀英 (13800138002): finished the course (three quizzes needed a second try): has a certificate.
//  - Maria (maria): passed 13 of 14 (two after a failed try); the last lesson is left to do, so
//    the complete-the-course path can be tried (and is, by the browser tests).
import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/locales';
import type { Course, Lesson } from '../../course/types';
import type { Database } from '../db/schema';
import { newId } from '../ids';
import { DEMO_USERS } from '../seed/demo-users';
import { issueCertificateIfComplete } from './certificate';
import { markLessonRead, recordAttempt } from './progress';
import type { Answers } from './scoring';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** One step of a trainee's history: a read, or an attempt getting `right` questions right. */
type Step = { lesson: number; daysAgo: number; read: true } | { lesson: number; daysAgo: number; right: number | 'all' };

interface DemoLearner {
  login: string;
  locale: Locale;
  steps: Step[];
}

function passAll(from: number, to: number, startDaysAgo: number, retry: number[]): Step[] {
  const steps: Step[] = [];
  let daysAgo = startDaysAgo;
  for (let lesson = from; lesson <= to; lesson += 1) {
    steps.push({ lesson, daysAgo, read: true });
    if (retry.includes(lesson)) steps.push({ lesson, daysAgo, right: 1 });
    steps.push({ lesson, daysAgo: daysAgo - 0.01, right: 'all' });
    daysAgo -= 1;
  }
  return steps;
}

export const DEMO_LEARNERS: DemoLearner[] = [
  {
    login: '13800138001',
    locale: 'zh-CN',
    steps: [
      { lesson: 1, daysAgo: 20, read: true },
      { lesson: 1, daysAgo: 20, right: 2 },
      { lesson: 1, daysAgo: 19, right: 'all' },
      { lesson: 2, daysAgo: 15, read: true },
      { lesson: 2, daysAgo: 15, right: 3 },
      { lesson: 3, daysAgo: 10, read: true },
      { lesson: 3, daysAgo: 10, right: 2 },
      { lesson: 4, daysAgo: 3, read: true },
    ],
  },
  { login: '13800138002', locale: 'zh-CN', steps: passAll(1, 14, 30, [2, 7, 11]) },
  { login: 'maria', locale: 'en', steps: passAll(1, 13, 25, [5, 9]) },
];

/** Answers getting the first `right` questions right and the others wrong. */
export function answersWithRight(lesson: Lesson, right: number): Answers {
  const answers: Answers = {};
  lesson.versions.en.questions.forEach((q, index) => {
    const key = q.options.filter((o) => o.correct).map((o) => o.id);
    const wrong = q.options.find((o) => !o.correct)?.id;
    answers[q.id] = index < right || !wrong ? key : [wrong];
  });
  return answers;
}

export interface DemoProgressSummary {
  reads: number;
  attempts: number;
  certificates: number;
}

/** Inserts the demo progress; run inside the seed's transaction. `userIds` maps login → id. */
export async function seedDemoProgress(
  db: Kysely<Database>,
  userIds: ReadonlyMap<string, string>,
  course: Course,
  now: Date = new Date(),
): Promise<DemoProgressSummary> {
  const summary: DemoProgressSummary = { reads: 0, attempts: 0, certificates: 0 };
  for (const learner of DEMO_LEARNERS) {
    const userId = userIds.get(learner.login);
    const displayName = DEMO_USERS.find((u) => u.login === learner.login)?.displayName;
    if (!userId || !displayName) continue;
    for (const step of learner.steps) {
      const lesson = course.lessons.find((l) => l.order === step.lesson);
      if (!lesson) continue;
      // Mid-morning in China on that day, give or take: the times look like a real learner's.
      const at = new Date(now.getTime() - step.daysAgo * DAY - 3 * HOUR);
      if ('read' in step) {
        await markLessonRead(db, userId, lesson.slug, at);
        summary.reads += 1;
        continue;
      }
      const right = step.right === 'all' ? lesson.versions.en.questions.length : step.right;
      await recordAttempt(db, { userId, lesson, locale: learner.locale, attemptId: newId(), answers: answersWithRight(lesson, right), now: at });
      summary.attempts += 1;
    }
    const certificate = await issueCertificateIfComplete(db, { id: userId, displayName }, course, now);
    if (certificate) summary.certificates += 1;
  }
  return summary;
}
