// All SQL for the course: lesson reads, quiz attempts and certificates. Portable SQL only
// (ON CONFLICT … DO NOTHING works on SQLite ≥ 3.24 and PostgreSQL).
import type { Kysely } from 'kysely';
import type { Certificate, Database, NewCertificate, NewLessonRead, NewQuizAttempt, QuizAttempt } from '../db/schema';

/** Records a read; a second read of the same lesson keeps the first time. */
export async function insertLessonRead(db: Kysely<Database>, read: NewLessonRead): Promise<void> {
  await db
    .insertInto('lesson_reads')
    .values(read)
    .onConflict((oc) => oc.columns(['user_id', 'lesson_slug']).doNothing())
    .execute();
}

export async function listLessonReads(db: Kysely<Database>, userId: string): Promise<{ lesson_slug: string; read_at: string }[]> {
  return db.selectFrom('lesson_reads').select(['lesson_slug', 'read_at']).where('user_id', '=', userId).execute();
}

/** Inserts an attempt unless this user already has one with the same attempt key; true when inserted. */
export async function insertAttemptOnce(db: Kysely<Database>, attempt: NewQuizAttempt): Promise<boolean> {
  const result = await db
    .insertInto('quiz_attempts')
    .values(attempt)
    .onConflict((oc) => oc.columns(['user_id', 'attempt_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findAttemptByKey(db: Kysely<Database>, userId: string, attemptKey: string): Promise<QuizAttempt | null> {
  return (
    (await db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', userId).where('attempt_key', '=', attemptKey).executeTakeFirst()) ??
    null
  );
}

export async function findAttempt(db: Kysely<Database>, userId: string, id: string): Promise<QuizAttempt | null> {
  return (await db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The user's latest attempt at one lesson. */
export async function findLatestAttempt(db: Kysely<Database>, userId: string, lessonSlug: string): Promise<QuizAttempt | null> {
  return (
    (await db
      .selectFrom('quiz_attempts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('lesson_slug', '=', lessonSlug)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export interface AttemptSummaryRow {
  lesson_slug: string;
  attempts: number;
  best_score: number;
  passed: number;
  /** When this lesson's quiz was first passed (null when never). */
  first_passed_at: string | null;
}

/** Per lesson: number of attempts, best score, passed (0/1), first pass time. */
export async function summariseAttempts(db: Kysely<Database>, userId: string): Promise<AttemptSummaryRow[]> {
  const rows = await db
    .selectFrom('quiz_attempts')
    .select((eb) => [
      'lesson_slug',
      eb.fn.countAll<number | string | bigint>().as('attempts'),
      eb.fn.max<number>('score').as('best_score'),
      eb.fn.max<number>('passed').as('passed'),
      eb.fn
        .min<string | null>(eb.case().when('passed', '=', 1).then(eb.ref('created_at')).else(null).end())
        .as('first_passed_at'),
    ])
    .where('user_id', '=', userId)
    .groupBy('lesson_slug')
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), best_score: Number(r.best_score), passed: Number(r.passed) }));
}

/** Slugs of the lessons whose quiz this user has passed at least once. */
export async function listPassedSlugs(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('quiz_attempts')
    .select('lesson_slug')
    .distinct()
    .where('user_id', '=', userId)
    .where('passed', '=', 1)
    .execute();
  return rows.map((r) => r.lesson_slug);
}

/** Inserts unless the user already has a certificate or the code is taken; true when inserted. */
export async function insertCertificateOnce(db: Kysely<Database>, certificate: NewCertificate): Promise<boolean> {
  const result = await db.insertInto('certificates').values(certificate).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findCertificateByUser(db: Kysely<Database>, userId: string): Promise<Certificate | null> {
  return (await db.selectFrom('certificates').selectAll().where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

export async function findCertificateByCode(db: Kysely<Database>, code: string): Promise<Certificate | null> {
  return (await db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
}
