// Accounts as people use them, on a phone and a desktop, with JavaScript on and off.
import type { Browser, Page } from '@playwright/test';
import { admin as adminText, auth, common, forms } from '../../src/lib/i18n';
import { checkA11y as axe, expect, expectNoHorizontalScroll, test } from '../helpers/browser';

const PASSWORD = 'harvest2026';
/** Form posts that fail answer 400/429, which the browser notes in the console. */
const FAILED_POST = /status of (400|429)/;

function uniqueLogin(prefix: string, testInfo: { project: { name: string }; workerIndex: number; retry: number }): string {
  return `${prefix}_${testInfo.project.name}_${Date.now().toString(36)}${testInfo.workerIndex}${testInfo.retry}`;
}

async function signUp(page: Page, name: string, login: string, password: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel(auth['zh-CN'].displayName).fill(name);
  await page.getByLabel(auth['zh-CN'].login).fill(login);
  await page.getByLabel(auth['zh-CN'].password, { exact: true }).fill(password);
  await page.getByRole('button', { name: auth['zh-CN'].signupSubmit }).click();
}

async function logIn(page: Page, login: string, password: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(auth[locale].login).fill(login);
  await page.getByLabel(auth[locale].password, { exact: true }).fill(password);
  await page.getByRole('button', { name: auth[locale].loginSubmit }).click();
}

async function logOut(page: Page, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  await page.locator('header').getByRole('button', { name: auth[locale].logout }).click();
  await expect(page.locator('header').getByRole('link', { name: common[locale].navLogin })).toBeVisible();
}

