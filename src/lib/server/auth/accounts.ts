// What a person can do with an account: sign up, log in, change or reset a password. Pages call
// these; SQL stays in the repositories.
import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/locales';
import type { Database, Role } from '../db/schema';
import { newId, readableCode, sha256Hex } from '../ids';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { expireUnusedCodes, findUsableCode, insertResetCode, markCodeUsed } from './reset-code.repository';
import { createSession, invalidateUserSessions, type NewSessionToken } from './session';
import { checkThrottle, noteFailure, noteSuccess, sleep } from './throttle';
import { findUserById, findUserByLogin, insertUser, updateUser } from './user.repository';

export const RESET_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export class LoginTakenError extends Error {
  constructor() {
    super('That login is already used.');
  }
}

export interface NewAccount {
  login: string;
  displayName: string;
  password: string;
  locale: Locale;
  role?: Role;
  mustChangePassword?: boolean;
  createdBy?: string | null;
}

/** Creates a user; LoginTakenError when the (normalised) login exists. */
export async function createAccount(db: Kysely<Database>, account: NewAccount): Promise<string> {
  const passwordHash = await hashPassword(account.password);
  const id = newId();
  const now = new Date().toISOString();
  try {
    await insertUser(db, {
      id,
      login: account.login,
      display_name: account.displayName,
      password_hash: passwordHash,
      role: account.role ?? 'trainee',
      locale: account.locale,
      must_change_password: account.mustChangePassword ? 1 : 0,
      disabled_at: null,
      created_by: account.createdBy ?? null,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new LoginTakenError();
    throw error;
  }
  return id;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export type LoginOutcome =
  | { ok: true; userId: string; token: NewSessionToken; mustChangePassword: boolean; locale: string }
  | { ok: false; reason: 'bad-credentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a login. Unknown logins and disabled accounts do the same password work as real ones
 * and get the same answer.
 */
export async function logIn(
  db: Kysely<Database>,
  login: string,
  password: string,
  ip: string,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<LoginOutcome> {
  const decision = await checkThrottle(db, 'login', login, ip);
  if (!decision.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
  if (decision.delayMs > 0) await wait(decision.delayMs);

  const user = await findUserByLogin(db, login);
  const valid = user ? await verifyPassword(user.password_hash, password) : await verifyAgainstDummy(password);
  if (!user || !valid || user.disabled_at !== null) {
    await noteFailure(db, 'login', login, ip);
    return { ok: false, reason: 'bad-credentials' };
  }
  await noteSuccess(db, 'login', login, ip);
  const token = await createSession(db, user.id);
  return { ok: true, userId: user.id, token, mustChangePassword: user.must_change_password === 1, locale: user.locale };
}

export type ChangePasswordOutcome = { ok: true } | { ok: false; reason: 'wrong-current' };

/** Changes a password after checking the current one; every other session of the user ends. */
export async function changePassword(
  db: Kysely<Database>,
  userId: string,
  currentSessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordOutcome> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) return { ok: false, reason: 'wrong-current' };
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { password_hash: passwordHash, must_change_password: 0, updated_at: new Date().toISOString() });
    await invalidateUserSessions(trx, userId, currentSessionId);
  });
  return { ok: true };
}

/** Formats a reset code for reading aloud: ABCD-EFGH. */
export function formatResetCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Issues a one-time reset code (shown once, stored hashed, 24 hours). Earlier unused codes stop working. */
export async function issueResetCode(db: Kysely<Database>, userId: string, issuedBy: string | null): Promise<string> {
  const code = readableCode(8);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await expireUnusedCodes(trx, userId, now.toISOString());
    await insertResetCode(trx, {
      id: newId(),
      user_id: userId,
      code_hash: sha256Hex(code),
      created_by: issuedBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString(),
    });
  });
  return formatResetCode(code);
}

export type ResetOutcome =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid-code' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Sets a new password with a reset code: the code is used up and every session of the user ends. */
export async function resetPasswordWithCode(
  db: Kysely<Database>,
  login: string,
  codeInput: string,
  newPassword: string,
  ip: string,
): Promise<ResetOutcome> {
  const decision = await checkThrottle(db, 'reset', login, ip);
  if (!decision.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
  if (decision.delayMs > 0) await sleep(decision.delayMs);

  const user = await findUserByLogin(db, login);
  const now = new Date().toISOString();
  const code = user ? await findUsableCode(db, user.id, sha256Hex(normaliseCode(codeInput)), now) : null;
  if (!user || !code || user.disabled_at !== null) {
    await noteFailure(db, 'reset', login, ip);
    return { ok: false, reason: 'invalid-code' };
  }
  const passwordHash = await hashPassword(newPassword);
  const used = await db.transaction().execute(async (trx) => {
    if (!(await markCodeUsed(trx, code.id, now))) return false;
    await updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: 0, updated_at: now });
    await invalidateUserSessions(trx, user.id);
    return true;
  });
  if (!used) return { ok: false, reason: 'invalid-code' };
  await noteSuccess(db, 'reset', login, ip);
  return { ok: true, userId: user.id };
}

/** A temporary password for assisted sign-up: readable, 10 characters, must be changed at first log-in. */
export function temporaryPassword(): string {
  return readableCode(10);
}

export async function setRole(db: Kysely<Database>, userId: string, role: Role): Promise<void> {
  await updateUser(db, userId, { role, updated_at: new Date().toISOString() });
}

/** Disabling ends every session at once; enabling lets the user log in again. */
export async function setDisabled(db: Kysely<Database>, userId: string, disabled: boolean): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { disabled_at: disabled ? now : null, updated_at: now });
    if (disabled) await invalidateUserSessions(trx, userId);
  });
}

export async function updateProfile(db: Kysely<Database>, userId: string, displayName: string, locale: Locale): Promise<void> {
  await updateUser(db, userId, { display_name: displayName, locale, updated_at: new Date().toISOString() });
}

export async function setLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  await updateUser(db, userId, { locale, updated_at: new Date().toISOString() });
}
