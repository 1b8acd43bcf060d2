import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator } from 'kysely';
import { withSqliteWriteLock } from './dialect';
import type { Database } from './schema';

// Bundled at build time (Node 20 cannot import() .ts files at run time): see STACK.md pitfall 3.
const modules = import.meta.glob<Migration>('../../../../db/migrations/*.ts', { eager: true });

export const bundledMigrations: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const [file, mod] of Object.entries(modules)) {
      const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.ts$/, '');
      migrations[name] = { up: mod.up, ...(mod.down ? { down: mod.down } : {}) };
    }
    return migrations;
  },
};

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: bundledMigrations });
}

export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Runs every pending migration; throws with the failing migration's name. The same migration files
 * run on both backends, and never twice at once:
 * - PostgreSQL: Kysely's migrator holds a session-level advisory lock (pg_advisory_lock) and runs
 *   the migrations in one transaction, so a second app server starting at the same moment waits,
 *   then finds nothing left to do;
 * - SQLite: the migrations run inside `BEGIN IMMEDIATE` (Kysely's SQLite lock is a no-op), so a
 *   concurrent `npm run db:migrate` waits for the write lock, and a failing migration leaves no
 *   half-made table behind.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await withSqliteWriteLock(db, (locked) => createMigrator(locked).migrateToLatest(), (r) => r.error !== undefined);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return result;
}