async function adminPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const page = await context.newPage();
  await logIn(page, 'admin', PASSWORD);
  await expect(page.locator('header').getByRole('link', { name: common['zh-CN'].navAdmin })).toBeVisible();
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, locale: 'zh-CN' });
    // axe runs inside the page, so it needs JavaScript; the markup is the same either way.
    const checkA11y = async (page: Page): Promise<void> => {
      if (javaScriptEnabled) await axe(page);
    };

    test('a farmer signs up, logs out, gets the password wrong, then logs in', async ({ page, guard }, testInfo) => {
      guard.allowConsoleError(FAILED_POST);
      const login = uniqueLogin('chen', testInfo);
      await page.goto('/signup');
      await checkA11y(page);
      await expectNoHorizontalScroll(page);

      // A mistake first: the message stands by the field and what was typed stays.
      await signUp(page, '陈大山', login, 'short');
      await expect(page.locator('#field-password-error')).toHaveText(forms['zh-CN'].passwordTooShort.replace('{min}', '8'));
      await expect(page.getByLabel(auth['zh-CN'].login)).toHaveValue(login);
      await expect(page.getByLabel(auth['zh-CN'].displayName)).toHaveValue('陈大山');
      await checkA11y(page);

      await page.getByLabel(auth['zh-CN'].password, { exact: true }).fill('我家牦牛爱吃青草');
      await page.getByRole('button', { name: auth['zh-CN'].signupSubmit }).click();
      await expect(page.locator('header').getByRole('link', { name: '陈大山' })).toBeVisible();

      await logOut(page);

      await logIn(page, login, 'not my password');
      await expect(page.getByRole('alert')).toHaveText(forms['zh-CN'].badCredentials);
      await expect(page.getByLabel(auth['zh-CN'].login)).toHaveValue(login);
      await expect(page.getByLabel(auth['zh-CN'].password, { exact: true })).toHaveValue('');
      await checkA11y(page);

      await page.getByLabel(auth['zh-CN'].password, { exact: true }).fill('我家牦牛爱吃青草');
      await page.getByRole('button', { name: auth['zh-CN'].loginSubmit }).click();
      await expect(page.locator('header').getByRole('link', { name: '陈大山' })).toBeVisible();

      await page.goto('/account');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(auth['zh-CN'].accountTitle);
      await checkA11y(page);
      await expectNoHorizontalScroll(page);
    });

    test('switching the language is remembered by the account', async ({ page }, testInfo) => {
      const login = uniqueLogin('lang', testInfo);
      await signUp(page, 'Lang Test', login, PASSWORD);
      await expect(page.locator('header').getByRole('link', { name: 'Lang Test' })).toBeVisible();
      await page.goto('/account');
      await page.getByRole('navigation', { name: common['zh-CN'].languageLabel }).getByRole('link', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(auth.en.accountTitle);

      // Another phone (fresh browser state) in Chinese: after log-in the account's English wins.
      await page.context().clearCookies();
      await logIn(page, login, PASSWORD);
      await page.goto('/account');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    });

    test('a farmer who forgot the password gets a code from the admin and sets a new one', async ({ page, browser, baseURL }, testInfo) => {
      const login = uniqueLogin('reset', testInfo);
      await signUp(page, '忘密码', login, PASSWORD);
      await logOut(page);

      const admin = await adminPage(browser, baseURL ?? '');
      await admin.goto('/admin/users');
      await checkA11y(admin);
      await admin.getByLabel(adminText['zh-CN'].search).fill(login);
      await admin.getByRole('button', { name: adminText['zh-CN'].searchSubmit }).click();
      await admin.getByRole('link', { name: '忘密码' }).click();
      await checkA11y(admin);
      await admin.getByRole('button', { name: adminText['zh-CN'].issueResetCode }).click();
      const code = (await admin.locator('.secret').innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await admin.context().close();

      await page.goto('/login');
      await page.getByRole('link', { name: auth['zh-CN'].forgotPassword }).click();
      await checkA11y(page);
      await page.getByLabel(auth['zh-CN'].login).fill(login);
      await page.getByLabel(auth['zh-CN'].resetCode).fill(code);
      await page.getByLabel(auth['zh-CN'].newPassword).fill('新的密码好好记住');
      await page.getByRole('button', { name: auth['zh-CN'].resetSubmit }).click();
      await expect(page.getByRole('status')).toHaveText(auth['zh-CN'].resetDone);

      await page.getByLabel(auth['zh-CN'].login).fill(login);
      await page.getByLabel(auth['zh-CN'].password, { exact: true }).fill('新的密码好好记住');
      await page.getByRole('button', { name: auth['zh-CN'].loginSubmit }).click();
      await expect(page.locator('header').getByRole('link', { name: '忘密码' })).toBeVisible();
    });

    test('an admin makes a farmer a trainer, who then can create accounts for farmers', async ({ page, browser, baseURL }, testInfo) => {
      const login = uniqueLogin('newtrainer', testInfo);
      await signUp(page, '新老师', login, PASSWORD);
      await expect(page.locator('header').getByRole('link', { name: common['zh-CN'].navAssist })).toHaveCount(0);

      const admin = await adminPage(browser, baseURL ?? '');
      await admin.goto(`/admin/users?q=${login}`);
      await admin.getByRole('link', { name: '新老师' }).click();
      await admin.getByLabel(adminText['zh-CN'].role).selectOption('trainer');
      await admin.getByRole('button', { name: adminText['zh-CN'].saveRole }).click();
      await expect(admin.getByRole('status')).toHaveText(adminText['zh-CN'].roleSaved);
      await admin.context().close();

      await page.reload();
      await page.locator('header').getByRole('link', { name: common['zh-CN'].navAssist }).click();
      await checkA11y(page);
      await expectNoHorizontalScroll(page);
      const farmer = uniqueLogin('assisted', testInfo);
      await page.getByLabel(auth['zh-CN'].displayName).fill('老杨');
      await page.getByLabel(auth['zh-CN'].login).fill(farmer);
      await page.getByRole('button', { name: adminText['zh-CN'].assistSubmit }).click();
      const temporary = (await page.locator('.secret').innerText()).trim();
      expect(temporary).toMatch(/^[A-Z0-9]{10}$/);
    });
  });
}
