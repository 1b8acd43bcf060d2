// Short links of stores and products: the automatic main code of each, the seller's extra codes per
// placement, and where a code leads now. Imported by the store services (creation) and by the
// /q/ handler, so it stays light: no photo or rich-text code behind it. A seller's changes to their
// codes go into the store's change log (store_edits) like any other change to the store, so a
// trainer's changes in assisted mode are shown to the trainee.
import type { Kysely } from 'kysely';
import { paths } from '../../paths';
import type { Database, Placement, ShortLink } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import { logEdit } from '../store/store.repository';
import { newShortCode } from './code';
import { getLinkDirectory, type LinkLoader } from './directory';
import {
  findMainLink,
  findLinkTargetByCode,
  findPlacementLink,
  insertLinkIfFree,
  listLinkTargets,
  listLinkTargetsOfStore,
  listTargetsWithoutMainLink,
  updateLink,
  type LinkTargetRow,
} from './link.repository';

export const PLACEMENTS = ['door', 'box', 'stall', 'poster', 'chat', 'other'] as const satisfies readonly Placement[];
export type PlacementKind = (typeof PLACEMENTS)[number];

export function isPlacement(value: string): value is PlacementKind {
  return (PLACEMENTS as readonly string[]).includes(value);
}

/** Attempts before giving up on finding a free random code (each collides with odds ~ n / 8.5e11). */
const CODE_ATTEMPTS = 8;

export interface LinkTarget {
  storeId: string;
  /** Null for a code that leads to the store itself. */
  productId: string | null;
}

function mainKey(target: LinkTarget): string {
  return target.productId === null ? `store:${target.storeId}` : `product:${target.productId}`;
}

async function insertWithFreshCode(db: Kysely<Database>, link: Omit<ShortLink, 'code'>, wanted: string | null = null): Promise<ShortLink> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
    const row: ShortLink = { ...link, code: attempt === 0 && wanted !== null ? wanted : newShortCode() };
    if (await insertLinkIfFree(db, row)) return row;
    // A main code made at the same moment by another request counts as ours.
    if (link.main_for !== null) {
      const existing = await findMainLink(db, link.main_for);
      if (existing) return existing;
    }
  }
  throw new Error(`could not find a free short code after ${CODE_ATTEMPTS} attempts`);
}

/**
 * The automatic code of a new store or product. Call it inside the transaction that creates the
 * row, so the two exist together. Returns the existing code when there is one.
 */
export async function createMainLink(db: Kysely<Database>, target: LinkTarget, createdBy: string | null, now = nowIso()): Promise<ShortLink> {
  const key = mainKey(target);
  const existing = await findMainLink(db, key);
  if (existing) return existing;
  return insertWithFreshCode(db, {
    id: newId(),
    target_kind: target.productId === null ? 'store' : 'product',
    store_id: target.storeId,
    product_id: target.productId,
    main_for: key,
    placement: 'main',
    label: '',
    created_by: createdBy,
    created_at: now,
    archived_at: null,
  });
}

/** Gives every store and product without a main code one (demo data, rows made by hand). */
export async function ensureMainLinks(db: Kysely<Database>, now = nowIso()): Promise<number> {
  const missing = await listTargetsWithoutMainLink(db);
  for (const target of missing) await createMainLink(db, target, null, now);
  return missing.length;
}

export interface NewPlacement extends LinkTarget {
  placement: PlacementKind;
  label: string;
  userId: string;
  /** A chosen code (demo data); a random one when absent or taken. */
  code?: string;
  /** Demo data (inside the seed's transaction): not written to the store's change log. */
  unlogged?: true;
}

/** An extra code for the same store or product, labelled with where it is placed; logged as `link.create`. */
export async function createPlacementLink(db: Kysely<Database>, input: NewPlacement, now = nowIso()): Promise<ShortLink> {
  const row: Omit<ShortLink, 'code'> = {
    id: newId(),
    target_kind: input.productId === null ? 'store' : 'product',
    store_id: input.storeId,
    product_id: input.productId,
    main_for: null,
    placement: input.placement,
    label: input.label,
    created_by: input.userId,
    created_at: now,
    archived_at: null,
  };
  const link = input.unlogged
    ? await insertWithFreshCode(db, row, input.code ?? null)
    : await db.transaction().execute(async (trx) => {
        const made = await insertWithFreshCode(trx, row, input.code ?? null);
        await logEdit(trx, { id: newId(), storeId: input.storeId, userId: input.userId, action: 'link.create', productId: input.productId, now });
        return made;
      });
  await linksChanged(input.storeId);
  return link;
}

