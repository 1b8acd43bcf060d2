import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, User, UserUpdate } from '../db/schema';
import { containsInsensitive } from '../db/like';

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function findUserByLogin(db: Kysely<Database>, login: string): Promise<User | null> {
  return (await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst()) ?? null;
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | null> {
  return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function updateUser(db: Kysely<Database>, id: string, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export interface UserListItem {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  disabled_at: string | null;
  created_at: string;
}

/** Users whose login or name contains `search` (case-insensitive for Latin letters), newest first. */
export async function listUsers(
  db: Kysely<Database>,
  options: { search: string; role: Role | null; limit: number; offset: number },
): Promise<{ items: UserListItem[]; total: number }> {
  let query = db.selectFrom('users');
  if (options.search) {
    const search = options.search;
    query = query.where((eb) => eb.or([containsInsensitive(eb.ref('login'), search), containsInsensitive(eb.ref('display_name'), search)]));
  }
  if (options.role) query = query.where('role', '=', options.role);
  const [items, count] = await Promise.all([
    query
      .select(['id', 'login', 'display_name', 'role', 'disabled_at', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
