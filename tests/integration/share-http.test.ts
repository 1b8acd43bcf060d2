// QR links against the real built server: /q/<code> redirects from memory to the current page,
// never off the site; friendly pages in the visitor's language; scans and page views counted once
// each (bots not), written in batches and flushed on a clean shutdown; the codes pages and
// downloads only for the store's people; downloaded codes decode to the short link.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../src/lib/i18n';
import { DEMO, logInAs } from '../helpers/auth';
import { rawRequest } from '../helpers/http';
import { decodePng, decodeSvg } from '../helpers/qr';
import { startServer, TEST_PUBLIC_URL, type TestServer } from '../helpers/server';
import { client, ORANGE_STORE, pick, readDb, signUp, YAK_STORE, type Client } from '../helpers/store';

const PHONE = 'Mozilla/5.0 (Linux; Android 13; M2102J20SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
/** The demo door code of 陈家牦牛肉 (fixed in the demo data). */
const DOOR = 'HARVEST2';

function scansOf(server: TestServer, code: string): number {
  const db = readDb(server.dataDir);
  try {
    const row = db.prepare('select count(*) as n from qr_scans s join short_links l on l.id = s.link_id where l.code = ?').get(code) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

function viewsOf(server: TestServer, slug: string): number {
  const db = readDb(server.dataDir);
  try {
    // A row holds the views of one page kind by one visitor within a minute.
    const row = db.prepare('select coalesce(sum(v.views), 0) as n from page_views v join stores s on s.id = v.store_id where s.slug = ?').get(slug) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/** Lets counts of earlier requests reach the database first (the test server flushes every 200 ms). */
const quiet = () => new Promise((r) => setTimeout(r, 700));

/** Waits until `read()` returns `want` (counts are written every STATS_FLUSH_MS), then a little longer to see it stays. */
async function settlesAt(read: () => number, want: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && read() < want) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 600));
  return read();
}

const scan = (server: TestServer, code: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/q/${code}`, { redirect: 'manual', headers: { 'user-agent': PHONE, ...headers } });

/** The main code of the store of the signed-in client, from its codes page. */
async function mainCode(c: Client): Promise<string> {
  return pick(await (await c.get('/studio/links')).text(), /data-code="([2-9A-Z]{8})" data-placement="main"/, 'the main code on /studio/links');
}

describe('QR links over HTTP', () => {
  let server: TestServer;
  let owner: Client;
  let coopCode: string;

  beforeAll(async () => {
    server = await startServer({ env: { STATS_FLUSH_MS: '200' }, timeoutMs: 60_000 });
    owner = client(server.url, await logInAs(server.url, DEMO.trainee2));
    coopCode = await mainCode(owner);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a printed code redirects (302) to the store page, not cached, typed in any case, with or without a trailing slash', async () => {
    for (const path of [`/q/${DOOR}`, `/q/${DOOR.toLowerCase()}`, `/q/${DOOR}/`]) {
      const res = await scan(server, path.slice(3));
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe(`/s/${YAK_STORE}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // Answered before Express, with the same security headers as every other response.
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const res = await rawRequest(server.url, `/q/${DOOR}/`, { headers: { 'user-agent': PHONE } });
    expect(res.status).toBe(302);
  });

  it('builds the target from the database, never from the request: a forged Host changes nothing', async () => {
    const res = await rawRequest(server.url, `/q/${DOOR}`, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'user-agent': PHONE } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/s/${YAK_STORE}`);
  });

  it('never leaves the site, whatever is put in the URL', async () => {
    const attempts = [
      '/q/%2F%2Fevil.example',
      '/q/..%2F..',
      '/q/%2F%2Fevil.example%2F',
      '/q/%5C%5Cevil.example',
      '/q//evil.example',
      '/q/https:%2F%2Fevil.example',
      `/q/${DOOR}%2F%2Fevil.example`,
      `/q/${DOOR}?next=//evil.example`,
      '/q/%0d%0aLocation:%20http://evil.example',
      '/q/..',
      '/q/',
    ];
    for (const path of attempts) {
      const res = await rawRequest(server.url, path, { headers: { 'user-agent': PHONE } });
      const location = res.headers.location;
      if (location !== undefined) {
        expect(location, path).toMatch(/^\/(?![/\\])/);
        expect(new URL(location, server.url).host, path).toBe(new URL(server.url).host);
      }
      if (path.includes('evil') && !path.startsWith(`/q/${DOOR}?`)) expect(res.status, path).toBe(404);
    }
  });

  it('unknown and malformed codes get the friendly 404 page in the visitor\'s language', async () => {
    const unknown = await fetch(`${server.url}/q/ZZZZ2345`, { headers: { 'accept-language': 'en' } });
    expect(unknown.status).toBe(404);
    const text = await unknown.text();
    expect(text).toContain('We could not find this code');
    expect(text).toContain('ZZZZ2345');
    const zh = await fetch(`${server.url}/q/ZZZZ2345`, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(404);
    expect(await zh.text()).toContain('没有找到这个码');
    for (const path of ['/q/abc', '/q/0OIL1234', '/q/%2F%2Fevil.example', '/q/..%2F..']) {
      const res = await rawRequest(server.url, path, { headers: { 'accept-language': 'en' } });
      expect(res.status, path).toBe(404);
      expect(res.text, path).toContain('This address is not a HarvestLink code');
      expect(res.text, path).not.toMatch(/at \w+ \(|node_modules/);
    }
  });

  it('counts 200 scans made at the same moment exactly once each, once the buffer is flushed', async () => {
    await quiet();
    const before = scansOf(server, DOOR);
    const answers = await Promise.all(Array.from({ length: 200 }, () => scan(server, DOOR)));
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(302));
    expect(await settlesAt(() => scansOf(server, DOOR), before + 200)).toBe(before + 200);
  });

  it('does not count bots, link previews, prefetches or HEAD requests', async () => {
    await quiet();
    const before = scansOf(server, DOOR);
    const bots = [
      { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)' },
      { 'user-agent': 'facebookexternalhit/1.1' },
      { 'user-agent': 'curl/8.4.0' },
      { 'user-agent': '' },
      { 'sec-purpose': 'prefetch' },
    ];
    for (const headers of bots) expect((await scan(server, DOOR, headers)).status).toBe(302);
    expect((await fetch(`${server.url}/q/${DOOR}`, { method: 'HEAD', redirect: 'manual', headers: { 'user-agent': PHONE } })).status).toBe(302);
    // One person, so the window is known to be counted.
    await scan(server, DOOR);
    expect(await settlesAt(() => scansOf(server, DOOR), before + 1)).toBe(before + 1);
  });

  it('keeps no address: a visitor is a 16-character hash', async () => {
    const db = readDb(server.dataDir);
    try {
      const rows = db.prepare('select visitor from qr_scans union all select visitor from page_views').all() as { visitor: string }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.visitor).toMatch(/^[0-9a-f]{16}$/);
      const text = JSON.stringify(db.prepare('select * from qr_scans order by scanned_at desc limit 50').all());
      expect(text).not.toContain('127.0.0.1');
    } finally {
      db.close();
    }
  });

  it('counts public page views apart from scans: rendered and cached pages alike, not signed-in people, not bots', async () => {
    await quiet();
    const before = viewsOf(server, YAK_STORE);
    const scansBefore = scansOf(server, DOOR);
    // Rendered first; served from the page cache once it holds the page (it is filled in the background).
    let visits = 0;
    let cached = false;
    while (!cached && visits < 30) {
      const res = await fetch(`${server.url}/s/${YAK_STORE}`, { headers: { 'user-agent': PHONE } });
      await res.text();
      expect(res.status).toBe(200);
      visits += 1;
      cached = res.headers.get('x-cache') === 'hit';
      if (!cached) await new Promise((r) => setTimeout(r, 50));
    }
    expect(cached).toBe(true);
    expect(visits).toBeGreaterThan(1);
    await (await fetch(`${server.url}/s/${YAK_STORE}`, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' } })).text();
    const seller = await logInAs(server.url, DEMO.trainee);
    await (await fetch(`${server.url}/s/${YAK_STORE}`, { headers: { 'user-agent': PHONE, cookie: seller } })).text();
    expect(await settlesAt(() => viewsOf(server, YAK_STORE), before + visits)).toBe(before + visits);
    expect(scansOf(server, DOOR)).toBe(scansBefore);
  });

  it('counts views of page addresses with a query string (language switch, WeChat, utm links), which are never cached', async () => {
    await quiet();
    const before = viewsOf(server, YAK_STORE);
    const product = pick(await (await fetch(`${server.url}/s/${YAK_STORE}`, { headers: { 'user-agent': 'curl/8.0' } })).text(), new RegExp(`href="/s/${YAK_STORE}/(?!order\\b)([a-z0-9-]+)"`), 'a product page');
    const paths = [
      `/s/${YAK_STORE}?lang=en`,
      `/s/${YAK_STORE}?from=singlemessage&isappinstalled=0`,
      `/s/${YAK_STORE}?from=singlemessage&isappinstalled=0`,
      `/s/${YAK_STORE}/${product}?utm_source=wechat&utm_medium=group`,
      `/s/${YAK_STORE}/${product}?lang=en`,
    ];
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'user-agent': PHONE } });
      expect(await res.text(), path).toContain('<h1');
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-cache'), path).toBeNull();
      expect(res.headers.get('x-harvestlink-cache'), path).toBeNull();
    }
    // A bot with a query string is still not counted.
    await (await fetch(`${server.url}/s/${YAK_STORE}?from=timeline`, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)' } })).text();
    expect(await settlesAt(() => viewsOf(server, YAK_STORE), before + paths.length)).toBe(before + paths.length);
  });

  it('downloads decode to the short link built from PUBLIC_URL: SVG rasterised, PNG at 256, 512 and 1024 px', async () => {
    const link = `${TEST_PUBLIC_URL}/q/${coopCode}`;
    const svg = await owner.get(`/studio/links/${coopCode}/qr.svg`, { host: 'evil.example' });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(svg.headers.get('server-timing')).toMatch(/^qr;dur=\d+\.\d+/);
    const svgText = await svg.text();
    expect(svgText).toContain(link.replace(/^https?:\/\//, ''));
    expect(await decodeSvg(svgText)).toBe(link);
    for (const width of [256, 512, 1024]) {
      const png = await owner.get(`/studio/links/${coopCode}/qr.png?width=${width}`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(decodePng(Buffer.from(await png.arrayBuffer()))).toBe(link);
    }
    expect((await owner.get(`/studio/links/${coopCode}/qr.png?width=300`)).status).toBe(400);
  });

  it('the codes pages belong to the store: a member makes a placement code that works and is counted apart; others are kept out', async () => {
    const anonymous = client(server.url);
    const login = await anonymous.get(`/studio/links/${coopCode}`);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/studio/links/${coopCode}`)}`);

    const otherSeller = client(server.url, await logInAs(server.url, DEMO.trainee));
    for (const path of [`/studio/links/${coopCode}`, `/studio/links/${coopCode}/qr.svg`, `/studio/links/${coopCode}/qr.png`, `/studio/print/poster?link=${coopCode}`, `/studio/print/labels?link=${coopCode}`]) {
      expect((await otherSeller.get(path)).status, path).toBe(404);
    }
    expect((await otherSeller.post(`/studio/links/${coopCode}`, { action: 'save', label: 'mine now' })).status).toBe(404);

    const admin = client(server.url, await logInAs(server.url, DEMO.admin));
    expect((await admin.get(`/studio/links/${coopCode}`)).status).toBe(200);
    expect((await admin.post(`/studio/links/${coopCode}`, { action: 'save', label: 'changed by admin' })).status).toBe(403);

    const member = client(server.url, await logInAs(server.url, DEMO.member));
    const made = await member.post('/studio/links', { action: 'create', target: 'store', placement: 'stall', label: '北门摊位' });
    expect(made.status).toBe(303);
    const newCode = pick(made.headers.get('location') ?? '', /^\/studio\/links\/([2-9A-Z]{8})\?made=1$/, 'the new code');
    expect(newCode).not.toBe(coopCode);
    const page = await (await member.get(`/studio/links/${newCode}?made=1`)).text();
    expect(page).toContain('北门摊位');
    const before = scansOf(server, newCode);
    const res = await scan(server, newCode);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/s/${ORANGE_STORE}`);
    await settlesAt(() => scansOf(server, newCode), before + 1);
    expect(scansOf(server, newCode)).toBe(1);
    const list = await (await member.get('/studio/links')).text();
    expect(list).toMatch(new RegExp(`data-code="${newCode}" data-placement="stall"[\\s\\S]*?data-count="week"[^>]*>1<`));

    // Put away: it leaves the list but keeps working.
    expect((await member.post(`/studio/links/${newCode}`, { action: 'archive' })).status).toBe(303);
    expect(await (await member.get('/studio/links')).text()).not.toContain(`data-code="${newCode}"`);
    expect((await scan(server, newCode)).status).toBe(302);

    // A form that makes no sense is refused in words, not with a crash.
    expect((await member.post('/studio/links', { action: 'create', target: 'store', placement: 'moon', label: '' })).status).toBe(400);
    expect((await member.post('/studio/links', { action: 'create', target: 'someone-elses-product', placement: 'door', label: '' })).status).toBe(400);
  });

  it('print buttons make (or reuse) the placement\'s code and open the print page with it', async () => {
    const door = await owner.post('/studio/links', { action: 'print-door' });
    expect(door.status).toBe(303);
    const posterPath = door.headers.get('location') ?? '';
    expect(posterPath).toMatch(/^\/studio\/print\/poster\?link=[2-9A-Z]{8}$/);
    expect((await owner.post('/studio/links', { action: 'print-door' })).headers.get('location')).toBe(posterPath);
    const poster = await (await owner.get(posterPath)).text();
    expect(poster).toContain('data-poster');
    expect(poster).toContain(`${TEST_PUBLIC_URL.replace(/^https?:\/\//, '')}/q/${posterPath.slice(-8)}`);
    const product = pick(await (await owner.get('/studio')).text(), /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const labels = await owner.post('/studio/links', { action: 'print-labels', product });
    expect(labels.headers.get('location')).toMatch(/^\/studio\/print\/labels\?link=[2-9A-Z]{8}&layout=3x8$/);
    const sheet = await (await owner.get(labels.headers.get('location') ?? '')).text();
    expect(sheet.match(/data-label(?=[\s>])/g)).toHaveLength(24);
    const large = await (await owner.get(`${labels.headers.get('location')?.replace('3x8', '2x5')}`)).text();
    expect(large.match(/data-label(?=[\s>])/g)).toHaveLength(10);
  });

  it('prints in the language chosen (the seller\'s by default) while the controls stay in the seller\'s', async () => {
    const posterPath = (await owner.post('/studio/links', { action: 'print-door' })).headers.get('location') ?? '';
    const zh = await (await owner.get(posterPath)).text();
    expect(zh).toMatch(/<article class="poster"[^>]*lang="zh-CN"/);
    expect(zh).toContain(share['zh-CN'].posterScan);
    expect(zh).toMatch(/<option value="zh-CN" lang="zh-CN" selected/);
    const en = await (await owner.get(`${posterPath}&language=en`)).text();
    expect(en).toMatch(/<article class="poster"[^>]*lang="en"/);
    expect(en).toContain(share.en.posterScan);
    expect(en).not.toContain(share['zh-CN'].posterScan);
    expect(en).toContain(`<h1>${share['zh-CN'].posterTitle.replace('{name}', '')}`);
    expect(en).toMatch(/<option value="en" lang="en" selected/);
    // Anything else: the seller's language.
    expect(await (await owner.get(`${posterPath}&language=fr`)).text()).toContain(share['zh-CN'].posterScan);

    const product = pick(await (await owner.get('/studio')).text(), /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const labelsPath = (await owner.post('/studio/links', { action: 'print-labels', product })).headers.get('location') ?? '';
    const labelsEn = await (await owner.get(`${labelsPath}&language=en`)).text();
    expect(labelsEn).toMatch(/data-label-sheet="3x8"[^>]*lang="en"/);
    expect(labelsEn).toContain('aria-label="QR code for ');
    expect(labelsEn).toContain(`<h1>${share['zh-CN'].labelsTitle.replace('{name}', '')}`);
    const labelsZh = await (await owner.get(labelsPath)).text();
    expect(labelsZh).toMatch(/data-label-sheet="3x8"[^>]*lang="zh-CN"/);
    expect(labelsZh).not.toContain('aria-label="QR code for ');
  });

  it('label sheets: 1 to 10 A4 sheets of the chosen layout', async () => {
    const product = pick(await (await owner.get('/studio')).text(), /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const labelsPath = (await owner.post('/studio/links', { action: 'print-labels', product })).headers.get('location') ?? '';
    const count = async (query: string): Promise<[number, number]> => {
      const html = await (await owner.get(`${labelsPath}${query}`)).text();
      return [(html.match(/data-label-sheet=/g) ?? []).length, (html.match(/data-label(?=[\s>])/g) ?? []).length];
    };
    expect(await count('')).toEqual([1, 24]);
    expect(await count('&sheets=3')).toEqual([3, 72]);
    const large = await (await owner.get(`${labelsPath.replace('layout=3x8', 'layout=2x5')}&sheets=4`)).text();
    expect([(large.match(/data-label-sheet="2x5"/g) ?? []).length, (large.match(/data-label(?=[\s>])/g) ?? []).length]).toEqual([4, 40]);
    expect(await count('&sheets=10')).toEqual([10, 240]);
    expect(await count('&sheets=11')).toEqual([10, 240]);
    expect(await count('&sheets=0')).toEqual([1, 24]);
    expect(await count('&sheets=lots')).toEqual([1, 24]);
    expect(await (await owner.get(`${labelsPath}&sheets=3`)).text()).toMatch(/<input id="labels-sheets" name="sheets" type="number"[^>]*value="3"/);
  });

  it('a live code this server\'s memory has not caught up with still redirects from the page, counted once and not kept by the browser', async () => {
    expect((await owner.post('/studio/publish', { action: 'unpublish' })).status).toBe(303);
    expect((await scan(server, coopCode)).status).toBe(404);
    // Published again behind this server's back (as another app server sharing the database would):
    // its in-memory directory still says "not open" for a few seconds, so Astro's page answers.
    const db = new SQLite(path.join(server.dataDir, 'harvestlink.db'), { timeout: 5000 });
    try {
      db.prepare('update stores set published_at = ? where slug = ?').run(new Date().toISOString(), ORANGE_STORE);
    } finally {
      db.close();
    }
    await quiet();
    const before = scansOf(server, coopCode);
    const res = await scan(server, coopCode);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/s/${ORANGE_STORE}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Bots and HEAD requests are not counted there either.
    await scan(server, coopCode, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    await fetch(`${server.url}/q/${coopCode}`, { method: 'HEAD', redirect: 'manual', headers: { 'user-agent': PHONE } });
    expect(await settlesAt(() => scansOf(server, coopCode), before + 1)).toBe(before + 1);
    expect((await owner.post('/studio/publish', { action: 'publish' })).status).toBe(303);
  });

  it('a code follows its store: unpublished → friendly page in the visitor\'s language; renamed → the new address', async () => {
    expect((await owner.post('/studio/publish', { action: 'unpublish' })).status).toBe(303);
    const closed = await fetch(`${server.url}/q/${coopCode}`, { redirect: 'manual', headers: { 'accept-language': 'en', 'user-agent': PHONE } });
    expect(closed.status).toBe(404);
    expect(await closed.text()).toContain('This shop is not open right now');
    const zh = await fetch(`${server.url}/q/${coopCode}`, { redirect: 'manual', headers: { 'accept-language': 'zh-CN' } });
    expect(await zh.text()).toContain('这家小店暂时没有开门');
    expect((await owner.post('/studio/publish', { action: 'publish' })).status).toBe(303);
    expect((await scan(server, coopCode)).headers.get('location')).toBe(`/s/${ORANGE_STORE}`);

    const renamed = await owner.post('/studio/address', { slug: 'xunwu-oranges' });
    expect(renamed.status).toBe(303);
    const res = await scan(server, coopCode);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/s/xunwu-oranges');
    // The old address still works too (it redirects to the new one).
    const old = await fetch(`${server.url}/s/${ORANGE_STORE}`, { redirect: 'manual' });
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe('/s/xunwu-oranges');
  });

  it('a code of a deleted store says the shop has closed (410), and a new store has its code at once', async () => {
    const seller = await signUp(server.url, '13900000077', '王小花');
    expect((await seller.post('/studio', { name: '王家土鸡蛋', phone: '13900000077', wechat: '', whatsapp: '' })).status).toBe(303);
    const code = await mainCode(seller);
    const notYet = await fetch(`${server.url}/q/${code}`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
    expect(notYet.status).toBe(404);
    expect(await notYet.text()).toContain('This shop is not open right now');
    expect((await seller.post('/studio/delete', { name: '王家土鸡蛋' })).status).toBe(303);
    const gone = await fetch(`${server.url}/q/${code}`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('This shop has closed');
  });
});

describe('a clean shutdown writes the counts still in memory', () => {
  it('scans made just before SIGTERM are in the database after the server stopped', async () => {
    const server = await startServer({ env: { STATS_FLUSH_MS: '60000' }, timeoutMs: 60_000 });
    try {
      const before = scansOf(server, DOOR);
      const answers = await Promise.all(Array.from({ length: 50 }, () => scan(server, DOOR)));
      expect(answers.every((r) => r.status === 302)).toBe(true);
      // Still in memory: the next flush is a minute away.
      await new Promise((r) => setTimeout(r, 300));
      expect(scansOf(server, DOOR)).toBe(before);
      await server.kill('SIGTERM');
      expect(server.process.exitCode).toBe(0);
      expect(scansOf(server, DOOR)).toBe(before + 50);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
