// All SQL for stores, their members, invite codes, slugs and the edit log. Portable SQL only:
// the same statements run on SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { Database, NewStore, Store, StoreInvite, StoreRole, StoreUpdate } from '../db/schema';

export async function insertStore(db: Kysely<Database>, store: NewStore): Promise<void> {
  await db.insertInto('stores').values(store).execute();
}

export async function findStoreById(db: Kysely<Database>, id: string): Promise<Store | null> {
  return (await db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The store a slug belongs to, current or old (old slugs redirect to the current one). */
export async function findStoreBySlug(db: Kysely<Database>, slug: string): Promise<Store | null> {
  const current = await db.selectFrom('stores').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (current) return current;
  return (
    (await db
      .selectFrom('store_slugs')
      .innerJoin('stores', 'stores.id', 'store_slugs.store_id')
      .selectAll('stores')
      .where('store_slugs.slug', '=', slug)
      .executeTakeFirst()) ?? null
  );
}

/** Who owns a slug (current or old), or null when it is free. */
export async function slugOwner(db: Kysely<Database>, slug: string): Promise<string | null> {
  const row = await db.selectFrom('store_slugs').select('store_id').where('slug', '=', slug).executeTakeFirst();
  return row?.store_id ?? null;
}

export async function recordSlug(db: Kysely<Database>, storeId: string, slug: string, now: string): Promise<void> {
  await db.insertInto('store_slugs').values({ slug, store_id: storeId, created_at: now }).onConflict((oc) => oc.column('slug').doNothing()).execute();
}

/** A cheap read for caches: the store's change counter, or null when the store is gone. */
export async function getStoreVersion(db: Kysely<Database>, id: string): Promise<number | null> {
  const row = await db.selectFrom('stores').select('version').where('id', '=', id).executeTakeFirst();
  return row?.version ?? null;
}

/** Applies changes and bumps the change counter. */
export async function updateStore(db: Kysely<Database>, id: string, changes: StoreUpdate, now: string): Promise<void> {
  await db
    .updateTable('stores')
    .set({ ...changes, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/**
 * Saves the store's own fields only if nobody saved since `expectedEditVersion`; false when
 * refused (a second tab, another member).
 */
export async function updateStoreIfVersion(
  db: Kysely<Database>,
  id: string,
  expectedEditVersion: number,
  changes: StoreUpdate,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('stores')
    .set({ ...changes, updated_at: now, version: sql<number>`version + 1`, edit_version: sql<number>`edit_version + 1` })
    .where('id', '=', id)
    .where('edit_version', '=', expectedEditVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks the store changed (a product, photo or member changed): caches drop its pages. */
export async function touchStore(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db
    .updateTable('stores')
    .set({ updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function deleteStoreRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('stores').where('id', '=', id).execute();
}

// Members

export interface Membership {
  storeId: string;
  role: StoreRole;
}

export async function findMembership(db: Kysely<Database>, userId: string): Promise<Membership | null> {
  const row = await db.selectFrom('store_members').select(['store_id', 'role']).where('user_id', '=', userId).executeTakeFirst();
  return row ? { storeId: row.store_id, role: row.role } : null;
}

export async function insertMember(
  db: Kysely<Database>,
  member: { id: string; storeId: string; userId: string; role: StoreRole; now: string },
): Promise<void> {
  await db
    .insertInto('store_members')
    .values({ id: member.id, store_id: member.storeId, user_id: member.userId, role: member.role, created_at: member.now })
    .execute();
}

export interface MemberRow {
  userId: string;
  displayName: string;
  login: string;
  role: StoreRole;
  joinedAt: string;
}

export async function listMembers(db: Kysely<Database>, storeId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('store_members')
    .innerJoin('users', 'users.id', 'store_members.user_id')
    .select(['users.id', 'users.display_name', 'users.login', 'store_members.role', 'store_members.created_at'])
    .where('store_members.store_id', '=', storeId)
    .orderBy('store_members.created_at')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, login: r.login, role: r.role, joinedAt: r.created_at }));
}

export async function deleteMember(db: Kysely<Database>, storeId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('store_members')
    .where('store_id', '=', storeId)
    .where('user_id', '=', userId)
    .where('role', '=', 'member')
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// Invite codes

export async function insertInvite(
  db: Kysely<Database>,
  invite: { id: string; storeId: string; codeHash: string; createdBy: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('store_invites')
    .values({
      id: invite.id,
      store_id: invite.storeId,
      code_hash: invite.codeHash,
      created_by: invite.createdBy,
      created_at: invite.now,
      expires_at: invite.expiresAt,
      used_at: null,
      used_by: null,
    })
    .execute();
}

export async function findInviteByHash(db: Kysely<Database>, codeHash: string): Promise<StoreInvite | null> {
  return (await db.selectFrom('store_invites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()) ?? null;
}

/** Uses the invite once: false when it was used (or withdrawn) in the meantime. */
export async function useInvite(db: Kysely<Database>, id: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('store_invites')
    .set({ used_at: now, used_by: userId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countOpenInvites(db: Kysely<Database>, storeId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('store_invites')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('store_id', '=', storeId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Withdraws every unused code of the store (marks them used by nobody). */
export async function withdrawInvites(db: Kysely<Database>, storeId: string, now: string): Promise<void> {
  await db.updateTable('store_invites').set({ used_at: now }).where('store_id', '=', storeId).where('used_at', 'is', null).execute();
}

// Edit log

export const EDIT_COALESCE_MS = 10 * 60 * 1000;

/**
 * Records who changed what. Repeated saves by one person of one thing within ten minutes (autosave
 * every few seconds) extend the last row instead of adding rows.
 */
export async function logEdit(
  db: Kysely<Database>,
  edit: { id: string; storeId: string; userId: string; action: string; productId: string | null; now: string },
): Promise<void> {
  const since = new Date(Date.parse(edit.now) - EDIT_COALESCE_MS).toISOString();
  let recent = db
    .selectFrom('store_edits')
    .select('id')
    .where('store_id', '=', edit.storeId)
    .where('user_id', '=', edit.userId)
    .where('action', '=', edit.action)
    .where('last_at', '>=', since);
  recent = edit.productId === null ? recent.where('product_id', 'is', null) : recent.where('product_id', '=', edit.productId);
  const row = await recent.orderBy('last_at', 'desc').limit(1).executeTakeFirst();
  if (row) {
    await db.updateTable('store_edits').set({ last_at: edit.now }).where('id', '=', row.id).execute();
    return;
  }
  await db
    .insertInto('store_edits')
    .values({
      id: edit.id,
      store_id: edit.storeId,
      user_id: edit.userId,
      action: edit.action,
      product_id: edit.productId,
      created_at: edit.now,
      last_at: edit.now,
    })
    .execute();
}

export interface EditRow {
  action: string;
  userName: string | null;
  at: string;
}

/** The latest changes to a store, newest first, with who made them. */
export async function listRecentEdits(db: Kysely<Database>, storeId: string, limit: number): Promise<EditRow[]> {
  const rows = await db
    .selectFrom('store_edits')
    .leftJoin('users', 'users.id', 'store_edits.user_id')
    .select(['store_edits.action', 'users.display_name', 'store_edits.last_at'])
    .where('store_edits.store_id', '=', storeId)
    .orderBy('store_edits.last_at', 'desc')
    .orderBy('store_edits.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ action: r.action, userName: r.display_name, at: r.last_at }));
}

// Admin list

export interface StoreListItem {
  id: string;
  slug: string;
  name: string;
  published_at: string | null;
  taken_down_at: string | null;
  updated_at: string;
  owner_name: string | null;
}

export async function listStoresForAdmin(db: Kysely<Database>, options: { limit: number; offset: number }): Promise<{ items: StoreListItem[]; total: number }> {
  const items = await db
    .selectFrom('stores')
    .leftJoin('store_members', (join) => join.onRef('store_members.store_id', '=', 'stores.id').on('store_members.role', '=', 'owner'))
    .leftJoin('users', 'users.id', 'store_members.user_id')
    .select(['stores.id', 'stores.slug', 'stores.name', 'stores.published_at', 'stores.taken_down_at', 'stores.updated_at', 'users.display_name as owner_name'])
    .orderBy('stores.updated_at', 'desc')
    .orderBy('stores.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  const count = await db.selectFrom('stores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { items, total: Number(count?.n ?? 0) };
}
