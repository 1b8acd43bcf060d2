// All SQL for products and their photos. Portable SQL only.
import { sql, type Kysely } from 'kysely';
import type { Database, NewProduct, NewStorePhoto, Product, ProductUpdate, StorePhoto } from '../db/schema';

export async function insertProduct(db: Kysely<Database>, product: NewProduct): Promise<void> {
  await db.insertInto('products').values(product).execute();
}

export async function findProductById(db: Kysely<Database>, id: string): Promise<Product | null> {
  return (await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findProductBySlug(db: Kysely<Database>, storeId: string, slug: string): Promise<Product | null> {
  return (await db.selectFrom('products').selectAll().where('store_id', '=', storeId).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export async function productSlugTaken(db: Kysely<Database>, storeId: string, slug: string): Promise<boolean> {
  const row = await db.selectFrom('products').select('id').where('store_id', '=', storeId).where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

/** Every product of a store in the seller's order (hidden ones included unless `visibleOnly`). */
export async function listProducts(db: Kysely<Database>, storeId: string, options: { visibleOnly: boolean }): Promise<Product[]> {
  let query = db.selectFrom('products').selectAll().where('store_id', '=', storeId);
  if (options.visibleOnly) query = query.where('hidden', '=', 0);
  return query.orderBy('position').orderBy('created_at').orderBy('id').execute();
}

export async function nextProductPosition(db: Kysely<Database>, storeId: string): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((eb) => eb.fn.max<number | null>('position').as('top'))
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  return Number(row?.top ?? 0) + 1;
}

/** Saves only if nobody saved since `expectedVersion`; false when refused. */
export async function updateProductIfVersion(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  changes: ProductUpdate,
): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Changes that are not edits of the product's text (hide, move): they still bump its version. */
export async function updateProduct(db: Kysely<Database>, id: string, changes: ProductUpdate): Promise<void> {
  await db
    .updateTable('products')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function deleteProductRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('products').where('id', '=', id).execute();
}

// Photos

export async function insertPhoto(db: Kysely<Database>, photo: NewStorePhoto): Promise<void> {
  await db.insertInto('store_photos').values(photo).execute();
}

export async function findPhotoById(db: Kysely<Database>, id: string): Promise<StorePhoto | null> {
  return (await db.selectFrom('store_photos').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function listProductPhotos(db: Kysely<Database>, productId: string): Promise<StorePhoto[]> {
  return db.selectFrom('store_photos').selectAll().where('product_id', '=', productId).orderBy('position').orderBy('created_at').execute();
}

/** The photos of several products at once, for list pages (one query, not one per product). */
export async function listPhotosOfProducts(db: Kysely<Database>, productIds: readonly string[]): Promise<StorePhoto[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('store_photos')
    .selectAll()
    .where('product_id', 'in', productIds)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function listStorePhotos(db: Kysely<Database>, storeId: string): Promise<StorePhoto[]> {
  return db.selectFrom('store_photos').selectAll().where('store_id', '=', storeId).execute();
}

export async function countProductPhotos(db: Kysely<Database>, productId: string): Promise<number> {
  const row = await db
    .selectFrom('store_photos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function nextPhotoPosition(db: Kysely<Database>, productId: string): Promise<number> {
  const row = await db
    .selectFrom('store_photos')
    .select((eb) => eb.fn.max<number | null>('position').as('top'))
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return Number(row?.top ?? 0) + 1;
}

export async function updatePhoto(db: Kysely<Database>, id: string, changes: { position?: number; alt?: string }): Promise<void> {
  await db.updateTable('store_photos').set(changes).where('id', '=', id).execute();
}

export async function deletePhotoRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('store_photos').where('id', '=', id).execute();
}

/** Bytes of photos a user uploaded (all variants), for the storage quota. */
export async function photoBytesOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('store_photos')
    .select((eb) => eb.fn.sum<number | null>('bytes').as('total'))
    .where('uploaded_by', '=', userId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
