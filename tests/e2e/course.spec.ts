// The course as trainees use it on a phone (and a desktop), with JavaScript on and off: read a
// lesson, pass its quiz, fail then pass, see progress, finish the course, print the certificate
// and have it verified; read-aloud shown only where the browser can speak the lesson's language.
import type { Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { auth, course as text, format, type Locale } from '../../src/lib/i18n';
import type { Lesson } from '../../src/lib/course/types';
import { courseFromDisk, lessonNumber } from '../helpers/course';
import { TEST_PUBLIC_URL } from '../helpers/server';
import { checkA11y as axe, expect, expectHeaderTapTargets, expectNoHorizontalScroll, test } from '../helpers/browser';

const PASSWORD = 'harvest2026';
const TOTAL = courseFromDisk().lessons.length;

function uniqueLogin(prefix: string, testInfo: { project: { name: string }; workerIndex: number; retry: number }): string {
  return `${prefix}_${testInfo.project.name}_${Date.now().toString(36)}${testInfo.workerIndex}${testInfo.retry}`;
}

async function signUp(page: Page, name: string, login: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel(auth['zh-CN'].displayName).fill(name);
  await page.getByLabel(auth['zh-CN'].login).fill(login);
  await page.getByLabel(auth['zh-CN'].password, { exact: true }).fill('我家的蜂蜜又香又甜');
  await page.getByRole('button', { name: auth['zh-CN'].signupSubmit }).click();
  await expect(page).toHaveURL(/\/lessons$/);
}

async function logIn(page: Page, login: string, locale: Locale): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(auth[locale].login).fill(login);
  await page.getByLabel(auth[locale].password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: auth[locale].loginSubmit }).click();
  await expect(page).toHaveURL(/\/lessons$/);
}

/** Ticks answers: the first `right` questions correctly, the rest with a wrong option. */
async function answerQuiz(page: Page, lesson: Lesson, locale: Locale, right: number): Promise<void> {
  const questions = lesson.versions[locale].questions;
  const fieldsets = page.locator('#quiz fieldset');
  await expect(fieldsets).toHaveCount(questions.length);
  for (const [index, q] of questions.entries()) {
    const fieldset = fieldsets.nth(index);
    await expect(fieldset.locator('legend')).toContainText(q.prompt);
    const chosen = index < right ? q.options.filter((o) => o.correct) : q.options.filter((o) => !o.correct).slice(0, 1);
    for (const option of chosen) await fieldset.getByLabel(option.text, { exact: true }).check();
  }
  await page.getByRole('button', { name: text[locale].submitQuiz }).click();
}

/** Everything one taps in the page's main part (links standing alone, buttons, options) is at least 44 px tall. */
async function expectTapTargets(page: Page): Promise<void> {
  // Measured in one go inside the page: the script may remove the "mark as read" button at any moment.
  const small = await page
    .locator('main')
    .locator('button, .button, label.option, .lesson-nav a, .lesson-link')
    .evaluateAll((elements) =>
      elements
        .map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 40), box: e.getBoundingClientRect(), hidden: e.closest('[hidden]') !== null }))
        .filter(({ box, hidden }) => !hidden && box.width > 0 && box.height < 44)
        .map(({ text, box }) => `"${text}" is ${box.height.toFixed(0)} px tall`),
    );
  expect(small).toEqual([]);
}

async function expectWellBuilt(page: Page, javaScriptEnabled: boolean): Promise<void> {
  // axe runs inside the page, so it needs JavaScript; the markup is the same either way.
  if (javaScriptEnabled) await axe(page);
  await expectNoHorizontalScroll(page);
  await expectHeaderTapTargets(page);
  await expectTapTargets(page);
}

