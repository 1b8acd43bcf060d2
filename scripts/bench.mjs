// @ts-check
// `npm run bench`: builds when needed, starts a plain node:http hello world and the real app server
// (each in its own process, on 127.0.0.1), then measures them alternately with wrk —
// hello, page A, hello, page B, … for several rounds after a warm-up — and reports medians per page:
// req/s, p50/p99 latency, server CPU per request, the ratio to hello world measured in the same
// round, and the first-visit bytes (HTML + CSS + JS as sent compressed) against the page's budget.
// Pages come from scripts/bench/pages.mjs. Results: stdout table + bench-results/latest.json.
// With a PostgreSQL server at hand (BENCH_DATABASE_URL, else TEST_DATABASE_URL), a second app server
// runs on a temporary PostgreSQL database and every round also measures each page there: the
// PostgreSQL column, measured in the same run, against the same hello-world rounds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild } from './lib/ensure-build.mjs';
import { cpuTimeAvailable, killAllChildrenNow, repoRoot, startChildServer, stopAllChildren } from './bench/children.mjs';
import { measureFirstVisit } from './bench/first-visit.mjs';
import { runLoad, stopCurrentLoad, wrkAvailable } from './bench/load.mjs';
import { pages as defaultRegistry } from './bench/pages.mjs';
import { formatMarketSearch, measureMarketSearch } from './bench/market-search.mjs';
import { formatTrainerDashboard, measureTrainerDashboard } from './bench/trainer-dashboard.mjs';
import { benchAdminUrl, createBackendCpuMeter, createBenchDatabase, redact } from './bench/postgres.mjs';
import { fmt, fmtMs, kb, median, table } from './bench/stats.mjs';

/** @typedef {import('./bench/pages.mjs').BenchPage} BenchPage */
/** @typedef {import('./bench/load.mjs').LoadResult} LoadResult */
/** @typedef {import('./bench/first-visit.mjs').FirstVisit} FirstVisit */

const PUBLIC_URL = 'http://127.0.0.1:4321';

/** The machine's CPU time so far from /proc/stat: [all ticks, stolen ticks], or null off Linux. */
function machineCpuTicks() {
  try {
    const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return null;
    return [fields.reduce((a, b) => a + b, 0), fields[7] ?? 0];
  } catch {
    return null;
  }
}

/**
 * Share of the machine's CPU time the hypervisor gave to other guests between two readings (steal):
 * on a shared virtual machine it makes every figure noisier, hello world's included.
 * @param {number[] | null} before @param {number[] | null} after
 */
function stolenPercent(before, after) {
  if (!before || !after) return null;
  const total = (after[0] ?? 0) - (before[0] ?? 0);
  return total > 0 ? (((after[1] ?? 0) - (before[1] ?? 0)) / total) * 100 : null;
}
const OUT_DEFAULT = path.join(repoRoot, 'bench-results', 'latest.json');
const PAUSE_MS = 250;
const SETUP_TIMEOUT_MS = 30_000;

/** What a phone browser sends; pages may add or override headers. */
const BROWSER_HEADERS = {
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Accept-Encoding': 'gzip, deflate, br',
  'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8',
  'User-Agent': 'Mozilla/5.0 (Linux; Android 13; HarvestLink bench) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile',
};

const HELP = `Usage: npm run bench -- [options]

Measures the app's pages against a plain node:http hello world, alternately, and checks each
page's first-visit bytes against its budget (pages: scripts/bench/pages.mjs).

Options (environment variable in brackets):
  --duration <s>      seconds per measured run            [BENCH_DURATION]     default 5
  --rounds <n>        rounds of (hello, page) per page    [BENCH_ROUNDS]       default 3
  --warmup <s>        warm-up seconds per server/page     [BENCH_WARMUP]       default 2
  --connections <n>   concurrent connections              [BENCH_CONNECTIONS]  default 10
  --quick             2 rounds of 2 s, 1 s warm-up (a smoke run; noisier figures)
  --only <a,b>        only these pages (names from the registry)
  --strict            exit with status 2 when any page is flagged (budget, JS, status, goal)
  --out <file>        JSON results file                   default bench-results/latest.json
  --pages <file>      another page registry (a module exporting \`pages\`), for experiments
  --no-postgres       skip the PostgreSQL column even when a database URL is set
  --no-market-search  skip the market search over 5,000 seeded stores (run when the market page is measured)
  --no-trainer-cohort skip the dashboard of a 200-trainee cohort (run when the trainer page is measured)
  --help              this text

Everything runs on 127.0.0.1; the app server gets a fresh temporary DATA_DIR with demo data.

PostgreSQL column: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server and a role that may
create databases; a second app server then runs on a temporary database (created with demo data,
dropped at the end) and each page is measured on both in the same rounds. When the server runs on
this machine, PostgreSQL's own CPU per request is reported too.

Market search: when the market page is measured, 5,000 made-up stores are seeded into a database of
their own (SQLite, and PostgreSQL with the URL above), a server runs on it, and a fixed mix of
searches is sent one at a time: the server's time for the search (its Server-Timing header) and the
response time, p50/p95 per backend. Budget: server time p95 ≤ 30 ms (scripts/bench/market-search.mjs).`;

