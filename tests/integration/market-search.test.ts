// The market's one search function on both backends (PostgreSQL when TEST_DATABASE_URL is set):
// Chinese terms of any length, English, places, filters, pages, and the rule that only live stores
// and visible products are ever found. Data is made here through the store repository.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/schema';
import { textSearchKind, TRIGRAM_MIN_CHARS } from '../../src/lib/server/db/text-search';
import { countLiveStoresByCounty, countLiveStoresByProvince, listCardProducts, searchMarketStores } from '../../src/lib/server/market/market.repository';
import { loadDirectory, loadProvincePage } from '../../src/lib/server/market/market';
import { loadMarketMap } from '../../src/lib/server/market/map';
import { readMarketParams, regionFilterFor, toMarketQuery } from '../../src/lib/server/market/query';
import { findProvince } from '../../src/lib/regions';
import { updateProduct, deleteProductRow } from '../../src/lib/server/store/product.repository';
import { deleteStoreRow, updateStore } from '../../src/lib/server/store/store.repository';
import { tempDb, testBackends, type TestDb } from '../helpers/db';
import { addTestStore, idsOf } from '../helpers/market';

const SICHUAN = '510000';
const ZOIGE = '513232'; // 若尔盖县, 阿坝藏族羌族自治州
const HONGYUAN = '513233'; // 红原县, 阿坝藏族羌族自治州
const YUNNAN = '530000';
const MENGHAI = '532822'; // 勐海县, 西双版纳傣族自治州

/** The directory's answer for an address query string, e.g. "q=蜂蜜&province=510000". */
async function search(db: Kysely<Database>, query: string): Promise<{ ids: string[]; total: number }> {
  const result = await searchMarketStores(db, toMarketQuery(readMarketParams(new URLSearchParams(query))));
  return { ids: idsOf(result.rows), total: result.total };
}

