// A buyer finds farm stores in the market on a phone (and a desktop: both Playwright projects):
// by typing two characters of a product, by tapping a province and a county on the map, with and
// without JavaScript. The stores are written into the test server's database here (through the
// store repository), with names unique to this run, so demo data can change freely.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { market } from '../../src/lib/i18n';
import { createDatabase, type SqliteHandle } from '../../src/lib/server/db/client';
import { addTestStore } from '../helpers/market';
import { checkA11y, expect, expectHeaderTapTargets, expectNoHorizontalScroll, test } from '../helpers/browser';

const SICHUAN = '510000';
const ZOIGE = '513232';
const tag = randomBytes(3).toString('hex');
const honeyStore = `若尔盖高原蜂场${tag}`;
const draftStore = `还没开张的蜂场${tag}`;
const productName = `野生土蜂蜜${tag}`;

let handle: SqliteHandle | null = null;

test.beforeAll(async () => {
  const dataDir = process.env['E2E_DATA_DIR'];
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: tests/helpers/e2e-global-setup.ts starts the server and sets it.');
  handle = createDatabase(path.join(dataDir, 'harvestlink.db'));
  await addTestStore(handle.db, {
    name: honeyStore,
    tagline: '三代人养蜂',
    provinceCode: SICHUAN,
    countyCode: ZOIGE,
    village: '唐克镇',
    products: [
      { name: productName, category: 'honey', unit: 'jar', price: 6800 },
      { name: '蜂王浆', category: 'honey', unit: 'bottle', price: 12000 },
    ],
  });
  await addTestStore(handle.db, {
    name: draftStore,
    published: false,
    provinceCode: SICHUAN,
    countyCode: ZOIGE,
    products: [{ name: productName, category: 'honey' }],
  });
});

test.afterAll(async () => {
  await handle?.close();
});

async function expectWellBuilt(page: Page): Promise<void> {
  await checkA11y(page);
  await expectNoHorizontalScroll(page);
  await expectHeaderTapTargets(page);
}

/** Two characters from the middle of the product's name: 土蜂 of 野生土蜂蜜. */
const twoCharacters = [...productName].slice(2, 4).join('');

async function searchFor(page: Page, words: string): Promise<void> {
  const zh = market['zh-CN'];
  await page.getByLabel(zh.searchLabel, { exact: true }).fill(words);
  await page.getByRole('button', { name: zh.searchSubmit }).click();
  await expect(page).toHaveURL(/\/market\?q=/);
}

