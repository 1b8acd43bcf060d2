// The real built server (dist/app/server.mjs) over HTTP: languages, compression, caching,
// security headers on every kind of response, bad input, cross-site POSTs.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors, home } from '../../src/lib/i18n';
import {
  escapeHtml,
  expectNoStackTrace,
  expectSecurityHeaders,
  htmlLang,
  rawRequest,
  requestWithDeclaredLength,
  type RawResponse,
} from '../helpers/http';
import { DIST_DIR, startServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

const get = (pathAndQuery: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  rawRequest(server.url, pathAndQuery, { headers });

function setCookies(res: RawResponse): string[] {
  return res.headerLines.filter(([name]) => name === 'set-cookie').map(([, value]) => value);
}

function varyOf(res: RawResponse): string[] {
  return res.headerLines
    .filter(([name]) => name === 'vary')
    .flatMap(([, value]) => value.split(','))
    .map((v) => v.trim().toLowerCase());
}

describe('the home page speaks the visitor’s language', () => {
  it('is Chinese by default', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(res.text).toContain(escapeHtml(home['zh-CN'].heading));
    expect(res.text).not.toContain(escapeHtml(home.en.heading));
  });

  it('is English for a browser that asks for English', async () => {
    const res = await get('/', { 'Accept-Language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('en');
    expect(res.text).toContain(escapeHtml(home.en.heading));
    expect(res.text).not.toContain(escapeHtml(home['zh-CN'].heading));
  });

  it('says that it varies by Accept-Language (and Cookie), so caches keep the languages apart', async () => {
    const res = await get('/');
    expect(varyOf(res)).toContain('accept-language');
    expect(varyOf(res)).toContain('cookie');
  });

  it('?lang=en switches to English and remembers the choice in a cookie for a year', async () => {
    const res = await get('/?lang=en', { 'Accept-Language': 'zh-CN' });
    expect(htmlLang(res.text)).toBe('en');
    expect(res.text).toContain(escapeHtml(home.en.heading));
    const cookie = setCookies(res).find((c) => c.startsWith('lang='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/^lang=en;/);
    expect(cookie).toMatch(/Path=\//i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(60 * 60 * 24 * 300);
  });

  it('the cookie then wins over Accept-Language on every page, with no ?lang= in the URL', async () => {
    const first = await get('/?lang=en');
    const cookie = setCookies(first).find((c) => c.startsWith('lang='))?.split(';')[0] ?? '';
    expect(cookie).toBe('lang=en');
    const next = await get('/', { Cookie: cookie, 'Accept-Language': 'zh-CN,zh;q=0.9' });
    expect(htmlLang(next.text)).toBe('en');
    expect(next.text).toContain(escapeHtml(home.en.heading));
    // Not re-set on every request: only a ?lang= choice writes the cookie.
    expect(setCookies(next).filter((c) => c.startsWith('lang='))).toEqual([]);
  });

  it('?lang= also sticks when given on the 404 page', async () => {
    const res = await get('/no-such-page?lang=en', { 'Accept-Language': 'zh-CN' });
    expect(res.status).toBe(404);
    expect(htmlLang(res.text)).toBe('en');
    expect(setCookies(res).filter((c) => c.startsWith('lang='))).toHaveLength(1);
    expect(setCookies(res).find((c) => c.startsWith('lang='))).toMatch(/^lang=en;.*Max-Age=\d+/i);
  });

  it('?lang=zh-CN switches back and replaces the cookie', async () => {
    const res = await get('/?lang=zh-CN', { Cookie: 'lang=en', 'Accept-Language': 'en' });
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(setCookies(res).filter((c) => c.startsWith('lang='))).toHaveLength(1);
    expect(setCookies(res).find((c) => c.startsWith('lang='))).toMatch(/^lang=zh-CN;/);
  });

  it('an unknown ?lang= value is ignored and not stored', async () => {
    const res = await get('/?lang=xx', { 'Accept-Language': 'en' });
    expect(htmlLang(res.text)).toBe('en');
    expect(setCookies(res).filter((c) => c.startsWith('lang='))).toEqual([]);
  });

  it('the language switch links keep the visitor on the same page', async () => {
    const res = await get('/?lang=en');
    expect(res.text).toMatch(/href="\/\?lang=zh-CN"/);
    expect(res.text).toMatch(/href="\/\?lang=en"/);
  });
});

describe('compression and caching', () => {
  it('sends HTML brotli-compressed when the browser accepts br', async () => {
    const res = await get('/', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.raw.length).toBeLessThan(Buffer.byteLength(res.text) / 2);
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(varyOf(res)).toContain('accept-encoding');
  });

  it('sends HTML gzip-compressed to a browser that only accepts gzip', async () => {
    const res = await get('/', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.raw.length).toBeLessThan(Buffer.byteLength(res.text) / 2);
    expect(res.text).toMatch(/^<!DOCTYPE html>/i);
  });

  it('sends HTML uncompressed when the client accepts no encoding', async () => {
    const res = await get('/');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.raw.toString('utf8')).toMatch(/^<!DOCTYPE html>/i);
    const identity = await get('/', { 'Accept-Encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('HTML revalidates (no-cache) but stays in the back/forward cache (not no-store)', async () => {
    for (const page of ['/', '/?lang=en']) {
      const cacheControl = (await get(page)).headers['cache-control'] ?? '';
      expect(cacheControl, page).toMatch(/\bno-cache\b/);
      expect(cacheControl, page).not.toMatch(/no-store/);
      expect(cacheControl, page).not.toMatch(/max-age=[1-9]/);
    }
  });

  it('static files from dist/client are served with a cache lifetime, hashed /_astro/ files immutable for a year', async () => {
    const clientDir = path.join(DIST_DIR, 'client');
    const files = fs
      .readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !/\.(br|gz)$/.test(e.name))
      .map((e) => `/${path.relative(clientDir, path.join(e.parentPath, e.name)).split(path.sep).join('/')}`);
    expect(files).toContain('/favicon.svg');
    for (const file of files) {
      const res = await get(file, { 'Accept-Encoding': 'br, gzip' });
      expect(res.status, file).toBe(200);
      const onDisk = fs.readFileSync(path.join(clientDir, file));
      const cacheControl = res.headers['cache-control'] ?? '';
      if (file.startsWith('/_astro/')) {
        expect(cacheControl, file).toMatch(/\bimmutable\b/);
        expect(cacheControl, file).toMatch(/max-age=31536000\b/);
      } else {
        expect(cacheControl, file).toMatch(/max-age=[1-9]\d*/);
        expect(cacheControl, file).not.toMatch(/immutable/);
      }
      // A precompressed sibling is what goes out, as built (brotli preferred).
      if (fs.existsSync(path.join(clientDir, `${file}.br`))) {
        expect(res.headers['content-encoding'], file).toBe('br');
        expect(res.raw.equals(fs.readFileSync(path.join(clientDir, `${file}.br`))), file).toBe(true);
      } else {
        expect(Buffer.from(res.text).equals(onDisk), file).toBe(true);
      }
    }
  });

  it('the favicon has its own type and is not run through Astro', async () => {
    const res = await get('/favicon.svg');
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.text).toContain('<svg');
  });
});

describe('health', () => {
  it('/healthz answers {"status":"ok"} as JSON, never cached', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toMatch(/no-store/);
  });
});

describe('bad input', () => {
  it('an unknown route gets the 404 page in the visitor’s language', async () => {
    const zh = await get('/no-such-page');
    expect(zh.status).toBe(404);
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    expect(htmlLang(zh.text)).toBe('zh-CN');
    expect(zh.text).toContain(escapeHtml(errors['zh-CN'].notFoundTitle));

    const en = await get('/no-such-page/deeper?x=1', { 'Accept-Language': 'en' });
    expect(en.status).toBe(404);
    expect(htmlLang(en.text)).toBe('en');
    expect(en.text).toContain(escapeHtml(errors.en.notFoundTitle));
    expect(varyOf(en)).toContain('accept-language');
  });

  it('the 404 page’s language links stay on this site for a path like //evil.example', async () => {
    const res = await get('//evil.example');
    expect(res.status).toBe(404);
    const hrefs = [...res.text.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const href of hrefs) expect(href, href).not.toMatch(/^(\/\/|[a-z]+:)/i);
  });

  it('a malformed URL gets a plain 400 page in the visitor’s language, no stack trace', async () => {
    const zh = await get('/%E0%A4%A');
    expect(zh.status).toBe(400);
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    expect(htmlLang(zh.text)).toBe('zh-CN');
    expect(zh.text).toContain(escapeHtml(errors['zh-CN'].badRequestTitle));
    expect(zh.text).not.toMatch(/URIError/);
    expectNoStackTrace(zh.text, '400');

    const en = await get('/shop/%E0%A4%A?x=1', { 'Accept-Language': 'en' });
    expect(en.status).toBe(400);
    expect(en.text).toContain(escapeHtml(errors.en.badRequestTitle));
    expectNoStackTrace(en.text, '400 en');
  });

  it('a body declared over 1 MB is refused with 413 before it is read', async () => {
    const res = await requestWithDeclaredLength(server.url, '/', 1024 * 1024 + 1, { Origin: server.url, 'Accept-Language': 'en' });
    expect(res.status).toBe(413);
    expect(res.text).toContain(escapeHtml(errors.en.tooLargeTitle));
    expectNoStackTrace(res.text, '413');
  });

  it('a request with a nonsense Content-Length is answered 400, not 500', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.end('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: lots\r\n\r\nhello');
      });
      let data = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expectNoStackTrace(reply, 'bad Content-Length');
  });
});

