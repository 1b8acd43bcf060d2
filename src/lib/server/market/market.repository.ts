// All SQL of the market: the public directory, its search, the map's counts and the region pages.
// Only live stores (published, not taken down) and the products buyers can see (not hidden,
// priced) ever leave here. Portable SQL; the text match itself comes from db/text-search.ts.
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool, type Expression } from 'kysely';
import type { Database, Product, StorePhoto } from '../db/schema';
import { storeTextMatches } from '../db/text-search';

/** One typed word, with the places it names (a word may be a county: 若尔盖). */
export interface SearchTerm {
  text: string;
  provinceCodes: readonly string[];
  countyCodes: readonly string[];
}

export type RegionFilter =
  | { kind: 'all' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'county'; provinceCode: string; countyCode: string }
  /** Stores whose place is not in the region list (typed by the seller), or whose code the list no longer has. */
  | { kind: 'other'; listedProvinceCodes: readonly string[] };

export interface MarketQuery {
  /** Every word must match (AND); empty for no text search. */
  terms: readonly SearchTerm[];
  region: RegionFilter;
  /** Stores selling at least one visible product of this category. */
  category: string | null;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface MarketStoreRow {
  id: string;
  slug: string;
  name: string;
  tagline: string;
  village: string;
  region_other: string;
  province_code: string | null;
  county_code: string | null;
  cover_photo_id: string | null;
  updated_at: string;
}

export interface MarketPage {
  rows: MarketStoreRow[];
  /** Matching stores on all pages. */
  total: number;
}

type StoresQuery = SelectQueryBuilder<Database, 'stores', object>;

const STORE_COLUMNS = [
  'stores.id',
  'stores.slug',
  'stores.name',
  'stores.tagline',
  'stores.village',
  'stores.region_other',
  'stores.province_code',
  'stores.county_code',
  'stores.cover_photo_id',
  'stores.updated_at',
] as const;

/** Published and not taken down: the only stores the public sees. */
function liveStores(db: Kysely<Database>): StoresQuery {
  return db.selectFrom('stores').where('stores.published_at', 'is not', null).where('stores.taken_down_at', 'is', null);
}

/** A product buyers can see: not hidden and priced (the store page's rule, isOnSale). */
function onSale(eb: ExpressionBuilder<Database, 'products'>): Expression<SqlBool> {
  return eb.and([eb('products.hidden', '=', 0), eb('products.price_minor', 'is not', null)]);
}

function applyRegion(query: StoresQuery, region: RegionFilter): StoresQuery {
  switch (region.kind) {
    case 'all':
      return query;
    case 'province':
      return query.where('stores.province_code', '=', region.provinceCode);
    case 'county':
      return query.where('stores.province_code', '=', region.provinceCode).where('stores.county_code', '=', region.countyCode);
    case 'other':
      return query.where((eb) =>
        eb.or([eb('stores.province_code', 'is', null), eb('stores.province_code', 'not in', [...region.listedProvinceCodes])]),
      );
  }
}

function applyFilters(db: Kysely<Database>, query: MarketQuery): StoresQuery {
  let q = applyRegion(liveStores(db), query.region);
  for (const term of query.terms) {
    q = q.where((eb) =>
      eb.or([
        storeTextMatches(db, term.text),
        ...(term.provinceCodes.length > 0 ? [eb('stores.province_code', 'in', [...term.provinceCodes])] : []),
        ...(term.countyCodes.length > 0 ? [eb('stores.county_code', 'in', [...term.countyCodes])] : []),
      ]),
    );
  }
  const category = query.category;
  if (category !== null) {
    // Read through products_category_idx: the stores of one kind are found at once, not by
    // looking into every store's products.
    q = q.where('stores.id', 'in', db.selectFrom('products').select('products.store_id').where('products.category', '=', category).where(onSale));
  }
  return q;
}

/**
 * THE market search: live stores matching every term (in their name, tagline, story, village or
 * typed region, in a visible product's name or description, or by the place a term names), the
 * region and the category, most recently updated first (ties by id, so pages never overlap), one
 * page of them and how many match in all.
 *
 * Without words or a kind of product, the page is read in the order of stores_live_order_idx and
 * stops after its rows, and a separate count needs no sort. With them, the matching stores are
 * found once and counted in the same statement (`count(*) over ()`): evaluating the text match
 * twice costs more than sorting the matches (≈ 8 instead of 13 ms for 茶 over 5,000 stores).
 */
export async function searchMarketStores(db: Kysely<Database>, query: MarketQuery): Promise<MarketPage> {
  const filtered = applyFilters(db, query);
  const offset = (query.page - 1) * query.pageSize;
  const count = async (): Promise<number> =>
    Number((await filtered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst())?.n ?? 0);
  if (query.terms.length === 0 && query.category === null) {
    const [rows, total] = await Promise.all([
      filtered.select(STORE_COLUMNS).orderBy('stores.updated_at', 'desc').orderBy('stores.id', 'desc').limit(query.pageSize).offset(offset).execute(),
      count(),
    ]);
    return { rows, total };
  }
  const rows = await filtered
    .select([...STORE_COLUMNS, sql<number | string>`count(*) over ()`.as('total')])
    .orderBy('stores.updated_at', 'desc')
    .orderBy('stores.id', 'desc')
    .limit(query.pageSize)
    .offset(offset)
    .execute();
  const first = rows[0];
  // Past the last page there is no row to carry the count: count apart.
  if (!first) return { rows: [], total: query.page > 1 ? await count() : 0 };
  return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(first.total) };
}

