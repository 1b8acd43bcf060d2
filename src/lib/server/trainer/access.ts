// Who may see and do what in the trainer workspace (deny by default):
//  - the cohort's own trainer sees it and runs it: settings, closing, removing trainees, reset codes,
//    accounts for their trainees, helping edit their trainees' stores;
//  - a centre's manager sees every cohort of the centre (read only) and the centre's monthly report;
//  - an admin sees everything and may change or close any cohort, but does not act for trainees;
//  - anybody else (another trainer, another centre's manager, trainees) sees none of it.
import type { Kysely } from 'kysely';
import { paths } from '../../paths';
import { forbidden, requireRole } from '../auth/guard';
import type { SessionUser } from '../auth/session';
import { getDb } from '../db/client';
import type { Centre, CentreStaff, Cohort, Database } from '../db/schema';
import { findCentreById, findStaffRow } from './centre.repository';
import { findCohortById } from './cohort.repository';

export type CohortAccess = 'trainer' | 'manager' | 'admin';

export interface CohortRights {
  /** Dashboard, trainee pages, question analytics, CSV export, join poster. */
  view: boolean;
  /** Name, place, start date, required lessons, closing, removing trainees. */
  manage: boolean;
  /** Reset codes, accounts for trainees, editing a trainee's store with them. */
  helpTrainees: boolean;
}

export function cohortRights(access: CohortAccess | null): CohortRights {
  switch (access) {
    case 'trainer':
      return { view: true, manage: true, helpTrainees: true };
    case 'admin':
      return { view: true, manage: true, helpTrainees: false };
    case 'manager':
      return { view: true, manage: false, helpTrainees: false };
    default:
      return { view: false, manage: false, helpTrainees: false };
  }
}

/** The user's relation to a cohort: its trainer first, then admin, then manager of its centre. */
export async function cohortAccess(db: Kysely<Database>, user: SessionUser, cohort: Pick<Cohort, 'trainer_id' | 'centre_id'>): Promise<CohortAccess | null> {
  if (user.role === 'trainer' && cohort.trainer_id === user.id) return 'trainer';
  if (user.role === 'admin') return 'admin';
  if (user.role !== 'trainer' || cohort.centre_id === null) return null;
  const staff = await findStaffRow(db, user.id);
  return staff?.role === 'manager' && staff.centre_id === cohort.centre_id ? 'manager' : null;
}

/** True for an admin and for a manager of this centre: they see its report. */
export async function canSeeCentre(db: Kysely<Database>, user: SessionUser, centreId: string): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'trainer') return false;
  const staff = await findStaffRow(db, user.id);
  return staff?.role === 'manager' && staff.centre_id === centreId;
}

/** The trainer's place in a centre (null for admins and trainers outside any centre). */
export async function staffOf(db: Kysely<Database>, user: SessionUser): Promise<CentreStaff | null> {
  return user.role === 'trainer' ? findStaffRow(db, user.id) : null;
}

interface PageContext {
  locals: App.Locals;
  url: URL;
  rewrite(path: string): Promise<Response>;
}

export interface CohortPage {
  user: SessionUser;
  cohort: Cohort;
  access: CohortAccess;
  rights: CohortRights;
}

/**
 * The guard of every cohort page: a trainer or admin (others: log in / 403), a cohort that exists
 * (404), which this user may see (403). `need` asks for more than seeing.
 */
export async function requireCohort(ctx: PageContext, cohortId: string, need: keyof CohortRights = 'view'): Promise<CohortPage | Response> {
  const user = await requireRole(ctx, ['trainer', 'admin']);
  if (user instanceof Response) return user;
  const db = getDb();
  const cohort = await findCohortById(db, cohortId);
  if (!cohort) return ctx.rewrite(paths.notFound());
  const access = await cohortAccess(db, user, cohort);
  const rights = cohortRights(access);
  if (!access || !rights.view || !rights[need]) return forbidden(ctx);
  return { user, cohort, access, rights };
}

export interface CentrePage {
  user: SessionUser;
  centre: Centre;
}

/** A centre's report pages: admins and the centre's managers. */
export async function requireCentre(ctx: PageContext, centreId: string): Promise<CentrePage | Response> {
  const user = await requireRole(ctx, ['trainer', 'admin']);
  if (user instanceof Response) return user;
  const db = getDb();
  const centre = await findCentreById(db, centreId);
  if (!centre) return ctx.rewrite(paths.notFound());
  if (!(await canSeeCentre(db, user, centre.id))) return forbidden(ctx);
  return { user, centre };
}
