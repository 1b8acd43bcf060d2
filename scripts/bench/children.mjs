// @ts-check
// Child server processes for the bench: start on a free loopback port, wait until they answer,
// read their CPU time from /proc, and stop them (always, also on errors and Ctrl-C).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ORPHAN_GUARD = new URL('./orphan-guard.mjs', import.meta.url).href;
const LOG_LINES_KEPT = 40;

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/**
 * @typedef {object} ChildServer
 * @property {string} label
 * @property {ChildProcess} child
 * @property {number} pid
 * @property {number} port
 * @property {string} baseUrl
 * @property {() => string} recentOutput  the last lines the child printed
 * @property {() => boolean} alive
 * @property {() => Promise<void>} stop
 */

/** @type {Set<ChildServer>} */
const running = new Set();

/** Kills every child still running; synchronous, for process 'exit'. */
export function killAllChildrenNow() {
  for (const server of running) {
    if (server.alive()) server.child.kill('SIGKILL');
  }
  running.clear();
}

/** Stops every child politely (SIGTERM, then SIGKILL after a few seconds). */
export async function stopAllChildren() {
  await Promise.all([...running].map((s) => s.stop()));
}

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/**
 * One GET over loopback; resolves with the status, or null on a connection error/timeout.
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<number | null>}
 */
function probe(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Starts `node <script>` as a child on 127.0.0.1 and waits until `readyPath` answers `readyStatus`.
 * @param {object} options
 * @param {string} options.label          for messages
 * @param {string} options.script         absolute path of the entry file
 * @param {string} options.cwd
 * @param {NodeJS.ProcessEnv} options.env  PORT and HOST are set here
 * @param {string} options.readyPath
 * @param {number} [options.readyStatus]
 * @param {number} [options.startTimeoutMs]
 * @returns {Promise<ChildServer>}
 */
export async function startChildServer({ label, script, cwd, env, readyPath, readyStatus = 200, startTimeoutMs = 60_000 }) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', ORPHAN_GUARD, script], {
    cwd,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const lines = [];
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > LOG_LINES_KEPT) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
  let exited = null;
  /** @type {Promise<void>} */
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  /** @type {Error | null} */
  let spawnError = null;
  child.once('error', (error) => {
    spawnError = error;
  });

  /** @type {ChildServer} */
  const server = {
    label,
    child,
    pid: child.pid ?? -1,
    port,
    baseUrl,
    recentOutput: () => lines.map((l) => `    | ${l}`).join('\n'),
    alive: () => exited === null && spawnError === null,
    stop: async () => {
      if (exited === null && spawnError === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (exited === null) child.kill('SIGKILL');
        }, 5_000);
        await exitPromise;
        clearTimeout(timer);
      }
      running.delete(server);
    },
  };
  running.add(server);

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`${label} could not be started: ${/** @type {Error} */ (spawnError).message}`);
    if (exited) {
      const how = /** @type {{ code: number | null, signal: string | null }} */ (exited);
      throw new Error(
        `${label} exited during start-up (${how.signal ? `signal ${how.signal}` : `exit code ${how.code}`}). Its last output:\n${server.recentOutput() || '    (nothing)'}`,
      );
    }
    const status = await probe(`${baseUrl}${readyPath}`, 2_000);
    if (status === readyStatus) return server;
    await new Promise((r) => setTimeout(r, 150));
  }
  await server.stop();
  throw new Error(
    `${label} did not answer ${readyPath} with ${readyStatus} within ${Math.round(startTimeoutMs / 1000)} s on ${baseUrl}. Its last output:\n${server.recentOutput() || '    (nothing)'}`,
  );
}

let clockTicks = 0;
/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK, usually 100). */
export function ticksPerSecond() {
  if (clockTicks > 0) return clockTicks;
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(out.stdout?.trim());
  clockTicks = Number.isFinite(value) && value > 0 ? value : 100;
  return clockTicks;
}

/** Whether /proc/<pid>/stat can be read (Linux). */
export function cpuTimeAvailable() {
  return fs.existsSync(`/proc/${process.pid}/stat`);
}

/**
 * User + system CPU time of a process (all its threads) in microseconds, or null when unknown.
 * Resolution is one clock tick (usually 10 ms), so read it around runs of a few seconds.
 * @param {number} pid
 * @returns {number | null}
 */
export function processCpuMicros(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return ((utime + stime) * 1e6) / ticksPerSecond();
  } catch {
    return null;
  }
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
