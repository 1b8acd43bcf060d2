import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type * as Pg from 'pg';
import { getConfig, type AppConfig } from '../config';
import { NulSafeDialect } from './nul-text';
import type { Database } from './schema';

/** The two backends: SQLite (one file under DATA_DIR, the default) and PostgreSQL (DATABASE_URL). */
export type Backend = 'sqlite' | 'postgres';

/** Pragmas every SQLite connection runs with; asserted by tests on the live connection. */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a committed write survives power loss, not just a crash
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

/** How long a request waits for a free pooled PostgreSQL connection before it fails. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;
/** Idle pooled connections are closed after this long (a quiet server holds few connections). */
export const POSTGRES_IDLE_TIMEOUT_MS = 30_000;

export function openSqlite(file: string): SQLite.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma(`journal_mode = ${SQLITE_PRAGMAS.journal_mode}`);
  sqlite.pragma(`synchronous = ${SQLITE_PRAGMAS.synchronous}`);
  sqlite.pragma(`foreign_keys = ${SQLITE_PRAGMAS.foreign_keys}`);
  sqlite.pragma(`busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`);
  return sqlite;
}

interface HandleBase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface SqliteHandle extends HandleBase {
  backend: 'sqlite';
  sqlite: SQLite.Database;
  file: string;
}

export interface PostgresHandle extends HandleBase {
  backend: 'postgres';
  pool: Pg.Pool;
  /** The connection URL with any password replaced by `***`, for messages and logs. */
  safeUrl: string;
}

export type DatabaseHandle = SqliteHandle | PostgresHandle;

export function createDatabase(file: string): SqliteHandle {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new NulSafeDialect(new SqliteDialect({ database: sqlite })) });
  return {
    backend: 'sqlite',
    db,
    sqlite,
    file,
    async close() {
      await db.destroy();
    },
  };
}

/** True for `postgres://…` and `postgresql://…` URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The URL without its password, for messages: postgres://app:***@db.internal:5432/harvestlink. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

// `pg` is only loaded when a PostgreSQL URL is configured: a SQLite deployment never touches it.
const requireFromHere = createRequire(import.meta.url);
let pgModule: typeof Pg | null = null;

function loadPg(): typeof Pg {
  if (pgModule) return pgModule;
  try {
    const loaded: typeof Pg = requireFromHere('pg');
    pgModule = loaded;
    return loaded;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`DATABASE_URL names a PostgreSQL server, but the "pg" package could not be loaded (${reason}). Run \`npm ci\`.`);
  }
}

export interface PostgresOptions {
  /** Most connections this process opens (DATABASE_POOL_SIZE). */
  poolSize: number;
}

export function createPostgresDatabase(url: string, options: PostgresOptions): PostgresHandle {
  const pg = loadPg();
  const safeUrl = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    idleTimeoutMillis: POSTGRES_IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    application_name: 'harvestlink',
  });
  // An idle pooled connection can be cut (server restart, failover, network): the pool drops it and
  // opens a new one on the next query. Without a listener, that event would end the process.
  pool.on('error', (error) => {
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), database: safeUrl, error: `idle PostgreSQL connection lost: ${error.message}` }));
  });
  const db = new Kysely<Database>({ dialect: new NulSafeDialect(new PostgresDialect({ pool })) });
  return {
    backend: 'postgres',
    db,
    pool,
    safeUrl,
    async close() {
      await db.destroy(); // ends the pool
    },
  };
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR. */
export function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'databasePoolSize' | 'databaseFile'>): DatabaseHandle {
  if (config.databaseUrl) return createPostgresDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  return createDatabase(config.databaseFile);
}

/** Where the data lives, for log lines: the SQLite file or the redacted PostgreSQL URL. */
export function describeDatabase(handle: DatabaseHandle): string {
  return handle.backend === 'sqlite' ? `SQLite ${handle.file}` : `PostgreSQL ${handle.safeUrl}`;
}

// One handle per process, kept on globalThis: the Astro bundle (pages) and the Express bundle
// (src/server: short links, visit counts) are separate module graphs, and each would otherwise open
// its own pool — twice DATABASE_POOL_SIZE connections per app server.
const SHARED_KEY = Symbol.for('harvestlink.database');

function isDatabaseHandle(value: unknown): value is DatabaseHandle {
  return typeof value === 'object' && value !== null && 'backend' in value && 'db' in value && 'close' in value;
}

function sharedHandle(): DatabaseHandle | null {
  const value: unknown = Reflect.get(globalThis, SHARED_KEY);
  return isDatabaseHandle(value) ? value : null;
}

/** The process-wide database, opened on first use from the configuration. */
export function getDatabase(): DatabaseHandle {
  const existing = sharedHandle();
  if (existing) return existing;
  const handle = openDatabase(getConfig());
  Reflect.set(globalThis, SHARED_KEY, handle);
  return handle;
}

/** The process-wide Kysely instance every page uses; synchronous (a pool connects on first query). */
export function getDb(): Kysely<Database> {
  return getDatabase().db;
}

export async function closeDatabase(): Promise<void> {
  const handle = sharedHandle();
  Reflect.deleteProperty(globalThis, SHARED_KEY);
  if (handle) await handle.close();
}
