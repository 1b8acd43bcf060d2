// `npm run db:copy`: moves a deployment's data from its SQLite file into PostgreSQL. Every table,
// parents before children, in one PostgreSQL transaction, verified (row count and an
// order-independent checksum per table) before it commits. Dialect-specific on purpose: it reads
// SQLite directly and writes PostgreSQL.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { createPostgresDatabase } from './client';
import { withExclusiveLock } from './dialect';
import { bundledMigrations, migrateToLatest } from './migrate';
import type { Database } from './schema';

/** Kysely's own bookkeeping: each side keeps its own (the target is migrated by the same files). */
const INTERNAL_TABLE = /^(kysely_|sqlite_)/;
/**
 * Tables the database fills by itself (triggers) from other tables: not copied, but their row
 * counts are compared after the copy, which shows the target's triggers rebuilt them. A new derived
 * table must be listed here (db:copy stops with a message naming it otherwise, because its columns
 * differ between the backends).
 */
export const DERIVED_TABLES: ReadonlyMap<string, string> = new Map([
  ['market_search_docs', 'the market search documents, rebuilt by triggers from stores and products'],
]);
/** PostgreSQL accepts at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 1000;

export interface CopyOptions {
  from: string;
  to: string;
  /** Empty the target's tables first (inside the same transaction) instead of refusing. */
  replace: boolean;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface TableReport {
  table: string;
  rows: number;
  /** Hex checksum, equal on both sides. */
  checksum: string;
}

export interface CopyReport {
  tables: TableReport[];
  /** Derived tables (not copied) and their row counts, equal on both sides. */
  derived: { table: string; rows: number }[];
  replaced: boolean;
}

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

interface SourceTable {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables this one references (other than itself). */
  parents: string[];
  /** Columns referencing this same table's key (e.g. users.created_by → users.id). */
  selfReferences: { column: string; references: string }[];
}

function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Ordinary tables only: FTS5 virtual tables and their shadow tables are the SQLite side of search. */
function ordinaryTables(source: SQLite.Database): string[] {
  return source
    .prepare<[], { name: string }>("select name from pragma_table_list where schema = 'main' and type = 'table' order by name")
    .all()
    .map((row) => row.name)
    .filter((name) => !INTERNAL_TABLE.test(name));
}

function readSourceTables(source: SQLite.Database): SourceTable[] {
  const names = ordinaryTables(source).filter((name) => !DERIVED_TABLES.has(name));
  return names.map((name) => {
    const columns = source.prepare<[string], { name: string; pk: number }>('select name, pk from pragma_table_info(?) order by cid').all(name);
    const foreign = source
      .prepare<[string], { table: string; from: string; to: string | null }>('select "table", "from", "to" from pragma_foreign_key_list(?)')
      .all(name);
    const primaryKey = columns
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    return {
      name,
      columns: columns.map((c) => c.name),
      primaryKey,
      parents: [...new Set(foreign.filter((f) => f.table !== name).map((f) => f.table))],
      // "references users" without a column means the primary key.
      selfReferences: foreign.filter((f) => f.table === name).map((f) => ({ column: f.from, references: f.to ?? primaryKey[0] ?? 'rowid' })),
    };
  });
}

/** Parents before children (Kahn's algorithm); alphabetical among equals, so runs are repeatable. */
export function foreignKeyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const remaining = new Map(tables.map((t) => [t.name, t]));
  const ordered: T[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((t) => t.parents.every((p) => !remaining.has(p)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (ready.length === 0) {
      throw new CopyError(`The tables ${[...remaining.keys()].join(', ')} reference each other in a cycle; db:copy cannot order them.`);
    }
    for (const t of ready) {
      ordered.push(t);
      remaining.delete(t.name);
    }
  }
  return ordered;
}

type Cell = string | number | bigint | Buffer | null;

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * One row, canonical across drivers: SQLite hands integers back as numbers, PostgreSQL hands
 * bigint back as text, so every number is written as its decimal text.
 */
function canonicalRow(columns: string[], row: Record<string, unknown>): string {
  return JSON.stringify(
    columns.map((c) => {
      const v = toCell(row[c]);
      if (v === null) return null;
      if (Buffer.isBuffer(v)) return { hex: v.toString('hex') };
      return String(v);
    }),
  );
}

/** Order-independent: the sum (mod 2^128) of the rows' SHA-256 prefixes. Any changed, missing or extra row changes it. */
class TableChecksum {
  private sum = 0n;
  rows = 0;
  add(canonical: string): void {
    const digest = createHash('sha256').update(canonical).digest();
    this.sum = (this.sum + digest.readBigUInt64BE(0) * 2n ** 64n + digest.readBigUInt64BE(8)) % 2n ** 128n;
    this.rows += 1;
  }
  hex(): string {
    return this.sum.toString(16).padStart(32, '0');
  }
}

function rowsPerInsert(columnCount: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, columnCount))));
}

