// @ts-check
// The trainer dashboard measurement of `npm run bench`: seeds one big cohort (seed-bench-cohort:
// 200 trainees × every lesson read × 1–3 attempts at every quiz, half of them with a store,
// products, order requests and QR scans) into a database of its own — never the demo data — starts
// an app server on it, logs in as the cohort's trainer and requests, one at a time:
//  - the dashboard page: the server's time to compute the rows (its Server-Timing `dashboard`),
//    and the whole response over loopback (render, compression included), p50/p95/max;
//  - the CSV export of the same rows: its Server-Timing `export` and the whole response.
// Goal: dashboard p95 ≤ 50 ms. Runs on SQLite, and on PostgreSQL too when given an admin URL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL). Standalone: node scripts/bench/trainer-dashboard.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, startChildServer } from './children.mjs';
import { benchAdminUrl, measureOnBackends } from './postgres.mjs';

export const TRAINER_BENCH_TRAINEES = 200;
export const TRAINER_DASHBOARD_GOAL_MS = 50;
const PUBLIC_URL = 'http://127.0.0.1:4321';

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
 * @param {Record<string, string>} dataEnv
 * @param {number} trainees
 * @returns {{ trainerLogin: string, cohortId: string, trainees: number, reads: number, attempts: number, stores: number, products: number, orders: number, scans: number, seconds: number }}
 */
