// Walks docs/permissions.md against the real server, as each actor, and fails when a route in
// src/pages is missing from the table. The walk runs on SQLite, and on PostgreSQL when
// TEST_DATABASE_URL is set.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, readPermissionTable, listPageRoutes, type PermissionRow } from '../helpers/permissions';
import { startServer, type TestServer } from '../helpers/server';
import { logInAs, DEMO } from '../helpers/auth';
import { testBackends, type TestBackend } from '../helpers/postgres';
import { storePhoto } from '../../src/lib/server/photos';
import { LocalDiskStorage } from '../../src/lib/server/storage/local-disk';
import { makeJpeg } from '../fixtures/photos';

const table = readPermissionTable();
let server: TestServer;
const cookies: Record<string, string | null> = {};
const params: Record<string, string> = {};

async function startWalk(backend: TestBackend): Promise<void> {
  server = await startServer({ backend });
  cookies['anonymous'] = null;
  cookies['trainee'] = await logInAs(server.url, DEMO.trainee);
  cookies['trainer'] = await logInAs(server.url, DEMO.trainer);
  cookies['admin'] = await logInAs(server.url, DEMO.admin);
  // The storefront table's store is the demo orange cooperative: its owner and a member; the
  // `trainee` (陈大山) owns another store.
  cookies['owner'] = await logInAs(server.url, DEMO.trainee2);
  cookies['member'] = await logInAs(server.url, DEMO.member);
  params['id'] = await demoUserId(DEMO.trainee.login);
  Object.assign(params, await demoStoreParams());
  Object.assign(params, await demoLinkParams());
  params['slug'] = 'choose-what-to-sell';
  params['code'] = await demoCertificateCode();
  params['key'] = await storedPhotoKey();
  // Market region pages: 寻乌县 of 江西省 (any listed county answers, with or without stores).
  params['province'] ??= '360000';
  params['county'] = '360734';
  await startTrainerWalk();
}

/**
 * The trainer workspace's actors and parameters: wang's spring cohort, its trainee 刘春花 and her
 * draft store, the centre. The trainer actors also carry the assist cookie for her store.
 */
async function startTrainerWalk(): Promise<void> {
  const get = async (path: string, cookie: string | null) => (await fetch(`${server.url}${path}`, { headers: { cookie: cookie ?? '' } })).text();
  const cohort = /data-cohort="2026 春季班"[^>]*>\s*<h3><a href="\/trainer\/cohorts\/([a-z0-9]+)"/.exec(await get('/trainer', cookies['admin'] ?? null))?.[1];
  const centre = /data-centre="普格县电子商务公共服务中心"[^>]*>\s*<h2[^>]*><a href="\/admin\/centres\/([a-z0-9]+)"/.exec(await get('/admin/centres', cookies['admin'] ?? null))?.[1];
  if (!cohort || !centre) throw new Error('could not find the demo spring cohort on /trainer or the demo centre on /admin/centres');
  const dashboard = await get(`/trainer/cohorts/${cohort}`, cookies['admin'] ?? null);
  const trainee = /data-trainee="([a-z0-9]+)"[^>]*>\s*<th[^>]*>\s*<a[^>]*>刘春花</.exec(dashboard)?.[1];
  const joinCode = /data-join-code="(\d{6})"/.exec(dashboard)?.[1];
  if (!trainee || !joinCode) throw new Error('could not find 刘春花 or the join code on the spring cohort\'s dashboard');
  const owner = await logInAs(server.url, { login: '13900139101', password: DEMO.trainee.password });
  const studio = await get('/studio', owner);
  const assistedProduct = /href="\/studio\/products\/([a-z0-9]+)"/.exec(studio)?.[1];
  const storeId = /href="\/admin\/stores\/([a-z0-9]+)">春花家核桃</.exec(await get('/admin/stores', cookies['admin'] ?? null))?.[1];
  if (!assistedProduct || !storeId) throw new Error('could not find 春花家核桃 and its product');
  Object.assign(params, { cohort, centre, trainee, joinCode, assistedProduct });
  const assist = `assist=${storeId}`;
  cookies['cohort-trainee'] = owner;
  cookies['other-trainee'] = cookies['trainee'] ?? null;
  cookies['cohort-trainer'] = `${await logInAs(server.url, { login: 'wang', password: DEMO.trainee.password })}; ${assist}`;
  cookies['other-trainer'] = `${await logInAs(server.url, { login: 'zhang', password: DEMO.trainee.password })}; ${assist}`;
  cookies['manager'] = `${cookies['trainer'] ?? ''}; ${assist}`;
  cookies['other-manager'] = `${await logInAs(server.url, { login: 'zhao', password: DEMO.trainee.password })}; ${assist}`;
}

async function demoUserId(login: string): Promise<string> {
  const res = await fetch(`${server.url}/admin/users?q=${encodeURIComponent(login)}`, {
    headers: { cookie: cookies['admin'] ?? '' },
  });
  const html = await res.text();
  const match = /href="\/admin\/users\/([a-z0-9]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`could not find the id of ${login}`);
  return match[1];
}

