// Short links with two app servers on one PostgreSQL database: each answers /q/ from its own
// in-memory directory; a code made on one works on the other at once (read on its first scan), a
// change made through one is followed by the other within the directory's TTL (about 5 s), and the
// scans both count add up. Needs TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type PostgresHandle } from '../../src/lib/server/db/client';
import { LINK_TTL_MS } from '../../src/lib/server/links/directory';
import { DEMO, logInAs } from '../helpers/auth';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../helpers/postgres';
import { startServer, type TestServer } from '../helpers/server';
import { client, ORANGE_STORE, pick } from '../helpers/store';

const PHONE = 'Mozilla/5.0 (Linux; Android 13; M2102J20SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const ORANGE_DOOR = 'HARVEST3';

let database: TestDatabase;
let direct: PostgresHandle;
let a: TestServer;
let b: TestServer;

const locationOn = async (server: TestServer, code: string): Promise<string | null> => {
  const res = await fetch(`${server.url}/q/${code}`, { redirect: 'manual', headers: { 'user-agent': PHONE } });
  await res.arrayBuffer();
  return res.status === 302 ? res.headers.get('location') : `status ${res.status}`;
};

async function scansOf(code: string): Promise<number> {
  const row = await direct.db
    .selectFrom('qr_scans')
    .innerJoin('short_links', 'short_links.id', 'qr_scans.link_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('short_links.code', '=', code)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Polls until `read()` gives `want` or the time is up; returns what it saw last and when. */
async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs: number): Promise<{ value: T; afterMs: number }> {
  const started = Date.now();
  let value = await read();
  while (value !== want && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return { value, afterMs: Date.now() - started };
}

describe.runIf(TEST_DATABASE_URL)('short links on two app servers sharing PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    direct = createPostgresDatabase(database.url, { poolSize: 2 });
    const env = { SEED_DEMO: 'true', DATABASE_POOL_SIZE: '4', STATS_FLUSH_MS: '200' };
    a = await startServer({ databaseUrl: database.url, env, timeoutMs: 60_000 });
    b = await startServer({ databaseUrl: database.url, env, timeoutMs: 60_000 });
  }, 150_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await direct?.close();
    await database?.drop();
  });

  it('both answer the printed codes from memory', async () => {
    expect(await locationOn(a, ORANGE_DOOR)).toBe(`/s/${ORANGE_STORE}`);
    expect(await locationOn(b, ORANGE_DOOR)).toBe(`/s/${ORANGE_STORE}`);
  });

  it('a code made through one server works on the other at once', async () => {
    const owner = client(a.url, await logInAs(a.url, DEMO.trainee2));
    const made = await owner.post('/studio/links', { action: 'create', target: 'store', placement: 'poster', label: 'village shop window' });
    const code = pick(made.headers.get('location') ?? '', /^\/studio\/links\/([2-9A-Z]{8})/, 'the new code');
    expect(await locationOn(b, code)).toBe(`/s/${ORANGE_STORE}`);
  });

  it('scans counted by both servers add up, each once', async () => {
    const before = await scansOf(ORANGE_DOOR);
    await Promise.all(Array.from({ length: 60 }, (_, i) => locationOn(i % 2 === 0 ? a : b, ORANGE_DOOR)));
    const { value } = await eventually(() => scansOf(ORANGE_DOOR), before + 60, 5000);
    await new Promise((r) => setTimeout(r, 500));
    expect(value).toBe(before + 60);
    expect(await scansOf(ORANGE_DOOR)).toBe(before + 60);
  });

  it('a rename through one server: at once there, within the TTL on the other; an unpublish likewise', async () => {
    const owner = client(a.url, await logInAs(a.url, DEMO.trainee2));
    // B has the code in memory with the old address.
    expect(await locationOn(b, ORANGE_DOOR)).toBe(`/s/${ORANGE_STORE}`);
    expect((await owner.post('/studio/address', { slug: 'oranges-of-xunwu' })).status).toBe(303);
    expect(await locationOn(a, ORANGE_DOOR)).toBe('/s/oranges-of-xunwu');
    // Meanwhile B may still send scans to the old address, which redirects to the new one.
    const old = await fetch(`${b.url}/s/${ORANGE_STORE}`, { redirect: 'manual' });
    expect(old.headers.get('location')).toBe('/s/oranges-of-xunwu');
    const renamed = await eventually(() => locationOn(b, ORANGE_DOOR), '/s/oranges-of-xunwu', LINK_TTL_MS + 3000);
    expect(renamed.value).toBe('/s/oranges-of-xunwu');

    expect((await owner.post('/studio/publish', { action: 'unpublish' })).status).toBe(303);
    expect(await locationOn(a, ORANGE_DOOR)).toBe('status 404');
    const closed = await eventually(() => locationOn(b, ORANGE_DOOR), 'status 404', LINK_TTL_MS + 3000);
    expect(closed.value).toBe('status 404');
  }, 60_000);
});
