// Raw HTTP for tests: no automatic decompression, every header line as sent.
import http from 'node:http';
import zlib from 'node:zlib';
import { expect } from 'vitest';
import { ROOT } from './server';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Header lines as sent, names lower-cased: repeated headers appear once per line. */
  headerLines: [string, string][];
  /** The body exactly as it came over the wire (still compressed when Content-Encoding says so). */
  raw: Buffer;
  /** The body decoded according to Content-Encoding, as UTF-8 text. */
  text: string;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(raw);
  if (encoding === 'gzip') return zlib.gunzipSync(raw);
  if (encoding === 'deflate') return zlib.inflateSync(raw);
  return raw;
}

function toResponse(res: http.IncomingMessage, raw: Buffer): RawResponse {
  const headerLines: [string, string][] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    headerLines.push([String(res.rawHeaders[i]).toLowerCase(), String(res.rawHeaders[i + 1])]);
  }
  const encoding = res.headers['content-encoding'];
  return { status: res.statusCode ?? 0, headers: res.headers, headerLines, raw, text: decode(raw, encoding).toString('utf8') };
}

/**
 * One request, sent as given. The path is written to the wire untouched, so malformed
 * percent-encodings reach the server as they are. Accept-Encoding is only sent when asked for.
 */
export function rawRequest(baseUrl: string, pathAndQuery: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: options.method ?? 'GET',
        path: pathAndQuery,
        // Like a browser, say how long the body is (without it Node would send it chunked).
        headers:
          options.body === undefined || Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'content-length')
            ? (options.headers ?? {})
            : { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(toResponse(res, Buffer.concat(chunks)));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`No answer to ${options.method ?? 'GET'} ${pathAndQuery} within 10 s`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Declares a large body (Content-Length) but sends only a little of it: a server that checks the
 * declared length answers before reading the rest, as it should.
 */
export function requestWithDeclaredLength(
  baseUrl: string,
  pathAndQuery: string,
  declaredBytes: number,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname,
      port: base.port,
      method: 'POST',
      path: pathAndQuery,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers, 'Content-Length': String(declaredBytes) },
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve(toResponse(res, Buffer.concat(chunks)));
        req.destroy();
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('No answer to the oversized POST within 10 s')));
    req.write('a='.padEnd(1024, 'x'));
  });
}

/** Parses a Content-Security-Policy header into directive → sources. */
export function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The headers every HarvestLink response must carry, whatever its status or source. */
export function expectSecurityHeaders(res: RawResponse, what: string): void {
  const csp = res.headerLines.filter(([name]) => name === 'content-security-policy');
  expect(csp, `${what}: exactly one Content-Security-Policy header`).toHaveLength(1);
  const directives = parseCsp(csp[0]?.[1] ?? '');
  expect(directives.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  const scriptSources = directives.get('script-src') ?? directives.get('default-src');
  expect(scriptSources, `${what}: script-src or default-src must be set`).toBeDefined();
  expect(scriptSources, `${what}: scripts`).not.toContain("'unsafe-inline'");
  expect(scriptSources, `${what}: scripts`).not.toContain("'unsafe-eval'");
  expect(scriptSources, `${what}: scripts`).not.toContain('*');
  expect(res.headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(
    ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'],
    `${what}: Referrer-Policy`,
  ).toContain(res.headers['referrer-policy']);
}

/** Fails when a body looks like it carries a stack trace or server file paths. */
export function expectNoStackTrace(body: string, what: string): void {
  expect(body, `${what}: stack frame`).not.toMatch(/\bat .*[/\\][^\s]*\.(m?js|ts|astro)(:\d+)?/);
  expect(body, `${what}: stack frame`).not.toMatch(/^\s*at \S+ \(/m);
  expect(body, `${what}: node_modules path`).not.toContain('node_modules');
  expect(body, `${what}: file URL`).not.toContain('file://');
  expect(body, `${what}: server path`).not.toMatch(/\/(dist|server)\/chunks\//);
  expect(body, `${what}: server path`).not.toContain(ROOT);
}

/** The lang attribute of the <html> element. */
export function htmlLang(html: string): string | null {
  return /<html[^>]*\blang="([^"]+)"/i.exec(html)?.[1] ?? null;
}

/** Astro's text escaping, to look for a dictionary string in rendered HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
