import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: takes Kysely<any> and never imports src/. Portable DDL (text ids, ISO-8601 UTC
// text timestamps), the same on SQLite and PostgreSQL.
//
// short_links: the permanent codes behind /q/<code>. Every store and product gets one "main" code;
// sellers add more per placement (door, box, stall …). Rows are never deleted: when a store or
// product goes, its codes stay as tombstones (store_id / product_id set null) so a printed code is
// never handed to somebody else and can still say "this shop has closed".
//
// qr_scans and page_views: one row per counted visit, written in small batches by the server. No IP
// address is stored; `visitor` is a salted hash whose salt changes every day and is never written.

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;

function newCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function newId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let i = 0; i < 26; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('short_links')
    .addColumn('id', 'varchar(32)', (col) => col.primaryKey().notNull())
    .addColumn('code', 'varchar(16)', (col) => col.notNull().unique())
    // 'store' or 'product': what the code was made for (kept when the product is deleted).
    .addColumn('target_kind', 'varchar(8)', (col) => col.notNull().check(sql.raw("target_kind in ('store', 'product')")))
    .addColumn('store_id', 'varchar(32)', (col) => col.references('stores.id').onDelete('set null'))
    .addColumn('product_id', 'varchar(32)', (col) => col.references('products.id').onDelete('set null'))
    // 'store:<id>' or 'product:<id>' for the one automatic code of each; null for placement codes.
    .addColumn('main_for', 'varchar(48)', (col) => col.unique())
    .addColumn('placement', 'varchar(16)', (col) =>
      col.notNull().check(sql.raw("placement in ('main', 'door', 'box', 'stall', 'poster', 'chat', 'other')")),
    )
    .addColumn('label', 'varchar(100)', (col) => col.notNull().defaultTo(''))
    .addColumn('created_by', 'varchar(32)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(30)', (col) => col.notNull())
    // Archived codes leave the seller's list but keep working (they may still be printed somewhere).
    .addColumn('archived_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('short_links_store_idx').on('short_links').column('store_id').execute();
  await db.schema.createIndex('short_links_product_idx').on('short_links').column('product_id').execute();

  await db.schema
    .createTable('qr_scans')
    .addColumn('id', 'varchar(32)', (col) => col.primaryKey().notNull())
    .addColumn('link_id', 'varchar(32)', (col) => col.notNull().references('short_links.id').onDelete('cascade'))
    .addColumn('store_id', 'varchar(32)', (col) => col.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('scanned_at', 'varchar(30)', (col) => col.notNull())
    .addColumn('visitor', 'varchar(16)', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('qr_scans_store_time_idx').on('qr_scans').columns(['store_id', 'scanned_at']).execute();

  await db.schema
    .createTable('page_views')
    .addColumn('id', 'varchar(32)', (col) => col.primaryKey().notNull())
    .addColumn('store_id', 'varchar(32)', (col) => col.notNull().references('stores.id').onDelete('cascade'))
    .addColumn('page', 'varchar(8)', (col) => col.notNull().check(sql.raw("page in ('store', 'product')")))
    .addColumn('viewed_at', 'varchar(30)', (col) => col.notNull())
    .addColumn('visitor', 'varchar(16)', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('page_views_store_time_idx').on('page_views').columns(['store_id', 'viewed_at']).execute();

  // Backfill: a main code for every store and product that exists already.
  const now = new Date().toISOString();
  const used = new Set<string>();
  const fresh = (): string => {
    let code = newCode();
    while (used.has(code)) code = newCode();
    used.add(code);
    return code;
  };
  const stores: { id: string; created_by: string | null }[] = await db.selectFrom('stores').select(['id', 'created_by']).execute();
  for (const store of stores) {
    await db
      .insertInto('short_links')
      .values({
        id: newId(),
        code: fresh(),
        target_kind: 'store',
        store_id: store.id,
        product_id: null,
        main_for: `store:${store.id}`,
        placement: 'main',
        label: '',
        created_by: null,
        created_at: now,
        archived_at: null,
      })
      .execute();
  }
  const products: { id: string; store_id: string }[] = await db.selectFrom('products').select(['id', 'store_id']).execute();
  for (const product of products) {
    await db
      .insertInto('short_links')
      .values({
        id: newId(),
        code: fresh(),
        target_kind: 'product',
        store_id: product.store_id,
        product_id: product.id,
        main_for: `product:${product.id}`,
        placement: 'main',
        label: '',
        created_by: null,
        created_at: now,
        archived_at: null,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('page_views').execute();
  await db.schema.dropTable('qr_scans').execute();
  await db.schema.dropTable('short_links').execute();
}