describe.each(testBackends())('market search on %s', (backend) => {
  let handle: TestDb;
  let db: Kysely<Database>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await tempDb({ backend });
    db = handle.db;
    const honey = await addTestStore(db, {
      name: '阿坝高原蜂场',
      tagline: '高原上的百花蜜',
      story: '我们一家三代在若尔盖草原养蜂。',
      provinceCode: SICHUAN,
      countyCode: ZOIGE,
      village: '唐克镇',
      updatedAt: '2026-11-20T08:00:00.000Z',
      products: [
        { name: '野生土蜂蜜', description: '百花蜜，每年只取一次。', category: 'honey', unit: 'jar', price: 6800 },
        { name: '蜂蜡', description: '手工蜂蜡', category: 'other' },
      ],
    });
    ids['honey'] = honey.id;
    const beef = await addTestStore(db, {
      name: '陈家风干牦牛肉',
      story: 'Dried yak beef from the grasslands of Hongyuan.',
      provinceCode: SICHUAN,
      countyCode: HONGYUAN,
      updatedAt: '2026-11-21T08:00:00.000Z',
      products: [
        { name: '风干牦牛肉', description: '手撕风干，麻辣和原味。', category: 'meatEggs', price: 8000 },
        { name: 'Secret honey blend', description: 'hidden draft', category: 'honey', hidden: true },
        { name: '待定价的核桃', category: 'driedGoods', price: null },
      ],
    });
    ids['beef'] = beef.id;
    const tea = await addTestStore(db, {
      name: 'Menghai Tea Garden',
      tagline: 'Pu-erh tea from old trees',
      provinceCode: YUNNAN,
      countyCode: MENGHAI,
      updatedAt: '2026-11-22T08:00:00.000Z',
      products: [{ name: 'Raw Pu-erh cake', description: 'Spring harvest, 357 g cake. Notes of HONEY and orchid.', category: 'tea', unit: 'piece' }],
    });
    ids['tea'] = tea.id;
    const elsewhere = await addTestStore(db, {
      name: 'Mountain Farm Co-op',
      regionOther: 'Kathmandu valley',
      updatedAt: '2026-11-19T08:00:00.000Z',
      products: [{ name: 'Buckwheat honey', category: 'honey' }],
    });
    ids['elsewhere'] = elsewhere.id;
    const draft = await addTestStore(db, {
      name: '未开张的蜂蜜小店',
      published: false,
      provinceCode: SICHUAN,
      countyCode: ZOIGE,
      products: [{ name: '野生土蜂蜜', category: 'honey' }],
    });
    ids['draft'] = draft.id;
    const takenDown = await addTestStore(db, {
      name: 'Taken down honey shop',
      takenDown: true,
      provinceCode: SICHUAN,
      countyCode: ZOIGE,
      products: [{ name: '野生土蜂蜜', category: 'honey' }],
    });
    ids['takenDown'] = takenDown.id;
  }, 60_000);

  afterAll(async () => {
    await handle?.cleanup();
  });

  it('finds a store by a two-character substring of a Chinese product name (蜂蜜 in 野生土蜂蜜)', async () => {
    expect((await search(db, 'q=蜂蜜')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=土蜂')).ids).toEqual([ids['honey']]);
  });

  it('finds one-character and long Chinese terms, in names, descriptions and stories', async () => {
    expect((await search(db, 'q=蜡')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=野生土蜂蜜')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=每年只取一次')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=牦牛')).ids).toEqual([ids['beef']]);
    expect((await search(db, 'q=手撕风干')).ids).toEqual([ids['beef']]);
    expect((await search(db, 'q=三代')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=高原上的百花蜜')).ids).toEqual([ids['honey']]);
  });

  it('finds a one- or two-character term at the very end of the text too', async () => {
    const store = await addTestStore(db, { name: 'End test', products: [{ name: 'x product', description: '山里养的猪做的腊肉' }] });
    expect((await search(db, 'q=腊肉')).ids).toEqual([store.id]);
    expect((await search(db, 'q=肉')).ids).toContain(store.id);
    expect((await search(db, 'q=猪做的腊肉')).ids).toEqual([store.id]);
    await deleteStoreRow(db, store.id);
  });

  it('never finds an unpublished or taken-down store, even by its own name', async () => {
    const found = await search(db, 'q=野生土蜂蜜');
    expect(found.ids).not.toContain(ids['draft']);
    expect(found.ids).not.toContain(ids['takenDown']);
    expect((await search(db, 'q=未开张')).total).toBe(0);
    expect((await search(db, 'q=taken down')).total).toBe(0);
    const all = await search(db, '');
    expect(all.ids).not.toContain(ids['draft']);
    expect(all.ids).not.toContain(ids['takenDown']);
    expect(all.total).toBe(4);
  });

  it('ignores the text of hidden and unpriced products (buyers cannot see them)', async () => {
    expect((await search(db, 'q=secret honey blend')).total).toBe(0);
    expect((await search(db, 'q=核桃')).total).toBe(0);
  });

  it('finds English case-insensitively and by part of a word, every word required', async () => {
    expect((await search(db, 'q=honey')).ids.sort()).toEqual([ids['tea'], ids['elsewhere']].sort());
    expect((await search(db, 'q=HONEY')).ids.sort()).toEqual([ids['tea'], ids['elsewhere']].sort());
    expect((await search(db, 'q=Pu-erh')).ids).toEqual([ids['tea']]);
    expect((await search(db, 'q=buckwheat honey')).ids).toEqual([ids['elsewhere']]);
    expect((await search(db, 'q=orchid honey')).ids).toEqual([ids['tea']]);
    expect((await search(db, 'q=yak')).ids).toEqual([ids['beef']]);
    // Full-width letters typed on a Chinese keyboard are the same letters.
    expect((await search(db, 'q=ｈｏｎｅｙ')).total).toBe(2);
  });

  it('finds stores by the place a word names: a county, a prefecture, a province in either language', async () => {
    expect((await search(db, 'q=若尔盖')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=红原')).ids).toEqual([ids['beef']]);
    expect((await search(db, 'q=阿坝')).ids.sort()).toEqual([ids['honey'], ids['beef']].sort());
    expect((await search(db, 'q=四川 蜂蜜')).ids).toEqual([ids['honey']]);
    expect((await search(db, 'q=sichuan')).ids.sort()).toEqual([ids['honey'], ids['beef']].sort());
    expect((await search(db, 'q=yunnan tea')).ids).toEqual([ids['tea']]);
  });

  it('treats LIKE and FTS syntax in the search box as plain text', async () => {
    // Only punctuation: no word to look for, so the whole directory, like an empty search.
    for (const q of ['%', '_', '%%', '\\', '"', "'", '*', '()']) {
      expect((await search(db, `q=${encodeURIComponent(q)}`)).total, q).toBe(4);
    }
    expect((await search(db, `q=${encodeURIComponent('"蜂蜜"')}`)).ids).toEqual([ids['honey']]);
    expect((await search(db, `q=${encodeURIComponent('蜂*')}`)).ids).toEqual([ids['honey']]);
    expect((await search(db, `q=${encodeURIComponent('100%_蜂')}`)).total).toBe(0);
    expect((await search(db, `q=${encodeURIComponent('NEAR(a b)')}`)).total).toBe(0);
    // OR is a word like any other: every word must match.
    expect((await search(db, `q=${encodeURIComponent('honey OR orchid')}`)).ids).toEqual([ids['tea']]);
  });

  it('filters by province, by stores outside the region list, and by a kind of product buyers can see', async () => {
    expect((await search(db, `province=${SICHUAN}`)).ids).toEqual([ids['beef'], ids['honey']]);
    expect((await search(db, `province=${YUNNAN}`)).ids).toEqual([ids['tea']]);
    expect((await search(db, 'province=other')).ids).toEqual([ids['elsewhere']]);
    expect((await search(db, 'category=honey')).ids).toEqual([ids['honey'], ids['elsewhere']]);
    // The beef store's honey product is hidden: it is not a honey store to buyers.
    expect((await search(db, `category=honey&province=${SICHUAN}`)).ids).toEqual([ids['honey']]);
    expect((await search(db, 'category=tea&q=honey')).ids).toEqual([ids['tea']]);
    expect((await search(db, 'category=handicraft')).total).toBe(0);
  });

  it('lists the most recently updated first', async () => {
    expect((await search(db, '')).ids).toEqual([ids['tea'], ids['beef'], ids['honey'], ids['elsewhere']]);
  });

  it('keeps the search index in step with edits (triggers), on every write path', async () => {
    const store = await addTestStore(db, {
      name: '临时小店',
      provinceCode: SICHUAN,
      products: [{ name: '酸菜', description: '东北酸菜' }, { name: '黄花菜' }],
    });
    expect((await search(db, 'q=酸菜')).ids).toEqual([store.id]);
    const [sauerkraut = '', daylily = ''] = store.productIds;
    await updateProduct(db, sauerkraut, { name: '泡菜', description_text: '四川泡菜' });
    expect((await search(db, 'q=酸菜')).total).toBe(0);
    expect((await search(db, 'q=四川泡菜')).ids).toEqual([store.id]);
    await updateProduct(db, daylily, { hidden: 1 });
    expect((await search(db, 'q=黄花菜')).total).toBe(0);
    await updateProduct(db, daylily, { hidden: 0 });
    expect((await search(db, 'q=黄花菜')).ids).toEqual([store.id]);
    await deleteProductRow(db, daylily);
    expect((await search(db, 'q=黄花菜')).total).toBe(0);
    await updateStore(db, store.id, { name: '改名后的小店' }, new Date().toISOString());
    expect((await search(db, 'q=改名后')).ids).toEqual([store.id]);
    expect((await search(db, 'q=临时小店')).total).toBe(0);
    await updateStore(db, store.id, { published_at: null }, new Date().toISOString());
    expect((await search(db, 'q=改名后')).total).toBe(0);
    await deleteStoreRow(db, store.id);
    const left = await db.selectFrom('market_search_docs').select('store_id').where('store_id', '=', store.id).execute();
    expect(left).toEqual([]);
  });

  it('answers terms of 3 or more characters from the trigram index', async () => {
    const kind = await textSearchKind(db);
    if (backend === 'sqlite') {
      expect(kind).toBe('sqlite-fts5-trigram');
      const plan = await sql<{ detail: string }>`explain query plan select store_id from market_search_docs where doc_id in (select rowid from market_search where market_search match ${'"土蜂蜜"'})`.execute(db);
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
      // And the trigram index really has nothing for a 2-character term: why short terms use LIKE.
      expect([...'蜂蜜'].length).toBeLessThan(TRIGRAM_MIN_CHARS);
      const direct = await sql<{ n: number }>`select count(*) as n from market_search where market_search match ${'"蜂蜜"'}`.execute(db);
      expect(Number(direct.rows[0]?.n)).toBe(0);
      return;
    }
    expect(['postgres-pg-trgm', 'postgres-scan']).toContain(kind);
    // The search runs its LIKE inside a function planned with sequential scans off…
    const config = await sql<{ proconfig: string[] | null }>`select proconfig from pg_proc where proname = 'market_search_store_ids'`.execute(db);
    expect(config.rows[0]?.proconfig).toContain('enable_seqscan=off');
    if (kind !== 'postgres-pg-trgm') return;
    // …which, with the trigram index there, is a plan through the index.
    const plan = await db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      const result = await sql<{ 'QUERY PLAN': string }>`explain select store_id from market_search_docs where body ilike ${'%土蜂蜜%'}`.execute(conn);
      await sql`reset enable_seqscan`.execute(conn);
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/market_search_docs_body_trgm/);
  });

  it('pages through many stores in a stable order: no store twice, none left out, ties broken by id', async () => {
    const local = await tempDb({ backend });
    try {
      const same = '2026-11-25T00:00:00.000Z';
      const made: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        made.push((await addTestStore(local.db, { name: `合作社 ${i}`, updatedAt: i < 25 ? same : `2026-11-26T0${i - 25}:00:00.000Z`, products: [{ name: '苹果' }] })).id);
      }
      const pages: string[][] = [];
      for (let page = 1; page <= 3; page += 1) {
        const result = await searchMarketStores(local.db, { ...toMarketQuery(readMarketParams(new URLSearchParams('q=苹果'))), page });
        expect(result.total).toBe(30);
        pages.push(idsOf(result.rows));
      }
      expect(pages.map((p) => p.length)).toEqual([12, 12, 6]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(30);
      expect([...all].sort()).toEqual([...made].sort());
      // The 25 stores updated at the same instant come last, in (descending) id order.
      expect(all.slice(5)).toEqual(made.slice(0, 25).sort().reverse());
      // Past the last page: no rows, but the count still says how many there are.
      const beyond = await searchMarketStores(local.db, { ...toMarketQuery(readMarketParams(new URLSearchParams('q=苹果'))), page: 9 });
      expect(beyond).toEqual({ rows: [], total: 30 });
    } finally {
      await local.cleanup();
    }
  });

  it('counts live stores per province and county exactly as the database has them', async () => {
    const byProvince = await countLiveStoresByProvince(db);
    const direct = await db
      .selectFrom('stores')
      .select(['province_code', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('published_at', 'is not', null)
      .where('taken_down_at', 'is', null)
      .groupBy('province_code')
      .execute();
    expect(new Map(direct.map((r) => [r.province_code, Number(r.n)]))).toEqual(byProvince);
    expect(byProvince.get(SICHUAN)).toBe(2);
    const map = await loadMarketMap(db);
    expect(map.tiles).toHaveLength(34);
    expect(map.tiles.find((t) => t.code === SICHUAN)?.count).toBe(2);
    expect(map.tiles.find((t) => t.code === YUNNAN)?.count).toBe(1);
    expect(map.otherCount).toBe(1);
    expect(map.total).toBe(4);
    const byCounty = await countLiveStoresByCounty(db, SICHUAN);
    expect(byCounty).toEqual(new Map([[ZOIGE, 1], [HONGYUAN, 1]]));
  });

  it('groups a province by county and shows two or three visible products per card', async () => {
    const province = findProvince(SICHUAN);
    if (!province) throw new Error('四川 missing from the region list');
    const page = await loadProvincePage(db, province);
    expect(page.total).toBe(2);
    expect(page.prefectures.map((g) => g.label)).toEqual(['阿坝藏族羌族自治州']);
    expect(page.prefectures[0]?.counties.map((c) => [c.county?.name, c.count, c.cards.map((card) => card.name)])).toEqual([
      ['若尔盖县', 1, ['阿坝高原蜂场']],
      ['红原县', 1, ['陈家风干牦牛肉']],
    ]);
    const beefCard = page.prefectures[0]?.counties[1]?.cards[0];
    // Only the priced, visible product: the hidden and the unpriced ones are not shown or counted.
    expect(beefCard?.products.map((p) => p.name)).toEqual(['风干牦牛肉']);
    expect(beefCard?.moreProducts).toBe(0);
    const products = await listCardProducts(db, [ids['honey'] ?? ''], 1);
    expect(products.get(ids['honey'] ?? '')).toMatchObject({ onSale: 2, products: [{ name: '野生土蜂蜜' }] });
  });

  it('suggests what to try when nothing matches', async () => {
    const filtered = await loadDirectory(db, readMarketParams(new URLSearchParams(`q=honey&province=${SICHUAN}`)));
    expect(filtered.page.total).toBe(0);
    expect(filtered.suggestions?.withoutFilters).toBe(2);
    // Shorter forms of a long word, each only when it finds something, with its count.
    const long = await loadDirectory(db, readMarketParams(new URLSearchParams('q=高原土蜂蜜')));
    expect(long.page.total).toBe(0);
    expect(long.suggestions?.shorterWords).toEqual([
      { q: '土蜂蜜', count: 1 },
      { q: '蜂蜜', count: 1 },
      { q: '高原', count: 1 },
    ]);
    const nothing = await loadDirectory(db, readMarketParams(new URLSearchParams('q=东北大米')));
    expect(nothing.suggestions).toEqual({ withoutFilters: 0, shorterWords: [], singleWords: [] });
    const two = await loadDirectory(db, readMarketParams(new URLSearchParams('q=蜂蜜 tea')));
    expect(two.suggestions?.singleWords).toEqual([
      { q: '蜂蜜', count: 1 },
      { q: 'tea', count: 1 },
    ]);
    expect(regionFilterFor('other').kind).toBe('other');
  });
});
