import { getConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/client';
import { prepareDatabase } from '../lib/server/db/setup';

const config = getConfig();
const handle = openDatabase(config);
try {
  const result = await prepareDatabase(handle, { ...config, seedDemo: false });
  if (result.backupDir) console.log(`Backed up the database first: ${result.backupDir}`);
  console.log(result.applied.length > 0 ? `Applied: ${result.applied.join(', ')}` : 'The database is up to date.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
