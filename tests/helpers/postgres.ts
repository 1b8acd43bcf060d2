// PostgreSQL for tests: TEST_DATABASE_URL names a server and a role that may create databases;
// every test file (or server) gets a fresh database of its own, dropped afterwards.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPostgresDatabase } from '../../src/lib/server/db/client';
import { dropDatabase } from '../../scripts/lib/drop-database.mjs';

export type TestBackend = 'sqlite' | 'postgres';

/** The admin connection for tests, or null when PostgreSQL tests are off. */
export const TEST_DATABASE_URL: string | null = process.env['TEST_DATABASE_URL']?.trim() || null;

/** The backends the repository and integration suites run on here: SQLite always, PostgreSQL when configured. */
export function testBackends(): TestBackend[] {
  return TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

// hl_test_<host>_<pid>_<random>: the host and pid let a later run drop what a killed run left behind.
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);
const NAME_PATTERN = /^hl_test_([0-9a-f]{6})_(\d+)_[0-9a-z]+$/;
const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function requireAdminUrl(): string {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: PostgreSQL tests cannot run here.');
  return TEST_DATABASE_URL;
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireAdminUrl(), application_name: 'harvestlink-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the test server (same host, role and options as TEST_DATABASE_URL). */
export function testDatabaseUrl(name: string): string {
  const url = new URL(requireAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

let swept = false;

/** Drops test databases this host's earlier runs left behind (their process is gone). */
async function sweepLeftovers(client: pg.Client): Promise<void> {
  if (swept) return;
  swept = true;
  const result = await client.query<{ datname: string }>(
    "select datname from pg_database where datname like 'hl\\_test\\_%' and pg_get_userbyid(datdba) = current_user",
  );
  for (const { datname } of result.rows) {
    const match = NAME_PATTERN.exec(datname);
    if (!match || match[1] !== HOST_TAG || isAlive(Number(match[2]))) continue;
    try {
      await dropDatabase(client, datname);
    } catch {
      // Somebody else's (another run dropping it at the same moment): leave it.
    }
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

async function createEmpty(client: pg.Client, name: string): Promise<void> {
  const id = client.escapeIdentifier(name);
  try {
    await client.query(`create database ${id} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  } catch (error) {
    // A server without the C.UTF-8 locale: plain C orders by code point too.
    if (!(error instanceof Error && /locale|collation/i.test(error.message))) throw error;
    await client.query(`create database ${id} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  }
}

/** A hash of every migration file: a changed migration gets a new template. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(MIGRATIONS_DIR, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 10);
}

let template: Promise<string> | null = null;

/**
 * A database with every migration applied, made once per test process and copied for each test
 * (CREATE DATABASE … TEMPLATE takes a fraction of the time the migrations take).
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `hl_test_${HOST_TAG}_${process.pid}_tpl${migrationsHash()}`;
    const exists = await withAdmin(async (client) => {
      await sweepLeftovers(client);
      return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    });
    if (exists) return name;
    await withAdmin((client) => createEmpty(client, name));
    const handle = createPostgresDatabase(testDatabaseUrl(name), { poolSize: 1 });
    try {
      // Imported here, not at the top: migrate.ts bundles the migrations with import.meta.glob, which
      // only Vite (Vitest) provides, and Playwright's global setup loads this file through server.ts.
      const { migrateToLatest } = await import('../../src/lib/server/db/migrate');
      await migrateToLatest(handle.db);
    } catch (error) {
      await handle.close();
      await withAdmin((client) => dropDatabase(client, name));
      throw error;
    }
    await handle.close();
    return name;
  })();
  template.catch(() => {
    template = null;
  });
  return template;
}

/**
 * A new UTF-8 database with code-point ordering (what the README tells deployments to create),
 * owned by the test role: empty, or with every migration applied (`migrated: true`).
 */
export async function createTestDatabase(options: { migrated?: boolean; encoding?: 'UTF8' | 'SQL_ASCII' } = {}): Promise<TestDatabase> {
  const name = `hl_test_${HOST_TAG}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const source = options.migrated ? await migratedTemplate() : null;
  await withAdmin(async (client) => {
    await sweepLeftovers(client);
    const id = client.escapeIdentifier(name);
    if (source) await client.query(`create database ${id} template ${client.escapeIdentifier(source)}`);
    else if (options.encoding === 'SQL_ASCII') await client.query(`create database ${id} template template0 encoding 'SQL_ASCII' lc_collate 'C' lc_ctype 'C'`);
    else await createEmpty(client, name);
  });
  let dropped = false;
  return {
    name,
    url: testDatabaseUrl(name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => dropDatabase(client, name));
    },
  };
}

/** Every row of every table (Kysely's bookkeeping aside) as text: what PostgreSQL stores, to search in. */
export async function dumpRowsAsText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely\\_%' order by table_name",
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`select t::text as row from ${client.escapeIdentifier(table_name)} t`);
      parts.push(...rows.rows.map((r) => `${table_name} ${r.row}`));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
