// The class code at sign-up (optional): checked before the account is made, so a wrong code never
// leaves half an account behind; the new trainee then joins the cohort.
import type { Kysely } from 'kysely';
import { paths } from '../../paths';
import type { FieldError } from '../forms/forms';
import { getDb } from '../db/client';
import type { Cohort, Database } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { findCohortByCode, findCohortById, listOpenCohortsOf } from './cohort.repository';
import { joinCohort } from './cohorts';
import { optionalJoinCodeField } from './schemas';

export type SignupJoinCheck = { ok: true; cohort: Cohort | null } | { ok: false; errors: Record<string, FieldError> };

export async function checkSignupJoinCode(typed: string | undefined, db: Kysely<Database> = getDb()): Promise<SignupJoinCheck> {
  const parsed = optionalJoinCodeField.safeParse(typed);
  if (!parsed.success) return { ok: false, errors: { joinCode: { key: 'joinCodeInvalid' } } };
  if (parsed.data === null) return { ok: true, cohort: null };
  const cohort = await findCohortByCode(db, parsed.data);
  if (!cohort) return { ok: false, errors: { joinCode: { key: 'joinCodeUnknown' } } };
  if (cohort.closed_at !== null) return { ok: false, errors: { joinCode: { key: 'cohortClosedJoin' } } };
  return { ok: true, cohort };
}

/**
 * A new account (always a trainee) joins the cohort whose code was given at sign-up. Returns where
 * to go next: the cohort's page with its welcome (`?joined=1`), or null when it was not joined.
 */
export async function joinAtSignup(db: Kysely<Database>, userId: string, cohort: Cohort): Promise<string | null> {
  const result = await joinCohort(db, { userId, role: 'trainee', cohort, addedBy: userId });
  return result.ok ? `${paths.joinCode(cohort.join_code)}?joined=1` : null;
}

/** The open cohorts an account made by `actor` may join: a trainer's own; any for an admin. */
export async function cohortsForAssistedSignup(db: Kysely<Database>, actor: SessionUser): Promise<Pick<Cohort, 'id' | 'name' | 'place'>[]> {
  if (actor.role === 'admin') return listOpenCohortsOf(db, null);
  if (actor.role === 'trainer') return listOpenCohortsOf(db, actor.id);
  return [];
}

/** The cohort chosen at assisted sign-up ('' for none), checked against what the actor may choose. */
export async function checkAssistCohort(db: Kysely<Database>, actor: SessionUser, value: string | undefined): Promise<SignupJoinCheck> {
  const id = (value ?? '').trim();
  if (id === '') return { ok: true, cohort: null };
  const allowed = await cohortsForAssistedSignup(db, actor);
  if (!allowed.some((c) => c.id === id)) return { ok: false, errors: { cohort: { key: 'assistCohortInvalid' } } };
  const cohort = await findCohortById(db, id);
  return cohort ? { ok: true, cohort } : { ok: false, errors: { cohort: { key: 'assistCohortInvalid' } } };
}

/** The account a trainer just made joins the chosen cohort, added by the trainer. */
export async function joinAtAssistedSignup(db: Kysely<Database>, userId: string, cohort: Cohort, actorId: string): Promise<void> {
  await joinCohort(db, { userId, role: 'trainee', cohort, addedBy: actorId });
}
