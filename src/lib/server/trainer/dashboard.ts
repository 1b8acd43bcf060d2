// The cohort dashboard: one row per trainee on the roster, learning and selling side by side.
// computeDashboard() is the one place the figures are made; the page, the CSV export and the bench
// all call it, so what a trainer downloads is what the page showed.
import type { Kysely } from 'kysely';
import type { Course } from '../../course/types';
import type { Cohort, Database } from '../db/schema';
import { listRoster } from './cohort.repository';
import { addDays, lastDays, startOfDay } from './dates';
import { countOpenOrders, countScans, countVisibleProducts, lastStoreEditOf, listStoresOfUsers, summariseAttemptsOf, summariseReadsOf } from './progress.repository';

/** No activity for this long puts a trainee on the "needs help" list. */
export const INACTIVE_DAYS = 7;
/** This many failed tries at one quiz, not yet passed, puts a trainee on the list too. */
export const FAILED_TRIES = 2;
/** "Scans this week": the last seven calendar days in TIME_ZONE, today included (as the studio counts them). */
export const WEEK_DAYS = 7;

export type StoreState = 'none' | 'draft' | 'live' | 'takenDown';
export type HelpReason = 'inactive' | 'quizFailed';

export interface DashboardRow {
  userId: string;
  name: string;
  login: string;
  joinedAt: string;
  /** Lessons of the course read at least once. */
  lessonsRead: number;
  /** Lessons of the course whose quiz was passed at least once. */
  quizzesPassed: number;
  attempts: number;
  /** Mean score of every attempt (whole percent), null before the first. */
  averageScore: number | null;
  /** Highest score of any attempt, null before the first. */
  bestScore: number | null;
  /** Latest of: account made, joined, lesson read, quiz tried, store changed. */
  lastActive: string;
  storeId: string | null;
  storeSlug: string | null;
  storeName: string | null;
  store: StoreState;
  products: number;
  scansThisWeek: number;
  openOrders: number;
  /** Lessons with FAILED_TRIES or more failed tries and no pass yet. */
  strugglingLessons: string[];
  help: HelpReason[];
  /** When each lesson was first passed (for the progress chart). */
  firstPasses: string[];
  storeFirstPublishedAt: string | null;
}

export interface Dashboard {
  cohortId: string;
  totalLessons: number;
  rows: DashboardRow[];
  generatedAt: string;
}

export interface DashboardOptions {
  timeZone: string;
  now?: Date;
}

function latest(values: readonly (string | null | undefined)[]): string {
  let best = '';
  for (const v of values) if (v && v > best) best = v;
  return best;
}