async function insertBatch(db: Kysely<Database>, table: SourceTable, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const values = sql.join(rows.map((row) => sql`(${sql.join(table.columns.map((c) => toCell(row[c])))})`));
  try {
    await sql`insert into ${sql.table(table.name)} (${columns}) values ${values}`.execute(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const keys = rows.slice(0, 3).map((r) => table.primaryKey.map((k) => String(r[k])).join('/')).join(', ');
    throw new CopyError(`Could not insert into ${table.name} (rows starting ${keys}): ${reason}`);
  }
}

/**
 * Rows of a table that references itself, parents first: a row goes in once the row it points to
 * is in (or it points nowhere). PostgreSQL checks foreign keys row by row.
 */
function parentsFirst(table: SourceTable, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  if (table.selfReferences.length === 0) return rows;
  const placed = new Map<string, Set<string>>(table.selfReferences.map((r) => [r.references, new Set<string>()]));
  const ordered: Record<string, unknown>[] = [];
  let pending = rows;
  while (pending.length > 0) {
    const next: Record<string, unknown>[] = [];
    for (const row of pending) {
      const ready = table.selfReferences.every((r) => {
        const target = row[r.column];
        return target === null || target === undefined || placed.get(r.references)?.has(String(target)) === true;
      });
      if (ready) {
        ordered.push(row);
        for (const [column, set] of placed) set.add(String(row[column]));
      } else {
        next.push(row);
      }
    }
    if (next.length === pending.length) {
      // References to rows that do not exist (SQLite had foreign keys off at some point): insert
      // them as they are and let PostgreSQL name the broken reference.
      ordered.push(...next);
      break;
    }
    pending = next;
  }
  return ordered;
}

async function targetRowCount(db: Kysely<Database>, table: string): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Reads the target table back in key order, a page at a time, into a checksum. */
async function targetChecksum(db: Kysely<Database>, table: SourceTable): Promise<TableChecksum> {
  const checksum = new TableChecksum();
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  if (table.primaryKey.length === 0) {
    const all = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(table.name)}`.execute(db);
    for (const row of all.rows) checksum.add(canonicalRow(table.columns, row));
    return checksum;
  }
  const key = sql.join(table.primaryKey.map((c) => sql.ref(c)));
  const pageSize = 5000;
  let last: unknown[] | null = null;
  for (;;) {
    const after: ReturnType<typeof sql> = last ? sql`where (${key}) > (${sql.join(last)})` : sql``;
    const page = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(table.name)} ${after} order by ${key} limit ${pageSize}`.execute(db);
    for (const row of page.rows) checksum.add(canonicalRow(table.columns, row));
    const lastRow = page.rows[page.rows.length - 1];
    if (page.rows.length < pageSize || !lastRow) return checksum;
    last = table.primaryKey.map((c) => lastRow[c]);
  }
}

async function targetColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const tables = await db.introspection.getTables();
  return new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
}

