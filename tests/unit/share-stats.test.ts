// Counting visits: bots are not counted, people are reduced to a daily-salted hash, counts wait in
// memory and are written in batches, and the studio's chart and sentences read right.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { chartGeometry, niceMax } from '../../src/lib/server/stats/chart';
import { lastDays, type StoreReport } from '../../src/lib/server/stats/report';
import { weekSentences } from '../../src/lib/server/stats/sentences';
import { VisitBuffer, type PageView, type ScanRecord, type ViewRecord } from '../../src/lib/server/stats/visit-buffer';
import { clientAddress, dayIn, isBot, isPrefetch, VisitorHasher } from '../../src/lib/server/stats/visitor';

const PHONES = [
  'Mozilla/5.0 (Linux; Android 13; M2102J20SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 12; V2130A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107 Mobile Safari/537.36 XWEB/5049 MMWEBSDK/20230405 MMWEBID/2585 MicroMessenger/8.0.35.2360(0x2800235D) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; Cubot X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; U; Android 11; zh-cn; M2012K11AC Build/RKQ1) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/89 Mobile Safari/537.36 SogouMobileBrowser/5.41.8',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1 Safari/537.36',
];
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
  'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'WhatsApp/2.23.20.0',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  'curl/8.4.0',
  'Wget/1.21.3',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  '',
];

describe('bots', () => {
  it('well-known crawlers, preview fetchers and command-line clients are bots', () => {
    for (const ua of BOTS) expect(isBot(ua), ua).toBe(true);
    expect(isBot(undefined)).toBe(true);
  });

  it('phones and browsers (WeChat, Sogou and Yandex browsers, a Cubot phone) are people', () => {
    for (const ua of PHONES) expect(isBot(ua), ua).toBe(false);
  });

  it('a browser prefetching a link on its own is not a visit', () => {
    expect(isPrefetch({ 'sec-purpose': 'prefetch' })).toBe(true);
    expect(isPrefetch({ purpose: 'prefetch' })).toBe(true);
    expect(isPrefetch({})).toBe(false);
  });
});

