// Storage keys: the names uploads are stored under, e.g. `photos/2026/3f9k2m.webp`. The app makes
// them; they are still checked, because a key that could climb out of the uploads folder (`..`, an
// absolute path, a backslash) would let one upload overwrite another file on the server.

/** Longest key accepted, in characters (object stores allow 1024; file systems less per segment). */
export const MAX_KEY_LENGTH = 200;
const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class StorageKeyError extends Error {
  readonly code = 'invalid-storage-key';
  constructor(key: string, why: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, MAX_KEY_LENGTH + 10))}: ${why}. Keys are lower-case segments of a-z, 0-9, ".", "_" and "-" joined by "/", e.g. photos/2026/3f9k2m.webp.`);
    this.name = 'StorageKeyError';
  }
}

/** Why a key is unacceptable, or null when it is fine. */
export function storageKeyProblem(key: string): string | null {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') return 'it has an empty segment (leading, trailing or double "/")';
    if (segment === '.' || segment === '..') return 'it has a "." or ".." segment';
    if (!SEGMENT.test(segment)) return `the segment ${JSON.stringify(segment)} has characters other than a-z 0-9 . _ - or does not start with a letter or digit`;
  }
  return null;
}

export function assertStorageKey(key: string): void {
  const problem = storageKeyProblem(key);
  if (problem !== null) throw new StorageKeyError(key, problem);
}