function executedMigrations(source: SQLite.Database): string[] {
  const exists = source.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  if (!exists) return [];
  return source
    .prepare<[], { name: string }>('select name from kysely_migration order by name')
    .all()
    .map((row) => row.name);
}

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const log = options.log ?? (() => undefined);
  if (!fs.existsSync(options.from)) throw new CopyError(`--from ${options.from}: no such file. Give the SQLite database, e.g. data/harvestlink.db.`);
  const source = new SQLite(options.from, { readonly: true, fileMustExist: true });
  const target = createPostgresDatabase(options.to, { poolSize: 2 });
  try {
    const known = Object.keys(await bundledMigrations.getMigrations()).sort();
    const sourceMigrations = executedMigrations(source);
    const missing = known.filter((m) => !sourceMigrations.includes(m));
    const unknown = sourceMigrations.filter((m) => !known.includes(m));
    if (unknown.length > 0) {
      throw new CopyError(`The SQLite database has migrations this version does not know (${unknown.join(', ')}): run db:copy from the same HarvestLink version that last ran on it.`);
    }
    if (missing.length > 0) {
      throw new CopyError(
        `The SQLite database is not up to date (missing ${missing.join(', ')}). Bring it up to date first: DATA_DIR=<its folder> npm run db:migrate (it backs the file up first).`,
      );
    }

    // Same migration files on the target, so both sides have the same tables and columns.
    const migrated = await migrateToLatest(target.db);
    const applied = (migrated.results ?? []).filter((r) => r.status === 'Success').length;
    log(applied > 0 ? `Target: applied ${applied} migration(s).` : 'Target: schema already up to date.');

    const tables = foreignKeyOrder(readSourceTables(source));
    const onTarget = await targetColumns(target.db);
    for (const table of tables) {
      const columns = onTarget.get(table.name);
      const hint = 'If the database fills this table by itself (triggers), list it in DERIVED_TABLES (src/lib/server/db/copy.ts).';
      if (!columns) throw new CopyError(`The target has no table ${table.name}, which the SQLite database has. ${hint}`);
      const absent = table.columns.filter((c) => !columns.has(c));
      if (absent.length > 0) throw new CopyError(`The target table ${table.name} has no column(s) ${absent.join(', ')}. ${hint}`);
    }

    // App servers starting on the target meanwhile wait for this lock (they migrate and seed under it).
    return await withExclusiveLock(target.db, 'prepare-database', (locked) =>
      locked.transaction().execute(async (trx) => {
        const occupied: string[] = [];
        for (const table of [...tables, ...[...DERIVED_TABLES.keys()].filter((t) => onTarget.has(t)).map((name) => ({ name }))]) {
          const n = await targetRowCount(trx, table.name);
          if (n > 0) occupied.push(`${table.name} (${n})`);
        }
        if (occupied.length > 0 && !options.replace) {
          throw new CopyError(
            `The target database is not empty: ${occupied.join(', ')}. db:copy refuses to mix two deployments' data. ` +
              'Copy into a new, empty database (an app server started on it with SEED_DEMO=true has already loaded demo data), ' +
              'or pass --replace to delete what the target holds in these tables, in the same transaction as the copy.',
          );
        }
        if (occupied.length > 0) {
          // Children first; derived rows go with their sources (cascade or triggers).
          for (const table of [...tables].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(trx);
          log(`Target: emptied ${occupied.join(', ')} (--replace).`);
        }

        // One read transaction on the source: a consistent snapshot even if a server still writes to it.
        source.prepare('begin').run();
        const reports: TableReport[] = [];
        const derived: { table: string; rows: number }[] = [];
        try {
          for (const table of tables) {
            const sourceSum = new TableChecksum();
            const order = table.primaryKey.length > 0 ? ` order by ${table.primaryKey.map(quoteSqlite).join(', ')}` : '';
            const select = source.prepare<[], Record<string, unknown>>(`select ${table.columns.map(quoteSqlite).join(', ')} from ${quoteSqlite(table.name)}${order}`);
            const batchSize = rowsPerInsert(table.columns.length);
            if (table.selfReferences.length > 0) {
              const rows = select.all();
              for (const row of rows) sourceSum.add(canonicalRow(table.columns, row));
              const ordered = parentsFirst(table, rows);
              for (let i = 0; i < ordered.length; i += batchSize) await insertBatch(trx, table, ordered.slice(i, i + batchSize));
            } else {
              let batch: Record<string, unknown>[] = [];
              for (const row of select.iterate()) {
                sourceSum.add(canonicalRow(table.columns, row));
                batch.push(row);
                if (batch.length >= batchSize) {
                  await insertBatch(trx, table, batch);
                  batch = [];
                }
              }
              await insertBatch(trx, table, batch);
            }
            const copied = await targetRowCount(trx, table.name);
            const targetSum = await targetChecksum(trx, table);
            if (copied !== sourceSum.rows || targetSum.rows !== sourceSum.rows) {
              throw new CopyError(`${table.name}: ${sourceSum.rows} rows in SQLite but ${copied} in PostgreSQL after the copy. Nothing was committed.`);
            }
            if (targetSum.hex() !== sourceSum.hex()) {
              throw new CopyError(`${table.name}: the rows read back from PostgreSQL differ from SQLite's (checksum ${targetSum.hex()} ≠ ${sourceSum.hex()}). Nothing was committed.`);
            }
            reports.push({ table: table.name, rows: copied, checksum: sourceSum.hex() });
            log(`  ${table.name.padEnd(24)} ${String(copied).padStart(9)} rows  checksum ${sourceSum.hex().slice(0, 16)}…  ok`);
          }
          for (const [table, what] of DERIVED_TABLES) {
            if (!ordinaryTables(source).includes(table)) continue;
            const expected = Number(source.prepare<[], { n: number }>(`select count(*) as n from ${quoteSqlite(table)}`).get()?.n ?? 0);
            const rebuilt = await targetRowCount(trx, table);
            if (rebuilt !== expected) {
              throw new CopyError(`${table} (${what}): ${expected} rows in SQLite but ${rebuilt} rebuilt in PostgreSQL. Nothing was committed.`);
            }
            derived.push({ table, rows: rebuilt });
            log(`  ${table.padEnd(24)} ${String(rebuilt).padStart(9)} rows  rebuilt by the target (${what})  ok`);
          }
        } finally {
          source.prepare('rollback').run();
        }
        return { tables: reports, derived, replaced: occupied.length > 0 };
      }),
    );
  } finally {
    source.close();
    await target.close();
  }
}
