// @ts-check
// One bounded autocannon run against one URL, with the server child's CPU time read around it.
import autocannon from 'autocannon';
import { processCpuMicros } from './children.mjs';

/** @type {{ stop: () => void } | null} */
let current = null;

/** Stops the run in progress (Ctrl-C). */
export function stopCurrentLoad() {
  current?.stop();
}

/** Latencies in fractional milliseconds (autocannon's own histogram rounds to whole ms). */
class Samples {
  constructor() {
    this.data = new Float64Array(65_536);
    this.length = 0;
  }
  /** @param {number} value */
  push(value) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  /** @param {number[]} ps percentiles 0–100 @returns {(number | null)[]} */
  percentiles(ps) {
    if (this.length === 0) return ps.map(() => null);
    const sorted = this.data.slice(0, this.length).sort();
    return ps.map((p) => sorted[Math.min(this.length - 1, Math.max(0, Math.ceil((p / 100) * this.length) - 1))] ?? null);
  }
}

/**
 * @typedef {object} LoadResult
 * @property {number} durationSec        wall time autocannon measured
 * @property {number} requests           responses completed
 * @property {number} reqPerSec
 * @property {number | null} p50Ms
 * @property {number | null} p90Ms
 * @property {number | null} p99Ms
 * @property {number | null} maxMs
 * @property {number | null} cpuMicrosPerReq  server CPU (user + system) per completed request
 * @property {number | null} serverCpuPct     server CPU over the run, 100 = one core
 * @property {number} clientCpuPct            the load generator's CPU (this process), 100 = one core
 * @property {number} bytesPerSec             response bytes received per second (as sent)
 * @property {Record<string, number>} statuses
 * @property {number} unexpected         responses whose status was not the expected one
 * @property {number} errors             connection errors
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
  const samples = new Samples();
  /** @type {import('autocannon').Options} */
  const opts = { url, connections, duration: durationSec, headers, method, timeout: 10, pipelining: 1 };
  if (body !== undefined) opts.body = body;

  const cpuBefore = processCpuMicros(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon(opts);
  current = instance;
  instance.on('response', (_client, _status, _bytes, ms) => samples.push(ms));
  // A safety net on top of autocannon's own duration: never wait much longer than asked.
  const guard = setTimeout(() => instance.stop(), (durationSec + 15) * 1000);
  /** @type {import('autocannon').Result} */
  let result;
  try {
    result = await instance;
  } finally {
    clearTimeout(guard);
    current = null;
  }
  const wallSec = (performance.now() - started) / 1000;
  const cpuAfter = processCpuMicros(pid);
  const client = process.cpuUsage(clientBefore);

  /** @type {Record<string, number>} */
  const statuses = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = stat.count;
  }
  const requests = Number(result.requests?.total ?? 0);
  const durationSec2 = Number(result.duration) > 0 ? Number(result.duration) : wallSec;
  const expected = statuses[String(expectStatus)] ?? 0;
  const [p50, p90, p99, max] = samples.percentiles([50, 90, 99, 100]);
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return {
    durationSec: durationSec2,
    requests,
    reqPerSec: requests / durationSec2,
    p50Ms: p50 ?? null,
    p90Ms: p90 ?? null,
    p99Ms: p99 ?? null,
    maxMs: max ?? null,
    cpuMicrosPerReq: cpu !== null && requests > 0 ? cpu / requests : null,
    serverCpuPct: cpu !== null ? (cpu / (wallSec * 1e6)) * 100 : null,
    clientCpuPct: ((client.user + client.system) / (wallSec * 1e6)) * 100,
    bytesPerSec: Number(result.throughput?.total ?? 0) / durationSec2,
    statuses,
    unexpected: requests - expected,
    errors: Number(result.errors ?? 0),
    timeouts: Number(result.timeouts ?? 0),
  };
}
