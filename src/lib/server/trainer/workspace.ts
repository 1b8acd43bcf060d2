// What /trainer lists for the person looking: a trainer's own cohorts; a manager also the other
// cohorts of the centre; an admin every cohort.
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session';
import type { Centre, CentreStaff, Database } from '../db/schema';
import { findCentreById } from './centre.repository';
import { listCohorts, type CohortListItem } from './cohort.repository';
import { staffOf } from './access';

export interface Workspace {
  staff: CentreStaff | null;
  centre: Centre | null;
  own: CohortListItem[];
  /** A manager's view of the centre's other cohorts; everybody's cohorts for an admin. */
  others: CohortListItem[];
}

export async function loadWorkspace(db: Kysely<Database>, user: SessionUser): Promise<Workspace> {
  if (user.role === 'admin') return { staff: null, centre: null, own: [], others: await listCohorts(db, { all: true }) };
  const staff = await staffOf(db, user);
  const centre = staff ? await findCentreById(db, staff.centre_id) : null;
  const own = await listCohorts(db, { trainerId: user.id });
  const others = staff?.role === 'manager' ? (await listCohorts(db, { centreId: staff.centre_id })).filter((c) => c.trainer_id !== user.id) : [];
  return { staff, centre, own, others };
}
