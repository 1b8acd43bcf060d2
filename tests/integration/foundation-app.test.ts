// The Express app (src/server/app.ts) around a stand-in for Astro's handler, with a dist/client
// made here: hashed, precompressed assets exist in it even while the real build has none.
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errors } from '../../src/lib/i18n';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AstroHandler } from '../../src/server/app';
import { escapeHtml, expectNoStackTrace, expectSecurityHeaders, htmlLang, rawRequest } from '../helpers/http';
import { makeTempDir } from '../helpers/server';

const HASHED = '/_astro/island.B7x9Qz2L.js';
const SCRIPT = `export function hello(){return ${JSON.stringify('丰收链 '.repeat(200))}}\n`;
let clientDir = '';
let server: Server;
let baseUrl = '';
const handled: string[] = [];

const fakeAstro: AstroHandler = async (req, res) => {
  handled.push(req.path);
  if (req.path === '/explode') {
    throw new Error(`database exploded at /srv/harvestlink/node_modules/kysely/dist/index.js:12:3`);
  }
  res.status(200).type('html').send(`<!doctype html><html lang="en"><body>${'astro page '.repeat(200)}</body></html>`);
};

beforeAll(async () => {
  clientDir = makeTempDir('harvestlink-client-');
  fs.mkdirSync(path.join(clientDir, '_astro'));
  fs.writeFileSync(path.join(clientDir, HASHED), SCRIPT);
  // Each compressed sibling carries a marker, so a test can tell it from compression on the fly.
  fs.writeFileSync(path.join(clientDir, `${HASHED}.br`), zlib.brotliCompressSync(`${SCRIPT}// .br\n`));
  fs.writeFileSync(path.join(clientDir, `${HASHED}.gz`), zlib.gzipSync(`${SCRIPT}// .gz\n`));
  fs.writeFileSync(path.join(clientDir, 'robots.txt'), 'User-agent: *\nAllow: /\n');

  const app = createApp({ config: readConfig({}), clientDir, astroHandler: fakeAstro });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('static assets', () => {
  it('a hashed asset goes out as the precompressed .br file, immutable for a year', async () => {
    const res = await rawRequest(baseUrl, HASHED, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.text).toBe(`${SCRIPT}// .br\n`);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expectSecurityHeaders(res, 'hashed asset');
  });

  it('a gzip-only client gets the .gz file', async () => {
    const res = await rawRequest(baseUrl, HASHED, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toBe(`${SCRIPT}// .gz\n`);
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it('a client that accepts no encoding gets the plain file', async () => {
    const res = await rawRequest(baseUrl, HASHED);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.raw.toString('utf8')).toBe(SCRIPT);
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it('a file outside /_astro/ may change under the same name: cached briefly, never immutable', async () => {
    const res = await rawRequest(baseUrl, '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(res.headers['cache-control']).not.toMatch(/immutable|31536000/);
  });

  it('only paths that exist in dist/client touch the disk; the rest go to Astro', async () => {
    handled.length = 0;
    await rawRequest(baseUrl, '/_astro/missing.js');
    await rawRequest(baseUrl, `${HASHED}.br`);
    await rawRequest(baseUrl, '/');
    expect(handled).toEqual(['/_astro/missing.js', `${HASHED}.br`, '/']);
    const direct = await rawRequest(baseUrl, HASHED);
    expect(direct.status).toBe(200);
    expect(handled).toHaveLength(3);
  });

  it('a path that tries to climb out of dist/client does not', async () => {
    const res = await rawRequest(baseUrl, '/%2e%2e/%2e%2e/etc/passwd');
    expect(res.text).not.toMatch(/root:/);
  });
});

describe('pages', () => {
  it('are compressed on the fly and revalidated', async () => {
    const res = await rawRequest(baseUrl, '/', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(res, 'page');
  });

  it('each response has its own request id, and an incoming one is not trusted', async () => {
    const a = await rawRequest(baseUrl, '/', { headers: { 'X-Request-Id': 'attacker<script>' } });
    const b = await rawRequest(baseUrl, '/');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('when Astro throws', () => {
  it('answers a plain 500 page in the visitor’s language with a reference, logs one line with the same id, and shows no stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await rawRequest(baseUrl, '/explode', { headers: { 'Accept-Language': 'en' } });
      expect(res.status).toBe(500);
      expect(htmlLang(res.text)).toBe('en');
      expect(res.text).toContain(escapeHtml(errors.en.serverErrorTitle));
      expect(res.text).not.toContain('exploded');
      expectNoStackTrace(res.text, '500');
      expectSecurityHeaders(res, '500');
      const requestId = res.headers['x-request-id'] ?? '';
      expect(res.text).toContain(requestId);

      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0]?.[0]);
      expect(line.split('\n')).toHaveLength(1);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', requestId, method: 'GET', path: '/explode' });
    } finally {
      logged.mockRestore();
    }
  });
});
