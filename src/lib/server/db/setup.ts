import { createBackup } from '../backup/backup';
import type { AppConfig } from '../config';
import { isFreshDatabase, markInstalled, seedDemoData } from '../seed/seed';
import type { DatabaseHandle } from './client';
import { migrateToLatest, pendingMigrations } from './migrate';

export interface PrepareResult {
  applied: string[];
  backupDir: string | null;
  seeded: boolean;
}

/**
 * Brings a database up to date at start: a backup first when migrations are pending on a database
 * that already holds data, then the migrations, then demo data on a brand-new database.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  config: Pick<AppConfig, 'databaseFile' | 'uploadsDir' | 'backupsDir' | 'seedDemo'>,
): Promise<PrepareResult> {
  const pending = await pendingMigrations(handle.db);
  const executedBefore = (await handle.db.introspection.getTables()).some((t) => t.name === 'app_meta');
  let backupDir: string | null = null;
  if (pending.length > 0 && executedBefore) {
    backupDir = (await createBackup(config, 'pre-migrate')).dir;
  }
  const result = await migrateToLatest(handle.db);
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  let seeded = false;
  if (await isFreshDatabase(handle.db)) {
    if (config.seedDemo) {
      await seedDemoData(handle.db);
      seeded = true;
    }
    await markInstalled(handle.db);
  }
  return { applied, backupDir, seeded };
}
