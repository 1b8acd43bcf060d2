// A seller prints a door poster and box labels (A4, print media, to PDF), a phone scans a printed
// code — decoded here from a screenshot of the printed layout, one crop per code at 2× — lands on
// the store, and the scan shows up in the seller's chart. Buyers share a store with the Share
// button (Web Share API, copy link, or the code on screen; with and without JavaScript).
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { share } from '../../src/lib/i18n';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { createDatabase, type SqliteHandle } from '../../src/lib/server/db/client';
import { listLinksOfStore } from '../../src/lib/server/links/link.repository';
import { createProduct } from '../../src/lib/server/store/products';
import { createStore, publishStore } from '../../src/lib/server/store/stores';
import { checkA11y, expect, expectNoHorizontalScroll, guardContext, test } from '../helpers/browser';
import { countPdfPages, decodeImage } from '../helpers/qr';
import { TEST_PUBLIC_URL } from '../helpers/server';

const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; M2102J20SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const PASSWORD = 'a long enough password';
const en = share.en;
const zh = share['zh-CN'];

let handle: SqliteHandle | null = null;

test.beforeAll(() => {
  const dataDir = process.env['E2E_DATA_DIR'];
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: tests/helpers/e2e-global-setup.ts starts the server and sets it.');
  handle = createDatabase(path.join(dataDir, 'harvestlink.db'));
});

test.afterAll(async () => {
  await handle?.close();
});

interface Seller {
  login: string;
  storeName: string;
  slug: string;
  storeCode: string;
}

/**
 * Runs a write from this test process again when the server's own connection holds the SQLite
 * write lock at that moment (it writes visit counts every second): a transaction that read before
 * the server's commit cannot upgrade and fails at once with SQLITE_BUSY.
 */
async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 10 || !(error instanceof Error) || !/SQLITE_BUSY|database is locked/.test(`${'code' in error ? String(error.code) : ''} ${error.message}`)) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** A published store of its own for each test (names unique to the run), made the way the builder makes one. */
async function sellerWithStore(testInfo: TestInfo): Promise<Seller> {
  if (!handle) throw new Error('no database');
  const db = handle.db;
  const tag = randomBytes(4).toString('hex');
  const login = `qr-${testInfo.project.name}-${tag}`;
  const userId = await retryBusy(() => createAccount(db, { login, displayName: '杨二妹', password: PASSWORD, locale: 'en' }));
  const storeName = `Yang family honey ${tag}`;
  const created = await retryBusy(() => createStore(db, userId, { name: storeName, phone: '13900000000', wechat: '', whatsapp: '' }));
  if (!created.ok) throw new Error('could not create the test store');
  for (const [name, price] of [['Mountain honey', 6800], ['Dried yak beef', 8000]] as const) {
    const product = await retryBusy(() => createProduct(db, created.store.id, userId, name));
    await retryBusy(() => db.updateTable('products').set({ price_minor: price, unit: name.includes('honey') ? 'jar' : 'jin' }).where('id', '=', product.id).execute());
  }
  await retryBusy(() => db.updateTable('stores').set({ tagline: 'Three generations of beekeepers' }).where('id', '=', created.store.id).execute());
  await retryBusy(() => publishStore(db, created.store, userId, true));
  const links = await listLinksOfStore(db, created.store.id);
  const storeCode = links.find((l) => l.main_for === `store:${created.store.id}`)?.code;
  if (!storeCode) throw new Error('the test store has no main code');
  return { login, storeName, slug: created.store.slug, storeCode };
}

async function logIn(page: Page, seller: Seller, baseURL: string): Promise<void> {
  const res = await page.request.post('/login', { form: { login: seller.login, password: PASSWORD }, headers: { origin: baseURL }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
}

/** A context that renders at 2× (one device pixel per half CSS pixel), like a phone screen. */
async function printContext(browser: Browser, baseURL: string, from: BrowserContext): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, deviceScaleFactor: 2, viewport: { width: 900, height: 1300 }, locale: 'en' });
  await context.addCookies(await from.cookies());
  return context;
}

