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
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
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
    uploadsDir: path.join(dataDir, 'uploads'),
    backupsDir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : path.join(dataDir, 'backups'),
    pidFile: path.join(dataDir, 'server.pid'),
    publicUrl,
    secure: publicUrl.startsWith('https:'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    seedDemo: e.SEED_DEMO,
    timeZone: e.TIME_ZONE,
  };
}

let cached: AppConfig | null = null;

/** The process-wide configuration, read once from the environment. */
export function getConfig(): AppConfig {
  cached ??= readConfig();
  return cached;
}
