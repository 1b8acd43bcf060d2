// Storefronts against the real built server and its SQLite file: order requests and their spam
// guard, the inbox, who sees unpublished and taken-down stores, addresses that move, stale saves,
// invite codes, photos and their files, and the cache of public pages.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format, forms, store as text } from '../../src/lib/i18n';
import { CLIENT_LIMIT, STORE_HOURLY_LIMIT } from '../../src/lib/server/store/orders';
import { DEMO, logInAs } from '../helpers/auth';
import { escapeHtml } from '../helpers/http';
import { startServer, type TestServer } from '../helpers/server';
import { client, ORANGE_STORE, pick, readDb, signUp, YAK_STORE, type Client } from '../helpers/store';
import { makeJpeg } from '../fixtures/photos';

const zh = text['zh-CN'];
let server: TestServer;
let owner: Client;
let member: Client;
let otherTrainee: Client;
let admin: Client;
let anonymous: Client;
let ip = 1;

/** A buyer from an address of their own (the server trusts X-Forwarded-For in this test). */
function buyer(): { headers: Record<string, string> } {
  ip += 1;
  return { headers: { 'x-forwarded-for': `203.0.113.${ip}` } };
}

const order = (extra: Record<string, string> = {}) => ({
  buyerName: '王先生',
  buyerContact: '13912345678',
  product: 'gan-nan-qi-cheng',
  quantity: '10 斤',
  note: '周末送到',
  fulfilment: 'delivery',
  website: '',
  ...extra,
});

