// The market's pages over HTTP from the real built server, on SQLite and on PostgreSQL (when
// TEST_DATABASE_URL is set): the map's counts against the database, search results, region pages,
// unknown places, and the rule that unpublished and taken-down stores never appear. The server
// starts without demo data; the test writes its own stores into the server's database.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createPostgresDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import type { Database } from '../../src/lib/server/db/schema';
import { testBackends } from '../helpers/postgres';
import { addTestStore } from '../helpers/market';
import { startServer, type TestServer } from '../helpers/server';

const SICHUAN = '510000';
const ZOIGE = '513232';
const HONGYUAN = '513233';
const YUNNAN = '530000';
const MENGHAI = '532822';
const BEIJING = '110000';

/** The value of one attribute in a tag's text, or null. */
function attr(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

/** province code → count, read from the tiles of the map. */
function tileCounts(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [tag] of html.matchAll(/<a class="tile [^>]*>/g)) {
    const code = attr(tag, 'data-province');
    const count = attr(tag, 'data-count');
    if (code !== null && count !== null) counts.set(code, Number(count));
  }
  return counts;
}

/** The store names on the cards of a page, in order. */
function cardNames(html: string): string[] {
  return [...html.matchAll(/class="market-card-name"[^>]*><a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
}

describe.each(testBackends())('market pages on %s', (backend) => {
  let server: TestServer;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;

  async function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; res: Response }> {
    const res = await fetch(`${server.url}${pathAndQuery}`, { headers: { 'accept-language': 'zh-CN', ...headers }, redirect: 'manual' });
    // Astro writes & in attributes as &#38;: read links as a browser would.
    return { status: res.status, html: (await res.text()).replaceAll('&#38;', '&'), res };
  }

  beforeAll(async () => {
    server = await startServer({ backend, env: { SEED_DEMO: 'false' } });
    handle = server.databaseUrl
      ? createPostgresDatabase(server.databaseUrl, { poolSize: 2 })
      : createDatabase(path.join(server.dataDir, 'harvestlink.db'));
    db = handle.db;
    await addTestStore(db, {
      name: '若尔盖蜂场',
      provinceCode: SICHUAN,
      countyCode: ZOIGE,
      village: '唐克镇',
      updatedAt: '2026-11-20T00:00:00.000Z',
      products: [
        { name: '野生土蜂蜜', category: 'honey', unit: 'jar', price: 6800 },
        { name: '蜂王浆', category: 'honey', unit: 'bottle', price: 12000 },
        { name: '蜂蜡块', category: 'other', price: 1500 },
        { name: '花粉', category: 'other', price: 3000 },
      ],
    });
    await addTestStore(db, {
      name: '草原牧家',
      provinceCode: SICHUAN,
      countyCode: ZOIGE,
      updatedAt: '2026-11-21T00:00:00.000Z',
      products: [{ name: '酸奶', category: 'meatEggs' }],
    });
    await addTestStore(db, {
      name: '红原牦牛肉',
      provinceCode: SICHUAN,
      countyCode: HONGYUAN,
      updatedAt: '2026-11-22T00:00:00.000Z',
      products: [{ name: '风干牦牛肉', category: 'meatEggs', price: 8000 }],
    });
    await addTestStore(db, { name: '川西杂货铺', provinceCode: SICHUAN, products: [{ name: '花椒' }] });
    await addTestStore(db, { name: '勐海茶园', provinceCode: YUNNAN, countyCode: MENGHAI, products: [{ name: '普洱茶饼', category: 'tea' }] });
    await addTestStore(db, { name: 'Himalaya Honey Co-op', regionOther: 'Kathmandu', village: 'Bhaktapur', products: [{ name: 'Wild honey', category: 'honey' }] });
    await addTestStore(db, { name: '草稿蜂蜜店', published: false, provinceCode: SICHUAN, countyCode: ZOIGE, products: [{ name: '野生土蜂蜜' }] });
    await addTestStore(db, { name: '已下架蜂蜜店', takenDown: true, provinceCode: BEIJING, products: [{ name: '野生土蜂蜜' }] });
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await server?.stop();
  });

  it('shows a tile per province whose counts equal the live stores in the database', async () => {
    const { status, html, res } = await get('/market');
    expect(status).toBe(200);
    const tiles = tileCounts(html);
    expect(tiles.size).toBe(34);
    const rows = await db
      .selectFrom('stores')
      .select(['province_code', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('published_at', 'is not', null)
      .where('taken_down_at', 'is', null)
      .where('province_code', 'is not', null)
      .groupBy('province_code')
      .execute();
    const expected = new Map([...tiles.keys()].map((code) => [code, 0]));
    for (const row of rows) if (row.province_code) expected.set(row.province_code, Number(row.n));
    expect(tiles).toEqual(expected);
    expect(tiles.get(SICHUAN)).toBe(4);
    expect(tiles.get(BEIJING)).toBe(0);
    // The list beside the map says the same, and counts the store outside the region list.
    expect(html).toMatch(/data-province="510000"[^>]*>\s*<span class="province-name"[^>]*>四川省<\/span>\s*<span class="province-count"[^>]*data-count="4"/);
    expect(html).toMatch(/data-province="other"[^>]*>[\s\S]*?data-count="1"/);
    expect(res.headers.get('server-timing')).toMatch(/^market;dur=\d+(\.\d+)?, market-cpu;dur=\d+(\.\d+)?$/);
  });

  it('ships no script at all, and never shows an unpublished or taken-down store', async () => {
    for (const page of ['/market', '/market?q=蜂蜜', `/market/${SICHUAN}`, `/market/${SICHUAN}/${ZOIGE}`, `/market/${BEIJING}`]) {
      const { status, html } = await get(page);
      expect(status, page).toBe(200);
      expect(html, page).not.toMatch(/<script/i);
      expect(html, page).not.toContain('草稿蜂蜜店');
      expect(html, page).not.toContain('已下架蜂蜜店');
    }
  });

  it('lists the most recently updated stores with their place and two or three priced products', async () => {
    const { html } = await get('/market');
    const names = cardNames(html);
    expect(names).toHaveLength(6);
    expect(names.slice(-3)).toEqual(['红原牦牛肉', '草原牧家', '若尔盖蜂场']);
    expect(html).toContain('若尔盖县 · 唐克镇');
    expect(html).toContain('Kathmandu · Bhaktapur');
    expect(html).toContain('¥68 / 罐');
    expect(html).toContain('¥120 / 瓶');
    expect(html).toContain('还有 1 样');
    expect(html).not.toContain('花粉');
  });

  it('finds a store by two characters of a product name, and says what to try when nothing matches', async () => {
    const found = await get(`/market?q=${encodeURIComponent('蜂蜜')}`);
    expect(cardNames(found.html)).toEqual(['若尔盖蜂场']);
    expect(found.html).toContain('1 家小店');
    const english = await get('/market?q=honey&lang=en');
    expect(cardNames(english.html)).toEqual(['Himalaya Honey Co-op']);
    const none = await get(`/market?q=${encodeURIComponent('高原土蜂蜜')}&province=${SICHUAN}`);
    expect(cardNames(none.html)).toEqual([]);
    expect(none.html).toContain('没有找到和“高原土蜂蜜”相关的小店');
    expect(none.html).toContain(`href="/market?q=${encodeURIComponent('土蜂蜜')}&province=${SICHUAN}"`);
    expect(none.html).toContain('换个短一点的词“土蜂蜜”：找到 1 家');
    expect(none.html).toContain('href="/market?category=honey"');
    const noneEn = await get('/market?q=walnuts&lang=en');
    expect(noneEn.html).toContain('try a Chinese word');
  });

  it('filters by province, by kind of product and by "other regions"', async () => {
    expect(cardNames((await get(`/market?province=${YUNNAN}`)).html)).toEqual(['勐海茶园']);
    expect(cardNames((await get('/market?category=tea')).html)).toEqual(['勐海茶园']);
    expect(cardNames((await get('/market?province=other')).html)).toEqual(['Himalaya Honey Co-op']);
    expect(cardNames((await get(`/market?category=honey&province=${SICHUAN}`)).html)).toEqual(['若尔盖蜂场']);
  });

  it('groups a province by county, with names shown and codes in the links', async () => {
    const { status, html } = await get(`/market/${SICHUAN}`);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>四川省的农户小店<\/h1>/);
    expect(html).toContain(`href="/market/${SICHUAN}/${ZOIGE}"`);
    expect(html).toContain(`href="/market/${SICHUAN}/${HONGYUAN}"`);
    expect(html).toMatch(/若尔盖县\s*<span[^>]*data-count="2"/);
    expect(html).toMatch(/红原县\s*<span[^>]*data-count="1"/);
    expect(html).toContain('阿坝藏族羌族自治州');
    // The store that gave no county is under "elsewhere in the province".
    expect(html).toContain('四川省其他地方');
    expect(cardNames(html).sort()).toEqual(['川西杂货铺', '红原牦牛肉', '草原牧家', '若尔盖蜂场'].sort());
    const english = await get(`/market/${SICHUAN}?lang=en`);
    expect(english.html).toContain('Farm stores in Sichuan 四川');
  });

  it('lists a county’s stores on its own page, and only that county’s', async () => {
    const { status, html } = await get(`/market/${SICHUAN}/${ZOIGE}`);
    expect(status).toBe(200);
    expect(html).toContain('四川省若尔盖县的农户小店');
    expect(cardNames(html)).toEqual(['草原牧家', '若尔盖蜂场']);
    const empty = await get(`/market/${SICHUAN}/510104`);
    expect(empty.status).toBe(200);
    expect(cardNames(empty.html)).toEqual([]);
    expect(empty.html).toContain('锦江区还没有开张的小店');
  });

  it('answers 404 for codes that are not places, or a county of another province', async () => {
    for (const page of ['/market/999999', '/market/other', '/market/sichuan', `/market/${SICHUAN}/${MENGHAI}`, `/market/${SICHUAN}/abc`, `/market/${YUNNAN}/${ZOIGE}`]) {
      expect((await get(page)).status, page).toBe(404);
    }
  });

  it('survives hostile addresses: a lenient reading, never an error page', async () => {
    for (const page of ['/market?page=-1', '/market?page=99999999', '/market?province=%00', '/market?q=%25%5F%5C', `/market?q=${'蜜'.repeat(500)}`, '/market?category=__proto__', '/market?q=%F0%9F%8D%AF']) {
      expect((await get(page)).status, page).toBe(200);
    }
    const beyond = await get('/market?category=honey&page=40');
    expect(beyond.status).toBe(200);
    expect(beyond.html).toContain('href="/market?category=honey"');
  });
});
