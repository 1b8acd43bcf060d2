// Choosing the database by configuration: DATABASE_URL selects PostgreSQL, unset means SQLite.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { isPostgresUrl, openDatabase, redactUrl } from '../../src/lib/server/db/client';
import { advisoryLockKey } from '../../src/lib/server/db/dialect';
import { foreignKeyOrder } from '../../src/lib/server/db/copy';

describe('DATABASE_URL and DATABASE_POOL_SIZE', () => {
  it('leave SQLite under DATA_DIR when unset or empty, with a pool of 10 for later', () => {
    expect(readConfig({}).databaseUrl).toBeNull();
    expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
    expect(readConfig({ DATABASE_URL: '   ' }).databaseUrl).toBeNull();
    expect(readConfig({}).databasePoolSize).toBe(10);
    expect(readConfig({ DATABASE_POOL_SIZE: '' }).databasePoolSize).toBe(10);
  });

  it('select PostgreSQL for postgres:// and postgresql:// URLs, including a socket directory', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/harvestlink' }).databaseUrl).toBe(
      'postgres://app:s3cret@db.internal:5432/harvestlink',
    );
    expect(readConfig({ DATABASE_URL: ' postgresql://db/harvestlink?sslmode=require ' }).databaseUrl).toBe('postgresql://db/harvestlink?sslmode=require');
    expect(readConfig({ DATABASE_URL: 'postgres:///harvestlink?host=/var/run/postgresql' }).databaseUrl).toBe(
      'postgres:///harvestlink?host=/var/run/postgresql',
    );
    expect(readConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
  });

  it('refuse anything else, naming the setting but never echoing a password', () => {
    const attempt = (url: string) => () => readConfig({ DATABASE_URL: url });
    expect(attempt('mysql://root:hunter2@db/harvest')).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(attempt('/srv/harvest/harvestlink.db')).toThrow(/DATABASE_URL/);
    expect(attempt('sqlite:///srv/harvest.db')).toThrow(/DATABASE_URL/);
    try {
      readConfig({ DATABASE_URL: 'mysql://root:hunter2@db/harvest' });
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
    for (const size of ['0', '-3', '2.5', 'ten', '201']) {
      expect(() => readConfig({ DATABASE_POOL_SIZE: size }), size).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 200/);
    }
  });

  it('opens SQLite without loading PostgreSQL when no URL is set', async () => {
    const handle = openDatabase({ databaseUrl: null, databasePoolSize: 10, databaseFile: ':memory:' });
    try {
      expect(handle.backend).toBe('sqlite');
    } finally {
      await handle.close();
    }
  });

  it('opens a PostgreSQL pool of the configured size for a URL (connecting only on first use)', async () => {
    const handle = openDatabase({ databaseUrl: 'postgres://nobody:pw@127.0.0.1:1/none', databasePoolSize: 7, databaseFile: 'unused.db' });
    try {
      expect(handle.backend).toBe('postgres');
      if (handle.backend === 'postgres') {
        expect(handle.pool.options.max).toBe(7);
        expect(handle.safeUrl).toBe('postgres://nobody:***@127.0.0.1:1/none');
      }
    } finally {
      await handle.close();
    }
  });
});

describe('small database helpers', () => {
  it('recognise PostgreSQL URLs and hide passwords in messages', () => {
    expect(isPostgresUrl('postgres://x/y')).toBe(true);
    expect(isPostgresUrl('PostgreSQL://x/y')).toBe(true);
    expect(isPostgresUrl('data/harvestlink.db')).toBe(false);
    expect(redactUrl('postgres://app:s3cret@db:5432/h')).toBe('postgres://app:***@db:5432/h');
    expect(redactUrl('postgres://db/h')).toBe('postgres://db/h');
  });

  it('derive distinct, stable 64-bit advisory lock keys from names', () => {
    const key = advisoryLockKey('prepare-database');
    expect(key).toBe(advisoryLockKey('prepare-database'));
    expect(key).not.toBe(advisoryLockKey('something-else'));
    expect(BigInt(key)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(key)).toBeLessThan(2n ** 63n);
  });

  it('order tables parents first for db:copy, and refuse a cycle', () => {
    const order = foreignKeyOrder([
      { name: 'sessions', parents: ['users'] },
      { name: 'users', parents: [] },
      { name: 'products', parents: ['stores'] },
      { name: 'stores', parents: ['users'] },
      { name: 'app_meta', parents: [] },
    ]).map((t) => t.name);
    expect(order).toEqual(['app_meta', 'users', 'sessions', 'stores', 'products']);
    expect(() => foreignKeyOrder([{ name: 'a', parents: ['b'] }, { name: 'b', parents: ['a'] }])).toThrow(/cycle/);
  });
});
