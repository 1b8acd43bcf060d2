// node scripts/run-cli.mjs seed-market -- --stores 5000 [--seed 1]
// Fills a database of its own (DATA_DIR, or DATABASE_URL) with made-up farm stores, for measuring
// the market's search (`npm run bench` runs it). Refuses a database that already has stores: it is
// not for a deployment.
import { parseArgs } from 'node:util';
import { getConfig } from '../lib/server/config';
import { describeDatabase, openDatabase } from '../lib/server/db/client';
import { prepareDatabase } from '../lib/server/db/setup';
import { seedMarketStores } from '../lib/server/market/bench-seed';

const { values } = parseArgs({ options: { stores: { type: 'string' }, seed: { type: 'string' } }, strict: true });
const stores = Number(values.stores ?? '5000');
const seed = Number(values.seed ?? '1');
if (!Number.isInteger(stores) || stores < 1 || stores > 200_000 || !Number.isInteger(seed)) {
  console.error('Usage: seed-market --stores <1–200000> [--seed <integer>]');
  process.exit(2);
}

const config = getConfig();
const handle = openDatabase(config);
try {
  await prepareDatabase(handle, { ...config, seedDemo: false });
  const existing = await handle.db.selectFrom('stores').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) {
    throw new Error(`${describeDatabase(handle)} already has stores: seed-market only fills an empty database of its own (e.g. DATA_DIR=$(mktemp -d)).`);
  }
  const started = performance.now();
  const report = await seedMarketStores(handle.db, { stores, seed });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${report.stores} stores (${report.live} live) with ${report.products} products into ${describeDatabase(handle)} in ${seconds} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
