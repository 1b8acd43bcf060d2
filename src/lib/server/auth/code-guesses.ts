// Wrong guesses at short codes that open a door: a store's invite code (8 characters, joins the
// store) and a cohort's join code (6 digits, names the class and its trainer and joins it). The
// codes are hard to guess one at a time but not in bulk, so wrong ones are counted in the same
// database table as failed log-ins: 10 wrong codes from one account in 15 minutes, or 300 from one
// address (signed in or not: a whole village may share one carrier address, so signed-out typos
// are counted per address only), and further codes are refused until the window moves on.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { newId } from '../ids';
import { checkThrottle, noteFailure } from './throttle';

export type CodeKind = 'invite' | 'join';

export type GuessDecision = { allowed: true } | { allowed: false; minutes: number };

/** Whose guesses these are: the account when signed in; signed out, a name of its own for each
 *  guess, so that only the per-address ceiling applies. */
function who(userId: string | null): string {
  return userId ?? `anonymous:${newId()}`;
}

export async function codeGuessAllowed(db: Kysely<Database>, kind: CodeKind, userId: string | null, ip: string, now = new Date()): Promise<GuessDecision> {
  const decision = await checkThrottle(db, kind, who(userId), ip, now);
  if (decision.allowed) return { allowed: true };
  return { allowed: false, minutes: Math.max(1, Math.ceil(decision.retryAfterSeconds / 60)) };
}

export async function noteWrongCode(db: Kysely<Database>, kind: CodeKind, userId: string | null, ip: string, now = new Date()): Promise<void> {
  await noteFailure(db, kind, who(userId), ip, now);
}
