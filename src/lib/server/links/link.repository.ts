// All SQL for short links. Portable SQL only: the same statements run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { Database, NewShortLink, Placement, ShortLink, ShortLinkUpdate } from '../db/schema';

/** Inserts the link unless its code (or its main_for) is taken; false means "pick another code". */
export async function insertLinkIfFree(db: Kysely<Database>, link: NewShortLink): Promise<boolean> {
  const result = await db
    .insertInto('short_links')
    .values(link)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findLinkById(db: Kysely<Database>, id: string): Promise<ShortLink | null> {
  return (await db.selectFrom('short_links').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findLinkByCode(db: Kysely<Database>, code: string): Promise<ShortLink | null> {
  return (await db.selectFrom('short_links').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
}

export async function findMainLink(db: Kysely<Database>, mainFor: string): Promise<ShortLink | null> {
  return (await db.selectFrom('short_links').selectAll().where('main_for', '=', mainFor).executeTakeFirst()) ?? null;
}

/** Everything needed to decide where a code leads: the link with its store's and product's state. */
export interface LinkTargetRow {
  id: string;
  code: string;
  target_kind: 'store' | 'product';
  store_id: string | null;
  product_id: string | null;
  store_slug: string | null;
  store_published_at: string | null;
  store_taken_down_at: string | null;
  product_slug: string | null;
  product_hidden: number | null;
  product_price_minor: number | null;
}

function targetRows(db: Kysely<Database>) {
  return db
    .selectFrom('short_links')
    .leftJoin('stores', 'stores.id', 'short_links.store_id')
    .leftJoin('products', 'products.id', 'short_links.product_id')
    .select([
      'short_links.id',
      'short_links.code',
      'short_links.target_kind',
      'short_links.store_id',
      'short_links.product_id',
      'stores.slug as store_slug',
      'stores.published_at as store_published_at',
      'stores.taken_down_at as store_taken_down_at',
      'products.slug as product_slug',
      'products.hidden as product_hidden',
      'products.price_minor as product_price_minor',
    ]);
}

export async function findLinkTargetByCode(db: Kysely<Database>, code: string): Promise<LinkTargetRow | null> {
  return (await targetRows(db).where('short_links.code', '=', code).executeTakeFirst()) ?? null;
}

export async function listLinkTargets(db: Kysely<Database>): Promise<LinkTargetRow[]> {
  return targetRows(db).execute();
}

export async function listLinkTargetsOfStore(db: Kysely<Database>, storeId: string): Promise<LinkTargetRow[]> {
  return targetRows(db).where('short_links.store_id', '=', storeId).execute();
}

/** A store's codes for the seller's list, with the product's current name. */
export interface StoreLinkRow extends ShortLink {
  product_name: string | null;
  product_position: number | null;
}

export async function listLinksOfStore(db: Kysely<Database>, storeId: string): Promise<StoreLinkRow[]> {
  return db
    .selectFrom('short_links')
    .leftJoin('products', 'products.id', 'short_links.product_id')
    .selectAll('short_links')
    .select(['products.name as product_name', 'products.position as product_position'])
    .where('short_links.store_id', '=', storeId)
    .orderBy('short_links.created_at')
    .orderBy('short_links.id')
    .execute();
}

/** The first unarchived placement code of a kind for a store (productId null) or product. */
export async function findPlacementLink(
  db: Kysely<Database>,
  storeId: string,
  productId: string | null,
  placement: Exclude<Placement, 'main'>,
): Promise<ShortLink | null> {
  let query = db
    .selectFrom('short_links')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('placement', '=', placement)
    .where('archived_at', 'is', null);
  query = productId === null ? query.where('target_kind', '=', 'store') : query.where('product_id', '=', productId);
  return (await query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()) ?? null;
}

export async function updateLink(db: Kysely<Database>, id: string, changes: ShortLinkUpdate): Promise<void> {
  await db.updateTable('short_links').set(changes).where('id', '=', id).execute();
}

/** Stores and products that have no main code yet (rows made before codes existed, or by hand). */
export async function listTargetsWithoutMainLink(db: Kysely<Database>): Promise<{ storeId: string; productId: string | null }[]> {
  const stores = await db
    .selectFrom('stores')
    .leftJoin('short_links', (join) => join.onRef('short_links.store_id', '=', 'stores.id').on('short_links.target_kind', '=', 'store').on('short_links.placement', '=', 'main'))
    .select('stores.id')
    .where('short_links.id', 'is', null)
    .execute();
  const products = await db
    .selectFrom('products')
    .leftJoin('short_links', (join) => join.onRef('short_links.product_id', '=', 'products.id').on('short_links.placement', '=', 'main'))
    .select(['products.id', 'products.store_id'])
    .where('short_links.id', 'is', null)
    .execute();
  return [...stores.map((s) => ({ storeId: s.id, productId: null })), ...products.map((p) => ({ storeId: p.store_id, productId: p.id }))];
}

/** Published stores with their creator, by slug (demo data: a stable order). */
export async function listPublishedStores(db: Kysely<Database>): Promise<{ id: string; created_by: string | null }[]> {
  return db.selectFrom('stores').select(['id', 'created_by']).where('published_at', 'is not', null).orderBy('slug').execute();
}
