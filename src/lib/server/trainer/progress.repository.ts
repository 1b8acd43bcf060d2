// The reads behind the dashboard, the trainee page, question analytics and the centre report: a few
// grouped queries over a list of trainees (or stores), never one query per trainee. Portable SQL only.
import type { Kysely } from 'kysely';
import type { Database, Role, StoreRole } from '../db/schema';

/** SQLite accepts ~32k bound parameters and PostgreSQL 65k: lists are sent in chunks well below both. */
const CHUNK = 500;

async function inChunks<T>(ids: readonly string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length === 0) return [];
  if (ids.length <= CHUNK) return run([...ids]);
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await run(ids.slice(i, i + CHUNK))));
  return out;
}

export interface ReadSummaryRow {
  user_id: string;
  lesson_slug: string;
  read_at: string;
}

/** Per user: how many of these lessons they read, and when they last opened one for the first time. */
export async function summariseReadsOf(db: Kysely<Database>, userIds: readonly string[], lessonSlugs: readonly string[]): Promise<{ user_id: string; reads: number; last_at: string }[]> {
  if (lessonSlugs.length === 0) return [];
  const rows = await inChunks(userIds, (chunk) =>
    db
      .selectFrom('lesson_reads')
      .select((eb) => ['user_id', eb.fn.countAll<number | string | bigint>().as('reads'), eb.fn.max<string>('read_at').as('last_at')])
      .where('user_id', 'in', chunk)
      .where('lesson_slug', 'in', [...lessonSlugs])
      .groupBy('user_id')
      .execute(),
  );
  return rows.map((r) => ({ ...r, reads: Number(r.reads) }));
}

