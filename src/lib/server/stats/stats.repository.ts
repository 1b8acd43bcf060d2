// All SQL for scan and page-view counts. Portable SQL only.
import type { Kysely } from 'kysely';
import type { Database, NewPageView, NewQrScan } from '../db/schema';

export async function insertScans(db: Kysely<Database>, rows: NewQrScan[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('qr_scans').values(rows).execute();
}

export async function insertViews(db: Kysely<Database>, rows: NewPageView[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('page_views').values(rows).execute();
}

/** Which of these stores still exist (counts for a store deleted a moment ago are dropped). */
export async function existingStoreIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('stores').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

export interface ScanRow {
  link_id: string;
  scanned_at: string;
  visitor: string;
}

export interface ViewRow {
  page: 'store' | 'product';
  viewed_at: string;
  visitor: string;
}

export async function listScansSince(db: Kysely<Database>, storeId: string, since: string): Promise<ScanRow[]> {
  return db
    .selectFrom('qr_scans')
    .select(['link_id', 'scanned_at', 'visitor'])
    .where('store_id', '=', storeId)
    .where('scanned_at', '>=', since)
    .execute();
}

export async function listViewsSince(db: Kysely<Database>, storeId: string, since: string): Promise<ViewRow[]> {
  return db
    .selectFrom('page_views')
    .select(['page', 'viewed_at', 'visitor'])
    .where('store_id', '=', storeId)
    .where('viewed_at', '>=', since)
    .execute();
}

/** All-time scans per code of a store. */
export async function countScansByLink(db: Kysely<Database>, storeId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('qr_scans')
    .select(['link_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('store_id', '=', storeId)
    .groupBy('link_id')
    .execute();
  return new Map(rows.map((r) => [r.link_id, Number(r.n)]));
}
