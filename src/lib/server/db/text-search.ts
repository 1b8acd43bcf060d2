// Substring search in the market's search documents (market_search_docs, one per store, kept by
// triggers: db/migrations/2026-11-28T1900_create_market_search.ts), the one place that knows how
// each backend does it. Chinese has no spaces between words, so a term matches anywhere inside
// the text, as a substring, case-insensitively for Latin letters.
//
// - SQLite: terms of 3 or more characters go through the FTS5 trigram index (MATCH, a phrase).
//   The trigram tokenizer finds nothing for 1–2 characters (蜂蜜), and LIKE over every document
//   costs ≈ 20 ms at 5,000 stores; instead such a term is looked up in the index's list of
//   trigrams (fts5vocab) as the range of trigrams that start with it — every occurrence starts
//   one, since each document ends with two newlines.
// - PostgreSQL: LIKE over the lower-case documents (through a function that plans it with the
//   pg_trgm GIN index, for terms of 3 or more characters, when the extension was available at
//   migration time); otherwise, and for shorter terms, a scan.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { backendOf } from './dialect';
import { escapeLike } from './like';
import type { Database } from './schema';

/** Fewest characters a trigram index finds as a phrase; shorter terms take a trigram range (SQLite) or a scan (PostgreSQL). */
export const TRIGRAM_MIN_CHARS = 3;

export type TextSearchKind = 'sqlite-fts5-trigram' | 'postgres-pg-trgm' | 'postgres-scan';

/** Characters as people count them (code points: 蜂蜜 is 2, not 6 bytes or 2 UTF-16 units by luck). */
export function characterCount(term: string): number {
  return [...term].length;
}

/** An FTS5 phrase: the term between double quotes (inner quotes doubled), so no character is an operator. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** True when the backend answers this term from an index rather than a scan of every document. */
export function usesTrigramIndex(kind: TextSearchKind, term: string): boolean {
  if (kind === 'sqlite-fts5-trigram') return true;
  return kind === 'postgres-pg-trgm' && characterCount(term) >= TRIGRAM_MIN_CHARS;
}

/**
 * The condition "the store's search document contains `term`", for a query over `stores`.
 * `term` is one word as typed (already split on spaces).
 */
export function storeTextMatches(db: Kysely<Database>, term: string): Expression<SqlBool> {
  const folded = term.toLowerCase();
  if (backendOf(db) === 'postgres') {
    // The documents are stored in lower case; backslash is PostgreSQL's default LIKE escape. For 3
    // or more characters the function (see the migration) plans the LIKE with the trigram index
    // when there is one. Shorter terms give pg_trgm no trigram: its index would be read whole, so
    // they scan the documents.
    const pattern = `%${escapeLike(folded)}%`;
    if (characterCount(folded) >= TRIGRAM_MIN_CHARS) return sql<SqlBool>`stores.id in (select store_id from market_search_store_ids(${pattern}))`;
    return sql<SqlBool>`stores.id in (select store_id from market_search_docs where body like ${pattern})`;
  }
  if (characterCount(folded) >= TRIGRAM_MIN_CHARS) {
    return sql<SqlBool>`stores.id in (select store_id from market_search_docs where doc_id in (select rowid from market_search where market_search match ${ftsPhrase(folded)}))`;
  }
  const [from, to] = trigramRange(folded);
  return sql<SqlBool>`stores.id in (select store_id from market_search_docs where doc_id in (select doc from market_search_terms where term >= ${from} and term < ${to}))`;
}

/**
 * The trigrams that start with a 1–2-character term, as a half-open range [term, next): `next`
 * is the term with its last character moved one code point on. UTF-8 sorts by code point, so the
 * range holds exactly the trigrams beginning with the term (the index folds Latin letters to lower
 * case, as the term already is).
 */
export function trigramRange(term: string): [string, string] {
  const chars = [...term];
  let next = (chars.pop()?.codePointAt(0) ?? 0) + 1;
  // Surrogate code points are not characters (UTF-8 has none): the next character is U+E000.
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return [term, `${chars.join('')}${String.fromCodePoint(Math.min(next, 0x10ffff))}`];
}

const kinds = new WeakMap<object, Promise<TextSearchKind>>();

/** Which search the database does (for the bench report and the tests); looked up once per connection pool. */
export function textSearchKind(db: Kysely<Database>): Promise<TextSearchKind> {
  if (backendOf(db) === 'sqlite') return Promise.resolve('sqlite-fts5-trigram');
  const key = db.getExecutor();
  let kind = kinds.get(key);
  if (!kind) {
    kind = sql<{ found: number }>`select 1 as found from pg_indexes where indexname = 'market_search_docs_body_trgm'`
      .execute(db)
      .then((result) => (result.rows.length > 0 ? 'postgres-pg-trgm' : 'postgres-scan'));
    kinds.set(key, kind);
  }
  return kind;
}

