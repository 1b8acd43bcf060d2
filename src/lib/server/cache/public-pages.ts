// The in-memory cache of public store pages for anonymous visitors: each page and language kept
// as ready-compressed bytes (brotli, gzip and plain), so a buyer scanning a QR code is answered
// without rendering. Store services call invalidateStore() after every change; the HTTP layer
// (src/server/public-page-cache.ts) fills and serves it.
//
// Several app servers: each keeps its own cache. An edit clears this server's entries at once and
// bumps the store's `version` in the database; the other servers compare the version they rendered
// with the database's at most once per VERIFY_AFTER_MS per store (one primary-key read, however
// busy the page), so a busy page changed on another server is served stale for about 2 s more.
// Between VERIFY_AFTER_MS and STALE_LIMIT_MS an entry is still served while its check runs in the
// background; after that it is rendered afresh.

/** How long an entry is trusted before the store's version is read again. */
export const VERIFY_AFTER_MS = 2_000;
/** An entry not checked for this long is not served until its check succeeds. */
export const STALE_LIMIT_MS = 10_000;
/** Memory bound: entries beyond these are dropped, least recently used first. */
export const MAX_ENTRIES = 2_000;
export const MAX_BYTES = 48 * 1024 * 1024;

export type Encoding = 'br' | 'gzip' | 'identity';

export interface CachedPage {
  key: string;
  storeId: string;
  /** The store's version when the page was rendered. */
  version: number;
  headers: [string, string][];
  bodies: Record<Encoding, Buffer>;
  etag: string;
  verifiedAt: number;
  bytes: number;
  /** When it was last served, on the cache's own use counter (for dropping the least recently used). */
  lastUse: number;
}

export type VersionLookup = (storeId: string) => Promise<number | null>;

export class PublicPageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly byStore = new Map<string, Set<string>>();
  /** Lowest version still acceptable per store (set by local invalidations). */
  private readonly minVersion = new Map<string, number>();
  private readonly pendingChecks = new Map<string, Promise<number | null>>();
  private totalBytes = 0;
  /** Counts every store and every hit: an entry's lastUse says how recently it was used. */
  private useCounter = 0;
  private versionOf: VersionLookup | null = null;
  hits = 0;
  misses = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxBytes: number; verifyAfterMs: number; staleLimitMs?: number } = {
      maxEntries: MAX_ENTRIES,
      maxBytes: MAX_BYTES,
      verifyAfterMs: VERIFY_AFTER_MS,
      staleLimitMs: STALE_LIMIT_MS,
    },
  ) {}

  /** The database read used to confirm an entry is current (set by the server at start). */
  setVersionLookup(lookup: VersionLookup): void {
    this.versionOf = lookup;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * The entry for `key`, synchronously, when it was checked recently. An entry due for a check is
   * still served (within the stale limit) while one check of its store's version runs in the
   * background; an older one is not served until that check succeeds.
   */
  getFresh(key: string, now = Date.now()): CachedPage | null {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return null;
    }
    const age = now - entry.verifiedAt;
    if (age > this.limits.verifyAfterMs) void this.verifyStore(entry.storeId, now);
    if (age > (this.limits.staleLimitMs ?? this.limits.verifyAfterMs)) {
      this.misses += 1;
      return null;
    }
    // A hit only marks the entry: reordering the map on every hit cost more than the lookup itself.
    // Eviction, rare (only when a new page does not fit), looks for the least recently used.
    this.useCounter += 1;
    entry.lastUse = this.useCounter;
    this.hits += 1;
    return entry;
  }

  /** Reads the store's version once (shared by concurrent callers) and keeps or drops its pages. */
  async verifyStore(storeId: string, now?: number): Promise<void> {
    const lookup = this.versionOf;
    if (!lookup) {
      this.invalidateStore(storeId);
      return;
    }
    let pending = this.pendingChecks.get(storeId);
    if (pending) {
      // A check is already running: its result serves every caller.
      await pending.catch(() => null);
      return;
    }
    pending = lookup(storeId).finally(() => this.pendingChecks.delete(storeId));
    this.pendingChecks.set(storeId, pending);
    let current: number | null;
    try {
      current = await pending;
    } catch {
      current = null;
    }
    const checkedAt = now ?? Date.now();
    for (const key of [...(this.byStore.get(storeId) ?? [])]) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (current !== null && entry.version === current) entry.verifiedAt = checkedAt;
      else this.remove(key);
    }
  }

  /** Stores a rendered page unless the store changed since it was rendered. */
  set(page: Omit<CachedPage, 'bytes' | 'verifiedAt' | 'lastUse'>, now = Date.now()): boolean {
    if (page.version < (this.minVersion.get(page.storeId) ?? 0)) return false;
    const bytes = page.bodies.br.length + page.bodies.gzip.length + page.bodies.identity.length;
    if (bytes > this.limits.maxBytes / 4) return false;
    this.remove(page.key);
    this.useCounter += 1;
    const entry: CachedPage = { ...page, bytes, verifiedAt: now, lastUse: this.useCounter };
    this.entries.set(page.key, entry);
    let keys = this.byStore.get(page.storeId);
    if (!keys) {
      keys = new Set();
      this.byStore.set(page.storeId, keys);
    }
    keys.add(page.key);
    this.totalBytes += bytes;
    this.evict();
    return true;
  }

  /**
   * Drops every page of the store on this server. `newVersion` (when known) also refuses pages
   * rendered before the change that are still being written into the cache.
   */
  invalidateStore(storeId: string, newVersion?: number): void {
    if (newVersion !== undefined) this.minVersion.set(storeId, Math.max(newVersion, this.minVersion.get(storeId) ?? 0));
    for (const key of [...(this.byStore.get(storeId) ?? [])]) this.remove(key);
  }

  clear(): void {
    this.entries.clear();
    this.byStore.clear();
    this.totalBytes = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    const keys = this.byStore.get(entry.storeId);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byStore.delete(entry.storeId);
  }

  private evict(): void {
    while (this.entries.size > this.limits.maxEntries || this.totalBytes > this.limits.maxBytes) {
      let oldest: CachedPage | null = null;
      for (const entry of this.entries.values()) if (oldest === null || entry.lastUse < oldest.lastUse) oldest = entry;
      if (oldest === null) return;
      this.remove(oldest.key);
    }
  }
}

// One cache per process, shared by the Astro bundle (which invalidates) and the Express bundle
// (which serves): they are separate module graphs, so the instance lives on globalThis.
declare global {
  var harvestlinkPublicPageCache: PublicPageCache | undefined;
}

export function getPublicPageCache(): PublicPageCache {
  globalThis.harvestlinkPublicPageCache ??= new PublicPageCache();
  return globalThis.harvestlinkPublicPageCache;
}

/** Call after any change to a store, its products or photos has been committed. */
export function invalidateStorePages(storeId: string, newVersion?: number): void {
  getPublicPageCache().invalidateStore(storeId, newVersion);
}

/**
 * The response header a public page sets to say "anonymous visitors may get this from the cache":
 * `<store id> <version>`. The HTTP layer reads and removes it; browsers never see it.
 */
export const CACHE_MARK_HEADER = 'x-harvestlink-cache';

export function cacheMark(storeId: string, version: number): string {
  return `${storeId} ${version}`;
}
