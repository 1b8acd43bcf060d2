// Demo data for the QR pages: every demo store and product gets its main code, the stores get a
// few placement codes (door, market stall, chat group, box labels), and 30 days of made-up scans
// and page views so the studio chart and its sentences have something to say. Deterministic
// (a seeded generator), so the demo reads the same every time.
import type { Kysely } from 'kysely';
import type { Database, ShortLink } from '../db/schema';
import { insertScans, insertViews } from '../stats/stats.repository';
import { newId } from '../ids';
import { listProducts } from '../store/product.repository';
import { createPlacementLink, ensureMainLinks } from './links';
import { findMainLink, listPublishedStores } from './link.repository';

/** mulberry32: a tiny seeded generator, good enough for demo numbers. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoLinksSummary {
  codes: number;
  scans: number;
  views: number;
}

/** Call inside the seed transaction, after the demo stores were inserted. */
export async function seedDemoLinks(db: Kysely<Database>, now = new Date()): Promise<DemoLinksSummary> {
  const iso = now.toISOString();
  let codes = await ensureMainLinks(db, iso);
  const stores = await listPublishedStores(db);
  let scans = 0;
  let views = 0;
  for (const [index, store] of stores.entries()) {
    const userId = store.created_by ?? '';
    const random = generator(20261128 + index);
    const products = await listProducts(db, store.id, { visibleOnly: true });
    const placed: { link: ShortLink; perDay: (weekday: number, daysAgo: number) => number }[] = [];
    const add = async (
      productId: string | null,
      placement: 'door' | 'stall' | 'chat' | 'box',
      label: string,
      perDay: (weekday: number, daysAgo: number) => number,
      code?: string,
    ): Promise<void> => {
      const link = await createPlacementLink(db, { storeId: store.id, productId, placement, label, userId, unlogged: true, ...(code ? { code } : {}) }, iso);
      placed.push({ link, perDay });
      codes += 1;
    };
    // A door sign scanned now and then; a Saturday market stall; a chat-group link that was busy
    // the week it was posted; box labels that pick up as boxes reach buyers.
    // The door codes are fixed (by slug: HARVEST2 for 陈家牦牛肉, HARVEST3 for the orange
    // cooperative) so a demo, the README and
    // `npm run bench` can name one; every other code is random, as in real use.
    await add(null, 'door', '', () => (random() < 0.45 ? 1 + Math.floor(random() * 2) : 0), `HARVEST${index + 2}`);
    await add(null, 'stall', '县城周六集市', (weekday) => (weekday === 6 ? 4 + Math.floor(random() * 8) : random() < 0.15 ? 1 : 0));
    await add(null, 'chat', '老客户微信群', (_weekday, daysAgo) => (daysAgo >= 18 && daysAgo <= 21 ? 3 + Math.floor(random() * 6) : random() < 0.2 ? 1 : 0));
    for (const product of products.slice(0, 2)) {
      await add(product.id, 'box', '快递箱', (_weekday, daysAgo) => Math.floor(random() * (1 + (30 - daysAgo) / 6)));
    }
    const storeMain = await findMainLink(db, `store:${store.id}`);

    const scanRows = [];
    const viewRows = [];
    // Returning buyers: a pool of made-up visitors, some of whom come back on other days.
    const visitor = (): string => Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0') + Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
    for (let daysAgo = 29; daysAgo >= 0; daysAgo -= 1) {
      const dayStart = now.getTime() - daysAgo * 86_400_000;
      const weekday = new Date(dayStart).getUTCDay();
      const at = (): string => new Date(Math.min(now.getTime() - 60_000, dayStart - random() * 12 * 3_600_000)).toISOString();
      let dayScans = 0;
      for (const { link, perDay } of placed) {
        const count = perDay(weekday, daysAgo);
        const people = Array.from({ length: Math.max(1, Math.ceil(count * 0.8)) }, visitor);
        for (let i = 0; i < count; i += 1) {
          scanRows.push({ id: newId(), link_id: link.id, store_id: store.id, scanned_at: at(), visitor: people[i % people.length] ?? visitor() });
          dayScans += 1;
        }
      }
      if (storeMain && random() < 0.3) scanRows.push({ id: newId(), link_id: storeMain.id, store_id: store.id, scanned_at: at(), visitor: visitor() });
      const dayViews = dayScans + 2 + Math.floor(random() * 6);
      for (let i = 0; i < dayViews; i += 1) {
        viewRows.push({ id: newId(), store_id: store.id, page: random() < 0.6 ? ('store' as const) : ('product' as const), viewed_at: at(), visitor: visitor(), views: 1 });
      }
    }
    for (let i = 0; i < scanRows.length; i += 200) await insertScans(db, scanRows.slice(i, i + 200));
    for (let i = 0; i < viewRows.length; i += 200) await insertViews(db, viewRows.slice(i, i + 200));
    scans += scanRows.length;
    views += viewRows.length;
  }
  return { codes, scans, views };
}