/**
 * @param {string} name @param {string | undefined} flag @param {string | undefined} env
 * @param {number} fallback @param {number} min @param {number} max
 */
function numberOption(name, flag, env, fallback, min, max) {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

class UsageError extends Error {}

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      strict: { type: 'boolean', default: false },
      out: { type: 'string' },
      pages: { type: 'string' },
      'no-postgres': { type: 'boolean', default: false },
      'no-market-search': { type: 'boolean', default: false },
      'no-trainer-cohort': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const env = process.env;
  const quick = values.quick === true;
  const options = {
    help: values.help === true,
    quick,
    strict: values.strict === true,
    durationSec: numberOption('duration', values.duration, env['BENCH_DURATION'], quick ? 2 : 5, 1, 120),
    rounds: Math.round(numberOption('rounds', values.rounds, env['BENCH_ROUNDS'], quick ? 2 : 3, 1, 20)),
    warmupSec: numberOption('warmup', values.warmup, env['BENCH_WARMUP'], quick ? 1 : 2, 0, 60),
    connections: Math.round(numberOption('connections', values.connections, env['BENCH_CONNECTIONS'], 10, 1, 512)),
    out: values.out ? path.resolve(values.out) : OUT_DEFAULT,
    pagesFile: values.pages ? path.resolve(values.pages) : null,
    postgresUrl: values['no-postgres'] === true ? null : benchAdminUrl(),
    marketSearch: values['no-market-search'] !== true,
    trainerCohort: values['no-trainer-cohort'] !== true,
    /** @type {string[] | null} */
    only: values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null,
  };
  return options;
}

/** @param {BenchPage[]} list */
function checkRegistry(list) {
  const names = new Set();
  for (const page of list) {
    if (!page.name || typeof page.path !== 'string' || !page.path.startsWith('/')) {
      throw new Error(`scripts/bench/pages.mjs: every entry needs a name and a path starting with "/" (${JSON.stringify(page)})`);
    }
    if (names.has(page.name)) throw new Error(`scripts/bench/pages.mjs: the name "${page.name}" is used twice`);
    names.add(page.name);
  }
}

/** @param {number} sec */
function duration(sec) {
  const s = Math.round(sec);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** @template T @param {Promise<T>} promise @param {number} ms @param {string} what @returns {Promise<T>} */
function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() => clearTimeout(timer));
}

let interrupted = false;
function checkInterrupted() {
  if (interrupted) throw new Error('Interrupted.');
}

/** @type {string | null} */
let tempDir = null;
function removeTempDir() {
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = null;
}