/** Everything the dashboard shows for a cohort's roster, from seven grouped queries. */
export async function computeDashboard(db: Kysely<Database>, cohort: Pick<Cohort, 'id'>, course: Course, options: DashboardOptions): Promise<Dashboard> {
  const now = options.now ?? new Date();
  const roster = await listRoster(db, cohort.id);
  const userIds = roster.map((r) => r.user_id);
  const slugs = new Set(course.lessons.map((l) => l.slug));
  const [reads, attempts, stores, edits] = await Promise.all([
    summariseReadsOf(db, userIds, [...slugs]),
    summariseAttemptsOf(db, userIds),
    listStoresOfUsers(db, userIds),
    lastStoreEditOf(db, userIds),
  ]);
  const storeIds = [...new Set(stores.map((s) => s.store_id))];
  // This week: from midnight (TIME_ZONE) six days ago to midnight tonight, as UTC instants.
  const week = lastDays(now, options.timeZone, WEEK_DAYS);
  const weekFrom = startOfDay(week[0] ?? '', options.timeZone).toISOString();
  const weekTo = startOfDay(addDays(week.at(-1) ?? '', 1), options.timeZone).toISOString();
  const [products, orders, scansByStore] = await Promise.all([
    countVisibleProducts(db, storeIds),
    countOpenOrders(db, storeIds),
    countScans(db, storeIds, weekFrom, weekTo),
  ]);
  const readsByUser = new Map(reads.map((r) => [r.user_id, { count: r.reads, last: r.last_at }]));
  const attemptsByUser = new Map<string, typeof attempts>();
  for (const a of attempts) {
    if (!slugs.has(a.lesson_slug)) continue;
    const list = attemptsByUser.get(a.user_id) ?? [];
    list.push(a);
    attemptsByUser.set(a.user_id, list);
  }
  const storeByUser = new Map(stores.map((s) => [s.user_id, s]));
  const inactiveBefore = new Date(now.getTime() - INACTIVE_DAYS * 86_400_000).toISOString();

  const rows = roster.map((member): DashboardRow => {
    const learned = attemptsByUser.get(member.user_id) ?? [];
    const read = readsByUser.get(member.user_id);
    const store = storeByUser.get(member.user_id) ?? null;
    const attemptCount = learned.reduce((n, a) => n + a.attempts, 0);
    const scoreSum = learned.reduce((n, a) => n + a.score_sum, 0);
    const struggling = learned.filter((a) => a.passed === 0 && a.failed >= FAILED_TRIES).map((a) => a.lesson_slug);
    const lastActive = latest([
      member.user_created_at,
      member.joined_at,
      read?.last,
      ...learned.map((a) => a.last_at),
      edits.get(member.user_id),
    ]);
    const help: HelpReason[] = [];
    if (lastActive < inactiveBefore) help.push('inactive');
    if (struggling.length > 0) help.push('quizFailed');
    const storeState: StoreState = !store ? 'none' : store.taken_down_at ? 'takenDown' : store.published_at ? 'live' : 'draft';
    return {
      userId: member.user_id,
      name: member.display_name,
      login: member.login,
      joinedAt: member.joined_at,
      lessonsRead: read?.count ?? 0,
      quizzesPassed: learned.filter((a) => a.passed === 1).length,
      attempts: attemptCount,
      averageScore: attemptCount > 0 ? Math.round(scoreSum / attemptCount) : null,
      bestScore: learned.length > 0 ? Math.max(...learned.map((a) => a.best_score)) : null,
      lastActive,
      storeId: store?.store_id ?? null,
      storeSlug: store?.slug ?? null,
      storeName: store?.name ?? null,
      store: storeState,
      products: store ? (products.get(store.store_id) ?? 0) : 0,
      scansThisWeek: store ? (scansByStore.get(store.store_id) ?? 0) : 0,
      openOrders: store ? (orders.get(store.store_id) ?? 0) : 0,
      strugglingLessons: struggling,
      help,
      firstPasses: learned.flatMap((a) => (a.first_passed_at ? [a.first_passed_at] : [])),
      storeFirstPublishedAt: store?.first_published_at ?? null,
    };
  });
  return { cohortId: cohort.id, totalLessons: course.lessons.length, rows, generatedAt: now.toISOString() };
}

// Sorting and filtering: the page and the CSV take the same view of the rows.

export const SORT_KEYS = [
  'name',
  'lessonsRead',
  'quizzesPassed',
  'averageScore',
  'bestScore',
  'lastActive',
  'store',
  'products',
  'scansThisWeek',
  'openOrders',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export type DashboardFilter = 'all' | 'needsHelp';

export interface DashboardView {
  sort: SortKey;
  dir: SortDir;
  filter: DashboardFilter;
}

export const DEFAULT_VIEW: DashboardView = { sort: 'name', dir: 'asc', filter: 'all' };

/** The view a URL asks for (?sort=…&dir=…&filter=needs-help); unknown values fall back to defaults. */
export function viewFromQuery(params: URLSearchParams): DashboardView {
  const sort = SORT_KEYS.find((k) => k === params.get('sort')) ?? DEFAULT_VIEW.sort;
  const dirParam = params.get('dir');
  const dir: SortDir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : sort === 'name' ? 'asc' : 'desc';
  const filter: DashboardFilter = params.get('filter') === 'needs-help' ? 'needsHelp' : 'all';
  return { sort, dir, filter };
}

export function viewToQuery(view: DashboardView): Record<string, string> {
  const out: Record<string, string> = {};
  if (view.sort !== DEFAULT_VIEW.sort || view.dir !== DEFAULT_VIEW.dir) {
    out['sort'] = view.sort;
    out['dir'] = view.dir;
  }
  if (view.filter === 'needsHelp') out['filter'] = 'needs-help';
  return out;
}

const STORE_ORDER: Record<StoreState, number> = { none: 0, takenDown: 1, draft: 2, live: 3 };
/** Names in the order Chinese readers expect (pinyin), with Latin names among them; one collator, made once. */
export const NAME_ORDER = new Intl.Collator('zh-CN');

function sortValue(row: DashboardRow, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'store':
      return STORE_ORDER[row.store];
    default:
      return row[key];
  }
}

/** Rows filtered and sorted for the view. Empty values (no score yet) go last either way; ties by name. */
export function applyView(rows: readonly DashboardRow[], view: DashboardView): DashboardRow[] {
  const kept = view.filter === 'needsHelp' ? rows.filter((r) => r.help.length > 0) : [...rows];
  const sign = view.dir === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const va = sortValue(a, view.sort);
    const vb = sortValue(b, view.sort);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) {
      const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : NAME_ORDER.compare(String(va), String(vb));
      if (cmp !== 0) return sign * cmp;
    }
    return NAME_ORDER.compare(a.name, b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  });
}
