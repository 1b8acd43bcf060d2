// The in-memory cache of public store pages: keys, freshness, version checks, invalidation, bounds.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PublicPageCache } from '../../src/lib/server/cache/public-pages';
import { createHash } from 'node:crypto';
import { cacheKeyFor, pickEncoding, trimCspHashes } from '../../src/server/public-page-cache';

function request(url: string, headers: Record<string, string> = {}, method = 'GET'): IncomingMessage {
  // Only the fields cacheKeyFor reads.
  return Object.assign(Object.create(null), { url, method, headers }) as IncomingMessage;
}

function page(key: string, storeId: string, version: number, size = 100) {
  const body = Buffer.alloc(size, 'a');
  return { key, storeId, version, headers: [['content-type', 'text/html']] as [string, string][], bodies: { br: body, gzip: body, identity: body }, etag: '"x"' };
}

describe('which requests the cache answers', () => {
  it('keys anonymous GETs of store and product pages by language and path', () => {
    expect(cacheKeyFor(request('/s/chen-jia', { 'accept-language': 'en-GB,en;q=0.9' }))).toBe('en /s/chen-jia');
    expect(cacheKeyFor(request('/s/chen-jia/feng-gan', { 'accept-language': 'zh-CN' }))).toBe('zh-CN /s/chen-jia/feng-gan');
    expect(cacheKeyFor(request('/s/chen-jia', { cookie: 'lang=en', 'accept-language': 'zh-CN' }))).toBe('en /s/chen-jia');
    expect(cacheKeyFor(request('/s/chen-jia', {}, 'HEAD'))).toBe('zh-CN /s/chen-jia');
  });

  it('leaves signed-in visitors, queries, posts and other pages to the app', () => {
    expect(cacheKeyFor(request('/s/chen-jia', { cookie: 'session=abc.def' }))).toBeNull();
    expect(cacheKeyFor(request('/s/chen-jia?lang=en'))).toBeNull();
    expect(cacheKeyFor(request('/s/chen-jia', {}, 'POST'))).toBeNull();
    expect(cacheKeyFor(request('/s/chen-jia/order'))).toBe('zh-CN /s/chen-jia/order');
    expect(cacheKeyFor(request('/studio'))).toBeNull();
    expect(cacheKeyFor(request('/s/a/b/c'))).toBeNull();
    expect(cacheKeyFor(request('/s/%E9%A3%8E'))).toBeNull();
  });

  it('picks the best encoding the client accepts', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('identity')).toBe('identity');
  });
});

