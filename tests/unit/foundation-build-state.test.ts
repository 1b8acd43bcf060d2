// `npm start` rebuilds when dist/ no longer matches the sources or PUBLIC_URL. The real module is
// copied into a scratch project (it finds its root from its own location) and run there with Node.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, ROOT } from '../helpers/server';

let project = '';

function write(rel: string, content: string): void {
  const file = path.join(project, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Runs build-state.mjs in the scratch project; `record` writes build-info.json the way scripts/build.mjs does. */
function run(action: 'staleReason' | 'record', env: Record<string, string> = {}): string | null {
  const script =
    action === 'record'
      ? `import fs from 'node:fs'; import { buildInfoFile, currentState } from './scripts/lib/build-state.mjs';
         fs.writeFileSync(buildInfoFile, JSON.stringify({ ...currentState(), builtAt: new Date().toISOString() }));
         console.log('null');`
      : `import { staleReason } from './scripts/lib/build-state.mjs'; console.log(JSON.stringify(staleReason()));`;
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], ...env };
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: childEnv, encoding: 'utf8' });
  const parsed: unknown = JSON.parse(out.trim());
  return typeof parsed === 'string' ? parsed : null;
}

beforeEach(() => {
  project = makeTempDir('harvestlink-build-state-');
  for (const rel of ['scripts/lib/build-state.mjs', 'config/runtime.mjs']) {
    write(rel, fs.readFileSync(path.join(ROOT, rel), 'utf8'));
  }
  write('src/pages/index.astro', '<h1>Hello</h1>\n');
  write('db/migrations/2026-01-01T0000_first.ts', 'export async function up() {}\n');
  write('content/lessons/en/01-a.md', '# A\n');
  write('package-lock.json', '{}\n');
  write('dist/app/server.mjs', '// built\n');
  write('dist/server/entry.mjs', '// built\n');
});

afterEach(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

describe('build staleness', () => {
  it('wants a build when there has never been one', () => {
    expect(run('staleReason')).toBe('no build yet');
  });

  it('is satisfied right after a build with the same settings', () => {
    run('record', { PUBLIC_URL: 'https://harvest.example.cn' });
    expect(run('staleReason', { PUBLIC_URL: 'https://harvest.example.cn' })).toBeNull();
    // A trailing slash or path is the same origin, so no rebuild.
    expect(run('staleReason', { PUBLIC_URL: 'https://harvest.example.cn/' })).toBeNull();
  });

  it('rebuilds when PUBLIC_URL changes (or PORT changes the default one), saying so', () => {
    run('record', { PUBLIC_URL: 'http://127.0.0.1:4321' });
    expect(run('staleReason', { PUBLIC_URL: 'https://harvest.example.cn' })).toMatch(/PUBLIC_URL changed/);
    expect(run('staleReason', { PORT: '8080' })).toMatch(/PUBLIC_URL changed .*127\.0\.0\.1:8080/);
    expect(run('staleReason', {})).toBeNull();
  });

  it('rebuilds when a source file changes, even if its modification time does not', () => {
    run('record');
    const file = path.join(project, 'src/pages/index.astro');
    const { mtime } = fs.statSync(file);
    fs.writeFileSync(file, '<h1>Hallo</h1>\n');
    fs.utimesSync(file, mtime, mtime);
    expect(run('staleReason')).toMatch(/sources changed/);
  });

  it('rebuilds when lesson content or a migration is added, or the lock file changes', () => {
    run('record');
    write('content/lessons/en/02-b.md', '# B\n');
    expect(run('staleReason')).toMatch(/sources changed/);
    run('record');
    write('db/migrations/2026-02-01T0000_second.ts', 'export async function up() {}\n');
    expect(run('staleReason')).toMatch(/sources changed/);
    run('record');
    write('package-lock.json', '{"lockfileVersion":3}\n');
    expect(run('staleReason')).toMatch(/sources changed/);
  });

  it('ignores files outside the sources (data, tests, dist itself)', () => {
    run('record');
    write('data/harvestlink.db', 'x');
    write('tests/unit/x.test.ts', 'x');
    write('dist/client/favicon.svg', 'x');
    expect(run('staleReason')).toBeNull();
  });

  it('rebuilds when a built entry point has gone missing', () => {
    run('record');
    fs.rmSync(path.join(project, 'dist/app/server.mjs'));
    expect(run('staleReason')).toMatch(/dist\/app\/server\.mjs is missing/);
  });
});
