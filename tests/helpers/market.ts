// Farm stores for market tests, written through the store engineer's repository functions
// (insertStore, insertProduct, updateStore): each test makes exactly the stores it asserts on and
// never depends on demo data.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { insertProduct } from '../../src/lib/server/store/product.repository';
import { insertStore, recordSlug } from '../../src/lib/server/store/store.repository';

export interface TestProduct {
  name: string;
  description?: string;
  /** Minor units (fen); null for a draft without a price (not shown to buyers). Default 3800. */
  price?: number | null;
  unit?: string;
  category?: string;
  hidden?: boolean;
  availability?: 'inStock' | 'soldOut' | 'preorder';
}

export interface TestStore {
  name: string;
  tagline?: string;
  story?: string;
  provinceCode?: string | null;
  countyCode?: string | null;
  village?: string;
  regionOther?: string;
  /** Default true. */
  published?: boolean;
  takenDown?: boolean;
  /** The store's updated_at (the directory's order); default: now. */
  updatedAt?: string;
  products?: TestProduct[];
}

export interface CreatedStore {
  id: string;
  slug: string;
  productIds: string[];
}

/** A store (published unless told otherwise) with its products, as the builder would store them. */
export async function addTestStore(db: Kysely<Database>, input: TestStore): Promise<CreatedStore> {
  const id = newId();
  const slug = `t-${id.slice(0, 12)}`;
  const now = input.updatedAt ?? new Date().toISOString();
  const published = input.published ?? true;
  await insertStore(db, {
    id,
    slug,
    name: input.name,
    tagline: input.tagline ?? '',
    story_json: null,
    story_text: input.story ?? '',
    province_code: input.provinceCode ?? null,
    county_code: input.countyCode ?? null,
    village: input.village ?? '',
    region_other: input.regionOther ?? '',
    phone: '13800000000',
    wechat: '',
    whatsapp: '',
    pickup_note: '',
    delivery_note: '',
    cover_photo_id: null,
    published_at: published ? now : null,
    first_published_at: published ? now : null,
    taken_down_at: input.takenDown ? now : null,
    taken_down_reason: input.takenDown ? 'test' : null,
    taken_down_by: null,
    version: 1,
    edit_version: 1,
    created_by: null,
    created_at: now,
    updated_at: now,
  });
  await recordSlug(db, id, slug, now);
  const productIds: string[] = [];
  for (const [index, product] of (input.products ?? []).entries()) {
    const productId = newId();
    productIds.push(productId);
    await insertProduct(db, {
      id: productId,
      store_id: id,
      slug: `p${index + 1}`,
      name: product.name,
      price_minor: product.price === undefined ? 3800 : product.price,
      currency: 'CNY',
      unit: product.unit ?? 'jin',
      price_by_weight: 0,
      availability: product.availability ?? 'inStock',
      harvest_date: null,
      stock: null,
      category: product.category ?? 'other',
      description_json: null,
      description_text: product.description ?? '',
      position: index + 1,
      hidden: product.hidden ? 1 : 0,
      version: 1,
      created_at: now,
      updated_at: now,
      updated_by: null,
    });
  }
  return { id, slug, productIds };
}

/** Store ids in the order a result lists them. */
export function idsOf(rows: readonly { id: string }[]): string[] {
  return rows.map((r) => r.id);
}
