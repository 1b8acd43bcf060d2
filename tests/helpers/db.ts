// A real SQLite file in a temporary directory, opened the way the app opens it.
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { makeTempDir } from './server';

export interface TempDb extends DatabaseHandle {
  dir: string;
  /** Closes the connection (if still open) and deletes the directory. */
  cleanup(): Promise<void>;
}

/** Opens (creating) `<temp dir>/harvestlink.db`; applies every migration unless `migrate: false`. */
export async function tempDb(options: { migrate?: boolean } = {}): Promise<TempDb> {
  const dir = makeTempDir('harvestlink-db-');
  const handle = createDatabase(path.join(dir, 'harvestlink.db'));
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    ...handle,
    dir,
    close,
    async cleanup() {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
