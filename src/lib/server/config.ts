import path from 'node:path';
import { z } from 'zod';
import { normalisePublicUrl } from '../../../config/runtime.mjs';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  BACKUP_DIR: z.string().min(1).optional(),
  PUBLIC_URL: z.string().optional(),
  TRUST_PROXY: z.string().default('false'),
  SEED_DEMO: booleanish.default('true'),
  TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => isValidTimeZone(tz), { message: 'TIME_ZONE must be an IANA zone such as Asia/Shanghai' }),
  // Unset or empty: SQLite under DATA_DIR. Set: PostgreSQL, e.g. postgres://harvestlink:secret@db.internal:5432/harvestlink
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((url) => url === undefined || url === '' || isPostgresUrlSetting(url), {
      message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/harvestlink (leave it unset for SQLite)',
    }),
  DATABASE_POOL_SIZE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ invalid_type_error: 'DATABASE_POOL_SIZE must be a whole number from 1 to 200' })
      .int('DATABASE_POOL_SIZE must be a whole number from 1 to 200')
      .min(1, 'DATABASE_POOL_SIZE must be a whole number from 1 to 200')
      .max(200, 'DATABASE_POOL_SIZE must be a whole number from 1 to 200')
      .default(10),
  ),
  // How often counted QR scans and page views are written (they wait in memory until then).
  STATS_FLUSH_MS: z.coerce
    .number({ invalid_type_error: 'STATS_FLUSH_MS must be a whole number of milliseconds from 100 to 60000' })
    .int()
    .min(100, 'STATS_FLUSH_MS must be at least 100')
    .max(60_000, 'STATS_FLUSH_MS must be at most 60000')
    .default(1000),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file, used when databaseUrl is null. */
  databaseFile: string;
  /** A postgres:// URL selects PostgreSQL; null means SQLite at databaseFile. */
  databaseUrl: string | null;
  /** Most PostgreSQL connections one app server opens (ignored for SQLite). */
  databasePoolSize: number;
  uploadsDir: string;
  backupsDir: string;
  /** Written while the server runs; `npm run restore` refuses while its process lives. */
  pidFile: string;
  publicUrl: string;
  secure: boolean;
  /** Express "trust proxy" value: false, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  seedDemo: boolean;
  timeZone: string;
  /** Counted scans and page views are written this often (a crash loses at most this much of them). */
  statsFlushMs: number;
}

function isPostgresUrlSetting(url: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseTrustProxy(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') return 1;
  if (/^\d+$/.test(v)) return Number(v);
  return value.trim();
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration error: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = normalisePublicUrl(e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: path.join(dataDir, 'harvestlink.db'),
    databaseUrl: e.DATABASE_URL ? e.DATABASE_URL : null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    uploadsDir: path.join(dataDir, 'uploads'),
    backupsDir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : path.join(dataDir, 'backups'),
    pidFile: path.join(dataDir, 'server.pid'),
    publicUrl,
    secure: publicUrl.startsWith('https:'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    seedDemo: e.SEED_DEMO,
    timeZone: e.TIME_ZONE,
    statsFlushMs: e.STATS_FLUSH_MS,
  };
}

let cached: AppConfig | null = null;

/** The process-wide configuration, read once from the environment. */
export function getConfig(): AppConfig {
  cached ??= readConfig();
  return cached;
}