describe('visitors: a salted daily hash, never the address', () => {
  it('is the same for one address and browser on one day, different for another', () => {
    const hasher = new VisitorHasher('Asia/Shanghai');
    const now = Date.parse('2026-11-28T03:00:00Z');
    const a = hasher.hash('203.0.113.7', PHONES[0] ?? '', now);
    // 16 hex digits: the address is not in it.
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hasher.hash('203.0.113.7', PHONES[0] ?? '', now + 60_000)).toBe(a);
    expect(hasher.hash('203.0.113.8', PHONES[0] ?? '', now + 60_000)).not.toBe(a);
    expect(hasher.hash('203.0.113.7', PHONES[2] ?? '', now + 60_000)).not.toBe(a);
  });

  it('stays the same for a visitor after the memory of known visitors was emptied (bounded at 10,000)', () => {
    const hasher = new VisitorHasher('Asia/Shanghai');
    const now = Date.parse('2026-11-28T03:00:00Z');
    const a = hasher.hash('203.0.113.7', PHONES[0] ?? '', now);
    for (let i = 0; i < 10_001; i += 1) hasher.hash(`198.51.${i >> 8}.${i & 255}`, PHONES[i % 2] ?? '', now);
    expect(hasher.hash('203.0.113.7', PHONES[0] ?? '', now)).toBe(a);
    expect(hasher.hash('203.0.113.7', PHONES[1] ?? '', now)).not.toBe(a);
  });

  it('changes when the day changes in TIME_ZONE (the old salt is gone)', () => {
    const hasher = new VisitorHasher('Asia/Shanghai');
    // 15:59 UTC is 23:59 in Shanghai; 16:01 UTC is the next day there.
    const before = hasher.hash('203.0.113.7', 'x', Date.parse('2026-11-28T15:59:00Z'));
    const after = hasher.hash('203.0.113.7', 'x', Date.parse('2026-11-28T16:01:00Z'));
    expect(after).not.toBe(before);
  });

  it('two servers (or a restart) have different salts', () => {
    const now = Date.parse('2026-11-28T03:00:00Z');
    expect(new VisitorHasher('UTC').hash('a', 'b', now)).not.toBe(new VisitorHasher('UTC').hash('a', 'b', now));
  });

  it('takes the client address from X-Forwarded-For only through trusted proxies (as Express does)', () => {
    const req = (remote: string, xff?: string): IncomingMessage => {
      const headers: Record<string, string> = xff ? { 'x-forwarded-for': xff } : {};
      // A minimal stand-in: clientAddress reads only these two fields.
      return Object.assign(Object.create(null), { socket: { remoteAddress: remote }, headers });
    };
    const loopback = (address: string): boolean => address === '127.0.0.1';
    expect(clientAddress(req('198.51.100.1', '203.0.113.9'), null)).toBe('198.51.100.1');
    expect(clientAddress(req('127.0.0.1', '203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(req('127.0.0.1', '10.9.9.9, 203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(req('198.51.100.1', '203.0.113.9'), loopback)).toBe('198.51.100.1');
  });
});

describe('days in TIME_ZONE', () => {
  it('a UTC evening is already tomorrow in Shanghai', () => {
    expect(dayIn('Asia/Shanghai', new Date('2026-11-28T17:00:00Z'))).toBe('2026-11-29');
    expect(dayIn('UTC', new Date('2026-11-28T17:00:00Z'))).toBe('2026-11-28');
  });

  it('the last 30 days end today, oldest first, across a month end', () => {
    const days = lastDays(new Date('2026-12-02T01:00:00Z'), 'Asia/Shanghai', 30);
    expect(days).toHaveLength(30);
    expect(days[29]).toBe('2026-12-02');
    expect(days[28]).toBe('2026-12-01');
    expect(days[27]).toBe('2026-11-30');
    expect(days[0]).toBe('2026-11-03');
  });
});

const scan = (i: number): ScanRecord => ({ linkId: 'l', storeId: 's', at: new Date(i).toISOString(), visitor: String(i) });
const view = (i: number): PageView => ({ storeId: 's', page: 'store', at: i, visitor: String(i) });

/** A buffer whose database fails until databaseBack(); what it then writes lands in `written`. */
function bufferOnFailingDatabase(transactionRows: number) {
  let fail = true;
  const written: ViewRecord[] = [];
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const buffer = new VisitBuffer(async (_scans, views) => {
    if (fail) throw new Error('database is locked');
    written.push(...views);
  }, { flushIntervalMs: 60_000, transactionRows, flushAt: 10_000, maxPending: 10_000 });
  return { buffer, written, errors, databaseBack: () => (fail = false) };
}

describe('the visit buffer', () => {
  it('writes every count exactly once, in transactions of bounded size', async () => {
    const written: { scans: ScanRecord[]; views: ViewRecord[] }[] = [];
    const buffer = new VisitBuffer(async (scans, views) => {
      written.push({ scans, views });
    }, { flushIntervalMs: 60_000, transactionRows: 100, flushAt: 10_000, maxPending: 10_000 });
    for (let i = 0; i < 250; i += 1) buffer.addScan(scan(i));
    for (let i = 0; i < 30; i += 1) buffer.addView(view(i));
    expect(buffer.pending).toBe(280);
    await buffer.flush();
    expect(buffer.pending).toBe(0);
    expect(written.map((w) => w.scans.length + w.views.length)).toEqual([100, 100, 80]);
    expect(written.flatMap((w) => w.scans.map((s) => s.visitor))).toEqual(Array.from({ length: 250 }, (_, i) => String(i)));
    expect(buffer.writtenScans).toBe(250);
    expect(buffer.writtenViews).toBe(30);
  });

  it('keeps views by one visitor of one page kind within a minute as one row with a count', async () => {
    const written: ViewRecord[] = [];
    const buffer = new VisitBuffer(async (_scans, views) => {
      written.push(...views);
    }, { flushIntervalMs: 60_000, transactionRows: 100, flushAt: 10_000, maxPending: 10_000 });
    const minute = Date.parse('2026-11-28T10:15:00.000Z');
    const add = (page: 'store' | 'product', at: number, visitor: string, storeId = 's') => buffer.addView({ storeId, page, at, visitor });
    add('store', minute + 5_000, 'a'); // first of the minute: its time is the row's
    add('store', minute + 20_000, 'a');
    add('store', minute + 59_999, 'a');
    add('product', minute + 30_000, 'a'); // another page kind
    add('store', minute + 30_000, 'b'); // another visitor
    add('store', minute + 60_000, 'a'); // the next minute
    add('store', minute + 10_000, 'a', 't'); // another store
    expect(buffer.pending).toBe(5);
    await buffer.flush();
    const rows = written.map((v) => `${v.storeId} ${v.page} ${v.at} ${v.visitor} ${v.views}`).sort();
    expect(rows).toEqual([
      's product 2026-11-28T10:15:30.000Z a 1',
      's store 2026-11-28T10:15:05.000Z a 3',
      's store 2026-11-28T10:15:30.000Z b 1',
      's store 2026-11-28T10:16:00.000Z a 1',
      't store 2026-11-28T10:15:10.000Z a 1',
    ]);
    expect(buffer.writtenViews).toBe(7);
  });

  it('splits one visitor’s rows across transactions when they do not fit, losing no view', async () => {
    const written: ViewRecord[][] = [];
    const buffer = new VisitBuffer(async (_scans, views) => {
      written.push(views);
    }, { flushIntervalMs: 60_000, transactionRows: 2, flushAt: 10_000, maxPending: 10_000 });
    const minute = Date.parse('2026-11-28T10:15:00.000Z');
    for (let m = 0; m < 3; m += 1) for (let i = 0; i <= m; i += 1) buffer.addView({ storeId: 's', page: 'store', at: minute + m * 60_000 + i, visitor: 'a' });
    buffer.addView({ storeId: 's', page: 'product', at: minute, visitor: 'b' });
    expect(buffer.pending).toBe(4);
    await buffer.flush();
    expect(written.map((rows) => rows.map((v) => `${v.visitor} ${v.page} ${v.at.slice(11, 16)} ${v.views}`))).toEqual([
      ['a store 10:15 1', 'a store 10:16 2'],
      ['a store 10:17 3', 'b product 10:15 1'],
    ]);
    expect(buffer.pending).toBe(0);
    expect(buffer.writtenViews).toBe(7);
  });

  it('after a failed write of part of a visitor’s rows, writes every row once with all its views', async () => {
    const { buffer, written, databaseBack, errors } = bufferOnFailingDatabase(2);
    const minute = Date.parse('2026-11-28T10:15:00.000Z');
    for (let m = 0; m < 3; m += 1) buffer.addView({ storeId: 's', page: 'store', at: minute + m * 60_000, visitor: 'a' });
    await buffer.flush(); // the first two rows fail and go back in front of the third
    expect(buffer.pending).toBe(3);
    buffer.addView({ storeId: 's', page: 'store', at: minute + 2 * 60_000 + 5_000, visitor: 'a' }); // joins the newest row
    buffer.addView({ storeId: 's', page: 'store', at: minute + 5_000, visitor: 'a' }); // a late view of an older minute joins its row
    databaseBack();
    await buffer.flush();
    expect(written.map((v) => `${v.at.slice(11, 16)} ${v.views}`)).toEqual(['10:15 2', '10:16 1', '10:17 2']);
    expect(buffer.writtenViews).toBe(5);
    expect(buffer.pending).toBe(0);
    errors.mockRestore();
  });

  it('puts view rows back when the database fails, adding the views counted meanwhile', async () => {
    const { buffer, written, databaseBack, errors } = bufferOnFailingDatabase(100);
    const minute = Date.parse('2026-11-28T10:15:00.000Z');
    for (let i = 0; i < 4; i += 1) buffer.addView({ storeId: 's', page: 'store', at: minute + i * 1000, visitor: 'a' });
    await buffer.flush();
    expect(buffer.pending).toBe(1);
    for (let i = 0; i < 2; i += 1) buffer.addView({ storeId: 's', page: 'store', at: minute + 10_000, visitor: 'a' });
    databaseBack();
    await buffer.flush();
    expect(written).toEqual([{ storeId: 's', page: 'store', at: '2026-11-28T10:15:00.000Z', visitor: 'a', views: 6 }]);
    expect(buffer.writtenViews).toBe(6);
    errors.mockRestore();
  });

  it('starts a flush by itself once enough counts wait, and concurrent flushes do not write twice', async () => {
    let writes = 0;
    let rows = 0;
    const buffer = new VisitBuffer(async (scans, views) => {
      writes += 1;
      rows += scans.length + views.length;
      await new Promise((r) => setTimeout(r, 5));
    }, { flushIntervalMs: 60_000, transactionRows: 1000, flushAt: 50, maxPending: 10_000 });
    for (let i = 0; i < 200; i += 1) buffer.addScan(scan(i));
    await Promise.all([buffer.flush(), buffer.flush(), buffer.flush()]);
    expect(rows).toBe(200);
    expect(writes).toBeGreaterThanOrEqual(1);
  });

  it('keeps the counts when the database fails, and writes them once it is back', async () => {
    let fail = true;
    const seen: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const buffer = new VisitBuffer(async (scans) => {
      if (fail) throw new Error('database is locked');
      seen.push(...scans.map((s) => s.visitor));
    }, { flushIntervalMs: 60_000, transactionRows: 10, flushAt: 1000, maxPending: 1000 });
    for (let i = 0; i < 25; i += 1) buffer.addScan(scan(i));
    await buffer.flush();
    expect(buffer.pending).toBe(25);
    fail = false;
    await buffer.flush();
    expect(buffer.pending).toBe(0);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
    errors.mockRestore();
  });

  it('drops new counts beyond MAX_PENDING (memory stays bounded while the database is down)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const buffer = new VisitBuffer(async () => {
      throw new Error('down');
    }, { flushIntervalMs: 60_000, transactionRows: 10, flushAt: 1_000_000, maxPending: 20 });
    for (let i = 0; i < 30; i += 1) buffer.addScan(scan(i));
    expect(buffer.pending).toBe(20);
    expect(buffer.dropped).toBe(10);
    errors.mockRestore();
  });

  it('stop() writes what is left (clean shutdown)', async () => {
    let rows = 0;
    const buffer = new VisitBuffer(async (scans, views) => {
      rows += scans.length + views.length;
    }, { flushIntervalMs: 60_000, transactionRows: 100, flushAt: 10_000, maxPending: 10_000 });
    buffer.start();
    for (let i = 0; i < 42; i += 1) buffer.addScan(scan(i));
    expect(await buffer.stop()).toBe(0);
    expect(rows).toBe(42);
  });
});

