import { sql, type Expression, type SqlBool } from 'kysely';

/** Escapes LIKE wildcards so user input matches literally (paired with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `lower(column) LIKE '%text%' ESCAPE '\'`: a case-insensitive substring match that reads the same
 * on SQLite and PostgreSQL (neither treats `\` as an escape in LIKE unless told).
 */
export function containsInsensitive(column: Expression<string>, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`;
}
