// All SQL for scan and page-view counts. Portable SQL only.
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import { backendOf } from '../db/dialect';
import type { Database, NewPageView, NewQrScan } from '../db/schema';

// Counts arrive in batches of the same few sizes, thousands of rows a second on a busy store: the
// multi-row INSERT is compiled by Kysely once per table, backend and row count, then only run with
// new parameters (compiling a 200-row statement cost more than running it).
const compiledInserts = new Map<string, { sql: string; columns: string[] }>();

async function insertRows<T extends 'qr_scans' | 'page_views'>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const key = `${backendOf(db)} ${table} ${rows.length} ${columns.join(',')}`;
  const cached = compiledInserts.get(key);
  const sameShape = rows.every((row) => {
    const keys = Object.keys(row);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i]);
  });
  if (cached && sameShape) {
    const parameters = rows.flatMap((row) => columns.map((column) => (row as Record<string, unknown>)[column]));
    await db.executeQuery(CompiledQuery.raw(cached.sql, parameters));
    return;
  }
  const compiled = db.insertInto(table).values(rows as never).compile();
  if (sameShape && compiledInserts.size < 64) compiledInserts.set(key, { sql: compiled.sql, columns });
  await db.executeQuery(compiled);
}

export async function insertScans(db: Kysely<Database>, rows: NewQrScan[]): Promise<void> {
  await insertRows(db, 'qr_scans', rows);
}

export async function insertViews(db: Kysely<Database>, rows: NewPageView[]): Promise<void> {
  await insertRows(db, 'page_views', rows);
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
  views: number;
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
    .select(['page', 'viewed_at', 'visitor', 'views'])
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
