// GET /media/<key> on the real built server: stored photos go out long-cached with the right type,
// to everyone; nothing outside the photo folder can be reached.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePhoto, type StoredPhoto } from '../../src/lib/server/photos';
import { LocalDiskStorage } from '../../src/lib/server/storage/local-disk';
import { paths } from '../../src/lib/paths';
import { logInAs, DEMO } from '../helpers/auth';
import { startServer, type TestServer } from '../helpers/server';
import { makeJpeg } from '../fixtures/photos';

let server: TestServer;
let photo: StoredPhoto;

beforeAll(async () => {
  server = await startServer();
  const stored = await storePhoto(await makeJpeg(1400, 1050), new LocalDiskStorage(path.join(server.dataDir, 'uploads')));
  if (!stored.ok) throw new Error(stored.error.message);
  photo = stored.photo;
  fs.writeFileSync(path.join(server.dataDir, 'uploads', 'private.webp'), 'not a public file');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('stored photos are served to everyone, cached for a year', () => {
  it('sends each variant with its type, length and an immutable cache header', async () => {
    for (const variant of photo.variants) {
      const res = await fetch(`${server.url}${paths.photo(variant.key)}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.byteLength).toBe(variant.bytes);
      expect(body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    }
  });

  it('keeps the public cache header for a signed-in farmer too', async () => {
    const cookie = await logInAs(server.url, DEMO.trainee);
    const res = await fetch(`${server.url}${paths.photo(photo.variants[0]?.key ?? '')}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await res.arrayBuffer();
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${server.url}${paths.photo(photo.variants[0]?.key ?? '')}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(photo.variants[0]?.bytes));
  });
});

describe('nothing else can be reached through /media', () => {
  const attempts = [
    '/media/photos/ab/does-not-exist-320.webp',
    '/media/private.webp',
    '/media/photos/..%2fprivate.webp',
    '/media/photos/%2e%2e/private.webp',
    '/media/photos/%2E%2E%2F%2E%2E%2Fharvestlink.db',
    '/media/..%2f..%2fharvestlink.db',
    '/media/photos%5c..%5cprivate.webp',
    '/media/%2fetc%2fpasswd',
    '/media/',
    '/media',
  ];
  for (const attempt of attempts) {
    it(`${attempt} → 404`, async () => {
      const res = await fetch(`${server.url}${attempt}`, { redirect: 'manual' });
      const body = await res.text();
      expect(res.status).toBe(404);
      expect(body).not.toContain('not a public file');
      expect(body).not.toContain('SQLite format');
    });
  }

  it('does not accept uploads or deletes', async () => {
    const key = photo.variants[0]?.key ?? '';
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${server.url}${paths.photo(key)}`, { method, headers: { origin: server.url } });
      await res.arrayBuffer();
      expect(res.status, method).not.toBe(200);
    }
    expect(fs.existsSync(path.join(server.dataDir, 'uploads', ...key.split('/')))).toBe(true);
  });
});
