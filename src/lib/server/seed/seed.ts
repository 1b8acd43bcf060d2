import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getMeta, setMeta } from '../meta/meta.repository';
import { prepareDemoUsers } from './demo-users';

export const INSTALLED_KEY = 'installed_at';
export const DEMO_KEY = 'demo_data_loaded_at';

export interface SeedSummary {
  users: number;
}

/**
 * Loads the demo data in one transaction: all of it or none. Slow work (password hashing) happens
 * before the transaction. Each later area (lessons, stores …) adds its own step here.
 */
export async function seedDemoData(db: Kysely<Database>): Promise<SeedSummary> {
  const users = await prepareDemoUsers();
  return db.transaction().execute(async (trx) => {
    const ids = await users.insert(trx);
    await setMeta(trx, DEMO_KEY, new Date().toISOString());
    return { users: ids.size };
  });
}

export async function isFreshDatabase(db: Kysely<Database>): Promise<boolean> {
  return (await getMeta(db, INSTALLED_KEY)) === null;
}

export async function markInstalled(db: Kysely<Database>): Promise<void> {
  await setMeta(db, INSTALLED_KEY, new Date().toISOString());
}
