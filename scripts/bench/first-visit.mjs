// @ts-check
// First-visit bytes: what a browser with an empty cache downloads for a page — the HTML, its
// stylesheets and its scripts (and the modules those scripts import) — counted as sent, i.e.
// compressed. Images and fonts are left apart.
import http from 'node:http';
import zlib from 'node:zlib';

const FETCH_TIMEOUT_MS = 10_000;
const MAX_RESOURCES = 200;

/**
 * @typedef {object} Resource
 * @property {string} url        path (same origin) or absolute URL (other host)
 * @property {'html' | 'css' | 'js'} kind
 * @property {string} via        how it was found: 'page', '<link rel=stylesheet>', 'import from …'
 * @property {number} status
 * @property {string} encoding   Content-Encoding, or 'identity'
 * @property {number} bytes      body bytes as sent
 * @property {number} rawBytes   body bytes after decoding
 * @property {string} [cacheControl]
 */

/**
 * @typedef {object} FirstVisit
 * @property {number} status     status of the page itself
 * @property {number} htmlBytes
 * @property {number} cssBytes
 * @property {number} jsBytes
 * @property {number} totalBytes HTML + CSS + JS as sent
 * @property {number} rawTotalBytes
 * @property {number} jsFiles
 * @property {Resource[]} resources
 * @property {string[]} otherHosts   resources on another host (never fetched; each is a problem)
 * @property {string[]} problems
 */

/**
 * GET one URL over loopback and return its body as sent and decoded.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, raw: Buffer, body: Buffer }>}
 */
