// Uploaded photos through real sharp: what is refused, and what comes out of what is accepted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deletePhotoFiles,
  MAX_PHOTO_BYTES,
  processPhoto,
  storePhoto,
  type ProcessedPhoto,
} from '../../src/lib/server/photos';
import { mediaResponse } from '../../src/lib/server/photos/serve';
import { LocalDiskStorage } from '../../src/lib/server/storage/local-disk';
import type { ObjectStorage } from '../../src/lib/server/storage/storage';
import {
  containsText,
  makeGifJsPolyglot,
  makeGpsJpeg,
  makeJpeg,
  makeJpegBombHeader,
  makeJpegCommentPolyglot,
  makeJpegHtmlPolyglot,
  makeOrientation6Jpeg,
  makePng,
  makePngBombHeader,
  makeWebp,
  SVG_WITH_SCRIPT,
} from '../fixtures/photos';

async function accepted(bytes: Uint8Array): Promise<ProcessedPhoto> {
  const result = await processPhoto(bytes);
  if (!result.ok) throw new Error(`expected the photo to be accepted, got ${result.error.code}: ${result.error.message}`);
  return result.photo;
}

async function refusedWith(bytes: Uint8Array): Promise<string> {
  const result = await processPhoto(bytes);
  return result.ok ? 'accepted' : result.error.code;
}

describe('accepted photos come out as clean WebP at up to three widths', () => {
  it('turns a 4000×3000 camera JPEG into 320, 640 and 1280 px WebP', async () => {
    const photo = await accepted(await makeJpeg(4000, 3000));
    expect(photo.inputType).toBe('jpeg');
    expect([photo.originalWidth, photo.originalHeight]).toEqual([4000, 3000]);
    expect(photo.variants.map((v) => [v.width, v.height])).toEqual([[320, 240], [640, 480], [1280, 960]]);
    for (const v of photo.variants) {
      const meta = await sharp(v.data).metadata();
      expect(meta.format).toBe('webp');
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
    }
    const sizes = photo.variants.map((v) => v.data.byteLength);
    expect(sizes[0]).toBeLessThan(sizes[2] ?? 0);
  });

  it('accepts PNG (keeping transparency) and WebP', async () => {
    const png = await accepted(await makePng(500, 400, true));
    expect(png.inputType).toBe('png');
    expect((await sharp(png.variants[0]?.data).metadata()).hasAlpha).toBe(true);
    const webp = await accepted(await makeWebp(700, 300));
    expect(webp.inputType).toBe('webp');
  });

  it('handles print-shop CMYK JPEGs and 16-bit PNGs, giving ordinary sRGB WebP', async () => {
    const cmyk = await sharp({ create: { width: 500, height: 300, channels: 3, background: '#a52' } }).toColourspace('cmyk').jpeg().toBuffer();
    const deep = await sharp({ create: { width: 500, height: 300, channels: 3, background: '#777' } }).png().toColourspace('rgb16').toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    for (const input of [cmyk, deep]) {
      const photo = await accepted(input);
      const meta = await sharp(photo.variants[0]?.data).metadata();
      expect([meta.space, meta.depth, meta.channels]).toEqual(['srgb', 'uchar', 3]);
    }
  });

  it('never enlarges a small photo', async () => {
    const tiny = await accepted(await makeJpeg(200, 150));
    expect(tiny.variants.map((v) => [v.width, v.height])).toEqual([[200, 150]]);
    const medium = await accepted(await makePng(1000, 500));
    expect(medium.variants.map((v) => v.width)).toEqual([320, 640, 1000]);
    for (const v of medium.variants) expect(v.width).toBeLessThanOrEqual(1000);
  });

  it('turns an orientation-6 phone photo upright (red half on top)', async () => {
    const photo = await accepted(await makeOrientation6Jpeg());
    expect([photo.originalWidth, photo.originalHeight]).toEqual([200, 400]);
    const largest = photo.variants[photo.variants.length - 1];
    expect(largest && [largest.width, largest.height]).toEqual([200, 400]);
    const { data, info } = await sharp(largest?.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const i = (y * info.width + x) * info.channels;
      return { r: data[i] ?? 0, b: data[i + 2] ?? 0 };
    };
    expect(pixel(100, 50).r).toBeGreaterThan(150);
    expect(pixel(100, 50).b).toBeLessThan(80);
    expect(pixel(100, 350).b).toBeGreaterThan(150);
    expect(pixel(100, 350).r).toBeLessThan(80);
    expect((await sharp(largest?.data).metadata()).orientation).toBeUndefined();
  });

  it('drops all metadata: a GPS-tagged JPEG comes out with no EXIF, GPS, XMP or ICC', async () => {
    const input = await makeGpsJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif, 'the fixture really has EXIF').toBeDefined();
    expect(containsText(input, 'GPS-TEST')).toBe(true);
    const photo = await accepted(input);
    for (const v of photo.variants) {
      const meta = await sharp(v.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      for (const trace of ['Exif', 'GPS', 'CheapPhone', 'GPS-TEST', 'Chen family']) expect(containsText(v.data, trace), trace).toBe(false);
    }
  });
});

