// The data layer on a real SQLite file: the real Migrator, the pragmas on the live connection,
// and what `npm start` does to a new database.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, getDatabase } from '../../src/lib/server/db/client';
import { migrateToLatest, pendingMigrations } from '../../src/lib/server/db/migrate';
import { prepareDatabase } from '../../src/lib/server/db/setup';
import { getMeta } from '../../src/lib/server/meta/meta.repository';
import { DEMO_KEY, INSTALLED_KEY } from '../../src/lib/server/seed/seed';
import { tempDb, type TempDb } from '../helpers/db';
import { makeTempDir, ROOT } from '../helpers/server';

const migrationFiles = fs
  .readdirSync(path.join(ROOT, 'db/migrations'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshDb(options: { migrate?: boolean } = {}): Promise<TempDb> {
  const db = await tempDb(options);
  cleanups.push(() => db.cleanup());
  return db;
}

function configFor(db: TempDb, seedDemo: boolean): Parameters<typeof prepareDatabase>[1] {
  return {
    databaseFile: db.file,
    uploadsDir: path.join(db.dir, 'uploads'),
    backupsDir: path.join(db.dir, 'backups'),
    seedDemo,
  };
}

describe('migrations', () => {
  it('are named by ISO date so they run in the order they were written', () => {
    expect(migrationFiles.length).toBeGreaterThan(0);
    for (const name of migrationFiles) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}_[a-z0-9_]+$/);
  });

  it('run on a fresh database through the real Migrator, every file in db/migrations, in order', async () => {
    const db = await freshDb({ migrate: false });
    expect(await pendingMigrations(db.db)).toEqual(migrationFiles);

    const result = await migrateToLatest(db.db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual(migrationFiles.map((name) => [name, 'Success']));
    expect(await pendingMigrations(db.db)).toEqual([]);

    const tables = (await db.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toContain('app_meta');
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.db);
    expect(recorded.rows.map((r) => r.name)).toEqual(migrationFiles);
  });

  it('are not applied twice', async () => {
    const db = await freshDb();
    const again = await migrateToLatest(db.db);
    expect(again.results).toEqual([]);
  });

  it('leave the schema the Database interface describes (app_meta), with no NULL key', async () => {
    const db = await freshDb();
    const table = (await db.db.introspection.getTables()).find((t) => t.name === 'app_meta');
    expect(table?.columns.map((c) => [c.name, c.isNullable]).sort()).toEqual([
      ['key', false],
      ['updated_at', false],
      ['value', false],
    ]);
    // SQLite lets a non-INTEGER PRIMARY KEY hold NULL unless the column also says NOT NULL.
    await expect(sql`insert into app_meta (key, value, updated_at) values (null, 'x', 'y')`.execute(db.db)).rejects.toThrow(/NOT NULL/);
  });
});

describe('every connection runs with durable, safe pragmas', () => {
  async function readPragmas(handle: { db: TempDb['db'] }): Promise<Record<string, unknown>> {
    const read = async (name: string): Promise<unknown> => {
      const result = await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(handle.db);
      return Object.values(result.rows[0] ?? {})[0];
    };
    return {
      journal_mode: await read('journal_mode'),
      synchronous: await read('synchronous'),
      foreign_keys: await read('foreign_keys'),
      busy_timeout: await read('busy_timeout'),
    };
  }

  it('on a connection made by createDatabase (read back through Kysely)', async () => {
    const db = await freshDb();
    const pragmas = await readPragmas(db);
    expect(pragmas.journal_mode).toBe('wal');
    expect(pragmas.synchronous).toBe(2); // FULL
    expect(pragmas.foreign_keys).toBe(1);
    expect(Number(pragmas.busy_timeout)).toBeGreaterThanOrEqual(5000);
    expect(fs.existsSync(`${db.file}-wal`)).toBe(true);
  });

  it('on the process-wide connection the app uses (getDatabase, from DATA_DIR)', async () => {
    const dataDir = makeTempDir('harvestlink-live-');
    const previous = process.env['DATA_DIR'];
    process.env['DATA_DIR'] = dataDir;
    cleanups.push(async () => {
      await closeDatabase();
      if (previous === undefined) delete process.env['DATA_DIR'];
      else process.env['DATA_DIR'] = previous;
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const live = getDatabase();
    expect(live.backend).toBe('sqlite');
    expect(live.backend === 'sqlite' ? live.file : null).toBe(path.join(dataDir, 'harvestlink.db'));
    const pragmas = await readPragmas(live);
    expect(pragmas).toMatchObject({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1 });
    expect(Number(pragmas.busy_timeout)).toBeGreaterThanOrEqual(5000);
  });

  it('foreign keys are enforced, not just declared', async () => {
    const db = await freshDb();
    await sql`create table parent (id integer primary key)`.execute(db.db);
    await sql`create table child (id integer primary key, parent_id integer not null references parent(id))`.execute(db.db);
    await expect(sql`insert into child (id, parent_id) values (1, 42)`.execute(db.db)).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe('preparing the database at start', () => {
  it('migrates and seeds a new database once, and says so', async () => {
    const db = await freshDb({ migrate: false });
    const first = await prepareDatabase(db, configFor(db, true));
    expect(first).toEqual({ applied: migrationFiles, backupDir: null, seeded: true });
    const demoLoadedAt = await getMeta(db.db, DEMO_KEY);
    expect(demoLoadedAt).not.toBeNull();
    expect(await getMeta(db.db, INSTALLED_KEY)).not.toBeNull();

    const second = await prepareDatabase(db, configFor(db, true));
    expect(second).toEqual({ applied: [], backupDir: null, seeded: false });
    expect(await getMeta(db.db, DEMO_KEY)).toBe(demoLoadedAt);
  });

  it('respects SEED_DEMO=false, and never adds demo data to that database on a later start', async () => {
    const db = await freshDb({ migrate: false });
    const first = await prepareDatabase(db, configFor(db, false));
    expect(first.seeded).toBe(false);
    expect(first.applied).toEqual(migrationFiles);
    expect(await getMeta(db.db, DEMO_KEY)).toBeNull();

    const later = await prepareDatabase(db, configFor(db, true));
    expect(later.seeded).toBe(false);
    expect(await getMeta(db.db, DEMO_KEY)).toBeNull();
  });

  it('stores timestamps as ISO-8601 UTC text', async () => {
    const db = await freshDb({ migrate: false });
    await prepareDatabase(db, configFor(db, true));
    const rows = await db.db.selectFrom('app_meta').select(['key', 'updated_at']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
