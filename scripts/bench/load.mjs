// @ts-check
// One bounded load run against one URL with wrk (Debian package `wrk`), with the server child's CPU
// time read around it.
//
// Why wrk and not autocannon: autocannon appends every response body to a JavaScript string
// (`req.body += data`), i.e. it UTF-8-decodes each body. For a brotli page that costs the load
// generator about 115 µs per response on the bench machine, so it, not the server, sets the pace:
// a bare node:http server sending the cached store page's exact bytes reached only 0.25× hello
// world under autocannon, and 0.72–0.88× under wrk. wrk (C, one thread) reads bodies without
// decoding them, so the ratios measure the servers.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processCpuMicros, ticksPerSecond } from './children.mjs';

/** @type {import('node:child_process').ChildProcess | null} */
let current = null;

/** Stops the run in progress (Ctrl-C). */
export function stopCurrentLoad() {
  current?.kill('SIGINT');
}

/** Whether wrk is installed; the bench refuses to start without it. */
export function wrkAvailable() {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && /^wrk /.test(`${probe.stdout}${probe.stderr}`);
}

/**
 * A Lua string literal for any text: every byte outside [A-Za-z0-9 ] as a decimal escape.
 * @param {string} text
 */
function luaString(text) {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${byte.toString().padStart(3, '0')}`;
  }
  return `${out}"`;
}

const RESULT_MARK = 'WRK_RESULT ';

/**
 * The wrk script for one run: method, body and headers, a count per status (kept per wrk thread,
 * summed in done()), and one JSON line with the summary (durations and latencies in µs).
 * @param {{ method: string, body: string | undefined, headers: Record<string, string> }} request
 */
export function wrkScript({ method, body, headers }) {
  const lines = [`wrk.method = ${luaString(method)}`];
  if (body !== undefined) lines.push(`wrk.body = ${luaString(body)}`);
  for (const [name, value] of Object.entries(headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  lines.push(
    'local threads = {}',
    'function setup(thread) table.insert(threads, thread) end',
    'function init(args) statuses = {} end',
    'function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end',
    'function done(summary, latency, requests)',
    '  local counts = {}',
    '  for _, t in ipairs(threads) do',
    '    for code, n in pairs(t:get("statuses")) do counts[#counts + 1] = string.format(\'"%d":%d\', code, n) end',
    '  end',
    '  local e = summary.errors',
    `  io.write(string.format('${RESULT_MARK}{"requests":%d,"durationUs":%d,"bytes":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,` +
      `"connect":%d,"read":%d,"write":%d,"timeout":%d,"statuses":{%s}}\\n', summary.requests, summary.duration, summary.bytes,` +
      ' latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,' +
      ' e.connect, e.read, e.write, e.timeout, table.concat(counts, ",")))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

/** CPU time (user + system, µs) of this process's children that have ended (wrk, once reaped). */
function endedChildrenCpuMicros() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime
    return Number.isFinite(ticks) ? (ticks * 1e6) / ticksPerSecond() : 0;
  } catch {
    return 0;
  }
}

/**
 * @typedef {object} LoadResult
 * @property {number} durationSec        wall time wrk measured
 * @property {number} requests           responses completed
 * @property {number} reqPerSec
 * @property {number | null} p50Ms
 * @property {number | null} p90Ms
 * @property {number | null} p99Ms
 * @property {number | null} maxMs
 * @property {number | null} cpuMicrosPerReq  server CPU (user + system) per completed request
 * @property {number | null} serverCpuPct     server CPU over the run, 100 = one core
 * @property {number} clientCpuPct            the load generator's CPU (wrk), 100 = one core
 * @property {number} bytesPerSec             response bytes received per second (as sent)
 * @property {Record<string, number>} statuses
 * @property {number} unexpected         responses whose status was not the expected one
 * @property {number} errors             connection errors (connect, read, write)
 * @property {number} timeouts
 */

/**
 * @param {object} options
 * @param {string} options.url
 * @param {number} options.pid            server process whose CPU is read
 * @param {number} options.durationSec
 * @param {number} options.connections
 * @param {Record<string, string>} options.headers
 * @param {string} [options.method]
 * @param {string} [options.body]
 * @param {number} options.expectStatus
 * @returns {Promise<LoadResult>}
 */
export async function runLoad({ url, pid, durationSec, connections, headers, method = 'GET', body, expectStatus }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harvestlink-wrk-'));
  const script = path.join(dir, 'run.lua');
  fs.writeFileSync(script, wrkScript({ method, body, headers }));
  const seconds = Math.max(1, Math.round(durationSec));
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url];

  const cpuBefore = processCpuMicros(pid);
  const clientBefore = endedChildrenCpuMicros();
  const started = performance.now();
  /** @type {string} */
  let output = '';
  try {
    output = await new Promise((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      current = child;
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      // A safety net on top of wrk's own duration: never wait much longer than asked.
      const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 15) * 1000);
      child.on('error', (error) => {
        clearTimeout(guard);
        reject(new Error(`could not run wrk (apt-get install -y wrk): ${error.message}`));
      });
      child.on('close', () => {
        clearTimeout(guard);
        resolve(text);
      });
    });
  } finally {
    current = null;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const wallSec = (performance.now() - started) / 1000;
  const cpuAfter = processCpuMicros(pid);
  const clientMicros = endedChildrenCpuMicros() - clientBefore;

  const line = output.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`wrk gave no result for ${url}:\n${output.trim().slice(-2000)}`);
  /** @type {{ requests: number, durationUs: number, bytes: number, p50: number, p90: number, p99: number, max: number, connect: number, read: number, write: number, timeout: number, statuses: Record<string, number> }} */
  const r = JSON.parse(line.slice(RESULT_MARK.length));
  const measuredSec = r.durationUs > 0 ? r.durationUs / 1e6 : wallSec;
  const expected = r.statuses[String(expectStatus)] ?? 0;
  const ms = (/** @type {number} */ us) => (r.requests > 0 ? us / 1000 : null);
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return {
    durationSec: measuredSec,
    requests: r.requests,
    reqPerSec: r.requests / measuredSec,
    p50Ms: ms(r.p50),
    p90Ms: ms(r.p90),
    p99Ms: ms(r.p99),
    maxMs: ms(r.max),
    cpuMicrosPerReq: cpu !== null && r.requests > 0 ? cpu / r.requests : null,
    serverCpuPct: cpu !== null ? (cpu / (wallSec * 1e6)) * 100 : null,
    clientCpuPct: (clientMicros / (wallSec * 1e6)) * 100,
    bytesPerSec: r.bytes / measuredSec,
    statuses: Object.fromEntries(Object.entries(r.statuses).map(([code, n]) => [code, n])),
    unexpected: r.requests - expected,
    errors: r.connect + r.read + r.write,
    timeouts: r.timeout,
  };
}
