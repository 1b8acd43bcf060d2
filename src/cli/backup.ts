import { getConfig } from '../lib/server/config';
import { createBackup } from '../lib/server/backup/backup';

try {
  const result = await createBackup(getConfig());
  console.log(`Backup written to ${result.dir} (integrity ${result.integrity}, ${result.uploadFiles} upload files).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
