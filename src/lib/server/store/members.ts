// Members of a store: one-time invite codes (shown once, stored hashed, valid 7 days), joining
// with a code, removing a member, leaving.
import type { Kysely } from 'kysely';
import type { Database, Store } from '../db/schema';
import { nowIso } from '../db/time';
import { newId, readableCode, READABLE_ALPHABET, sha256Hex } from '../ids';
import {
  deleteMember,
  findInviteByHash,
  findMembership,
  findStoreById,
  insertInvite,
  insertMember,
  logEdit,
  touchStore,
  useInvite,
  withdrawInvites,
} from './store.repository';
import { storeChanged } from './stores';

export const INVITE_CODE_LENGTH = 8;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** "K7M2-Q9RT": easier to read out across a room. */
export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What someone typed (any case, spaces or dashes) → the stored form, or null when it cannot be a code. */
export function normaliseInviteCode(input: string): string | null {
  const code = input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== INVITE_CODE_LENGTH) return null;
  for (const c of code) if (!READABLE_ALPHABET.includes(c)) return null;
  return code;
}

function hashInviteCode(code: string): string {
  return sha256Hex(`store-invite:${code}`);
}

/** A new one-time code for the store; the raw code is returned once and never stored. */
export async function createInvite(db: Kysely<Database>, storeId: string, ownerId: string, now = new Date()): Promise<{ code: string; expiresAt: string }> {
  const code = readableCode(INVITE_CODE_LENGTH);
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
  await insertInvite(db, { id: newId(), storeId, codeHash: hashInviteCode(code), createdBy: ownerId, now: now.toISOString(), expiresAt });
  return { code, expiresAt };
}

export type JoinResult = { ok: true; store: Store } | { ok: false; reason: 'codeInvalid' | 'alreadyMember' };

/** Joins the store the code belongs to, using the code up. */
export async function joinWithInvite(db: Kysely<Database>, userId: string, typed: string, now = nowIso()): Promise<JoinResult> {
  const code = normaliseInviteCode(typed);
  if (!code) return { ok: false, reason: 'codeInvalid' };
  const result = await db.transaction().execute(async (trx): Promise<JoinResult> => {
    if (await findMembership(trx, userId)) return { ok: false, reason: 'alreadyMember' };
    const invite = await findInviteByHash(trx, hashInviteCode(code));
    if (!invite || invite.used_at !== null || invite.expires_at <= now) return { ok: false, reason: 'codeInvalid' };
    if (!(await useInvite(trx, invite.id, userId, now))) return { ok: false, reason: 'codeInvalid' };
    const store = await findStoreById(trx, invite.store_id);
    if (!store) return { ok: false, reason: 'codeInvalid' };
    await insertMember(trx, { id: newId(), storeId: store.id, userId, role: 'member', now });
    await touchStore(trx, store.id, now);
    await logEdit(trx, { id: newId(), storeId: store.id, userId, action: 'member.join', productId: null, now });
    return { ok: true, store };
  });
  if (result.ok) await storeChanged(db, result.store.id);
  return result;
}

/** The owner removes a member (never the owner). */
export async function removeMember(db: Kysely<Database>, storeId: string, memberId: string, ownerId: string, now = nowIso()): Promise<boolean> {
  const removed = await db.transaction().execute(async (trx) => {
    const done = await deleteMember(trx, storeId, memberId);
    if (done) await logEdit(trx, { id: newId(), storeId, userId: ownerId, action: 'member.remove', productId: null, now });
    return done;
  });
  return removed;
}

/** A member leaves the store (owners delete the store instead). */
export async function leaveStore(db: Kysely<Database>, storeId: string, memberId: string, now = nowIso()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await deleteMember(trx, storeId, memberId);
    if (done) await logEdit(trx, { id: newId(), storeId, userId: memberId, action: 'member.leave', productId: null, now });
    return done;
  });
}

export async function withdrawAllInvites(db: Kysely<Database>, storeId: string, now = nowIso()): Promise<void> {
  await withdrawInvites(db, storeId, now);
}
