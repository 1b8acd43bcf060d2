// One interface for stored files (farmers' product photos, later other uploads), so that an
// object-storage backend can replace the local disk without touching the code that stores files.
import { getConfig } from '../config';
import { LocalDiskStorage } from './local-disk';
import type { ObjectStorage } from './object-storage';

export { assertStorageKey, storageKeyProblem, StorageKeyError, MAX_KEY_LENGTH } from './keys';
export { ObjectTooLargeError, type ObjectStorage, type ObjectStream, type PutOptions, type StoredObject } from './object-storage';

let shared: ObjectStorage | null = null;

/**
 * The process-wide storage: the local disk under DATA_DIR/uploads. With several app servers that
 * folder must be one shared file system (see the README), until an object-storage backend lands here.
 */
export function getStorage(): ObjectStorage {
  shared ??= new LocalDiskStorage(getConfig().uploadsDir);
  return shared;
}
