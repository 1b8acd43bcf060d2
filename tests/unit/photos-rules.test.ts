// The rules around photos that need no image decoding: file type by bytes, sizes, quota, URLs.
import { describe, expect, it } from 'vitest';
import { paths } from '../../src/lib/paths';
import { MAX_PHOTO_BYTES, PHOTO_WIDTHS } from '../../src/lib/server/photos/limits';
import { photoErrorMessage } from '../../src/lib/server/photos/messages';
import { checkQuota } from '../../src/lib/server/photos/quota';
import { sniffPhotoType } from '../../src/lib/server/photos/sniff';
import { newPhotoKey, parsePhotoVariants } from '../../src/lib/server/photos/store';
import { variantWidths } from '../../src/lib/server/photos/process';
import { storageKeyProblem } from '../../src/lib/server/storage/keys';
import { scaledSize } from '../../src/scripts/photo-upload';
import { editor } from '../../src/lib/i18n';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('a file is judged by its bytes, not its name or MIME type', () => {
  it('recognises JPEG, PNG and WebP signatures', () => {
    expect(sniffPhotoType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('jpeg');
    expect(sniffPhotoType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]))).toBe('png');
    expect(sniffPhotoType(bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 '))).toBe('webp');
  });

  it('refuses everything else: SVG, HTML, GIF, TIFF, HEIC, AVIF, PDF, WAV, empty', () => {
    const others = [
      bytes('<svg xmlns="http://www.w3.org/2000/svg">'),
      bytes('<?xml version="1.0"?><svg/>'),
      bytes('<!doctype html><script>alert(1)</script>'),
      bytes('GIF89a/*'),
      bytes('II*\0'),
      bytes('MM\0*'),
      bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
      bytes([0, 0, 0, 0x1c], 'ftypavif'),
      bytes('%PDF-1.7'),
      bytes('RIFF', [0x10, 0, 0, 0], 'WAVEfmt '),
      bytes([0xff, 0xd8]),
      bytes(),
    ];
    for (const b of others) expect(sniffPhotoType(b), Buffer.from(b).toString('latin1')).toBeNull();
  });
});

describe('stored widths: about 320, 640 and 1280 px, never enlarged', () => {
  it('keeps the three widths for a camera photo', () => {
    expect(variantWidths(4000)).toEqual([320, 640, 1280]);
    expect(variantWidths(1280)).toEqual([320, 640, 1280]);
  });
  it('keeps a smaller photo at its own width instead of enlarging it', () => {
    expect(variantWidths(1000)).toEqual([320, 640, 1000]);
    expect(variantWidths(640)).toEqual([320, 640]);
    expect(variantWidths(500)).toEqual([320, 500]);
    expect(variantWidths(200)).toEqual([200]);
    expect(variantWidths(1)).toEqual([1]);
  });
  it('never lists a width above the original or above the widest size', () => {
    for (const w of [1, 50, 319, 320, 321, 639, 641, 1279, 1281, 9000]) {
      const widths = variantWidths(w);
      expect(Math.max(...widths)).toBeLessThanOrEqual(Math.min(w, PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1] ?? w));
    }
  });
});

describe('checkQuota: each user has a fixed amount of photo space', () => {
  it('allows what fits and reports what is left', () => {
    expect(checkQuota(0, 1000, 5000)).toEqual({ ok: true, remainingBytes: 4000 });
    expect(checkQuota(4000, 1000, 5000)).toEqual({ ok: true, remainingBytes: 0 });
  });
  it('refuses what does not fit', () => {
    expect(checkQuota(4001, 1000, 5000)).toEqual({ ok: false, code: 'quota-exceeded', usedBytes: 4001, limitBytes: 5000 });
    expect(checkQuota(9000, 1, 5000).ok).toBe(false);
  });
  it('treats negative numbers from a drifted counter as zero', () => {
    expect(checkQuota(-50, 10, 100)).toEqual({ ok: true, remainingBytes: 90 });
  });
});

describe('photo keys and URLs', () => {
  it('makes random, valid storage keys under photos/', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newPhotoKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^photos\/[a-z0-9]{2}\/[a-z0-9]{26}$/);
      expect(storageKeyProblem(`${key}-640.webp`)).toBeNull();
      expect(key.length + '-1280.webp'.length).toBeLessThanOrEqual(100);
    }
  });
  it('builds /media URLs', () => {
    expect(paths.photo('photos/ab/abc-640.webp')).toBe('/media/photos/ab/abc-640.webp');
  });
});

describe('parsePhotoVariants reads the variants column without trusting it', () => {
  const good = [
    { key: 'photos/ab/x-1280.webp', width: 1280, height: 960, bytes: 90000 },
    { key: 'photos/ab/x-320.webp', width: 320, height: 240, bytes: 9000 },
  ];
  it('parses and sorts smallest first', () => {
    expect(parsePhotoVariants(JSON.stringify(good)).map((v) => v.width)).toEqual([320, 1280]);
    expect(parsePhotoVariants(good)).toHaveLength(2);
  });
  it('drops malformed entries and never throws', () => {
    expect(parsePhotoVariants('not json')).toEqual([]);
    expect(parsePhotoVariants('{"a":1}')).toEqual([]);
    expect(parsePhotoVariants(JSON.stringify([{ key: '../../etc/passwd', width: 1, height: 1 }, { key: 'photos/a.webp', width: -1, height: 2 }, null, 'x']))).toEqual([]);
  });
});

describe('refusals are explained in both languages', () => {
  it('maps every code to a message with its numbers filled in', () => {
    for (const code of ['unsupported-type', 'too-large', 'too-many-pixels', 'corrupt', 'quota-exceeded'] as const) {
      const { key, params } = photoErrorMessage(code);
      expect(editor.en[key]).toBeTruthy();
      expect(editor['zh-CN'][key]).toBeTruthy();
      for (const [name] of Object.entries(params)) expect(editor.en[key]).toContain(`{${name}}`);
    }
    expect(photoErrorMessage('too-large').params).toEqual({ mb: MAX_PHOTO_BYTES / 1024 / 1024 });
  });
});

describe('the browser scales photos to about 1600 px on the long side before sending', () => {
  it('shrinks large photos keeping the aspect ratio, and leaves small ones alone', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(1200, 800)).toEqual({ width: 1200, height: 800 });
    expect(scaledSize(20000, 10)).toEqual({ width: 1600, height: 1 });
  });
});
