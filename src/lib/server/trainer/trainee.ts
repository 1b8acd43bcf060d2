// One trainee as their trainer sees them: progress per lesson, every quiz attempt, their store,
// the cohorts they have been in, and a timeline of what they did (and what was done for them).
import type { Kysely } from 'kysely';
import type { Course } from '../../course/types';
import { getCourseProgress, type CourseProgress } from '../course/progress';
import { findUserById } from '../auth/user.repository';
import type { Database, User } from '../db/schema';
import { listAssistedEdits } from './assist';
import { findRosterRow, listMembershipHistory, type MembershipHistoryItem } from './cohort.repository';
import {
  countOpenOrders,
  countVisibleProducts,
  listAttemptsOf,
  listEditsByUser,
  listReads,
  listStoresOfUsers,
  type AttemptRow,
  type StoreOfUserRow,
} from './progress.repository';

export type TimelineEvent =
  | { kind: 'signedUp'; at: string }
  | { kind: 'joined'; at: string; cohort: string }
  | { kind: 'left'; at: string; cohort: string; reason: 'moved' | 'removed' | null }
  | { kind: 'read'; at: string; lesson: string }
  | { kind: 'attempt'; at: string; lesson: string; score: number; passed: boolean }
  | { kind: 'storeEdit'; at: string; action: string; product: string | null }
  | { kind: 'assistedEdit'; at: string; action: string; product: string | null; editor: string };

export interface TraineeDetail {
  user: User;
  joinedAt: string;
  progress: CourseProgress;
  attempts: AttemptRow[];
  store: (StoreOfUserRow & { products: number; openOrders: number }) | null;
  history: MembershipHistoryItem[];
  timeline: TimelineEvent[];
}

const TIMELINE_LIMIT = 60;

/** The trainee's page data, or null when the user is not on this cohort's roster. */
export async function loadTraineeDetail(db: Kysely<Database>, cohortId: string, userId: string, course: Course): Promise<TraineeDetail | null> {
  const row = await findRosterRow(db, cohortId, userId);
  if (!row) return null;
  const user = await findUserById(db, userId);
  if (!user) return null;
  const [progress, attempts, stores, history, reads, edits] = await Promise.all([
    getCourseProgress(db, userId, course),
    listAttemptsOf(db, [userId]),
    listStoresOfUsers(db, [userId]),
    listMembershipHistory(db, userId),
    listReads(db, [userId]),
    listEditsByUser(db, userId, TIMELINE_LIMIT),
  ]);
  const storeRow = stores[0] ?? null;
  let store: TraineeDetail['store'] = null;
  let assisted: Awaited<ReturnType<typeof listAssistedEdits>> = [];
  if (storeRow) {
    const [products, orders, helped] = await Promise.all([
      countVisibleProducts(db, [storeRow.store_id]),
      countOpenOrders(db, [storeRow.store_id]),
      listAssistedEdits(db, storeRow.store_id, TIMELINE_LIMIT),
    ]);
    store = { ...storeRow, products: products.get(storeRow.store_id) ?? 0, openOrders: orders.get(storeRow.store_id) ?? 0 };
    assisted = helped;
  }
  const events: TimelineEvent[] = [
    { kind: 'signedUp', at: user.created_at },
    ...history.flatMap((h): TimelineEvent[] => [
      { kind: 'joined', at: h.joined_at, cohort: h.cohort_name },
      ...(h.left_at ? [{ kind: 'left' as const, at: h.left_at, cohort: h.cohort_name, reason: h.left_reason }] : []),
    ]),
    ...reads.map((r): TimelineEvent => ({ kind: 'read', at: r.read_at, lesson: r.lesson_slug })),
    ...attempts.map((a): TimelineEvent => ({ kind: 'attempt', at: a.created_at, lesson: a.lesson_slug, score: a.score, passed: a.passed === 1 })),
    ...edits.map((e): TimelineEvent => ({ kind: 'storeEdit', at: e.last_at, action: e.action, product: e.product_name })),
    ...assisted.map((e): TimelineEvent => ({ kind: 'assistedEdit', at: e.lastAt, action: e.action, product: e.productName, editor: e.editorName })),
  ];
  events.sort((a, b) => b.at.localeCompare(a.at));
  return { user, joinedAt: row.joined_at, progress, attempts, store, history, timeline: events.slice(0, TIMELINE_LIMIT) };
}
