// The data layer on both backends: the same migration files on SQLite and PostgreSQL, never run
// twice at once, the same schema on both, the same answers to awkward input, and a pool that
// survives a dropped connection. PostgreSQL parts run when TEST_DATABASE_URL is set.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertUser, findUserById, listUsers } from '../../src/lib/server/auth/user.repository';
import { createPostgresDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { backendOf, withSqliteWriteLock } from '../../src/lib/server/db/dialect';
import { migrateToLatest, pendingMigrations } from '../../src/lib/server/db/migrate';
import type { Database } from '../../src/lib/server/db/schema';
import { prepareDatabase } from '../../src/lib/server/db/setup';
import { newId } from '../../src/lib/server/ids';
import { DEMO_USERS } from '../../src/lib/server/seed/demo-users';
import { DEMO_KEY } from '../../src/lib/server/seed/seed';
import { tempDb, testBackends, TEST_DATABASE_URL, type TestDb } from '../helpers/db';
import { createTestDatabase, withAdmin } from '../helpers/postgres';
import { DIST_DIR, ROOT } from '../helpers/server';

const migrationFiles = fs
  .readdirSync(path.join(ROOT, 'db/migrations'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends { cleanup(): Promise<void> } | { close(): Promise<void> }>(thing: T): T {
  cleanups.push(() => ('cleanup' in thing ? thing.cleanup() : thing.close()));
  return thing;
}

async function freshDb(backend: 'sqlite' | 'postgres', migrate = true): Promise<TestDb> {
  return track(await tempDb({ backend, migrate }));
}

async function newUserRow(db: Kysely<Database>, displayName: string, login = `u${newId().slice(0, 12)}`): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await insertUser(db, {
    id,
    login,
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

/**
 * Where the backends differ on purpose (each difference lives in one migration, chosen by adapter):
 * full-text search uses FTS5 virtual tables on SQLite (with their shadow tables, and an integer
 * rowid column for them), a trigram index on PostgreSQL. SQLite's virtual and shadow tables are
 * recognised by SQLite itself (pragma table_list); columns that exist only for them are listed here.
 */
const SQLITE_ONLY_COLUMNS: Record<string, string[]> = { market_search_docs: ['doc_id'] };

async function sqliteSpecialTables(db: Kysely<Database>): Promise<Set<string>> {
  if (backendOf(db) !== 'sqlite') return new Set();
  const rows = await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type <> 'table'`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}

/** Tables (Kysely's bookkeeping and deliberate dialect differences aside) with their columns: name, nullable. */
async function schemaOf(db: Kysely<Database>): Promise<Record<string, [string, boolean][]>> {
  const tables = await db.introspection.getTables();
  const special = await sqliteSpecialTables(db);
  return Object.fromEntries(
    tables
      .filter((t) => !t.name.startsWith('kysely_') && !special.has(t.name))
      .map((t) => {
        const skip = SQLITE_ONLY_COLUMNS[t.name] ?? [];
        const columns = t.columns
          .filter((c) => !skip.includes(c.name))
          .map((c): [string, boolean] => [c.name, c.isNullable])
          .sort((a, b) => a[0].localeCompare(b[0]));
        return [t.name, columns] as const;
      })
      .sort((a, b) => a[0].localeCompare(b[0])),
  );
}

/** Runs a bundled command-line tool with this environment; resolves with its exit code and output. */
function runTool(tool: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    for (const key of ['DATA_DIR', 'DATABASE_URL', 'DATABASE_POOL_SIZE']) delete base[key];
    const child = spawn(process.execPath, [path.join(DIST_DIR, 'app', `${tool}.mjs`)], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe.each(testBackends())('the database layer on %s', (backend) => {
  it('runs every file in db/migrations through the real Migrator, in order, once', async () => {
    const t = await freshDb(backend, false);
    expect(await pendingMigrations(t.db)).toEqual(migrationFiles);
    const result = await migrateToLatest(t.db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual(migrationFiles.map((name) => [name, 'Success']));
    const recorded = await t.db.selectFrom(sql<{ name: string }>`kysely_migration`.as('m')).select('m.name').orderBy('m.name').execute();
    expect(recorded.map((r) => r.name)).toEqual(migrationFiles);
    expect((await migrateToLatest(t.db)).results).toEqual([]);
  });

  it('two `npm run db:migrate` at once on a new database: both succeed, each migration runs once', async () => {
    const t = await freshDb(backend, false);
    const env = t.backend === 'postgres' ? { DATABASE_URL: t.url, DATA_DIR: t.dir } : { DATA_DIR: t.dir };
    if (t.backend === 'sqlite') await t.close(); // the tools open the file themselves
    const [a, b] = await Promise.all([runTool('migrate', env), runTool('migrate', env)]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    expect([a.output, b.output].filter((o) => o.includes('Applied:'))).toHaveLength(1);
    expect([a.output, b.output].filter((o) => o.includes('The database is up to date.'))).toHaveLength(1);
    const check = track(t.reopen());
    const recorded = await check.db.selectFrom(sql<{ name: string }>`kysely_migration`.as('m')).select('m.name').orderBy('m.name').execute();
    expect(recorded.map((r) => r.name)).toEqual(migrationFiles);
  }, 60_000);

  it('treats a NUL character in a lookup as "not found" and never stores one (PostgreSQL rejects it in text)', async () => {
    const t = await freshDb(backend);
    const id = await newUserRow(t.db, 'Zhou\u0000Xiu');
    expect(await findUserById(t.db, `\u0000${id}`)).toBeNull();
    expect(await findUserById(t.db, id)).toMatchObject({ display_name: 'Zhou\uFFFDXiu' });
    await newUserRow(t.db, 'Plain name');
    // A search for NUL finds what a search for U+FFFD finds, on both backends, instead of failing on one.
    expect((await listUsers(t.db, { search: '\u0000', role: null, limit: 10, offset: 0 })).total).toBe(1);
    expect((await listUsers(t.db, { search: 'x\u0000y', role: null, limit: 10, offset: 0 })).total).toBe(0);
    expect((await listUsers(t.db, { search: 'zhou', role: null, limit: 10, offset: 0 })).total).toBe(1);
    // Raw SQL parameters too.
    const raw = await sql<{ n: number | string }>`select count(*) as n from users where login = ${'a\u0000b'}`.execute(t.db);
    expect(Number(raw.rows[0]?.n)).toBe(0);
  });

  it('orders and compares text by code point, as SQLite does (ids, ISO timestamps, Chinese names)', async () => {
    const t = await freshDb(backend);
    for (const name of ['b', 'B', 'a', '陈', 'Ä', '_x', '1']) await newUserRow(t.db, name);
    const rows = await t.db.selectFrom('users').select('display_name').orderBy('display_name').execute();
    expect(rows.map((r) => r.display_name)).toEqual(['1', 'B', '_x', 'a', 'b', 'Ä', '陈']);
  });

  it('counts come back as numbers once converted with Number(), whatever the driver returns', async () => {
    const t = await freshDb(backend);
    await newUserRow(t.db, 'one');
    await newUserRow(t.db, 'two');
    const { total, items } = await listUsers(t.db, { search: '', role: null, limit: 1, offset: 0 });
    expect(total).toBe(2);
    expect(items).toHaveLength(1);
  });
});

describe('SQLite: migrations run inside BEGIN IMMEDIATE', () => {
  it('a failure leaves nothing behind (no half-made table)', async () => {
    const t = await freshDb('sqlite', false);
    await expect(
      withSqliteWriteLock(
        t.db,
        async (db) => {
          await sql`create table half_made (id integer)`.execute(db);
          throw new Error('the second step failed');
        },
        () => false,
      ),
    ).rejects.toThrow(/second step/);
    const reported = await withSqliteWriteLock(
      t.db,
      async (db) => {
        await sql`create table also_half_made (id integer)`.execute(db);
        return { error: 'reported, not thrown' };
      },
      (r) => r.error !== undefined,
    );
    expect(reported.error).toBeDefined();
    const names = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(names).not.toContain('half_made');
    expect(names).not.toContain('also_half_made');
  });
});

describe.runIf(TEST_DATABASE_URL)('PostgreSQL specifics', () => {
  it('has exactly the schema SQLite has: same tables, columns and nullability from the same migration files', async () => {
    const lite = await freshDb('sqlite');
    const pg = await freshDb('postgres');
    const [a, b] = [await schemaOf(lite.db), await schemaOf(pg.db)];
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b).toEqual(a);
  });

  it('two app servers preparing one new database at once: one migrates and seeds, the other waits and finds it done', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const config = (dir: string) => ({ databaseFile: path.join(dir, 'unused.db'), uploadsDir: dir, backupsDir: dir, seedDemo: true });
    const handles: DatabaseHandle[] = [1, 2].map(() => track(createPostgresDatabase(database.url, { poolSize: 1 })));
    const results = await Promise.all(handles.map((h) => prepareDatabase(h, config(ROOT))));
    const applied = results.map((r) => r.applied.length).sort((x, y) => x - y);
    expect(applied).toEqual([0, migrationFiles.length]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const [first] = handles;
    if (!first) throw new Error('no handle');
    const users = (await first.db.selectFrom('users').select('login').execute()).map((u) => u.login);
    expect(users).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.login)));
    const marks = await first.db.selectFrom('app_meta').select('key').where('key', '=', DEMO_KEY).execute();
    expect(marks).toHaveLength(1);
  }, 60_000);

  it('refuses a database that is not UTF-8, saying how to create one', async () => {
    const database = await createTestDatabase({ encoding: 'SQL_ASCII' });
    cleanups.push(() => database.drop());
    const handle = track(createPostgresDatabase(database.url, { poolSize: 1 }));
    await expect(prepareDatabase(handle, { databaseFile: 'x', uploadsDir: 'x', backupsDir: 'x', seedDemo: false })).rejects.toThrow(
      /SQL_ASCII encoding.*needs UTF8.*createdb --encoding=UTF8/,
    );
    expect((await handle.db.introspection.getTables()).length).toBe(0);
  });

  it('keeps serving after PostgreSQL drops its connections (server restart, failover)', async () => {
    const t = await freshDb('postgres');
    if (t.backend !== 'postgres') throw new Error('expected PostgreSQL');
    const warnings = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await newUserRow(t.db, 'before');
    const idle = t.pool.idleCount;
    expect(idle).toBeGreaterThan(0);
    await withAdmin((client) =>
      client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and usename = current_user and pid <> pg_backend_pid()', [
        new URL(t.url).pathname.slice(1),
      ]),
    );
    // The pool notices the dropped idle connections (and logs them) instead of crashing the process.
    await vi.waitFor(() => expect(warnings).toHaveBeenCalled(), { timeout: 5_000 });
    expect(String(warnings.mock.calls[0]?.[0])).toContain('idle PostgreSQL connection lost');
    await newUserRow(t.db, 'after');
    expect(await t.db.selectFrom('users').select('display_name').orderBy('display_name').execute()).toEqual([
      { display_name: 'after' },
      { display_name: 'before' },
    ]);
  });
});
