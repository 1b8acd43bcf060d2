// A store's scans and page views per day (days in TIME_ZONE) and the plain-words summary of the
// last 7 days. Rows are bucketed here rather than in SQL: time-zone arithmetic is not portable.
import type { Kysely } from 'kysely';
import type { Database, Placement } from '../db/schema';
import { listLinksOfStore } from '../links/link.repository';
import { dayIn } from './visitor';
import { countScansByLink, listScansSince, listViewsSince } from './stats.repository';

export const REPORT_DAYS = 30;
export const WEEK_DAYS = 7;

export interface DayCount {
  /** YYYY-MM-DD in the deployment's time zone. */
  day: string;
  scans: number;
  /** Different people who scanned that day (salted daily hashes). */
  scanners: number;
  views: number;
}

export interface PlacementWeek {
  placement: Placement;
  /** Different people per day, added up over the week. */
  people: number;
  scans: number;
}

export interface LinkCounts {
  week: number;
  month: number;
  total: number;
}

export interface StoreReport {
  days: DayCount[];
  week: { scans: number; people: number; views: number; byPlacement: PlacementWeek[] };
  month: { scans: number; views: number };
  byLink: Map<string, LinkCounts>;
}

/** The last `count` calendar days up to today in `timeZone`, oldest first. */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = dayIn(timeZone, now);
  const [y, m, d] = today.split('-').map(Number);
  const noon = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12);
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i -= 1) days.push(new Date(noon - i * 86_400_000).toISOString().slice(0, 10));
  return days;
}

/** Everything the studio shows about a store's codes and visits. */
export async function storeReport(db: Kysely<Database>, storeId: string, timeZone: string, now = new Date()): Promise<StoreReport> {
  const days = lastDays(now, timeZone, REPORT_DAYS);
  const weekDays = new Set(days.slice(-WEEK_DAYS));
  // A day in any zone lies within 14 h of UTC: 31 days back covers the oldest day shown.
  const since = new Date(now.getTime() - (REPORT_DAYS + 1) * 86_400_000).toISOString();
  const [scans, views, links, totals] = await Promise.all([
    listScansSince(db, storeId, since),
    listViewsSince(db, storeId, since),
    listLinksOfStore(db, storeId),
    countScansByLink(db, storeId),
  ]);
  const placementOf = new Map(links.map((l) => [l.id, l.placement]));

  const perDay = new Map(days.map((day) => [day, { day, scans: 0, scanners: new Set<string>(), views: 0 }]));
  const byLink = new Map<string, LinkCounts>();
  for (const link of links) byLink.set(link.id, { week: 0, month: 0, total: totals.get(link.id) ?? 0 });
  const weekPeople = new Set<string>();
  const placementPeople = new Map<Placement, { people: Set<string>; scans: number }>();
  let weekScans = 0;

  for (const scan of scans) {
    const day = dayIn(timeZone, new Date(scan.scanned_at));
    const bucket = perDay.get(day);
    if (!bucket) continue;
    bucket.scans += 1;
    bucket.scanners.add(scan.visitor);
    const counts = byLink.get(scan.link_id);
    if (counts) counts.month += 1;
    if (!weekDays.has(day)) continue;
    weekScans += 1;
    if (counts) counts.week += 1;
    // The hash changes every day: day + hash is one person on one day.
    weekPeople.add(`${day} ${scan.visitor}`);
    const placement = placementOf.get(scan.link_id) ?? 'main';
    let group = placementPeople.get(placement);
    if (!group) {
      group = { people: new Set(), scans: 0 };
      placementPeople.set(placement, group);
    }
    group.people.add(`${day} ${scan.visitor}`);
    group.scans += 1;
  }
  let weekViews = 0;
  for (const view of views) {
    const day = dayIn(timeZone, new Date(view.viewed_at));
    const bucket = perDay.get(day);
    if (!bucket) continue;
    bucket.views += view.views;
    if (weekDays.has(day)) weekViews += view.views;
  }

  const dayCounts = [...perDay.values()].map((b) => ({ day: b.day, scans: b.scans, scanners: b.scanners.size, views: b.views }));
  const byPlacement = [...placementPeople.entries()]
    .map(([placement, g]) => ({ placement, people: g.people.size, scans: g.scans }))
    .sort((a, b) => b.people - a.people || b.scans - a.scans || a.placement.localeCompare(b.placement));
  return {
    days: dayCounts,
    week: { scans: weekScans, people: weekPeople.size, views: weekViews, byPlacement },
    month: { scans: dayCounts.reduce((n, d) => n + d.scans, 0), views: dayCounts.reduce((n, d) => n + d.views, 0) },
    byLink,
  };
}
