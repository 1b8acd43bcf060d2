// Short links and visit counts against a real database — a SQLite file, and PostgreSQL when
// TEST_DATABASE_URL is set: codes made with stores and products (and backfilled for older rows),
// tombstones when a store goes, batched count writes, the per-day report in TIME_ZONE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { createMigrator } from '../../src/lib/server/db/migrate';
import { findLinkTargetByCode, listLinksOfStore } from '../../src/lib/server/links/link.repository';
import { createPlacementLink, ensureMainLinks, placementLinkFor, resolveLink } from '../../src/lib/server/links/links';
import { storeReport } from '../../src/lib/server/stats/report';
import { databaseVisitWriter } from '../../src/lib/server/stats/visit-buffer';
import { createProduct, setProductHidden } from '../../src/lib/server/store/products';
import { createStore, deleteStore, publishStore } from '../../src/lib/server/store/stores';
import { tempDb, testBackends, type TestDb } from '../helpers/db';

const CODE = /^[2-9A-HJKMNP-Z]{8}$/;
const MIGRATION = '2026-11-28T1930_create_short_links';

describe.each(testBackends())('short links on %s', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await tempDb({ backend });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function shop(login = '13800138000', name = '陈家牦牛肉') {
    const userId = await createAccount(t.db, { login, displayName: '陈大山', password: 'my cows eat grass', locale: 'zh-CN' });
    const created = await createStore(t.db, userId, { name, phone: '13800138000', wechat: '', whatsapp: '' });
    if (!created.ok) throw new Error('could not create the test store');
    return { userId, store: created.store };
  }

  it('a new store and each new product get a permanent code of their own, at once', async () => {
    const { userId, store } = await shop();
    // Seconds apart: codes made in the same millisecond would be listed in the order of their random ids.
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const beef = await createProduct(t.db, store.id, userId, '风干牦牛肉', later(1));
    const honey = await createProduct(t.db, store.id, userId, '蜂蜜', later(2));
    const links = await listLinksOfStore(t.db, store.id);
    expect(links.map((l) => [l.main_for, l.placement, l.target_kind])).toEqual([
      [`store:${store.id}`, 'main', 'store'],
      [`product:${beef.id}`, 'main', 'product'],
      [`product:${honey.id}`, 'main', 'product'],
    ]);
    for (const link of links) expect(link.code).toMatch(CODE);
    expect(new Set(links.map((l) => l.code)).size).toBe(3);
    // Nothing is missing, so making sure again adds nothing.
    expect(await ensureMainLinks(t.db)).toBe(0);
  });

  it('a code leads to the current page: unpublished first, then the store, the product, the store again when hidden', async () => {
    const { userId, store } = await shop();
    const beef = await createProduct(t.db, store.id, userId, 'Dried beef');
    const links = await listLinksOfStore(t.db, store.id);
    const storeCode = links.find((l) => l.target_kind === 'store')?.code ?? '';
    const beefCode = links.find((l) => l.product_id === beef.id)?.code ?? '';
    const where = async (code: string) => {
      const row = await findLinkTargetByCode(t.db, code);
      return row ? resolveLink(row) : null;
    };
    expect(await where(storeCode)).toMatchObject({ state: 'unpublished', target: null });
    await publishStore(t.db, store, userId, true);
    expect(await where(storeCode)).toMatchObject({ state: 'live', target: `/s/${store.slug}` });
    // No price yet: the product is not on sale, its code opens the store.
    expect((await where(beefCode))?.target).toBe(`/s/${store.slug}`);
    await t.db.updateTable('products').set({ price_minor: 8000 }).where('id', '=', beef.id).execute();
    expect((await where(beefCode))?.target).toBe(`/s/${store.slug}/${beef.slug}`);
    await setProductHidden(t.db, { ...beef, price_minor: 8000 }, true, userId);
    expect((await where(beefCode))?.target).toBe(`/s/${store.slug}`);
  });

  it('placement codes: each place its own code for the same page; printing reuses the first of a kind', async () => {
    const { userId, store } = await shop();
    const door = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'door', label: '', userId });
    const stall = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'stall', label: '周六集市', userId });
    expect(door.code).not.toBe(stall.code);
    expect(door.main_for).toBeNull();
    expect((await placementLinkFor(t.db, { storeId: store.id, productId: null, placement: 'door', label: '', userId })).id).toBe(door.id);
    const box = await placementLinkFor(t.db, { storeId: store.id, productId: null, placement: 'box', label: '', userId });
    expect([door.id, stall.id]).not.toContain(box.id);
    // A chosen code (demo data) is used when free, a random one otherwise.
    const chosen = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'other', label: '', userId, code: 'HARVEST9' });
    expect(chosen.code).toBe('HARVEST9');
    const again = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'other', label: '', userId, code: 'HARVEST9' });
    expect(again.code).not.toBe('HARVEST9');
    expect(again.code).toMatch(CODE);
  });

  it('when a store is deleted its codes stay as tombstones ("this shop has closed") and are never reused; its counts go', async () => {
    const { userId, store } = await shop();
    const [main] = await listLinksOfStore(t.db, store.id);
    if (!main) throw new Error('no main code');
    await databaseVisitWriter(t.db)([{ linkId: main.id, storeId: store.id, at: new Date().toISOString(), visitor: 'aaaaaaaaaaaaaaaa' }], []);
    await deleteStore(t.db, store.id);
    const row = await findLinkTargetByCode(t.db, main.code);
    expect(row).not.toBeNull();
    if (row) expect(resolveLink(row)).toMatchObject({ state: 'closed', target: null, storeId: null });
    const scans = await t.db.selectFrom('qr_scans').select('id').execute();
    expect(scans).toEqual([]);
    expect(userId).toBeTruthy();
  });

  it('writes counts in one transaction, and drops only the counts of a store deleted meanwhile', async () => {
    const a = await shop('13800138000', 'Shop A');
    const b = await shop('13800138009', 'Shop B');
    const [linkA] = await listLinksOfStore(t.db, a.store.id);
    const [linkB] = await listLinksOfStore(t.db, b.store.id);
    if (!linkA || !linkB) throw new Error('no codes');
    await deleteStore(t.db, b.store.id);
    const at = new Date().toISOString();
    const scans = Array.from({ length: 450 }, (_, i) => ({ linkId: i % 3 === 0 ? linkB.id : linkA.id, storeId: i % 3 === 0 ? b.store.id : a.store.id, at, visitor: 'v'.repeat(16) }));
    // Rows of counted views: the first holds 5 views, the others 1 each.
    const views = Array.from({ length: 10 }, (_, i) => ({ storeId: a.store.id, page: 'store' as const, at, visitor: 'v'.repeat(16), views: i === 0 ? 5 : 1 }));
    await databaseVisitWriter(t.db)(scans, views);
    const count = await t.db.selectFrom('qr_scans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    expect(Number(count?.n)).toBe(300);
    const viewCount = await t.db
      .selectFrom('page_views')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('views').as('views')])
      .executeTakeFirst();
    expect(Number(viewCount?.n)).toBe(10);
    expect(Number(viewCount?.views)).toBe(14);
    // The same batch sizes again run the INSERTs compiled the first time: every value lands in its column.
    await databaseVisitWriter(t.db)(
      scans.filter((s) => s.storeId === a.store.id).map((s, i) => ({ ...s, visitor: i === 0 ? 'firstfirstfirst1' : 'w'.repeat(16) })),
      views,
    );
    const again = await t.db.selectFrom('qr_scans').select(['link_id', 'visitor']).execute();
    expect(again).toHaveLength(600);
    expect(again.filter((r) => r.visitor === 'firstfirstfirst1')).toEqual([{ link_id: linkA.id, visitor: 'firstfirstfirst1' }]);
    expect(again.every((r) => r.link_id === linkA.id)).toBe(true);
  });

  it('reports per day in TIME_ZONE, people per place this week, and counts per code', async () => {
    const { userId, store } = await shop();
    const box = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'box', label: '', userId });
    const door = await createPlacementLink(t.db, { storeId: store.id, productId: null, placement: 'door', label: '', userId });
    const now = new Date('2026-11-28T10:00:00Z'); // 18:00 in Shanghai
    const scan = (linkId: string, at: string, visitor: string) => ({ linkId, storeId: store.id, at, visitor });
    await databaseVisitWriter(t.db)(
      [
        // 2026-11-27 16:30 UTC is already 2026-11-28 00:30 in Shanghai: today.
        scan(box.id, '2026-11-27T16:30:00.000Z', 'aaaaaaaaaaaaaaaa'),
        scan(box.id, '2026-11-28T09:00:00.000Z', 'aaaaaaaaaaaaaaaa'),
        scan(box.id, '2026-11-28T09:05:00.000Z', 'bbbbbbbbbbbbbbbb'),
        // 15:30 UTC on the 27th is 23:30 in Shanghai: yesterday, another day's hash.
        scan(box.id, '2026-11-27T15:30:00.000Z', 'cccccccccccccccc'),
        scan(door.id, '2026-11-25T02:00:00.000Z', 'dddddddddddddddd'),
        // Ten days ago: in the month, not the week.
        scan(door.id, '2026-11-18T02:00:00.000Z', 'eeeeeeeeeeeeeeee'),
        // Forty days ago: outside the chart, still in the all-time count.
        scan(door.id, '2026-10-19T02:00:00.000Z', 'ffffffffffffffff'),
      ],
      [
        // A row holds every view of a page kind by one visitor within a minute: 3 + 1 views.
        { storeId: store.id, page: 'store', at: '2026-11-28T08:00:00.000Z', visitor: 'aaaaaaaaaaaaaaaa', views: 3 },
        { storeId: store.id, page: 'product', at: '2026-11-28T08:01:00.000Z', visitor: 'aaaaaaaaaaaaaaaa', views: 1 },
      ],
    );
    const report = await storeReport(t.db, store.id, 'Asia/Shanghai', now);
    expect(report.days).toHaveLength(30);
    const day = (d: string) => report.days.find((x) => x.day === d);
    expect(day('2026-11-28')).toEqual({ day: '2026-11-28', scans: 3, scanners: 2, views: 4 });
    expect(day('2026-11-27')).toEqual({ day: '2026-11-27', scans: 1, scanners: 1, views: 0 });
    expect(day('2026-11-25')?.scans).toBe(1);
    expect(report.week.scans).toBe(5);
    expect(report.week.byPlacement).toEqual([
      { placement: 'box', people: 3, scans: 4 },
      { placement: 'door', people: 1, scans: 1 },
    ]);
    expect(report.week.views).toBe(4);
    expect(report.month.scans).toBe(6);
    expect(report.byLink.get(box.id)).toEqual({ week: 4, month: 4, total: 4 });
    expect(report.byLink.get(door.id)).toEqual({ week: 1, month: 2, total: 3 });
  });
});