describe('the page cache', () => {
  it('serves a page until its store changes on this server', () => {
    const cache = new PublicPageCache();
    cache.set(page('en /s/a', 'store-a', 3));
    cache.set(page('en /s/b', 'store-b', 1));
    expect(cache.getFresh('en /s/a')?.version).toBe(3);
    cache.invalidateStore('store-a', 4);
    expect(cache.getFresh('en /s/a')).toBeNull();
    expect(cache.getFresh('en /s/b')).not.toBeNull();
    // A render that started before the change is refused when it arrives late.
    expect(cache.set(page('en /s/a', 'store-a', 3))).toBe(false);
    expect(cache.set(page('en /s/a', 'store-a', 4))).toBe(true);
  });

  it('asks the database for the version once an entry is older than the check interval (another server may have changed it)', async () => {
    let current = 7;
    let lookups = 0;
    const cache = new PublicPageCache({ maxEntries: 10, maxBytes: 1_000_000, verifyAfterMs: 1000 });
    cache.setVersionLookup(async () => {
      lookups += 1;
      return current;
    });
    cache.set(page('en /s/a', 'store-a', 7), 0);
    cache.set(page('zh-CN /s/a', 'store-a', 7), 0);
    expect(cache.getFresh('en /s/a', 500)).not.toBeNull();
    expect(cache.getFresh('en /s/a', 1500)).toBeNull();
    await cache.verifyStore('store-a', 1500);
    expect(lookups).toBe(1);
    expect(cache.getFresh('en /s/a', 1600)).not.toBeNull();
    expect(cache.getFresh('zh-CN /s/a', 1600)).not.toBeNull();
    current = 8;
    expect(cache.getFresh('en /s/a', 3000)).toBeNull();
    await cache.verifyStore('store-a', 3000);
    expect(cache.getFresh('en /s/a', 3001)).toBeNull();
    expect(cache.getFresh('zh-CN /s/a', 3001)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('keeps serving a page while its check runs, up to the stale limit', async () => {
    let lookups = 0;
    let answer: (v: number) => void = () => undefined;
    const cache = new PublicPageCache({ maxEntries: 10, maxBytes: 1_000_000, verifyAfterMs: 1000, staleLimitMs: 5000 });
    cache.setVersionLookup(
      () =>
        new Promise<number>((resolve) => {
          lookups += 1;
          answer = resolve;
        }),
    );
    cache.set(page('en /s/a', 'store-a', 2), 0);
    // Due for a check: still served, and one check starts however many requests come.
    expect(cache.getFresh('en /s/a', 1500)).not.toBeNull();
    expect(cache.getFresh('en /s/a', 1600)).not.toBeNull();
    expect(lookups).toBe(1);
    // Past the stale limit without an answer: not served.
    expect(cache.getFresh('en /s/a', 6000)).toBeNull();
    answer(3);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.size).toBe(0);
  });

  it('drops pages of a store that is gone', async () => {
    const cache = new PublicPageCache();
    cache.setVersionLookup(async () => null);
    cache.set(page('en /s/a', 'store-a', 1), 0);
    await cache.verifyStore('store-a', 10_000);
    expect(cache.size).toBe(0);
  });

  it('stays within its memory bounds, dropping the least recently used page', () => {
    const cache = new PublicPageCache({ maxEntries: 2, maxBytes: 10_000, verifyAfterMs: 60_000 });
    cache.set(page('1', 's1', 1));
    cache.set(page('2', 's2', 1));
    cache.getFresh('1');
    cache.set(page('3', 's3', 1));
    expect(cache.getFresh('2')).toBeNull();
    expect(cache.getFresh('1')).not.toBeNull();
    expect(cache.size).toBe(2);
    const big = new PublicPageCache({ maxEntries: 100, maxBytes: 2_000, verifyAfterMs: 60_000 });
    big.set(page('a', 's', 1, 300));
    big.set(page('b', 's', 1, 300));
    big.set(page('c', 's', 1, 300));
    expect(big.bytes).toBeLessThanOrEqual(2_000);
  });
});

describe('the Content-Security-Policy of a cached page', () => {
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const script = 'document.querySelector("[data-copy]")?.addEventListener("click", () => {});';
  const style = 'body{margin:0}.card{padding:1rem}';
  const other = 'console.log("another page")';
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${hash(script)} ${hash(other)}`,
    `style-src 'self' ${hash(style)} ${hash('.unused{}')}`,
    "frame-ancestors 'none'",
  ].join(';');

  it('keeps the hashes of the inline scripts and styles the page holds, and drops the others', () => {
    const html = `<!doctype html><html><head><style>${style}</style><script type="module" src="/_astro/x.js"></script></head><body><script type="module">${script}</script></body></html>`;
    expect(trimCspHashes(csp, html)).toBe(
      ["default-src 'self'", `script-src 'self' ${hash(script)}`, `style-src 'self' ${hash(style)}`, "frame-ancestors 'none'"].join(';'),
    );
  });

  it('never lets an inline script through that the original policy refused', () => {
    const sneaky = 'alert(1)';
    const trimmed = trimCspHashes(csp, `<script>${sneaky}</script>`);
    expect(trimmed).not.toContain(hash(sneaky));
    expect(trimmed).toContain("script-src 'self'");
  });
});
