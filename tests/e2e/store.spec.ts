// The storefront as farmers and buyers use it on a phone (and a desktop, in English): build a
// store with two products, a formatted description and a photo; publish; a buyer with no account
// orders; the seller sees it; a family member joins with an invite code and edits a product;
// autosave survives a reload, works offline and refuses a stale second tab.
import type { Browser, Page, TestInfo } from '@playwright/test';
import { auth, editorToolbarLabels, format, store as storeText, type Locale } from '../../src/lib/i18n';
import { paths } from '../../src/lib/paths';
import { checkA11y, expect, expectNoHorizontalScroll, richTextBox, test } from '../helpers/browser';
import { makeJpeg } from '../fixtures/photos';

const PASSWORD = '我家的牦牛肉最香';

// Whole journeys on a small machine (axe, photos, several browsers): more time than one page needs.
test.describe.configure({ timeout: 150_000 });

function localeFor(testInfo: TestInfo): Locale {
  return testInfo.project.name === 'phone' ? 'zh-CN' : 'en';
}

function uniqueLogin(prefix: string, testInfo: TestInfo): string {
  return `${prefix}_${testInfo.project.name}_${Date.now().toString(36)}${testInfo.workerIndex}${testInfo.retry}`;
}

/** Another browser (a buyer, a family member) with this project's screen. */
async function otherBrowser(browser: Browser, testInfo: TestInfo, extra: { locale?: string; javaScriptEnabled?: boolean } = {}) {
  const use = testInfo.project.use;
  return browser.newContext({
    baseURL: use.baseURL ?? '',
    viewport: use.viewport ?? null,
    isMobile: use.isMobile ?? false,
    hasTouch: use.hasTouch ?? false,
    deviceScaleFactor: use.deviceScaleFactor ?? 1,
    ...extra,
  });
}

