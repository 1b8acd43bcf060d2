// @ts-check
// The bench's PostgreSQL column: a temporary database for a second app server (created through the
// admin URL, dropped at the end), and the CPU time PostgreSQL's own processes spend on it (read from
// /proc when the server runs on this machine), so the column shows the whole cost of a request.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { processCpuMicros } from './children.mjs';
import { dropDatabase } from '../lib/drop-database.mjs';

/** The admin URL the bench uses, or null: BENCH_DATABASE_URL, else TEST_DATABASE_URL. */
export function benchAdminUrl() {
  const url = (process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? '').trim();
  return url === '' ? null : url;
}

/** @param {string} url */
export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * @template T
 * @param {string} adminUrl
 * @param {(client: pg.Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withClient(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'harvestlink-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A new UTF-8 database with code-point ordering (as the README tells deployments to create),
 * for one bench run.
 * @param {string} adminUrl
 * @returns {Promise<{ name: string, url: string, drop: () => Promise<void> }>}
 */
export async function createBenchDatabase(adminUrl) {
  const name = `hl_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, async (client) => {
    const id = client.escapeIdentifier(name);
    try {
      await client.query(`create database ${id} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    } catch (error) {
      if (!(error instanceof Error && /locale|collation/i.test(error.message))) throw error;
      await client.query(`create database ${id} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (client) => dropDatabase(client, name));
    },
  };
}

/** Whether the URL names a server on this machine (loopback or a Unix socket), whose processes /proc shows. @param {string} url */
function isOnThisMachine(url) {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
    return host === '' || host.startsWith('/') || ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host);
  } catch {
    return false;
  }
}

/**
 * Reads the CPU time of the PostgreSQL backend processes serving one database. Null when they
 * cannot be seen (a server on another machine, or no /proc).
 * @param {string} adminUrl
 * @param {string} database
 */
export async function createBackendCpuMeter(adminUrl, database) {
  if (!isOnThisMachine(adminUrl)) return null;
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'harvestlink-bench-meter' });
  await client.connect();
  /** @returns {Promise<Map<number, number> | null>} */
  const sample = async () => {
    const result = await client.query('select pid from pg_stat_activity where datname = $1', [database]);
    /** @type {Map<number, number>} */
    const cpu = new Map();
    for (const row of result.rows) {
      const micros = processCpuMicros(Number(row.pid));
      if (micros === null) return null;
      cpu.set(Number(row.pid), micros);
    }
    return cpu;
  };
  return {
    sample,
    /**
     * CPU spent between two samples; a backend that appeared in between counts from zero.
     * @param {Map<number, number> | null} before @param {Map<number, number> | null} after
     */
    spent(before, after) {
      if (!before || !after) return null;
      let total = 0;
      for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0);
      return total;
    },
    close: () => client.end(),
  };
}

/**
 * Runs a measurement on SQLite, then (when an admin URL is given) on a temporary PostgreSQL
 * database made for it and dropped afterwards: the pattern of the bench's seeded measurements.
 * @template T
 * @param {string | null} postgresUrl
 * @param {(line: string) => void} log
 * @param {(backend: 'sqlite' | 'postgres', databaseUrl: string | null) => Promise<T>} measure
 * @returns {Promise<T[]>}
 */
export async function measureOnBackends(postgresUrl, log, measure) {
  const results = [await measure('sqlite', null)];
  if (postgresUrl) {
    log(`  postgres: a temporary database on ${redact(postgresUrl)}`);
    const database = await createBenchDatabase(postgresUrl);
    try {
      results.push(await measure('postgres', database.url));
    } finally {
      await database.drop();
    }
  }
  return results;
}
