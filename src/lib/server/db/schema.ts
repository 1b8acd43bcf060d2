import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one Database interface. Timestamps are ISO-8601 UTC strings (`2026-11-28T09:30:00.000Z`):
 * they sort correctly as text on every backend and carry no time-zone surprises.
 */
export interface Database {
  app_meta: AppMetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_failures: AuthFailuresTable;
  reset_codes: ResetCodesTable;
}

export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export type AppMeta = Selectable<AppMetaTable>;
export type NewAppMeta = Insertable<AppMetaTable>;

export type Role = 'trainee' | 'trainer' | 'admin';

export interface UsersTable {
  id: string;
  /** Normalised username or phone number (digits only), unique. */
  login: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: string;
  /** 0/1: the next log-in must set a new password (temporary passwords from a trainer). */
  must_change_password: number;
  disabled_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the token's secret half, hex. The raw token is never stored. */
  secret_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  absolute_expires_at: string;
}

export interface AuthFailuresTable {
  id: string;
  kind: 'login' | 'reset';
  login: string;
  ip: string;
  created_at: string;
}

export interface ResetCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type ResetCode = Selectable<ResetCodesTable>;
