import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getMeta, setMeta } from '../meta/meta.repository';

export const INSTALLED_KEY = 'installed_at';
export const DEMO_KEY = 'demo_data_loaded_at';

export interface SeedSummary {
  loaded: string[];
}

/**
 * Loads the demo data in one transaction: all of it or none. Each later area (accounts, lessons,
 * stores …) adds its own step here.
 */
export async function seedDemoData(db: Kysely<Database>): Promise<SeedSummary> {
  return db.transaction().execute(async (trx) => {
    const loaded: string[] = [];
    await setMeta(trx, DEMO_KEY, new Date().toISOString());
    loaded.push('marker');
    return { loaded };
  });
}

export async function isFreshDatabase(db: Kysely<Database>): Promise<boolean> {
  return (await getMeta(db, INSTALLED_KEY)) === null;
}

export async function markInstalled(db: Kysely<Database>): Promise<void> {
  await setMeta(db, INSTALLED_KEY, new Date().toISOString());
}
