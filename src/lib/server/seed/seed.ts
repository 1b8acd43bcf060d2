import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getMeta, setMeta } from '../meta/meta.repository';
import { prepareDemoUsers } from './demo-users';
import { courseFromFiles } from '../course/lesson-files';
import { seedDemoProgress } from '../course/demo-progress';
import { prepareDemoStores } from '../store/demo-stores';
import { seedDemoLinks } from '../links/demo-links';
import { prepareDemoCohorts } from '../trainer/demo-cohorts';
import { LocalDiskStorage } from '../storage/local-disk';

export const INSTALLED_KEY = 'installed_at';
export const DEMO_KEY = 'demo_data_loaded_at';

export interface SeedSummary {
  users: number;
  quizAttempts: number;
  certificates: number;
  stores: number;
  products: number;
  orderRequests: number;
}

export interface SeedOptions {
  /** Where the demo photos are stored: the configuration's DATA_DIR/uploads, or a test's own folder. */
  uploadsDir: string;
}

/**
 * Loads the demo data in one transaction: all of it or none. Slow work (password hashing) happens
 * before the transaction. Each later area (lessons, stores …) adds its own step here.
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<SeedSummary> {
  const users = await prepareDemoUsers();
  const cohorts = await prepareDemoCohorts();
  const course = courseFromFiles();
  // Demo photos are painted, re-encoded and written before the transaction (image work never runs
  // inside one); if the transaction fails, their files are removed again.
  const stores = await prepareDemoStores(new LocalDiskStorage(options.uploadsDir));
  try {
    return await db.transaction().execute(async (trx) => {
      const ids = await users.insert(trx);
      const progress = await seedDemoProgress(trx, ids, course);
      const shops = await stores.insert(trx, ids);
      await seedDemoLinks(trx);
      await cohorts.insert(trx, ids, course);
      await setMeta(trx, DEMO_KEY, new Date().toISOString());
      return {
        users: ids.size,
        quizAttempts: progress.attempts,
        certificates: progress.certificates,
        stores: shops.stores,
        products: shops.products,
        orderRequests: shops.orders,
      };
    });
  } catch (error) {
    await stores.discard();
    throw error;
  }
}

export async function isFreshDatabase(db: Kysely<Database>): Promise<boolean> {
  return (await getMeta(db, INSTALLED_KEY)) === null;
}

export async function markInstalled(db: Kysely<Database>): Promise<void> {
  await setMeta(db, INSTALLED_KEY, new Date().toISOString());
}
