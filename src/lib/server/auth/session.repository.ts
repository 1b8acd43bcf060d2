import type { Kysely } from 'kysely';
import type { Database, NewSession, Role, Session } from '../db/schema';

export interface SessionWithUser {
  session: Session;
  user: {
    id: string;
    login: string;
    display_name: string;
    role: Role;
    locale: string;
    must_change_password: number;
    disabled_at: string | null;
  };
}

export async function insertSession(db: Kysely<Database>, session: NewSession): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findSessionWithUser(db: Kysely<Database>, sessionId: string): Promise<SessionWithUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as id',
      'sessions.secret_hash as secret_hash',
      'sessions.user_id as user_id',
      'sessions.created_at as created_at',
      'sessions.expires_at as expires_at',
      'sessions.absolute_expires_at as absolute_expires_at',
      'users.login as login',
      'users.display_name as display_name',
      'users.role as role',
      'users.locale as locale',
      'users.must_change_password as must_change_password',
      'users.disabled_at as disabled_at',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    session: {
      id: row.id,
      secret_hash: row.secret_hash,
      user_id: row.user_id,
      created_at: row.created_at,
      expires_at: row.expires_at,
      absolute_expires_at: row.absolute_expires_at,
    },
    user: {
      id: row.user_id,
      login: row.login,
      display_name: row.display_name,
      role: row.role,
      locale: row.locale,
      must_change_password: row.must_change_password,
      disabled_at: row.disabled_at,
    },
  };
}

export async function updateSessionExpiry(db: Kysely<Database>, sessionId: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, or every one but `exceptSessionId`. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, exceptSessionId: string | null = null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', nowIso), eb('absolute_expires_at', '<=', nowIso)])).execute();
}
