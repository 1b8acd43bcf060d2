// Every repository (all SQL lives in src/**/*.repository.ts) must be exercised by a test that runs on
// both backends, so SQL that one backend rejects fails a test. This walks the static imports: a
// repository counts as covered when a test file that runs its cases per backend (testBackends())
// reaches it through its imports, directly or through the domain modules that call it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function listFiles(dir: string, test: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function resolveImport(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.mts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Files reachable from `start` through relative, non-type-only imports. */
function reachable(start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop();
    if (!file || seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      if (/^\s*(import|export)\s+type\s/.test(match[0].trimStart())) continue;
      const target = match[1] ? resolveImport(file, match[1]) : null;
      if (target && target.startsWith(path.join(ROOT, 'src'))) queue.push(target);
    }
  }
  return seen;
}

describe('repositories on both backends', () => {
  it('every *.repository.ts is reached by a test that runs on SQLite and on PostgreSQL', () => {
    const repositories = listFiles(path.join(ROOT, 'src'), (name) => name.endsWith('.repository.ts'));
    expect(repositories.length).toBeGreaterThan(0);
    const backendTests = listFiles(path.join(ROOT, 'tests/integration'), (name) => name.endsWith('.test.ts')).filter((file) => {
      const source = fs.readFileSync(file, 'utf8');
      // Repository-level suites: per-backend cases on a test database (not only through a server).
      return /describe\.each\(testBackends\(\)\)/.test(source) && /\btempDb\(\{[^}]*backend/.test(source);
    });
    const covered = new Set<string>();
    for (const test of backendTests) for (const file of reachable(test)) covered.add(file);
    const missing = repositories.filter((r) => !covered.has(r)).map((r) => path.relative(ROOT, r));
    expect(
      missing,
      'These repositories are not reached by any test that runs on both backends. Add cases for them in a ' +
        "`describe.each(testBackends())` suite using `tempDb({ backend })` (see tests/integration/accounts-db.test.ts).",
    ).toEqual([]);
  });
});
