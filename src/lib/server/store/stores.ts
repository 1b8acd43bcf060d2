// Store life cycle: create, edit, change the web address, publish, take down, delete. Each change
// bumps the store's version and clears its cached public pages once committed.
import type { Kysely } from 'kysely';
import { docToPlainText, isEmptyDoc, type RichTextDoc } from '../richtext';
import { invalidateStorePages } from '../cache/public-pages';
import type { Database, Store } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import { createMainLink, linksChanged } from '../links/links';
import { deleteStoredPhotos } from './photos';
import { listStorePhotos } from './product.repository';
import type { NewStoreInput, StoreDetailsInput } from './schemas';
import { checkSlug, normaliseSlugInput, uniqueSlug, type SlugProblem } from './slug';
import {
  deleteStoreRow,
  findMembership,
  findStoreById,
  getStoreVersion,
  insertMember,
  insertStore,
  logEdit,
  recordSlug,
  slugOwner,
  updateStore,
  updateStoreIfVersion,
} from './store.repository';

/** Clears this server's cached pages of the store, refusing renders older than its new version. */
export async function storeChanged(db: Kysely<Database>, storeId: string): Promise<void> {
  const version = await getStoreVersion(db, storeId);
  invalidateStorePages(storeId, version ?? undefined);
  await linksChanged(storeId);
}

export type CreateStoreResult = { ok: true; store: Store } | { ok: false; reason: 'alreadyMember' };

/** A new draft store owned by `userId`, with a slug made from its name. */
export async function createStore(db: Kysely<Database>, userId: string, input: NewStoreInput, now = nowIso()): Promise<CreateStoreResult> {
  return db.transaction().execute(async (trx) => {
    if (await findMembership(trx, userId)) return { ok: false, reason: 'alreadyMember' } as const;
    const slug = await uniqueSlug(input.name, async (s) => (await slugOwner(trx, s)) !== null, 'shop');
    const id = newId();
    await insertStore(trx, {
      id,
      slug,
      name: input.name,
      tagline: '',
      story_json: null,
      story_text: '',
      province_code: null,
      county_code: null,
      village: '',
      region_other: '',
      phone: input.phone,
      wechat: input.wechat,
      whatsapp: input.whatsapp,
      pickup_note: '',
      delivery_note: '',
      cover_photo_id: null,
      published_at: null,
      first_published_at: null,
      taken_down_at: null,
      taken_down_reason: null,
      taken_down_by: null,
      version: 1,
      edit_version: 1,
      created_by: userId,
      created_at: now,
      updated_at: now,
    });
    await recordSlug(trx, id, slug, now);
    await createMainLink(trx, { storeId: id, productId: null }, userId, now);
    await insertMember(trx, { id: newId(), storeId: id, userId, role: 'owner', now });
    await logEdit(trx, { id: newId(), storeId: id, userId, action: 'store.create', productId: null, now });
    const store = await findStoreById(trx, id);
    if (!store) throw new Error(`store ${id} vanished inside its own transaction`);
    return { ok: true, store } as const;
  });
}

export type SaveResult = { ok: true; version: number } | { ok: false; reason: 'conflict'; currentVersion: number };

/** Saves the store form if nobody saved since `version` (the version the form was loaded with). */
export async function saveStoreDetails(
  db: Kysely<Database>,
  storeId: string,
  userId: string,
  input: StoreDetailsInput,
  story: RichTextDoc,
  now = nowIso(),
): Promise<SaveResult> {
  const result = await db.transaction().execute(async (trx): Promise<SaveResult> => {
    const emptyStory = isEmptyDoc(story);
    const saved = await updateStoreIfVersion(
      trx,
      storeId,
      input.version,
      {
        name: input.name,
        tagline: input.tagline,
        story_json: emptyStory ? null : JSON.stringify(story),
        story_text: emptyStory ? '' : docToPlainText(story),
        province_code: input.provinceCode,
        county_code: input.countyCode,
        village: input.village,
        region_other: input.regionOther,
        phone: input.phone,
        wechat: input.wechat,
        whatsapp: input.whatsapp,
        pickup_note: input.pickupNote,
        delivery_note: input.deliveryNote,
      },
      now,
    );
    const current = await findStoreById(trx, storeId);
    if (!current) throw new Error(`store ${storeId} not found`);
    if (!saved) return { ok: false, reason: 'conflict', currentVersion: current.edit_version };
    await logEdit(trx, { id: newId(), storeId, userId, action: 'store.edit', productId: null, now });
    return { ok: true, version: current.edit_version };
  });
  if (result.ok) await storeChanged(db, storeId);
  return result;
}