describe('polyglots lose their payload or are refused', () => {
  it('re-encodes a JPEG with HTML appended, and the script is gone', async () => {
    const input = await makeJpegHtmlPolyglot();
    expect(containsText(input, '<script>')).toBe(true);
    const photo = await accepted(input);
    for (const v of photo.variants) {
      expect(containsText(v.data, '<script')).toBe(false);
      expect(containsText(v.data, 'polyglot')).toBe(false);
    }
  });

  it('re-encodes a JPEG with a script in a comment segment, and the script is gone', async () => {
    const photo = await accepted(await makeJpegCommentPolyglot());
    for (const v of photo.variants) expect(containsText(v.data, 'polyglot')).toBe(false);
  });

  it('refuses a GIF/JavaScript polyglot', async () => {
    expect(await refusedWith(makeGifJsPolyglot())).toBe('unsupported-type');
  });

  it('refuses HTML wearing a JPEG signature', async () => {
    expect(await refusedWith(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script>')]))).toBe('corrupt');
  });
});

describe('anything that is not a JPEG, PNG or WebP is refused', () => {
  it('refuses an SVG renamed photo.jpg (names and MIME types are never looked at)', async () => {
    expect(await refusedWith(Buffer.from(SVG_WITH_SCRIPT))).toBe('unsupported-type');
    expect(await refusedWith(Buffer.from(`<?xml version="1.0"?>\n${SVG_WITH_SCRIPT}`))).toBe('unsupported-type');
    expect(await refusedWith(Buffer.from(`\ufeff${SVG_WITH_SCRIPT}`))).toBe('unsupported-type');
  });

  it('refuses TIFF, GIF and AVIF/HEIF made by sharp itself', async () => {
    const base = sharp({ create: { width: 20, height: 20, channels: 3, background: '#888' } });
    expect(await refusedWith(await base.clone().tiff().toBuffer())).toBe('unsupported-type');
    expect(await refusedWith(await base.clone().gif().toBuffer())).toBe('unsupported-type');
    expect(await refusedWith(await base.clone().avif().toBuffer())).toBe('unsupported-type');
  });

  it('has the HEIF, SVG, TIFF and GIF decoders blocked in sharp itself, not only by the byte check', async () => {
    const base = sharp({ create: { width: 20, height: 20, channels: 3, background: '#888' } });
    for (const input of [Buffer.from(SVG_WITH_SCRIPT), await base.clone().tiff().toBuffer(), await base.clone().gif().toBuffer(), await base.clone().avif().toBuffer()]) {
      await expect(sharp(input).metadata()).rejects.toThrow(/unsupported image format/i);
    }
    await expect(sharp(await makeJpeg(20, 20)).metadata()).resolves.toMatchObject({ format: 'jpeg' });
  });

  it('refuses garbage, an empty file and a truncated header as corrupt or unsupported', async () => {
    expect(await refusedWith(new Uint8Array(0))).toBe('unsupported-type');
    expect(await refusedWith(Buffer.from('hello'))).toBe('unsupported-type');
    expect(await refusedWith(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('corrupt');
    const jpeg = await makeJpeg(100, 100);
    expect(await refusedWith(jpeg.subarray(0, 40))).toBe('corrupt');
  });
});

describe('size limits', () => {
  it('refuses decompression bombs from their header, quickly', async () => {
    const png = makePngBombHeader(20_000, 20_000);
    expect(png.byteLength).toBeLessThan(200);
    const started = performance.now();
    expect(await refusedWith(png)).toBe('too-many-pixels');
    expect(await refusedWith(await makeJpegBombHeader(20_000, 20_000))).toBe('too-many-pixels');
    expect(await refusedWith(makePngBombHeader(8000, 6000))).toBe('too-many-pixels');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses files over 10 MB before decoding them', async () => {
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await refusedWith(big)).toBe('too-large');
  });
});

describe('storing and deleting photo files', () => {
  let dir: string;
  let storage: ObjectStorage;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harvestlink-photos-'));
    storage = new LocalDiskStorage(dir);
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes every variant under a random name and returns what the database needs', async () => {
    const result = await storePhoto(await makeJpeg(1600, 1200), storage);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { photo } = result;
    expect(photo.key).toMatch(/^photos\/[a-z0-9]{2}\/[a-z0-9]{26}$/);
    expect([photo.width, photo.height]).toEqual([1600, 1200]);
    expect(photo.variants.map((v) => v.key)).toEqual([320, 640, 1280].map((w) => `${photo.key}-${w}.webp`));
    expect(photo.bytes).toBe(photo.variants.reduce((sum, v) => sum + v.bytes, 0));
    for (const v of photo.variants) {
      const stored = await storage.get(v.key);
      expect(stored?.byteLength).toBe(v.bytes);
    }
    const again = await storePhoto(await makeJpeg(1600, 1200), storage);
    expect(again.ok && again.photo.key).not.toBe(photo.key);

    expect(await deletePhotoFiles(photo.variants.map((v) => v.key), storage)).toBe(3);
    for (const v of photo.variants) expect(await storage.exists(v.key)).toBe(false);
    expect(await deletePhotoFiles(photo.variants.map((v) => v.key), storage)).toBe(0);
    expect(await deletePhotoFiles(['../../outside', '/etc/passwd'], storage)).toBe(0);
  });

  it('writes nothing for a refused upload', async () => {
    const before = fs.readdirSync(dir, { recursive: true }).length;
    const result = await storePhoto(Buffer.from(SVG_WITH_SCRIPT), storage);
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported-type' } });
    expect(fs.readdirSync(dir, { recursive: true }).length).toBe(before);
  });

  it('removes the variants already written when one write fails', async () => {
    const written: string[] = [];
    let calls = 0;
    const flaky: ObjectStorage = {
      put: async (key, body, options) => {
        calls += 1;
        if (calls === 2) throw new Error('disk full');
        written.push(key);
        return storage.put(key, body, options);
      },
      get: (key) => storage.get(key),
      stream: (key) => storage.stream(key),
      delete: (key) => storage.delete(key),
      exists: (key) => storage.exists(key),
    };
    await expect(storePhoto(await makeJpeg(1400, 1000), flaky)).rejects.toThrow('disk full');
    expect(written.length).toBeGreaterThan(0);
    for (const key of written) expect(await storage.exists(key)).toBe(false);
  });

  it('serves a stored variant with a long immutable cache and the right type, and nothing else', async () => {
    const result = await storePhoto(await makePng(700, 700), storage);
    if (!result.ok) throw new Error(result.error.message);
    const key = result.photo.variants[0]?.key ?? '';
    const response = await mediaResponse(key, storage);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals((await storage.get(key)) ?? Buffer.alloc(0))).toBe(true);

    fs.writeFileSync(path.join(dir, 'secret.webp'), 'not for the public');
    for (const bad of ['', 'secret.webp', '../secret.webp', 'photos/../secret.webp', 'photos/%2e%2e/secret.webp', 'photos/..%2fsecret.webp', '/etc/passwd', 'photos/ab/missing-320.webp', `${key.replace('.webp', '.svg')}`, 'photos\\..\\secret.webp']) {
      expect((await mediaResponse(bad, storage)).status, bad).toBe(404);
    }
  });
});
