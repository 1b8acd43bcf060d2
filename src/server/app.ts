import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { AppConfig } from '../lib/server/config';
import type { PublicPageCache } from '../lib/server/cache/public-pages';
import { logRequestError } from '../lib/server/log';
import { capturePublicPages } from './public-page-cache';
import type { VisitCounter } from './visits';
import { renderPlainErrorPage } from './plain-page';
import { mediaFiles } from './media';

export type AstroHandler = (
  req: Request,
  res: Response,
  next: NextFunction | undefined,
  locals: Record<string, unknown>,
) => Promise<void>;

export interface AppOptions {
  config: AppConfig;
  clientDir: string;
  astroHandler: AstroHandler;
  /** When given, public store pages rendered for anonymous visitors are kept in it (see withPublicPageCache). */
  pageCache?: PublicPageCache;
  /** When given, public pages sent to visitors who are not signed in are counted as page views. */
  visitCounter?: VisitCounter | null;
}

/** Largest request body accepted, per path prefix (uploads get more once they exist). */
export const BODY_LIMITS: { prefix: string; bytes: number }[] = [
  { prefix: '/', bytes: 1024 * 1024 },
  // Photo uploads: a 10 MB photo plus the multipart framing around it.
  { prefix: '/studio/photos', bytes: 12 * 1024 * 1024 },
];

/** For responses that Astro does not render (static files, plain error pages). */
const DEFAULT_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const HASHED_ASSET = /^\/_astro\//;

function bodyLimitFor(pathname: string): number {
  const match = BODY_LIMITS.filter((l) => pathname.startsWith(l.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return match?.bytes ?? 1024 * 1024;
}

/** Every file in dist/client, so only existing paths touch the disk. */
export function listStaticFiles(clientDir: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const rel = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (!entry.name.endsWith('.br') && !entry.name.endsWith('.gz')) files.add(rel);
    }
  };
  if (fs.existsSync(clientDir)) walk(clientDir, '');
  return files;
}

const BASE_SECURITY_HEADERS: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'geolocation=(), microphone=(), payment=()'],
  ['Content-Security-Policy', DEFAULT_CSP],
];
const HTTPS_SECURITY_HEADERS: readonly [string, string][] = [...BASE_SECURITY_HEADERS, ['Strict-Transport-Security', 'max-age=31536000']];

/**
 * The headers every response carries besides its X-Request-Id. Also sent by the /q/ redirects
 * answered before Express (src/server/short-links.ts).
 */
export function securityHeaders(secure: boolean): readonly [string, string][] {
  return secure ? HTTPS_SECURITY_HEADERS : BASE_SECURITY_HEADERS;
}

/** Sets the security headers and a fresh request id (returned) on a response. */
export function setSecurityHeaders(res: ServerResponse, secure: boolean): string {
  const requestId = randomUUID();
  res.setHeader('X-Request-Id', requestId);
  for (const [name, value] of securityHeaders(secure)) res.setHeader(name, value);
  return requestId;
}

export function createApp({ config, clientDir, astroHandler, pageCache, visitCounter }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const staticFiles = listStaticFiles(clientDir);

  app.use((req, res, next) => {
    const requestId = setSecurityHeaders(res, config.secure);
    // Never trust an incoming id: Astro's 500 page reads this one.
    req.headers['x-request-id'] = requestId;
    res.locals['requestId'] = requestId;
    next();
  });

  // Stored photos (src/server/media.ts): before compression and Astro.
  app.use('/media', mediaFiles());

  app.use(compression({ threshold: 1024 }));

  const plainError = (req: Request, res: Response, status: number, kind: Parameters<typeof renderPlainErrorPage>[0]): void => {
    const requestId = String(res.locals['requestId']);
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(renderPlainErrorPage(kind, req.headers, requestId));
  };

  // Malformed requests: a URL that does not decode, or a body we would not read.
  app.use((req, res, next) => {
    const rawPath = req.url.split('?')[0] ?? '/';
    try {
      decodeURIComponent(rawPath);
    } catch {
      plainError(req, res, 400, 'badRequest');
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    const length = req.headers['content-length'];
    if (length === undefined) {
      if (req.headers['transfer-encoding']) {
        plainError(req, res, 411, 'lengthRequired');
        return;
      }
      next();
      return;
    }
    const bytes = Number(length);
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      plainError(req, res, 400, 'badRequest');
      return;
    }
    if (bytes > bodyLimitFor(rawPath)) {
      res.setHeader('Connection', 'close');
      plainError(req, res, 413, 'tooLarge');
      return;
    }
    next();
  });

  const serveStatic = expressStaticGzip(clientDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    serveStatic: {
      index: false,
      fallthrough: true,
      setHeaders(res: ServerResponse, filePath: string) {
        const rel = `/${path.relative(clientDir, filePath).split(path.sep).join('/')}`;
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET.test(rel) ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
        );
      },
    },
  });
  app.use((req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && staticFiles.has(decodeURIComponent(req.path))) {
      serveStatic(req, res, next);
      return;
    }
    next();
  });

  // Public pages sent to visitors who are not signed in also count as page views.
  const counter = visitCounter ?? null;
  if (pageCache) app.use(capturePublicPages(pageCache, counter ? (req, storeId) => counter.view(req, storeId) : undefined));

  app.use((req, res) => {
    // HTML revalidates; pages for signed-in users narrow this to `private` in Astro's middleware.
    res.setHeader('Cache-Control', 'no-cache');
    const locals = { clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown', requestId: String(res.locals['requestId']) };
    astroHandler(req, res, undefined, locals).catch((error: unknown) => {
      logRequestError(String(res.locals['requestId']), req.method, req.path, error);
      if (!res.headersSent) plainError(req, res, 500, 'serverError');
    });
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logRequestError(String(res.locals['requestId']), req.method, req.path, error);
    if (res.headersSent) {
      res.end();
      return;
    }
    plainError(req, res, 500, 'serverError');
  });

  return app;
}