describe('cross-site requests', () => {
  const form = 'name=%E6%9D%8E%E6%A2%85&price=12';

  it('refuses a cross-site form POST (403)', async () => {
    const res = await rawRequest(server.url, '/', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).toBe(403);
  });

  it('refuses a cross-site text/plain POST (403)', async () => {
    const res = await rawRequest(server.url, '/', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: 'name=x',
    });
    expect(res.status).toBe(403);
  });

  it('refuses a cross-site multipart POST (403)', async () => {
    const boundary = 'x-boundary';
    const res = await rawRequest(server.url, '/', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}--\r\n`,
    });
    expect(res.status).toBe(403);
  });

  it('does not refuse a same-origin form POST (the browser’s Origin matches this server)', async () => {
    const res = await rawRequest(server.url, '/', {
      method: 'POST',
      headers: { Origin: server.url, Host: new URL(server.url).host, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });

  it('does not refuse a same-origin POST through "localhost" either', async () => {
    const res = await rawRequest(server.url, '/', {
      method: 'POST',
      headers: {
        Origin: `http://localhost:${server.port}`,
        Host: `localhost:${server.port}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });
});

describe('every kind of response carries the security headers and no stack trace', () => {
  const cases: [string, () => Promise<RawResponse>][] = [
    ['page', () => get('/')],
    ['page (English, compressed)', () => get('/?lang=en', { 'Accept-Encoding': 'br' })],
    ['static file', () => get('/favicon.svg')],
    ['404', () => get('/no-such-page')],
    ['400', () => get('/%E0%A4%A')],
    ['413', () => requestWithDeclaredLength(server.url, '/', 5 * 1024 * 1024, { Origin: 'http://127.0.0.1' })],
    ['/healthz', () => get('/healthz')],
    [
      '403 cross-site',
      () =>
        rawRequest(server.url, '/', {
          method: 'POST',
          headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
          body: 'x',
        }),
    ],
    ['HEAD', () => rawRequest(server.url, '/', { method: 'HEAD' })],
  ];

  it.each(cases)('%s', async (what, send) => {
    const res = await send();
    expectSecurityHeaders(res, what);
    expectNoStackTrace(res.text, what);
    expect(res.headers['x-powered-by'], what).toBeUndefined();
  });

  it('pages get Astro’s CSP: scripts and styles by hash, no inline script allowance', async () => {
    const res = await get('/');
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src [^;]*'self'/);
    expect(csp).toMatch(/style-src [^;]*'sha256-/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/base-uri 'self'/);
    expect(csp).toMatch(/form-action 'self'/);
    // And the page uses no inline style attributes, which that CSP would block.
    expect(res.text).not.toMatch(/\sstyle="/);
  });

  it('the server logged no error while answering all of the above', () => {
    expect(server.logs()).not.toMatch(/"level":"error"/);
  });
});