async function signUp(page: Page, locale: Locale, name: string, login: string): Promise<void> {
  const a = auth[locale];
  await page.goto(`${paths.signup()}?lang=${locale}`);
  await page.getByLabel(a.displayName).fill(name);
  await page.getByLabel(a.login).fill(login);
  await page.getByLabel(a.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('combobox', { name: a.language }).selectOption(locale);
  await page.getByRole('button', { name: a.signupSubmit }).click();
  await expect(page).not.toHaveURL(/\/signup/);
}

async function openStore(page: Page, locale: Locale, name: string): Promise<void> {
  const s = storeText[locale];
  await page.goto(paths.studio());
  await page.getByLabel(s.storeName).fill(name);
  await page.getByLabel(s.phone).fill('138 0013 8000');
  await page.getByLabel(s.wechat).fill('chen_family_farm');
  await page.getByRole('button', { name: s.createStore }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function addProduct(page: Page, locale: Locale, name: string): Promise<string> {
  const s = storeText[locale];
  await page.goto(paths.studio());
  await page.getByLabel(s.productName).fill(name);
  await page.getByRole('button', { name: s.addProduct }).click();
  await expect(page.getByRole('heading', { level: 1, name: format(s.productTitle, { name }) })).toBeVisible();
  return page.url();
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.locator('[data-autosave-status]')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
}

/** A new trainee with a store and one product, on that product's page. */
async function farmerWithProduct(page: Page, testInfo: TestInfo, locale: Locale, javaScript = true): Promise<string> {
  await signUp(page, locale, '陈建国', uniqueLogin('farmer', testInfo));
  await openStore(page, locale, `陈家小店 ${testInfo.workerIndex}`);
  const url = await addProduct(page, locale, '风干牦牛肉');
  // With JavaScript, wait until the editor has taken over from the plain textarea.
  // (The plain textarea has the same label: the editor's hidden JSON field shows it has mounted.)
  if (javaScript) await expect(page.locator('input[type="hidden"][name="description"]')).toHaveCount(1, { timeout: 15_000 });
  return url;
}

test('a trainee builds and publishes a store, a buyer sends an order request, the seller sees it', async ({ page, browser }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const tools = editorToolbarLabels(locale);
  await signUp(page, locale, '陈建国', uniqueLogin('builder', testInfo));
  const storeName = locale === 'en' ? `Chen family farm ${testInfo.workerIndex}` : `陈家牦牛肉 ${testInfo.workerIndex}`;
  await openStore(page, locale, storeName);
  await expect(page.locator('[data-store-status]')).toHaveAttribute('data-store-status', 'draft');
  await checkA11y(page);
  await expectNoHorizontalScroll(page);

  // First product: price per jin, a formatted description, a photo.
  await addProduct(page, locale, '风干牦牛肉');
  await page.getByLabel(s.price, { exact: true }).fill('80');
  await page.getByLabel(s.unit, { exact: true }).selectOption('jin');
  const description = richTextBox(page, s.description);
  await expect(description).toBeVisible();
  await description.click();
  await expect(description).toBeFocused();
  const bold = page.getByRole('toolbar', { name: tools.toolbar }).getByRole('button', { name: tools.bold, exact: true });
  await bold.click();
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('Dried in mountain wind.');
  await bold.click();
  await page.keyboard.type(' Salt and pepper only.');
  await expectSaved(page);
  const stored: unknown = JSON.parse(await page.locator('input[type="hidden"][name="description"]').inputValue());
  expect(JSON.stringify(stored)).toContain('"marks":[{"type":"bold"}]');

  await page.getByLabel(s.choosePhoto).setInputFiles({ name: 'beef.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(2000, 1500) });
  await page.getByRole('button', { name: s.uploadPhoto }).click();
  await expect(page.locator('[data-photo] img')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.locator('[data-photo] img')).toHaveAttribute('srcset', /320w.*640w.*1280w/);
  await checkA11y(page);
  await expectNoHorizontalScroll(page);

  // Second product, priced per bottle.
  await addProduct(page, locale, '高山野蜂蜜');
  await page.getByLabel(s.price, { exact: true }).fill('68');
  await page.getByLabel(s.unit, { exact: true }).selectOption('bottle');
  await page.getByLabel(s.category).selectOption('honey');
  // The harvest date is asked for only when the product is a pre-order.
  const harvestDate = page.getByLabel(s.harvestDate);
  await expect(harvestDate).toBeHidden();
  await page.getByLabel(s.availability).selectOption('preorder');
  await expect(harvestDate).toBeVisible();
  await harvestDate.fill('2027-07-15');
  await expectSaved(page);
  // The photo field offers the gallery as well as the camera (a `capture` attribute would force the camera).
  await expect(page.getByLabel(s.choosePhoto)).not.toHaveAttribute('capture', /.*/);

  // The checklist shows what is done and links each step to its lesson.
  await page.goto(paths.studio());
  for (const key of ['productPrice', 'productPhoto', 'contact']) await expect(page.locator(`[data-check="${key}"]`)).toHaveClass(/done/);
  await expect(page.locator('[data-check="story"]')).not.toHaveClass(/done/);
  await expect(page.locator('[data-check="productPhoto"] a')).toHaveAttribute('href', '/lessons/product-photos');
  await page.getByRole('button', { name: s.publish, exact: true }).click();
  await expect(page.getByText(s.published)).toBeVisible();
  await expect(page.locator('[data-store-status]')).toHaveAttribute('data-store-status', 'live');
  const storePath = (await page.locator('[data-store-link]').getAttribute('href')) ?? '';
  expect(storePath).toMatch(/^\/s\/[a-z0-9-]+$/);

  // A buyer with no account opens the store.
  const buyerContext = await otherBrowser(browser, testInfo, { locale });
  const buyer = await buyerContext.newPage();
  await buyer.goto(storePath);
  await expect(buyer.getByRole('heading', { level: 1, name: storeName })).toBeVisible();
  await expect(buyer.getByText('¥80 / ' + s.unit_jin)).toBeVisible();
  await expect(buyer.getByText('¥68 / ' + s.unit_bottle)).toBeVisible();
  await expect(buyer.locator('script[src*="react"], astro-island')).toHaveCount(0);
  await checkA11y(buyer);
  await expectNoHorizontalScroll(buyer);
  await buyer.getByRole('link', { name: '风干牦牛肉' }).click();
  await expect(buyer.getByRole('heading', { level: 1, name: '风干牦牛肉' })).toBeVisible();
  await expect(buyer.locator('.rich-text strong')).toHaveText('Dried in mountain wind.');
  await expect(buyer.getByRole('img', { name: format(s.photoAlt, { number: 1, name: '风干牦牛肉' }) })).toBeVisible();
  await expect(buyer.getByRole('link', { name: format(s.call, { phone: '138 0013 8000' }) })).toHaveAttribute('href', 'tel:13800138000');
  await checkA11y(buyer);

  await buyer.getByLabel(s.buyerName).fill('王女士');
  await buyer.getByLabel(s.buyerContact).fill('wx_wang_2026');
  await expect(buyer.getByRole('combobox', { name: s.product, exact: true })).toHaveValue('feng-gan-mao-niu-rou');
  await buyer.getByLabel(s.quantity).fill('3 斤');
  await buyer.getByLabel(s.fulfilment_delivery).check();
  await buyer.getByLabel(s.note).fill('寄到成都');
  await buyer.getByRole('button', { name: s.sendOrder }).click();
  await expect(buyer.getByRole('heading', { level: 1, name: s.orderSentTitle })).toBeVisible();
  await expect(buyer.getByText(format(s.orderSent, { store: storeName }))).toBeVisible();
  await buyerContext.close();

  // The seller sees it.
  await page.goto(paths.studio());
  await expect(page.getByRole('link', { name: format(s.ordersNew, { count: 1 }) })).toBeVisible();
  await page.getByRole('link', { name: format(s.ordersNew, { count: 1 }) }).click();
  const request = page.locator('[data-order]').first();
  await expect(request).toContainText(format(s.orderFrom, { name: '王女士' }));
  await expect(request).toContainText('wx_wang_2026');
  await expect(request).toContainText('寄到成都');
  await expect(request).toContainText(s.newBadge);
  await checkA11y(page);
  await request.getByRole('button', { name: s.markHandled }).click();
  await expect(page.locator('[data-order]').first()).toContainText(s.handledBadge);
});

test('a family member joins with an invite code and edits a product', async ({ page, browser }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  await page.goto(paths.studioMembers());
  await page.getByRole('button', { name: s.createInvite }).click();
  const code = (await page.locator('[data-invite-code]').textContent()) ?? '';
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await checkA11y(page);

  const familyContext = await otherBrowser(browser, testInfo);
  const family = await familyContext.newPage();
  await signUp(family, locale, '陈小妹', uniqueLogin('family', testInfo));
  await family.goto(paths.studio());
  await family.getByLabel(s.inviteCode).fill(code.toLowerCase());
  await family.getByRole('button', { name: s.joinStore }).click();
  await expect(family.getByRole('heading', { level: 1, name: `陈家小店 ${testInfo.workerIndex}` })).toBeVisible();
  await family.getByRole('link', { name: '风干牦牛肉', exact: true }).click();
  await expect(family).toHaveURL(productUrl);
  await family.getByLabel(s.price, { exact: true }).fill('85');
  await expectSaved(family);
  // Members cannot change the store's details or manage members.
  await expect(family.getByRole('link', { name: s.editStore })).toHaveCount(0);
  await familyContext.close();

  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('85');
  await page.goto(paths.studioMembers());
  await expect(page.locator('[data-member="陈小妹"]')).toBeVisible();
});

test('autosave keeps unsaved edits across a reload, including the description', async ({ page }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  await expectSaved(page).catch(() => undefined);
  await page.getByLabel(s.price, { exact: true }).fill('66');
  await richTextBox(page, s.description).click();
  await page.keyboard.type('Typed just before the phone died');
  // Reload before the save could go out (the save waits a moment after typing stops).
  await page.reload();
  await expect(page.locator('input[type="hidden"][name="description"]')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('66');
  await expect(richTextBox(page, s.description)).toContainText('Typed just before the phone died');
  await expectSaved(page);
  // The server has it now: a browser without the local copy sees it too.
  await page.evaluate(() => window.localStorage.clear());
  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('66');
  await expect(richTextBox(page, s.description)).toContainText('Typed just before the phone died');
});

test('edits made offline are saved once the connection returns', async ({ page, context }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  await context.setOffline(true);
  await page.getByLabel(s.price, { exact: true }).fill('72');
  await page.getByLabel(s.stock).fill('15');
  const status = page.locator('[data-autosave-status]');
  await expect(status).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
  await expect(status).toHaveText(s.saveOffline);
  await context.setOffline(false);
  await expectSaved(page);
  await page.evaluate(() => window.localStorage.clear());
  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('72');
  await expect(page.getByLabel(s.stock)).toHaveValue('15');
});

test('what a seller types before the page’s scripts have loaded is saved too (a slow phone)', async ({ page }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  // Hold the autosave script back, as a slow connection does, while the seller types.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/AutosaveStatus*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(productUrl, { waitUntil: 'commit' });
  await page.getByLabel(s.price, { exact: true }).fill('66');
  await page.getByLabel(s.stock).fill('9');
  await expect(page.locator('[data-autosave-status]')).not.toHaveAttribute('data-state', /.+/);
  release();
  await expectSaved(page);
  await page.unroute('**/_astro/AutosaveStatus*.js');
  await page.evaluate(() => window.localStorage.clear());
  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('66');
  await expect(page.getByLabel(s.stock)).toHaveValue('9');
});

test('a save after the session ended says so, keeps the edit on the phone, and saves it after logging in again', async ({ page, context }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  await expectSaved(page).catch(() => undefined);
  const session = await context.cookies();
  await context.clearCookies();
  await page.getByLabel(s.price, { exact: true }).fill('55');
  const status = page.locator('[data-autosave-status]');
  await expect(status).toHaveAttribute('data-state', 'signedOut', { timeout: 10_000 });
  await expect(status).toHaveText(s.saveSignedOut);
  // Logged in again (the same account), the page saves what was kept on the phone.
  await context.addCookies(session);
  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('55');
  await expectSaved(page);
  await page.evaluate(() => window.localStorage.clear());
  await page.goto(productUrl);
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('55');
});

test('a second tab’s stale save is refused with a clear choice, never written over', async ({ page, context, guard }, testInfo) => {
  // The browser reports the refused save (409) in its console: that refusal is what this test is about.
  guard.allowConsoleError(/409 \(Conflict\)/);
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const productUrl = await farmerWithProduct(page, testInfo, locale);
  const second = await context.newPage();
  await second.goto(productUrl);
  await page.getByLabel(s.price, { exact: true }).fill('50');
  await expectSaved(page);
  await second.getByLabel(s.price, { exact: true }).fill('55');
  const conflict = second.locator('[data-autosave-conflict]');
  await expect(conflict).toBeVisible({ timeout: 10_000 });
  await expect(conflict).toContainText(s.conflictText);
  await checkA11y(second);
  // Still the first tab's price on the server.
  await expect(async () => {
    const res = await page.request.get(productUrl);
    expect(await res.text()).toContain('value="50"');
  }).toPass();
  await second.getByRole('button', { name: s.conflictKeepMine }).click();
  await expectSaved(second);
  await page.reload();
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('55');
});

test('without JavaScript the builder is plain forms: the description is a textarea and saving posts the page', async ({ browser }, testInfo) => {
  const locale = localeFor(testInfo);
  const s = storeText[locale];
  const context = await otherBrowser(browser, testInfo, { javaScriptEnabled: false });
  const page = await context.newPage();
  await farmerWithProduct(page, testInfo, locale, false);
  await page.getByLabel(s.price, { exact: true }).fill('38.5');
  await page.getByLabel(s.description).fill('第一段\n\n第二段');
  await page.getByRole('button', { name: s.saveNow }).click();
  await expect(page.getByText(s.savedNotice)).toBeVisible();
  await expect(page.getByLabel(s.price, { exact: true })).toHaveValue('38.50');
  await expect(page.getByLabel(s.description)).toHaveValue('第一段\n\n第二段');
  await context.close();
});
