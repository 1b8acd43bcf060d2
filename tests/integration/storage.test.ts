// Uploads through the one storage interface, on the local disk: put/get/stream/delete by key,
// all-or-nothing writes, size limits, and keys that cannot reach outside the uploads folder.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from '../../src/lib/server/storage/local-disk';
import { ObjectTooLargeError, StorageKeyError, storageKeyProblem } from '../../src/lib/server/storage/storage';
import { makeTempDir } from '../helpers/server';

let dir: string;
let root: string;
let storage: LocalDiskStorage;

beforeEach(() => {
  dir = makeTempDir('harvestlink-storage-');
  root = path.join(dir, 'uploads');
  storage = new LocalDiskStorage(root);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
    .sort();
}

describe('the local-disk storage', () => {
  it('stores bytes under a key in DATA_DIR/uploads, reads them back whole or as a stream, and deletes them', async () => {
    const photo = Buffer.from('李家蜂蜜 JPEG bytes \u0000\u00ff', 'utf8');
    expect(await storage.put('photos/2026/3f9k2m.webp', photo)).toEqual({ key: 'photos/2026/3f9k2m.webp', size: photo.length });
    expect(fs.readFileSync(path.join(root, 'photos', '2026', '3f9k2m.webp'))).toEqual(photo);
    expect(await storage.get('photos/2026/3f9k2m.webp')).toEqual(photo);
    expect(await storage.exists('photos/2026/3f9k2m.webp')).toBe(true);

    const streamed = await storage.stream('photos/2026/3f9k2m.webp');
    expect(streamed?.size).toBe(photo.length);
    const chunks: Buffer[] = [];
    for await (const chunk of streamed?.stream ?? []) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks)).toEqual(photo);

    expect(await storage.delete('photos/2026/3f9k2m.webp')).toBe(true);
    expect(await storage.delete('photos/2026/3f9k2m.webp')).toBe(false);
    expect(await storage.get('photos/2026/3f9k2m.webp')).toBeNull();
    expect(await storage.stream('photos/2026/3f9k2m.webp')).toBeNull();
    expect(await storage.exists('photos/2026/3f9k2m.webp')).toBe(false);
  });

  it('answers null for keys that were never stored, also below a missing folder', async () => {
    expect(await storage.get('nothing-here.webp')).toBeNull();
    expect(await storage.get('no/such/folder/x.webp')).toBeNull();
    expect(await storage.exists('no/such/folder/x.webp')).toBe(false);
  });

  it('stores a stream, replacing an earlier object with the same key completely', async () => {
    await storage.put('a/b.txt', Buffer.from('old contents that are longer'));
    const result = await storage.put('a/b.txt', Readable.from([Buffer.from('new '), Buffer.from('contents')]));
    expect(result.size).toBe(12);
    expect((await storage.get('a/b.txt'))?.toString()).toBe('new contents');
    const streamed = await storage.stream('a/b.txt');
    expect(streamed ? await text(streamed.stream) : null).toBe('new contents');
    expect(filesUnder(root)).toEqual(['a/b.txt']); // no temporary file left beside it
  });

  it('refuses a body over maxBytes (bytes or stream), keeps the old object, and leaves no partial file', async () => {
    await storage.put('p/keep.bin', Buffer.from('original'));
    await expect(storage.put('p/keep.bin', Buffer.alloc(11), { maxBytes: 10 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    const big = Readable.from((function* () {
      for (let i = 0; i < 5; i += 1) yield Buffer.alloc(4, i);
    })());
    await expect(storage.put('p/keep.bin', big, { maxBytes: 10 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect((await storage.get('p/keep.bin'))?.toString()).toBe('original');
    expect(filesUnder(root)).toEqual(['p/keep.bin']);
    expect(await storage.put('p/exact.bin', Buffer.alloc(10), { maxBytes: 10 })).toEqual({ key: 'p/exact.bin', size: 10 });
  });

  it('keeps the old bytes when a stream fails half-way', async () => {
    await storage.put('p/photo.webp', Buffer.from('complete old photo'));
    const broken = new Readable({
      read() {
        this.push(Buffer.from('half of a new'));
        this.destroy(new Error('the phone lost its connection'));
      },
    });
    await expect(storage.put('p/photo.webp', broken)).rejects.toThrow(/lost its connection/);
    expect((await storage.get('p/photo.webp'))?.toString()).toBe('complete old photo');
    expect(filesUnder(root)).toEqual(['p/photo.webp']);
  });
});

describe('storage keys', () => {
  const outside = path.join(dir ?? '/tmp', 'secret.txt');

  it.each([
    ['../secret.txt', /"\.\."/],
    ['photos/../../secret.txt', /"\.\."/],
    ['/etc/passwd', /empty segment/],
    ['photos//x.webp', /empty segment/],
    ['photos/', /empty segment/],
    ['', /empty/],
    ['photos\\..\\x.webp', /segment/],
    ['Photos/X.webp', /segment/],
    ['photos/.hidden', /segment/],
    ['photos/.tmp-1234', /segment/],
    ['photos/x y.webp', /segment/],
    ['photos/%2e%2e/x', /segment/],
    ['photos/\u0000.webp', /segment/],
    ['照片/x.webp', /segment/],
    [`${'a'.repeat(201)}`, /longer than 200/],
  ])('refuses %j with a StorageKeyError for every operation', async (key, why) => {
    expect(storageKeyProblem(key)).toMatch(why);
    await expect(storage.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.stream(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(StorageKeyError);
    expect(fs.existsSync(outside)).toBe(false);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('accepts the keys the app makes', () => {
    for (const key of ['photos/2026/3f9k2m.webp', 'p/abc_def-1.2.jpg', 'a', `${'b'.repeat(100)}/${'c'.repeat(99)}`]) {
      expect(storageKeyProblem(key), key).toBeNull();
    }
  });
});
