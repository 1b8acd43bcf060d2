// Who may do what with a store. Every studio page and action asks here (deny by default); the
// Trainer issue adds "trainer of the owner's cohort" as one more kind of access in this file.
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session';
import type { Database, Store } from '../db/schema';
import { canAssistStore } from '../trainer/assist';
import { findMembership, findStoreById } from './store.repository';

/** 'trainer': the trainer of the owner's open cohort, helping with the store (assisted mode). */
export type StoreAccess = 'owner' | 'member' | 'admin' | 'trainer';

export interface StoreRights {
  /** See the store's pages while unpublished or taken down (preview). */
  view: boolean;
  editProducts: boolean;
  seeOrders: boolean;
  /** Name, story, region, contacts, cover photo. */
  editStore: boolean;
  manageMembers: boolean;
  publish: boolean;
  changeSlug: boolean;
  deleteStore: boolean;
  takeDown: boolean;
}

const NONE: StoreRights = {
  view: false,
  editProducts: false,
  seeOrders: false,
  editStore: false,
  manageMembers: false,
  publish: false,
  changeSlug: false,
  deleteStore: false,
  takeDown: false,
};

/**
 * Owners do everything with their store; members (family, cooperative) edit products and see
 * orders; admins may look at any store and take it down or restore it, but do not edit it; a
 * trainee's trainer edits the store and its products with them (not orders, members or publishing).
 */
export function rightsOf(access: StoreAccess | null): StoreRights {
  switch (access) {
    case 'owner':
      return { ...NONE, view: true, editProducts: true, seeOrders: true, editStore: true, manageMembers: true, publish: true, changeSlug: true, deleteStore: true };
    case 'member':
      return { ...NONE, view: true, editProducts: true, seeOrders: true };
    case 'admin':
      return { ...NONE, view: true, takeDown: true };
    case 'trainer':
      return { ...NONE, view: true, editProducts: true, editStore: true };
    default:
      return NONE;
  }
}

/** The user's relation to a store: their membership first, then their role. */
export async function accessToStore(db: Kysely<Database>, user: SessionUser | null, storeId: string): Promise<StoreAccess | null> {
  if (!user) return null;
  const membership = await findMembership(db, user.id);
  if (membership?.storeId === storeId) return membership.role;
  if (user.role === 'admin') return 'admin';
  if (await canAssistStore(db, user, storeId)) return 'trainer';
  return null;
}

export interface Studio {
  store: Store;
  access: StoreAccess;
  rights: StoreRights;
}

/**
 * The store the user works on in /studio: the one a trainer chose to help with (`assistStoreId`,
 * from the assist cookie, checked again here), else their own; null when they have none yet.
 */
export async function loadStudio(db: Kysely<Database>, user: SessionUser, assistStoreId: string | null = null): Promise<Studio | null> {
  if (assistStoreId !== null && (await canAssistStore(db, user, assistStoreId))) {
    const assisted = await findStoreById(db, assistStoreId);
    if (assisted) return { store: assisted, access: 'trainer', rights: rightsOf('trainer') };
  }
  const membership = await findMembership(db, user.id);
  if (!membership) return null;
  const store = await findStoreById(db, membership.storeId);
  if (!store) return null;
  return { store, access: membership.role, rights: rightsOf(membership.role) };
}
