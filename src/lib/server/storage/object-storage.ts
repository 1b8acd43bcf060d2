// The storage interface itself, kept apart from getStorage() so implementations can import it.
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Bytes stored. */
  size: number;
}

export interface ObjectStream {
  stream: Readable;
  size: number;
}

export interface PutOptions {
  /** Refuse (and store nothing) when the body is larger than this many bytes. */
  maxBytes?: number;
}

export class ObjectTooLargeError extends Error {
  readonly code = 'object-too-large';
  constructor(readonly maxBytes: number) {
    super(`The upload is larger than ${maxBytes} bytes; nothing was stored.`);
    this.name = 'ObjectTooLargeError';
  }
}

/**
 * Files by key. Every method validates the key first (StorageKeyError). A put replaces any object
 * with the same key and is all-or-nothing: readers see the old bytes or the new ones, never half.
 */
export interface ObjectStorage {
  /** Stores bytes (or a stream of them) under `key`. */
  put(key: string, body: Uint8Array | Readable, options?: PutOptions): Promise<StoredObject>;
  /** The whole object, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** A stream of the object and its size (for HTTP responses), or null when there is none. */
  stream(key: string): Promise<ObjectStream | null>;
  /** Removes the object; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Whether an object exists under `key`. */
  exists(key: string): Promise<boolean>;
}
