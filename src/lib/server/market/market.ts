// The market's pages put together: the directory (search, filters, pages of store cards), the
// tile map of provinces, and the province and county pages. Pages call these and render.
import type { Kysely } from 'kysely';
import { findCounty, findProvince, listCountyGroups, type County, type Province } from '../../regions';
import { provinceShortName, provinceTile, type ProvinceTile } from '../../regions/provinces';
import type { Database } from '../db/schema';
import {
  countMarketStores,
  countLiveStoresByCounty,
  listCardPhotos,
  listCardProducts,
  listLatestStoresPerCounty,
  searchMarketStores,
  type CardPhoto,
  type CardProduct,
  type MarketQuery,
  type MarketStoreRow,
} from './market.repository';
import { PAGE_SIZE, splitSearchTerms, toMarketQuery, toSearchTerm, type MarketParams } from './query';

/** Products shown on a store's card. */
export const CARD_PRODUCTS = 3;
/** Stores shown per county on a province page (the county's own page lists them all). */
export const STORES_PER_COUNTY = 4;

export interface MarketCard {
  id: string;
  slug: string;
  name: string;
  tagline: string;
  /** Where the store is, smallest unit first: village, county (or the seller's own words). */
  village: string;
  /** The county's name, the province's when no county is given, or the place typed outside the list. */
  area: string;
  photo: CardPhoto | null;
  products: CardProduct[];
  /** Products buyers see beyond those on the card. */
  moreProducts: number;
}

function areaOf(row: MarketStoreRow): string {
  const county = findCounty(row.county_code);
  if (county && county.provinceCode === row.province_code) return county.name;
  const province = findProvince(row.province_code);
  if (province) return province.name;
  return row.region_other;
}

/** Cards for stores: a handful of queries for the whole page, never one per store. */
export async function buildCards(db: Kysely<Database>, rows: readonly MarketStoreRow[]): Promise<MarketCard[]> {
  if (rows.length === 0) return [];
  const products = await listCardProducts(db, rows.map((r) => r.id), CARD_PRODUCTS);
  const shownIds = rows.flatMap((r) => products.get(r.id)?.products.map((p) => p.id) ?? []);
  const photos = await listCardPhotos(db, rows, shownIds);
  return rows.map((row) => {
    const entry = products.get(row.id);
    const list = entry?.products ?? [];
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      tagline: row.tagline,
      village: row.village,
      area: areaOf(row),
      photo: photos.get(row.id) ?? null,
      products: list,
      moreProducts: Math.max(0, (entry?.onSale ?? 0) - list.length),
    };
  });
}

export interface PageInfo {
  page: number;
  pages: number;
  total: number;
}

function pageInfo(page: number, total: number, pageSize: number): PageInfo {
  return { page, pages: Math.max(1, Math.ceil(total / pageSize)), total };
}

/** A search to try instead, and how many stores it finds. */
export interface Alternative {
  q: string;
  count: number;
}

/** What an empty result can offer instead: only searches that find something. */
export interface Suggestions {
  /** The same words without the province and category filters. */
  withoutFilters: number;
  /** Shorter words (土蜂蜜 → 蜂蜜; 野生猕猴桃 → 猕猴桃), with the other words kept. */
  shorterWords: Alternative[];
  /** Each word on its own, when there were several. */
  singleWords: Alternative[];
}

const HAN = /^\p{Script=Han}+$/u;
const MAX_SHORTER = 3;

/**
 * Shorter forms of a long Chinese word: its last three and last two characters (the thing named
 * usually comes last: 野生猕猴桃, 土蜂蜜) and its first two (风干牦牛肉 → 风干 is less useful, but 蜂蜜礼盒 → 蜂蜜).
 */
export function shorterForms(word: string): string[] {
  const chars = [...word];
  if (!HAN.test(word) || chars.length < 3) return [];
  const forms = [chars.length >= 4 ? chars.slice(-3).join('') : null, chars.slice(-2).join(''), chars.slice(0, 2).join('')];
  return [...new Set(forms.filter((f): f is string => f !== null && f !== word))];
}

