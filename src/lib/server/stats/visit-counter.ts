// The server's visit counter as seen from Astro pages. src/server/visits.ts makes it (with the
// process's daily salt and TRUST_PROXY) and link-services installs it here, on globalThis: the
// Astro bundle and the Express bundle are separate module graphs. Pages use it for a scan answered
// by Astro rather than by src/server/short-links.ts (a code this server's in-memory directory had
// not caught up with), so that scan is counted the same way, once.
import type { IncomingHttpHeaders } from 'node:http';
import type { LinkResolution } from '../links/links';

/** What counting needs from a request, whichever layer answered it. */
export interface CountedRequest {
  method: string | undefined;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The client's address as Express computes req.ip (TRUST_PROXY applied). */
  address: string;
}

export interface ScanCounter {
  /** Counts a scan of a live code that redirects (bots, prefetches and HEAD requests are not counted). */
  scanOf(request: CountedRequest, link: LinkResolution): void;
}

declare global {
  var harvestlinkScanCounter: ScanCounter | undefined;
}

/** The process's counter, once the server has made one (null in tools and tests that did not). */
export function getScanCounter(): ScanCounter | null {
  return globalThis.harvestlinkScanCounter ?? null;
}

export function installScanCounter(counter: ScanCounter | null): void {
  globalThis.harvestlinkScanCounter = counter ?? undefined;
}

/** A web Request's headers in node:http's form (lower-case names). */
export function nodeHeaders(headers: Headers): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
