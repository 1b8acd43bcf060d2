// Backups with PostgreSQL's own tools, exactly as the README tells operators to take and restore
// them, and what `npm run backup` / `npm run restore` say when DATABASE_URL names PostgreSQL.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../src/lib/server/db/client';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { Database } from '../../src/lib/server/db/schema';
import { markInstalled, seedDemoData } from '../../src/lib/server/seed/seed';
import { tempDb, TEST_DATABASE_URL } from '../helpers/db';
import { createTestDatabase } from '../helpers/postgres';
import { DIST_DIR, ROOT } from '../helpers/server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
  }
  return out;
}

function runTool(tool: string, args: string[], env: Record<string, string>): { status: number | null; output: string } {
  const base = { ...process.env };
  delete base['DATABASE_URL'];
  const result = spawnSync(process.execPath, [path.join(DIST_DIR, 'app', `${tool}.mjs`), ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.runIf(TEST_DATABASE_URL)('PostgreSQL backups', () => {
  it.runIf(hasPgDump)('the README\'s pg_dump and pg_restore commands give back every row, and the restored database is current', async () => {
    const source = await tempDb({ backend: 'postgres' });
    cleanups.push(() => source.cleanup());
    if (source.backend !== 'postgres') throw new Error('expected PostgreSQL');
    await seedDemoData(source.db, { uploadsDir: path.join(source.dir, 'uploads') });
    await markInstalled(source.db);
    const dump = path.join(source.dir, 'harvestlink.dump');
    const dumped = spawnSync('pg_dump', ['--format=custom', `--file=${dump}`, source.url], { encoding: 'utf8' });
    expect(dumped.status, dumped.stderr).toBe(0);

    const restoredDb = await createTestDatabase();
    cleanups.push(() => restoredDb.drop());
    const restored = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restoredDb.url}`, dump], { encoding: 'utf8' });
    expect(restored.status, restored.stderr).toBe(0);

    const check = createPostgresDatabase(restoredDb.url, { poolSize: 2 });
    cleanups.push(() => check.close());
    const [before, after] = [await everyRow(source.db), await everyRow(check.db)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    expect(after['users']?.length).toBeGreaterThan(0);
    expect((await migrateToLatest(check.db)).results).toEqual([]);
  }, 60_000);

  it('npm run backup and npm run restore do nothing with PostgreSQL, and print what to run instead', async () => {
    const target = await tempDb({ backend: 'postgres' });
    cleanups.push(() => target.cleanup());
    if (target.backend !== 'postgres') throw new Error('expected PostgreSQL');
    const env = { DATA_DIR: target.dir, DATABASE_URL: target.url };
    const backup = runTool('backup', [], env);
    expect(backup.status).toBe(2);
    expect(backup.output).toContain('nothing was backed up');
    expect(backup.output).toContain('pg_dump --format=custom');
    expect(backup.output).toContain(path.join(target.dir, 'uploads'));
    expect(backup.output).not.toContain(`:${new URL(target.url).password}@`);
    const restore = runTool('restore', [path.join(target.dir, 'backups', 'x')], env);
    expect(restore.status).toBe(2);
    expect(restore.output).toContain('nothing was restored');
    expect(restore.output).toContain('pg_restore --no-owner');
  }, 60_000);
});
