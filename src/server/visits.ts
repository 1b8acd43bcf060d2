// Counting at the HTTP layer: a scan when /q/<code> redirects, a page view when a public store or
// product page is sent to a visitor who is not signed in (rendered, or from the page cache).
// Bots, prefetches and HEAD requests are not counted; no address is kept, only a daily-salted hash.
import type { IncomingMessage } from 'node:http';
import type { LinkResolution } from '../lib/server/links/links';
import type { VisitBuffer } from '../lib/server/stats/visit-buffer';
import type { CountedRequest, ScanCounter } from '../lib/server/stats/visit-counter';
import { clientAddress, isBot, isPrefetch, VisitorHasher, type TrustProxy } from '../lib/server/stats/visitor';

export interface VisitCounter extends ScanCounter {
  scan(req: IncomingMessage, link: LinkResolution): void;
  /** `known`: the page kind and time when the caller already has them (a cache hit). */
  view(req: IncomingMessage, storeId: string, known?: { page: 'store' | 'product'; now: number }): void;
}

/** /s/<store> is a store page, /s/<store>/<product> a product page. */
const PUBLIC_PAGE = /^\/s\/[^/?]+(\/[^/?]+)?(?:\?|$)/;

/** Bot or not, per user agent seen (a busy page sees the same few browsers again and again). */
const botByAgent = new Map<string, boolean>();
function isBotAgent(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return true;
  let bot = botByAgent.get(userAgent);
  if (bot === undefined) {
    bot = isBot(userAgent);
    if (botByAgent.size >= 2_000) botByAgent.clear();
    botByAgent.set(userAgent, bot);
  }
  return bot;
}

function counted(req: Pick<IncomingMessage, 'method' | 'headers'>): boolean {
  return req.method === 'GET' && !isBotAgent(req.headers['user-agent']) && !isPrefetch(req.headers);
}

export function createVisitCounter(options: { buffer: VisitBuffer; timeZone: string; trust: TrustProxy | null }): VisitCounter {
  const hasher = new VisitorHasher(options.timeZone);
  const visitorOf = (req: IncomingMessage, now: number): string =>
    hasher.hash(clientAddress(req, options.trust), req.headers['user-agent'] ?? '', now);
  const addScan = (request: Pick<IncomingMessage, 'method' | 'headers'>, link: LinkResolution, visitor: (now: number) => string): void => {
    if (!counted(request) || link.storeId === null) return;
    const now = Date.now();
    options.buffer.addScan({ linkId: link.linkId, storeId: link.storeId, at: new Date(now).toISOString(), visitor: visitor(now) });
  };
  return {
    scan(req, link) {
      addScan(req, link, (now) => visitorOf(req, now));
    },
    // A scan that reached an Astro page (src/pages/q/[shortCode]/index.astro): Express already
    // worked out the address (req.ip), so it comes with the request.
    scanOf(request: CountedRequest, link) {
      addScan(request, link, (now) => hasher.hash(request.address, request.headers['user-agent'] ?? '', now));
    },
    view(req, storeId, known) {
      if (!counted(req)) return;
      let page = known?.page;
      if (page === undefined) {
        const match = PUBLIC_PAGE.exec(req.url ?? '');
        if (!match) return;
        page = match[1] ? 'product' : 'store';
      }
      const now = known?.now ?? Date.now();
      options.buffer.addView({ storeId, page, at: now, visitor: visitorOf(req, now) });
    },
  };
}
