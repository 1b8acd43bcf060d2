// `npm start` (scripts/start.mjs) on a new data directory: migrate, load demo data once, serve;
// stop cleanly on SIGTERM; start again without seeding twice.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { staleReason } from '../../scripts/lib/build-state.mjs';
import { htmlLang, rawRequest } from '../helpers/http';
import { makeTempDir, startServer, TEST_PUBLIC_URL } from '../helpers/server';

const DEMO_LOADED = /Loaded demo data/;
const dataDirs: string[] = [];

afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = makeTempDir('harvestlink-start-');
  dataDirs.push(dir);
  return dir;
}

// start.mjs builds first when dist/ is stale; with the test PUBLIC_URL and an unchanged tree it does not.
const START = { entry: 'scripts/start.mjs', timeoutMs: 60_000 } as const;

// A rebuild here would empty dist/ under the servers other test files are running. It can only
// happen when sources change while the tests run (someone editing): then these tests step aside.
beforeEach((context) => {
  process.env['PUBLIC_URL'] = TEST_PUBLIC_URL;
  delete process.env['PORT'];
  const reason = staleReason();
  if (reason !== null) context.skip(`dist/ is stale (${reason}): npm start would rebuild in the middle of the test run`);
});

describe('npm start', () => {
  it('loads demo data into a new database, says so, serves, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const dataDir = newDataDir();
    const server = await startServer({ ...START, dataDir });
    try {
      expect(server.logs()).toMatch(DEMO_LOADED);
      expect(server.logs()).toMatch(/Applied migrations: /);
      expect(server.logs()).toMatch(new RegExp(`serving on http://127\\.0\\.0\\.1:${server.port}`));
      expect(fs.existsSync(path.join(dataDir, 'harvestlink.db'))).toBe(true);
      expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8').trim()).toBe(String(server.process.pid));

      const home = await rawRequest(server.url, '/');
      expect(home.status).toBe(200);
      expect(htmlLang(home.text)).toBe('zh-CN');
    } finally {
      await server.kill('SIGTERM');
    }
    expect(server.process.exitCode).toBe(0);
    // The pid file goes with the server, so `npm run restore` can run afterwards.
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);

    const again = await startServer({ ...START, dataDir });
    try {
      expect(again.logs()).not.toMatch(DEMO_LOADED);
      expect(again.logs()).not.toMatch(/Applied migrations/);
      expect(again.logs()).not.toMatch(/Backed up/);
      expect((await rawRequest(again.url, '/healthz')).text).toBe('{"status":"ok"}');
    } finally {
      await again.kill('SIGTERM');
    }
  });

  it('starts with an empty database when SEED_DEMO=false', { timeout: 90_000 }, async () => {
    const server = await startServer({ ...START, dataDir: newDataDir(), env: { SEED_DEMO: 'false' } });
    try {
      expect(server.logs()).not.toMatch(DEMO_LOADED);
      expect(server.logs()).toMatch(/Applied migrations: /);
      expect((await rawRequest(server.url, '/')).status).toBe(200);
    } finally {
      await server.kill('SIGTERM');
    }
  });

  it('refuses to start with a broken setting, naming it', { timeout: 90_000 }, async () => {
    await expect(startServer({ ...START, dataDir: newDataDir(), env: { TIME_ZONE: 'Nowhere/Land' }, timeoutMs: 30_000 })).rejects.toThrow(
      /exited \(code 1[^]*TIME_ZONE/,
    );
  });
});
