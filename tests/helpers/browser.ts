// Shared browser-test checks: axe, requests to other hosts, console errors, layout at small widths.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/** Runs axe on the page as it is now; fails on any serious or critical violation. */
export async function checkA11y(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(blocking, `axe on ${page.url()}`).toEqual([]);
}

export interface PageGuard {
  /** Tolerates console errors matching this pattern (e.g. the browser’s note about a 404 page we asked for). */
  allowConsoleError(pattern: RegExp): void;
  /** Fails when any page asked another host for anything, or logged an error (CSP violations included). */
  assertClean(): void;
}

/** Watches every page of a context from now on. `origin` is the one host pages may talk to. */
export function guardContext(context: BrowserContext, origin: string): PageGuard {
  const foreign: string[] = [];
  const consoleErrors: string[] = [];
  const allowed: RegExp[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (url.origin !== origin) foreign.push(`${request.method()} ${request.url()}`);
  });
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    allowConsoleError(pattern) {
      allowed.push(pattern);
    },
    assertClean() {
      expect(foreign, 'requests to another host').toEqual([]);
      expect(
        consoleErrors.filter((text) => !allowed.some((pattern) => pattern.test(text))),
        'console errors',
      ).toEqual([]);
    },
  };
}

/** `test` with the guard on every test’s context: other hosts and console errors fail the test. */
export const test = base.extend<{ guard: PageGuard }>({
  guard: [
    async ({ context, baseURL }, use) => {
      if (!baseURL) throw new Error('playwright.config.ts sets no baseURL');
      const guard = guardContext(context, new URL(baseURL).origin);
      await use(guard);
      guard.assertClean();
    },
    { auto: true },
  ],
});

export { expect };

/** The page is no wider than the screen: nothing to scroll sideways, nothing for a phone to zoom out of. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
    innerWidth: window.innerWidth,
  }));
  const width = page.viewportSize()?.width ?? 0;
  expect(scrollWidth, `page width on a ${width} px screen`).toBeLessThanOrEqual(width);
  // A phone widens its layout viewport (and zooms out) when content overflows.
  expect(innerWidth, `layout viewport on a ${width} px screen`).toBe(width);
}

/** Every visible link and button in the site header is at least 44 × 44 CSS pixels. */
export async function expectHeaderTapTargets(page: Page): Promise<void> {
  const targets = page.locator('header').locator('a, button, [role="button"], input, select');
  const count = await targets.count();
  expect(count, 'links and buttons in the header').toBeGreaterThan(0);
  const small: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const target = targets.nth(i);
    if (!(await target.isVisible())) continue;
    const box = await target.boundingBox();
    if (!box) continue;
    if (box.height < 44 || box.width < 44) {
      small.push(`"${(await target.innerText()).trim()}" is ${box.width.toFixed(0)}×${box.height.toFixed(0)}`);
    }
  }
  expect(small, 'tap targets under 44 px').toEqual([]);
}

/**
 * The TipTap editor for a rich-text field, never the plain textarea it replaces: a locator that
 * matched the textarea before the island loaded would keep clicking a now-hidden element.
 */
export function richTextBox(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true }).and(page.locator('[contenteditable="true"]'));
}
