// What the code pages show, loaded in a few queries.
import type { Kysely } from 'kysely';
import type { Database, Product, Store } from '../db/schema';
import { paths } from '../../paths';
import { findProductById, listProducts } from '../store/product.repository';
import { findStoreById } from '../store/store.repository';
import { normaliseShortCode } from './code';
import { resolveLink, type LinkResolution } from './links';
import { isOnSale } from '../store/products';
import { storeReport, type LinkCounts, type StoreReport } from '../stats/report';
import { findLinkTargetByCode, findMainLink, listLinksOfStore, type StoreLinkRow } from './link.repository';

export interface LinkListItem {
  link: StoreLinkRow;
  counts: LinkCounts;
}

export interface LinksPage {
  /** The store's main code first, then its placements; then each product's codes in the seller's order. */
  active: LinkListItem[];
  archived: LinkListItem[];
  products: Product[];
  report: StoreReport;
  storeCode: string | null;
}

function sortKey(item: LinkListItem): [number, number, number, string] {
  const { link } = item;
  const productOrder = link.target_kind === 'store' ? -1 : (link.product_position ?? Number.MAX_SAFE_INTEGER);
  return [productOrder, link.placement === 'main' ? 0 : 1, 0, `${link.created_at} ${link.id}`];
}

function compare(a: LinkListItem, b: LinkListItem): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka[0] - kb[0] || ka[1] - kb[1] || ka[3].localeCompare(kb[3]);
}

export async function loadLinksPage(db: Kysely<Database>, store: Store, timeZone: string): Promise<LinksPage> {
  const [links, products, report] = await Promise.all([
    listLinksOfStore(db, store.id),
    listProducts(db, store.id, { visibleOnly: false }),
    storeReport(db, store.id, timeZone),
  ]);
  const items = links.map((link) => ({ link, counts: report.byLink.get(link.id) ?? { week: 0, month: 0, total: 0 } })).sort(compare);
  const storeCode = links.find((l) => l.main_for === `store:${store.id}`)?.code ?? null;
  return {
    active: items.filter((i) => i.link.archived_at === null),
    archived: items.filter((i) => i.link.archived_at !== null),
    products,
    report,
    storeCode,
  };
}

/** The main code of a store (productId null) or product, for Share buttons; null if it has none yet. */
export async function mainCodeOf(db: Kysely<Database>, storeId: string, productId: string | null): Promise<string | null> {
  const link = await findMainLink(db, productId === null ? `store:${storeId}` : `product:${productId}`);
  return link?.code ?? null;
}

export interface PrintView {
  /** Every active code of the store, for the "which code" choice. */
  codes: StoreLinkRow[];
  /** Products that buyers can see (shown, priced), in the seller's order. */
  onSale: Product[];
}

export async function loadPrintView(db: Kysely<Database>, store: Store): Promise<PrintView> {
  const [codes, products] = await Promise.all([listLinksOfStore(db, store.id), listProducts(db, store.id, { visibleOnly: true })]);
  return {
    codes: codes.filter((c) => c.archived_at === null).sort((a, b) => Number(a.target_kind !== 'store') - Number(b.target_kind !== 'store') || (a.product_position ?? 0) - (b.product_position ?? 0)),
    onSale: products.filter(isOnSale),
  };
}

export type CodePage =
  | { kind: 'malformed' }
  | { kind: 'unknown'; code: string }
  | { kind: 'closed' | 'unavailable'; code: string }
  | { kind: 'live'; code: string; target: string; store: Store; productName: string | null; link: LinkResolution };

/** What /q/<code> pages show when read from the database (the redirect itself never comes here). */
export async function loadCodePage(db: Kysely<Database>, raw: string): Promise<CodePage> {
  const code = normaliseShortCode(raw);
  if (code === null) return { kind: 'malformed' };
  const row = await findLinkTargetByCode(db, code);
  if (!row) return { kind: 'unknown', code };
  const resolution = resolveLink(row);
  if (resolution.state === 'closed') return { kind: 'closed', code };
  if (resolution.state !== 'live' || resolution.target === null || row.store_id === null) return { kind: 'unavailable', code };
  const store = await findStoreById(db, row.store_id);
  if (!store) return { kind: 'closed', code };
  const product = row.product_id && resolution.target !== paths.store(store.slug) ? await findProductById(db, row.product_id) : null;
  return { kind: 'live', code, target: resolution.target, store, productName: product?.name ?? null, link: resolution };
}
