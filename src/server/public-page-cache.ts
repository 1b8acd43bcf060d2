// Serves public store pages to anonymous visitors from the in-memory cache before Express runs,
// and fills the cache from pages Astro rendered. Pages for anonymous visitors of a live store carry
// the CACHE_MARK_HEADER (stripped here): every such page sent is counted as a view, whatever its
// query string (?lang=en, WeChat's ?from=singlemessage, utm_… links); only those without a query
// string are kept and served from the cache.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { LOCALE_COOKIE, resolveLocale } from '../lib/i18n/locales';
import { SESSION_COOKIE } from '../lib/server/auth/cookies';
import { CACHE_MARK_HEADER, type CachedPage, type Encoding, type PublicPageCache } from '../lib/server/cache/public-pages';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Public store pages: /s/<store> and /s/<store>/<product>. */
const PUBLIC_STORE_PATH = /^\/s\/[a-z0-9-]+(?:\/[a-z0-9-]+)?$/;

/** Headers of a captured response that are per request or set again when serving. */
const DROPPED_HEADERS = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'etag',
  'vary',
  'x-request-id',
  CACHE_MARK_HEADER,
]);

const VARY = 'Accept-Encoding, Accept-Language, Cookie';

// Request ids for cache hits: a random prefix per process and a counter (cheaper than a UUID per
// hit, still unique across servers and restarts for matching a report with a request).
const HIT_ID_PREFIX = `c${randomUUID().slice(0, 13)}`;
let hitCounter = 0;