/** QR scans per store in [from, to). */
export async function countScans(db: Kysely<Database>, storeIds: readonly string[], from: string, to: string): Promise<Map<string, number>> {
  const rows = await inChunks(storeIds, (chunk) =>
    db
      .selectFrom('qr_scans')
      .select((eb) => ['store_id', eb.fn.countAll<number | string | bigint>().as('n')])
      .where('store_id', 'in', chunk)
      .where('scanned_at', '>=', from)
      .where('scanned_at', '<', to)
      .groupBy('store_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.store_id, Number(r.n)]));
}

/** Every lesson read of these users (one row per user and lesson). */
export async function listReads(db: Kysely<Database>, userIds: readonly string[]): Promise<ReadSummaryRow[]> {
  return inChunks(userIds, (chunk) =>
    db.selectFrom('lesson_reads').select(['user_id', 'lesson_slug', 'read_at']).where('user_id', 'in', chunk).execute(),
  );
}

export interface AttemptSummaryRow {
  user_id: string;
  lesson_slug: string;
  attempts: number;
  failed: number;
  score_sum: number;
  best_score: number;
  passed: number;
  first_passed_at: string | null;
  last_at: string;
}

/** Per user and lesson: attempts, failed attempts, score sum and best, passed, first pass, last try. */
export async function summariseAttemptsOf(db: Kysely<Database>, userIds: readonly string[]): Promise<AttemptSummaryRow[]> {
  const rows = await inChunks(userIds, (chunk) =>
    db
      .selectFrom('quiz_attempts')
      .select((eb) => [
        'user_id',
        'lesson_slug',
        eb.fn.countAll<number | string | bigint>().as('attempts'),
        eb.fn.sum<number | string>(eb.case().when('passed', '=', 0).then(1).else(0).end()).as('failed'),
        eb.fn.sum<number | string>('score').as('score_sum'),
        eb.fn.max<number>('score').as('best_score'),
        eb.fn.max<number>('passed').as('passed'),
        eb.fn.min<string | null>(eb.case().when('passed', '=', 1).then(eb.ref('created_at')).else(null).end()).as('first_passed_at'),
        eb.fn.max<string>('created_at').as('last_at'),
      ])
      .where('user_id', 'in', chunk)
      .groupBy(['user_id', 'lesson_slug'])
      .execute(),
  );
  return rows.map((r) => ({
    ...r,
    attempts: Number(r.attempts),
    failed: Number(r.failed),
    score_sum: Number(r.score_sum),
    best_score: Number(r.best_score),
    passed: Number(r.passed),
  }));
}

export interface AttemptRow {
  id: string;
  user_id: string;
  lesson_slug: string;
  answers: string;
  score: number;
  passed: number;
  created_at: string;
}

/** Every attempt of these users at one lesson (or all lessons), oldest first. */
export async function listAttemptsOf(db: Kysely<Database>, userIds: readonly string[], lessonSlug: string | null = null): Promise<AttemptRow[]> {
  const rows = await inChunks(userIds, (chunk) => {
    let query = db
      .selectFrom('quiz_attempts')
      .select(['id', 'user_id', 'lesson_slug', 'answers', 'score', 'passed', 'created_at'])
      .where('user_id', 'in', chunk);
    if (lessonSlug !== null) query = query.where('lesson_slug', '=', lessonSlug);
    return query.execute();
  });
  return rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
}

export interface StoreOfUserRow {
  user_id: string;
  store_id: string;
  role: StoreRole;
  slug: string;
  name: string;
  published_at: string | null;
  first_published_at: string | null;
  taken_down_at: string | null;
}

/** The store each of these users belongs to (a user belongs to at most one). */
export async function listStoresOfUsers(db: Kysely<Database>, userIds: readonly string[]): Promise<StoreOfUserRow[]> {
  return inChunks(userIds, (chunk) =>
    db
      .selectFrom('store_members')
      .innerJoin('stores', 'stores.id', 'store_members.store_id')
      .select([
        'store_members.user_id',
        'stores.id as store_id',
        'store_members.role',
        'stores.slug',
        'stores.name',
        'stores.published_at',
        'stores.first_published_at',
        'stores.taken_down_at',
      ])
      .where('store_members.user_id', 'in', chunk)
      .execute(),
  );
}

/** Products buyers can see (not hidden) per store. */
export async function countVisibleProducts(db: Kysely<Database>, storeIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await inChunks(storeIds, (chunk) =>
    db
      .selectFrom('products')
      .select((eb) => ['store_id', eb.fn.countAll<number | string | bigint>().as('n')])
      .where('store_id', 'in', chunk)
      .where('hidden', '=', 0)
      .groupBy('store_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.store_id, Number(r.n)]));
}

/** Order requests not marked handled, per store. */
export async function countOpenOrders(db: Kysely<Database>, storeIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await inChunks(storeIds, (chunk) =>
    db
      .selectFrom('order_requests')
      .select((eb) => ['store_id', eb.fn.countAll<number | string | bigint>().as('n')])
      .where('store_id', 'in', chunk)
      .where('handled_at', 'is', null)
      .groupBy('store_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.store_id, Number(r.n)]));
}

/** Scan times of these stores since an instant (bucketed into local days by the caller). */
export async function listScanTimes(db: Kysely<Database>, storeIds: readonly string[], since: string, until: string | null = null): Promise<{ store_id: string; scanned_at: string }[]> {
  return inChunks(storeIds, (chunk) => {
    let query = db.selectFrom('qr_scans').select(['store_id', 'scanned_at']).where('store_id', 'in', chunk).where('scanned_at', '>=', since);
    if (until !== null) query = query.where('scanned_at', '<', until);
    return query.execute();
  });
}

/** Order request times of these stores in [from, to). */
export async function listOrderTimes(db: Kysely<Database>, storeIds: readonly string[], from: string, to: string): Promise<{ store_id: string; created_at: string }[]> {
  return inChunks(storeIds, (chunk) =>
    db
      .selectFrom('order_requests')
      .select(['store_id', 'created_at'])
      .where('store_id', 'in', chunk)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
  );
}

/** The latest change each user made to a store (their own selling activity). */
export async function lastStoreEditOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(userIds, (chunk) =>
    db
      .selectFrom('store_edits')
      .select((eb) => ['user_id', eb.fn.max<string>('last_at').as('last_at')])
      .where('user_id', 'in', chunk)
      .groupBy('user_id')
      .execute(),
  );
  const out = new Map<string, string>();
  for (const r of rows) if (r.user_id !== null) out.set(r.user_id, r.last_at);
  return out;
}

export interface StoreEditRow {
  id: string;
  store_id: string;
  user_id: string | null;
  editor_name: string | null;
  editor_role: string | null;
  action: string;
  product_id: string | null;
  product_name: string | null;
  created_at: string;
  last_at: string;
}

/** Which changes `listOutsideEdits` returns: these actions exactly, or any action starting with one of these prefixes. */
export interface EditActionFilter {
  actions: readonly string[];
  /** Plain text (no LIKE wildcards `%` or `_`), e.g. 'product.'. */
  prefixes: readonly string[];
}

/**
 * A store's changes made by users who are not its members and whose role is one of `roles` (a
 * trainer in assisted mode), limited to the actions of `filter`, newest first, with who made each
 * and the product's current name. Filtered in the database, so the newest `limit` such changes are
 * found however many changes the members made since.
 */
export async function listOutsideEdits(
  db: Kysely<Database>,
  storeId: string,
  roles: readonly Role[],
  filter: EditActionFilter,
  limit: number,
): Promise<StoreEditRow[]> {
  if (roles.length === 0 || filter.actions.length + filter.prefixes.length === 0) return [];
  for (const prefix of filter.prefixes) if (/[%_\\]/.test(prefix)) throw new Error(`edit action prefix ${prefix} contains a LIKE wildcard`);
  return db
    .selectFrom('store_edits')
    .innerJoin('users', 'users.id', 'store_edits.user_id')
    .leftJoin('products', 'products.id', 'store_edits.product_id')
    .select([
      'store_edits.id',
      'store_edits.store_id',
      'store_edits.user_id',
      'users.display_name as editor_name',
      'users.role as editor_role',
      'store_edits.action',
      'store_edits.product_id',
      'products.name as product_name',
      'store_edits.created_at',
      'store_edits.last_at',
    ])
    .where('store_edits.store_id', '=', storeId)
    .where('users.role', 'in', [...roles])
    .where('store_edits.user_id', 'not in', (eb) => eb.selectFrom('store_members').select('store_members.user_id').where('store_members.store_id', '=', storeId))
    .where((eb) =>
      eb.or([
        ...filter.actions.map((action) => eb('store_edits.action', '=', action)),
        ...filter.prefixes.map((prefix) => eb('store_edits.action', 'like', `${prefix}%`)),
      ]),
    )
    .orderBy('store_edits.last_at', 'desc')
    .orderBy('store_edits.id')
    .limit(limit)
    .execute();
}

/** A user's own changes to stores, newest first (the trainee page's timeline). */
export async function listEditsByUser(db: Kysely<Database>, userId: string, limit: number): Promise<{ action: string; product_name: string | null; last_at: string }[]> {
  return db
    .selectFrom('store_edits')
    .leftJoin('products', 'products.id', 'store_edits.product_id')
    .select(['store_edits.action', 'products.name as product_name', 'store_edits.last_at'])
    .where('store_edits.user_id', '=', userId)
    .orderBy('store_edits.last_at', 'desc')
    .limit(limit)
    .execute();
}

/** When each of these users finished the course (their certificate's completion time). */
export async function listCompletions(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(userIds, (chunk) =>
    db.selectFrom('certificates').select(['user_id', 'completed_at']).where('user_id', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.user_id, r.completed_at]));
}

export interface CentreMembershipRow {
  user_id: string;
  cohort_id: string;
  joined_at: string;
  role: string;
}

/**
 * The memberships in the cohorts of a centre that overlap [from, to): joined before `to` and not
 * left before `from` (on the roster, or left during or after the period), with the member's role.
 */
export async function listCentreMemberships(db: Kysely<Database>, centreId: string, from: string, to: string): Promise<CentreMembershipRow[]> {
  return db
    .selectFrom('cohort_members')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .innerJoin('users', 'users.id', 'cohort_members.user_id')
    .select(['cohort_members.user_id', 'cohort_members.cohort_id', 'cohort_members.joined_at', 'users.role'])
    .where('cohorts.centre_id', '=', centreId)
    .where('cohort_members.joined_at', '<', to)
    .where((eb) => eb.or([eb('cohort_members.left_at', 'is', null), eb('cohort_members.left_at', '>=', from)]))
    .execute();
}

/** The owner of a store (null for a store without one). */
export async function findStoreOwnerId(db: Kysely<Database>, storeId: string): Promise<string | null> {
  const row = await db.selectFrom('store_members').select('user_id').where('store_id', '=', storeId).where('role', '=', 'owner').executeTakeFirst();
  return row?.user_id ?? null;
}

export interface StoreSummaryRow {
  id: string;
  name: string;
  slug: string;
  owner_name: string | null;
}

/** A store's name and address with its owner's name (the assist banner). */
export async function findStoreSummary(db: Kysely<Database>, storeId: string): Promise<StoreSummaryRow | null> {
  const row = await db
    .selectFrom('stores')
    .leftJoin('store_members', (join) => join.onRef('store_members.store_id', '=', 'stores.id').on('store_members.role', '=', 'owner'))
    .leftJoin('users', 'users.id', 'store_members.user_id')
    .select(['stores.id', 'stores.name', 'stores.slug', 'users.display_name as owner_name'])
    .where('stores.id', '=', storeId)
    .executeTakeFirst();
  return row ?? null;
}
