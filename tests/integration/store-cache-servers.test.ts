// The public-page cache with two app servers on one database (here one SQLite file in WAL mode;
// the same holds for PostgreSQL): an edit made through server A is shown at once by A and within
// about two seconds by B, which checks the store's version in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, logInAs } from '../helpers/auth';
import { startServer, type TestServer } from '../helpers/server';
import { client, ORANGE_STORE, pick } from '../helpers/store';

let a: TestServer;
let b: TestServer;
const PAGE = `/s/${ORANGE_STORE}/qi-cheng-li-he-10-jin`;

beforeAll(async () => {
  a = await startServer();
  b = await startServer({ dataDir: a.dataDir });
}, 60_000);

afterAll(async () => {
  await b?.kill('SIGTERM');
  await a?.stop();
});

const visit = (server: TestServer) => client(server.url).get(PAGE, { 'accept-encoding': 'br', 'accept-language': 'zh-CN' });

describe('the public page cache on several servers', () => {
  it('shows an edit made through another server within about two seconds', async () => {
    await visit(b);
    await expect.poll(async () => (await visit(b)).headers.get('x-cache')).toBe('hit');
    expect(await (await visit(b)).text()).toContain('¥88 / 箱');

    const owner = client(a.url, await logInAs(a.url, DEMO.trainee2));
    const studio = await (await owner.get('/studio')).text();
    const boxId = pick(studio, /id="product-([a-z0-9]+)" data-product="脐橙礼盒（10 斤）"/, 'the gift box');
    const version = pick(await (await owner.get(`/studio/products/${boxId}`)).text(), /name="version" value="(\d+)"/, 'its version');
    const editedAt = Date.now();
    const saved = await owner.post(
      `/studio/products/${boxId}`,
      { name: '脐橙礼盒（10 斤）', price: '99', currency: 'CNY', unit: 'box', availability: 'inStock', harvestDate: '', stock: '', category: 'fruit', version },
      { accept: 'application/json' },
    );
    expect(saved.status).toBe(200);
    // The editing server at once.
    expect(await (await visit(a)).text()).toContain('¥99 / 箱');
    // The other server once its copy is due for a check (2 s), plus the check itself.
    await expect.poll(async () => (await (await visit(b)).text()).includes('¥99 / 箱'), { timeout: 8_000, interval: 100 }).toBe(true);
    expect(Date.now() - editedAt).toBeLessThan(5_000);
    await expect.poll(async () => (await visit(b)).headers.get('x-cache')).toBe('hit');
  });
});
