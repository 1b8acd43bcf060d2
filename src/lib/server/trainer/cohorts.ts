// A cohort's life: made by a trainer with a join code, trainees join (by code, link or a trainer's
// assisted sign-up) and move between cohorts, the trainer removes a trainee or closes the cohort.
// A trainee is in at most one open cohort at a time; every membership stays in the history.
import type { Kysely } from 'kysely';
import type { Cohort, Database, Role } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import { findStaffRow } from './centre.repository';
import {
  deactivateRoster,
  endMembership,
  findActiveMembership,
  findCohortById,
  findLatestMembership,
  findRosterRow,
  insertCohort,
  insertMember,
  joinCodeIsFree,
  updateCohort,
} from './cohort.repository';
import { newJoinCode } from './join-code';
import type { CohortDetailsInput } from './schemas';

const CODE_ATTEMPTS = 20;

async function freeJoinCode(db: Kysely<Database>): Promise<string> {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
    const code = newJoinCode();
    if (await joinCodeIsFree(db, code)) return code;
  }
  throw new Error(`no free join code after ${CODE_ATTEMPTS} attempts: there are very many cohorts; make codes longer`);
}

/** A new open cohort run by `trainerId`, in the trainer's centre (if any), with a fresh join code. */
export async function createCohort(db: Kysely<Database>, trainerId: string, input: CohortDetailsInput, now = nowIso()): Promise<Cohort> {
  return db.transaction().execute(async (trx) => {
    const staff = await findStaffRow(trx, trainerId);
    const id = newId();
    await insertCohort(trx, {
      id,
      centre_id: staff?.centre_id ?? null,
      trainer_id: trainerId,
      name: input.name,
      place: input.place,
      start_date: input.startDate,
      join_code: await freeJoinCode(trx),
      required_lessons: '[]',
      closed_at: null,
      created_at: now,
      updated_at: now,
    });
    const cohort = await findCohortById(trx, id);
    if (!cohort) throw new Error(`cohort ${id} vanished inside its own transaction`);
    return cohort;
  });
}

export async function saveCohortDetails(db: Kysely<Database>, cohortId: string, input: CohortDetailsInput, now = nowIso()): Promise<void> {
  await updateCohort(db, cohortId, { name: input.name, place: input.place, start_date: input.startDate, updated_at: now });
}

/** A new join code; the old one (and any poster printed with it) stops working. */
export async function renewJoinCode(db: Kysely<Database>, cohortId: string, now = nowIso()): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const code = await freeJoinCode(trx);
    await updateCohort(trx, cohortId, { join_code: code, updated_at: now });
    return code;
  });
}

export async function setRequiredLessons(db: Kysely<Database>, cohortId: string, slugs: readonly string[], now = nowIso()): Promise<void> {
  await updateCohort(db, cohortId, { required_lessons: JSON.stringify([...new Set(slugs)]), updated_at: now });
}

/** The lesson slugs a cohort requires before publishing, as stored (never throws on bad JSON). */
export function requiredLessonsOf(cohort: Pick<Cohort, 'required_lessons'>): string[] {
  try {
    const parsed: unknown = JSON.parse(cohort.required_lessons);
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/** Closes the cohort: the roster is kept as its final list, and its trainees are free to join another. */
export async function closeCohort(db: Kysely<Database>, cohortId: string, now = nowIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateCohort(trx, cohortId, { closed_at: now, updated_at: now });
    await deactivateRoster(trx, cohortId);
  });
}

export type JoinResult =
  | { ok: true; cohort: Cohort; already: boolean; movedFrom: string | null }
  | { ok: false; reason: 'closed' | 'notTrainee' | 'removed' | 'notRemoved' | 'inOtherCohort' };

export interface JoinInput {
  userId: string;
  role: Role;
  cohort: Cohort;
  /** Who put the trainee in: the trainee themselves, or the trainer at assisted sign-up. */
  addedBy: string;
  /**
   * A trainer adding back a trainee they removed (a trainee cannot rejoin after being removed).
   * Only for someone whose latest membership of this cohort ended in removal ('notRemoved'
   * otherwise) and who is in no other open cohort now ('inOtherCohort': a trainer never takes a
   * trainee out of somebody else's class).
   */
  addBack?: boolean;
  now?: string;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === '23505';
}

/**
 * Puts a trainee in a cohort. Their current cohort (if another) is left with reason "moved" and
 * stays in their history. Joining the cohort one is in already changes nothing. Two joins at the
 * same moment cannot leave two current cohorts: the database's partial unique index refuses the
 * second, which then reports the cohort that won.
 */
export async function joinCohort(db: Kysely<Database>, input: JoinInput): Promise<JoinResult> {
  const { userId, cohort } = input;
  if (input.role !== 'trainee') return { ok: false, reason: 'notTrainee' };
  if (cohort.closed_at !== null) return { ok: false, reason: 'closed' };
  const now = input.now ?? nowIso();
  try {
    return await db.transaction().execute(async (trx): Promise<JoinResult> => {
      const current = await findActiveMembership(trx, userId);
      if (current?.cohort_id === cohort.id) return { ok: true, cohort, already: true, movedFrom: null };
      const removed = (await findLatestMembership(trx, cohort.id, userId))?.left_reason === 'removed';
      if (input.addBack) {
        if (!removed) return { ok: false, reason: 'notRemoved' };
        if (current) return { ok: false, reason: 'inOtherCohort' };
      } else if (removed) {
        return { ok: false, reason: 'removed' };
      }
      if (current) await endMembership(trx, current.id, 'moved', now);
      await insertMember(trx, { id: newId(), cohort_id: cohort.id, user_id: userId, joined_at: now, left_at: null, left_reason: null, active: 1, added_by: input.addedBy });
      return { ok: true, cohort, already: false, movedFrom: current?.cohort_id ?? null };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findActiveMembership(db, userId);
    if (winner?.cohort_id === cohort.id) return { ok: true, cohort, already: true, movedFrom: null };
    throw error;
  }
}

/** Takes a trainee off the cohort's roster (kept in their history as "removed"); false if not on it. */
export async function removeTrainee(db: Kysely<Database>, cohortId: string, userId: string, now = nowIso()): Promise<boolean> {
  const row = await findRosterRow(db, cohortId, userId);
  if (!row) return false;
  return endMembership(db, row.id, 'removed', now);
}
