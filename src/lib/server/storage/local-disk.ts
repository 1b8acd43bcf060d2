// Uploads as files under one folder (DATA_DIR/uploads by default), key `a/b.webp` → `<root>/a/b.webp`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertStorageKey } from './keys';
import { ObjectTooLargeError, type ObjectStorage, type ObjectStream, type PutOptions, type StoredObject } from './object-storage';

const TEMP_PREFIX = '.tmp-';

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

export class LocalDiskStorage implements ObjectStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file for a key; throws on a bad key, and (belt and braces) on any path outside the root. */
  pathFor(key: string): string {
    assertStorageKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(`${this.root}${path.sep}`)) throw new Error(`Storage key ${key} resolves outside ${this.root}`);
    return file;
  }

  async put(key: string, body: Uint8Array | Readable, options: PutOptions = {}): Promise<StoredObject> {
    const file = this.pathFor(key);
    const dir = path.dirname(file);
    await fsp.mkdir(dir, { recursive: true });
    // Write beside the target, flush to disk, then rename: the key holds the old bytes or all of
    // the new ones, even if the server dies half-way.
    const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let size = 0;
    try {
      const handle = await fsp.open(temp, 'wx', 0o644);
      try {
        if (body instanceof Uint8Array) {
          if (body.byteLength > maxBytes) throw new ObjectTooLargeError(maxBytes);
          await handle.writeFile(body);
          size = body.byteLength;
        } else {
          for await (const chunk of body) {
            const bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            size += bytes.byteLength;
            if (size > maxBytes) throw new ObjectTooLargeError(maxBytes);
            await handle.write(bytes);
          }
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, file);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
    return { key, size };
  }

  async get(key: string): Promise<Buffer | null> {
    const file = this.pathFor(key);
    try {
      return await fsp.readFile(file);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async stream(key: string): Promise<ObjectStream | null> {
    const file = this.pathFor(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, fs.constants.O_RDONLY);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    // The size and the bytes come from the same open file, even if a put replaces the key meanwhile.
    const { size } = await handle.stat();
    return { stream: handle.createReadStream({ autoClose: true }), size };
  }

  async delete(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      await fsp.unlink(file);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      return (await fsp.stat(file)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}

/** Makes a rename in `dir` durable (POSIX: fsync the directory). Best effort where unsupported. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await fsp.open(dir, fs.constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems (and Windows) refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

