import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { newId } from '../ids';

export type FailureKind = 'login' | 'reset' | 'invite' | 'join';

export async function recordFailure(db: Kysely<Database>, kind: FailureKind, login: string, ip: string, at: string): Promise<void> {
  await db.insertInto('auth_failures').values({ id: newId(), kind, login, ip, created_at: at }).execute();
}

export interface FailureCounts {
  pair: number;
  pairOldest: string | null;
  account: number;
  accountNewest: string | null;
  ip: number;
  ipOldest: string | null;
}

/** Failures since `since` for this login from this IP, for this login from anywhere, and from this IP for any login. */
export async function countFailures(db: Kysely<Database>, kind: FailureKind, login: string, ip: string, since: string): Promise<FailureCounts> {
  const base = db.selectFrom('auth_failures').where('kind', '=', kind).where('created_at', '>', since);
  const [pair, account, byIp] = await Promise.all([
    base
      .where('login', '=', login)
      .where('ip', '=', ip)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<string>('created_at').as('edge')])
      .executeTakeFirstOrThrow(),
    base
      .where('login', '=', login)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max<string>('created_at').as('edge')])
      .executeTakeFirstOrThrow(),
    base
      .where('ip', '=', ip)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<string>('created_at').as('edge')])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    pair: Number(pair.n),
    pairOldest: pair.edge ?? null,
    account: Number(account.n),
    accountNewest: account.edge ?? null,
    ip: Number(byIp.n),
    ipOldest: byIp.edge ?? null,
  };
}

export async function clearPairFailures(db: Kysely<Database>, kind: FailureKind, login: string, ip: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('kind', '=', kind).where('login', '=', login).where('ip', '=', ip).execute();
}

/** Drops expired failures of this login and of this IP (both reachable through an index). */
export async function pruneFailures(db: Kysely<Database>, kind: FailureKind, login: string, ip: string, before: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('kind', '=', kind).where('login', '=', login).where('created_at', '<', before).execute();
  await db.deleteFrom('auth_failures').where('kind', '=', kind).where('ip', '=', ip).where('created_at', '<', before).execute();
}