export type SlugChangeResult = { ok: true; slug: string } | { ok: false; reason: SlugProblem | 'slugTaken' };

/**
 * Gives the store a new web address (only when the owner asks). The old address keeps working:
 * it redirects, and no other store can take it.
 */
export async function changeStoreSlug(db: Kysely<Database>, storeId: string, userId: string, typed: string, now = nowIso()): Promise<SlugChangeResult> {
  const slug = normaliseSlugInput(typed);
  const problem = checkSlug(slug);
  if (problem) return { ok: false, reason: problem };
  const result = await db.transaction().execute(async (trx): Promise<SlugChangeResult> => {
    const owner = await slugOwner(trx, slug);
    if (owner !== null && owner !== storeId) return { ok: false, reason: 'slugTaken' };
    await recordSlug(trx, storeId, slug, now);
    await updateStore(trx, storeId, { slug }, now);
    await logEdit(trx, { id: newId(), storeId, userId, action: 'store.slug', productId: null, now });
    return { ok: true, slug };
  });
  if (result.ok) await storeChanged(db, storeId);
  return result;
}

/** The slug a name would get now (shown as a suggestion next to the address field). */
export async function suggestSlug(db: Kysely<Database>, storeId: string, name: string): Promise<string> {
  return uniqueSlug(name, async (s) => {
    const owner = await slugOwner(db, s);
    return owner !== null && owner !== storeId;
  }, 'shop');
}

export type PublishResult = { ok: true } | { ok: false; reason: 'takenDown' | 'notReady' };

export async function publishStore(db: Kysely<Database>, store: Store, userId: string, ready: boolean, now = nowIso()): Promise<PublishResult> {
  if (store.taken_down_at) return { ok: false, reason: 'takenDown' };
  if (!ready) return { ok: false, reason: 'notReady' };
  await db.transaction().execute(async (trx) => {
    await updateStore(trx, store.id, { published_at: now, first_published_at: store.first_published_at ?? now }, now);
    await logEdit(trx, { id: newId(), storeId: store.id, userId, action: 'store.publish', productId: null, now });
  });
  await storeChanged(db, store.id);
  return { ok: true };
}

export async function unpublishStore(db: Kysely<Database>, storeId: string, userId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateStore(trx, storeId, { published_at: null }, now);
    await logEdit(trx, { id: newId(), storeId, userId, action: 'store.unpublish', productId: null, now });
  });
  await storeChanged(db, storeId);
}

/** An admin hides a store from the public, with a reason its members see. */
export async function takeDownStore(db: Kysely<Database>, storeId: string, adminId: string, reason: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateStore(trx, storeId, { taken_down_at: now, taken_down_reason: reason, taken_down_by: adminId }, now);
    await logEdit(trx, { id: newId(), storeId, userId: adminId, action: 'store.takeDown', productId: null, now });
  });
  await storeChanged(db, storeId);
}

export async function restoreStore(db: Kysely<Database>, storeId: string, adminId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateStore(trx, storeId, { taken_down_at: null, taken_down_reason: null, taken_down_by: null }, now);
    await logEdit(trx, { id: newId(), storeId, userId: adminId, action: 'store.restore', productId: null, now });
  });
  await storeChanged(db, storeId);
}

/** Deletes the store with its products, photos (rows, then files), members and order requests. */
export async function deleteStore(db: Kysely<Database>, storeId: string): Promise<void> {
  const photos = await db.transaction().execute(async (trx) => {
    const list = await listStorePhotos(trx, storeId);
    await deleteStoreRow(trx, storeId);
    return list;
  });
  invalidateStorePages(storeId, Number.MAX_SAFE_INTEGER);
  await linksChanged(storeId);
  await deleteStoredPhotos(photos);
}

/** The store is visible to the public: published and not taken down. */
export function isLive(store: Pick<Store, 'published_at' | 'taken_down_at'>): boolean {
  return store.published_at !== null && store.taken_down_at === null;
}
