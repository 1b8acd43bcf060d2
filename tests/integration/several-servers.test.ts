// Two app servers on one PostgreSQL database, as behind a load balancer: they start at the same
// moment on an empty database without racing, and whatever a user does through one server holds
// on the other at once (sessions, throttling, edits, course progress). Needs TEST_DATABASE_URL.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersWithRight } from '../../src/lib/server/course/demo-progress';
import { courseFromFiles } from '../../src/lib/server/course/lesson-files';
import { createPostgresDatabase, type PostgresHandle } from '../../src/lib/server/db/client';
import { DEMO_USERS } from '../../src/lib/server/seed/demo-users';
import { cookieHeader, DEMO, logInAs } from '../helpers/auth';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../helpers/postgres';
import { ROOT, startServer, type TestServer } from '../helpers/server';

const migrationFiles = fs
  .readdirSync(path.join(ROOT, 'db/migrations'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

let database: TestDatabase;
let direct: PostgresHandle;
let a: TestServer;
let b: TestServer;

function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

function post(server: TestServer, pathname: string, body: string, cookie = ''): Promise<Response> {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', ...(cookie ? { cookie } : {}) },
    body,
  });
}

function get(server: TestServer, pathname: string, cookie = ''): Promise<Response> {
  return fetch(`${server.url}${pathname}`, { redirect: 'manual', headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) } });
}

/** A log-in POST from a given loopback address (a distinct client IP, no proxy header trusted). */
function logInFrom(server: TestServer, localAddress: string, login: string, password: string): Promise<number> {
  const url = new URL(server.url);
  const body = form({ login, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/login',
        method: 'POST',
        localAddress,
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let signups = 0;
async function signUp(through: TestServer, displayName: string): Promise<{ login: string; cookie: string }> {
  signups += 1;
  const login = `two_servers_${signups}`;
  const res = await post(through, '/signup', form({ displayName, login, password: 'two servers pw', locale: 'en' }));
  expect(res.status).toBe(303);
  return { login, cookie: cookieHeader(res) };
}

async function userIdOf(login: string): Promise<string> {
  return (await direct.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
}

describe.runIf(TEST_DATABASE_URL)('two app servers on one PostgreSQL database', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    direct = createPostgresDatabase(database.url, { poolSize: 2 });
    // Both start at the same moment on an empty database, as after a deploy to two machines.
    [a, b] = await Promise.all([
      startServer({ databaseUrl: database.url, env: { SEED_DEMO: 'true', DATABASE_POOL_SIZE: '4' } }),
      startServer({ databaseUrl: database.url, env: { SEED_DEMO: 'true', DATABASE_POOL_SIZE: '4' } }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await direct?.close();
    await database?.drop();
  });

  it('started together on an empty database: one migrated and loaded the demo data, the other found it done', async () => {
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(direct.db);
    expect(recorded.rows.map((r) => r.name)).toEqual(migrationFiles);
    const users = (await direct.db.selectFrom('users').select('login').execute()).map((u) => u.login);
    expect(users).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.login)));
    const logs = [a.logs(), b.logs()];
    expect(logs.filter((l) => l.includes('Applied migrations:'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('Loaded demo data'))).toHaveLength(1);
    for (const l of logs) expect(l).toContain('Database: PostgreSQL');
  });

  it('a session made through one server is valid on the other, and logging out through the other ends it everywhere', async () => {
    const cookie = await logInAs(a.url, DEMO.trainee);
    const onB = await get(b, '/account', cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain('陈大山');
    expect((await post(b, '/logout', '', cookie)).status).toBe(303);
    expect((await get(a, '/account', cookie)).status).toBe(303);
    expect((await get(b, '/account', cookie)).status).toBe(303);
  });

  it('throttling counts failures made through both servers: the 11th is refused by either', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect(await logInFrom(i % 2 === 0 ? a : b, '127.0.0.1', DEMO.trainee2.login, `wrong ${i}`)).toBe(400);
    }
    expect(await logInFrom(a, '127.0.0.1', DEMO.trainee2.login, DEMO.trainee2.password)).toBe(429);
    expect(await logInFrom(b, '127.0.0.1', DEMO.trainee2.login, DEMO.trainee2.password)).toBe(429);
    // The farmer is never locked out: from another address the right password works (slowly).
    expect(await logInFrom(b, '127.0.0.2', DEMO.trainee2.login, DEMO.trainee2.password)).toBe(303);
  }, 60_000);

  it('an edit through one server is visible through the other at once, not stale from a cache', async () => {
    const farmer = await signUp(a, 'Old Name');
    expect(await (await get(b, '/account', farmer.cookie)).text()).toContain('Old Name');
    expect((await post(a, '/account', form({ displayName: '新名字 New Name', locale: 'en' }), farmer.cookie)).status).toBe(303);
    expect(await (await get(b, '/account', farmer.cookie)).text()).toContain('新名字 New Name');

    // An admin on B promotes the farmer; A lets the new trainer in at once.
    const admin = await logInAs(b.url, DEMO.admin);
    const id = await userIdOf(farmer.login);
    expect((await get(a, '/assist/new-account', farmer.cookie)).status).toBe(403);
    expect((await post(b, `/admin/users/${id}`, form({ action: 'role', role: 'trainer' }), admin)).status).toBe(200);
    expect((await get(a, '/assist/new-account', farmer.cookie)).status).toBe(200);

    // Disabled through A: the farmer's session ends on B too.
    const adminOnA = await logInAs(a.url, DEMO.admin);
    expect((await post(a, `/admin/users/${id}`, form({ action: 'disable' }), adminOnA)).status).toBe(200);
    expect((await get(b, '/account', farmer.cookie)).status).toBe(303);
  });

  it('the same quiz attempt sent to both servers at once (a retry that lands elsewhere) is stored once', async () => {
    const lesson = courseFromFiles().lessons.find((l) => l.order === 1);
    if (!lesson) throw new Error('no lesson 1');
    const farmer = await signUp(b, 'Quiz Taker');
    const page = await (await get(a, `/lessons/${lesson.slug}`, farmer.cookie)).text();
    const attempt = /name="attempt" value="([a-z2-7]{26})"/.exec(page)?.[1];
    if (!attempt) throw new Error('no attempt id on the lesson page');
    const body = new URLSearchParams({ attempt });
    for (const [question, options] of Object.entries(answersWithRight(lesson, 4))) for (const option of options) body.append(`q:${question}`, option);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(i % 2 === 0 ? a : b, `/lessons/${lesson.slug}/quiz`, body.toString(), farmer.cookie)),
    );
    for (const res of responses) expect(res.status).toBeLessThan(400);
    const id = await userIdOf(farmer.login);
    const stored = await direct.db.selectFrom('quiz_attempts').select('attempt_key').where('user_id', '=', id).execute();
    expect(stored).toEqual([{ attempt_key: attempt }]);
    // Both servers show it as the latest result.
    for (const server of [a, b]) {
      const result = await get(server, `/lessons/${lesson.slug}/result`, farmer.cookie);
      expect(result.status).toBe(200);
    }
  }, 60_000);

  it('a NUL character in a URL answers 404, as on SQLite, never 500', async () => {
    const admin = await logInAs(a.url, DEMO.admin);
    expect((await get(a, '/admin/users/%00abc', admin)).status).toBe(404);
    expect((await get(b, '/admin/users?q=%00', admin)).status).toBe(200);
  });
});