describe('the 30-day chart', () => {
  it('rounds the axis to four even steps', () => {
    expect(niceMax(0)).toBe(4);
    expect(niceMax(3)).toBe(4);
    expect(niceMax(5)).toBe(8);
    expect(niceMax(23)).toBe(40);
    expect(niceMax(80)).toBe(80);
    expect(niceMax(81)).toBe(200);
  });

  it('draws one bar per day, as tall as its share of the axis, and a point per day for page views', () => {
    const days = Array.from({ length: 30 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, scans: i === 29 ? 10 : 0, scanners: 0, views: 10 }));
    const chart = chartGeometry(days);
    expect(chart.bars).toHaveLength(30);
    expect(chart.max).toBe(20);
    const plotHeight = chart.plot.bottom - chart.plot.top;
    expect(chart.bars[29]?.height).toBeCloseTo(plotHeight / 2, 0);
    expect(chart.bars[0]?.height).toBe(0);
    expect(chart.viewsLine.split(' ')).toHaveLength(30);
    expect(chart.xLabels.map((l) => l.day)).toEqual(['2026-11-01', '2026-11-15', '2026-11-30']);
    for (const bar of chart.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
  });
});

const report = (byPlacement: StoreReport['week']['byPlacement'], views: number): StoreReport => ({
  days: [],
  week: { scans: byPlacement.reduce((n, p) => n + p.scans, 0), people: 0, views, byPlacement },
  month: { scans: 0, views: 0 },
  byLink: new Map(),
});