test.describe('a buyer whose phone is set to Chinese', () => {
  test.use({ locale: 'zh-CN' });
  // Each test walks several pages and runs axe on each: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 90_000 });

  test('opens the market: a map of provinces with an accessible list, no sideways scrolling, axe clean', async ({ page }) => {
    await page.goto('/market');
    const zh = market['zh-CN'];
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh.title);
    await expect(page.getByRole('heading', { name: zh.mapHeading })).toBeVisible();
    // 34 tiles, each placed and labelled; the grid is hidden from screen readers, the list is not.
    const tiles = page.getByTestId('province-tiles').locator('a');
    await expect(tiles).toHaveCount(34);
    await expect(page.getByTestId('province-tiles')).toHaveAttribute('aria-hidden', 'true');
    const sichuanTile = page.getByTestId('province-tiles').locator(`a[data-province="${SICHUAN}"]`);
    await expect(sichuanTile).toContainText('四川');
    const count = Number(await sichuanTile.getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(1);
    const list = page.getByRole('list', { name: zh.provinceListHeading });
    await expect(list.getByRole('link', { name: new RegExp(`四川省.*${count}`) })).toBeVisible();
    // Every tile is big enough to tap on a 360 px screen.
    const box = await sichuanTile.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(40);
    await expectWellBuilt(page);
  });

  test('types two characters of a product name and finds the store; an unpublished store never shows', async ({ page }) => {
    await page.goto('/market');
    await searchFor(page, twoCharacters);
    const results = page.getByRole('region', { name: new RegExp(twoCharacters) });
    const card = results.getByRole('article').filter({ hasText: honeyStore });
    await expect(card).toBeVisible();
    await expect(card).toContainText('若尔盖县 · 唐克镇');
    await expect(card).toContainText(productName);
    await expect(card).toContainText('¥68 / 罐');
    await expect(page.getByText(draftStore)).toHaveCount(0);
    await expectWellBuilt(page);

    // The unpublished store, searched by its own name: nothing, and ideas of what to try.
    await searchFor(page, draftStore);
    await expect(page.getByText(market['zh-CN'].noResults.replace('{q}', draftStore))).toBeVisible();
    await expect(page.getByRole('link', { name: market['zh-CN'].tryMap })).toBeVisible();
    await expectWellBuilt(page);

    // From the card to the store itself.
    await searchFor(page, twoCharacters);
    await page.getByRole('link', { name: honeyStore }).click();
    await expect(page).toHaveURL(/\/s\/t-/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(honeyStore);
  });

  test('taps Sichuan on the map, then a county, and finds the store there', async ({ page }) => {
    await page.goto('/market');
    await page.getByTestId('province-tiles').locator(`a[data-province="${SICHUAN}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/market/${SICHUAN}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('四川省的农户小店');
    await expect(page.getByRole('heading', { name: /若尔盖县/ })).toBeVisible();
    await expect(page.getByText(honeyStore)).toBeVisible();
    await expectWellBuilt(page);

    await page.getByRole('heading', { name: /若尔盖县/ }).getByRole('link', { name: '若尔盖县' }).click();
    await expect(page).toHaveURL(new RegExp(`/market/${SICHUAN}/${ZOIGE}$`));
    await expect(page.getByRole('link', { name: honeyStore })).toBeVisible();
    await expect(page.getByText(draftStore)).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: market['zh-CN'].breadcrumbLabel })).toContainText('四川省');
    await expectWellBuilt(page);
  });

  test('filters by kind of product with the form', async ({ page }) => {
    await page.goto('/market');
    await page.getByLabel(market['zh-CN'].categoryLabel, { exact: true }).selectOption('honey');
    await page.getByLabel(market['zh-CN'].provinceLabel, { exact: true }).selectOption(SICHUAN);
    await page.getByRole('button', { name: market['zh-CN'].searchSubmit }).click();
    await expect(page).toHaveURL(/category=honey/);
    await expect(page.getByRole('article').filter({ hasText: honeyStore })).toBeVisible();
    await expectWellBuilt(page);
  });
});

test.describe('a buyer with JavaScript switched off', () => {
  test.use({ locale: 'zh-CN', javaScriptEnabled: false });
  test.describe.configure({ timeout: 90_000 });

  test('searches and browses the same way', async ({ page }) => {
    await page.goto('/market');
    await searchFor(page, twoCharacters);
    await expect(page.getByRole('article').filter({ hasText: honeyStore })).toBeVisible();
    await page.goto(`/market/${SICHUAN}/${ZOIGE}`);
    await expect(page.getByRole('link', { name: honeyStore })).toBeVisible();
  });
});

test.describe('a buyer reading English', () => {
  test.use({ locale: 'en-GB' });
  test.describe.configure({ timeout: 90_000 });

  test('sees province names in English with the Chinese kept, and the map page is axe clean', async ({ page }) => {
    await page.goto('/market');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(market.en.title);
    await expect(page.getByRole('list', { name: market.en.provinceListHeading }).getByRole('link', { name: /Sichuan 四川/ })).toBeVisible();
    await expectWellBuilt(page);
    await page.goto(`/market?q=${encodeURIComponent('walnut-free xyzzy')}`);
    await expect(page.getByText(/try a Chinese word/)).toBeVisible();
    await expectWellBuilt(page);
  });
});