const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`);
/** Accept-Language headers seen → the locale they pick (browsers send a handful of distinct values). */
const negotiated = new Map<string, string>();

function localeOf(acceptLanguage: string | undefined, langCookie: string | undefined): string {
  if (langCookie === undefined) {
    const known = negotiated.get(acceptLanguage ?? '');
    if (known) return known;
  }
  const { locale } = resolveLocale({ query: null, cookie: langCookie, account: null, acceptLanguage: acceptLanguage ?? null });
  if (langCookie === undefined && negotiated.size < 500 && (acceptLanguage ?? '').length <= 256) negotiated.set(acceptLanguage ?? '', locale);
  return locale;
}

/** A GET of /s/<store> or /s/<store>/<product>, with or without a query string. */
export function isPublicPageGet(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return PUBLIC_STORE_PATH.test(query === -1 ? url : url.slice(0, query));
}

/** The cache key for a request, or null when the request must go to the app (signed in, query, POST …). */
export function cacheKeyFor(req: IncomingMessage): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  if (url.includes('?') || !PUBLIC_STORE_PATH.test(url)) return null;
  const cookieHeader = req.headers.cookie;
  let langCookie: string | undefined;
  if (cookieHeader) {
    if (SESSION_COOKIE_PATTERN.test(cookieHeader)) return null;
    langCookie = parseCookies(cookieHeader)[LOCALE_COOKIE];
  }
  return `${localeOf(req.headers['accept-language'], langCookie)} ${url}`;
}

const BR = /(?:^|,)\s*br\s*(?:;\s*q=([0-9.]+))?/i;
const GZIP = /(?:^|,)\s*gzip\s*(?:;\s*q=([0-9.]+))?/i;

function accepts(pattern: RegExp, header: string): boolean {
  const match = pattern.exec(header);
  return match !== null && (match[1] === undefined || Number(match[1]) > 0);
}

/** Accept-Encoding headers seen → the encoding they pick (browsers send a handful of distinct values). */
const encodingByHeader = new Map<string, Encoding>();

/** The best encoding the client accepts: brotli, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let encoding = encodingByHeader.get(acceptEncoding);
  if (encoding === undefined) {
    encoding = accepts(BR, acceptEncoding) ? 'br' : accepts(GZIP, acceptEncoding) ? 'gzip' : 'identity';
    if (encodingByHeader.size < 500 && acceptEncoding.length <= 256) encodingByHeader.set(acceptEncoding, encoding);
  }
  return encoding;
}

/**
 * Told about every public page sent to an anonymous visitor (for the page-view counts). A cache
 * hit also says which kind of page it was and when, which it already knows.
 */
export type PublicPageSent = (req: IncomingMessage, storeId: string, known?: { page: 'store' | 'product'; now: number }) => void;

/**
 * The whole header list of a hit, per cached page and answer (304, or 200 in an encoding), made
 * once: a hit only writes its request id into its slot. node:http reads the list synchronously in
 * writeHead and keeps no reference to it, so one list per page and answer is reused.
 */
interface HitHeaders {
  list: string[];
  requestIdAt: number;
}
const hitHeadersByEntry = new WeakMap<CachedPage, Map<string, HitHeaders>>();
function hitHeaders(entry: CachedPage, answer: Encoding | 'not-modified'): HitHeaders {
  let byAnswer = hitHeadersByEntry.get(entry);
  if (!byAnswer) {
    byAnswer = new Map();
    hitHeadersByEntry.set(entry, byAnswer);
  }
  let made = byAnswer.get(answer);
  if (!made) {
    const list = [...entry.headers.flat(), 'Vary', VARY, 'ETag', entry.etag, 'X-Cache', 'hit'];
    if (answer !== 'not-modified') {
      if (answer !== 'identity') list.push('Content-Encoding', answer);
      list.push('Content-Length', String(entry.bodies[answer].length));
    }
    list.push('X-Request-Id', '');
    made = { list, requestIdAt: list.length - 1 };
    byAnswer.set(answer, made);
  }
  return made;
}

/** Answers from the cache when it can; false means "not handled, pass it on". */
export function serveFromCache(cache: PublicPageCache, req: IncomingMessage, res: ServerResponse, onSent?: PublicPageSent): boolean {
  const key = cacheKeyFor(req);
  if (key === null) return false;
  const now = Date.now();
  const entry = cache.getFresh(key, now);
  if (!entry) return false;
  // A cached path has no query string: /s/<store> or /s/<store>/<product>.
  onSent?.(req, entry.storeId, { page: (req.url ?? '').indexOf('/', 3) === -1 ? 'store' : 'product', now });
  hitCounter += 1;
  const requestId = `${HIT_ID_PREFIX}-${hitCounter.toString(36)}`;
  if (req.headers['if-none-match'] === entry.etag) {
    const headers = hitHeaders(entry, 'not-modified');
    headers.list[headers.requestIdAt] = requestId;
    res.writeHead(304, headers.list);
    res.end();
    return true;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const headers = hitHeaders(entry, encoding);
  headers.list[headers.requestIdAt] = requestId;
  res.writeHead(200, headers.list);
  res.end(req.method === 'HEAD' ? undefined : entry.bodies[encoding]);
  return true;
}

/** A request listener that tries the cache first, then the Express app. */
export function withPublicPageCache(cache: PublicPageCache, app: RequestListener, onSent?: PublicPageSent): RequestListener {
  return (req, res) => {
    if (!serveFromCache(cache, req, res, onSent)) app(req, res);
  };
}

function headerList(headers: OutgoingHttpHeaders): [string, string][] {
  const list: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name.toLowerCase())) continue;
    list.push([name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return list;
}

/**
 * Express middleware (placed after compression, before Astro) for public store pages: strips the
 * mark and counts every marked page sent (any query string); for a cacheable request (no query,
 * not signed in) it also copies the page's uncompressed bytes as they are sent, then compresses
 * them once and stores them.
 */
export function capturePublicPages(cache: PublicPageCache, onSent?: PublicPageSent) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isPublicPageGet(req)) {
      next();
      return;
    }
    const key = cacheKeyFor(req);
    let mark: string | null = null;
    let headers: OutgoingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let tooBig = false;
    let size = 0;

    const originalWriteHead = res.writeHead.bind(res);
    const patchedWriteHead = (statusCode: number, ...rest: unknown[]): Response => {
      const maybeHeaders = rest.find((r): r is OutgoingHttpHeaders => typeof r === 'object' && r !== null && !Array.isArray(r));
      if (maybeHeaders) {
        const value = maybeHeaders[CACHE_MARK_HEADER];
        if (typeof value === 'string') mark = value;
        delete maybeHeaders[CACHE_MARK_HEADER];
      }
      const set = res.getHeader(CACHE_MARK_HEADER);
      if (typeof set === 'string') mark = set;
      res.removeHeader(CACHE_MARK_HEADER);
      headers = { ...res.getHeaders(), ...(maybeHeaders ?? {}) };
      res.statusCode = statusCode;
      return Reflect.apply(originalWriteHead, res, [statusCode, ...rest]);
    };
    res.writeHead = patchedWriteHead as typeof res.writeHead;

    const collect = (chunk: unknown): void => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk instanceof Uint8Array ? Buffer.from(chunk) : null;
      if (!buffer) return;
      size += buffer.length;
      if (size > 2 * 1024 * 1024) tooBig = true;
      else chunks.push(buffer);
    };
    // Only a cacheable request has its bytes copied; the others are just counted.
    if (key !== null) {
      const originalWrite = res.write.bind(res);
      const originalEnd = res.end.bind(res);
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        collect(chunk);
        return Reflect.apply(originalWrite, res, [chunk, ...rest]);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        collect(chunk);
        return Reflect.apply(originalEnd, res, [chunk, ...rest]);
      }) as typeof res.end;
    }

    res.on('finish', () => {
      if (mark !== null && res.statusCode === 200) onSent?.(req, String(mark).split(' ')[0] ?? '');
      if (key === null || mark === null || tooBig || res.statusCode !== 200 || headers['set-cookie'] !== undefined) return;
      const [storeId = '', versionText = ''] = String(mark).split(' ');
      const version = Number(versionText);
      if (!storeId || !Number.isSafeInteger(version)) return;
      const identity = Buffer.concat(chunks);
      void storePage(cache, key, storeId, version, headerList(headers), identity);
    });
    next();
  };
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const HASH_SOURCE = /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/;

/**
 * The Content-Security-Policy with only the hashes of the inline scripts and styles this page
 * holds. Astro lists the hashes of every inline script and style of the whole site on every page
 * (about 40, 2.3 KB); a cached page is sent thousands of times, so its header keeps just its own.
 * Sources other than hashes are kept as they are; a policy without hashes comes back unchanged.
 */
export function trimCspHashes(csp: string, html: string): string {
  const digest = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const present = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) if (!/\ssrc\s*=/i.test(match[1] ?? '')) present.add(digest(match[2] ?? ''));
  for (const match of html.matchAll(INLINE_STYLE)) present.add(digest(match[1] ?? ''));
  return csp
    .split(';')
    .map((directive) => {
      const parts = directive.trim().split(/\s+/);
      const name = parts[0] ?? '';
      if (name !== 'script-src' && name !== 'style-src') return directive.trim();
      // Only SHA-256 hashes are checked (what astro.config.mjs asks Astro for); any other source stays.
      return [name, ...parts.slice(1).filter((source) => !HASH_SOURCE.test(source) || !source.startsWith("'sha256-") || present.has(source))].join(' ');
    })
    .filter((directive) => directive !== '')
    .join(';');
}

/** The bytes in a buffer of their own (not a view into a larger block). */
export function exactCopy(bytes: Buffer): Buffer {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

async function storePage(cache: PublicPageCache, key: string, storeId: string, version: number, captured: [string, string][], identity: Buffer): Promise<void> {
  const html = identity.toString('utf8');
  const headers = captured.map(([name, value]): [string, string] => (name === 'content-security-policy' ? [name, trimCspHashes(value, html)] : [name, value]));
  try {
    const [br, gz] = await Promise.all([
      brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzip(identity, { level: 9 }),
    ]);
    const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
    // zlib hands back views into 16 KB output blocks (a 5 KB page kept 16 KB alive per encoding):
    // the cache keeps exact-size copies, so the bytes it counts are the bytes it holds.
    cache.set({ key, storeId, version, headers, bodies: { br: exactCopy(br), gzip: exactCopy(gz), identity: exactCopy(identity) }, etag });
  } catch {
    // A page that could not be compressed is simply not cached.
  }
}
