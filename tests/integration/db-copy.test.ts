// `npm run db:copy`: a SQLite deployment's data moved into PostgreSQL, every row of every table,
// verified, in one transaction; a non-empty target refused unless --replace. Needs TEST_DATABASE_URL.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccount, issueResetCode, logIn } from '../../src/lib/server/auth/accounts';
import { createSession } from '../../src/lib/server/auth/session';
import { createPostgresDatabase, type SqliteHandle } from '../../src/lib/server/db/client';
import { copySqliteToPostgres, DERIVED_TABLES } from '../../src/lib/server/db/copy';
import type { Database } from '../../src/lib/server/db/schema';
import { prepareDatabase } from '../../src/lib/server/db/setup';
import { setMeta } from '../../src/lib/server/meta/meta.repository';
import { DEMO, logInAs } from '../helpers/auth';
import { tempDb, TEST_DATABASE_URL, type TempDb } from '../helpers/db';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { DIST_DIR, ROOT, startServer } from '../helpers/server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A SQLite deployment with demo data and some of everything: sessions, failures, reset codes, assisted sign-ups. */
async function sqliteDeployment(): Promise<TempDb> {
  const source = await tempDb({ migrate: false });
  cleanups.push(() => source.cleanup());
  await prepareDatabase(source, { databaseFile: source.file, uploadsDir: path.join(source.dir, 'uploads'), backupsDir: path.join(source.dir, 'backups'), seedDemo: true });
  const { db } = source;
  // Rows that reference rows of the same table: a trainer creates accounts (users.created_by).
  const trainer = (await db.selectFrom('users').select('id').where('login', '=', 'li').executeTakeFirstOrThrow()).id;
  let creator = trainer;
  for (let i = 0; i < 12; i += 1) {
    creator = await createAccount(db, { login: `1390000${String(i).padStart(4, '0')}`, displayName: `王${i}号 🌾`, password: 'temporary pw', locale: 'zh-CN', createdBy: creator });
  }
  await createSession(db, creator);
  await issueResetCode(db, creator, trainer);
  await logIn(db, 'admin', 'wrong password', '203.0.113.9', async () => undefined);
  await setMeta(db, 'note', '李家蜂蜜 — "quotes", \\backslashes\\, \'apostrophes\', 100% _wild_ cards');
  return source;
}

/** Ordinary tables of the SQLite file (no FTS5 virtual/shadow tables, no bookkeeping, no derived tables). */
function copiedTables(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], { name: string }>("select name from pragma_table_list where schema = 'main' and type = 'table' order by name")
      .all()
      .map((r) => r.name)
      .filter((n) => !/^(kysely_|sqlite_)/.test(n) && !DERIVED_TABLES.has(n));
  } finally {
    db.close();
  }
}

/** Every row of a table as canonical text, sorted: equal on both backends when the data is equal. */
async function rowsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  return result.rows
    .map((row) =>
      JSON.stringify(
        Object.keys(row)
          .sort()
          .map((k) => [k, row[k] === null ? null : String(row[k])]),
      ),
    )
    .sort();
}

async function expectSameData(source: SqliteHandle, targetUrl: string): Promise<number> {
  const target = createPostgresDatabase(targetUrl, { poolSize: 2 });
  try {
    let rows = 0;
    for (const table of copiedTables(source.file)) {
      const [a, b] = [await rowsOf(source.db, table), await rowsOf(target.db, table)];
      expect(b, `table ${table}`).toEqual(a);
      rows += a.length;
    }
    return rows;
  } finally {
    await target.close();
  }
}

