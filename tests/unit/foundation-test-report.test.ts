// `npm test` prints the failed tests by name above its totals, so a CI log that keeps only its tail
// still says what failed. The reports here have the shape Vitest's and Playwright's JSON reporters write.
import { describe, expect, it } from 'vitest';
import { failedTests, playwrightCounts, vitestCounts } from '../../scripts/lib/test-report.mjs';

const ROOT = '/repo';

const vitestReport = {
  numTotalTests: 4,
  numPassedTests: 1,
  numFailedTests: 1,
  numPendingTests: 2,
  numTodoTests: 0,
  testResults: [
    {
      name: '/repo/tests/integration/share-http.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        { ancestorTitles: ['QR'], fullName: 'QR redirects once', title: 'redirects once', status: 'passed', failureMessages: [] },
        {
          ancestorTitles: ['QR'],
          fullName: 'QR counts a scan',
          title: 'counts a scan',
          status: 'failed',
          failureMessages: ['\n\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at share-http.test.ts:40:5'],
        },
        { ancestorTitles: [], fullName: 'later', title: 'later', status: 'skipped', failureMessages: [] },
      ],
    },
    { name: '/repo/tests/unit/broken.test.ts', status: 'failed', message: 'Failed to load url ./missing', assertionResults: [] },
    // A beforeAll inside a describe failed: its tests are skipped, the error sits on the suite.
    {
      name: '/repo/tests/integration/hooked.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [{ ancestorTitles: ['on postgres'], fullName: 'on postgres works', title: 'works', status: 'skipped', failureMessages: [] }],
    },
  ],
};

const playwrightReport = {
  config: { rootDir: '/repo/tests/e2e' },
  stats: { expected: 2, unexpected: 1, flaky: 1, skipped: 2 },
  errors: [{ message: 'Error: global setup failed\n  at setup.ts:1' }],
  suites: [
    {
      title: 'store.spec.ts',
      file: 'store.spec.ts',
      specs: [
        {
          title: 'a buyer sends an order',
          file: 'store.spec.ts',
          line: 82,
          tests: [
            { projectName: 'phone', status: 'expected', results: [{ status: 'passed' }] },
            {
              projectName: 'desktop',
              status: 'unexpected',
              results: [{ status: 'failed', error: { message: 'Error: \u001b[2mexpect(\u001b[22mlocator).toBeVisible() failed\n\nLocator: x' } }],
            },
            // test.fail() that passed: unexpected, with no error.
            { projectName: 'phone-en', status: 'unexpected', results: [{ status: 'passed' }] },
          ],
        },
      ],
      suites: [
        {
          title: 'sharing',
          file: 'store.spec.ts',
          specs: [
            {
              title: 'flaky once',
              file: 'store.spec.ts',
              line: 120,
              tests: [{ projectName: 'phone', status: 'flaky', results: [{ status: 'failed', error: { message: 'x' } }, { status: 'passed' }] }],
            },
          ],
        },
      ],
    },
  ],
};

describe('the test report', () => {
  it('counts a file that did not load or whose hook failed as a failure, and skipped tests apart', () => {
    expect(vitestCounts(vitestReport)).toEqual({ passed: 1, failed: 3, skipped: 2 });
    expect(vitestCounts(null)).toBeNull();
  });

  it('counts flaky browser tests as passed and errors outside tests as failures', () => {
    expect(playwrightCounts(playwrightReport)).toEqual({ passed: 3, failed: 2, skipped: 2 });
    expect(playwrightCounts({})).toBeNull();
  });

  it('names each failed test with the first line of its error, without terminal colours', () => {
    expect(failedTests(vitestReport, playwrightReport, ROOT)).toEqual([
      'tests/integration/share-http.test.ts › QR counts a scan: AssertionError: expected 1 to be 2',
      'tests/unit/broken.test.ts: Failed to load url ./missing',
      'tests/integration/hooked.test.ts: a beforeAll or afterAll hook failed: see the log above',
      '[desktop] tests/e2e/store.spec.ts:82 › a buyer sends an order: Error: expect(locator).toBeVisible() failed',
      '[phone-en] tests/e2e/store.spec.ts:82 › a buyer sends an order: passed, but it was marked to fail',
      'Playwright: Error: global setup failed',
    ]);
  });

  it('names nothing when everything passed or no report was written', () => {
    expect(failedTests(null, null, ROOT)).toEqual([]);
    expect(failedTests({ testResults: [{ name: '/repo/a.test.ts', status: 'passed', assertionResults: [] }] }, { suites: [] }, ROOT)).toEqual([]);
  });
});
