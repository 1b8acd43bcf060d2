// @ts-check
// The market search measurement of `npm run bench`: seeds 5,000 made-up stores (seed-market, the
// bench's own database, never the demo one), starts an app server on it, then sends a fixed mix of
// searches one at a time (Chinese terms of 1–2 characters answered by LIKE, longer ones by the
// trigram index, English, places, filters, deep pages, no-hit searches) and reports the server's
// own time for the market's database work (the Server-Timing header the page sends) and the whole
// response time seen over loopback, p50/p95/max. Budget: p95 ≤ 30 ms.
//
// Runs on SQLite, and on PostgreSQL too when given an admin URL (BENCH_DATABASE_URL or
// TEST_DATABASE_URL, as the rest of the bench). Standalone: node scripts/bench/market-search.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, startChildServer } from './children.mjs';
import { benchAdminUrl, measureOnBackends } from './postgres.mjs';

export const MARKET_SEARCH_STORES = 5000;
export const MARKET_SEARCH_BUDGET_MS = 30;

/**
 * The searches, by kind. Province 510000 四川, 530000 云南; county 513232 若尔盖县.
 * @type {{ kind: string, path: string }[]}
 */
export const MARKET_SEARCHES = [
  { kind: 'zh 1–2 chars', path: '/market?q=%E8%9C%82%E8%9C%9C' }, // 蜂蜜
  { kind: 'zh 1–2 chars', path: '/market?q=%E6%A0%B8%E6%A1%83' }, // 核桃
  { kind: 'zh 1–2 chars', path: '/market?q=%E8%8C%B6' }, // 茶
  { kind: 'zh ≥ 3 chars', path: '/market?q=%E7%89%A6%E7%89%9B%E8%82%89' }, // 牦牛肉
  { kind: 'zh ≥ 3 chars', path: '/market?q=%E5%9C%9F%E8%9C%82%E8%9C%9C' }, // 土蜂蜜
  { kind: 'zh ≥ 3 chars', path: '/market?q=%E7%8C%95%E7%8C%B4%E6%A1%83' }, // 猕猴桃
  { kind: 'english', path: '/market?q=honey' },
  { kind: 'english', path: '/market?q=dried+yak+beef' },
  { kind: 'place words', path: '/market?q=%E8%8B%A5%E5%B0%94%E7%9B%96' }, // 若尔盖
  { kind: 'place words', path: '/market?q=%E5%9B%9B%E5%B7%9D+%E8%8A%B1%E6%A4%92' }, // 四川 花椒
  { kind: 'filters', path: '/market?province=510000' },
  { kind: 'filters', path: '/market?category=tea&province=530000' },
  { kind: 'filters', path: '/market?q=%E8%9C%82%E8%9C%9C&category=honey' },
  { kind: 'filters', path: '/market?province=other' },
  { kind: 'deep page', path: '/market?page=300' },
  { kind: 'deep page', path: '/market?q=%E8%8F%9C&page=20' }, // 菜
  { kind: 'no hit', path: '/market?q=%E6%A6%B4%E8%8E%B2' }, // 榴莲
  { kind: 'no hit', path: '/market?q=durian+xyz' },
  { kind: 'browse', path: '/market' },
];

/** @param {number[]} values @param {number} p 0–100 */
function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

/** @param {number[]} values */
function summary(values) {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100), n: values.length };
}

