// All SQL for cohorts and their members. Portable SQL only.
import type { Kysely } from 'kysely';
import type { Cohort, CohortMember, CohortUpdate, Database, LeftReason, NewCohort, NewCohortMember, Role } from '../db/schema';

export async function insertCohort(db: Kysely<Database>, cohort: NewCohort): Promise<void> {
  await db.insertInto('cohorts').values(cohort).execute();
}

/** True when the code is not used by any cohort, open or closed. */
export async function joinCodeIsFree(db: Kysely<Database>, code: string): Promise<boolean> {
  const row = await db.selectFrom('cohorts').select('id').where('join_code', '=', code).executeTakeFirst();
  return row === undefined;
}

export async function findCohortById(db: Kysely<Database>, id: string): Promise<Cohort | null> {
  return (await db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findCohortByCode(db: Kysely<Database>, code: string): Promise<Cohort | null> {
  return (await db.selectFrom('cohorts').selectAll().where('join_code', '=', code).executeTakeFirst()) ?? null;
}

export async function updateCohort(db: Kysely<Database>, id: string, changes: CohortUpdate): Promise<void> {
  await db.updateTable('cohorts').set(changes).where('id', '=', id).execute();
}

/** Puts the trainer's cohorts that belong to no centre into `centreId` (cohorts of another centre stay); how many moved. */
export async function attachCentrelessCohorts(db: Kysely<Database>, trainerId: string, centreId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('cohorts')
    .set({ centre_id: centreId, updated_at: now })
    .where('trainer_id', '=', trainerId)
    .where('centre_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface CohortListItem extends Cohort {
  trainer_name: string | null;
  centre_name: string | null;
  members: number;
}

/** Cohorts matching the filter, newest start first, with their trainer, centre and roster size. */
export async function listCohorts(
  db: Kysely<Database>,
  filter: { trainerId?: string; centreId?: string; all?: true },
): Promise<CohortListItem[]> {
  let query = db
    .selectFrom('cohorts')
    .leftJoin('users', 'users.id', 'cohorts.trainer_id')
    .leftJoin('centres', 'centres.id', 'cohorts.centre_id')
    .selectAll('cohorts')
    .select((eb) => [
      'users.display_name as trainer_name',
      'centres.name as centre_name',
      eb
        .selectFrom('cohort_members')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('cohort_members.cohort_id', '=', 'cohorts.id')
        .where('cohort_members.left_at', 'is', null)
        .as('members'),
    ]);
  if (!filter.all) {
    query = query.where((eb) => {
      const parts = [];
      if (filter.trainerId) parts.push(eb('cohorts.trainer_id', '=', filter.trainerId));
      if (filter.centreId) parts.push(eb('cohorts.centre_id', '=', filter.centreId));
      return parts.length > 0 ? eb.or(parts) : eb.val(false);
    });
  }
  const rows = await query.orderBy('cohorts.start_date', 'desc').orderBy('cohorts.created_at', 'desc').orderBy('cohorts.id').execute();
  return rows.map((r) => ({ ...r, members: Number(r.members ?? 0) }));
}

/** The trainee's current cohort membership (active row), or null. */
export async function findActiveMembership(db: Kysely<Database>, userId: string): Promise<CohortMember | null> {
  return (await db.selectFrom('cohort_members').selectAll().where('user_id', '=', userId).where('active', '=', 1).executeTakeFirst()) ?? null;
}

/** The user's roster row in this cohort (left_at null), or null. */
export async function findRosterRow(db: Kysely<Database>, cohortId: string, userId: string): Promise<CohortMember | null> {
  return (
    (await db
      .selectFrom('cohort_members')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

/** The user's most recent membership of this cohort (on the roster or not), or null. */
export async function findLatestMembership(db: Kysely<Database>, cohortId: string, userId: string): Promise<CohortMember | null> {
  return (
    (await db
      .selectFrom('cohort_members')
      .selectAll()
      .where('cohort_id', '=', cohortId)
      .where('user_id', '=', userId)
      .orderBy('joined_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export async function insertMember(db: Kysely<Database>, member: NewCohortMember): Promise<void> {
  await db.insertInto('cohort_members').values(member).execute();
}

/** Takes a membership off the roster (moved or removed); true when a row changed. */
export async function endMembership(db: Kysely<Database>, memberId: string, reason: LeftReason, at: string): Promise<boolean> {
  const result = await db
    .updateTable('cohort_members')
    .set({ left_at: at, left_reason: reason, active: 0 })
    .where('id', '=', memberId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Closing a cohort: its roster stays (the final list) but it is nobody's current cohort any more. */
export async function deactivateRoster(db: Kysely<Database>, cohortId: string): Promise<void> {
  await db.updateTable('cohort_members').set({ active: 0 }).where('cohort_id', '=', cohortId).where('active', '=', 1).execute();
}

export interface RosterEntry {
  member_id: string;
  user_id: string;
  display_name: string;
  login: string;
  role: Role;
  user_created_at: string;
  joined_at: string;
}

/** Everybody on the cohort's roster, by name. */
export async function listRoster(db: Kysely<Database>, cohortId: string): Promise<RosterEntry[]> {
  return db
    .selectFrom('cohort_members')
    .innerJoin('users', 'users.id', 'cohort_members.user_id')
    .select([
      'cohort_members.id as member_id',
      'users.id as user_id',
      'users.display_name',
      'users.login',
      'users.role',
      'users.created_at as user_created_at',
      'cohort_members.joined_at',
    ])
    .where('cohort_members.cohort_id', '=', cohortId)
    .where('cohort_members.left_at', 'is', null)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

export interface FormerMember {
  user_id: string;
  display_name: string;
  joined_at: string;
  left_at: string;
  left_reason: LeftReason | null;
  /** This is the person's latest stay in the cohort, it ended in removal, and they are in no cohort now: they can be added back. */
  can_add_back: boolean;
}

/** Trainees who were in the cohort and left it (moved or removed), most recent first. */
export async function listFormerMembers(db: Kysely<Database>, cohortId: string): Promise<FormerMember[]> {
  const rows = await db
    .selectFrom('cohort_members')
    .innerJoin('users', 'users.id', 'cohort_members.user_id')
    .select((eb) => [
      'users.id as user_id',
      'users.display_name',
      'cohort_members.joined_at',
      'cohort_members.left_at',
      'cohort_members.left_reason',
      eb
        .exists(eb.selectFrom('cohort_members as now').select('now.id').whereRef('now.user_id', '=', 'users.id').where('now.left_at', 'is', null))
        .as('in_a_cohort'),
    ])
    .where('cohort_members.cohort_id', '=', cohortId)
    .where('cohort_members.left_at', 'is not', null)
    .orderBy('cohort_members.left_at', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (r.left_at === null) return [];
    const latest = !seen.has(r.user_id);
    seen.add(r.user_id);
    const inACohort = r.in_a_cohort === true || Number(r.in_a_cohort) === 1;
    return [{ user_id: r.user_id, display_name: r.display_name, joined_at: r.joined_at, left_at: r.left_at, left_reason: r.left_reason, can_add_back: latest && r.left_reason === 'removed' && !inACohort }];
  });
}

export interface MembershipHistoryItem {
  cohort_id: string;
  cohort_name: string;
  trainer_name: string | null;
  joined_at: string;
  left_at: string | null;
  left_reason: LeftReason | null;
  active: number;
  closed_at: string | null;
}

/** Every cohort the user has been in, oldest first. */
export async function listMembershipHistory(db: Kysely<Database>, userId: string): Promise<MembershipHistoryItem[]> {
  return db
    .selectFrom('cohort_members')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .leftJoin('users', 'users.id', 'cohorts.trainer_id')
    .select([
      'cohorts.id as cohort_id',
      'cohorts.name as cohort_name',
      'users.display_name as trainer_name',
      'cohort_members.joined_at',
      'cohort_members.left_at',
      'cohort_members.left_reason',
      'cohort_members.active',
      'cohorts.closed_at',
    ])
    .where('cohort_members.user_id', '=', userId)
    .orderBy('cohort_members.joined_at')
    .orderBy('cohort_members.id')
    .execute();
}

/** The open cohort whose roster the user is on (their current cohort), with its trainer. */
export async function findCurrentCohort(db: Kysely<Database>, userId: string): Promise<Cohort | null> {
  return (
    (await db
      .selectFrom('cohort_members')
      .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
      .selectAll('cohorts')
      .where('cohort_members.user_id', '=', userId)
      .where('cohort_members.active', '=', 1)
      .executeTakeFirst()) ?? null
  );
}

/** True when `userId` is on the roster of an open cohort that `trainerId` runs. */
export async function isActiveTraineeOf(db: Kysely<Database>, trainerId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cohort_members')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .select('cohort_members.id')
    .where('cohort_members.user_id', '=', userId)
    .where('cohort_members.active', '=', 1)
    .where('cohorts.trainer_id', '=', trainerId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * True when the store's OWNER is a trainee (role trainee) in an open cohort that `trainerId` runs:
 * that trainer may help edit the store. A trainee who is only a member of a store (family,
 * cooperative) does not bring their trainer in: the trainer would get rights the member lacks.
 */
export async function storeOwnerIsTraineeOf(db: Kysely<Database>, trainerId: string, storeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('store_members')
    .innerJoin('users', 'users.id', 'store_members.user_id')
    .innerJoin('cohort_members', 'cohort_members.user_id', 'store_members.user_id')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .select('store_members.id')
    .where('store_members.store_id', '=', storeId)
    .where('store_members.role', '=', 'owner')
    .where('users.role', '=', 'trainee')
    .where('cohort_members.active', '=', 1)
    .where('cohorts.trainer_id', '=', trainerId)
    .where('cohorts.closed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The store's owner when on the roster of an open cohort `trainerId` runs (where "Stop helping" goes back to). */
export async function findAssistedTrainee(db: Kysely<Database>, trainerId: string, storeId: string): Promise<{ cohort_id: string; user_id: string } | null> {
  const row = await db
    .selectFrom('store_members')
    .innerJoin('cohort_members', 'cohort_members.user_id', 'store_members.user_id')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .select(['cohort_members.cohort_id', 'cohort_members.user_id'])
    .where('store_members.store_id', '=', storeId)
    .where('store_members.role', '=', 'owner')
    .where('cohort_members.active', '=', 1)
    .where('cohorts.trainer_id', '=', trainerId)
    .executeTakeFirst();
  return row ?? null;
}

/** The open cohorts a trainer runs (for choosing one at assisted sign-up). */
export async function listOpenCohortsOf(db: Kysely<Database>, trainerId: string | null): Promise<Pick<Cohort, 'id' | 'name' | 'place'>[]> {
  let query = db.selectFrom('cohorts').select(['id', 'name', 'place']).where('closed_at', 'is', null);
  if (trainerId !== null) query = query.where('trainer_id', '=', trainerId);
  return query.orderBy('start_date', 'desc').orderBy('name').execute();
}
