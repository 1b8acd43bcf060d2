// What differs between SQLite and PostgreSQL, behind small functions. Repositories and setup code
// call these instead of writing dialect-specific SQL themselves.
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Backend } from './client';

/** Which backend a Kysely instance (or a transaction or connection taken from it) talks to. */
export function backendOf<DB>(db: Kysely<DB>): Backend {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A stable 64-bit PostgreSQL advisory-lock key for a name (the first 8 bytes of its SHA-256). */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(`harvestlink:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs `fn` while holding a lock that every app server sharing the database respects, and gives it
 * the one connection that holds the lock (so it works with a pool of any size).
 *
 * PostgreSQL: a session-level advisory lock on a dedicated pooled connection; other servers wait
 * for it, and PostgreSQL releases it by itself if this process dies. SQLite: one server per file,
 * so there is nobody to wait for; writes are serialised by SQLite's own lock.
 */
export async function withExclusiveLock<DB, T>(db: Kysely<DB>, name: string, fn: (locked: Kysely<DB>) => Promise<T>): Promise<T> {
  if (backendOf(db) !== 'postgres') return fn(db);
  const key = advisoryLockKey(name);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key}::bigint)`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn);
    }
  });
}

/**
 * Runs `fn` on one connection inside `BEGIN IMMEDIATE` on SQLite (the write lock is taken at once,
 * waiting up to busy_timeout for another process), committing when it returns and rolling back when
 * it throws or reports failure. PostgreSQL: `fn` runs as is (Kysely's migrator brings its own
 * transaction and advisory lock there).
 */
export async function withSqliteWriteLock<DB, T>(
  db: Kysely<DB>,
  fn: (locked: Kysely<DB>) => Promise<T>,
  failed: (result: T) => boolean,
): Promise<T> {
  if (backendOf(db) === 'postgres') return fn(db);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
    await sql.raw(failed(result) ? 'rollback' : 'commit').execute(conn);
    return result;
  });
}

/**
 * Checks a PostgreSQL database is fit for HarvestLink before anything is written: UTF-8 text
 * (Chinese names, lesson titles) is required; a collation other than code-point order (C,
 * C.UTF-8) is allowed but logged, because lists would then sort differently than on SQLite.
 */
export async function checkPostgresServer<DB>(db: Kysely<DB>): Promise<void> {
  if (backendOf(db) !== 'postgres') return;
  const result = await sql<{ encoding: string; collation: string }>`
    select pg_encoding_to_char(encoding) as encoding, datcollate as collation
    from pg_database where datname = current_database()`.execute(db);
  const encoding = result.rows[0]?.encoding ?? 'unknown';
  const collation = result.rows[0]?.collation ?? 'unknown';
  if (encoding.toUpperCase() !== 'UTF8') {
    throw new Error(
      `The PostgreSQL database uses the ${encoding} encoding; HarvestLink stores Chinese text and needs UTF8. ` +
        'Create the database with: createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 harvestlink',
    );
  }
  if (!/^(c|posix|c\.utf-?8)$/i.test(collation)) {
    console.warn(
      `Note: the PostgreSQL database sorts text by the ${collation} collation, so lists may be ordered differently than ` +
        'with SQLite (code-point order). Nothing breaks; for identical ordering create the database with --locale=C.UTF-8.',
    );
  }
}
