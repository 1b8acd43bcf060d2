// Training centres: an admin creates them, puts trainers in them and makes one or more of those
// trainers the centre's manager. A trainer works for one centre at a time; their new cohorts belong
// to it (cohorts made before a move stay with the centre they were made in). Cohorts a trainer made
// before working for any centre join the centre they are put in, so its manager and report see them.
import type { Kysely } from 'kysely';
import { normaliseLogin } from '../../auth/login-id';
import { findUserByLogin } from '../auth/user.repository';
import type { Centre, CentreRole, Database } from '../db/schema';
import { nowIso } from '../db/time';
import { newId } from '../ids';
import { deleteStaff, findCentreById, insertCentre, updateCentre, upsertStaff } from './centre.repository';
import { attachCentrelessCohorts } from './cohort.repository';
import type { CentreInput } from './schemas';

export async function createCentre(db: Kysely<Database>, adminId: string, input: CentreInput, now = nowIso()): Promise<Centre> {
  const id = newId();
  await insertCentre(db, { id, name: input.name, place: input.place, created_by: adminId, created_at: now, updated_at: now });
  const centre = await findCentreById(db, id);
  if (!centre) throw new Error(`centre ${id} was not stored`);
  return centre;
}

export async function saveCentre(db: Kysely<Database>, centreId: string, input: CentreInput, now = nowIso()): Promise<void> {
  await updateCentre(db, centreId, { name: input.name, place: input.place, updated_at: now });
}

export type StaffResult = { ok: true; name: string } | { ok: false; reason: 'userUnknown' | 'notTrainer' };

/** Puts a trainer (by login) in the centre as trainer or manager; moves them from another centre. */
export async function setStaff(db: Kysely<Database>, centreId: string, login: string, role: CentreRole, now = nowIso()): Promise<StaffResult> {
  const normalised = normaliseLogin(login);
  const user = normalised ? await findUserByLogin(db, normalised.login) : null;
  if (!user) return { ok: false, reason: 'userUnknown' };
  if (user.role !== 'trainer') return { ok: false, reason: 'notTrainer' };
  await db.transaction().execute(async (trx) => {
    await upsertStaff(trx, { id: newId(), centreId, userId: user.id, role, now });
    await attachCentrelessCohorts(trx, user.id, centreId, now);
  });
  return { ok: true, name: user.display_name };
}

export async function removeStaff(db: Kysely<Database>, centreId: string, userId: string): Promise<boolean> {
  return deleteStaff(db, centreId, userId);
}
