// @ts-check
// Reads the Vitest and Playwright JSON reports that `npm test` writes: the totals, and the failed
// tests by name, printed just above the totals so a CI log that keeps only its tail still says what failed.
import path from 'node:path';

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/**
 * A test file that failed with no failed test in it: it did not load (syntax error, failing import),
 * or a beforeAll/afterAll hook failed (its tests are then marked skipped, or passed).
 * @param {any} file an entry of the Vitest report's testResults
 */
const failedOutsideTests = (file) =>
  file.status === 'failed' && !(file.assertionResults ?? []).some((/** @type {{ status: string }} */ t) => t.status === 'failed');

/** @param {any} report @returns {Counts | null} */
export function vitestCounts(report) {
  if (!report || typeof report.numTotalTests !== 'number') return null;
  // Such a file counts as one failure more.
  const brokenFiles = (report.testResults ?? []).filter(failedOutsideTests).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** @param {any} report @returns {Counts | null} */
export function playwrightCounts(report) {
  if (!report || !report.stats) return null;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  // Errors outside tests (global setup/teardown, a spec that does not load) fail the run too.
  const outsideErrors = (report.errors ?? []).length;
  return { passed: expected + flaky, failed: unexpected + outsideErrors, skipped };
}

/** The first non-blank line of an error message, without terminal colours. @param {unknown} message */
function firstLine(message) {
  // eslint-disable-next-line no-control-regex
  const text = String(message ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  return text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';
}

/**
 * One line per failed test: where it is, its name, and the first line of its error.
 * @param {any} vitest the Vitest JSON report, or null
 * @param {any} playwright the Playwright JSON report, or null
 * @param {string} root paths are shown relative to it
 * @returns {string[]}
 */
export function failedTests(vitest, playwright, root) {
  /** @type {string[]} */
  const lines = [];
  for (const file of vitest?.testResults ?? []) {
    const name = path.relative(root, String(file.name ?? ''));
    const failures = (file.assertionResults ?? []).filter((/** @type {{ status: string }} */ t) => t.status === 'failed');
    if (failedOutsideTests(file)) {
      const why = (file.assertionResults ?? []).length === 0 ? 'the file did not load' : 'a beforeAll or afterAll hook failed';
      lines.push(`${name}: ${firstLine(file.message) || `${why}: see the log above`}`);
    }
    for (const test of failures) lines.push(`${name} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
  }
  // Spec files are named relative to the config's folder (testDir): shown from the project's root like the others.
  const specRoot = playwright?.config?.rootDir ?? root;
  /** @param {any} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    // The outermost suite of a spec file is titled with the file's name, which each line shows anyway.
    const here = suite.title && suite.title !== suite.file ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const last = test.results?.at(-1);
        const file = path.relative(root, path.resolve(specRoot, String(spec.file ?? '')));
        lines.push(`[${test.projectName}] ${file}:${spec.line} › ${[...here, spec.title].join(' › ')}: ${firstLine(last?.error?.message) || (last?.status === 'passed' ? 'passed, but it was marked to fail' : last?.status) || 'unexpected'}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of playwright?.suites ?? []) walk(suite, []);
  for (const error of playwright?.errors ?? []) lines.push(`Playwright: ${firstLine(error.message)}`);
  return lines;
}