function seed(dataEnv, trainees) {
  const tool = path.join(repoRoot, 'dist', 'app', 'seed-bench-cohort.mjs');
  if (!fs.existsSync(tool)) throw new Error(`${path.relative(repoRoot, tool)} is missing: build first (npm run build).`);
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ...dataEnv, SEED_DEMO: 'false', NODE_ENV: 'production' };
  if (!dataEnv['DATABASE_URL']) delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, [tool, '--trainees', String(trainees)], { cwd: repoRoot, env, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`seed-bench-cohort failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
}

/**
 * @typedef {{ p50: number | null, p95: number | null, max: number | null, n: number }} Summary
 * @typedef {object} BackendResult
 * @property {'sqlite' | 'postgres'} backend
 * @property {ReturnType<typeof seed>} seeded
 * @property {Summary} dashboardServerMs   computing the rows (Server-Timing: dashboard)
 * @property {Summary} dashboardCpuMs      the app process's CPU time meanwhile (steadier on a busy machine)
 * @property {Summary} dashboardResponseMs the whole page over loopback
 * @property {Summary} csvServerMs         computing and writing the CSV (Server-Timing: export)
 * @property {Summary} csvCpuMs
 * @property {Summary} csvResponseMs
 * @property {{ pageKB: number, csvKB: number, rows: number }} size
 * @property {[number, number]} loadAverage
 * @property {number} errors
 */

/**
 * @param {'sqlite' | 'postgres'} backend
 * @param {{ trainees: number, rounds: number, databaseUrl: string | null, log: (line: string) => void }} options
 * @returns {Promise<BackendResult>}
 */
async function measureBackend(backend, options) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `harvestlink-trainer-bench-${backend}-`));
  /** @type {Record<string, string>} */
  const dataEnv = { DATA_DIR: dataDir, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) };
  /** @type {import('./children.mjs').ChildServer | null} */
  let server = null;
  try {
    options.log(`  ${backend}: seeding a cohort of ${options.trainees} trainees…`);
    const seeded = seed(dataEnv, options.trainees);
    options.log(`  ${backend}: ${seeded.trainees} trainees, ${seeded.reads} lesson reads, ${seeded.attempts} quiz attempts, ${seeded.stores} stores, ${seeded.scans} scans in ${seeded.seconds} s`);
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, ...dataEnv, PUBLIC_URL, SEED_DEMO: 'false', NODE_ENV: 'production' };
    delete env['BACKUP_DIR'];
    delete env['TRUST_PROXY'];
    if (!options.databaseUrl) delete env['DATABASE_URL'];
    server = await startChildServer({
      label: `The app server on the trainer bench database (${backend})`,
      script: path.join(repoRoot, 'dist', 'app', 'server.mjs'),
      cwd: repoRoot,
      env,
      readyPath: '/healthz',
      startTimeoutMs: 60_000,
    });
    const base = server.baseUrl;
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: seeded.trainerLogin, password: 'harvest2026' }).toString(),
    });
    if (login.status !== 303) throw new Error(`log-in as ${seeded.trainerLogin} answered ${login.status}`);
    const headers = {
      Cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
      'Accept-Encoding': 'gzip, deflate, br',
      'Accept-Language': 'zh-CN,zh;q=0.9',
    };
    const pagePath = `/trainer/cohorts/${seeded.cohortId}`;
    const csvPath = `${pagePath}/export.csv`;
    let errors = 0;
    const size = { pageKB: 0, csvKB: 0, rows: 0 };
    /** @param {string} p @param {string} timing */
    const once = async (p, timing) => {
      const started = performance.now();
      const res = await fetch(`${base}${p}`, { headers });
      const body = await res.arrayBuffer();
      const elapsed = performance.now() - started;
      const server = serverTimingMs(res.headers.get('server-timing'), timing);
      const cpu = serverTimingMs(res.headers.get('server-timing'), `${timing}-cpu`);
      if (res.status !== 200 || server === null) {
        errors += 1;
        return null;
      }
      return { server, cpu, elapsed, bytes: body.byteLength, text: p === pagePath ? null : new TextDecoder().decode(body) };
    };
    // Warm-up, not recorded: JIT, the database's caches.
    for (let i = 0; i < 5; i += 1) {
      await once(pagePath, 'dashboard');
      await once(csvPath, 'export');
    }
    const loadBefore = os.loadavg()[0] ?? 0;
    /** @type {number[]} */ const pageServer = [];
    /** @type {number[]} */ const pageCpu = [];
    /** @type {number[]} */ const csvCpu = [];
    /** @type {number[]} */ const pageResponse = [];
    /** @type {number[]} */ const csvServer = [];
    /** @type {number[]} */ const csvResponse = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const page = await once(pagePath, 'dashboard');
      if (page) {
        pageServer.push(page.server);
        if (page.cpu !== null) pageCpu.push(page.cpu);
        pageResponse.push(page.elapsed);
        size.pageKB = page.bytes / 1024;
      }
      if (round % 2 === 0) {
        const csv = await once(csvPath, 'export');
        if (csv) {
          csvServer.push(csv.server);
          if (csv.cpu !== null) csvCpu.push(csv.cpu);
          csvResponse.push(csv.elapsed);
          size.csvKB = csv.bytes / 1024;
          size.rows = (csv.text ?? '').split('\r\n').filter(Boolean).length - 1;
        }
      }
    }
    return {
      backend,
      seeded,
      dashboardServerMs: summary(pageServer),
      dashboardCpuMs: summary(pageCpu),
      dashboardResponseMs: summary(pageResponse),
      csvServerMs: summary(csvServer),
      csvCpuMs: summary(csvCpu),
      csvResponseMs: summary(csvResponse),
      size,
      loadAverage: [loadBefore, os.loadavg()[0] ?? 0],
      errors,
    };
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} TrainerBenchResult
 * @property {number} trainees
 * @property {number} goalMs
 * @property {BackendResult[]} backends
 * @property {string[]} flags
 */

/**
 * SQLite, then PostgreSQL when an admin URL is given.
 * @param {{ trainees?: number, rounds?: number, postgresUrl?: string | null, log?: (line: string) => void }} [options]
 * @returns {Promise<TrainerBenchResult>}
 */
export async function measureTrainerDashboard(options = {}) {
  const trainees = options.trainees ?? TRAINER_BENCH_TRAINEES;
  const rounds = options.rounds ?? 60;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const backends = await measureOnBackends(options.postgresUrl ?? null, log, (backend, databaseUrl) => measureBackend(backend, { trainees, rounds, databaseUrl, log }));
  /** @type {string[]} */
  const flags = [];
  for (const b of backends) {
    if (b.errors > 0) flags.push(`${b.backend}: ${b.errors} request(s) answered without status 200 or Server-Timing`);
    if (b.size.rows !== trainees) flags.push(`${b.backend}: the CSV had ${b.size.rows} rows, not ${trainees}`);
    if (b.dashboardServerMs.p95 !== null && b.dashboardServerMs.p95 > TRAINER_DASHBOARD_GOAL_MS) {
      flags.push(`${b.backend}: dashboard server time p95 ${b.dashboardServerMs.p95.toFixed(1)} ms > ${TRAINER_DASHBOARD_GOAL_MS} ms`);
    }
  }
  return { trainees, goalMs: TRAINER_DASHBOARD_GOAL_MS, backends, flags };
}

/** @param {number | null} ms */
const fmt = (ms) => (ms === null ? '–' : ms.toFixed(1));

/**
 * @param {TrainerBenchResult} result
 * @returns {string[]}
 */
export function formatTrainerDashboard(result) {
  const lines = [
    `Trainer dashboard, one cohort of ${result.trainees} trainees × every lesson × 1–3 attempts (goal: server time p95 ≤ ${result.goalMs} ms), ms:`,
    '  backend    page server p50/p95/max   page CPU p50/p95   page response p50/p95   CSV server p50/p95   CSV CPU p50/p95   CSV response p50/p95   page KB  CSV KB  load avg',
  ];
  for (const b of result.backends) {
    lines.push(
      `  ${b.backend.padEnd(9)} ${`${fmt(b.dashboardServerMs.p50)} / ${fmt(b.dashboardServerMs.p95)} / ${fmt(b.dashboardServerMs.max)}`.padStart(24)} ` +
        `${`${fmt(b.dashboardCpuMs.p50)} / ${fmt(b.dashboardCpuMs.p95)}`.padStart(18)} ` +
        `${`${fmt(b.dashboardResponseMs.p50)} / ${fmt(b.dashboardResponseMs.p95)}`.padStart(23)} ` +
        `${`${fmt(b.csvServerMs.p50)} / ${fmt(b.csvServerMs.p95)}`.padStart(20)} ` +
        `${`${fmt(b.csvCpuMs.p50)} / ${fmt(b.csvCpuMs.p95)}`.padStart(17)} ` +
        `${`${fmt(b.csvResponseMs.p50)} / ${fmt(b.csvResponseMs.p95)}`.padStart(22)} ` +
        `${b.size.pageKB.toFixed(1).padStart(8)} ${b.size.csvKB.toFixed(1).padStart(7)}  ${b.loadAverage.map((l) => l.toFixed(1)).join('→')}`,
    );
  }
  lines.push(`  (${result.backends.map((b) => `${b.backend}: ${b.seeded.attempts} attempts, ${b.dashboardServerMs.n} page requests`).join('; ')}; KB uncompressed)`);
  if (result.backends.some((b) => Math.max(...b.loadAverage) > os.cpus().length * 0.75)) {
    lines.push(`  The machine was busy (load average above ${(os.cpus().length * 0.75).toFixed(1)} on ${os.cpus().length} CPUs): wall times include waiting for a CPU; app CPU is the steadier figure (SQLite).`);
  }
  lines.push(result.flags.length === 0 ? '  ok' : `  FLAGGED: ${result.flags.join('; ')}`);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await measureTrainerDashboard({ postgresUrl: benchAdminUrl() });
  console.log(formatTrainerDashboard(result).join('\n'));
  process.exitCode = result.flags.length > 0 ? 2 : 0;
}