async function suggest(db: Kysely<Database>, params: MarketParams, terms: readonly string[], query: MarketQuery): Promise<Suggestions> {
  const filtered = params.province !== '' || params.category !== '';
  const withoutFilters = filtered && terms.length > 0 ? await countMarketStores(db, { ...query, region: { kind: 'all' }, category: null }) : 0;
  const countWith = async (words: readonly string[]): Promise<number> => countMarketStores(db, { ...query, terms: words.map(toSearchTerm) });

  const shorterWords: Alternative[] = [];
  for (const [index, term] of terms.entries()) {
    for (const form of shorterForms(term)) {
      if (shorterWords.length >= MAX_SHORTER) break;
      const words = terms.map((t, i) => (i === index ? form : t));
      const count = await countWith(words);
      if (count > 0) shorterWords.push({ q: words.join(' '), count });
    }
  }
  const singleWords: Alternative[] = [];
  if (terms.length > 1) {
    for (const term of terms) {
      const count = await countWith([term]);
      if (count > 0) singleWords.push({ q: term, count });
    }
  }
  return { withoutFilters, shorterWords, singleWords };
}

export interface DirectoryResult {
  params: MarketParams;
  terms: string[];
  cards: MarketCard[];
  page: PageInfo;
  /** Set when nothing matched. */
  suggestions: Suggestions | null;
}

/** The directory: one page of live stores for the buyer's search and filters. */
export async function loadDirectory(db: Kysely<Database>, params: MarketParams): Promise<DirectoryResult> {
  const query = toMarketQuery(params);
  const found = await searchMarketStores(db, query);
  const cards = await buildCards(db, found.rows);
  const terms = splitSearchTerms(params.q);
  const suggestions = found.total === 0 && terms.length > 0 ? await suggest(db, params, terms, query) : null;
  return { params, terms, cards, page: pageInfo(params.page, found.total, PAGE_SIZE), suggestions };
}

/** The repository's query, for pages that list one region (county pages). */
export async function loadRegionStores(db: Kysely<Database>, query: MarketQuery): Promise<{ cards: MarketCard[]; page: PageInfo }> {
  const found = await searchMarketStores(db, query);
  return { cards: await buildCards(db, found.rows), page: pageInfo(query.page, found.total, query.pageSize) };
}

// Province and county pages

export interface CountySection {
  /** Null for the stores of the province that name no county the list has. */
  county: County | null;
  count: number;
  cards: MarketCard[];
}

export interface PrefectureSection {
  label: string;
  counties: CountySection[];
}

export interface ProvincePage {
  province: Province;
  shortName: string;
  tile: ProvinceTile | null;
  total: number;
  prefectures: PrefectureSection[];
  /** Stores with no county, or a county code the list does not have in this province. */
  unplaced: CountySection | null;
}

/** A province's live stores by county (only counties that have stores), in the region list's order. */
export async function loadProvincePage(db: Kysely<Database>, province: Province): Promise<ProvincePage> {
  const [counts, latest] = await Promise.all([
    countLiveStoresByCounty(db, province.code),
    listLatestStoresPerCounty(db, province.code, STORES_PER_COUNTY),
  ]);
  const cards = await buildCards(db, latest);
  const cardsById = new Map(cards.map((c) => [c.id, c]));
  const rowsByCounty = new Map<string | null, MarketCard[]>();
  const known = new Set<string>();
  for (const group of listCountyGroups(province.code)) for (const county of group.counties) known.add(county.code);
  for (const row of latest) {
    const key = row.county_code !== null && known.has(row.county_code) ? row.county_code : null;
    const card = cardsById.get(row.id);
    if (!card) continue;
    rowsByCounty.set(key, [...(rowsByCounty.get(key) ?? []), card]);
  }

  const prefectures: PrefectureSection[] = [];
  for (const group of listCountyGroups(province.code)) {
    const counties = group.counties
      .filter((county) => (counts.get(county.code) ?? 0) > 0)
      .map((county) => ({ county, count: counts.get(county.code) ?? 0, cards: rowsByCounty.get(county.code) ?? [] }));
    if (counties.length > 0) prefectures.push({ label: group.label, counties });
  }
  let unplacedCount = 0;
  let total = 0;
  for (const [code, n] of counts) {
    total += n;
    if (code === null || !known.has(code)) unplacedCount += n;
  }
  const unplaced = unplacedCount > 0 ? { county: null, count: unplacedCount, cards: (rowsByCounty.get(null) ?? []).slice(0, STORES_PER_COUNTY) } : null;
  return { province, shortName: provinceShortName(province), tile: provinceTile(province.code), total, prefectures, unplaced };
}

/** One page of a county's live stores. */
export async function loadCountyPage(db: Kysely<Database>, province: Province, county: County, page: number): Promise<{ cards: MarketCard[]; page: PageInfo }> {
  return loadRegionStores(db, {
    terms: [],
    region: { kind: 'county', provinceCode: province.code, countyCode: county.code },
    category: null,
    page,
    pageSize: PAGE_SIZE,
  });
}