/** How many live stores the query finds (all pages): for suggestions on an empty result. */
export async function countMarketStores(db: Kysely<Database>, query: Omit<MarketQuery, 'page' | 'pageSize'>): Promise<number> {
  const count = await applyFilters(db, { ...query, page: 1, pageSize: 1 })
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(count?.n ?? 0);
}

/** Live stores per province code (null: no province; codes the list lacks count as they are). */
export async function countLiveStoresByProvince(db: Kysely<Database>): Promise<Map<string | null, number>> {
  const rows = await liveStores(db)
    .select(['stores.province_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('stores.province_code')
    .execute();
  return new Map(rows.map((r) => [r.province_code, Number(r.n)]));
}

/** Live stores of one province per county code (null: the seller gave no county). */
export async function countLiveStoresByCounty(db: Kysely<Database>, provinceCode: string): Promise<Map<string | null, number>> {
  const rows = await liveStores(db)
    .where('stores.province_code', '=', provinceCode)
    .select(['stores.county_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('stores.county_code')
    .execute();
  return new Map(rows.map((r) => [r.county_code, Number(r.n)]));
}

/** The most recently updated live stores of each county of a province, at most `perCounty` each. */
export async function listLatestStoresPerCounty(db: Kysely<Database>, provinceCode: string, perCounty: number): Promise<MarketStoreRow[]> {
  const ranked = liveStores(db)
    .where('stores.province_code', '=', provinceCode)
    .select([
      ...STORE_COLUMNS,
      sql<number>`row_number() over (partition by stores.county_code order by stores.updated_at desc, stores.id desc)`.as('rank_in_county'),
    ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .select(['id', 'slug', 'name', 'tagline', 'village', 'region_other', 'province_code', 'county_code', 'cover_photo_id', 'updated_at'])
    .where('rank_in_county', '<=', perCounty)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows;
}

export type CardProduct = Pick<Product, 'id' | 'store_id' | 'slug' | 'name' | 'price_minor' | 'currency' | 'unit' | 'price_by_weight' | 'availability'>;

export interface CardProducts {
  /** The first `perStore` products buyers see, in the seller's order. */
  products: CardProduct[];
  /** How many products buyers see in all. */
  onSale: number;
}

/** The first few visible products of each store (in the seller's order) and how many it has. */
export async function listCardProducts(db: Kysely<Database>, storeIds: readonly string[], perStore: number): Promise<Map<string, CardProducts>> {
  const result = new Map<string, CardProducts>();
  if (storeIds.length === 0) return result;
  const ranked = db
    .selectFrom('products')
    .where('products.store_id', 'in', [...storeIds])
    .where(onSale)
    .select([
      'products.id',
      'products.store_id',
      'products.slug',
      'products.name',
      'products.price_minor',
      'products.currency',
      'products.unit',
      'products.price_by_weight',
      'products.availability',
      sql<number>`row_number() over (partition by products.store_id order by products.position, products.created_at, products.id)`.as('rank_in_store'),
      sql<number | string>`count(*) over (partition by products.store_id)`.as('on_sale'),
    ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('rank_in_store', '<=', perStore)
    .orderBy('store_id')
    .orderBy('rank_in_store')
    .execute();
  for (const { rank_in_store: _rank, on_sale, ...product } of rows) {
    const entry = result.get(product.store_id) ?? { products: [], onSale: Number(on_sale) };
    entry.products.push(product);
    result.set(product.store_id, entry);
  }
  return result;
}

export type CardPhoto = Pick<StorePhoto, 'id' | 'store_id' | 'product_id' | 'variants' | 'alt'>;

/**
 * A photo for each store's card: its cover, or else the first photo of the first listed product
 * that has one. `productIds` are the products shown on the cards, in order.
 */
export async function listCardPhotos(
  db: Kysely<Database>,
  stores: readonly Pick<MarketStoreRow, 'id' | 'cover_photo_id'>[],
  productIds: readonly string[],
): Promise<Map<string, CardPhoto>> {
  const result = new Map<string, CardPhoto>();
  const coverIds = stores.map((s) => s.cover_photo_id).filter((id): id is string => id !== null);
  const columns = ['store_photos.id', 'store_photos.store_id', 'store_photos.product_id', 'store_photos.variants', 'store_photos.alt'] as const;
  const [covers, productPhotos] = await Promise.all([
    coverIds.length > 0 ? db.selectFrom('store_photos').select(columns).where('store_photos.id', 'in', coverIds).execute() : Promise.resolve([]),
    productIds.length > 0
      ? db
          .selectFrom('store_photos')
          .select(columns)
          .where('store_photos.product_id', 'in', [...productIds])
          .orderBy('store_photos.position')
          .orderBy('store_photos.created_at')
          .orderBy('store_photos.id')
          .execute()
      : Promise.resolve([]),
  ]);
  for (const store of stores) {
    // A cover must belong to the store it is the cover of.
    const cover = covers.find((p) => p.id === store.cover_photo_id && p.store_id === store.id);
    if (cover) {
      result.set(store.id, cover);
      continue;
    }
    for (const productId of productIds) {
      const photo = productPhotos.find((p) => p.product_id === productId && p.store_id === store.id);
      if (photo) {
        result.set(store.id, photo);
        break;
      }
    }
  }
  return result;
}
