import { getConfig } from '../lib/server/config';
import { createBackup } from '../lib/server/backup/backup';
import { postgresBackupAdvice } from '../lib/server/backup/postgres';

const config = getConfig();
if (config.databaseUrl) {
  console.error(postgresBackupAdvice(config, 'backup'));
  process.exitCode = 2;
} else {
  try {
    const result = await createBackup(config);
    console.log(`Backup written to ${result.dir} (integrity ${result.integrity}, ${result.uploadFiles} upload files).`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