describe('the sentence in plain words', () => {
  it('says who scanned what this week, in both languages', () => {
    const r = report([{ placement: 'box', people: 23, scans: 30 }, { placement: 'door', people: 1, scans: 1 }], 120);
    expect(weekSentences(r, 'en')).toEqual([
      '23 people scanned your box labels in the last 7 days.',
      '1 person scanned your door code in the last 7 days.',
      'Your shop pages were opened 120 times in the last 7 days.',
    ]);
    expect(weekSentences(r, 'zh-CN')).toEqual([
      '最近 7 天有 23 人扫了您的箱子标签。',
      '最近 7 天有 1 人扫了您的门口的码。',
      '最近 7 天您的小店页面被打开了 120 次。',
    ]);
  });

  it('says so when nobody scanned, and names at most three places', () => {
    expect(weekSentences(report([], 0), 'en')).toEqual([
      'Nobody scanned your codes in the last 7 days yet. Print a poster or labels to start.',
      'Nobody opened your shop pages in the last 7 days.',
    ]);
    const many = report(
      (['box', 'door', 'stall', 'chat'] as const).map((placement, i) => ({ placement, people: 10 - i, scans: 10 })),
      1,
    );
    const sentences = weekSentences(many, 'en');
    expect(sentences).toHaveLength(4);
    expect(sentences[3]).toBe('Your shop pages were opened once in the last 7 days.');
  });
});
