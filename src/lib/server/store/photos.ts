// Photos of products and the store's cover, using the photo library (src/lib/server/photos):
// validate and re-encode first, store the files, then insert the row in a short transaction —
// image work never happens inside a transaction. Deleting removes rows first, files after commit.
import type { Kysely } from 'kysely';
import type { Params } from '../../i18n/define';
import { MAX_PRODUCT_PHOTOS } from '../../store/catalog';
import type { Database, StorePhoto } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import {
  checkQuota,
  deletePhotoFiles,
  parsePhotoVariants,
  photoErrorMessage,
  processedPhotoBytes,
  processPhoto,
  storeProcessedPhoto,
} from '../photos';
import {
  countProductPhotos,
  deletePhotoRow,
  findPhotoById,
  insertPhoto,
  listProductPhotos,
  nextPhotoPosition,
  photoBytesOfUser,
  updatePhoto,
} from './product.repository';
import { findStoreById, logEdit, touchStore, updateStore } from './store.repository';
import { storeChanged } from './stores';

export type AddPhotoResult = { ok: true; photo: StorePhoto } | { ok: false; error: { key: string; params?: Params } };

/** Deletes the files of photos whose rows are gone (after the deleting transaction committed). */
export async function deleteStoredPhotos(photos: readonly Pick<StorePhoto, 'variants'>[]): Promise<void> {
  const keys = photos.flatMap((p) => parsePhotoVariants(p.variants).map((v) => v.key));
  if (keys.length > 0) await deletePhotoFiles(keys);
}

/**
 * Adds an uploaded photo to a product (`productId`) or as the store's cover (`productId` null,
 * replacing the old cover). Refusals come back with a message key; storage failures throw.
 */
export async function addPhoto(
  db: Kysely<Database>,
  target: { storeId: string; productId: string | null; userId: string },
  bytes: Uint8Array,
  now = nowIso(),
): Promise<AddPhotoResult> {
  const full = { ok: false, error: { key: 'photosFull', params: { max: MAX_PRODUCT_PHOTOS } } } as const;
  if (target.productId !== null && (await countProductPhotos(db, target.productId)) >= MAX_PRODUCT_PHOTOS) return full;

  const processed = await processPhoto(bytes);
  if (!processed.ok) return { ok: false, error: photoErrorMessage(processed.error.code) };
  const quota = checkQuota(await photoBytesOfUser(db, target.userId), processedPhotoBytes(processed.photo));
  if (!quota.ok) return { ok: false, error: photoErrorMessage('quota-exceeded', quota.limitBytes) };

  const stored = await storeProcessedPhoto(processed.photo);
  const id = newId();
  let outcome: { result: AddPhotoResult; replaced: StorePhoto | null };
  try {
    outcome = await db.transaction().execute(async (trx) => {
      // Counted again inside the transaction: two uploads at once must not make a seventh photo.
      if (target.productId !== null && (await countProductPhotos(trx, target.productId)) >= MAX_PRODUCT_PHOTOS) {
        return { result: full, replaced: null };
      }
      // … and the quota: two uploads at once must not both fit in the space left for one.
      const quotaNow = checkQuota(await photoBytesOfUser(trx, target.userId), stored.bytes);
      if (!quotaNow.ok) return { result: { ok: false, error: photoErrorMessage('quota-exceeded', quotaNow.limitBytes) } as const, replaced: null };
      await insertPhoto(trx, {
        id,
        store_id: target.storeId,
        product_id: target.productId,
        uploaded_by: target.userId,
        storage_key: stored.key,
        variants: JSON.stringify(stored.variants),
        width: stored.width,
        height: stored.height,
        bytes: stored.bytes,
        alt: '',
        position: target.productId === null ? 0 : await nextPhotoPosition(trx, target.productId),
        created_at: now,
      });
      let replaced: StorePhoto | null = null;
      if (target.productId === null) {
        const store = await findStoreById(trx, target.storeId);
        replaced = store?.cover_photo_id ? await findPhotoById(trx, store.cover_photo_id) : null;
        if (replaced) await deletePhotoRow(trx, replaced.id);
        await updateStore(trx, target.storeId, { cover_photo_id: id }, now);
      } else {
        await touchStore(trx, target.storeId, now);
      }
      await logEdit(trx, { id: newId(), storeId: target.storeId, userId: target.userId, action: 'photo.add', productId: target.productId, now });
      const photo = await findPhotoById(trx, id);
      if (!photo) throw new Error(`photo ${id} vanished inside its own transaction`);
      return { result: { ok: true, photo } as const, replaced };
    });
  } catch (error) {
    await deletePhotoFiles(stored.variants.map((v) => v.key));
    throw error;
  }
  if (!outcome.result.ok) {
    await deletePhotoFiles(stored.variants.map((v) => v.key));
    return outcome.result;
  }
  await storeChanged(db, target.storeId);
  if (outcome.replaced) await deleteStoredPhotos([outcome.replaced]);
  return outcome.result;
}

/** Deletes one photo (row, then files); a cover photo also leaves the store without a cover. */
export async function removePhoto(db: Kysely<Database>, photo: StorePhoto, userId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deletePhotoRow(trx, photo.id);
    const store = await findStoreById(trx, photo.store_id);
    if (store?.cover_photo_id === photo.id) await updateStore(trx, photo.store_id, { cover_photo_id: null }, now);
    else await touchStore(trx, photo.store_id, now);
    await logEdit(trx, { id: newId(), storeId: photo.store_id, userId, action: 'photo.delete', productId: photo.product_id, now });
  });
  await storeChanged(db, photo.store_id);
  await deleteStoredPhotos([photo]);
}

/** Moves a product photo one place earlier or later (the first photo is the one shown in lists). */
export async function movePhoto(db: Kysely<Database>, photo: StorePhoto, direction: 'earlier' | 'later', userId: string, now = nowIso()): Promise<void> {
  if (photo.product_id === null) return;
  const productId = photo.product_id;
  await db.transaction().execute(async (trx) => {
    const list = await listProductPhotos(trx, productId);
    const index = list.findIndex((p) => p.id === photo.id);
    const otherIndex = direction === 'earlier' ? index - 1 : index + 1;
    const other = list[otherIndex];
    if (index === -1 || !other) return;
    const order = list.map((p) => p.id);
    order[index] = other.id;
    order[otherIndex] = photo.id;
    for (const [position, id] of order.entries()) await updatePhoto(trx, id, { position: position + 1 });
    await touchStore(trx, photo.store_id, now);
    await logEdit(trx, { id: newId(), storeId: photo.store_id, userId, action: 'photo.move', productId, now });
  });
  await storeChanged(db, photo.store_id);
}
