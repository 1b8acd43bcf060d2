// What a buyer asked the market for, read from the address (?q=蜂蜜&province=510000&category=honey&page=2).
// Lenient on purpose: a value that makes no sense (an unknown province, page "abc") is dropped,
// never an error page — the buyer still gets a directory.
import { z } from 'zod';
import { findProvince, listProvinces } from '../../regions';
import { findRegionsByName } from '../../regions/search';
import { isCategory, type Category } from '../../store/catalog';
import type { MarketQuery, RegionFilter, SearchTerm } from './market.repository';

/** Stores per page of the directory. */
export const PAGE_SIZE = 12;
/** The highest page number accepted (12 × 500 = 6,000 stores, well past the bench's 5,000). */
export const MAX_PAGE = 500;
/** Most characters of the search box that are read, words per search, characters per word. */
export const MAX_QUERY_CHARS = 100;
export const MAX_TERMS = 5;
export const MAX_TERM_CHARS = 40;

/** The province filter's value for stores outside the region list. */
export const OTHER_REGIONS = 'other';

/**
 * The words of a search: NFKC-normalised (full-width ｈｏｎｅｙ and ３ become honey and 3), lower
 * case, split on spaces and punctuation (Chinese and Latin), without repeats. Chinese needs no
 * spaces (蜂蜜 and 土蜂蜜 are each one word matched inside the text); a lone Latin letter or digit
 * is dropped (it would match nearly everything).
 */
export function splitSearchTerms(query: string): string[] {
  const text = [...query.normalize('NFKC').toLowerCase()].slice(0, MAX_QUERY_CHARS).join('');
  const words = text.split(/[\s\p{P}\p{S}]+/u).filter((w) => w !== '' && !/^[a-z0-9]$/.test(w));
  const unique = [...new Set(words.map((w) => [...w].slice(0, MAX_TERM_CHARS).join('')))];
  return unique.slice(0, MAX_TERMS);
}

/** A word with the provinces and counties it names. */
export function toSearchTerm(text: string): SearchTerm {
  const places = findRegionsByName(text);
  return { text, provinceCodes: places.provinceCodes, countyCodes: places.countyCodes };
}

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v ?? '').normalize('NFC').trim());

/** The address's parameters, each already made sensible. */
export const marketParamsSchema = z.object({
  q: optionalText.transform((v) => [...v].slice(0, MAX_QUERY_CHARS).join('')),
  province: optionalText.transform((v) => (v === OTHER_REGIONS || findProvince(v) ? v : '')),
  category: optionalText.transform((v): Category | '' => (isCategory(v) ? v : '')),
  page: optionalText.transform((v) => {
    const n = /^\d{1,4}$/.test(v) ? Number(v) : 1;
    return Math.min(Math.max(n, 1), MAX_PAGE);
  }),
});

export type MarketParams = z.output<typeof marketParamsSchema>;

/** Reads ?q, ?province, ?category and ?page; never fails. */
export function readMarketParams(search: URLSearchParams): MarketParams {
  const parsed = marketParamsSchema.safeParse({
    q: search.get('q'),
    province: search.get('province'),
    category: search.get('category'),
    page: search.get('page'),
  });
  return parsed.success ? parsed.data : { q: '', province: '', category: '', page: 1 };
}

/** True when the buyer searched or filtered (the page then shows results rather than the map first). */
export function isFiltered(params: MarketParams): boolean {
  return splitSearchTerms(params.q).length > 0 || params.province !== '' || params.category !== '';
}

export function regionFilterFor(province: string): RegionFilter {
  if (province === OTHER_REGIONS) return { kind: 'other', listedProvinceCodes: listProvinces().map((p) => p.code) };
  if (province !== '') return { kind: 'province', provinceCode: province };
  return { kind: 'all' };
}

/** The repository's query for these parameters. */
export function toMarketQuery(params: MarketParams, region: RegionFilter = regionFilterFor(params.province)): MarketQuery {
  return {
    terms: splitSearchTerms(params.q).map(toSearchTerm),
    region,
    category: params.category === '' ? null : params.category,
    page: params.page,
    pageSize: PAGE_SIZE,
  };
}