/** The temporary PostgreSQL database of this run, dropped at the end. @type {{ name: string, url: string, drop: () => Promise<void> } | null} */
let benchDatabase = null;
async function dropBenchDatabase() {
  const database = benchDatabase;
  benchDatabase = null;
  if (!database) return;
  try {
    await database.drop();
  } catch (error) {
    console.error(`Could not drop the bench database ${database.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** @param {NodeJS.Signals} signal */
function onSignal(signal) {
  if (interrupted) {
    // Second Ctrl-C: no more politeness.
    killAllChildrenNow();
    removeTempDir();
    process.exit(130);
  }
  interrupted = true;
  console.error(`\n${signal}: stopping the bench and its servers…`);
  stopCurrentLoad();
  setTimeout(() => {
    killAllChildrenNow();
    removeTempDir();
    process.exit(130);
  }, 8_000).unref();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);
process.on('exit', () => {
  killAllChildrenNow();
  removeTempDir();
});

/** A one-line progress note on stderr (stdout keeps the table). @param {string} text */
function progress(text) {
  process.stderr.write(`${text}\n`);
}

async function main() {
  const started = Date.now();
  const options = readOptions();
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  /** @type {BenchPage[]} */
  const registry = options.pagesFile
    ? /** @type {{ pages: BenchPage[] }} */ (await import(pathToFileURL(options.pagesFile).href)).pages
    : defaultRegistry;
  if (!Array.isArray(registry)) throw new UsageError(`--pages: ${options.pagesFile} does not export \`pages\` (an array)`);
  checkRegistry(registry);
  let pages = registry;
  if (options.only) {
    const unknown = options.only.filter((n) => !registry.some((p) => p.name === n));
    if (unknown.length > 0) {
      throw new UsageError(`--only: no page named ${unknown.join(', ')} (pages: ${registry.map((p) => p.name).join(', ')})`);
    }
    pages = registry.filter((p) => options.only?.includes(p.name));
  }

  if (!wrkAvailable()) {
    throw new Error('The bench drives its load with wrk, which is not installed: apt-get install -y wrk');
  }
  const perRound = options.postgresUrl ? 3 : 2;
  const warmups = options.warmupSec > 0 ? pages.length * (perRound - 1) + 1 : 0;
  const runs = pages.length * options.rounds * perRound + warmups;
  const plannedSec =
    pages.length * options.rounds * perRound * (options.durationSec + PAUSE_MS / 1000) + warmups * (options.warmupSec + PAUSE_MS / 1000);
  progress(
    `Bench plan: ${pages.length} page(s) × ${options.rounds} round(s) × (hello + page${options.postgresUrl ? ' on SQLite + page on PostgreSQL' : ''}) × ${options.durationSec} s, ` +
      `${options.warmupSec} s warm-ups, ${options.connections} connections: ${runs} runs, ≈ ${duration(plannedSec)} of load.`,
  );
  if (!options.postgresUrl) {
    progress('No PostgreSQL column: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server where this role may create databases.');
  }
  // Whatever happens, the bench ends: a watchdog well beyond the planned time.
  // The market search seeds 5,000 stores per backend and sends a few hundred searches.
  const marketSearchSec = options.marketSearch && pages.some((p) => p.name === 'market') ? (options.postgresUrl ? 300 : 150) : 0;
  // The trainer dashboard seeds a 200-trainee cohort per backend and requests its page ~100 times.
  const trainerCohortSec = options.trainerCohort && pages.some((p) => p.name === 'trainer') ? (options.postgresUrl ? 240 : 120) : 0;
  const limitSec = plannedSec * 1.5 + 240 + marketSearchSec + trainerCohortSec;
  setTimeout(() => {
    console.error(`The bench ran longer than ${duration(limitSec)}; stopping it.`);
    killAllChildrenNow();
    removeTempDir();
    process.exit(1);
  }, limitSec * 1000).unref();

  // 1. Build for the configuration the server runs with (Astro fixes allowed hosts at build time).
  process.env['PUBLIC_URL'] = PUBLIC_URL;
  await ensureBuild();
  checkInterrupted();
  const serverEntry = path.join(repoRoot, 'dist', 'app', 'server.mjs');
  if (!fs.existsSync(serverEntry)) throw new Error(`${path.relative(repoRoot, serverEntry)} is missing after the build.`);

  // 2. Both servers, each in its own process on 127.0.0.1.
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harvestlink-bench-'));
  /** @type {NodeJS.ProcessEnv} */
  const appEnv = { ...process.env, DATA_DIR: tempDir, PUBLIC_URL, SEED_DEMO: 'true', NODE_ENV: 'production' };
  delete appEnv['BACKUP_DIR'];
  delete appEnv['TRUST_PROXY'];
  delete appEnv['DATABASE_URL'];
  delete appEnv['DATABASE_POOL_SIZE'];
  if (options.postgresUrl) {
    progress(`Creating a temporary PostgreSQL database on ${redact(options.postgresUrl)}…`);
    benchDatabase = await createBenchDatabase(options.postgresUrl);
  }
  const pgDataDir = benchDatabase ? path.join(tempDir, 'pg-server') : null;
  if (pgDataDir) fs.mkdirSync(pgDataDir);
  progress(`Starting the hello-world server and the app server${benchDatabase ? 's (SQLite and PostgreSQL)' : ''}…`);
  const [hello, app, pgApp] = await Promise.all([
    startChildServer({
      label: 'The hello-world server',
      script: path.join(repoRoot, 'scripts', 'bench', 'hello-server.mjs'),
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '' },
      readyPath: '/',
      startTimeoutMs: 15_000,
    }),
    startChildServer({
      label: 'The app server (node dist/app/server.mjs)',
      script: serverEntry,
      cwd: repoRoot,
      env: appEnv,
      readyPath: '/healthz',
      startTimeoutMs: 60_000,
    }),
    benchDatabase && pgDataDir
      ? startChildServer({
          label: 'The app server on PostgreSQL (node dist/app/server.mjs)',
          script: serverEntry,
          cwd: repoRoot,
          env: { ...appEnv, DATA_DIR: pgDataDir, DATABASE_URL: benchDatabase.url },
          readyPath: '/healthz',
          // It migrates and seeds a new database over the network first: slower than SQLite on a busy machine.
          startTimeoutMs: 120_000,
        })
      : Promise.resolve(null),
  ]);
  progress(`  hello world: ${hello.baseUrl} (pid ${hello.pid}); app: ${app.baseUrl} (pid ${app.pid}, DATA_DIR ${tempDir})`);
  if (pgApp && benchDatabase) progress(`  app on PostgreSQL: ${pgApp.baseUrl} (pid ${pgApp.pid}, database ${benchDatabase.name})`);
  const pgMeter = benchDatabase && options.postgresUrl ? await createBackendCpuMeter(options.postgresUrl, benchDatabase.name) : null;
  if (pgApp && !pgMeter) progress('  PostgreSQL runs on another machine: its own CPU per request is not measured.');
  if (!cpuTimeAvailable()) progress('  /proc is not available: server CPU per request cannot be measured here.');

  // 3. Per page: setup (log in …), then the first visit, as a browser with an empty cache.
  /** @type {Map<string, Record<string, string>>} */
  const headersFor = new Map();
  /** Headers per page for the PostgreSQL server (its own log-ins, its own setup). @type {Map<string, Record<string, string>>} */
  const pgHeadersFor = new Map();
  /** @type {Map<string, FirstVisit | { error: string }>} */
  const firstVisits = new Map();
  /** @param {string} baseUrl @returns {import('./bench/pages.mjs').BenchContext} */
  const contextFor = (baseUrl) => ({
    baseUrl,
    fetch: (p, init = {}) => {
      const headers = new Headers(init.headers);
      for (const [k, v] of Object.entries(BROWSER_HEADERS)) if (!headers.has(k)) headers.set(k, v);
      return fetch(new URL(p, baseUrl), { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init, headers });
    },
  });
  /** @param {BenchPage} page @param {string} baseUrl */
  const setupPage = async (page, baseUrl) => {
    /** @type {Record<string, string>} */
    const headers = { ...BROWSER_HEADERS, ...page.headers };
    if (page.cookie) headers['Cookie'] = page.cookie;
    if (page.setup) {
      const extra = await withTimeout(page.setup(contextFor(baseUrl)), SETUP_TIMEOUT_MS, `setup of page "${page.name}" on ${baseUrl}`);
      if (extra && extra.headers) Object.assign(headers, extra.headers);
    }
    return headers;
  };
  for (const page of pages) {
    checkInterrupted();
    const headers = await setupPage(page, app.baseUrl);
    headersFor.set(page.name, headers);
    if (pgApp) pgHeadersFor.set(page.name, await setupPage(page, pgApp.baseUrl));
    const expectStatus = page.expectStatus ?? 200;
    const wantFirstVisit = page.firstVisit ?? !(expectStatus >= 300 && expectStatus < 400);
    if (wantFirstVisit && (page.method ?? 'GET') === 'GET') {
      try {
        firstVisits.set(page.name, await measureFirstVisit({ baseUrl: app.baseUrl, path: page.path, headers }));
      } catch (error) {
        firstVisits.set(page.name, { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /**
   * @param {BenchPage} page @param {number} sec @param {'sqlite' | 'postgres'} [backend]
   * @returns {Promise<LoadResult & { dbCpuMicrosPerReq?: number | null }>}
   */
  const loadPage = async (page, sec, backend = 'sqlite') => {
    checkInterrupted();
    const server = backend === 'postgres' ? pgApp : app;
    if (!server) throw new Error('No app server on PostgreSQL is running.');
    if (!server.alive()) throw new Error(`${server.label} stopped during the bench. Its last output:\n${server.recentOutput()}`);
    const dbBefore = backend === 'postgres' && pgMeter ? await pgMeter.sample() : null;
    const result = await runLoad({
      url: `${server.baseUrl}${page.path}`,
      pid: server.pid,
      durationSec: sec,
      connections: options.connections,
      headers: /** @type {Record<string, string>} */ ((backend === 'postgres' ? pgHeadersFor : headersFor).get(page.name)),
      ...(page.method ? { method: page.method } : {}),
      ...(page.body !== undefined ? { body: page.body } : {}),
      expectStatus: page.expectStatus ?? 200,
    });
    if (backend === 'postgres' && pgMeter) {
      const spent = pgMeter.spent(dbBefore, await pgMeter.sample());
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      return { ...result, dbCpuMicrosPerReq: spent !== null && result.requests > 0 ? spent / result.requests : null };
    }
    await new Promise((r) => setTimeout(r, PAUSE_MS));
    return result;
  };
  /** @param {number} sec @returns {Promise<LoadResult>} */
  const loadHello = async (sec) => {
    checkInterrupted();
    if (!hello.alive()) throw new Error(`The hello-world server stopped during the bench. Its last output:\n${hello.recentOutput()}`);
    const result = await runLoad({
      url: `${hello.baseUrl}/`,
      pid: hello.pid,
      durationSec: sec,
      connections: options.connections,
      headers: BROWSER_HEADERS,
      expectStatus: 200,
    });
    await new Promise((r) => setTimeout(r, PAUSE_MS));
    return result;
  };

  const loadAtStart = os.loadavg()[0] ?? 0;
  const cpuAtStart = machineCpuTicks();

  // 4. Warm-up (JIT, caches, connection setup), not recorded.
  if (options.warmupSec > 0) {
    progress(`Warming up (${options.warmupSec} s each)…`);
    await loadHello(options.warmupSec);
    for (const page of pages) {
      await loadPage(page, options.warmupSec);
      if (pgApp) await loadPage(page, options.warmupSec, 'postgres');
    }
  }

  // 5. Rounds: hello, page A, hello, page B, …
  /** @type {Map<string, { hello: LoadResult, page: LoadResult, postgres: (LoadResult & { dbCpuMicrosPerReq?: number | null }) | null }[]>} */
  const pairs = new Map(pages.map((p) => [p.name, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const page of pages) {
      const h = await loadHello(options.durationSec);
      const p = await loadPage(page, options.durationSec);
      const q = pgApp ? await loadPage(page, options.durationSec, 'postgres') : null;
      pairs.get(page.name)?.push({ hello: h, page: p, postgres: q });
      progress(
        `  round ${round}/${options.rounds}  ${page.name.padEnd(16)} ${fmt(p.reqPerSec).padStart(7)} req/s ` +
          `${q ? `(PostgreSQL ${fmt(q.reqPerSec)} req/s) ` : ''}(hello ${fmt(h.reqPerSec)} req/s, ${(p.reqPerSec / h.reqPerSec).toFixed(3)}×)`,
      );
    }
  }

  await pgMeter?.close();

  // 6. Medians and flags.
  const helloRuns = [...pairs.values()].flat().map((x) => x.hello);
  const helloMedian = summarise(helloRuns);
  const results = pages.map((page) => {
    const list = pairs.get(page.name) ?? [];
    const pageRuns = list.map((x) => x.page);
    const m = summarise(pageRuns);
    const ratio = median(list.map((x) => x.page.reqPerSec / x.hello.reqPerSec));
    const cpuRatio = median(
      list.map((x) => (x.page.cpuMicrosPerReq !== null && x.hello.cpuMicrosPerReq ? x.page.cpuMicrosPerReq / x.hello.cpuMicrosPerReq : null)),
    );
    const fv = firstVisits.get(page.name) ?? null;
    const flags = flagsFor(page, pageRuns, ratio, fv);
    /** @type {(LoadResult & { dbCpuMicrosPerReq?: number | null })[]} */
    const pgRuns = list.flatMap((x) => (x.postgres ? [x.postgres] : []));
    const postgres =
      pgRuns.length > 0
        ? {
            median: {
              ...summarise(pgRuns),
              dbCpuMicrosPerReq: median(pgRuns.map((r) => r.dbCpuMicrosPerReq ?? null)),
              ratioToHello: median(list.map((x) => (x.postgres ? x.postgres.reqPerSec / x.hello.reqPerSec : null))),
              ratioToSqlite: median(list.map((x) => (x.postgres ? x.postgres.reqPerSec / x.page.reqPerSec : null))),
            },
            flags: flagsFor(page, pgRuns, null, null).map((f) => `PostgreSQL: ${f}`),
          }
        : null;
    if (postgres) flags.push(...postgres.flags);
    return { page, median: { ...m, ratioToHello: ratio, cpuRatioToHello: cpuRatio }, runs: list, firstVisit: fv, flags, postgres };
  });

  // 7. Report.
  const elapsedSec = (Date.now() - started) / 1000;
  const rows = [
    [
      'hello-world',
      '200',
      fmt(helloMedian.reqPerSec),
      fmtMs(helloMedian.p50Ms),
      fmtMs(helloMedian.p99Ms),
      fmt(helloMedian.cpuMicrosPerReq, 1),
      '1.000',
      '1.0',
      '–',
      '–',
      '',
    ],
    ...results.map((r) => {
      const fv = r.firstVisit && !('error' in r.firstVisit) ? r.firstVisit : null;
      const budget = r.page.budgetKB !== undefined ? ` / ${fmt(r.page.budgetKB)}` : '';
      const jsBudget = r.page.jsBudgetKB !== undefined ? ` / ${fmt(r.page.jsBudgetKB)}` : '';
      return [
        r.page.name,
        String(r.page.expectStatus ?? 200),
        fmt(r.median.reqPerSec),
        fmtMs(r.median.p50Ms),
        fmtMs(r.median.p99Ms),
        fmt(r.median.cpuMicrosPerReq, 1),
        r.median.ratioToHello === null ? '–' : r.median.ratioToHello.toFixed(3),
        r.median.cpuRatioToHello === null ? '–' : r.median.cpuRatioToHello.toFixed(1),
        fv ? `${fmt(kb(fv.totalBytes), 1)}${budget}` : r.firstVisit ? 'error' : '–',
        fv ? `${fmt(kb(fv.jsBytes), 1)}${jsBudget}` : '–',
        r.flags.length > 0 ? `FLAGGED (${r.flags.length})` : 'ok',
      ];
    }),
  ];
  const header = ['page', 'status', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', '× hello', 'CPU × hello', 'first visit KB', 'JS KB', 'check'];
  console.log('');
  console.log(
    `HarvestLink bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
  );
  console.log(
    `Medians of ${options.rounds} round(s) × ${options.durationSec} s, ${options.connections} connections, Accept-Encoding: gzip, deflate, br; ` +
      `'× hello' = req/s ÷ hello-world req/s in the same round; KB = 1024 bytes as sent (HTML + CSS + JS, compressed).`,
  );
  console.log('');
  console.log(table(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  console.log('');
  if (pgApp) {
    console.log(
      `PostgreSQL column: the same pages on a second app server using PostgreSQL (${options.postgresUrl ? redact(options.postgresUrl) : ''}, ` +
        'pool of 10), measured in the same rounds. App CPU = the Node process; PG CPU = PostgreSQL\'s own processes for this database.',
    );
    console.log('');
    const pgRows = results.map((r) => {
      const q = r.postgres?.median ?? null;
      return [
        r.page.name,
        fmt(r.median.reqPerSec),
        fmt(q?.reqPerSec ?? null),
        q?.ratioToSqlite === null || q?.ratioToSqlite === undefined ? '–' : q.ratioToSqlite.toFixed(2),
        fmtMs(r.median.p50Ms),
        fmtMs(q?.p50Ms ?? null),
        fmtMs(r.median.p99Ms),
        fmtMs(q?.p99Ms ?? null),
        fmt(r.median.cpuMicrosPerReq, 1),
        fmt(q?.cpuMicrosPerReq ?? null, 1),
        fmt(q?.dbCpuMicrosPerReq ?? null, 1),
        q?.ratioToHello === null || q?.ratioToHello === undefined ? '–' : q.ratioToHello.toFixed(3),
      ];
    });
    const pgHeader = [
      'page',
      'SQLite req/s',
      'PG req/s',
      'PG ÷ SQLite',
      'SQLite p50',
      'PG p50',
      'SQLite p99',
      'PG p99',
      'app CPU µs SQLite',
      'app CPU µs PG',
      'PG CPU µs',
      'PG × hello',
    ];
    console.log(table(pgHeader, pgRows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    console.log('');
  }
  for (const r of results) {
    const fv = r.firstVisit;
    if (fv && !('error' in fv)) {
      const parts = fv.resources.map((x) => `${x.kind} ${x.url} ${fmt(kb(x.bytes), 1)} KB ${x.encoding}`);
      console.log(`${r.page.name}: ${parts.join('; ')}`);
    }
  }
  const loadAtEnd = os.loadavg()[0] ?? 0;
  const stolenPct = stolenPercent(cpuAtStart, machineCpuTicks());
  const helloRates = helloRuns.map((r) => r.reqPerSec);
  const helloMin = Math.min(...helloRates);
  const helloMax = Math.max(...helloRates);
  console.log(
    `\nhello-world req/s ranged ${fmt(helloMin)}–${fmt(helloMax)} over ${helloRates.length} runs; ` +
      `load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end, on ${os.cpus().length} CPUs` +
      (stolenPct === null ? '.' : `; the hypervisor took ${stolenPct.toFixed(0)}% of the CPU time (steal) during the runs.`),
  );
  if (Math.max(loadAtStart, loadAtEnd) > os.cpus().length * 0.75 || helloMax > helloMin * 1.5 || (stolenPct ?? 0) > 10) {
    console.log('The machine was busy or noisy during the bench: compare ratios and CPU per request, not absolute req/s.');
  }
  // Page reports (measurements a page's entry makes itself, e.g. a time the server reports).
  /** @type {Map<string, string[]>} */
  const reports = new Map();
  for (const page of pages) {
    if (!page.report) continue;
    try {
      const headers = headersFor.get(page.name) ?? {};
      reports.set(page.name, await withTimeout(page.report(contextFor(app.baseUrl), { headers }), SETUP_TIMEOUT_MS, `report of page "${page.name}"`));
    } catch (error) {
      reports.set(page.name, [`report failed: ${error instanceof Error ? error.message : String(error)}`]);
    }
    for (const line of reports.get(page.name) ?? []) console.log(`${page.name}: ${line}`);
  }
  // Market search over 5,000 seeded stores, in databases of its own (not the demo data above).
  /** @type {import('./bench/market-search.mjs').MarketSearchResult | { error: string } | null} */
  let marketSearch = null;
  const marketResult = results.find((r) => r.page.name === 'market');
  if (marketResult && options.marketSearch) {
    checkInterrupted();
    progress('Market search: seeding 5,000 stores into databases of its own…');
    try {
      const measured = await measureMarketSearch({ postgresUrl: options.postgresUrl, log: progress });
      marketSearch = measured;
      console.log('');
      for (const line of formatMarketSearch(measured)) console.log(line);
      marketResult.flags.push(...measured.flags.map((f) => `search over ${measured.stores} stores: ${f}`));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      marketSearch = { error: message };
      marketResult.flags.push(`search over 5,000 stores could not be measured: ${message}`);
    }
  }
  // The dashboard of a 200-trainee cohort and its CSV, in databases of their own (not the demo data).
  /** @type {import('./bench/trainer-dashboard.mjs').TrainerBenchResult | { error: string } | null} */
  let trainerCohort = null;
  const trainerResult = results.find((r) => r.page.name === 'trainer');
  if (trainerResult && options.trainerCohort) {
    checkInterrupted();
    progress('Trainer dashboard: seeding a cohort of 200 trainees into databases of its own…');
    try {
      const measured = await measureTrainerDashboard({ postgresUrl: options.postgresUrl, log: progress });
      trainerCohort = measured;
      console.log('');
      for (const line of formatTrainerDashboard(measured)) console.log(line);
      trainerResult.flags.push(...measured.flags.map((f) => `dashboard of ${measured.trainees} trainees: ${f}`));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      trainerCohort = { error: message };
      trainerResult.flags.push(`dashboard of 200 trainees could not be measured: ${message}`);
    }
  }
  const flagged = results.filter((r) => r.flags.length > 0);
  console.log('');
  if (flagged.length === 0) console.log('No page is flagged: every page is within its budget and answered as expected.');
  for (const r of flagged) {
    for (const f of r.flags) console.log(`FLAG ${r.page.name}: ${f}`);
  }
  console.log(`\nBench finished in ${duration(elapsedSec)} (${runs} load runs).`);

  const json = {
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    elapsedSec,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadavg: os.loadavg(),
      loadAtStart,
      loadAtEnd,
      stolenPct,
    },
    options: {
      ...options,
      postgresUrl: options.postgresUrl ? redact(options.postgresUrl) : null,
      out: path.relative(repoRoot, options.out),
      pagesFile: options.pagesFile && path.relative(repoRoot, options.pagesFile),
    },
    requestHeaders: BROWSER_HEADERS,
    hello: { median: helloMedian, runs: helloRuns },
    pages: results.map((r) => ({
      name: r.page.name,
      path: r.page.path,
      method: r.page.method ?? 'GET',
      expectStatus: r.page.expectStatus ?? 200,
      budgetKB: r.page.budgetKB ?? null,
      jsBudgetKB: r.page.jsBudgetKB ?? null,
      goal: r.page.goal ?? null,
      note: r.page.note ?? null,
      report: reports.get(r.page.name) ?? null,
      median: r.median,
      postgres: r.postgres ? r.postgres.median : null,
      firstVisit: r.firstVisit,
      flags: r.flags,
      runs: r.runs.map((x) => ({ hello: x.hello, page: x.page, postgres: x.postgres, ratioToHello: x.page.reqPerSec / x.hello.reqPerSec })),
    })),
    flagged: flagged.map((r) => r.page.name),
    marketSearch,
    trainerCohort,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`Results: ${path.relative(process.cwd(), options.out) || options.out}`);

  if (flagged.length > 0 && options.strict) {
    console.error(`--strict: ${flagged.length} page(s) flagged.`);
    return 2;
  }
  return 0;
}

/** @param {LoadResult[]} runs */
function summarise(runs) {
  return {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p90Ms: median(runs.map((r) => r.p90Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMicrosPerReq: median(runs.map((r) => r.cpuMicrosPerReq)),
    serverCpuPct: median(runs.map((r) => r.serverCpuPct)),
    clientCpuPct: median(runs.map((r) => r.clientCpuPct)),
    requests: runs.reduce((n, r) => n + r.requests, 0),
  };
}

/**
 * @param {BenchPage} page @param {LoadResult[]} runs @param {number | null} ratio
 * @param {FirstVisit | { error: string } | null} fv
 */
function flagsFor(page, runs, ratio, fv) {
  /** @type {string[]} */
  const flags = [];
  const expectStatus = page.expectStatus ?? 200;
  const total = runs.reduce((n, r) => n + r.requests, 0);
  const unexpected = runs.reduce((n, r) => n + r.unexpected, 0);
  if (unexpected > 0) {
    /** @type {Record<string, number>} */
    const statuses = {};
    for (const r of runs) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    const other = Object.entries(statuses)
      .filter(([code]) => code !== String(expectStatus))
      .map(([code, n]) => `${code} × ${n}`)
      .join(', ');
    flags.push(`${unexpected} of ${total} responses were not ${expectStatus} (${other}): its req/s does not measure the page`);
  }
  const errors = runs.reduce((n, r) => n + r.errors + r.timeouts, 0);
  if (errors > 0) flags.push(`${errors} connection errors or timeouts under load`);
  if (page.goal !== undefined && ratio !== null && ratio < page.goal) {
    flags.push(`req/s is ${ratio.toFixed(3)}× hello world, below its goal of ${page.goal}×`);
  }
  if (fv && 'error' in fv) {
    flags.push(`first visit could not be measured: ${fv.error}`);
  } else if (fv) {
    if (fv.status !== expectStatus) flags.push(`first visit answered ${fv.status}, expected ${expectStatus}`);
    if (page.budgetKB !== undefined && fv.totalBytes > page.budgetKB * 1024) {
      flags.push(`first visit is ${fmt(kb(fv.totalBytes), 1)} KB, over its budget of ${page.budgetKB} KB`);
    }
    if (page.jsBudgetKB === 0 && fv.jsFiles > 0) {
      const files = fv.resources.filter((r) => r.kind === 'js').map((r) => r.url);
      flags.push(`loads JavaScript (${fmt(kb(fv.jsBytes), 1)} KB in ${files.join(', ')}) but its budget allows none`);
    } else if (page.jsBudgetKB !== undefined && fv.jsBytes > page.jsBudgetKB * 1024) {
      flags.push(`JavaScript is ${fmt(kb(fv.jsBytes), 1)} KB, over its budget of ${page.jsBudgetKB} KB`);
    }
    for (const p of fv.problems) flags.push(p);
  }
  return flags;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (error instanceof UsageError || (error instanceof Error && error.name === 'TypeError' && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${error.message}\n\n${HELP}`);
    exitCode = 64;
  } else if (interrupted) {
    console.error('Bench interrupted; servers stopped.');
    exitCode = 130;
  } else {
    console.error(`Bench failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
} finally {
  stopCurrentLoad();
  await stopAllChildren();
  removeTempDir();
  await dropBenchDatabase();
}
process.exit(exitCode);