function runCopy(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, [path.join(DIST_DIR, 'app/db-copy.mjs'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function emptyTarget(): Promise<TestDatabase> {
  const target = await createTestDatabase();
  cleanups.push(() => target.drop());
  return target;
}

describe.runIf(TEST_DATABASE_URL)('npm run db:copy', () => {
  it('copies every row of every table, checks counts and checksums, and refuses to copy twice', async () => {
    const source = await sqliteDeployment();
    const target = await emptyTarget();
    await source.close(); // the servers are stopped for the move

    const first = runCopy(['--from', source.file, '--to', target.url]);
    expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/Copied \d+ rows in \d+ tables .*every table's row count and checksum match/);
    expect(first.stderr).toMatch(/users\s+\d+ rows\s+checksum [0-9a-f]{16}…\s+ok/);
    expect(`${first.stdout}${first.stderr}`).not.toContain(`:${new URL(target.url).password}@`);

    const reopened = source.reopen();
    if (reopened.backend !== 'sqlite') throw new Error('expected SQLite');
    cleanups.push(() => reopened.close());
    const rows = await expectSameData(reopened, target.url);
    expect(rows).toBeGreaterThan(50);

    const second = runCopy(['--from', source.file, '--to', target.url]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/not empty: .*users \(\d+\).*--replace/);
    await expectSameData(reopened, target.url);
  }, 120_000);

  it('--replace swaps what the target holds for the source, in one transaction', async () => {
    const source = await sqliteDeployment();
    const target = await emptyTarget();
    await copySqliteToPostgres({ from: source.file, to: target.url, replace: false });
    await createAccount(source.db, { login: 'late_signup', displayName: 'Late', password: 'late password', locale: 'en' });
    await expect(copySqliteToPostgres({ from: source.file, to: target.url, replace: false })).rejects.toThrow(/not empty/);
    const report = await copySqliteToPostgres({ from: source.file, to: target.url, replace: true });
    expect(report.replaced).toBe(true);
    const users = await source.db.selectFrom('users').select('login').execute();
    expect(users.map((u) => u.login)).toContain('late_signup');
    expect(report.tables.find((t) => t.table === 'users')?.rows).toBe(users.length);
    await expectSameData(source, target.url);
  }, 120_000);

  it('an app server on the copied database works with the old accounts and does not seed again', async () => {
    const source = await sqliteDeployment();
    const target = await emptyTarget();
    const report = await copySqliteToPostgres({ from: source.file, to: target.url, replace: false });
    const server = await startServer({ databaseUrl: target.url, env: { SEED_DEMO: 'true' } });
    try {
      const cookie = await logInAs(server.url, DEMO.trainee2);
      const certificate = await (await fetch(`${server.url}/certificate`, { headers: { cookie } })).text();
      expect(certificate).toContain('周秀英');
      expect(server.logs()).not.toContain('Loaded demo data');
    } finally {
      await server.stop();
    }
    const check = createPostgresDatabase(target.url, { poolSize: 1 });
    try {
      const users = await check.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(users.n)).toBe(report.tables.find((t) => t.table === 'users')?.rows);
    } finally {
      await check.close();
    }
  }, 120_000);

  it('commits nothing when a row does not fit PostgreSQL (SQLite never enforced varchar lengths)', async () => {
    const source = await sqliteDeployment();
    const target = await emptyTarget();
    await sql`update users set display_name = ${'长'.repeat(150)} where login = 'maria'`.execute(source.db);
    await expect(copySqliteToPostgres({ from: source.file, to: target.url, replace: false })).rejects.toThrow(/Could not insert into users .*value too long/);
    const check = createPostgresDatabase(target.url, { poolSize: 1 });
    try {
      for (const table of copiedTables(source.file)) {
        const n = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(check.db);
        expect(Number(n.rows[0]?.n), table).toBe(0);
      }
    } finally {
      await check.close();
    }
  }, 120_000);

  it('refuses a SQLite database that is not migrated to this version, and a target that is not PostgreSQL', async () => {
    const old = await tempDb({ migrate: false });
    cleanups.push(() => old.cleanup());
    await sql`create table kysely_migration (name varchar(255) primary key, timestamp varchar(255))`.execute(old.db);
    await sql`insert into kysely_migration values ('2026-11-28T1200_create_app_meta', '2026-11-28T12:00:00.000Z')`.execute(old.db);
    const target = await emptyTarget();
    await expect(copySqliteToPostgres({ from: old.file, to: target.url, replace: false })).rejects.toThrow(/not up to date .*npm run db:migrate/);

    const notPg = runCopy(['--from', old.file, '--to', path.join(old.dir, 'other.db')]);
    expect(notPg.status).toBe(2);
    expect(notPg.stderr).toContain('--to must be a PostgreSQL URL');
    const missing = runCopy(['--from', path.join(old.dir, 'nope.db'), '--to', target.url]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
  }, 60_000);
});