/** Every code on the printed page, each cropped on its own and decoded. */
async function decodePrinted(page: Page, selector: string, pick: number[]): Promise<string[]> {
  const codes = page.locator(selector);
  const decoded: string[] = [];
  for (const index of pick) {
    const shot = await codes.nth(index).screenshot();
    decoded.push((await decodeImage(shot)) ?? `nothing decoded from code ${index}`);
  }
  return decoded;
}

/** Prints the page to PDF the way Chromium's print preview lays it out (A4 from the page's CSS). */
async function pdfPages(page: Page): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  return countPdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
}

test.describe('the print kit', () => {
  test.use({ locale: 'en' });
  // Printing to PDF and decoding screenshots takes a while on a busy two-core machine.
  test.describe.configure({ timeout: 120_000 });

  test('a seller prints a door poster; a phone scans it, lands on the store, and the scan shows in the chart', async ({ page, browser, baseURL }, testInfo) => {
    if (!baseURL) throw new Error('no baseURL');
    const seller = await sellerWithStore(testInfo);
    await logIn(page, seller, baseURL);

    await page.goto('/studio/links');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.linksTitle);
    await expect(page.locator('[data-sentence]').first()).toHaveText(en.weekNobody);
    await checkA11y(page);
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: en.printDoor }).click();
    await expect(page).toHaveURL(/\/studio\/print\/poster\?link=[2-9A-Z]{8}$/);
    const doorCode = new URL(page.url()).searchParams.get('link') ?? '';
    await expect(page.locator('[data-poster]')).toContainText(seller.storeName);
    await expect(page.locator('[data-poster]')).toContainText('Three generations of beekeepers');
    await expect(page.locator('[data-poster-product]')).toHaveText([/Mountain honey\s*¥68 \/ jar/, /Dried yak beef\s*¥80 \/ jin/]);
    await checkA11y(page);
    await expectNoHorizontalScroll(page);

    // Printed: one A4 page; the code on it reads as the short link.
    const print = await printContext(browser, baseURL, page.context());
    const guard = guardContext(print, new URL(baseURL).origin);
    const printed = await print.newPage();
    await printed.goto(`/studio/print/poster?link=${doorCode}`);
    expect(await pdfPages(printed)).toBe(1);
    await expect(printed.locator('.print-controls')).toBeHidden();
    await expect(printed.locator('.site-header')).toBeHidden();
    const shortLink = `${TEST_PUBLIC_URL}/q/${doorCode}`;
    expect(await decodePrinted(printed, '[data-poster] svg.qr-code', [0])).toEqual([shortLink]);
    await expect(printed.locator('[data-poster] .short-link-text')).toHaveText(shortLink.replace(/^https?:\/\//, ''));

    // The same poster printed in Chinese for the buyers at the door, chosen in the poster settings
    // (a plain GET form); the controls stay in the seller's English.
    await page.getByText(en.posterOptions).click();
    await page.getByLabel(en.fieldPrintLanguage).selectOption('zh-CN');
    await page.getByRole('button', { name: en.update, exact: true }).click();
    await expect(page).toHaveURL(/[?&]language=zh-CN(&|$)/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.posterTitle.replace('{name}', seller.storeName));
    await expect(page.locator('[data-poster]')).toHaveAttribute('lang', 'zh-CN');
    await checkA11y(page);
    await printed.emulateMedia({ media: 'screen' });
    await printed.goto(new URL(page.url()).pathname + new URL(page.url()).search);
    expect(await pdfPages(printed)).toBe(1);
    await expect(printed.locator('[data-poster] .poster-call')).toHaveText(zh.posterScan);
    await expect(printed.locator('[data-poster-product]')).toHaveText([/Mountain honey\s*¥68 \/ 罐/, /Dried yak beef\s*¥80 \/ 斤/]);
    expect(await decodePrinted(printed, '[data-poster] svg.qr-code', [0])).toEqual([shortLink]);
    guard.assertClean();
    await print.close();

    // A buyer's phone opens what it decoded (on this test server rather than PUBLIC_URL's host).
    const phone = await browser.newContext({ baseURL, userAgent: PHONE_UA, viewport: { width: 360, height: 740 }, isMobile: true, locale: 'zh-CN' });
    const buyer = await phone.newPage();
    await buyer.goto(new URL(shortLink).pathname);
    await expect(buyer).toHaveURL(new RegExp(`/s/${seller.slug}$`));
    await expect(buyer.getByRole('heading', { level: 1 })).toHaveText(seller.storeName);
    await phone.close();

    // The scan reaches the seller's chart (counts are written every second).
    await expect(async () => {
      await page.goto('/studio/links');
      await expect(page.locator(`[data-code="${doorCode}"] [data-count="week"]`)).toHaveText('1');
    }).toPass({ timeout: 10_000 });
    await expect(page.locator('[data-sentence]').first()).toHaveText('1 person scanned your door code in the last 7 days.');
    const chart = page.locator('[data-scan-chart]');
    await expect(chart).toHaveAttribute('data-total-scans', '1');
    await expect(chart.locator('svg rect.bar[data-value="1"]')).toHaveCount(1);
    await checkA11y(page);
  });

  test('a seller prints box labels, 3 × 8 and 2 × 5 per A4 page, one or more sheets; every code on the sheets scans', async ({ page, browser, baseURL }, testInfo) => {
    if (!baseURL) throw new Error('no baseURL');
    const seller = await sellerWithStore(testInfo);
    await logIn(page, seller, baseURL);
    await page.goto('/studio/links');
    await page.getByRole('button', { name: en.printLabels.replace('{name}', 'Dried yak beef') }).click();
    await expect(page).toHaveURL(/\/studio\/print\/labels\?link=[2-9A-Z]{8}&layout=3x8$/);
    const boxCode = new URL(page.url()).searchParams.get('link') ?? '';
    await expect(page.locator('[data-label]')).toHaveCount(24);
    await expect(page.locator('[data-label]').first()).toContainText('Dried yak beef');
    await expect(page.locator('[data-label]').first()).toContainText('¥80 / jin');
    await expect(page.locator('[data-label]').first()).toContainText(seller.storeName);
    await checkA11y(page);
    await expectNoHorizontalScroll(page);

    // Two sheets in Chinese, from the label settings (a plain GET form); the controls stay in English.
    await page.getByText(en.labelsOptions).click();
    await page.getByLabel(en.fieldSheets).fill('2');
    await page.getByLabel(en.fieldPrintLanguage).selectOption('zh-CN');
    await page.getByRole('button', { name: en.update, exact: true }).click();
    await expect(page).toHaveURL(/[?&]sheets=2(&|$)/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.labelsTitle.replace('{name}', 'Dried yak beef'));
    await expect(page.locator('[data-label-sheet]')).toHaveCount(2);
    await expect(page.locator('[data-label]')).toHaveCount(48);
    await expect(page.locator('[data-label]').first()).toContainText('¥80 / 斤');
    await checkA11y(page);

    const print = await printContext(browser, baseURL, page.context());
    const printed = await print.newPage();
    const shortLink = `${TEST_PUBLIC_URL}/q/${boxCode}`;
    for (const [layout, count, sheets] of [['3x8', 24, 1], ['2x5', 10, 3]] as const) {
      const what = `${layout} × ${sheets}`;
      await printed.emulateMedia({ media: 'screen' });
      await printed.goto(`/studio/print/labels?link=${boxCode}&layout=${layout}&sheets=${sheets}&language=zh-CN`);
      // One printed A4 page per sheet asked for.
      expect(await pdfPages(printed), what).toBe(sheets);
      await expect(printed.locator('[data-label]')).toHaveCount(count * sheets);
      // Corners and middle of the first sheet, and the last label of the last: every crop decodes on its own.
      const decoded = await decodePrinted(printed, '[data-label] svg.qr-code', [0, 1, Math.floor(count / 2), count * sheets - 1]);
      expect(decoded, what).toEqual(Array(4).fill(shortLink));
      // The whole sheet fits the page: the last label of the first sheet ends inside A4 (297 mm ≈ 1123 CSS px).
      const last = await printed.locator('[data-label-sheet]').first().locator('[data-label]').last().boundingBox();
      expect((last?.y ?? 0) + (last?.height ?? 0), what).toBeLessThanOrEqual(1123);
      await expect(printed.locator('[data-label] .label-link').first()).toHaveText(shortLink.replace(/^https?:\/\//, ''));
      await expect(printed.locator('[data-label] .label-price').first()).toHaveText('¥80 / 斤');
    }
    await print.close();
  });
});

test.describe('sharing a store', () => {
  test.use({ locale: 'en' });

  test('without Web Share: "copy link" and "show QR code" are right there; the code on screen scans', async ({ page, context, baseURL }, testInfo) => {
    if (!baseURL) throw new Error('no baseURL');
    const seller = await sellerWithStore(testInfo);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.addInitScript(() => {
      // Chromium on Linux has no share sheet; make sure of it before the page's script runs.
      Object.defineProperty(navigator, 'share', { value: undefined, configurable: true });
    });
    await page.goto(`/s/${seller.slug}`);
    const panel = page.getByRole('group', { name: en.share });
    await expect(panel.locator('[data-share-native]')).toBeHidden();
    await expect(panel.getByRole('link', { name: `127.0.0.1:4321/q/${seller.storeCode}` })).toBeVisible();
    await panel.getByRole('button', { name: en.copyLink }).click();
    await expect(panel.getByRole('status')).toHaveText(en.copied);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${TEST_PUBLIC_URL}/q/${seller.storeCode}`);
    await checkA11y(page);

    await panel.getByRole('link', { name: en.showQr }).click();
    await expect(page).toHaveURL(new RegExp(`/q/${seller.storeCode}/qr$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.showTitle.replace('{name}', seller.storeName));
    const shot = await page.locator('svg.qr-code').screenshot();
    expect(await decodeImage(shot)).toBe(`${TEST_PUBLIC_URL}/q/${seller.storeCode}`);
    await checkA11y(page);
    await expectNoHorizontalScroll(page);
  });

  test('with Web Share: the phone\'s share sheet gets the permanent short link, and "show QR code" and "copy link" stay beside it', async ({ page, context, baseURL }, testInfo) => {
    if (!baseURL) throw new Error('no baseURL');
    const seller = await sellerWithStore(testInfo);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.addInitScript(() => {
      const shared: unknown[] = [];
      Object.defineProperty(window, '__shared', { value: shared });
      Object.defineProperty(navigator, 'share', { value: async (data: unknown) => void shared.push(data), configurable: true });
    });
    await page.goto(`/s/${seller.slug}`);
    const panel = page.getByRole('group', { name: en.share });
    await panel.getByRole('button', { name: en.share, exact: true }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared)).toEqual([
      { title: seller.storeName, url: `${TEST_PUBLIC_URL}/q/${seller.storeCode}` },
    ]);
    // A buyer standing next to the seller: no need to go through the share sheet.
    await expect(panel.getByRole('button', { name: en.copyLink })).toBeVisible();
    await expect(panel.getByRole('link', { name: en.showQr })).toBeVisible();
    await checkA11y(page);
    await expectNoHorizontalScroll(page);
    await panel.getByRole('link', { name: en.showQr }).click();
    await expect(page).toHaveURL(new RegExp(`/q/${seller.storeCode}/qr$`));
    await expect(page.locator('svg.qr-code')).toBeVisible();
  });

  test('without JavaScript: plain links — the short link and the code on screen', async ({ browser, baseURL }, testInfo) => {
    if (!baseURL) throw new Error('no baseURL');
    const seller = await sellerWithStore(testInfo);
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'en' });
    const page = await context.newPage();
    await page.goto(`/s/${seller.slug}`);
    const panel = page.getByRole('group', { name: en.share });
    await expect(panel.locator('[data-share-native]')).toBeHidden();
    await expect(panel.locator('[data-share-copy]')).toBeHidden();
    await expect(panel.getByRole('link', { name: `127.0.0.1:4321/q/${seller.storeCode}` })).toBeVisible();
    await panel.getByRole('link', { name: en.showQr }).click();
    await expect(page).toHaveURL(new RegExp(`/q/${seller.storeCode}/qr$`));
    await expect(page.locator('svg.qr-code')).toBeVisible();
    await context.close();
  });

  test('a code that leads nowhere explains itself in the visitor\'s language', async ({ page, guard }) => {
    guard.allowConsoleError(/status of 404/);
    const res = await page.goto('/q/ZZZZ2345');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.unknownTitle);
    await checkA11y(page);
    await page.goto('/q/ZZZZ2345?lang=zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(share['zh-CN'].unknownTitle);
  });
});
