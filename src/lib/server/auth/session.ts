// Sessions the way the Lucia project's guide builds them: a token `<id>.<secret>`; the database
// keeps the id and a SHA-256 of the secret, compared in constant time.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import {
  deleteSession,
  deleteUserSessions,
  findSessionWithUser,
  insertSession,
  updateSessionExpiry,
} from './session.repository';

export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 90 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  locale: string;
  mustChangePassword: boolean;
}

export interface ActiveSession {
  id: string;
  userId: string;
  expiresAt: Date;
}

export interface SessionValidation {
  session: ActiveSession;
  user: SessionUser;
  /** True when this request moved the expiry forward: the cookie must be sent again. */
  refreshed: boolean;
}

function randomSecret(): string {
  const bytes = new Uint8Array(20); // 160 bits
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export interface NewSessionToken {
  token: string;
  session: ActiveSession;
}

export async function createSession(db: Kysely<Database>, userId: string, now: Date = new Date()): Promise<NewSessionToken> {
  const id = randomSecret().slice(0, 26);
  const secret = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await insertSession(db, {
    id,
    secret_hash: toHex(hashSecret(secret)),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    absolute_expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
  });
  return { token: `${id}.${secret}`, session: { id, userId, expiresAt } };
}

export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  now: Date = new Date(),
): Promise<SessionValidation | null> {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id = '', secret = ''] = parts;
  if (!/^[a-z2-7]{26}$/.test(id) || !/^[a-z2-7]{32}$/.test(secret)) return null;
  const found = await findSessionWithUser(db, id);
  if (!found) return null;
  const expected = Buffer.from(found.session.secret_hash, 'hex');
  if (!constantTimeEqual(new Uint8Array(expected), hashSecret(secret))) return null;

  const nowMs = now.getTime();
  const expiresMs = Date.parse(found.session.expires_at);
  const absoluteMs = Date.parse(found.session.absolute_expires_at);
  if (nowMs >= expiresMs || nowMs >= absoluteMs || found.user.disabled_at !== null) {
    await deleteSession(db, id);
    return null;
  }
  let expiresAt = new Date(expiresMs);
  let refreshed = false;
  const lastRefresh = expiresMs - SESSION_IDLE_MS;
  if (nowMs - lastRefresh >= SESSION_REFRESH_MS) {
    expiresAt = new Date(Math.min(nowMs + SESSION_IDLE_MS, absoluteMs));
    await updateSessionExpiry(db, id, expiresAt.toISOString());
    refreshed = true;
  }
  return {
    session: { id, userId: found.user.id, expiresAt },
    user: {
      id: found.user.id,
      login: found.user.login,
      displayName: found.user.display_name,
      role: found.user.role,
      locale: found.user.locale,
      mustChangePassword: found.user.must_change_password === 1,
    },
    refreshed,
  };
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: Kysely<Database>, userId: string, exceptSessionId: string | null = null): Promise<void> {
  await deleteUserSessions(db, userId, exceptSessionId);
}
