// Who is visiting, without keeping who they are: bots are recognised and not counted, and a person
// is reduced to a salted hash of address and browser that only means something for one day.
//
// The salt is 32 random bytes kept in this process's memory only, replaced when the day changes in
// TIME_ZONE, and never written anywhere. Once a day is over nobody — not even someone holding the
// database — can test an address against that day's hashes. The price: a restart (or a second app
// server) starts a new salt, so a visitor seen before and after it counts as two that day.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Crawlers, link-preview fetchers, monitors and command-line clients: their visits are not counted. */
const BOT_PATTERN = new RegExp(
  [
    // "Googlebot/2.1", "bingbot/2.0", "…; bot)" — but not phone models such as "Cubot X19".
    'bot/',
    '\\bbot\\b',
    'bot[;)]',
    // Crawlers name a contact page: "(+http://www.google.com/bot.html)".
    '\\+https?://',
    'crawl',
    'spider',
    'slurp',
    'preview',
    'facebookexternalhit',
    'whatsapp',
    'telegrambot',
    'twitterbot',
    'slackbot',
    'discordbot',
    'linkedinbot',
    'googlebot',
    'bingbot',
    'baiduspider',
    // Not "yandex" or "sogou": YaBrowser and SogouMobileBrowser are people; their spiders say "spider"/"bot".
    '360spider',
    'bytespider',
    'petalbot',
    'yisouspider',
    'headlesschrome',
    'lighthouse',
    'pingdom',
    'uptime',
    'monitor',
    'curl/',
    'wget/',
    'python-requests',
    'python-urllib',
    'aiohttp',
    'go-http-client',
    'java/',
    'okhttp',
    'axios/',
    'node-fetch',
    'undici',
    'libwww',
    'httpclient',
    'scrapy',
    'phantomjs',
  ].join('|'),
  'i',
);

/** True for well-known bots and for requests with no user agent at all. */
export function isBot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim() === '') return true;
  return BOT_PATTERN.test(userAgent);
}

/** Browsers prefetching a link on their own (not a person opening it). */
export function isPrefetch(headers: IncomingMessage['headers']): boolean {
  const purpose = headers['sec-purpose'] ?? headers['purpose'] ?? headers['x-moz'];
  return typeof purpose === 'string' && /prefetch|preview|prerender/i.test(purpose);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(at);
}

export class VisitorHasher {
  private day = '';
  private salt: Buffer = randomBytes(32);
  private checkedAt = 0;

  constructor(private readonly timeZone: string) {}

  /**
   * Hashes made with today's salt, by browser then address (a busy code or page sees the same
   * visitors again and again). Two lookups of strings the request already holds, rather than one of
   * a new string joining them, which would have to be copied and hashed on every view.
   */
  private readonly known = new Map<string, Map<string, string>>();
  private knownCount = 0;

  /** 16 hex characters; equal for the same address and browser on the same day (and process). */
  hash(address: string, userAgent: string, now = Date.now()): string {
    this.rotate(now);
    let byAddress = this.known.get(userAgent);
    const known = byAddress?.get(address);
    if (known !== undefined) return known;
    const hash = createHash('sha256').update(this.salt).update(address).update('\0').update(userAgent).digest('hex').slice(0, 16);
    if (this.knownCount >= 10_000) {
      this.known.clear();
      this.knownCount = 0;
      byAddress = undefined;
    }
    if (!byAddress) {
      byAddress = new Map();
      this.known.set(userAgent, byAddress);
    }
    byAddress.set(address, hash);
    this.knownCount += 1;
    return hash;
  }

  private rotate(now: number): void {
    // The day is looked up at most once a second; the salt changes with it.
    if (now - this.checkedAt < 1000 && this.day !== '') return;
    this.checkedAt = now;
    const day = dayIn(this.timeZone, new Date(now));
    if (day !== this.day) {
      this.day = day;
      this.salt = randomBytes(32);
      this.known.clear();
      this.knownCount = 0;
    }
  }
}

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The client's address the way Express computes req.ip: walk X-Forwarded-For from the nearest hop
 * while the hop is trusted (TRUST_PROXY). Used where a request is answered before Express runs.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (!trust) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .reverse();
  const chain = [socketAddress, ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop += 1) {
    const address = chain[hop] ?? socketAddress;
    if (!trust(address, hop)) return address;
  }
  return chain[chain.length - 1] ?? socketAddress;
}
