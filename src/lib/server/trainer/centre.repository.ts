// All SQL for training centres and their staff. Portable SQL only.
import type { Kysely } from 'kysely';
import type { Centre, CentreRole, CentreStaff, Database, NewCentre, Role } from '../db/schema';

export async function insertCentre(db: Kysely<Database>, centre: NewCentre): Promise<void> {
  await db.insertInto('centres').values(centre).execute();
}

export async function findCentreById(db: Kysely<Database>, id: string): Promise<Centre | null> {
  return (await db.selectFrom('centres').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function updateCentre(db: Kysely<Database>, id: string, changes: { name: string; place: string; updated_at: string }): Promise<void> {
  await db.updateTable('centres').set(changes).where('id', '=', id).execute();
}

export interface CentreListItem extends Centre {
  staff: number;
  cohorts: number;
}

export async function listCentres(db: Kysely<Database>): Promise<CentreListItem[]> {
  const rows = await db
    .selectFrom('centres')
    .selectAll('centres')
    .select((eb) => [
      eb
        .selectFrom('centre_staff')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('centre_staff.centre_id', '=', 'centres.id')
        .as('staff'),
      eb
        .selectFrom('cohorts')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('cohorts.centre_id', '=', 'centres.id')
        .as('cohorts'),
    ])
    .orderBy('centres.name')
    .orderBy('centres.id')
    .execute();
  return rows.map((r) => ({ ...r, staff: Number(r.staff ?? 0), cohorts: Number(r.cohorts ?? 0) }));
}

/** The user's place in a centre (at most one), or null. */
export async function findStaffRow(db: Kysely<Database>, userId: string): Promise<CentreStaff | null> {
  return (await db.selectFrom('centre_staff').selectAll().where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

export interface StaffListItem {
  id: string;
  user_id: string;
  display_name: string;
  login: string;
  user_role: Role;
  role: CentreRole;
}

export async function listStaff(db: Kysely<Database>, centreId: string): Promise<StaffListItem[]> {
  return db
    .selectFrom('centre_staff')
    .innerJoin('users', 'users.id', 'centre_staff.user_id')
    .select(['centre_staff.id', 'users.id as user_id', 'users.display_name', 'users.login', 'users.role as user_role', 'centre_staff.role'])
    .where('centre_staff.centre_id', '=', centreId)
    .orderBy('centre_staff.role', 'desc')
    .orderBy('users.display_name')
    .execute();
}

/** Puts the user in the centre with `role`, or changes their centre or role; one row per user. */
export async function upsertStaff(db: Kysely<Database>, row: { id: string; centreId: string; userId: string; role: CentreRole; now: string }): Promise<void> {
  await db
    .insertInto('centre_staff')
    .values({ id: row.id, centre_id: row.centreId, user_id: row.userId, role: row.role, created_at: row.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ centre_id: row.centreId, role: row.role }))
    .execute();
}

export async function deleteStaff(db: Kysely<Database>, centreId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('centre_staff').where('centre_id', '=', centreId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