function countOrders(storeSlug: string): number {
  const db = readDb(server.dataDir);
  try {
    const row = db
      .prepare('select count(*) as n from order_requests o join stores s on s.id = o.store_id where s.slug = ?')
      .get(storeSlug) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: '1' } });
  owner = client(server.url, await logInAs(server.url, DEMO.trainee2));
  member = client(server.url, await logInAs(server.url, DEMO.member));
  otherTrainee = client(server.url, await logInAs(server.url, DEMO.trainee));
  admin = client(server.url, await logInAs(server.url, DEMO.admin));
  anonymous = client(server.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('order requests', () => {
  it('go from a buyer without an account to the seller’s inbox, newest first, with an unread count', async () => {
    const sent = await anonymous.post(`/s/${ORANGE_STORE}/order`, order({ buyerName: '测试买家甲' }), buyer().headers);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/s/${ORANGE_STORE}/order?sent=1`);
    const confirmation = await (await anonymous.get(`/s/${ORANGE_STORE}/order?sent=1`)).text();
    expect(confirmation).toContain(escapeHtml(format(zh.orderSent, { store: '寻乌脐橙合作社' })));

    const studio = await (await owner.get('/studio')).text();
    const unread = Number(pick(studio, /订购请求（(\d+) 条新的）/, 'the unread count on /studio'));
    expect(unread).toBeGreaterThanOrEqual(1);

    const inbox = await (await member.get('/studio/orders')).text();
    const first = inbox.indexOf('来自 测试买家甲');
    expect(first).toBeGreaterThan(-1);
    // Newest first: the demo request from three days ago comes after it.
    expect(inbox.indexOf('来自 Tom')).toBeGreaterThan(first);
    expect(inbox.slice(first, first + 300)).toContain(zh.newBadge);
    // Once shown, requests are read: the count is gone.
    expect(await (await owner.get('/studio')).text()).not.toMatch(/条新的/);

    const orderId = pick(inbox.slice(first - 600), /data-order="([a-z0-9]+)"/, 'the new request');
    const handled = await member.post('/studio/orders', { order: orderId, action: 'handled', back: '/studio/orders' });
    expect(handled.status).toBe(303);
    const after = await (await owner.get('/studio/orders?open=1')).text();
    expect(after).not.toContain('测试买家甲');
  });

  it('refuse what is not a request: missing fields, unknown products', async () => {
    const empty = await anonymous.post(`/s/${ORANGE_STORE}/order`, { fulfilment: 'pickup' }, buyer().headers);
    expect(empty.status).toBe(400);
    const page = await empty.text();
    expect(page).toContain('请填写这一项。');
    const unknown = await anonymous.post(`/s/${ORANGE_STORE}/order`, order({ product: 'no-such-product' }), buyer().headers);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain(zh.orderProductUnknown);
  });

  it('answer a filled honeypot like a success but store nothing', async () => {
    const before = countOrders(ORANGE_STORE);
    const res = await anonymous.post(`/s/${ORANGE_STORE}/order`, order({ website: 'http://spam.example' }), buyer().headers);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${ORANGE_STORE}/order?sent=1`);
    expect(countOrders(ORANGE_STORE)).toBe(before);
  });

  it('limit one sender to a few requests in ten minutes, with a clear message, without blocking others', async () => {
    const spammer = buyer().headers;
    const before = countOrders(YAK_STORE);
    for (let i = 0; i < CLIENT_LIMIT; i += 1) {
      const res = await anonymous.post(`/s/${YAK_STORE}/order`, order({ product: '', buyerName: `买家${i}` }), spammer);
      expect(res.status, `request ${i + 1}`).toBe(303);
    }
    const refused = await anonymous.post(`/s/${YAK_STORE}/order`, order({ product: '', buyerName: '第六次' }), spammer);
    expect(refused.status).toBe(429);
    const body = await refused.text();
    expect(body).toContain(escapeHtml(format(zh.orderRateLimited, { minutes: 10 })));
    // What the buyer typed is still in the form.
    expect(body).toContain('第六次');
    expect(countOrders(YAK_STORE)).toBe(before + CLIENT_LIMIT);
    const neighbour = await anonymous.post(`/s/${YAK_STORE}/order`, order({ product: '' }), buyer().headers);
    expect(neighbour.status).toBe(303);
  });

  it('limit how many requests one store takes in an hour from everyone (a flood from many addresses)', async () => {
    const slug = YAK_STORE;
    let accepted = 0;
    let refused: Response | null = null;
    for (let i = 0; i < STORE_HOURLY_LIMIT + 5 && !refused; i += 1) {
      const res = await anonymous.post(`/s/${slug}/order`, order({ product: '' }), buyer().headers);
      if (res.status === 303) accepted += 1;
      else refused = res;
    }
    expect(refused?.status).toBe(429);
    expect(await refused?.text()).toContain(escapeHtml(zh.orderStoreBusy));
    expect(accepted).toBeLessThanOrEqual(STORE_HOURLY_LIMIT);
    const db = readDb(server.dataDir);
    const row = db.prepare("select count(*) as n from order_requests o join stores s on s.id = o.store_id where s.slug = ? and o.created_at >= ?").get(slug, new Date(Date.now() - 3_600_000).toISOString()) as { n: number };
    db.close();
    expect(row.n).toBeLessThanOrEqual(STORE_HOURLY_LIMIT + 2);
  });
});