/** @param {string | null} header @param {string} name */
function serverTimingMs(header, name) {
  const match = new RegExp(`(?:^|,)\\s*${name};dur=([\\d.]+)`).exec(header ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * Seeds a database with the bench's stores through the built seed-market tool.
 * @param {Record<string, string>} dataEnv DATA_DIR (and DATABASE_URL)
 * @param {number} stores
 */
function seed(dataEnv, stores) {
  const tool = path.join(repoRoot, 'dist', 'app', 'seed-market.mjs');
  if (!fs.existsSync(tool)) throw new Error(`${path.relative(repoRoot, tool)} is missing: build first (npm run build).`);
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ...dataEnv, SEED_DEMO: 'false', NODE_ENV: 'production' };
  if (!dataEnv['DATABASE_URL']) delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, [tool, '--stores', String(stores)], { cwd: repoRoot, env, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`seed-market failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}

/**
 * @typedef {object} BackendResult
 * @property {'sqlite' | 'postgres'} backend
 * @property {string} seeded        what seed-market said
 * @property {{ p50: number | null, p95: number | null, max: number | null, n: number }} serverMs    wall time of the page's database work
 * @property {{ p50: number | null, p95: number | null, max: number | null, n: number }} serverCpuMs the app process's CPU time meanwhile
 * @property {{ p50: number | null, p95: number | null, max: number | null, n: number }} responseMs  the whole response over loopback
 * @property {[number, number]} loadAverage  1-minute load average before and after
 * @property {Record<string, { serverP95: number | null, responseP95: number | null }>} byKind
 * @property {number} errors        responses that were not 200 or had no Server-Timing
 */

/**
 * Seeds, serves and measures one backend.
 * @param {'sqlite' | 'postgres'} backend
 * @param {{ stores: number, rounds: number, databaseUrl: string | null, log: (line: string) => void }} options
 * @returns {Promise<BackendResult>}
 */
async function measureBackend(backend, options) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `harvestlink-market-bench-${backend}-`));
  /** @type {Record<string, string>} */
  const dataEnv = { DATA_DIR: dataDir, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) };
  /** @type {import('./children.mjs').ChildServer | null} */
  let server = null;
  try {
    options.log(`  ${backend}: seeding ${options.stores} stores…`);
    const seeded = seed(dataEnv, options.stores);
    options.log(`  ${backend}: ${seeded}`);
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, ...dataEnv, PUBLIC_URL: 'http://127.0.0.1:4321', SEED_DEMO: 'false', NODE_ENV: 'production' };
    delete env['BACKUP_DIR'];
    delete env['TRUST_PROXY'];
    if (!options.databaseUrl) delete env['DATABASE_URL'];
    server = await startChildServer({
      label: `The app server on the market bench database (${backend})`,
      script: path.join(repoRoot, 'dist', 'app', 'server.mjs'),
      cwd: repoRoot,
      env,
      readyPath: '/healthz',
      startTimeoutMs: 60_000,
    });
    const headers = { 'Accept-Encoding': 'gzip, deflate, br', 'Accept-Language': 'zh-CN,zh;q=0.9' };
    const loadBefore = os.loadavg()[0] ?? 0;
    /** @type {number[]} */
    const serverCpuMs = [];
    /** @type {number[]} */
    const serverMs = [];
    /** @type {number[]} */
    const responseMs = [];
    /** @type {Map<string, { server: number[], response: number[] }>} */
    const byKind = new Map();
    let errors = 0;
    // Warm-up: every search twice, not recorded (JIT, the database's caches).
    for (let i = 0; i < 2; i += 1) {
      for (const search of MARKET_SEARCHES) await (await fetch(`${server.baseUrl}${search.path}`, { headers })).arrayBuffer();
    }
    for (let round = 0; round < options.rounds; round += 1) {
      for (const search of MARKET_SEARCHES) {
        const started = performance.now();
        const res = await fetch(`${server.baseUrl}${search.path}`, { headers });
        await res.arrayBuffer();
        const elapsed = performance.now() - started;
        const header = res.headers.get('server-timing');
        const timing = serverTimingMs(header, 'market');
        const cpu = serverTimingMs(header, 'market-cpu');
        if (res.status !== 200 || timing === null) {
          errors += 1;
          continue;
        }
        serverMs.push(timing);
        if (cpu !== null) serverCpuMs.push(cpu);
        responseMs.push(elapsed);
        const entry = byKind.get(search.kind) ?? { server: [], response: [] };
        entry.server.push(timing);
        entry.response.push(elapsed);
        byKind.set(search.kind, entry);
      }
    }
    return {
      backend,
      seeded,
      serverMs: summary(serverMs),
      serverCpuMs: summary(serverCpuMs),
      responseMs: summary(responseMs),
      loadAverage: [loadBefore, os.loadavg()[0] ?? 0],
      byKind: Object.fromEntries([...byKind].map(([kind, v]) => [kind, { serverP95: percentile(v.server, 95), responseP95: percentile(v.response, 95) }])),
      errors,
    };
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} MarketSearchResult
 * @property {number} stores
 * @property {number} budgetMs
 * @property {BackendResult[]} backends
 * @property {string[]} flags
 */

/**
 * The whole measurement: SQLite, then PostgreSQL when an admin URL is given.
 * @param {{ stores?: number, rounds?: number, postgresUrl?: string | null, log?: (line: string) => void }} [options]
 * @returns {Promise<MarketSearchResult>}
 */
export async function measureMarketSearch(options = {}) {
  const stores = options.stores ?? MARKET_SEARCH_STORES;
  const rounds = options.rounds ?? 10;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const backends = await measureOnBackends(options.postgresUrl ?? null, log, (backend, databaseUrl) => measureBackend(backend, { stores, rounds, databaseUrl, log }));
  /** @type {string[]} */
  const flags = [];
  for (const b of backends) {
    if (b.errors > 0) flags.push(`${b.backend}: ${b.errors} search(es) answered without status 200 or Server-Timing`);
    if (b.serverMs.p95 !== null && b.serverMs.p95 > MARKET_SEARCH_BUDGET_MS) flags.push(`${b.backend}: server time p95 ${b.serverMs.p95.toFixed(1)} ms > ${MARKET_SEARCH_BUDGET_MS} ms`);
  }
  return { stores, budgetMs: MARKET_SEARCH_BUDGET_MS, backends, flags };
}

/** @param {number | null} ms */
const fmt = (ms) => (ms === null ? '–' : ms.toFixed(1));

/**
 * The report lines for the console.
 * @param {MarketSearchResult} result
 * @returns {string[]}
 */
export function formatMarketSearch(result) {
  const lines = [`Market search over ${result.stores} seeded stores (budget: server time p95 ≤ ${result.budgetMs} ms), ms:`];
  lines.push('  backend    server p50  server p95  server max  app CPU p50  app CPU p95  response p50  response p95  requests  load avg');
  for (const b of result.backends) {
    lines.push(
      `  ${b.backend.padEnd(9)} ${fmt(b.serverMs.p50).padStart(11)} ${fmt(b.serverMs.p95).padStart(11)} ${fmt(b.serverMs.max).padStart(11)} ` +
        `${fmt(b.serverCpuMs.p50).padStart(12)} ${fmt(b.serverCpuMs.p95).padStart(12)} ${fmt(b.responseMs.p50).padStart(13)} ${fmt(b.responseMs.p95).padStart(13)} ` +
        `${String(b.serverMs.n).padStart(9)}  ${b.loadAverage.map((l) => l.toFixed(1)).join('→')}`,
    );
  }
  if (result.backends.some((b) => Math.max(...b.loadAverage) > os.cpus().length * 0.75)) {
    lines.push(`  The machine was busy (load average above ${(os.cpus().length * 0.75).toFixed(1)} on ${os.cpus().length} CPUs): wall times include waiting for a CPU; app CPU is the steadier figure (SQLite; PostgreSQL works in its own processes).`);
  }
  for (const b of result.backends) {
    lines.push(`  ${b.backend} p95 by kind (server / response): ${Object.entries(b.byKind).map(([kind, v]) => `${kind} ${fmt(v.serverP95)} / ${fmt(v.responseP95)}`).join('; ')}`);
  }
  lines.push(result.flags.length === 0 ? '  ok' : `  FLAGGED: ${result.flags.join('; ')}`);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await measureMarketSearch({ postgresUrl: benchAdminUrl() });
  console.log(formatMarketSearch(result).join('\n'));
  process.exitCode = result.flags.length > 0 ? 2 : 0;
}
