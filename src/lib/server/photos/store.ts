// Writes processed photos through the storage interface under random names, and deletes them.
import { newId } from '../ids';
import { getStorage, storageKeyProblem, type ObjectStorage } from '../storage/storage';
import { processPhoto, type PhotoError, type ProcessedPhoto } from './process';

/** One stored size of a photo: what the `variants` JSON column of store_photos holds. */
export interface PhotoVariant {
  key: string;
  width: number;
  height: number;
  bytes: number;
}

/** What the database keeps for one photo. */
export interface StoredPhoto {
  /** Unique base key of the photo (`photos/ab/<id>`); its files are `<key>-<width>.webp`. */
  key: string;
  /** Upright size of the original upload (for the aspect ratio). */
  width: number;
  height: number;
  /** Bytes of all variants together (what counts against the quota). */
  bytes: number;
  /** Smallest first. */
  variants: PhotoVariant[];
}

export type StorePhotoResult = { ok: true; photo: StoredPhoto } | { ok: false; error: PhotoError };

/** A fresh random base key: `photos/<2 chars>/<26-char id>` (the folder keeps directories small). */
export function newPhotoKey(): string {
  const id = newId();
  return `photos/${id.slice(0, 2)}/${id}`;
}

/** Bytes a processed photo will take once stored: pass it to checkQuota before storing. */
export function processedPhotoBytes(photo: ProcessedPhoto): number {
  return photo.variants.reduce((sum, v) => sum + v.data.byteLength, 0);
}

/**
 * Stores the variants of an already processed photo under a new random key. All or nothing: if a
 * write fails, the files already written are removed and the error is thrown. Do not call inside
 * a database transaction: write the files first, then insert the row (and delete the files
 * again if that insert fails).
 */
export async function storeProcessedPhoto(photo: ProcessedPhoto, storage: ObjectStorage = getStorage()): Promise<StoredPhoto> {
  const key = newPhotoKey();
  const variants: PhotoVariant[] = photo.variants.map((v) => ({
    key: `${key}-${v.width}.webp`,
    width: v.width,
    height: v.height,
    bytes: v.data.byteLength,
  }));
  const results = await Promise.allSettled(photo.variants.map((v, i) => storage.put(variants[i]?.key ?? '', v.data)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await deletePhotoFiles(variants.map((v) => v.key), storage);
    throw failure.reason;
  }
  return {
    key,
    width: photo.originalWidth,
    height: photo.originalHeight,
    bytes: variants.reduce((sum, v) => sum + v.bytes, 0),
    variants,
  };
}

/**
 * processPhoto then storeProcessedPhoto: validates, re-encodes and stores an upload. Refusals
 * (unsupported type, too large, too many pixels, corrupt) come back as `{ ok: false }`; storage
 * failures throw. CPU- and disk-heavy: never inside a database transaction.
 */
export async function storePhoto(bytes: Uint8Array, storage: ObjectStorage = getStorage()): Promise<StorePhotoResult> {
  const processed = await processPhoto(bytes);
  if (!processed.ok) return processed;
  return { ok: true, photo: await storeProcessedPhoto(processed.photo, storage) };
}

/**
 * Deletes stored photo files by key (e.g. every `variants[].key` of a deleted photo). Missing
 * files and malformed keys are skipped; returns how many files were removed. Run it after the
 * transaction that deleted the rows has committed.
 */
export async function deletePhotoFiles(keys: readonly string[], storage: ObjectStorage = getStorage()): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    if (storageKeyProblem(key) !== null) continue;
    try {
      if (await storage.delete(key)) removed += 1;
    } catch (error) {
      // A file that cannot be removed now is logged and left behind; the page no longer links it.
      console.warn(JSON.stringify({ level: 'warn', time: new Date().toISOString(), event: 'photo-delete-failed', key, error: error instanceof Error ? error.message : String(error) }));
    }
  }
  return removed;
}

/**
 * Reads the `variants` JSON column back. Never throws: entries that are not well-formed variants
 * are dropped, and bad JSON gives an empty list. Sorted smallest first.
 */
export function parsePhotoVariants(json: string | readonly PhotoVariant[]): PhotoVariant[] {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(value)) return [];
  const out: PhotoVariant[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const { key, width, height, bytes } = item;
    if (typeof key !== 'string' || storageKeyProblem(key) !== null) continue;
    if (!isPositiveInt(width) || !isPositiveInt(height)) continue;
    out.push({ key, width, height, bytes: isPositiveInt(bytes) ? bytes : 0 });
  }
  return out.sort((a, b) => a.width - b.width);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
