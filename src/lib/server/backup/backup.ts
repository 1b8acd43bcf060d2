import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export interface BackupPaths {
  databaseFile: string;
  uploadsDir: string;
  backupsDir: string;
}

export interface BackupResult {
  dir: string;
  databaseCopy: string;
  integrity: string;
  uploadFiles: number;
}

const DB_NAME = 'harvestlink.db';

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  }
  return n;
}

/** `PRAGMA integrity_check` on a database file, opened read-only. Returns 'ok' when sound. */
export function checkIntegrity(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * A consistent online copy (SQLite's backup API, safe while the server writes) plus the uploads,
 * in a dated folder; the copy is checked before we call it a backup.
 */
export async function createBackup(paths: BackupPaths, label = ''): Promise<BackupResult> {
  if (!fs.existsSync(paths.databaseFile)) {
    throw new Error(`No database at ${paths.databaseFile}: nothing to back up. Is DATA_DIR right?`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(paths.backupsDir, label ? `${stamp}-${label}` : stamp);
  fs.mkdirSync(dir, { recursive: true });
  const databaseCopy = path.join(dir, DB_NAME);
  const source = new SQLite(paths.databaseFile, { fileMustExist: true });
  try {
    await source.backup(databaseCopy);
  } finally {
    source.close();
  }
  const integrity = checkIntegrity(databaseCopy);
  if (integrity !== 'ok') {
    throw new Error(`The backup copy in ${dir} failed its integrity check: ${integrity}`);
  }
  if (fs.existsSync(paths.uploadsDir)) {
    fs.cpSync(paths.uploadsDir, path.join(dir, 'uploads'), { recursive: true });
  }
  const uploadFiles = countFiles(path.join(dir, 'uploads'));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    `${JSON.stringify({ createdAt: new Date().toISOString(), database: DB_NAME, integrity, uploadFiles }, null, 2)}\n`,
  );
  return { dir, databaseCopy, integrity, uploadFiles };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the server's pid file; null when absent or when that process is gone. */
export function runningServerPid(pidFile: string): number | null {
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : null;
}

/**
 * Puts a backup back. Refuses while the server runs; keeps the current database and uploads
 * beside the restored ones (suffix `.before-restore-<time>`) so a wrong restore can be undone.
 */
export function restoreBackup(paths: BackupPaths & { pidFile: string }, backupDir: string): { kept: string[] } {
  const pid = runningServerPid(paths.pidFile);
  if (pid !== null) {
    throw new Error(`The HarvestLink server is running (pid ${pid}). Stop it, then restore.`);
  }
  const copy = path.join(backupDir, DB_NAME);
  if (!fs.existsSync(copy)) throw new Error(`${backupDir} holds no ${DB_NAME}: is it a HarvestLink backup folder?`);
  const integrity = checkIntegrity(copy);
  if (integrity !== 'ok') throw new Error(`The backup in ${backupDir} is damaged: ${integrity}`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kept: string[] = [];
  fs.mkdirSync(path.dirname(paths.databaseFile), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const file = `${paths.databaseFile}${suffix}`;
    if (fs.existsSync(file)) {
      const aside = `${file}.before-restore-${stamp}`;
      fs.renameSync(file, aside);
      kept.push(aside);
    }
  }
  fs.copyFileSync(copy, paths.databaseFile);
  const uploads = path.join(backupDir, 'uploads');
  if (fs.existsSync(paths.uploadsDir)) {
    const aside = `${paths.uploadsDir}.before-restore-${stamp}`;
    fs.renameSync(paths.uploadsDir, aside);
    kept.push(aside);
  }
  if (fs.existsSync(uploads)) fs.cpSync(uploads, paths.uploadsDir, { recursive: true });
  return { kept };
}