function lessonItem(page: Page, lesson: Lesson, locale: Locale): Locator {
  return page.locator('.lesson-item').filter({ has: page.getByRole('link', { name: lesson.versions[locale].title }) });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, locale: 'zh-CN' });
    const zh = text['zh-CN'];

    test('a new trainee reads lesson 1, passes its quiz and sees it on /lessons', async ({ page }, testInfo) => {
      test.slow(); // several pages, each checked with axe
      const lesson = lessonNumber(1);
      await signUp(page, '陈小花', uniqueLogin('read', testInfo));
      await expect(page.getByText(format(zh.progressText, { passed: 0, total: TOTAL }))).toBeVisible();
      await expectWellBuilt(page, javaScriptEnabled);

      await page.getByRole('link', { name: lesson.versions['zh-CN'].title }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.versions['zh-CN'].title);
      await expectWellBuilt(page, javaScriptEnabled);

      const markRead = page.getByRole('button', { name: zh.markRead });
      if (javaScriptEnabled) {
        // Reaching the quiz marks the lesson read: the script posts once and the button goes.
        await page.locator('#quiz').scrollIntoViewIfNeeded();
        await expect(markRead).toHaveCount(0);
        await page.reload();
        await expect(page.getByText(zh.alreadyRead)).toBeVisible();
      } else {
        await markRead.click();
        await expect(page.getByRole('status')).toHaveText(zh.markedRead);
        await expect(markRead).toHaveCount(0);
      }

      await answerQuiz(page, lesson, 'zh-CN', 99);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(format(zh.resultTitle, { title: lesson.versions['zh-CN'].title }));
      await expect(page.getByText(format(zh.passedLine, { passMark: 70 }))).toBeVisible();
      await expect(page.locator('.answer .verdict').filter({ hasText: zh.right })).toHaveCount(lesson.versions['zh-CN'].questions.length);
      await expectWellBuilt(page, javaScriptEnabled);

      await page.goto('/lessons');
      await expect(page.getByText(format(zh.progressText, { passed: 1, total: TOTAL }))).toBeVisible();
      await expect(lessonItem(page, lesson, 'zh-CN')).toContainText(format(zh.statePassed, { score: 100 }));
      await expect(lessonItem(page, lessonNumber(2), 'zh-CN')).toContainText(zh.stateNotStarted);
    });

    test('a trainee fails a quiz, reads why, tries again and passes', async ({ page }, testInfo) => {
      test.slow();
      const lesson = lessonNumber(2);
      const version = lesson.versions['zh-CN'];
      await signUp(page, '周大伯', uniqueLogin('retry', testInfo));
      await page.goto(`/lessons/${lesson.slug}`);
      await answerQuiz(page, lesson, 'zh-CN', 1);

      await expect(page.getByText(format(zh.failedLine, { passMark: 70 }))).toBeVisible();
      const second = page.locator('.answer').nth(1);
      await expect(second.locator('.verdict')).toContainText(zh.wrong);
      const key = version.questions[1]?.options.find((o) => o.correct);
      await expect(second.locator('.option-result.is-correct').first()).toContainText(zh.correctAnswer);
      await expect(second.getByText(key?.explanation ?? '—')).toBeVisible();
      await expectWellBuilt(page, javaScriptEnabled);

      await page.getByRole('link', { name: zh.tryAgain }).click();
      await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}#quiz$`));
      await answerQuiz(page, lesson, 'zh-CN', 99);
      await expect(page.getByText(format(zh.passedLine, { passMark: 70 }))).toBeVisible();
      await expect(page.getByText(format(zh.bestLine, { score: 100 }))).toBeVisible();
      await expect(page.getByRole('link', { name: format(zh.nextLesson, { title: lessonNumber(3).versions['zh-CN'].title }) })).toBeVisible();

      await page.goto('/lessons');
      await expect(lessonItem(page, lesson, 'zh-CN')).toContainText(format(zh.statePassed, { score: 100 }));
    });

    test('a signed-out reader takes a quiz, sees the score and is invited to sign up', async ({ page }) => {
      const lesson = lessonNumber(3);
      await page.goto(`/lessons/${lesson.slug}`);
      await expect(page.getByRole('button', { name: zh.markRead })).toHaveCount(0);
      await answerQuiz(page, lesson, 'zh-CN', 3);
      const total = lesson.versions['zh-CN'].questions.length;
      await expect(page.getByText(format(zh.scoreLine, { correct: 3, total, score: Math.round((300 / total)) }))).toBeVisible();
      await expect(page.getByText(zh.notSaved)).toBeVisible();
      await page.getByRole('link', { name: zh.signupToKeep }).click();
      await expect(page).toHaveURL(new RegExp(`/signup\\?next=%2Flessons%2F${lesson.slug}$`));
    });
  });
}

