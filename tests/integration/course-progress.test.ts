// Progress on a real database (a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set):
// attempts, best score, what counts as passed, certificates, the once-only attempt id (and that it
// is the database constraint that guarantees it), the demo data.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Lesson } from '../../src/lib/course/types';
import { insertUser } from '../../src/lib/server/auth/user.repository';
import { issueCertificateIfComplete } from '../../src/lib/server/course/certificate';
import { answersWithRight } from '../../src/lib/server/course/demo-progress';
import { courseFromFiles } from '../../src/lib/server/course/lesson-files';
import { getCourseProgress, passedLessonSlugs, recordAttempt } from '../../src/lib/server/course/progress';
import type { Database } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { seedDemoData } from '../../src/lib/server/seed/seed';
import { tempDb, testBackends, type TestDb } from '../helpers/db';

const course = courseFromFiles();
const lesson = (order: number): Lesson => {
  const found = course.lessons.find((l) => l.order === order);
  if (!found) throw new Error(`no lesson ${order}`);
  return found;
};


async function newUser(db: Kysely<Database>, displayName = 'Test farmer'): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await insertUser(db, {
    id,
    login: `u${id.slice(0, 10)}`,
    display_name: displayName,
    password_hash: 'not-used',
    role: 'trainee',
    locale: 'en',
    must_change_password: 0,
    disabled_at: null,
    created_by: null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

async function countAttempts(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('quiz_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The column lists of a table's unique indexes and constraints, each in key order. */
async function uniqueColumnSets(t: TestDb, table: string): Promise<string[][]> {
  if (t.backend === 'sqlite') {
    const indexes = t.sqlite.prepare<[string], { name: string }>('SELECT name FROM pragma_index_list(?) WHERE "unique" = 1').all(table);
    return indexes.map((index) => t.sqlite.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name).map((c) => c.name));
  }
  const rows = await sql<{ index: string; column: string }>`
    select i.relname as index, a.attname as column
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    cross join lateral unnest(x.indkey::int2[]) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where t.relname = ${table} and x.indisunique
    order by i.relname, k.position`.execute(t.db);
  const sets = new Map<string, string[]>();
  for (const row of rows.rows) sets.set(row.index, [...(sets.get(row.index) ?? []), row.column]);
  return [...sets.values()];
}

describe.each(testBackends())('course progress on %s', (backend) => {
  let handle: TestDb;
  beforeEach(async () => {
    handle = await tempDb({ backend });
  });

  afterEach(async () => {
    await handle.cleanup();
  });

  describe('quiz attempts', () => {
    it('are all stored; the best score is kept; a pass is never undone by a later failure', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      const l1 = lesson(1);
      const total = l1.versions.en.questions.length;
      for (const right of [1, total, 2]) {
        await recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId: newId(), answers: answersWithRight(l1, right) });
      }
      expect(await countAttempts(db, userId)).toBe(3);
      const progress = await getCourseProgress(db, userId, course);
      expect(progress.lessons.get(l1.slug)).toMatchObject({ state: 'passed', attempts: 3, bestScore: 100, passed: true });
      expect(progress.passedCount).toBe(1);
      expect(await passedLessonSlugs(db, userId)).toEqual(new Set([l1.slug]));
    });

    it('store the score, the answers, the time, the language and the lesson version', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      const l2 = lesson(2);
      const now = new Date('2026-11-20T02:30:00.000Z');
      const { attempt } = await recordAttempt(db, { userId, lesson: l2, locale: 'zh-CN', attemptId: newId(), answers: answersWithRight(l2, 2), now });
      expect(attempt).toMatchObject({
        lesson_slug: l2.slug,
        locale: 'zh-CN',
        version_hash: l2.versions['zh-CN'].versionHash,
        quiz_hash: l2.versions['zh-CN'].quizHash,
        correct_count: 2,
        question_count: l2.versions.en.questions.length,
        score: 50,
        pass_mark: 70,
        passed: 0,
        created_at: now.toISOString(),
      });
      const stored: unknown = JSON.parse(attempt.answers);
      expect(stored).toEqual(
        l2.versions.en.questions.map((q, i) => ({ question: q.id, chosen: answersWithRight(l2, 2)[q.id], correct: i < 2 })),
      );
    });

    it('mark the lesson read, and show "tried" until passed', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      const l3 = lesson(3);
      await recordAttempt(db, { userId, lesson: l3, locale: 'en', attemptId: newId(), answers: answersWithRight(l3, 0) });
      const progress = await getCourseProgress(db, userId, course);
      expect(progress.lessons.get(l3.slug)).toMatchObject({ state: 'tried', bestScore: 0, passed: false });
      expect(progress.lessons.get(l3.slug)?.readAt).not.toBeNull();
      expect(progress.lessons.get(lesson(4).slug)?.state).toBe('notStarted');
    });
  });

  describe('the one-time attempt id', () => {
    it('is enforced by a unique constraint on (user_id, attempt_key)', async () => {
      expect(await uniqueColumnSets(handle, 'quiz_attempts')).toContainEqual(['user_id', 'attempt_key']);
    });

    it('stores one attempt when the same submission arrives 10 times at once', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      const l1 = lesson(1);
      const attemptId = newId();
      const answers = answersWithRight(l1, 4);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId, answers })),
      );
      expect(await countAttempts(db, userId)).toBe(1);
      expect(new Set(results.map((r) => r.attempt.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    it('is what the store relies on: without the constraint, recording fails loudly instead of duplicating', async () => {
      const { db } = handle;
      // Rebuild the table without the constraint (SQLite cannot drop one in place).
      await sql`CREATE TABLE quiz_attempts_plain AS SELECT * FROM quiz_attempts WHERE false`.execute(db);
      await sql`DROP TABLE quiz_attempts`.execute(db);
      await sql`ALTER TABLE quiz_attempts_plain RENAME TO quiz_attempts`.execute(db);
      const userId = await newUser(db);
      const l1 = lesson(1);
      const attemptId = newId();
      const answers = answersWithRight(l1, 4);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId, answers })),
      );
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      // SQLite: "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint";
      // PostgreSQL: "there is no unique or exclusion constraint matching the ON CONFLICT specification".
      expect(String(outcomes[0]?.status === 'rejected' ? outcomes[0].reason : '')).toMatch(
        /ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint|no unique or exclusion constraint matching the ON CONFLICT specification/,
      );
      expect(await countAttempts(db, userId)).toBe(0);
    });

    it('used again with different answers (a page restored by the back button) makes a new attempt, itself stored once', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      const l1 = lesson(1);
      const attemptId = newId();
      const first = await recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId, answers: answersWithRight(l1, 1) });
      const changed = await Promise.all(
        Array.from({ length: 3 }, () => recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId, answers: answersWithRight(l1, 4) })),
      );
      expect(await countAttempts(db, userId)).toBe(2);
      expect(new Set(changed.map((r) => r.attempt.id)).size).toBe(1);
      expect(changed[0]?.attempt.id).not.toBe(first.attempt.id);
      expect(changed[0]?.attempt.score).toBe(100);
      const again = await recordAttempt(db, { userId, lesson: l1, locale: 'en', attemptId, answers: answersWithRight(l1, 1) });
      expect(again).toMatchObject({ created: false, attempt: { id: first.attempt.id } });
    });

    it('belongs to one user: another user with the same id gets an attempt of their own', async () => {
      const { db } = handle;
      const [a, b] = [await newUser(db), await newUser(db)];
      const l1 = lesson(1);
      const attemptId = newId();
      await recordAttempt(db, { userId: a, lesson: l1, locale: 'en', attemptId, answers: answersWithRight(l1, 4) });
      const other = await recordAttempt(db, { userId: b, lesson: l1, locale: 'en', attemptId, answers: answersWithRight(l1, 4) });
      expect(other.created).toBe(true);
      expect(other.attempt.user_id).toBe(b);
    });
  });

  describe('certificates', () => {
    it('are issued only once every quiz is passed, dated by the last first pass, with the name of that day', async () => {
      const { db } = handle;
      const userId = await newUser(db, 'Chen Dashan');
      const user = { id: userId, displayName: 'Chen Dashan' };
      const start = Date.parse('2026-11-01T02:00:00.000Z');
      for (const l of course.lessons.slice(0, -1)) {
        await recordAttempt(db, { userId, lesson: l, locale: 'en', attemptId: newId(), answers: answersWithRight(l, 9), now: new Date(start + l.order * 3_600_000) });
      }
      expect(await issueCertificateIfComplete(db, user, course)).toBeNull();
      const last = lesson(course.lessons.length);
      const passedAt = new Date('2026-11-03T10:00:00.000Z');
      await recordAttempt(db, { userId, lesson: last, locale: 'en', attemptId: newId(), answers: answersWithRight(last, 9), now: passedAt });
      // A later retake of an early lesson does not move the completion date.
      await recordAttempt(db, { userId, lesson: lesson(1), locale: 'en', attemptId: newId(), answers: answersWithRight(lesson(1), 9), now: new Date('2026-11-05T00:00:00Z') });
      const certificate = await issueCertificateIfComplete(db, user, course);
      expect(certificate).toMatchObject({ user_id: userId, holder_name: 'Chen Dashan', completed_at: passedAt.toISOString() });
      expect(certificate?.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
      expect(JSON.parse(certificate?.lessons ?? '[]')).toEqual(course.lessons.map((l) => l.slug));

      const renamed = await issueCertificateIfComplete(db, { id: userId, displayName: 'Someone else' }, course);
      expect(renamed?.code).toBe(certificate?.code);
      expect(renamed?.holder_name).toBe('Chen Dashan');
    });

    it('are issued once even when asked for concurrently', async () => {
      const { db } = handle;
      const userId = await newUser(db);
      for (const l of course.lessons) await recordAttempt(db, { userId, lesson: l, locale: 'en', attemptId: newId(), answers: answersWithRight(l, 9) });
      const issued = await Promise.all(Array.from({ length: 5 }, () => issueCertificateIfComplete(db, { id: userId, displayName: 'x' }, course)));
      expect(new Set(issued.map((c) => c?.code)).size).toBe(1);
      const rows = await db.selectFrom('certificates').selectAll().where('user_id', '=', userId).execute();
      expect(rows).toHaveLength(1);
    });
  });

  describe('the demo data', () => {
    it('gives the demo trainees varied progress: failed then passed, one finished, one nearly finished', async () => {
      const { db } = handle;
      const summary = await seedDemoData(db, { uploadsDir: path.join(handle.dir, 'uploads') });
      expect(summary.certificates).toBe(1);
      const idOf = async (login: string) => (await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;

      const chen = await getCourseProgress(db, await idOf('13800138001'), course);
      expect(chen.lessons.get(lesson(1).slug)).toMatchObject({ state: 'passed', attempts: 2, bestScore: 100 });
      expect(chen.lessons.get(lesson(3).slug)).toMatchObject({ state: 'tried', attempts: 1, passed: false });
      expect(chen.lessons.get(lesson(4).slug)?.state).toBe('read');
      expect(chen.lessons.get(lesson(5).slug)?.state).toBe('notStarted');
      const chenFirst = await db
        .selectFrom('quiz_attempts')
        .select(['score', 'passed'])
        .where('user_id', '=', await idOf('13800138001'))
        .where('lesson_slug', '=', lesson(1).slug)
        .orderBy('created_at')
        .execute();
      expect(chenFirst).toEqual([{ score: 50, passed: 0 }, { score: 100, passed: 1 }]);

      const zhou = await getCourseProgress(db, await idOf('13800138002'), course);
      expect(zhou.complete).toBe(true);
      expect(await db.selectFrom('certificates').select('holder_name').executeTakeFirstOrThrow()).toEqual({ holder_name: '周秀英' });

      const maria = await getCourseProgress(db, await idOf('maria'), course);
      expect(maria.passedCount).toBe(course.lessons.length - 1);
      expect(maria.lessons.get(lesson(course.lessons.length).slug)?.state).toBe('notStarted');
      expect(maria.lessons.get(lesson(5).slug)?.attempts).toBe(2);
    });
  });
});
