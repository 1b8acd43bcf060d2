// The centre's monthly report — the figures a county centre reports upward — for one calendar month
// in TIME_ZONE: trainees who joined, finished the course, published a store (for the first time),
// whose store received order requests, the requests, and QR scans of their stores.
//
// Who counts: everyone whose membership of one of the centre's cohorts overlaps the month (joined
// before it ended, and still on the roster or left during or after it): a trainee who moved away
// or was removed before the month began adds nothing to it. A closed cohort's final roster stays
// (left_at is not set by closing).
// Each trainee is counted under one cohort (the last they joined before the month ended), so the
// cohort rows add up to the total — except for stores shared by trainees of different cohorts (a
// family or cooperative), which each of those rows counts and the total counts once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { listCohorts } from './cohort.repository';
import { NAME_ORDER } from './dashboard';
import { monthRange } from './dates';
import { listCentreMemberships, listCompletions, listOrderTimes, listScanTimes, listStoresOfUsers } from './progress.repository';

export interface ReportFigures {
  joined: number;
  finishedCourse: number;
  publishedStore: number;
  /** Trainees whose store received at least one order request in the month. */
  receivedOrders: number;
  orderRequests: number;
  scans: number;
}

export interface ReportRow extends ReportFigures {
  cohortId: string;
  cohortName: string;
  trainerName: string | null;
}

export interface CentreReport {
  month: string;
  from: string;
  to: string;
  rows: ReportRow[];
  total: ReportFigures;
}

const inMonth = (iso: string | null | undefined, from: string, to: string): boolean => iso !== null && iso !== undefined && iso >= from && iso < to;

export async function computeCentreReport(db: Kysely<Database>, centreId: string, month: string, timeZone: string): Promise<CentreReport> {
  const { from, to } = monthRange(month, timeZone);
  const [cohorts, memberships] = await Promise.all([listCohorts(db, { centreId }), listCentreMemberships(db, centreId, from, to)]);

  // Each trainee under the cohort they last joined before the month ended (among the memberships overlapping it).
  const cohortOf = new Map<string, { cohortId: string; joinedAt: string }>();
  const joinedThisMonth = new Set<string>();
  for (const m of memberships) {
    if (inMonth(m.joined_at, from, to)) joinedThisMonth.add(m.user_id);
    const current = cohortOf.get(m.user_id);
    if (!current || m.joined_at > current.joinedAt) cohortOf.set(m.user_id, { cohortId: m.cohort_id, joinedAt: m.joined_at });
  }
  const userIds = [...cohortOf.keys()];
  const [completions, stores] = await Promise.all([listCompletions(db, userIds), listStoresOfUsers(db, userIds)]);
  const storeIds = [...new Set(stores.map((s) => s.store_id))];
  const [orders, scans] = await Promise.all([listOrderTimes(db, storeIds, from, to), listScanTimes(db, storeIds, from, to)]);
  const ordersByStore = new Map<string, number>();
  for (const o of orders) ordersByStore.set(o.store_id, (ordersByStore.get(o.store_id) ?? 0) + 1);
  const scansByStore = new Map<string, number>();
  for (const s of scans) scansByStore.set(s.store_id, (scansByStore.get(s.store_id) ?? 0) + 1);
  const storeOf = new Map(stores.map((s) => [s.user_id, s]));

  const figuresFor = (users: readonly string[]): ReportFigures => {
    const storesHere = new Set<string>();
    let finishedCourse = 0;
    let publishedStore = 0;
    let receivedOrders = 0;
    for (const userId of users) {
      if (inMonth(completions.get(userId), from, to)) finishedCourse += 1;
      const store = storeOf.get(userId);
      if (!store) continue;
      storesHere.add(store.store_id);
      if (inMonth(store.first_published_at, from, to)) publishedStore += 1;
      if ((ordersByStore.get(store.store_id) ?? 0) > 0) receivedOrders += 1;
    }
    let orderRequests = 0;
    let scanCount = 0;
    for (const id of storesHere) {
      orderRequests += ordersByStore.get(id) ?? 0;
      scanCount += scansByStore.get(id) ?? 0;
    }
    return {
      joined: users.filter((u) => joinedThisMonth.has(u)).length,
      finishedCourse,
      publishedStore,
      receivedOrders,
      orderRequests,
      scans: scanCount,
    };
  };

  const usersByCohort = new Map<string, string[]>();
  for (const [userId, { cohortId }] of cohortOf) {
    const list = usersByCohort.get(cohortId) ?? [];
    list.push(userId);
    usersByCohort.set(cohortId, list);
  }
  const rows = [...cohorts]
    .sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : NAME_ORDER.compare(a.name, b.name)))
    .map((c) => ({ cohortId: c.id, cohortName: c.name, trainerName: c.trainer_name, ...figuresFor(usersByCohort.get(c.id) ?? []) }));
  return { month, from, to, rows, total: figuresFor(userIds) };
}
