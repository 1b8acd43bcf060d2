// The store story's rich-text editor on the builder page (/studio/store), as a farmer uses it on a
// phone: toolbar formatting, a link typed into the small link form, Chinese typed through an input
// method (real composition events via the DevTools protocol), autosave — then the JSON the server
// stored is checked, not just what the screen shows. Without JavaScript the same field is a textarea.
// Also the photo upload enhancement on the same page: scaled down in the browser, real progress.
import type { Page, TestInfo } from '@playwright/test';
import { auth, editor as editorText, editorToolbarLabels, format, store as storeText } from '../../src/lib/i18n';
import { paths } from '../../src/lib/paths';
import { checkA11y, expect, richTextBox, test } from '../helpers/browser';
import { makeJpeg } from '../fixtures/photos';

const LOCALE = 'zh-CN';
const tools = editorToolbarLabels(LOCALE);
const s = storeText[LOCALE];

interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

function uniqueLogin(testInfo: TestInfo): string {
  return `editor_${testInfo.project.name}_${Date.now().toString(36)}${testInfo.workerIndex}${testInfo.retry}`;
}

/** A new trainee with a new store of their own (tests never share a store: autosave versions would clash). */
async function newFarmerWithStore(page: Page, testInfo: TestInfo): Promise<void> {
  await page.goto(`${paths.signup()}?lang=${LOCALE}`);
  await page.getByLabel(auth[LOCALE].displayName).fill('陈建国');
  await page.getByLabel(auth[LOCALE].login).fill(uniqueLogin(testInfo));
  await page.getByLabel(auth[LOCALE].password, { exact: true }).fill('我家的牦牛肉最香');
  await page.getByRole('button', { name: auth[LOCALE].signupSubmit }).click();
  await expect(page).not.toHaveURL(/\/signup/);
  await page.goto(paths.studio());
  await page.getByLabel(s.storeName).fill('陈家牦牛肉');
  await page.getByLabel(s.phone).fill('13800138000');
  await page.getByRole('button', { name: s.createStore }).click();
  await expect(page.getByRole('button', { name: s.createStore })).toHaveCount(0);
}

async function storedJson(page: Page): Promise<JsonNode> {
  const parsed: JsonNode = JSON.parse(await page.locator('input[type="hidden"][name="story"]').inputValue());
  return parsed;
}

function allText(node: JsonNode): string {
  return (node.text ?? '') + (node.content ?? []).map(allText).join('');
}

/** Types `text` the way a Chinese input method does: pinyin compositions, then the committed characters. */
async function typeWithIme(page: Page, steps: string[], committed: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  for (const step of steps) await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
  await cdp.send('Input.insertText', { text: committed });
  await cdp.detach();
}

async function press(page: Page, name: string): Promise<void> {
  const button = page.getByRole('toolbar', { name: tools.toolbar }).getByRole('button', { name, exact: true });
  await button.click();
}

test('a farmer formats the story with the toolbar and a Chinese keyboard, and the server stores that JSON', async ({ page }, testInfo) => {
  // Sign-up, a new store, editing, autosave, a reload and axe: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  await newFarmerWithStore(page, testInfo);
  await page.goto(paths.studioStore());

  const story = richTextBox(page, s.story);
  await expect(story, 'the editor replaced the plain textarea').toBeVisible();
  await expect(page.locator('textarea[name="story_text"]')).toBeHidden();
  const bold = page.getByRole('toolbar', { name: tools.toolbar }).getByRole('button', { name: tools.bold, exact: true });
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  const buttonHeights = await page.getByRole('toolbar', { name: tools.toolbar }).getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height));
  expect(Math.min(...buttonHeights)).toBeGreaterThanOrEqual(44);

  await story.click();
  await expect(story).toBeFocused();
  await press(page, tools.heading2);
  await expect(page.getByRole('button', { name: tools.heading2, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('Our yak farm');
  await page.keyboard.press('Enter');

  await typeWithIme(page, ['f', 'feng', 'fenggan', '风干'], '风干牦牛肉');
  await typeWithIme(page, ['，'], '，');
  await typeWithIme(page, ['8', '80'], '80');
  await typeWithIme(page, ['yuan', 'yuanyi', 'yuanyijin'], ' 元一斤');
  await page.keyboard.press('Enter');

  await press(page, tools.bold);
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('Call us');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Home');
  await page.keyboard.up('Shift');
  await press(page, tools.link);
  const address = page.getByLabel(tools.linkUrl);
  await expect(address).toBeFocused();
  await address.fill('javascript:alert(1)');
  await address.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(tools.linkInvalid);
  await address.fill('138 0013 8000');
  await address.press('Enter');
  await expect(address).toBeHidden();
  await expect(page, 'Enter in the link form does not submit the page').toHaveURL(/\/studio\/store/);

  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await press(page, tools.bold);
  await press(page, tools.bulletList);
  await page.keyboard.type('one jin bag');

  const status = page.locator('[data-autosave-status]');
  await expect(status).toHaveText(s.saveSaved, { timeout: 15_000 });
  const inBrowser = await storedJson(page);

  // What the server stored: a reload (with the browser's own copy cleared) starts the editor from
  // the saved document.
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await expect(richTextBox(page, s.story)).toBeVisible();
  const stored = await storedJson(page);
  expect(stored).toEqual(inBrowser);

  const blocks = stored.content ?? [];
  expect(blocks[0]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Our yak farm' }] });
  expect(blocks[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: '风干牦牛肉，80 元一斤' }] });
  const call = blocks[2]?.content?.[0];
  expect(call?.text).toBe('Call us');
  expect(call?.marks?.map((m) => m.type).sort()).toEqual(['bold', 'link']);
  expect(call?.marks?.find((m) => m.type === 'link')?.attrs?.['href']).toBe('tel:13800138000');
  expect(blocks[3]).toMatchObject({ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one jin bag' }] }] }] });
  const words = allText(stored);
  for (const pinyin of ['feng', 'yuan', 'fenggan']) expect(words, 'no half-composed pinyin left behind').not.toContain(pinyin);

  await checkA11y(page);
});

test('without JavaScript the story is a plain textarea holding the saved words', async ({ browser, baseURL }, testInfo) => {
  if (!baseURL) throw new Error('playwright.config.ts sets no baseURL');
  const withJs = await browser.newContext({ baseURL });
  const page = await withJs.newPage();
  await newFarmerWithStore(page, testInfo);
  await page.goto(paths.studioStore());
  await expect(page.getByRole('toolbar', { name: tools.toolbar })).toBeVisible();
  const story = richTextBox(page, s.story);
  await story.click();
  await page.keyboard.type('First paragraph');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second');
  await expect(page.locator('[data-autosave-status]')).toHaveText(s.saveSaved, { timeout: 15_000 });
  const cookies = await withJs.cookies();
  await withJs.close();

  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false });
  await noJs.addCookies(cookies);
  const plain = await noJs.newPage();
  await plain.goto(paths.studioStore());
  const textarea = plain.locator('textarea[name="story_text"]');
  await expect(textarea).toBeVisible();
  await expect(textarea).toHaveValue('First paragraph\n\nSecond');
  await expect(plain.getByRole('toolbar')).toHaveCount(0);
  await noJs.close();
});

