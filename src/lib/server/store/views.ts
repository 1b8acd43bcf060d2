// What the store pages show, loaded in a few queries: the builder overview and the public pages.
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session';
import { passedLessonSlugs } from '../course/progress';
import type { Database, Product, Store, StorePhoto } from '../db/schema';
import { accessToStore, rightsOf, type StoreAccess, type Studio } from './access';
import { requiredLessonsForStore } from '../trainer/publish-lock';
import { buildChecklist, type Checklist } from './checklist';
import { unreadOrderCount } from './orders';
import { findPhotoById, findProductBySlug, listPhotosOfProducts, listProductPhotos, listProducts } from './product.repository';
import { isOnSale } from './products';
import { isLive } from './stores';
import { findStoreBySlug, listRecentEdits, type EditRow } from './store.repository';

/** Photos grouped by product id, each list in the seller's order. */
export function groupPhotos(photos: readonly StorePhoto[]): Map<string, StorePhoto[]> {
  const byProduct = new Map<string, StorePhoto[]>();
  for (const photo of photos) {
    if (photo.product_id === null) continue;
    const list = byProduct.get(photo.product_id) ?? [];
    list.push(photo);
    byProduct.set(photo.product_id, list);
  }
  return byProduct;
}

export interface BuilderOverview {
  products: Product[];
  photos: Map<string, StorePhoto[]>;
  checklist: Checklist;
  unreadOrders: number;
  recentEdits: EditRow[];
}

export async function loadBuilderOverview(db: Kysely<Database>, studio: Studio, userId: string): Promise<BuilderOverview> {
  const products = await listProducts(db, studio.store.id, { visibleOnly: false });
  const [photoRows, passed, unreadOrders, required, recentEdits] = await Promise.all([
    listPhotosOfProducts(db, products.map((p) => p.id)),
    passedLessonSlugs(db, userId),
    studio.rights.seeOrders ? unreadOrderCount(db, studio.store.id) : Promise.resolve(0),
    requiredLessonsForStore(db, studio.store.id),
    listRecentEdits(db, studio.store.id, 5),
  ]);
  const photos = groupPhotos(photoRows);
  const checklist = buildChecklist(studio.store, products, new Set(photos.keys()), passed, required);
  return { products, photos, checklist, unreadOrders, recentEdits };
}

/** True when the store may be published now (the checklist's essential steps are done). */
export async function readyToPublish(db: Kysely<Database>, studio: Studio, userId: string): Promise<boolean> {
  return (await loadBuilderOverview(db, studio, userId)).checklist.readyToPublish;
}

export type PublicStoreLookup =
  | { kind: 'notFound' }
  /** An old slug: send the visitor to the current address. */
  | { kind: 'moved'; slug: string }
  | {
      kind: 'ok';
      store: Store;
      /** The visitor's relation to the store (null for buyers). */
      access: StoreAccess | null;
      /** Not public: a member or admin sees a preview. */
      preview: boolean;
    };

/**
 * Finds a store for a public page. Stores that are not live (unpublished, taken down) are not
 * found for everyone but their members and admins.
 */
export async function lookupPublicStore(db: Kysely<Database>, slug: string, user: SessionUser | null): Promise<PublicStoreLookup> {
  const store = await findStoreBySlug(db, slug);
  if (!store) return { kind: 'notFound' };
  const access = await accessToStore(db, user, store.id);
  const live = isLive(store);
  if (!live && !rightsOf(access).view) return { kind: 'notFound' };
  if (store.slug !== slug) return { kind: 'moved', slug: store.slug };
  return { kind: 'ok', store, access, preview: !live };
}

export interface StorefrontView {
  products: Product[];
  photos: Map<string, StorePhoto[]>;
  cover: StorePhoto | null;
}

/** The products buyers see (not hidden, priced), their photos and the cover. */
export async function loadStorefront(db: Kysely<Database>, store: Store): Promise<StorefrontView> {
  const products = (await listProducts(db, store.id, { visibleOnly: true })).filter(isOnSale);
  const [photoRows, cover] = await Promise.all([
    listPhotosOfProducts(db, products.map((p) => p.id)),
    store.cover_photo_id ? findPhotoById(db, store.cover_photo_id) : Promise.resolve(null),
  ]);
  return { products, photos: groupPhotos(photoRows), cover: cover?.store_id === store.id ? cover : null };
}

export interface ProductPageView {
  product: Product;
  photos: StorePhoto[];
}

/**
 * One product for its public page: on sale, or — for a member's preview — any product of the
 * store (hidden and unpriced ones too).
 */
export async function loadProductPage(db: Kysely<Database>, store: Store, productSlug: string, seeHidden: boolean): Promise<ProductPageView | null> {
  const product = await findProductBySlug(db, store.id, productSlug);
  if (!product) return null;
  if (!isOnSale(product) && !seeHidden) return null;
  return { product, photos: await listProductPhotos(db, product.id) };
}
