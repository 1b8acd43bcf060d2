// The first visit, in both languages, on a phone and on a desktop (the two projects in
// playwright.config.ts): readable, accessible, no other hosts, and the same without JavaScript.
import type { Page } from '@playwright/test';
import { common, errors, home, type Locale } from '../../src/lib/i18n';
import { checkA11y, expect, expectHeaderTapTargets, expectNoHorizontalScroll, test } from '../helpers/browser';

const NOT_FOUND_CONSOLE = /status of 404/;

function languageSwitch(page: Page, locale: Locale) {
  return page.getByRole('navigation', { name: common[locale].languageLabel });
}

async function expectHome(page: Page, locale: Locale): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page).toHaveTitle(home[locale].title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(home[locale].heading);
  await expect(page.locator('header').getByRole('link', { name: common[locale].siteName, exact: true })).toBeVisible();
}

async function expectNotFound(page: Page, locale: Locale): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(errors[locale].notFoundTitle);
  await expect(page.getByRole('link', { name: errors[locale].goHome })).toBeVisible();
}

/** What every page must pass: axe, no sideways scrolling, finger-sized header targets. */
async function expectWellBuilt(page: Page): Promise<void> {
  await checkA11y(page);
  await expectNoHorizontalScroll(page);
  await expectHeaderTapTargets(page);
}

test.describe('a visitor whose phone is set to Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('sees the home page in Chinese, switches to English, and the choice sticks', async ({ page }) => {
    await page.goto('/');
    await expectHome(page, 'zh-CN');
    await expectWellBuilt(page);

    await languageSwitch(page, 'zh-CN').getByRole('link', { name: 'English' }).click();
    await expectHome(page, 'en');
    await expect(languageSwitch(page, 'en').getByRole('link', { name: 'English' })).toHaveAttribute('aria-current', 'true');
    await expectWellBuilt(page);

    // Following a plain link (no ?lang= in it) keeps English.
    await page.locator('header').getByRole('link', { name: common.en.siteName, exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectHome(page, 'en');

    // So does typing an address, days later: the cookie remembers.
    await page.goto('/');
    await expectHome(page, 'en');
  });

  test('gets the 404 page in Chinese, can switch it to English, and finds the way home', async ({ page, guard }) => {
    guard.allowConsoleError(NOT_FOUND_CONSOLE);
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expectNotFound(page, 'zh-CN');
    await expectWellBuilt(page);

    await languageSwitch(page, 'zh-CN').getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/no-such-page\?lang=en$/);
    await expectNotFound(page, 'en');
    await expectWellBuilt(page);

    await page.getByRole('link', { name: errors.en.goHome }).click();
    await expectHome(page, 'en');
  });
});

test.describe('a visitor whose browser is set to English', () => {
  test.use({ locale: 'en-GB' });

  test('sees the home page in English and can switch to Chinese, which sticks', async ({ page }) => {
    await page.goto('/');
    await expectHome(page, 'en');
    await expectWellBuilt(page);

    await languageSwitch(page, 'en').getByRole('link', { name: '中文' }).click();
    await expectHome(page, 'zh-CN');
    await expectWellBuilt(page);

    await page.goto('/');
    await expectHome(page, 'zh-CN');
  });

  test('gets the 404 page in English', async ({ page, guard }) => {
    guard.allowConsoleError(NOT_FOUND_CONSOLE);
    const response = await page.goto('/nothing/here');
    expect(response?.status()).toBe(404);
    await expectNotFound(page, 'en');
    await expectWellBuilt(page);
  });

  test('the first Tab reaches a visible "skip to content" link that moves focus to the main content', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: common.en.skipToContent });
    await expect(skip).toBeFocused();
    const box = await skip.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });
});

test.describe('with JavaScript turned off', () => {
  test.use({ javaScriptEnabled: false, locale: 'zh-CN' });

  test('the home page, the language switch and the 404 page all work', async ({ page, guard }) => {
    guard.allowConsoleError(NOT_FOUND_CONSOLE);
    await page.goto('/');
    await expectHome(page, 'zh-CN');
    await expectNoHorizontalScroll(page);
    await expectHeaderTapTargets(page);

    await languageSwitch(page, 'zh-CN').getByRole('link', { name: 'English' }).click();
    await expectHome(page, 'en');
    await page.locator('header').getByRole('link', { name: common.en.siteName, exact: true }).click();
    await expectHome(page, 'en');

    const response = await page.goto('/missing');
    expect(response?.status()).toBe(404);
    await expectNotFound(page, 'en');
  });
});

test('the home page needs nothing from another host and no JavaScript framework', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  // The guard fails the test on any request to another host; the page also loads no script files.
  expect(scripts).toEqual([]);
});