test.describe('read-aloud', () => {
  test.use({ locale: 'zh-CN' });

  test('the Listen button stays hidden when the browser has no voice (headless Chromium has none)', async ({ page }) => {
    await page.goto(`/lessons/${lessonNumber(1).slug}`);
    await expect(page.locator('[data-listen]')).toBeHidden();
  });

  test('with a voice for the lesson language, Listen reads the lesson aloud and Stop stops it', async ({ page }) => {
    await page.addInitScript(() => {
      const spoken: string[] = [];
      let speaking = false;
      const listeners: (() => void)[] = [];
      const voices = [{ lang: 'zh-CN', name: 'Test voice', default: true, localService: true, voiceURI: 'test' }];
      Object.assign(window, { __spoken: spoken, __cancelled: 0 });
      class Utterance {
        lang = '';
        voice: unknown = null;
        onend: (() => void) | null = null;
        constructor(public text: string) {}
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          get speaking() {
            return speaking;
          },
          getVoices: () => voices,
          addEventListener: (_: string, fn: () => void) => listeners.push(fn),
          speak: (u: Utterance) => {
            speaking = true;
            spoken.push(`${u.lang}|${u.text}`);
          },
          cancel: () => {
            speaking = false;
            Object.assign(window, { __cancelled: 1 });
          },
        },
      });
    });
    const lesson = lessonNumber(1);
    await page.goto(`/lessons/${lesson.slug}`);
    const listen = page.getByRole('button', { name: text['zh-CN'].listen });
    await expect(listen).toBeVisible();
    await axe(page);
    await listen.click();
    const stop = page.getByRole('button', { name: text['zh-CN'].stopListening });
    await expect(stop).toBeVisible();
    const spoken = await page.evaluate(() => Reflect.get(window, '__spoken'));
    expect(Array.isArray(spoken) && spoken.length).toBeGreaterThan(10);
    expect(Array.isArray(spoken) ? spoken[0] : null).toBe(`zh-CN|${lesson.versions['zh-CN'].title}`);
    await stop.click();
    await expect(listen).toBeVisible();
    expect(await page.evaluate(() => Reflect.get(window, '__cancelled'))).toBe(1);

    // The same browser has no English voice: on the English page the button stays hidden.
    await page.goto(`/lessons/${lesson.slug}?lang=en`);
    await expect(page.locator('[data-listen]')).toBeHidden();
  });
});

