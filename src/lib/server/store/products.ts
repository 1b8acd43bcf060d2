// Products of a store: create, save (refusing stale saves), reorder, hide, delete.
import type { Kysely } from 'kysely';
import { docToPlainText, isEmptyDoc, type RichTextDoc } from '../richtext';
import type { Database, Product } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import { createMainLink } from '../links/links';
import { DEFAULT_CURRENCY } from '../../store/catalog';
import { deleteStoredPhotos } from './photos';
import {
  deleteProductRow,
  findProductById,
  insertProduct,
  listProductPhotos,
  listProducts,
  nextProductPosition,
  productSlugTaken,
  updateProduct,
  updateProductIfVersion,
} from './product.repository';
import type { ProductInput } from './schemas';
import { uniqueSlug } from './slug';
import { logEdit, touchStore } from './store.repository';
import { storeChanged, type SaveResult } from './stores';

/** A new product with just a name (a draft: no price yet), placed last, with a slug from the name. */
export async function createProduct(db: Kysely<Database>, storeId: string, userId: string, name: string, now = nowIso()): Promise<Product> {
  const product = await db.transaction().execute(async (trx) => {
    const id = newId();
    const slug = await uniqueSlug(name, (s) => productSlugTaken(trx, storeId, s), 'item');
    await insertProduct(trx, {
      id,
      store_id: storeId,
      slug,
      name,
      price_minor: null,
      currency: DEFAULT_CURRENCY,
      unit: 'jin',
      price_by_weight: 0,
      availability: 'inStock',
      harvest_date: null,
      stock: null,
      category: 'other',
      description_json: null,
      description_text: '',
      position: await nextProductPosition(trx, storeId),
      hidden: 0,
      version: 1,
      created_at: now,
      updated_at: now,
      updated_by: userId,
    });
    await createMainLink(trx, { storeId, productId: id }, userId, now);
    await touchStore(trx, storeId, now);
    await logEdit(trx, { id: newId(), storeId, userId, action: 'product.create', productId: id, now });
    const created = await findProductById(trx, id);
    if (!created) throw new Error(`product ${id} vanished inside its own transaction`);
    return created;
  });
  await storeChanged(db, storeId);
  return product;
}

/** Saves the product form if nobody saved since `input.version`. */
export async function saveProduct(
  db: Kysely<Database>,
  product: Pick<Product, 'id' | 'store_id'>,
  userId: string,
  input: ProductInput,
  description: RichTextDoc,
  now = nowIso(),
): Promise<SaveResult> {
  const result = await db.transaction().execute(async (trx): Promise<SaveResult> => {
    const empty = isEmptyDoc(description);
    const saved = await updateProductIfVersion(trx, product.id, input.version, {
      name: input.name,
      price_minor: input.price,
      currency: input.currency,
      unit: input.unit,
      price_by_weight: input.priceByWeight ? 1 : 0,
      availability: input.availability,
      harvest_date: input.availability === 'preorder' ? input.harvestDate : null,
      stock: input.stock,
      category: input.category,
      description_json: empty ? null : JSON.stringify(description),
      description_text: empty ? '' : docToPlainText(description),
      updated_at: now,
      updated_by: userId,
    });
    const current = await findProductById(trx, product.id);
    if (!current) throw new Error(`product ${product.id} not found`);
    if (!saved) return { ok: false, reason: 'conflict', currentVersion: current.version };
    await touchStore(trx, product.store_id, now);
    await logEdit(trx, { id: newId(), storeId: product.store_id, userId, action: 'product.edit', productId: product.id, now });
    return { ok: true, version: current.version };
  });
  if (result.ok) await storeChanged(db, product.store_id);
  return result;
}

/** Moves a product one place up or down in the store's list (swapping with its neighbour). */
export async function moveProduct(db: Kysely<Database>, product: Product, direction: 'up' | 'down', userId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const list = await listProducts(trx, product.store_id, { visibleOnly: false });
    const index = list.findIndex((p) => p.id === product.id);
    const otherIndex = direction === 'up' ? index - 1 : index + 1;
    const other = list[otherIndex];
    if (index === -1 || !other) return;
    // Renumber the whole list so positions stay distinct even after older, uneven data.
    const order = list.map((p) => p.id);
    order[index] = other.id;
    order[otherIndex] = product.id;
    for (const [position, id] of order.entries()) {
      const current = list.find((p) => p.id === id);
      if (current && current.position !== position + 1) await updateProduct(trx, id, { position: position + 1 });
    }
    await touchStore(trx, product.store_id, now);
    await logEdit(trx, { id: newId(), storeId: product.store_id, userId, action: 'product.move', productId: product.id, now });
  });
  await storeChanged(db, product.store_id);
}

export async function setProductHidden(db: Kysely<Database>, product: Product, hidden: boolean, userId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateProduct(trx, product.id, { hidden: hidden ? 1 : 0, updated_at: now, updated_by: userId });
    await touchStore(trx, product.store_id, now);
    await logEdit(trx, { id: newId(), storeId: product.store_id, userId, action: hidden ? 'product.hide' : 'product.show', productId: product.id, now });
  });
  await storeChanged(db, product.store_id);
}

/** Deletes the product and its photos (rows in one transaction, then the files). */
export async function deleteProduct(db: Kysely<Database>, product: Product, userId: string, now = nowIso()): Promise<void> {
  const photos = await db.transaction().execute(async (trx) => {
    const list = await listProductPhotos(trx, product.id);
    await deleteProductRow(trx, product.id);
    await touchStore(trx, product.store_id, now);
    await logEdit(trx, { id: newId(), storeId: product.store_id, userId, action: 'product.delete', productId: product.id, now });
    return list;
  });
  await storeChanged(db, product.store_id);
  await deleteStoredPhotos(photos);
}

/** A product is shown to buyers when it is not hidden and has a name and a price. */
export function isOnSale(product: Pick<Product, 'hidden' | 'price_minor'>): boolean {
  return product.hidden === 0 && product.price_minor !== null;
}
