// No request may switch on async_hooks. On Node 20 the first AsyncLocalStorage#run (Astro's adapter
// did it for every render, React's streaming renderer for every island) turns on a JavaScript hook
// for every promise, tick and socket write of every later request, cached pages included, for good.
// The built server runs here with a probe (tests/fixtures/async-context-probe.mjs) that reports any
// such call; each kind of page is visited, the editor island (server-rendered React) included.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, logInAs } from '../helpers/auth';
import { testBackends } from '../helpers/postgres';
import { client, pick, YAK_STORE } from '../helpers/store';
import { ROOT, startServer, type TestServer } from '../helpers/server';

const PROBE = path.join(ROOT, 'tests', 'fixtures', 'async-context-probe.mjs');
const MARK = 'ASYNC-CONTEXT-SWITCHED-ON';

describe('the probe', () => {
  const stderrOf = (body: string): string => {
    const result = spawnSync(process.execPath, ['--import', PROBE, '--input-type=module', '-e', `import { AsyncLocalStorage, createHook } from 'node:async_hooks'; ${body}`], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    return result.stderr;
  };

  it('reports an AsyncLocalStorage being entered and a hook being enabled', () => {
    expect(stderrOf('new AsyncLocalStorage().run(1, () => {});')).toContain(`${MARK} AsyncLocalStorage#run`);
    expect(stderrOf('new AsyncLocalStorage().enterWith(1);')).toContain(`${MARK} AsyncLocalStorage#enterWith`);
    expect(stderrOf('createHook({ init() {} }).enable();')).toContain(`${MARK} async_hooks.createHook`);
  });

  it('stays quiet for a storage that is only created or read', () => {
    expect(stderrOf('const s = new AsyncLocalStorage(); s.getStore(); createHook({ init() {} });')).not.toContain(MARK);
  });
});

describe.each(testBackends())('serving every kind of page on %s', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ backend, env: { NODE_OPTIONS: `--import=${PROBE}` } });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('never switches on async_hooks', async () => {
    const anonymous = client(server.url);
    const pages = ['/', '/lessons', '/market', `/s/${YAK_STORE}`, `/s/${YAK_STORE}`, `/s/${YAK_STORE}?lang=en`, '/q/HARVEST2', '/no-such-page', '/login'];
    for (const page of pages) {
      const res = await anonymous.get(page);
      expect(res.status, page).toBeLessThan(500);
      await res.arrayBuffer();
    }
    const lesson = pick(await (await anonymous.get('/lessons')).text(), /href="(\/lessons\/[a-z0-9-]+)"/, 'a lesson');
    expect((await anonymous.get(lesson)).status).toBe(200);

    // The builder's pages render the TipTap island on the server with React.
    const owner = client(server.url, await logInAs(server.url, DEMO.trainee));
    const studio = await (await owner.get('/studio')).text();
    const productId = pick(studio, /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    for (const page of ['/studio/store', `/studio/products/${productId}`, '/studio/orders']) {
      const res = await owner.get(page);
      expect(res.status, page).toBe(200);
      const html = await res.text();
      if (page !== '/studio/orders') expect(html, page).toContain('<astro-island');
    }
    const trainer = client(server.url, await logInAs(server.url, DEMO.trainer));
    expect((await trainer.get('/trainer')).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.logs()).toContain('ASYNC-CONTEXT-PROBE loaded');
    expect(server.logs()).not.toContain(MARK);
  });
});
