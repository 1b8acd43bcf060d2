// Scans and page views are counted in memory and written in small batches, so answering a scan
// never waits on the database. What a crash can lose, exactly: the counts gathered since the last
// flush — at most flushIntervalMs of them (STATS_FLUSH_MS: 1 s by default, up to 60 s), fewer when
// FLUSH_AT waiting counts start a flush early — plus, only while the database is failing, the
// counts waiting to be retried (at most MAX_PENDING; beyond that new counts are dropped and
// reported). A clean shutdown (SIGTERM, SIGINT) flushes everything before the process exits.
// The README ("What a crash can lose") states the same bounds.
//
// Page views are kept as counts: views of the same page kind of a store by the same visitor in the
// same minute wait as one row with a `views` count (a reload, or going back and forth between a
// store and its products, adds 1 to it). The reports only ever add views up per day, so nothing
// they show changes; a busy page writes one row per visitor and minute instead of one per view.
// Scans stay one row each (the report counts distinct scanners per placement and day).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { newId } from '../ids';
import { existingStoreIds, insertScans, insertViews } from './stats.repository';

export const FLUSH_INTERVAL_MS = 1_000;
/** Rows per INSERT statement (5 columns each: far under every backend's parameter limit). */
export const BATCH_SIZE = 200;
/** Rows per transaction: one flush is one commit (one fsync), however busy the codes are. */
export const TRANSACTION_ROWS = 5_000;
/** This many waiting counts start a flush before the timer does (each flush is one commit, i.e. one fsync). */
export const FLUSH_AT = 5_000;
export const MAX_PENDING = 50_000;

export interface ScanRecord {
  linkId: string;
  storeId: string;
  at: string;
  visitor: string;
}

/** One page view as counted (epoch milliseconds). */
export interface PageView {
  storeId: string;
  page: 'store' | 'product';
  at: number;
  visitor: string;
}

/** A row of page views: `views` views of one page kind by one visitor within the minute of `at` (the first of them). */
export interface ViewRecord {
  storeId: string;
  page: 'store' | 'product';
  at: string;
  visitor: string;
  views: number;
}

export type VisitWriter = (scans: ScanRecord[], views: ViewRecord[]) => Promise<void>;

function warn(message: string, error?: unknown): void {
  const reason = error === undefined ? undefined : error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...(reason ? { error: reason } : {}) }));
}

export interface BufferOptions {
  flushIntervalMs: number;
  /** Most rows handed to the writer at once (one transaction). */
  transactionRows: number;
  /** Pending rows that start a flush early. */
  flushAt: number;
  maxPending: number;
}

export const DEFAULT_BUFFER_OPTIONS: BufferOptions = {
  flushIntervalMs: FLUSH_INTERVAL_MS,
  transactionRows: TRANSACTION_ROWS,
  flushAt: FLUSH_AT,
  maxPending: MAX_PENDING,
};

/** A waiting row of views, with the minute it counts for. */
interface WaitingViews extends ViewRecord {
  minute: number;
}

const minuteOf = (at: number): number => Math.floor(at / 60_000);
const asViewRecord = ({ storeId, page, at, visitor, views }: WaitingViews): ViewRecord => ({ storeId, page, at, visitor, views });

export class VisitBuffer {
  private scans: ScanRecord[] = [];
  /**
   * Waiting view rows by visitor, each visitor's by store, page kind and minute (a handful: rows
   * leave at every flush). A visitor's hash is the same string for all their views of the day, so
   * finding their rows needs no new key string built and hashed per view.
   */
  private views = new Map<string, WaitingViews[]>();
  private viewRows = 0;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  /** Counts refused because MAX_PENDING rows were already waiting. */
  dropped = 0;
  writtenScans = 0;
  /** Views written (a row may hold several). */
  writtenViews = 0;

  constructor(
    private readonly writer: VisitWriter,
    private readonly options: BufferOptions = DEFAULT_BUFFER_OPTIONS,
  ) {}

  /** Rows waiting to be written (scans, and view rows however many views each holds). */
  get pending(): number {
    return this.scans.length + this.viewRows;
  }

  /** Flushes every FLUSH_INTERVAL_MS until stop(). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  addScan(record: ScanRecord): void {
    if (!this.admit()) return;
    this.scans.push(record);
    if (this.pending >= this.options.flushAt && !this.failing && !this.flushing) void this.flush();
  }

  addView(view: PageView): void {
    const minute = minuteOf(view.at);
    const rows = this.views.get(view.visitor);
    if (rows) {
      // Newest last: only this minute's rows are looked at, even when a database outage has kept
      // many minutes of one visitor (many people behind one address and browser) waiting.
      for (let at = rows.length - 1; at >= 0; at -= 1) {
        const row = rows[at];
        if (row === undefined || row.minute < minute) break;
        if (row.minute === minute && row.storeId === view.storeId && row.page === view.page) {
          row.views += 1;
          return;
        }
      }
    }
    if (!this.admit()) return;
    this.keepRow({ storeId: view.storeId, page: view.page, at: new Date(view.at).toISOString(), visitor: view.visitor, views: 1, minute }, rows);
    if (this.pending >= this.options.flushAt && !this.failing && !this.flushing) void this.flush();
  }

  /** Adds a row to the waiting ones (`rows`: the visitor's, when already looked up). */
  private keepRow(row: WaitingViews, rows = this.views.get(row.visitor)): void {
    if (rows) rows.push(row);
    else this.views.set(row.visitor, [row]);
    this.viewRows += 1;
  }

