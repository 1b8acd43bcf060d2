// The in-memory map behind /q/<code>: code → where it leads now. The redirect is answered from
// here without waiting on the database:
//
// - loaded whole when the server starts (one query);
// - a change on this server (store edited, published, renamed, product added, code made) reloads
//   that store's codes before the change is answered (await linksChanged → refreshStore);
// - every entry is trusted for LINK_TTL_MS; an older entry is still used for the request at hand
//   while a background read refreshes it, so changes made on another app server sharing the
//   database are followed within about LINK_TTL_MS (the first scan after that may still go to the
//   old target — an old store slug keeps redirecting, so it still lands on the store);
// - a code this server has never seen (made on another server a moment ago) is read from the
//   database once; unknown codes are remembered as unknown for MISS_TTL_MS (at most MAX_MISSES of
//   them), so guessing codes cannot turn into one database read per request.
//
// One instance per process, on globalThis: the Astro bundle (store services call linksChanged) and
// the Express bundle (which answers /q/) are separate module graphs.
import type { LinkResolution } from './links';

export const LINK_TTL_MS = 5_000;
export const MISS_TTL_MS = 30_000;
export const MAX_MISSES = 10_000;

export interface LinkLoader {
  all(): Promise<LinkResolution[]>;
  store(storeId: string): Promise<LinkResolution[]>;
  code(code: string): Promise<LinkResolution | null>;
}

interface Entry {
  resolution: LinkResolution;
  checkedAt: number;
}

function warn(message: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, error: reason }));
}

export class LinkDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly byStore = new Map<string, Set<string>>();
  private readonly misses = new Map<string, number>();
  private readonly pendingCodes = new Map<string, Promise<LinkResolution | null>>();
  private readonly storeRefreshes = new Map<string, { running: Promise<void>; again: boolean }>();
  private loader: LinkLoader | null = null;

  constructor(private readonly limits = { ttlMs: LINK_TTL_MS, missTtlMs: MISS_TTL_MS, maxMisses: MAX_MISSES }) {}

  setLoader(loader: LinkLoader | null): void {
    this.loader = loader;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Synchronous: the code's resolution (possibly a few seconds old, refreshed in the background),
   * null when the code is known not to exist, undefined when it must be read (call resolve()).
   */
  lookup(code: string, now = Date.now()): LinkResolution | null | undefined {
    const entry = this.entries.get(code);
    if (entry) {
      if (now - entry.checkedAt > this.limits.ttlMs) void this.resolve(code, now);
      return entry.resolution;
    }
    const missedAt = this.misses.get(code);
    if (missedAt !== undefined) {
      if (now - missedAt <= this.limits.missTtlMs) return null;
      this.misses.delete(code);
    }
    return undefined;
  }

  /** Reads the code from the database (one read shared by concurrent callers) and remembers the answer. */
  async resolve(code: string, now = Date.now()): Promise<LinkResolution | null> {
    const loader = this.loader;
    if (!loader) return null;
    let pending = this.pendingCodes.get(code);
    if (!pending) {
      pending = loader.code(code).finally(() => this.pendingCodes.delete(code));
      this.pendingCodes.set(code, pending);
    }
    let resolution: LinkResolution | null;
    try {
      resolution = await pending;
    } catch (error) {
      warn(`could not read short code ${code}`, error);
      // Keep answering from what we had; the next request tries again.
      return this.entries.get(code)?.resolution ?? null;
    }
    if (resolution) this.put(resolution, now);
    else this.forget(code, now);
    return resolution;
  }

  /** Loads every code (server start). */
  async loadAll(now = Date.now()): Promise<number> {
    if (!this.loader) return 0;
    const all = await this.loader.all();
    for (const resolution of all) this.put(resolution, now);
    return all.length;
  }

  /**
   * Reloads the codes of a store; a change during a reload triggers one more. Resolves when the map
   * is current (never rejects: a failed read drops the store's entries, to be read again on use).
   */
  refreshStore(storeId: string): Promise<void> {
    if (!this.loader) return Promise.resolve();
    const current = this.storeRefreshes.get(storeId);
    if (current) {
      current.again = true;
      return current.running;
    }
    const state = { running: Promise.resolve(), again: false };
    const run = async (): Promise<void> => {
      do {
        state.again = false;
        try {
          await this.reloadStore(storeId);
        } catch (error) {
          warn(`could not reload the short codes of store ${storeId}`, error);
          for (const code of this.byStore.get(storeId) ?? []) this.entries.delete(code);
          this.byStore.delete(storeId);
        }
      } while (state.again);
      this.storeRefreshes.delete(storeId);
    };
    this.storeRefreshes.set(storeId, state);
    state.running = run();
    return state.running;
  }

  /** Resolves when every background store reload has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.storeRefreshes.size > 0 || this.pendingCodes.size > 0) {
      await Promise.allSettled([...[...this.storeRefreshes.values()].map((s) => s.running), ...this.pendingCodes.values()]);
    }
  }

  clear(): void {
    this.entries.clear();
    this.byStore.clear();
    this.misses.clear();
  }

  private async reloadStore(storeId: string, now = Date.now()): Promise<void> {
    const loader = this.loader;
    if (!loader) return;
    const fresh = await loader.store(storeId);
    const seen = new Set(fresh.map((r) => r.code));
    // Codes that no longer belong to the store (it was deleted): read again on their next scan.
    for (const code of this.byStore.get(storeId) ?? []) {
      if (!seen.has(code)) {
        this.entries.delete(code);
        this.byStore.get(storeId)?.delete(code);
      }
    }
    for (const resolution of fresh) this.put(resolution, now);
  }

  private put(resolution: LinkResolution, now: number): void {
    const previous = this.entries.get(resolution.code);
    if (previous && previous.resolution.storeId !== null && previous.resolution.storeId !== resolution.storeId) {
      this.byStore.get(previous.resolution.storeId)?.delete(resolution.code);
    }
    this.entries.set(resolution.code, { resolution, checkedAt: now });
    this.misses.delete(resolution.code);
    if (resolution.storeId !== null) {
      let codes = this.byStore.get(resolution.storeId);
      if (!codes) {
        codes = new Set();
        this.byStore.set(resolution.storeId, codes);
      }
      codes.add(resolution.code);
    }
  }

  private forget(code: string, now: number): void {
    const previous = this.entries.get(code);
    if (previous?.resolution.storeId) this.byStore.get(previous.resolution.storeId)?.delete(code);
    this.entries.delete(code);
    if (this.misses.size >= this.limits.maxMisses) {
      const oldest = this.misses.keys().next();
      if (!oldest.done) this.misses.delete(oldest.value);
    }
    this.misses.set(code, now);
  }
}

declare global {
  var harvestlinkLinkDirectory: LinkDirectory | undefined;
}

export function getLinkDirectory(): LinkDirectory {
  globalThis.harvestlinkLinkDirectory ??= new LinkDirectory();
  return globalThis.harvestlinkLinkDirectory;
}
