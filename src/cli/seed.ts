import { getConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/client';
import { migrateToLatest } from '../lib/server/db/migrate';
import { getMeta } from '../lib/server/meta/meta.repository';
import { DEMO_KEY, markInstalled, seedDemoData } from '../lib/server/seed/seed';

const config = getConfig();
const handle = openDatabase(config);
try {
  await migrateToLatest(handle.db);
  const already = await getMeta(handle.db, DEMO_KEY);
  if (already && !process.argv.includes('--force')) {
    console.log(`Demo data was already loaded on ${already}. Nothing changed (pass --force to load it again).`);
  } else {
    await seedDemoData(handle.db, { uploadsDir: config.uploadsDir });
    await markInstalled(handle.db);
    console.log('Loaded demo data. The README lists the demo logins.');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
