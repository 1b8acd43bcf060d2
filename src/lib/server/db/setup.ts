import { createBackup } from '../backup/backup';
import type { AppConfig } from '../config';
import { isFreshDatabase, markInstalled, seedDemoData } from '../seed/seed';
import type { DatabaseHandle } from './client';
import { checkPostgresServer, withExclusiveLock } from './dialect';
import { migrateToLatest, pendingMigrations } from './migrate';

export interface PrepareResult {
  applied: string[];
  backupDir: string | null;
  seeded: boolean;
}

/**
 * Brings a database up to date at start: a backup first when migrations are pending on a database
 * that already holds data (SQLite; with PostgreSQL, back up with pg_dump before upgrading), then the
 * migrations, then demo data on a brand-new database.
 *
 * With PostgreSQL all of it runs under one advisory lock: when several app servers start at once,
 * one migrates and seeds while the others wait, then find nothing left to do.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  config: Pick<AppConfig, 'databaseFile' | 'uploadsDir' | 'backupsDir' | 'seedDemo'>,
): Promise<PrepareResult> {
  await checkPostgresServer(handle.db);
  return withExclusiveLock(handle.db, 'prepare-database', async (db) => {
    const pending = await pendingMigrations(db);
    const executedBefore = (await db.introspection.getTables()).some((t) => t.name === 'app_meta');
    let backupDir: string | null = null;
    if (handle.backend === 'sqlite' && pending.length > 0 && executedBefore) {
      backupDir = (await createBackup(config, 'pre-migrate')).dir;
    }
    const result = await migrateToLatest(db);
    const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    let seeded = false;
    if (await isFreshDatabase(db)) {
      if (config.seedDemo) {
        await seedDemoData(db, { uploadsDir: config.uploadsDir });
        seeded = true;
      }
      await markInstalled(db);
    }
    return { applied, backupDir, seeded };
  });
}