/** The demo orange cooperative: its slug, a product (id and slug), one of its photos, its id. */
async function demoStoreParams(): Promise<Record<string, string>> {
  const get = async (path: string, actor: string) => (await fetch(`${server.url}${path}`, { headers: { cookie: cookies[actor] ?? '' } })).text();
  const studio = await get('/studio', 'owner');
  const product = /href="\/studio\/products\/([a-z0-9]+)"/.exec(studio)?.[1];
  const store = /href="\/s\/([a-z0-9-]+)" data-store-link/.exec(studio)?.[1];
  if (!product || !store) throw new Error('could not find the demo cooperative and its products on /studio');
  const photo = /action="\/studio\/photos\/([a-z0-9]+)"/.exec(await get(`/studio/products/${product}`, 'owner'))?.[1];
  const productSlug = new RegExp(`href="/s/${store}/([a-z0-9-]+)"`).exec(await get(`/s/${store}`, 'anonymous'))?.[1];
  const storeId = /href="\/admin\/stores\/([a-z0-9]+)">寻乌脐橙合作社</.exec(await get('/admin/stores', 'admin'))?.[1];
  if (!photo || !productSlug || !storeId) throw new Error('could not find a photo, product slug or store id of the demo cooperative');
  return { store, product, productSlug, photo, storeId, province: '360000' };
}

/** The demo cooperative's main short code, from its owner's codes page. */
async function demoLinkParams(): Promise<Record<string, string>> {
  const html = await (await fetch(`${server.url}/studio/links`, { headers: { cookie: cookies['owner'] ?? '' } })).text();
  const code = /data-code="([2-9A-Z]{8})" data-placement="main"/.exec(html)?.[1];
  if (!code) throw new Error('could not find the demo cooperative\'s main code on /studio/links');
  return { shortCode: code, link: code };
}

/** The certificate code of the demo trainee who finished the course (周秀英). */
async function demoCertificateCode(): Promise<string> {
  const cookie = await logInAs(server.url, DEMO.trainee2);
  const html = await (await fetch(`${server.url}/certificate`, { headers: { cookie } })).text();
  const match = /data-certificate-code[^>]*>([2-9A-Z]{5})-([2-9A-Z]{5})</.exec(html);
  if (!match?.[1] || !match[2]) throw new Error('could not find the demo certificate code on /certificate');
  return `${match[1]}${match[2]}`;
}

/** A real photo file in the server's uploads folder (stored the way uploads are), for /media/[...key]. */
async function storedPhotoKey(): Promise<string> {
  const stored = await storePhoto(await makeJpeg(400, 300), new LocalDiskStorage(path.join(server.dataDir, 'uploads')));
  if (!stored.ok) throw new Error(`could not store a test photo: ${stored.error.message}`);
  return stored.photo.variants[0]?.key ?? '';
}

function concrete(route: string): string {
  // [name] and rest parameters [...name] alike.
  return route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no value for route parameter [${name}]`);
    return value;
  });
}

async function statusFor(row: PermissionRow, actor: string): Promise<number> {
  const headers: Record<string, string> = {};
  const cookie = cookies[actor];
  if (cookie) headers['cookie'] = cookie;
  const init: RequestInit = { method: row.method, headers, redirect: 'manual' };
  if (row.method !== 'GET') {
    headers['origin'] = server.url;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = '';
  }
  const res = await fetch(`${server.url}${concrete(row.route)}`, init);
  await res.arrayBuffer();
  return res.status;
}

describe('permission table', () => {
  it('lists every route in src/pages with each of its methods', () => {
    const listed = new Set(table.rows.map((r) => `${r.method} ${r.route}`));
    const missing: string[] = [];
    for (const { route, methods } of listPageRoutes()) {
      const needed = methods ?? ['GET'];
      for (const method of needed) if (!listed.has(`${method} ${route}`)) missing.push(`${method} ${route}`);
    }
    expect(missing, 'routes missing from docs/permissions.md').toEqual([]);
  });

  it('has the actor columns the walk logs in as', () => {
    expect(table.tables[0]).toEqual(['anonymous', 'trainee', 'trainer', 'admin']);
    for (const actors of table.tables) for (const actor of actors) expect(ACTORS).toContain(actor);
  });
});

describe.each(testBackends())('permission table walked on %s', (backend) => {
  beforeAll(() => startWalk(backend), 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  // Read-only rows first, then POSTs (a POST to /logout ends that actor's session, so it runs last).
  const ordered = [...table.rows].sort((a, b) => Number(a.route === '/logout') - Number(b.route === '/logout'));
  for (const row of ordered) {
    it(`${row.method} ${row.route}`, async () => {
      const actual: Record<string, number> = {};
      for (const actor of Object.keys(row.expected)) actual[actor] = await statusFor(row, actor);
      expect(actual).toEqual(row.expected);
    });
  }
});
