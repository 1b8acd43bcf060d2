// A real database for a test, opened the way the app opens it: a SQLite file in a temporary
// directory, or (backend: 'postgres') a fresh database on the TEST_DATABASE_URL server.
import fs from 'node:fs';
import path from 'node:path';
import {
  createDatabase,
  createPostgresDatabase,
  type DatabaseHandle,
  type PostgresHandle,
  type SqliteHandle,
} from '../../src/lib/server/db/client';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { createTestDatabase, dumpRowsAsText, type TestBackend } from './postgres';
import { makeTempDir } from './server';

export type { TestBackend } from './postgres';
export { testBackends, TEST_DATABASE_URL } from './postgres';

interface TempCommon {
  /** A temporary directory that belongs to the test (the SQLite file lives here; uploads may too). */
  dir: string;
  /** Closes the connection (if still open), drops the PostgreSQL database, deletes the directory. */
  cleanup(): Promise<void>;
  /** A second, independent connection to the same database (like a restarted server); the caller closes it. */
  reopen(): DatabaseHandle;
  /** Everything the database stores, as text, to search for what must never be stored (raw tokens, passwords). */
  storedText(): Promise<string>;
}

/** A SQLite test database (what `tempDb()` gives, as before). */
export type TempDb = SqliteHandle & TempCommon;
/** A PostgreSQL test database. */
export type TempPostgresDb = PostgresHandle & TempCommon & { url: string };
/** A test database on either backend. */
export type TestDb = TempDb | TempPostgresDb;

export interface TempDbOptions {
  /** Apply every migration (default true). */
  migrate?: boolean;
}

/**
 * `<temp dir>/harvestlink.db`, or a new database on the PostgreSQL test server; every migration
 * applied unless `migrate: false`.
 */
export async function tempDb(options?: TempDbOptions & { backend?: 'sqlite' }): Promise<TempDb>;
export async function tempDb(options: TempDbOptions & { backend: TestBackend }): Promise<TestDb>;
export async function tempDb(options: TempDbOptions & { backend?: TestBackend } = {}): Promise<TestDb> {
  const dir = makeTempDir('harvestlink-db-');
  if (options.backend === 'postgres') return tempPostgres(dir, options);
  const file = path.join(dir, 'harvestlink.db');
  const handle = createDatabase(file);
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    ...handle,
    dir,
    close,
    async cleanup() {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    reopen: () => createDatabase(file),
    async storedText() {
      // Everything still in the WAL goes into the main file first.
      if (!closed) handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return fs.readFileSync(file).toString('latin1');
    },
  };
}

const POOL_SIZE = 4;

async function tempPostgres(dir: string, options: TempDbOptions): Promise<TempPostgresDb> {
  // Migrated: a copy of a template this process migrated once (the same migration files, the real Migrator).
  const database = await createTestDatabase({ migrated: options.migrate !== false });
  const handle = createPostgresDatabase(database.url, { poolSize: POOL_SIZE });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    ...handle,
    url: database.url,
    dir,
    close,
    async cleanup() {
      await close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    reopen: () => createPostgresDatabase(database.url, { poolSize: POOL_SIZE }),
    storedText: () => dumpRowsAsText(database.url),
  };
}

/** The database a test server runs on (its SQLite file, or its PostgreSQL database), for checks; the caller closes it. */
export function openServerDatabase(server: { dataDir: string; databaseUrl: string | null }): DatabaseHandle {
  if (server.databaseUrl) return createPostgresDatabase(server.databaseUrl, { poolSize: 2 });
  return createDatabase(path.join(server.dataDir, 'harvestlink.db'));
}