export function fetchRaw(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers, timeout: FETCH_TIMEOUT_MS }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: decode(raw, encoding) });
        } catch (error) {
          reject(new Error(`${url}: could not decode ${encoding} body: ${error instanceof Error ? error.message : error}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${FETCH_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
  });
}

/** @param {Buffer} raw @param {string} encoding */
function decode(raw, encoding) {
  if (raw.length === 0) return raw;
  if (encoding === 'br') return zlib.brotliDecompressSync(raw);
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw);
  if (encoding === 'deflate') {
    try {
      return zlib.inflateSync(raw);
    } catch {
      return zlib.inflateRawSync(raw);
    }
  }
  return raw;
}

/** @param {string} tag  e.g. `<link rel="stylesheet" href="/a.css">` */
function attributes(tag) {
  /** @type {Map<string, string>} */
  const attrs = new Map();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<\s*[a-zA-Z-]+/, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(re)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** @param {string} s */
function decodeEntities(s) {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Stylesheets and scripts a browser fetches for this HTML.
 * @param {string} html
 * @returns {{ url: string, kind: 'css' | 'js', via: string }[]}
 */
export function findHtmlResources(html) {
  /** @type {{ url: string, kind: 'css' | 'js', via: string }[]} */
  const found = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(/<(link|script|astro-island)\b[^>]*>/gi)) {
    const tag = m[0];
    const name = (m[1] ?? '').toLowerCase();
    const a = attributes(tag);
    if (name === 'link') {
      const rel = (a.get('rel') ?? '').toLowerCase().split(/\s+/);
      const href = a.get('href');
      if (!href) continue;
      if (rel.includes('stylesheet')) found.push({ url: href, kind: 'css', via: '<link rel=stylesheet>' });
      else if (rel.includes('modulepreload')) found.push({ url: href, kind: 'js', via: '<link rel=modulepreload>' });
      else if (rel.includes('preload')) {
        const as = (a.get('as') ?? '').toLowerCase();
        if (as === 'script') found.push({ url: href, kind: 'js', via: '<link rel=preload as=script>' });
        if (as === 'style') found.push({ url: href, kind: 'css', via: '<link rel=preload as=style>' });
      }
    } else if (name === 'script') {
      const src = a.get('src');
      if (src) found.push({ url: src, kind: 'js', via: '<script src>' });
    } else {
      // Astro islands load their component and renderer as modules when they hydrate.
      for (const attr of ['component-url', 'renderer-url', 'before-hydration-url']) {
        const src = a.get(attr);
        if (src) found.push({ url: src, kind: 'js', via: `<astro-island ${attr}>` });
      }
    }
  }
  return found;
}

/**
 * Static imports of an ES module (what the browser fetches before running it). Dynamic import()
 * is left out: it loads later, if ever.
 * @param {string} code
 */
export function findStaticImports(code) {
  /** @type {string[]} */
  const found = [];
  const re = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) {
    const spec = m[1] ?? '';
    if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || /^https?:/.test(spec)) found.push(spec);
  }
  return found;
}

/** @param {string} css */
function findCssImports(css) {
  /** @type {string[]} */
  const found = [];
  for (const m of css.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?/g)) {
    if (m[1]) found.push(m[1]);
  }
  return found;
}

/**
 * Fetches a page as a browser would on a first visit and adds up what it downloads.
 * @param {object} options
 * @param {string} options.baseUrl
 * @param {string} options.path
 * @param {Record<string, string>} options.headers   the page's request headers (Accept-Encoding etc.)
 * @returns {Promise<FirstVisit>}
 */
export async function measureFirstVisit({ baseUrl, path, headers }) {
  const origin = new URL(baseUrl).origin;
  const pageUrl = new URL(path, baseUrl);
  /** @type {Resource[]} */
  const resources = [];
  /** @type {string[]} */
  const otherHosts = [];
  /** @type {string[]} */
  const problems = [];

  const page = await fetchRaw(pageUrl.href, { ...headers, Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
  resources.push(describe(pageUrl, origin, 'html', 'page', page));
  const html = page.body.toString('utf8');

  /** @type {{ url: URL, kind: 'css' | 'js', via: string }[]} */
  const queue = findHtmlResources(html).map((r) => ({ url: new URL(r.url, pageUrl), kind: r.kind, via: r.via }));
  const seen = new Set([pageUrl.href]);
  // Asset requests carry the same cookies and encodings but ask for what the element asks for.
  const assetHeaders = { ...headers, Accept: '*/*' };
  while (queue.length > 0 && resources.length < MAX_RESOURCES) {
    const item = /** @type {{ url: URL, kind: 'css' | 'js', via: string }} */ (queue.shift());
    item.url.hash = '';
    if (seen.has(item.url.href)) continue;
    seen.add(item.url.href);
    if (item.url.origin !== origin) {
      otherHosts.push(item.url.href);
      continue;
    }
    const res = await fetchRaw(item.url.href, assetHeaders);
    const resource = describe(item.url, origin, item.kind, item.via, res);
    resources.push(resource);
    if (res.status !== 200) {
      problems.push(`${resource.url} answered ${res.status}`);
      continue;
    }
    const text = res.body.toString('utf8');
    const nested = item.kind === 'js' ? findStaticImports(text) : findCssImports(text);
    for (const spec of nested) {
      queue.push({ url: new URL(spec, item.url), kind: item.kind, via: `import from ${resource.url}` });
    }
  }
  if (queue.length > 0) problems.push(`stopped after ${MAX_RESOURCES} resources`);
  for (const r of resources) {
    if (r.rawBytes >= 1024 && r.encoding === 'identity') problems.push(`${r.url} (${r.rawBytes} B) was sent uncompressed`);
  }
  if (otherHosts.length > 0) problems.push(`asks another host for ${otherHosts.length} resource(s)`);

  const sum = (/** @type {'html' | 'css' | 'js'} */ kind) => resources.filter((r) => r.kind === kind).reduce((n, r) => n + r.bytes, 0);
  const htmlBytes = sum('html');
  const cssBytes = sum('css');
  const jsBytes = sum('js');
  return {
    status: page.status,
    htmlBytes,
    cssBytes,
    jsBytes,
    totalBytes: htmlBytes + cssBytes + jsBytes,
    rawTotalBytes: resources.reduce((n, r) => n + r.rawBytes, 0),
    jsFiles: resources.filter((r) => r.kind === 'js').length,
    resources,
    otherHosts,
    problems,
  };
}

/**
 * @param {URL} url @param {string} origin @param {'html' | 'css' | 'js'} kind @param {string} via
 * @param {{ status: number, headers: http.IncomingHttpHeaders, raw: Buffer, body: Buffer }} res
 * @returns {Resource}
 */
function describe(url, origin, kind, via, res) {
  /** @type {Resource} */
  const resource = {
    url: url.origin === origin ? `${url.pathname}${url.search}` : url.href,
    kind,
    via,
    status: res.status,
    encoding: String(res.headers['content-encoding'] ?? 'identity'),
    bytes: res.raw.length,
    rawBytes: res.body.length,
  };
  const cacheControl = res.headers['cache-control'];
  if (cacheControl) resource.cacheControl = cacheControl;
  return resource;
}
