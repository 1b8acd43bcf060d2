// /q/<code>: the permanent short link on every printed code. Answered first of all — before
// Express, compression and Astro — from the in-memory directory (src/lib/server/links/directory.ts):
// a live code redirects (302) to its store or product page and is counted; anything else —
// unknown, malformed, unpublished, taken down, closed — goes on to Express and Astro's friendly
// page (src/pages/q/[shortCode]/index.astro). The Location is always a path on this site built
// from the database, never from the request. Same security headers as every other response.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { normaliseShortCode } from '../lib/server/links/code';
import type { LinkDirectory } from '../lib/server/links/directory';
import { isSafeLocalPath, type LinkResolution } from '../lib/server/links/links';
import { securityHeaders } from './app';
import type { VisitCounter } from './visits';

/** `/q/<something>` with an optional trailing slash and query; the code itself is checked by normaliseShortCode. */
const SHORT_LINK_PATH = /^\/q\/([^/?#]+)\/?(?:\?.*)?$/;

/** The short code a request asks for, or null when it is not a /q/<code> GET or HEAD. */
export function shortCodeOf(req: IncomingMessage): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const match = SHORT_LINK_PATH.exec(req.url ?? '');
  return match?.[1] ? normaliseShortCode(match[1]) : null;
}

export interface ShortLinkOptions {
  directory: LinkDirectory;
  counter: VisitCounter | null;
  /** HTTPS deployment: send HSTS like every other response. */
  secure: boolean;
}

/** A request listener that answers live short links and passes everything else to `next`. */
export function withShortLinks(options: ShortLinkOptions, next: RequestListener): RequestListener {
  // One flat header list per response (the cheapest way to send headers with node:http).
  const headers = securityHeaders(options.secure).flat();
  const redirect = (req: IncomingMessage, res: ServerResponse, link: LinkResolution | null): void => {
    if (!link || link.state !== 'live' || link.target === null || !isSafeLocalPath(link.target)) {
      next(req, res);
      return;
    }
    options.counter?.scan(req, link);
    res.writeHead(302, [
      ...headers,
      'X-Request-Id',
      randomUUID(),
      'Location',
      link.target,
      // Every scan must reach the server to be counted: browsers must not keep the redirect.
      'Cache-Control',
      'no-store',
      'Content-Length',
      '0',
    ]);
    res.end();
  };
  return (req, res) => {
    const code = shortCodeOf(req);
    if (code === null) {
      next(req, res);
      return;
    }
    const known = options.directory.lookup(code);
    if (known !== undefined) {
      redirect(req, res, known);
      return;
    }
    options.directory.resolve(code).then(
      (link) => redirect(req, res, link),
      () => next(req, res),
    );
  };
}
