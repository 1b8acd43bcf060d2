// Starts the real built server (dist/app/server.mjs) for tests, each in a fresh temporary DATA_DIR.
// Tests never build: `npm test` (scripts/test.mjs) builds once before Vitest and Playwright run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestBackend } from './postgres';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The build the tests run: `npm test` copies dist/ to a private snapshot and names it here, so a
 * rebuild in another terminal (`npm start`, `npm run build`) cannot pull files away mid-run.
 */
export const DIST_DIR = process.env['HARVESTLINK_TEST_DIST'] ?? path.join(ROOT, 'dist');

/** The PUBLIC_URL `npm test` builds with. Servers bind other ports: Astro trusts 127.0.0.1 on any port. */
export const TEST_PUBLIC_URL = 'http://127.0.0.1:4321';

/** Configuration variables the app reads; cleared from the inherited environment so a developer's settings do not leak in. */
const APP_ENV_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'BACKUP_DIR',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'SEED_DEMO',
  'TIME_ZONE',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'STATS_FLUSH_MS',
];

export interface StartOptions {
  /** Extra environment, applied last. */
  env?: Record<string, string>;
  /** Reuse a data directory (e.g. to restart on the same database). It is never deleted by stop(). */
  dataDir?: string;
  /** A fixed port; by default a free one. */
  port?: number;
  /** The script to run (absolute, or relative to the repository root); by default DIST_DIR/app/server.mjs. */
  entry?: string;
  /** How long to wait for /healthz (default 45 s: a new database is migrated and seeded first, and CI machines can be busy). */
  timeoutMs?: number;
  /** 'postgres': a fresh database on the TEST_DATABASE_URL server, dropped by stop(). Default 'sqlite' (DATA_DIR). */
  backend?: TestBackend;
  /** Run on this PostgreSQL database (e.g. another server's, to restart on it or share it); never dropped here. */
  databaseUrl?: string | null;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** The PostgreSQL database the server runs on, or null for SQLite under dataDir. */
  databaseUrl: string | null;
  /** DATA_DIR (and DATABASE_URL): the environment a command-line tool needs to work on this server's data. */
  dataEnv: Record<string, string>;
  process: ChildProcess;
  /** SIGTERM, wait for the process to end, then delete the data directory (and drop the PostgreSQL database) when this helper made it. */
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL by default) and waits for the process to end; keeps the data directory. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Everything the server printed so far (stdout and stderr interleaved). */
  logs(): string;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function makeTempDir(prefix = 'harvestlink-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Whether a server can listen on this port of 127.0.0.1 now; resolves with the port the kernel gave for 0. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(null) : reject(error)));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const given = typeof address === 'object' && address ? address.port : null;
      probe.close(() => resolve(given));
    });
  });
}

/** The lowest port the kernel hands out for outgoing connections and `listen(0)`. */
function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const PORT_BLOCK = 1000;
const PORT_BASE = 20_000;
// Ports 20000–31999 with Linux's default ephemeral range (from 32768): 12 workers' blocks.
const PORT_BLOCKS = Math.floor((ephemeralLow() - PORT_BASE) / PORT_BLOCK);
let portOffset = Math.floor(Math.random() * PORT_BLOCK);

/**
 * A port for a test server, from a block of ports of this Vitest worker's own (VITEST_POOL_ID), below
 * the kernel's ephemeral range. A port that `listen(0)` gave is free only until it is closed: in the
 * seconds before the server binds it, the other worker's `listen(0)` or any outgoing connection (both
 * drawn from the ephemeral range) may take it, and the server then fails to start, or the health
 * check reaches another test's server. Busy ports in the block are skipped.
 */
export async function freePort(): Promise<number> {
  const worker = Number(process.env['VITEST_POOL_ID'] ?? 0);
  // Outside Vitest (Playwright) block 0; without room below the ephemeral range, the kernel's choice.
  if (Number.isInteger(worker) && worker >= 0 && worker < PORT_BLOCKS) {
    const start = PORT_BASE + worker * PORT_BLOCK;
    for (let tries = 0; tries < PORT_BLOCK; tries += 1) {
      portOffset = (portOffset + 1) % PORT_BLOCK;
      const port = await tryListen(start + portOffset);
      if (port !== null) return port;
    }
  }
  const port = await tryListen(0);
  if (port === null) throw new Error('No free port on 127.0.0.1.');
  return port;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering /healthz:\n${logs()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The server did not answer /healthz within ${timeoutMs} ms (${lastError}):\n${logs()}`);
}

/** Spawns the built server (or another entry such as scripts/start.mjs) and waits until /healthz answers. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const entry = path.resolve(ROOT, options.entry ?? path.join(DIST_DIR, 'app/server.mjs'));
  if (!fs.existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm test\` (it builds first) or \`node scripts/build.mjs\`.`);
  }
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir();
  const ownDatabase = options.backend === 'postgres' && !options.databaseUrl ? await createTestDatabase() : null;
  const databaseUrl = options.databaseUrl ?? ownDatabase?.url ?? null;
  const dataEnv: Record<string, string> = { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const removeData = async (): Promise<void> => {
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    await ownDatabase?.drop();
  };
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of APP_ENV_KEYS) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...dataEnv,
    PUBLIC_URL: TEST_PUBLIC_URL,
    ...options.env,
  });

  const child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const logs = (): string => output;
  const url = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await waitForExit(child, 15_000);
  };
  const stop = async (): Promise<void> => {
    await kill('SIGTERM');
    await removeData();
  };

  try {
    await waitForHealth(url, child, logs, options.timeoutMs ?? 45_000);
    // A PostgreSQL test must really run on PostgreSQL, never fall back to SQLite unnoticed.
    const expected = databaseUrl ? 'Database: PostgreSQL' : 'Database: SQLite';
    if (!logs().includes(expected)) throw new Error(`The server did not report "${expected}" at start:\n${logs()}`);
  } catch (error) {
    await kill('SIGKILL');
    await removeData();
    throw error;
  }
  return { url, port, dataDir, databaseUrl, dataEnv, process: child, stop, kill, logs };
}