describe.each(testBackends())('the short-links migration on %s', (backend) => {
  let t: TestDb;
  afterEach(async () => {
    await t.cleanup();
  });

  it('gives every store and product that existed before it a main code', async () => {
    t = await tempDb({ backend, migrate: false });
    const migrator = createMigrator(t.db);
    const names = (await migrator.getMigrations()).map((m) => m.name).sort();
    const before = names[names.indexOf(MIGRATION) - 1];
    if (!before) throw new Error(`${MIGRATION} is missing or first`);
    const first = await migrator.migrateTo(before);
    expect(first.error).toBeUndefined();
    const now = new Date().toISOString();
    const store = (id: string, slug: string) => ({
      id, slug, name: slug, tagline: '', story_json: null, story_text: '', province_code: null, county_code: null, village: '', region_other: '',
      phone: '1', wechat: '', whatsapp: '', pickup_note: '', delivery_note: '', cover_photo_id: null, published_at: now, first_published_at: now,
      taken_down_at: null, taken_down_reason: null, taken_down_by: null, version: 1, edit_version: 1, created_by: null, created_at: now, updated_at: now,
    });
    await t.db.insertInto('stores').values([store('s1', 'one'), store('s2', 'two')]).execute();
    await t.db
      .insertInto('products')
      .values({ id: 'p1', store_id: 's1', slug: 'beef', name: 'beef', price_minor: 100, currency: 'CNY', unit: 'jin', price_by_weight: 0, availability: 'inStock', harvest_date: null, stock: null, category: 'other', description_json: null, description_text: '', position: 1, hidden: 0, version: 1, created_at: now, updated_at: now, updated_by: null })
      .execute();
    const rest = await migrator.migrateToLatest();
    expect(rest.error).toBeUndefined();
    const links = await t.db.selectFrom('short_links').select(['code', 'main_for', 'store_id', 'product_id']).orderBy('main_for').execute();
    expect(links.map((l) => l.main_for)).toEqual(['product:p1', 'store:s1', 'store:s2']);
    for (const link of links) expect(link.code).toMatch(CODE);
    expect(new Set(links.map((l) => l.code)).size).toBe(3);
  });
});
