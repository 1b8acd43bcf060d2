// @ts-check
// Reads the Vitest and Playwright JSON reports that `npm test` writes: the totals, and the failed
// tests by name, printed just above the totals so a CI log that keeps only its tail still says what failed.
import path from 'node:path';

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/** @param {any} report @returns {Counts | null} */
export function vitestCounts(report) {
  if (!report || typeof report.numTotalTests !== 'number') return null;
  // A file that fails to load (syntax error, failing import) counts as a failure even with no tests in it.
  const brokenFiles = (report.testResults ?? []).filter(
    (/** @type {{ status: string, assertionResults?: unknown[] }} */ f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
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
    if (file.status === 'failed' && failures.length === 0) lines.push(`${name}: ${firstLine(file.message) || 'the file did not run'}`);
    for (const test of failures) lines.push(`${name} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
  }
  /** @param {any} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    // The outermost suite of a spec file is titled with the file's name, which each line shows anyway.
    const here = suite.title && suite.title !== suite.file ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        lines.push(`[${test.projectName}] ${spec.file}:${spec.line} › ${[...here, spec.title].join(' › ')}: ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of playwright?.suites ?? []) walk(suite, []);
  for (const error of playwright?.errors ?? []) lines.push(`Playwright: ${firstLine(error.message)}`);
  return lines;
}
