// Log-in throttling kept in the database, so it survives restarts and holds across app servers.
//  - one login from one IP: 10 failures in 15 minutes → refused (429) until the window moves on;
//  - one login from anywhere: a growing delay, never a refusal, so a stranger who knows a farmer's
//    phone number cannot lock the farmer out;
//  - one IP for any login: a much higher ceiling, so a village behind one carrier NAT still works.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { clearPairFailures, countFailures, pruneFailures, recordFailure, type FailureKind } from './throttle.repository';

export const WINDOW_MS = 15 * 60 * 1000;
export const PAIR_LIMIT = 10;
export const IP_LIMIT = 300;
/** Failures for one account (from all IPs) before each further try is slowed. */
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_MAX_DELAY_MS = 8000;

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

/** The slowdown for an account with `failures` recent failures: 0, then 250 ms doubling to 8 s. */
export function accountDelayMs(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(ACCOUNT_MAX_DELAY_MS, 250 * 2 ** (failures - ACCOUNT_FREE_FAILURES));
}

export async function checkThrottle(
  db: Kysely<Database>,
  kind: FailureKind,
  login: string,
  ip: string,
  now: Date = new Date(),
): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const counts = await countFailures(db, kind, login, ip, since);
  const retryAfter = (oldest: string | null): number =>
    Math.max(1, Math.ceil(((oldest ? Date.parse(oldest) : now.getTime()) + WINDOW_MS - now.getTime()) / 1000));
  if (counts.pair >= PAIR_LIMIT) return { allowed: false, retryAfterSeconds: retryAfter(counts.pairOldest) };
  if (counts.ip >= IP_LIMIT) return { allowed: false, retryAfterSeconds: retryAfter(counts.ipOldest) };
  return { allowed: true, delayMs: accountDelayMs(counts.account) };
}

export async function noteFailure(db: Kysely<Database>, kind: FailureKind, login: string, ip: string, now: Date = new Date()): Promise<void> {
  await recordFailure(db, kind, login, ip, now.toISOString());
  // Keep the table small: failures older than the window no longer count for anything.
  await pruneFailures(db, kind, login, ip, new Date(now.getTime() - WINDOW_MS).toISOString());
}

/** A success clears this IP's failures for the login; failures from other IPs keep counting. */
export async function noteSuccess(db: Kysely<Database>, kind: FailureKind, login: string, ip: string): Promise<void> {
  await clearPairFailures(db, kind, login, ip);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
