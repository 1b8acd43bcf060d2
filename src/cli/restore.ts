import path from 'node:path';
import { getConfig } from '../lib/server/config';
import { restoreBackup } from '../lib/server/backup/backup';
import { postgresBackupAdvice } from '../lib/server/backup/postgres';

const config = getConfig();
const target = process.argv[2];
if (config.databaseUrl) {
  console.error(postgresBackupAdvice(config, 'restore'));
  process.exitCode = 2;
} else if (!target) {
  console.error('Usage: npm run restore -- <backup folder>   (folders are listed in DATA_DIR/backups)');
  process.exitCode = 2;
} else {
  try {
    const { kept } = restoreBackup(config, path.resolve(target));
    console.log(`Restored ${target}.`);
    if (kept.length > 0) console.log(`The data it replaced is kept beside it: ${kept.join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