/** The store's (or product's) first code for a placement, made when there is none (print buttons). */
export async function placementLinkFor(db: Kysely<Database>, input: NewPlacement, now = nowIso()): Promise<ShortLink> {
  const existing = await findPlacementLink(db, input.storeId, input.productId, input.placement);
  return existing ?? createPlacementLink(db, input, now);
}

/** Writes a change to a code and logs it under `userId` in the code's store, together. */
async function changeLink(db: Kysely<Database>, link: ShortLink, changes: Parameters<typeof updateLink>[2], action: string, userId: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateLink(trx, link.id, changes);
    if (link.store_id !== null) await logEdit(trx, { id: newId(), storeId: link.store_id, userId, action, productId: link.product_id, now });
  });
}

/** A new place or name for a code (a main code keeps its place); logged as `link.edit`. */
export async function relabelLink(db: Kysely<Database>, link: ShortLink, placement: PlacementKind, label: string, userId: string, now = nowIso()): Promise<void> {
  await changeLink(db, link, link.placement === 'main' ? { label } : { placement, label }, 'link.edit', userId, now);
}

/**
 * Archived codes leave the seller's list but keep leading to the store: they may still be printed.
 * Logged as `link.archive` or `link.restore`.
 */
export async function setLinkArchived(db: Kysely<Database>, link: ShortLink, archived: boolean, userId: string, now = nowIso()): Promise<void> {
  if (link.placement === 'main') return;
  await changeLink(db, link, { archived_at: archived ? now : null }, archived ? 'link.archive' : 'link.restore', userId, now);
}

export type LinkState = 'live' | 'unpublished' | 'takenDown' | 'closed';

export interface LinkResolution {
  linkId: string;
  code: string;
  storeId: string | null;
  state: LinkState;
  /** Where a live code redirects: always a path on this site, built from current slugs. */
  target: string | null;
}

/** A path on this site and nothing else: one leading slash, no `//host`, no backslash, no controls or spaces. */
export function isSafeLocalPath(path: string): boolean {
  return /^\/(?![/\\])[^\\\s\p{Cc}]*$/u.test(path);
}

/**
 * Where a code leads now. Product codes lead to the product page while the product is on sale
 * (shown and priced, the rule of isOnSale in store/products.ts), otherwise to the store page.
 */
export function resolveLink(row: LinkTargetRow): LinkResolution {
  const base = { linkId: row.id, code: row.code, storeId: row.store_id };
  if (row.store_id === null || row.store_slug === null) return { ...base, state: 'closed', target: null };
  if (row.store_taken_down_at !== null) return { ...base, state: 'takenDown', target: null };
  if (row.store_published_at === null) return { ...base, state: 'unpublished', target: null };
  const onSale = row.product_slug !== null && row.product_hidden === 0 && row.product_price_minor !== null;
  const target = onSale && row.product_slug !== null ? paths.product(row.store_slug, row.product_slug) : paths.store(row.store_slug);
  if (!isSafeLocalPath(target)) return { ...base, state: 'closed', target: null };
  return { ...base, state: 'live', target };
}

/**
 * Call (and await) after any committed change to a store, its products or its codes: this server's
 * map is current when it resolves. Never rejects.
 */
export function linksChanged(storeId: string): Promise<void> {
  return getLinkDirectory().refreshStore(storeId);
}

/** How the directory reads codes from a database (set once by the server at start). */
export function linkLoaderFor(db: Kysely<Database>): LinkLoader {
  return {
    all: async () => (await listLinkTargets(db)).map(resolveLink),
    store: async (storeId) => (await listLinkTargetsOfStore(db, storeId)).map(resolveLink),
    code: async (code) => {
      const row = await findLinkTargetByCode(db, code);
      return row ? resolveLink(row) : null;
    },
  };
}