  /** Writes everything pending; one flush at a time, later callers wait for it and go again. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending === 0) return;
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  /** Stops the timer and writes what is left (clean shutdown). Resolves with the counts that could not be written. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    // The database may have failed once; try once more before giving up.
    if (this.pending > 0) await this.flush();
    return this.pending;
  }

  /** Takes up to `limit` view rows out of the waiting ones, visitor by visitor in the order they came. */
  private takeViews(limit: number): WaitingViews[] {
    const taken: WaitingViews[] = [];
    for (const [visitor, rows] of this.views) {
      if (taken.length >= limit) break;
      const count = Math.min(rows.length, limit - taken.length);
      taken.push(...rows.splice(0, count));
      this.viewRows -= count;
      if (rows.length === 0) this.views.delete(visitor);
    }
    return taken;
  }

  /** Rows that could not be written wait again, in front; views counted meanwhile join them. */
  private putBackViews(rows: WaitingViews[]): void {
    const later = [...this.views.values()].flat();
    this.views = new Map();
    this.viewRows = 0;
    // The failure path only: a key string per row keeps merging linear however many rows wait.
    const byKey = new Map<string, WaitingViews>();
    for (const row of [...rows, ...later]) {
      const key = `${row.visitor} ${row.minute} ${row.storeId} ${row.page}`;
      const same = byKey.get(key);
      if (same) {
        same.views += row.views;
        continue;
      }
      byKey.set(key, row);
      this.keepRow(row);
    }
  }

  private admit(): boolean {
    if (this.pending < this.options.maxPending) return true;
    this.dropped += 1;
    if (this.dropped === 1 || this.dropped % 10_000 === 0) warn(`visit counts are not being written; ${this.dropped} dropped so far`);
    return false;
  }

  private async writeAll(): Promise<void> {
    while (this.pending > 0) {
      const scans = this.scans.splice(0, this.options.transactionRows);
      const views = this.takeViews(Math.max(0, this.options.transactionRows - scans.length));
      try {
        await this.writer(scans, views.map(asViewRecord));
        this.writtenScans += scans.length;
        this.writtenViews += views.reduce((n, v) => n + v.views, 0);
        if (this.failing) warn('visit counts are being written again');
        this.failing = false;
      } catch (error) {
        // Put them back in front, in order; the next tick retries.
        this.scans = [...scans, ...this.scans];
        this.putBackViews(views);
        if (!this.failing) warn('could not write visit counts; will retry', error);
        this.failing = true;
        return;
      }
    }
  }
}

/**
 * Ids for count rows, cheaper than a random id each (a busy code writes thousands a second): a
 * random prefix per process (60 bits) and a counter. Unique across processes and restarts.
 */
function rowIds(): () => string {
  const prefix = newId().slice(0, 12);
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${next.toString(36).padStart(8, '0')}`;
  };
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes what it is given in one transaction, BATCH_SIZE rows per INSERT. A transaction refused
 * because a store was deleted in the meantime (its counts have nowhere to go) is written again
 * without that store's counts.
 */
export function databaseVisitWriter(db: Kysely<Database>): VisitWriter {
  const rowId = rowIds();
  const write = async (scans: ScanRecord[], views: ViewRecord[]): Promise<void> => {
    await db.transaction().execute(async (trx) => {
      for (const chunk of chunks(scans, BATCH_SIZE)) {
        await insertScans(
          trx,
          chunk.map((s) => ({ id: rowId(), link_id: s.linkId, store_id: s.storeId, scanned_at: s.at, visitor: s.visitor })),
        );
      }
      for (const chunk of chunks(views, BATCH_SIZE)) {
        await insertViews(
          trx,
          chunk.map((v) => ({ id: rowId(), store_id: v.storeId, page: v.page, viewed_at: v.at, visitor: v.visitor, views: v.views })),
        );
      }
    });
  };
  return async (scans, views) => {
    try {
      await write(scans, views);
    } catch (error) {
      const ids = [...new Set([...scans.map((s) => s.storeId), ...views.map((v) => v.storeId)])];
      const existing = await existingStoreIds(db, ids);
      if (existing.size === ids.length) throw error;
      await write(
        scans.filter((s) => existing.has(s.storeId)),
        views.filter((v) => existing.has(v.storeId)),
      );
    }
  };
}

declare global {
  var harvestlinkVisitBuffer: VisitBuffer | undefined;
}

/** The process's buffer, once the server has made one (null in tools and tests that did not). */
export function getVisitBuffer(): VisitBuffer | null {
  return globalThis.harvestlinkVisitBuffer ?? null;
}

export function installVisitBuffer(buffer: VisitBuffer | null): void {
  globalThis.harvestlinkVisitBuffer = buffer ?? undefined;
}
