// Backup and restore on real files: what `npm run backup` and `npm run restore` do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIntegrity, createBackup, restoreBackup } from '../../src/lib/server/backup/backup';
import { setMeta } from '../../src/lib/server/meta/meta.repository';
import { tempDb, type TempDb } from '../helpers/db';

let db: TempDb;
let paths: { databaseFile: string; uploadsDir: string; backupsDir: string; pidFile: string };

beforeEach(async () => {
  db = await tempDb();
  paths = {
    databaseFile: db.file,
    uploadsDir: path.join(db.dir, 'uploads'),
    backupsDir: path.join(db.dir, 'backups'),
    pidFile: path.join(db.dir, 'server.pid'),
  };
});

afterEach(async () => {
  await db.cleanup();
});

function writeUpload(rel: string, content: string | Buffer): void {
  const file = path.join(paths.uploadsDir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function readMeta(file: string): Record<string, string> {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = copy.prepare('select key, value from app_meta order by key').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  } finally {
    copy.close();
  }
}

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('npm run backup', () => {
  it('copies the live database, including writes still in the WAL, and checks the copy', async () => {
    await setMeta(db.db, 'shop', '李家蜂蜜');
    for (let i = 0; i < 50; i += 1) await setMeta(db.db, `row-${i}`, `value ${i}`);
    // The connection stays open: these writes sit in harvestlink.db-wal, which a plain file copy would miss.
    expect(fs.statSync(`${db.file}-wal`).size).toBeGreaterThan(0);

    const result = await createBackup(paths);
    expect(result.integrity).toBe('ok');
    expect(path.dirname(result.dir)).toBe(paths.backupsDir);
    expect(path.basename(result.dir)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(checkIntegrity(result.databaseCopy)).toBe('ok');
    const copied = readMeta(result.databaseCopy);
    expect(copied['shop']).toBe('李家蜂蜜');
    expect(copied['row-49']).toBe('value 49');
    expect(Object.keys(copied)).toHaveLength(51);
  });

  it('copies the uploads folder byte for byte, sub-folders included', async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 250, 251]);
    writeUpload('shop-1/honey.jpg', photo);
    writeUpload('shop-1/products/jar.webp', 'webp bytes');
    writeUpload('logo.png', 'png bytes');

    const result = await createBackup(paths, 'manual');
    expect(path.basename(result.dir)).toMatch(/-manual$/);
    expect(result.uploadFiles).toBe(3);
    expect(fs.readFileSync(path.join(result.dir, 'uploads/shop-1/honey.jpg')).equals(photo)).toBe(true);
    expect(fs.readFileSync(path.join(result.dir, 'uploads/shop-1/products/jar.webp'), 'utf8')).toBe('webp bytes');
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(result.dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ integrity: 'ok', uploadFiles: 3, database: 'harvestlink.db' });
  });

  it('refuses clearly when there is no database to back up', async () => {
    await expect(createBackup({ ...paths, databaseFile: path.join(db.dir, 'nope', 'harvestlink.db') })).rejects.toThrow(
      /No database at .*DATA_DIR/,
    );
  });
});

describe('npm run restore', () => {
  it('refuses while the server named in the pid file is running, and touches nothing', async () => {
    await setMeta(db.db, 'shop', 'before');
    const backup = await createBackup(paths);
    await setMeta(db.db, 'shop', 'after');
    await db.close();
    // This test process stands in for a running server.
    fs.writeFileSync(paths.pidFile, `${process.pid}\n`);

    expect(() => restoreBackup(paths, backup.dir)).toThrow(new RegExp(`running \\(pid ${process.pid}\\)`));
    expect(readMeta(paths.databaseFile)['shop']).toBe('after');
    expect(fs.readdirSync(db.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('puts a backup back and keeps the replaced database and uploads aside', async () => {
    await setMeta(db.db, 'shop', 'from the backup');
    writeUpload('honey.jpg', 'old photo');
    const backup = await createBackup(paths);

    await setMeta(db.db, 'shop', 'changed later');
    await setMeta(db.db, 'added-later', 'yes');
    writeUpload('honey.jpg', 'new photo');
    writeUpload('extra.jpg', 'added later');
    await db.close();
    // A pid file left behind by a crashed server must not block a restore.
    fs.writeFileSync(paths.pidFile, `${deadPid()}\n`);

    const { kept } = restoreBackup(paths, backup.dir);

    expect(checkIntegrity(paths.databaseFile)).toBe('ok');
    const restored = readMeta(paths.databaseFile);
    expect(restored['shop']).toBe('from the backup');
    expect(restored['added-later']).toBeUndefined();
    expect(fs.readFileSync(path.join(paths.uploadsDir, 'honey.jpg'), 'utf8')).toBe('old photo');
    expect(fs.existsSync(path.join(paths.uploadsDir, 'extra.jpg'))).toBe(false);

    const keptDb = kept.find((f) => /harvestlink\.db\.before-restore-/.test(f));
    const keptUploads = kept.find((f) => /uploads\.before-restore-/.test(f));
    expect(keptDb).toBeDefined();
    expect(keptUploads).toBeDefined();
    // The replaced data is whole: main file plus its WAL, opened together under the original names.
    const aside = path.join(db.dir, 'aside');
    fs.mkdirSync(aside);
    for (const file of kept.filter((f) => f.includes('harvestlink.db'))) {
      const original = path.basename(file).replace(/\.before-restore-.*$/, '');
      fs.copyFileSync(file, path.join(aside, original));
    }
    expect(readMeta(path.join(aside, 'harvestlink.db'))).toMatchObject({ shop: 'changed later', 'added-later': 'yes' });
    expect(fs.readFileSync(path.join(keptUploads ?? '', 'extra.jpg'), 'utf8')).toBe('added later');
  });

  it('refuses a folder that is not a backup', async () => {
    await db.close();
    const notBackup = path.join(db.dir, 'random');
    fs.mkdirSync(notBackup);
    expect(() => restoreBackup(paths, notBackup)).toThrow(/holds no harvestlink\.db/);
    expect(fs.existsSync(paths.databaseFile)).toBe(true);
  });

  it('refuses a damaged backup and keeps the current database', async () => {
    await setMeta(db.db, 'shop', 'current');
    const backup = await createBackup(paths);
    await db.close();
    const copy = path.join(backup.dir, 'harvestlink.db');
    const bytes = fs.readFileSync(copy);
    // Overwrite the middle of the file (past the header): pages no longer add up.
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 3));
    fs.writeFileSync(copy, bytes);

    expect(() => restoreBackup(paths, backup.dir)).toThrow(/damaged|malformed|corrupt/i);
    expect(readMeta(paths.databaseFile)['shop']).toBe('current');
  });
});