/** Decodes the QR code drawn on the page, from a screenshot of it. */
async function readQrCode(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.locator('svg.qr-code').screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

async function finishAndVerify(page: Page, name: string, locale: Locale, javaScriptEnabled: boolean): Promise<void> {
  const t = text[locale];
  const last = lessonNumber(TOTAL);
  await page.goto(`/lessons/${last.slug}`);
  await answerQuiz(page, last, locale, 99);
  await expect(page.getByText(t.courseCompleteNow)).toBeVisible();
  await page.getByRole('link', { name: t.seeCertificate }).click();
  await expect(page).toHaveURL(/\/certificate$/);

  // Both languages on one printable page: the name, the course, the date, the lessons.
  const certificate = page.locator('.certificate');
  await expect(certificate.locator('.holder')).toHaveText(name);
  for (const l of ['zh-CN', 'en'] as const) {
    await expect(certificate.getByText(text[l].certificateHeading)).toBeVisible();
    await expect(certificate.getByText(text[l].completedCourse)).toBeVisible();
    await expect(certificate.locator(`[lang="${l}"]`).filter({ hasText: format(text[l].completedOn, { date: '' }).trim() })).toBeVisible();
  }
  await expect(certificate.locator('.cert-lessons li')).toHaveCount(TOTAL);
  await expectWellBuilt(page, javaScriptEnabled);

  const printed = (await certificate.locator('[data-certificate-code]').innerText()).trim();
  expect(printed).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
  const code = printed.replace('-', '');
  expect(await readQrCode(page)).toBe(`${TEST_PUBLIC_URL}/verify/${code}`);

  // On paper only the certificate shows.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.site-header')).toBeHidden();
  await expect(page.getByText(t.printHint)).toBeHidden();
  await expect(certificate).toBeVisible();
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page\b/g), 'printed pages').toHaveLength(1);
  await page.emulateMedia({ media: 'screen' });

  // Anyone can check it, signed in or not; it shows the name, the course and the date only.
  await page.context().clearCookies();
  await page.goto(`/verify/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(t.verifiedTitle);
  await expect(page.locator('.verified-text')).toContainText(name);
  await expect(page.locator('.verified-text')).toContainText(t.courseName);
  await expectWellBuilt(page, javaScriptEnabled);
}

test.describe('finishing the course', () => {
  test('Maria (13 of 14 passed) passes the last quiz, opens her certificate and it verifies', async ({ page }, testInfo) => {
    // One seeded user, one run: the phone project takes it (the issue asks for a phone viewport).
    test.skip(testInfo.project.name !== 'phone', 'the seeded near-complete trainee is finished once, on the phone');
    test.slow();
    await page.goto('/?lang=en');
    await logIn(page, 'maria', 'en');
    await expect(page.getByText(format(text.en.progressText, { passed: TOTAL - 1, total: TOTAL }))).toBeVisible();
    await expect(lessonItem(page, lessonNumber(TOTAL), 'en')).toContainText(text.en.stateNotStarted);
    await finishAndVerify(page, 'Maria Tenzin', 'en', true);
  });

  test.describe('with JavaScript off', () => {
    test.use({ javaScriptEnabled: false, locale: 'zh-CN' });

    test('a trainee with 13 quizzes passed finishes the last one, gets the certificate, and it verifies', async ({ page, baseURL }, testInfo) => {
      test.skip(testInfo.project.name !== 'phone', 'a phone-sized run is enough for this long path');
      test.slow();
      const login = uniqueLogin('finish', testInfo);
      await signUp(page, '李秀兰', login);
      // The first 13 quizzes through plain form posts (what the browser would send), to save time.
      for (const lesson of courseFromDisk().lessons.slice(0, -1)) {
        const html = await (await page.request.get(`/lessons/${lesson.slug}`)).text();
        const attempt = /name="attempt" value="([a-z2-7]{26})"/.exec(html)?.[1] ?? '';
        const form = new URLSearchParams({ attempt });
        for (const q of lesson.versions['zh-CN'].questions) for (const o of q.options) if (o.correct) form.append(`q:${q.id}`, o.id);
        const res = await page.request.post(`/lessons/${lesson.slug}/quiz`, {
          headers: { origin: baseURL ?? '', 'content-type': 'application/x-www-form-urlencoded' },
          data: form.toString(),
          maxRedirects: 0,
        });
        expect(res.status(), lesson.slug).toBe(303);
      }
      await page.goto('/lessons');
      await expect(page.getByText(format(text['zh-CN'].progressText, { passed: TOTAL - 1, total: TOTAL }))).toBeVisible();
      await finishAndVerify(page, '李秀兰', 'zh-CN', false);
    });
  });
});
