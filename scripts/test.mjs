// @ts-check
// `npm test`: build once (when dist/ is stale), run Vitest (unit + integration), then the Playwright
// browser tests in Debian's Chromium. The last line printed is always the total: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild } from './lib/ensure-build.mjs';
import { root } from './lib/build-state.mjs';
import { failedTests, playwrightCounts, vitestCounts } from './lib/test-report.mjs';

// Tests run the built server on ports of their own against this build-time address (see tests/helpers/server.ts).
const TEST_PUBLIC_URL = 'http://127.0.0.1:4321';
const CI = ['1', 'true', 'yes'].includes(String(process.env.CI ?? '').toLowerCase());
const RESULTS = path.join(root, 'test-results');
const VITEST_JSON = path.join(RESULTS, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(RESULTS, 'playwright.json');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @typedef {import('./lib/test-report.mjs').Counts} Counts */

/** @param {string} file @returns {any} */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) console.error(result.error.message);
  return result.status ?? 1;
}

function isExecutable(/** @type {string} */ file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function skippedBanner() {
  const line = '!'.repeat(78);
  console.error(
    [
      '',
      line,
      '!!!',
      '!!!   BROWSER TESTS WERE SKIPPED: Chromium was not found at',
      `!!!   ${chromiumPath}`,
      '!!!',
      '!!!   Nothing was checked in a real browser (layout, accessibility, no-JS pages).',
      '!!!   Install it with:  sudo apt-get install -y chromium fonts-noto-cjk',
      '!!!   or point CHROMIUM_PATH at a Chromium binary, then run `npm test` again.',
      '!!!   (With CI=true a missing browser fails the run.)',
      '!!!',
      line,
      '',
    ].join('\n'),
  );
}

/**
 * Which databases the suites run on. The repository and integration suites always run on SQLite,
 * and also on PostgreSQL when TEST_DATABASE_URL names a server (a role that may create databases).
 */
function databaseBanner() {
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) {
    let shown = url;
    try {
      const parsed = new URL(url);
      if (parsed.password) parsed.password = '***';
      shown = parsed.toString();
    } catch {
      // Printed as given; the tests will say what is wrong with it.
    }
    console.log(`Databases: SQLite and PostgreSQL (TEST_DATABASE_URL=${shown}).`);
    return;
  }
  const line = '!'.repeat(78);
  console.error(
    [
      '',
      line,
      '!!!',
      '!!!   TEST_DATABASE_URL IS NOT SET: the database tests run on SQLite only.',
      '!!!',
      '!!!   Nothing is checked against PostgreSQL (repositories, migrations, the two-server',
      '!!!   test, db:copy). To include it, point TEST_DATABASE_URL at a server and a role that',
      '!!!   may create databases, e.g.',
      '!!!     TEST_DATABASE_URL=postgres://harvestlink_test:secret@127.0.0.1:5432/harvestlink_test npm test',
      '!!!   (README: "Testing against PostgreSQL"). .ci/run always sets it.',
      '!!!',
      line,
      '',
    ].join('\n'),
  );
}

/** @param {Counts} total */
function summary(total) {
  return `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`;
}

async function main() {
  process.env.PUBLIC_URL = TEST_PUBLIC_URL;
  delete process.env.PORT;
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.rmSync(VITEST_JSON, { force: true });
  fs.rmSync(PLAYWRIGHT_JSON, { force: true });
  databaseBanner();

  try {
    await ensureBuild();
  } catch (error) {
    console.error(`The build failed, so no tests ran: ${error instanceof Error ? error.message : error}`);
    console.log(summary({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }

  // The tests run a private copy of the build: a rebuild elsewhere (npm start in another terminal)
  // then cannot empty dist/ under the servers they start.
  const snapshot = path.join(RESULTS, `dist-${process.pid}`);
  fs.cpSync(path.join(root, 'dist'), snapshot, { recursive: true });
  process.env.HARVESTLINK_TEST_DIST = snapshot;
  try {
    return runSuites();
  } finally {
    fs.rmSync(snapshot, { recursive: true, force: true });
  }
}

function runSuites() {
  const started = Date.now();
  /** Why the run fails besides failed tests: named in the list above the totals too. @type {string[]} */
  const reasons = [];
  /** @param {string} reason */
  const fail = (reason) => {
    console.error(reason);
    reasons.push(reason.trim());
  };
  const vitestStatus = run([
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${VITEST_JSON}`,
  ]);
  const vitestReport = readJson(VITEST_JSON);
  const vitest = vitestCounts(vitestReport);
  /** @type {Counts} */
  const total = { passed: 0, failed: 0, skipped: 0 };
  if (vitest) {
    total.passed += vitest.passed;
    total.failed += vitest.failed;
    total.skipped += vitest.skipped;
  } else {
    fail('Vitest wrote no results (test-results/vitest.json): counting it as a failure.');
    total.failed += 1;
  }
  let failed = vitestStatus !== 0 || !vitest || vitest.failed > 0;
  if (!process.env.TEST_DATABASE_URL?.trim()) {
    console.error('\nPostgreSQL was not tested: TEST_DATABASE_URL is not set (see the notice at the start).');
    if (CI) {
      fail('CI=true: the suites must run on PostgreSQL too (.ci/run sets TEST_DATABASE_URL). Failing.');
      total.failed += 1;
      failed = true;
    }
  }

  /** @type {any} */
  let playwrightReport = null;
  if (!isExecutable(chromiumPath)) {
    skippedBanner();
    if (CI) {
      fail('CI=true: the browser tests must run here. Failing.');
      total.failed += 1;
      failed = true;
    }
  } else {
    const playwrightStatus = run([path.join(root, 'node_modules/@playwright/test/cli.js'), 'test']);
    playwrightReport = readJson(PLAYWRIGHT_JSON);
    const browser = playwrightCounts(playwrightReport);
    if (browser) {
      total.passed += browser.passed;
      total.failed += browser.failed;
      total.skipped += browser.skipped;
    } else {
      fail('Playwright wrote no results (test-results/playwright.json): counting it as a failure.');
      total.failed += 1;
    }
    if (playwrightStatus !== 0 || !browser || browser.failed > 0) failed = true;
    const ran = browser ? browser.passed + browser.failed : 0;
    if (CI && ran === 0) {
      fail('CI=true: the browser tests ran no tests at all. Failing.');
      if (browser && browser.failed === 0) total.failed += 1;
      failed = true;
    }
  }

  console.log(`\nTests took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (failed && total.failed === 0) total.failed += 1;
  const failures = [...failedTests(vitestReport, playwrightReport, root), ...reasons];
  if (failed && failures.length === 0) failures.push('no failed test is named in the reports (an error outside the tests?): see the log above');
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((line) => `  ✘ ${line}`).join('\n')}`);
  console.log(summary(total));
  return failed ? 1 : 0;
}

process.exitCode = await main();