describe('who sees a store', () => {
  it('hides an unpublished store from buyers and other trainees, and shows members and admins a preview', async () => {
    expect((await owner.post('/studio/publish', { action: 'unpublish' })).status).toBe(303);
    expect((await anonymous.get(`/s/${ORANGE_STORE}`)).status).toBe(404);
    expect((await anonymous.get(`/s/${ORANGE_STORE}/gan-nan-qi-cheng`)).status).toBe(404);
    expect((await otherTrainee.get(`/s/${ORANGE_STORE}`)).status).toBe(404);
    for (const viewer of [owner, member, admin]) {
      const res = await viewer.get(`/s/${ORANGE_STORE}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(escapeHtml(zh.previewBanner));
    }
    expect((await member.post('/studio/publish', { action: 'publish' })).headers.get('location')).toBe('/studio?notice=ownerOnlyPublish');
    expect((await anonymous.get(`/s/${ORANGE_STORE}`)).status).toBe(404);
    expect((await owner.post('/studio/publish', { action: 'publish' })).headers.get('location')).toBe('/studio?notice=published');
    expect((await anonymous.get(`/s/${ORANGE_STORE}`)).status).toBe(200);
  });

  it('lets an admin take a store down with a reason its members read, and restore it', async () => {
    const list = await (await admin.get('/admin/stores')).text();
    const storeId = pick(list, /href="\/admin\/stores\/([a-z0-9]+)">陈家牦牛肉</, 'the yak store in the admin list');
    expect((await admin.post(`/admin/stores/${storeId}`, { action: 'takeDown', reason: '' })).status).toBe(400);
    const down = await admin.post(`/admin/stores/${storeId}`, { action: 'takeDown', reason: '照片里有别人家的商标' });
    expect(down.status).toBe(303);
    expect((await anonymous.get(`/s/${YAK_STORE}`)).status).toBe(404);
    const ownerPage = await (await otherTrainee.get('/studio')).text();
    expect(ownerPage).toContain('照片里有别人家的商标');
    expect((await otherTrainee.post('/studio/publish', { action: 'publish' })).headers.get('location')).toBe('/studio?notice=cannotPublishTakenDown');
    const preview = await (await otherTrainee.get(`/s/${YAK_STORE}`)).text();
    expect(preview).toContain('照片里有别人家的商标');
    expect((await admin.post(`/admin/stores/${storeId}`, { action: 'restore' })).status).toBe(303);
    expect((await anonymous.get(`/s/${YAK_STORE}`)).status).toBe(200);
    // Only admins moderate.
    expect((await owner.post(`/admin/stores/${storeId}`, { action: 'takeDown', reason: 'not mine to decide' })).status).toBe(403);
  });
});

describe('a store’s address', () => {
  it('changes only when the owner asks; old addresses redirect and stay reserved for the store', async () => {
    expect((await owner.post('/studio/address', { slug: 'new' })).status).toBe(400);
    expect((await owner.post('/studio/address', { slug: YAK_STORE })).status).toBe(400);
    expect((await member.post('/studio/address', { slug: 'xunwu-oranges' })).status).toBe(403);
    const moved = await owner.post('/studio/address', { slug: 'Xunwu Oranges' });
    expect(moved.status).toBe(303);
    const old = await anonymous.get(`/s/${ORANGE_STORE}/gan-nan-qi-cheng`);
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe('/s/xunwu-oranges/gan-nan-qi-cheng');
    // (A browser of its own: ?lang= sets a language cookie.)
    expect((await client(server.url).get(`/s/${ORANGE_STORE}?lang=en`)).headers.get('location')).toBe('/s/xunwu-oranges?lang=en');
    expect((await anonymous.get('/s/xunwu-oranges')).status).toBe(200);
    // Nobody else can take the old address while printed links may point at it.
    const refused = await otherTrainee.post('/studio/address', { slug: ORANGE_STORE });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(zh.slugTaken);
    // The owner may go back to it.
    expect((await owner.post('/studio/address', { slug: ORANGE_STORE })).status).toBe(303);
    expect((await anonymous.get('/s/xunwu-oranges')).headers.get('location')).toBe(`/s/${ORANGE_STORE}`);
  });
});

describe('renaming a store', () => {
  it('keeps its address: printed links and shared pages go on working', async () => {
    const form = await (await owner.get('/studio/store')).text();
    const version = pick(form, /name="version" value="(\d+)"/, 'the version');
    const details = { tagline: '', story_text: '', provinceCode: '360000', countyCode: '360734', village: '', regionOther: '', phone: '13800138002', wechat: '', whatsapp: '', pickupNote: '', deliveryNote: '' };
    const renamed = await owner.post('/studio/store', { ...details, version, name: '寻乌高山脐橙社' });
    expect(renamed.status).toBe(303);
    const page = await anonymous.get(`/s/${ORANGE_STORE}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>寻乌高山脐橙社</h1>');
    const again = await (await owner.get('/studio/store')).text();
    const next = pick(again, /name="version" value="(\d+)"/, 'the new version');
    expect((await owner.post('/studio/store', { ...details, version: next, name: '寻乌脐橙合作社' })).status).toBe(303);
  });
});

describe('saving edits', () => {
  it('refuses a save made against an older version (a second tab) and says which version is stored', async () => {
    const studio = await (await member.get('/studio')).text();
    const productId = pick(studio, /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const form = await (await member.get(`/studio/products/${productId}`)).text();
    const version = Number(pick(form, /name="version" value="(\d+)"/, 'the version'));
    const fields = { name: '赣南脐橙', price: '7', currency: 'CNY', unit: 'jin', availability: 'inStock', harvestDate: '', stock: '', category: 'fruit', description_text: '皮薄汁多' };
    const json = { accept: 'application/json' };
    const first = await member.post(`/studio/products/${productId}`, { ...fields, version: String(version) }, json);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, version: version + 1 });
    const stale = await owner.post(`/studio/products/${productId}`, { ...fields, price: '99', version: String(version) }, json);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ ok: false, conflict: true, version: version + 1 });
    const page = await (await anonymous.get(`/s/${ORANGE_STORE}/gan-nan-qi-cheng`)).text();
    expect(page).toContain('¥7 / 斤');
    // Without JavaScript: the form again, the typed values kept, the choice explained.
    const noJs = await owner.post(`/studio/products/${productId}`, { ...fields, price: '99', version: String(version) });
    expect(noJs.status).toBe(409);
    const html = await noJs.text();
    expect(html).toContain(escapeHtml(zh.conflictNoJs));
    expect(html).toContain('value="99"');
    expect(html).toContain(`name="version" value="${version + 1}"`);
  });

  it('answers invalid autosaves with messages by field, and stores nothing', async () => {
    const studio = await (await owner.get('/studio')).text();
    const productId = pick(studio, /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const form = await (await owner.get(`/studio/products/${productId}`)).text();
    const version = pick(form, /name="version" value="(\d+)"/, 'the version');
    const res = await owner.post(
      `/studio/products/${productId}`,
      { name: '', price: '八块', currency: 'CNY', unit: 'jin', availability: 'preorder', harvestDate: '', stock: '', category: 'fruit', version },
      { accept: 'application/json' },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Record<string, string> };
    expect(body.errors).toMatchObject({ name: '请填写这一项。', price: zh.priceInvalid, harvestDate: zh.harvestDateRequired });
  });

  it('keeps store details and a formatted story, typed without JavaScript as plain text', async () => {
    const form = await (await owner.get('/studio/store')).text();
    const version = pick(form, /name="version" value="(\d+)"/, 'the version');
    const res = await owner.post('/studio/store', {
      version,
      name: '寻乌脐橙合作社',
      tagline: '树上熟透才摘',
      story_text: '第一段。\n\n第二段，<script>alert(1)</script>',
      provinceCode: '360000',
      countyCode: '513233',
      village: '澄江镇',
      regionOther: '',
      phone: '',
      wechat: '',
      whatsapp: '',
      pickupNote: '',
      deliveryNote: '',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(escapeHtml(zh.contactRequired));
    const saved = await owner.post('/studio/store', {
      version,
      name: '寻乌脐橙合作社',
      tagline: '树上熟透才摘',
      story_text: '第一段。\n\n第二段，<script>alert(1)</script>',
      provinceCode: '360000',
      countyCode: '513233',
      village: '澄江镇',
      regionOther: '',
      phone: '13800138002',
      wechat: '',
      whatsapp: '',
      pickupNote: '',
      deliveryNote: '',
    });
    // 红原县 is not in Jiangxi: saved without it, and the seller is asked for the county again.
    expect(saved.headers.get('location')).toBe('/studio/store?county=again');
    const page = await (await anonymous.get(`/s/${ORANGE_STORE}`)).text();
    expect(page).toContain('<p>第一段。</p><p>第二段，&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('江西省 澄江镇');
  });
});

describe('members and invite codes', () => {
  it('lets the owner invite with a one-time code; a member edits products but cannot manage members', async () => {
    const made = await (await owner.post('/studio/members', { action: 'invite' })).text();
    const code = pick(made, /data-invite-code>([2-9A-Z]{4}-[2-9A-Z]{4})</, 'the invite code');
    const newcomer = await signUp(server.url, `coop_${Date.now().toString(36)}`, '新社员');
    expect((await newcomer.post('/studio/join', { code: code.toLowerCase().replace('-', ' ') })).headers.get('location')).toBe('/studio?joined=1');
    const studio = await (await newcomer.get('/studio')).text();
    expect(studio).toContain('<h1>寻乌脐橙合作社</h1>');
    const again = await signUp(server.url, `late_${Date.now().toString(36)}`, '晚来的人');
    const refused = await again.post('/studio/join', { code });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(escapeHtml(zh.codeInvalid));
    expect((await newcomer.post('/studio/members', { action: 'invite' })).status).toBe(403);
    expect((await newcomer.get('/studio/store')).status).toBe(403);
    // A user belongs to one store at most.
    const second = await (await owner.post('/studio/members', { action: 'invite' })).text();
    const code2 = pick(second, /data-invite-code>([2-9A-Z]{4}-[2-9A-Z]{4})</, 'a second code');
    expect((await otherTrainee.post('/studio/join', { code: code2 })).status).toBe(409);
    // Leaving frees the user to open a store of their own.
    expect((await newcomer.post('/studio/members', { action: 'leave' })).headers.get('location')).toBe('/studio?notice=leftStore');
    expect((await newcomer.post('/studio', { name: '新社员的店', wechat: 'newbie_wx' })).headers.get('location')).toBe('/studio');
    expect(await (await newcomer.get('/studio')).text()).toContain('<h1>新社员的店</h1>');
  });
});

describe('guessing invite codes', () => {
  it('refuses every code, even the right one, after 10 wrong ones in 15 minutes, and says how long to wait', async () => {
    const made = await (await owner.post('/studio/members', { action: 'invite' })).text();
    const code = pick(made, /data-invite-code>([2-9A-Z]{4}-[2-9A-Z]{4})</, 'the invite code');
    const guesser = await signUp(server.url, `guess_${Date.now().toString(36)}`, '猜码的人');
    for (let i = 0; i < 10; i += 1) {
      const wrong = await guesser.post('/studio/join', { code: `ABCD-EF${String(i + 2).padStart(2, '2')}` });
      expect(wrong.status).toBe(400);
    }
    const refused = await guesser.post('/studio/join', { code });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(escapeHtml(format(forms['zh-CN'].throttled, { minutes: 15 })));
    // Nothing was joined; another person with the right code still gets in.
    expect(await (await guesser.get('/studio')).text()).not.toContain('<h1>寻乌脐橙合作社</h1>');
    const honest = await signUp(server.url, `honest_${Date.now().toString(36)}`, '老实人');
    expect((await honest.post('/studio/join', { code })).headers.get('location')).toBe('/studio?joined=1');
  });
});

describe('photos', () => {
  it('stores an upload for a product, refuses a seventh, and deletes the files with the product', async () => {
    const seller = await signUp(server.url, `photo_${Date.now().toString(36)}`, '拍照的人');
    await seller.post('/studio', { name: '照片测试店', phone: '13800001111' });
    const created = await seller.post('/studio', { action: 'create', name: '山核桃' });
    const productId = pick(created.headers.get('location') ?? '', /\/studio\/products\/([a-z0-9]+)/, 'the new product');
    const upload = async () => {
      const body = new FormData();
      body.set('photo', new Blob([new Uint8Array(await makeJpeg(1200, 900))], { type: 'image/jpeg' }), 'walnut.jpg');
      return fetch(`${server.url}/studio/photos?product=${productId}`, {
        method: 'POST',
        headers: { origin: server.url, cookie: seller.cookie, accept: 'application/json' },
        body,
      });
    };
    for (let i = 0; i < 6; i += 1) {
      const res = await upload();
      expect(res.status, `photo ${i + 1}`).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, redirect: `/studio/products/${productId}?photo=added#photos` });
    }
    const seventh = await upload();
    expect(seventh.status).toBe(400);
    expect(await seventh.json()).toEqual({ ok: false, message: format(zh.photosFull, { max: 6 }) });

    const db = readDb(server.dataDir);
    const rows = db.prepare('select variants from store_photos where product_id = ?').all(productId) as { variants: string }[];
    db.close();
    expect(rows).toHaveLength(6);
    const files = rows.flatMap((r) => (JSON.parse(r.variants) as { key: string }[]).map((v) => path.join(server.dataDir, 'uploads', ...v.key.split('/'))));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(fs.existsSync(file), file).toBe(true);

    const confirm = await seller.post('/studio', { action: 'delete', product: productId });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(escapeHtml(format(zh.confirmDeleteProduct, { name: '山核桃' })));
    expect((await seller.post('/studio', { action: 'delete', product: productId, confirm: '1' })).status).toBe(303);
    for (const file of files) expect(fs.existsSync(file), file).toBe(false);
    // Another store's members cannot touch it.
    expect((await otherTrainee.get(`/studio/products/${productId}`)).status).toBe(404);
  });

  it('refuses a file that is not a photo with a clear message', async () => {
    const studio = await (await owner.get('/studio')).text();
    const productId = pick(studio, /href="\/studio\/products\/([a-z0-9]+)"/, 'a product');
    const body = new FormData();
    body.set('photo', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await fetch(`${server.url}/studio/photos?product=${productId}`, { method: 'POST', headers: { origin: server.url, cookie: owner.cookie }, body, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/studio/products/${productId}?photo=photoUnsupported#photos`);
    const page = await (await owner.get(`/studio/products/${productId}?photo=photoUnsupported`)).text();
    expect(page).toContain('请选 JPEG、PNG 或 WebP 格式的照片');
  });
});

describe('public pages', () => {
  it('carry Open Graph tags, prices with units, contact buttons and no framework JavaScript', async () => {
    const res = await anonymous.get(`/s/${YAK_STORE}/feng-gan-mao-niu-rou`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<meta property="og:title" content="风干牦牛肉 · 陈家牦牛肉">');
    expect(html).toMatch(/<meta property="og:image" content="http:\/\/127\.0\.0\.1:4321\/media\/photos\/[^"]+-640\.webp">/);
    expect(html).toContain('¥80 / 斤');
    expect(html).toContain('href="tel:13800138001"');
    expect(html).toContain('chen_dashan_yak');
    expect(html).not.toContain('astro-island');
    expect(html).not.toMatch(/react/i);
    // Demo photos are 960 px wide: never enlarged, so the largest variant is 960 rather than 1280.
    expect(html).toMatch(/<img[^>]+srcset="[^"]+ 320w, [^"]+ 640w, [^"]+ 960w"[^>]+width="960" height="720"[^>]+loading="(eager|lazy)"/);
    const en = await (await anonymous.get(`/s/${YAK_STORE}/feng-gan-mao-niu-rou`, { 'accept-language': 'en' })).text();
    expect(en).toContain('¥80 / jin');
  });

  it('answer every encoding, HEAD and a matching If-None-Match from memory, each with its own request id', async () => {
    const path = `/s/${YAK_STORE}`;
    /** One raw request (no decompression), so the bytes and headers are exactly what was sent. */
    const raw = (headers: Record<string, string>, method = 'GET') =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const req = http.request(new URL(path, server.url), { method, headers: { 'accept-language': 'zh-CN', ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    await expect.poll(async () => (await raw({ 'accept-encoding': 'br' })).headers['x-cache']).toBe('hit');
    const br = await raw({ 'accept-encoding': 'gzip, deflate, br' });
    const gz = await raw({ 'accept-encoding': 'gzip' });
    const plain = await raw({ 'accept-encoding': 'identity' });
    const html = plain.body.toString('utf8');
    expect(html).toContain('陈家牦牛肉');
    for (const [res, encoding, decode] of [
      [br, 'br', zlib.brotliDecompressSync],
      [gz, 'gzip', zlib.gunzipSync],
    ] as const) {
      expect(res.headers['x-cache']).toBe('hit');
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decode(res.body).toString('utf8')).toBe(html);
    }
    expect(plain.headers['x-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    for (const res of [br, gz, plain]) {
      expect(res.headers['vary']).toBe('Accept-Encoding, Accept-Language, Cookie');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const etag = String(br.headers['etag']);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(gz.headers['etag']).toBe(etag);

    const head = await raw({ 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(br.headers['content-length']);

    const notModified = await raw({ 'accept-encoding': 'br', 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers['etag']).toBe(etag);
    expect(notModified.headers['content-encoding']).toBeUndefined();
    expect((await raw({ 'accept-encoding': 'br', 'if-none-match': '"something-else"' })).status).toBe(200);

    // Every answer, cached or not, carries a request id of its own.
    const ids = [br, gz, plain, head, notModified].map((r) => String(r.headers['x-request-id']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are served from memory for anonymous visitors and cleared by an edit of the store', async () => {
    const path = `/s/${ORANGE_STORE}/qi-cheng-li-he-10-jin`;
    const headers = { 'accept-encoding': 'gzip' };
    const visit = () => client(server.url).get(path, headers);
    // The first visit is rendered; its compressed copy is kept a moment later.
    expect((await visit()).headers.get('x-cache')).toBeNull();
    await expect.poll(async () => (await visit()).headers.get('x-cache')).toBe('hit');
    const hit = await visit();
    expect(hit.headers.get('content-encoding')).toBe('gzip');
    const hitHtml = await hit.text();
    expect(hitHtml).toContain('¥88 / 箱');
    // The cached copy's policy lists exactly the hashes of the inline scripts and styles it holds.
    const inline = [...hitHtml.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>|<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? m[2] ?? '');
    expect(inline.length).toBeGreaterThan(0);
    const wanted = new Set(inline.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`));
    const listed = new Set(hit.headers.get('content-security-policy')?.match(/'sha256-[^']+'/g) ?? []);
    expect(listed).toEqual(wanted);
    // Signed-in visitors always get a fresh page.
    expect((await owner.get(path)).headers.get('x-cache')).toBeNull();

    const studio = await (await owner.get('/studio')).text();
    const boxId = pick(studio, /id="product-([a-z0-9]+)" data-product="脐橙礼盒（10 斤）"/, 'the gift box');
    const form = await (await owner.get(`/studio/products/${boxId}`)).text();
    const version = pick(form, /name="version" value="(\d+)"/, 'the version');
    const saved = await owner.post(
      `/studio/products/${boxId}`,
      { name: '脐橙礼盒（10 斤）', price: '95', currency: 'CNY', unit: 'box', availability: 'inStock', harvestDate: '', stock: '100', category: 'fruit', version, description_text: '精选大果' },
      { accept: 'application/json' },
    );
    expect(saved.status).toBe(200);
    const fresh = await visit();
    expect(fresh.headers.get('x-cache')).toBeNull();
    expect(await fresh.text()).toContain('¥95 / 箱');
    await expect.poll(async () => (await visit()).headers.get('x-cache')).toBe('hit');
    expect(await (await visit()).text()).toContain('¥95 / 箱');
  });
});
