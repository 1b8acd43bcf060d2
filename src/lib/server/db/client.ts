import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { getConfig } from '../config';
import type { Database } from './schema';

/** Pragmas every SQLite connection runs with; asserted by tests on the live connection. */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a committed write survives power loss, not just a crash
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

export function openSqlite(file: string): SQLite.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma(`journal_mode = ${SQLITE_PRAGMAS.journal_mode}`);
  sqlite.pragma(`synchronous = ${SQLITE_PRAGMAS.synchronous}`);
  sqlite.pragma(`foreign_keys = ${SQLITE_PRAGMAS.foreign_keys}`);
  sqlite.pragma(`busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`);
  return sqlite;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
  file: string;
  close(): Promise<void>;
}

export function createDatabase(file: string): DatabaseHandle {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    file,
    async close() {
      await db.destroy();
    },
  };
}

let shared: DatabaseHandle | null = null;

/** The process-wide database, opened on first use from the configuration. */
export function getDatabase(): DatabaseHandle {
  shared ??= createDatabase(getConfig().databaseFile);
  return shared;
}

export function getDb(): Kysely<Database> {
  return getDatabase().db;
}

export async function closeDatabase(): Promise<void> {
  const handle = shared;
  shared = null;
  if (handle) await handle.close();
}