interface SentFile {
  name: string;
  type: string;
  size: number;
  width: number;
  height: number;
}

/**
 * Records the file each XMLHttpRequest sends in a FormData, in sessionStorage so it survives the
 * page change after the upload (Playwright cannot read blob request bodies).
 */
async function recordUploads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const read = (): unknown[] => {
      const value: unknown = JSON.parse(sessionStorage.getItem('sentFiles') ?? '[]');
      return Array.isArray(value) ? value : [];
    };
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const files = body instanceof FormData ? [...body.values()].filter((v): v is File => v instanceof File) : [];
      if (files.length === 0) {
        send.call(this, body);
        return;
      }
      // Measure first, then send: the page may move on as soon as the upload is answered.
      void Promise.all(
        files.map((file) =>
          createImageBitmap(file).then(
            (bitmap) => ({ name: file.name, type: file.type, size: file.size, width: bitmap.width, height: bitmap.height }),
            () => ({ name: file.name, type: file.type, size: file.size, width: 0, height: 0 }),
          ),
        ),
      ).then((entries) => {
        sessionStorage.setItem('sentFiles', JSON.stringify([...read(), ...entries]));
        send.call(this, body);
      });
    };
  });
}

async function sentFiles(page: Page): Promise<SentFile[]> {
  const files: SentFile[] = JSON.parse(await page.evaluate(() => sessionStorage.getItem('sentFiles') ?? '[]'));
  return files;
}

test('a camera photo is made smaller in the browser and uploaded with a real progress bar', async ({ page, guard }, testInfo) => {
  test.setTimeout(60_000);
  // The refused upload below is answered 415, which the browser notes in the console.
  guard.allowConsoleError(/status of 4\d\d/);
  await newFarmerWithStore(page, testInfo);
  await recordUploads(page);
  await page.goto(paths.studioStore());
  const e = editorText[LOCALE];
  const original = await makeJpeg(3000, 2250, { quality: 95 });

  // A slow uplink (~150 KB/s), so the progress bar has time to move.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 500_000, uploadThroughput: 150_000 });

  await page.getByLabel(e.photoChoose).setInputFiles({ name: 'IMG_20261128.jpg', mimeType: 'image/jpeg', buffer: original });
  await page.getByRole('button', { name: e.photoUpload }).click();
  const progress = page.locator('progress[data-photo-progress]');
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-photo-status]')).toContainText(/\d+%/);
  await expect(page).toHaveURL(/photo=added/, { timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const [sent] = await sentFiles(page);
  expect(sent && [sent.width, sent.height], 'scaled to 1600 px on the long side before sending').toEqual([1600, 1200]);
  expect(sent?.type).toBe('image/jpeg');
  expect(sent?.name).toBe('IMG_20261128.jpg');
  expect(sent?.size ?? Infinity).toBeLessThan(original.byteLength / 3);

  await expect(page.getByRole('img', { name: format(s.coverAlt, { name: '陈家牦牛肉' }) })).toBeVisible();

  // A file the browser cannot decode is sent as it is, and the server's refusal is shown.
  await page.getByLabel(e.photoChoose).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await page.getByRole('button', { name: e.photoUpload }).click();
  const status = page.locator('[data-photo-status]');
  await expect(status).toHaveText(e.photoUnsupported);
  await expect(status).toHaveAttribute('data-state', 'error');
  expect((await sentFiles(page)).at(-1), 'the undecodable file went as it was').toMatchObject({ name: 'photo.jpg', width: 0 });
  await expect(page.getByRole('button', { name: e.photoUpload })).toBeEnabled();
});
