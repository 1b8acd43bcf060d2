// The trainer workspace on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
// cohort membership rules, the dashboard's figures against what the database holds (computed here
// independently, with plain SQL), the "needs help" rule, the centre report across a month boundary
// in the configured time zone, the publish lock, and the assisted-edit log.
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lib/course/types';
import { insertUser } from '../../src/lib/server/auth/user.repository';
import { courseFromFiles } from '../../src/lib/server/course/lesson-files';
import { recordAttempt, markLessonRead } from '../../src/lib/server/course/progress';
import type { Answers } from '../../src/lib/server/course/scoring';
import type { Cohort, Database, Role } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { createMainLink, createPlacementLink, relabelLink, setLinkArchived } from '../../src/lib/server/links/links';
import { buildChecklist } from '../../src/lib/server/store/checklist';
import { insertProduct } from '../../src/lib/server/store/product.repository';
import { insertMember as insertStoreMember, insertStore, logEdit, recordSlug } from '../../src/lib/server/store/store.repository';
import { canAssistStore, listAssistedEdits } from '../../src/lib/server/trainer/assist';
import { insertCentre } from '../../src/lib/server/trainer/centre.repository';
import { findActiveMembership, listFormerMembers, listMembershipHistory, listRoster } from '../../src/lib/server/trainer/cohort.repository';
import { closeCohort, createCohort, joinCohort, removeTrainee, setRequiredLessons } from '../../src/lib/server/trainer/cohorts';
import { setStaff } from '../../src/lib/server/trainer/centres';
import { applyView, computeDashboard, type DashboardRow } from '../../src/lib/server/trainer/dashboard';
import { requiredLessonsForStore } from '../../src/lib/server/trainer/publish-lock';
import { editActionLabel } from '../../src/lib/server/trainer/labels';
import { computeCentreReport } from '../../src/lib/server/trainer/report';
import { failingAnswers } from '../../src/lib/server/trainer/synthetic';
import { tempDb, testBackends, type TestDb } from '../helpers/db';

const course = courseFromFiles();
const TZ = 'Asia/Shanghai';
const lesson = (order: number): Lesson => {
  const found = course.lessons.find((l) => l.order === order);
  if (!found) throw new Error(`no lesson ${order}`);
  return found;
};
const rightAnswers = (l: Lesson): Answers =>
  Object.fromEntries(l.versions.en.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id).sort()]));

async function user(db: Kysely<Database>, name: string, role: Role = 'trainee', createdAt = '2026-10-01T00:00:00.000Z'): Promise<{ id: string; role: Role }> {
  const id = newId();
  await insertUser(db, {
    id,
    login: `u${id.slice(0, 12)}`,
    display_name: name,
    password_hash: 'not-used',
    role,
    locale: 'zh-CN',
    must_change_password: 0,
    disabled_at: null,
    created_by: null,
    created_at: createdAt,
    updated_at: createdAt,
  });
  return { id, role };
}

async function store(
  db: Kysely<Database>,
  ownerId: string,
  options: { published?: string | null; firstPublished?: string | null; members?: string[]; products?: { hidden: boolean }[] } = {},
): Promise<string> {
  const id = newId();
  const now = '2026-10-15T00:00:00.000Z';
  await insertStore(db, {
    id,
    slug: `s-${id.slice(0, 10)}`,
    name: `Store ${id.slice(0, 4)}`,
    tagline: '',
    story_json: null,
    story_text: '',
    province_code: null,
    county_code: null,
    village: '',
    region_other: '',
    phone: '13800000000',
    wechat: '',
    whatsapp: '',
    pickup_note: '',
    delivery_note: '',
    cover_photo_id: null,
    published_at: options.published ?? null,
    first_published_at: options.firstPublished ?? options.published ?? null,
    taken_down_at: null,
    taken_down_reason: null,
    taken_down_by: null,
    version: 1,
    edit_version: 1,
    created_by: ownerId,
    created_at: now,
    updated_at: now,
  });
  await recordSlug(db, id, `s-${id.slice(0, 10)}`, now);
  await insertStoreMember(db, { id: newId(), storeId: id, userId: ownerId, role: 'owner', now });
  for (const member of options.members ?? []) await insertStoreMember(db, { id: newId(), storeId: id, userId: member, role: 'member', now });
  for (const [i, p] of (options.products ?? []).entries()) {
    await insertProduct(db, {
      id: newId(),
      store_id: id,
      slug: `p${i}`,
      name: `Product ${i}`,
      price_minor: 1000,
      currency: 'CNY',
      unit: 'jin',
      price_by_weight: 0,
      availability: 'inStock',
      harvest_date: null,
      stock: null,
      category: 'other',
      description_json: null,
      description_text: '',
      position: i + 1,
      hidden: p.hidden ? 1 : 0,
      version: 1,
      created_at: now,
      updated_at: now,
      updated_by: ownerId,
    });
  }
  return id;
}

async function order(db: Kysely<Database>, storeId: string, createdAt: string, handled = false): Promise<void> {
  await db
    .insertInto('order_requests')
    .values({
      id: newId(),
      store_id: storeId,
      product_id: null,
      product_name: '',
      buyer_name: 'Wang',
      buyer_contact: 'wx-wang',
      quantity: '2',
      note: '',
      fulfilment: 'delivery',
      locale: 'zh-CN',
      client_hash: 'h',
      created_at: createdAt,
      read_at: null,
      handled_at: handled ? createdAt : null,
      handled_by: null,
    })
    .execute();
}

async function scans(db: Kysely<Database>, storeId: string, times: string[]): Promise<void> {
  const link = await createMainLink(db, { storeId, productId: null }, null, '2026-10-01T00:00:00.000Z');
  if (times.length === 0) return;
  await db
    .insertInto('qr_scans')
    .values(times.map((t) => ({ id: newId(), link_id: link.id, store_id: storeId, scanned_at: t, visitor: 'v' })))
    .execute();
}

async function cohortOf(db: Kysely<Database>, trainerId: string, name = 'Cohort', startDate = '2026-11-01', now = '2026-10-20T00:00:00.000Z'): Promise<Cohort> {
  return createCohort(db, trainerId, { name, place: '', startDate }, now);
}

async function join(db: Kysely<Database>, u: { id: string; role: Role }, cohort: Cohort, at: string): Promise<void> {
  const result = await joinCohort(db, { userId: u.id, role: u.role, cohort, addedBy: u.id, now: at });
  if (!result.ok) throw new Error(`join refused: ${result.reason}`);
}

describe.each(testBackends())('trainer workspace on %s', (backend) => {
  let t: TestDb;
  let db: Kysely<Database>;
  beforeEach(async () => {
    t = await tempDb({ backend });
    db = t.db;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  describe('cohorts', () => {
    it('keep a trainee in one open cohort at a time; moving keeps the history', async () => {
      const trainer = await user(db, '李老师', 'trainer');
      const autumn = await cohortOf(db, trainer.id, '秋季班');
      const spring = await cohortOf(db, trainer.id, '春季班');
      const farmer = await user(db, '陈大山');
      await join(db, farmer, autumn, '2026-11-01T00:00:00.000Z');
      expect((await joinCohort(db, { userId: farmer.id, role: 'trainee', cohort: autumn, addedBy: farmer.id })).ok).toBe(true);
      await join(db, farmer, spring, '2026-11-05T00:00:00.000Z');
      expect((await findActiveMembership(db, farmer.id))?.cohort_id).toBe(spring.id);
      const history = await listMembershipHistory(db, farmer.id);
      expect(history.map((h) => [h.cohort_name, h.left_reason, h.active])).toEqual([
        ['秋季班', 'moved', 0],
        ['春季班', null, 1],
      ]);
      expect((await listRoster(db, autumn.id)).map((r) => r.user_id)).toEqual([]);
      expect((await listRoster(db, spring.id)).map((r) => r.user_id)).toEqual([farmer.id]);
    });

    it('end with one current cohort however many joins race (the database decides)', async () => {
      const trainer = await user(db, '李老师', 'trainer');
      const cohorts = await Promise.all(Array.from({ length: 6 }, (_, i) => cohortOf(db, trainer.id, `班 ${i}`)));
      const farmer = await user(db, '周秀英');
      const results = await Promise.allSettled(cohorts.map((c) => joinCohort(db, { userId: farmer.id, role: 'trainee', cohort: c, addedBy: farmer.id })));
      expect(results.some((r) => r.status === 'fulfilled' && r.value.ok)).toBe(true);
      const active = await db.selectFrom('cohort_members').select('cohort_id').where('user_id', '=', farmer.id).where('active', '=', 1).execute();
      expect(active).toHaveLength(1);
    });

    it('refuse a second active row even when written directly (partial unique index)', async () => {
      const trainer = await user(db, '李老师', 'trainer');
      const [a, b] = [await cohortOf(db, trainer.id, 'A'), await cohortOf(db, trainer.id, 'B')];
      const farmer = await user(db, '马国强');
      await join(db, farmer, a, '2026-11-01T00:00:00.000Z');
      const row = { id: newId(), cohort_id: b.id, user_id: farmer.id, joined_at: '2026-11-02T00:00:00.000Z', left_at: null, left_reason: null, active: 1, added_by: null };
      await expect(db.insertInto('cohort_members').values(row).execute()).rejects.toThrow();
    });

    it('close: the roster stays as the final list, nobody joins, trainees are free to join another', async () => {
      const trainer = await user(db, '张老师', 'trainer');
      const summer = await cohortOf(db, trainer.id, '夏季班');
      const farmer = await user(db, '李玉兰');
      await join(db, farmer, summer, '2026-11-01T00:00:00.000Z');
      await closeCohort(db, summer.id, '2026-11-20T00:00:00.000Z');
      const closed = { ...summer, closed_at: '2026-11-20T00:00:00.000Z' };
      expect((await listRoster(db, summer.id)).map((r) => r.user_id)).toEqual([farmer.id]);
      expect(await findActiveMembership(db, farmer.id)).toBeNull();
      const late = await user(db, '迟到的人');
      expect(await joinCohort(db, { userId: late.id, role: 'trainee', cohort: closed, addedBy: late.id })).toEqual({ ok: false, reason: 'closed' });
      const winter = await cohortOf(db, trainer.id, '冬季班');
      await join(db, farmer, winter, '2026-11-25T00:00:00.000Z');
      expect((await listRoster(db, summer.id)).map((r) => r.user_id)).toEqual([farmer.id]);
      expect((await findActiveMembership(db, farmer.id))?.cohort_id).toBe(winter.id);
    });

    it('remove: off the roster, kept in history; the trainee cannot rejoin, the trainer can add them back', async () => {
      const trainer = await user(db, '李老师', 'trainer');
      const c = await cohortOf(db, trainer.id);
      const farmer = await user(db, '罗成');
      await join(db, farmer, c, '2026-11-01T00:00:00.000Z');
      expect(await removeTrainee(db, c.id, farmer.id)).toBe(true);
      expect(await removeTrainee(db, c.id, farmer.id)).toBe(false);
      expect(await listRoster(db, c.id)).toEqual([]);
      expect(await joinCohort(db, { userId: farmer.id, role: 'trainee', cohort: c, addedBy: farmer.id })).toEqual({ ok: false, reason: 'removed' });
      expect((await joinCohort(db, { userId: farmer.id, role: 'trainee', cohort: c, addedBy: trainer.id, addBack: true })).ok).toBe(true);
      expect((await listMembershipHistory(db, farmer.id)).map((h) => h.left_reason)).toEqual(['removed', null]);
    });

    it('add back only somebody whose last membership here ended in removal, and who is in no other cohort now', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const other = await user(db, '李老师', 'trainer');
      const c = await cohortOf(db, trainer.id, '春季班');
      const elsewhere = await cohortOf(db, other.id, '秋季班');
      const addBack = (u: { id: string; role: Role }) => joinCohort(db, { userId: u.id, role: u.role, cohort: c, addedBy: trainer.id, addBack: true });
      // A stranger (never here), in another trainer's cohort: refused, and left where they are.
      const stranger = await user(db, '陈大山');
      await join(db, stranger, elsewhere, '2026-11-01T00:00:00.000Z');
      expect(await addBack(stranger)).toEqual({ ok: false, reason: 'notRemoved' });
      expect((await findActiveMembership(db, stranger.id))?.cohort_id).toBe(elsewhere.id);
      expect(await listRoster(db, c.id)).toEqual([]);
      // Somebody who moved away on their own was not removed: refused too.
      const mover = await user(db, '周秀英');
      await join(db, mover, c, '2026-11-01T00:00:00.000Z');
      await join(db, mover, elsewhere, '2026-11-02T00:00:00.000Z');
      expect(await addBack(mover)).toEqual({ ok: false, reason: 'notRemoved' });
      // Removed, then joined another class: not taken out of it.
      const removed = await user(db, '罗成');
      await join(db, removed, c, '2026-11-01T00:00:00.000Z');
      await removeTrainee(db, c.id, removed.id, '2026-11-03T00:00:00.000Z');
      await join(db, removed, elsewhere, '2026-11-04T00:00:00.000Z');
      expect(await addBack(removed)).toEqual({ ok: false, reason: 'inOtherCohort' });
      expect((await findActiveMembership(db, removed.id))?.cohort_id).toBe(elsewhere.id);
      // Removed and in no class: back in.
      const back = await user(db, '马国强');
      await join(db, back, c, '2026-11-01T00:00:00.000Z');
      await removeTrainee(db, c.id, back.id, '2026-11-03T00:00:00.000Z');
      // The settings page offers "add back" exactly where it would be accepted.
      const offered = (await listFormerMembers(db, c.id)).filter((m) => m.can_add_back).map((m) => m.user_id);
      expect(offered).toEqual([back.id]);
      expect((await addBack(back)).ok).toBe(true);
      expect((await listFormerMembers(db, c.id)).filter((m) => m.can_add_back)).toEqual([]);
      expect((await listRoster(db, c.id)).map((r) => r.user_id)).toEqual([back.id]);
    });

    it('are for trainees only', async () => {
      const trainer = await user(db, '李老师', 'trainer');
      const c = await cohortOf(db, trainer.id);
      const admin = await user(db, 'admin', 'admin');
      expect(await joinCohort(db, { userId: admin.id, role: 'admin', cohort: c, addedBy: admin.id })).toEqual({ ok: false, reason: 'notTrainee' });
    });

    it('belong to the centre of the trainer who made them', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const centreId = newId();
      await insertCentre(db, { id: centreId, name: '普格县电子商务公共服务中心', place: '', created_by: null, created_at: '2026-10-01T00:00:00.000Z', updated_at: '2026-10-01T00:00:00.000Z' });
      const login = (await db.selectFrom('users').select('login').where('id', '=', trainer.id).executeTakeFirstOrThrow()).login;
      expect(await setStaff(db, centreId, login, 'trainer')).toEqual({ ok: true, name: '王老师' });
      expect((await cohortOf(db, trainer.id)).centre_id).toBe(centreId);
      const farmer = await user(db, '刘春花');
      const farmerLogin = (await db.selectFrom('users').select('login').where('id', '=', farmer.id).executeTakeFirstOrThrow()).login;
      expect(await setStaff(db, centreId, farmerLogin, 'manager')).toEqual({ ok: false, reason: 'notTrainer' });
      expect(await setStaff(db, centreId, 'nobody-here', 'trainer')).toEqual({ ok: false, reason: 'userUnknown' });
    });

    it('made before the trainer had a centre join the centre the trainer is then put in', async () => {
      const trainer = await user(db, '张老师', 'trainer');
      const other = await user(db, '王老师', 'trainer');
      const [puge, butuo] = [newId(), newId()];
      for (const id of [puge, butuo]) {
        await insertCentre(db, { id, name: id === puge ? '普格' : '布拖', place: '', created_by: null, created_at: '2026-10-01T00:00:00.000Z', updated_at: '2026-10-01T00:00:00.000Z' });
      }
      const loginOf = async (id: string) => (await db.selectFrom('users').select('login').where('id', '=', id).executeTakeFirstOrThrow()).login;
      const early = await cohortOf(db, trainer.id, '早班');
      const othersEarly = await cohortOf(db, other.id, '别人的班');
      expect(early.centre_id).toBeNull();
      const farmer = await user(db, '吉克阿依');
      await join(db, farmer, early, '2026-11-02T00:00:00.000Z');

      expect((await setStaff(db, puge, await loginOf(trainer.id), 'trainer')).ok).toBe(true);
      const centreOf = async (id: string) => (await db.selectFrom('cohorts').select('centre_id').where('id', '=', id).executeTakeFirstOrThrow()).centre_id;
      expect(await centreOf(early.id)).toBe(puge);
      expect(await centreOf(othersEarly.id)).toBeNull();
      // The centre's manager and report see it now.
      const report = await computeCentreReport(db, puge, '2026-11', TZ);
      expect(report.rows.map((r) => r.cohortName)).toEqual(['早班']);
      expect(report.total.joined).toBe(1);

      // Moving to another centre later leaves the cohorts with the centre they were in.
      expect((await setStaff(db, butuo, await loginOf(trainer.id), 'manager')).ok).toBe(true);
      expect(await centreOf(early.id)).toBe(puge);
      expect((await cohortOf(db, trainer.id, '新班')).centre_id).toBe(butuo);
    });
  });

  describe('dashboard', () => {
    const NOW = new Date('2026-11-28T04:00:00.000Z'); // noon in Shanghai

    async function scenario() {
      const trainer = await user(db, '李老师', 'trainer');
      const cohort = await cohortOf(db, trainer.id, '秋季班', '2026-11-01');
      const other = await cohortOf(db, trainer.id, '别的班', '2026-11-01');
      const a = await user(db, '吉克阿依');
      const b = await user(db, '罗成', 'trainee', '2026-11-18T00:00:00.000Z');
      const c = await user(db, '杨桂兰');
      const d = await user(db, '黄德明');
      const e = await user(db, '沙马拉则');
      const f = await user(db, '别班的人');
      const g = await user(db, '被移出的人');
      for (const u of [a, c, d, e, g]) await join(db, u, cohort, '2026-11-02T00:00:00.000Z');
      await join(db, b, cohort, '2026-11-18T00:00:00.000Z');
      await join(db, f, other, '2026-11-02T00:00:00.000Z');
      await removeTrainee(db, cohort.id, g.id, '2026-11-10T00:00:00.000Z');

      const at = (iso: string) => new Date(iso);
      // a: read lessons 1 and 2; fails lesson 1 once, then passes 1 and 2; a live store.
      await markLessonRead(db, a.id, lesson(1).slug, at('2026-11-20T10:00:00.000Z'));
      await recordAttempt(db, { userId: a.id, lesson: lesson(1), locale: 'zh-CN', attemptId: newId(), answers: failingAnswers(lesson(1)), now: at('2026-11-20T10:05:00.000Z') });
      await recordAttempt(db, { userId: a.id, lesson: lesson(1), locale: 'zh-CN', attemptId: newId(), answers: rightAnswers(lesson(1)), now: at('2026-11-20T10:10:00.000Z') });
      await recordAttempt(db, { userId: a.id, lesson: lesson(2), locale: 'zh-CN', attemptId: newId(), answers: rightAnswers(lesson(2)), now: at('2026-11-26T09:00:00.000Z') });
      const shop = await store(db, a.id, { published: '2026-11-22T00:00:00.000Z', members: [e.id], products: [{ hidden: false }, { hidden: false }, { hidden: true }] });
      await order(db, shop, '2026-11-25T00:00:00.000Z');
      await order(db, shop, '2026-11-26T00:00:00.000Z');
      await order(db, shop, '2026-11-20T00:00:00.000Z', true);
      // This week in Shanghai: 22 Nov 00:00 local = 21 Nov 16:00 UTC onwards.
      await scans(db, shop, ['2026-11-21T16:30:00.000Z', '2026-11-25T08:00:00.000Z', '2026-11-28T03:00:00.000Z', '2026-11-21T15:30:00.000Z', '2026-11-10T00:00:00.000Z']);
      // b: joined ten days ago, read one lesson then, nothing since.
      await markLessonRead(db, b.id, lesson(1).slug, at('2026-11-18T01:00:00.000Z'));
      // c: failed lesson 3 twice, recently.
      for (const when of ['2026-11-27T01:00:00.000Z', '2026-11-27T02:00:00.000Z']) {
        await recordAttempt(db, { userId: c.id, lesson: lesson(3), locale: 'zh-CN', attemptId: newId(), answers: failingAnswers(lesson(3)), now: at(when) });
      }
      // d: failed lesson 3 twice, then passed it.
      for (const when of ['2026-11-27T01:00:00.000Z', '2026-11-27T02:00:00.000Z']) {
        await recordAttempt(db, { userId: d.id, lesson: lesson(3), locale: 'zh-CN', attemptId: newId(), answers: failingAnswers(lesson(3)), now: at(when) });
      }
      await recordAttempt(db, { userId: d.id, lesson: lesson(3), locale: 'zh-CN', attemptId: newId(), answers: rightAnswers(lesson(3)), now: at('2026-11-27T03:00:00.000Z') });
      // e: a member of a's store; changed a product last week.
      await logEdit(db, { id: newId(), storeId: shop, userId: e.id, action: 'product.edit', productId: null, now: '2026-11-24T00:00:00.000Z' });
      // f: in another cohort, active; g: removed — neither is on this dashboard.
      await markLessonRead(db, f.id, lesson(1).slug, at('2026-11-27T00:00:00.000Z'));
      return { cohort, users: { a, b, c, d, e, f, g }, shop };
    }

    /** The figures of one trainee, straight from the tables with plain SQL (not the app's queries). */
    async function independently(userId: string) {
      const slugs = course.lessons.map((l) => l.slug);
      const one = async <T>(query: ReturnType<typeof sql<T>>): Promise<T | undefined> => (await query.execute(db)).rows[0];
      const reads = await one<{ n: number | string }>(sql`select count(distinct lesson_slug) as n from lesson_reads where user_id = ${userId} and lesson_slug in (${sql.join(slugs)})`);
      const passed = await one<{ n: number | string }>(sql`select count(distinct lesson_slug) as n from quiz_attempts where user_id = ${userId} and passed = 1`);
      const scores = await one<{ total: number | string | null; n: number | string; best: number | string | null }>(
        sql`select sum(score) as total, count(*) as n, max(score) as best from quiz_attempts where user_id = ${userId}`,
      );
      const membership = await one<{ store_id: string }>(sql`select store_id from store_members where user_id = ${userId}`);
      const storeId = membership?.store_id ?? null;
      const products = storeId ? await one<{ n: number | string }>(sql`select count(*) as n from products where store_id = ${storeId} and hidden = 0`) : { n: 0 };
      const open = storeId ? await one<{ n: number | string }>(sql`select count(*) as n from order_requests where store_id = ${storeId} and handled_at is null`) : { n: 0 };
      const week = storeId
        ? await one<{ n: number | string }>(
            sql`select count(*) as n from qr_scans where store_id = ${storeId} and scanned_at >= ${'2026-11-21T16:00:00.000Z'} and scanned_at < ${'2026-11-28T16:00:00.000Z'}`,
          )
        : { n: 0 };
      const last = await one<{ at: string | null }>(sql`
        select max(at) as at from (
          select created_at as at from users where id = ${userId}
          union all select joined_at from cohort_members where user_id = ${userId}
          union all select read_at from lesson_reads where user_id = ${userId}
          union all select created_at from quiz_attempts where user_id = ${userId}
          union all select last_at from store_edits where user_id = ${userId}
        ) as everything`);
      const n = Number(scores?.n ?? 0);
      return {
        lessonsRead: Number(reads?.n ?? 0),
        quizzesPassed: Number(passed?.n ?? 0),
        averageScore: n > 0 ? Math.round(Number(scores?.total) / n) : null,
        bestScore: n > 0 ? Number(scores?.best) : null,
        products: Number(products?.n ?? 0),
        openOrders: Number(open?.n ?? 0),
        scansThisWeek: Number(week?.n ?? 0),
        lastActive: last?.at ?? '',
        storeId,
      };
    }

    it('shows for every trainee on the roster exactly what the database holds', async () => {
      const { cohort, users, shop } = await scenario();
      const dashboard = await computeDashboard(db, cohort, course, { timeZone: TZ, now: NOW });
      expect(dashboard.totalLessons).toBe(course.lessons.length);
      const byName = new Map(dashboard.rows.map((r) => [r.name, r]));
      expect([...byName.keys()].sort()).toEqual(['吉克阿依', '杨桂兰', '沙马拉则', '罗成', '黄德明'].sort());
      for (const row of dashboard.rows) {
        const expected = await independently(row.userId);
        expect(
          {
            lessonsRead: row.lessonsRead,
            quizzesPassed: row.quizzesPassed,
            averageScore: row.averageScore,
            bestScore: row.bestScore,
            products: row.products,
            openOrders: row.openOrders,
            scansThisWeek: row.scansThisWeek,
            lastActive: row.lastActive,
            storeId: row.storeId,
          },
          row.name,
        ).toEqual(expected);
      }
      const a = byName.get('吉克阿依') as DashboardRow;
      // The figures themselves, to be sure the comparison compared something.
      expect(a).toMatchObject({ lessonsRead: 2, quizzesPassed: 2, attempts: 3, store: 'live', products: 2, openOrders: 2, scansThisWeek: 3, storeId: shop });
      expect(byName.get('沙马拉则')).toMatchObject({ store: 'live', products: 2, scansThisWeek: 3, lastActive: '2026-11-24T00:00:00.000Z' });
      expect(byName.get('罗成')).toMatchObject({ lessonsRead: 1, quizzesPassed: 0, averageScore: null, bestScore: null, store: 'none' });
      expect(users.f.id).not.toBe(users.g.id);
    });

    it('flags for help: no activity for 7 days, or a quiz failed twice and not passed', async () => {
      const { cohort } = await scenario();
      const dashboard = await computeDashboard(db, cohort, course, { timeZone: TZ, now: NOW });
      const flagged = applyView(dashboard.rows, { sort: 'name', dir: 'asc', filter: 'needsHelp' });
      expect(Object.fromEntries(flagged.map((r) => [r.name, r.help]))).toEqual({ 罗成: ['inactive'], 杨桂兰: ['quizFailed'] });
      expect(flagged.find((r) => r.name === '杨桂兰')?.strugglingLessons).toEqual([lesson(3).slug]);
      // On the 24th his last activity (the 18th) was only six days old: not flagged yet.
      const earlier = await computeDashboard(db, cohort, course, { timeZone: TZ, now: new Date('2026-11-24T00:00:00.000Z') });
      expect(earlier.rows.find((r) => r.name === '罗成')?.help).toEqual([]);
    });
  });

  describe('centre report', () => {
    it('counts a month in the configured time zone, at the edges too', async () => {
      const t1 = await user(db, '李老师', 'trainer');
      const t2 = await user(db, '王老师', 'trainer');
      const centreId = newId();
      const otherCentre = newId();
      for (const id of [centreId, otherCentre]) {
        await insertCentre(db, { id, name: id === centreId ? '普格' : '布拖', place: '', created_by: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' });
      }
      const x = { ...(await cohortOf(db, t1.id, 'X')), centre_id: centreId };
      const y = { ...(await cohortOf(db, t2.id, 'Y')), centre_id: centreId };
      const z = { ...(await cohortOf(db, t2.id, 'Z')), centre_id: otherCentre };
      await db.updateTable('cohorts').set({ centre_id: centreId }).where('id', 'in', [x.id, y.id]).execute();
      await db.updateTable('cohorts').set({ centre_id: otherCentre }).where('id', '=', z.id).execute();

      const [u1, u2, u3, u4, u5] = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5'].map((n) => user(db, n)));
      if (!u1 || !u2 || !u3 || !u4 || !u5) throw new Error('users');
      await join(db, u1, x, '2026-10-31T16:30:00.000Z'); // 1 Nov 00:30 in Shanghai: November
      await join(db, u2, x, '2026-10-31T15:30:00.000Z'); // 31 Oct 23:30 in Shanghai: October
      await join(db, u3, y, '2026-11-15T00:00:00.000Z');
      await join(db, u4, z, '2026-11-15T00:00:00.000Z'); // another centre
      await join(db, u5, x, '2026-12-02T00:00:00.000Z'); // after the month
      // u6 was in X before the month and removed on 20 Oct: their November figures are not the centre's.
      const u6 = await user(db, 'u6');
      await join(db, u6, x, '2026-09-10T00:00:00.000Z');
      await removeTrainee(db, x.id, u6.id, '2026-10-20T00:00:00.000Z');
      // u7 was in Y from October and moved to the other centre exactly as November began (1 Nov 00:00
      // in Shanghai): still Y's for November, not for December.
      const u7 = await user(db, 'u7');
      await join(db, u7, y, '2026-10-05T00:00:00.000Z');
      await join(db, u7, z, '2026-10-31T16:00:00.000Z');
      const certificate = async (userId: string, completedAt: string) =>
        db
          .insertInto('certificates')
          .values({ id: newId(), user_id: userId, code: newId().slice(0, 10).toUpperCase(), holder_name: 'x', lessons: '[]', completed_at: completedAt, created_at: completedAt })
          .execute();
      await certificate(u2.id, '2026-11-30T15:59:00.000Z'); // 30 Nov 23:59: November
      await certificate(u1.id, '2026-11-30T16:00:00.000Z'); // 1 Dec 00:00: December
      await certificate(u6.id, '2026-11-10T00:00:00.000Z'); // not counted: u6 left before November
      await certificate(u7.id, '2026-11-02T00:00:00.000Z'); // Y's
      const s6 = await store(db, u6.id, { published: '2026-11-12T00:00:00.000Z' });
      await order(db, s6, '2026-11-13T00:00:00.000Z');
      await scans(db, s6, ['2026-11-14T00:00:00.000Z', '2026-11-15T00:00:00.000Z']);
      const s1 = await store(db, u1.id, { published: '2026-11-10T00:00:00.000Z' });
      const s2 = await store(db, u3.id, { published: '2026-10-20T00:00:00.000Z' });
      const s4 = await store(db, u4.id, { published: '2026-11-10T00:00:00.000Z' });
      await order(db, s1, '2026-10-31T16:00:00.000Z'); // exactly 1 Nov 00:00
      await order(db, s1, '2026-11-20T00:00:00.000Z');
      await order(db, s1, '2026-10-31T15:59:59.999Z'); // October
      await order(db, s2, '2026-11-03T00:00:00.000Z');
      await order(db, s4, '2026-11-03T00:00:00.000Z'); // another centre
      await scans(db, s1, ['2026-10-31T16:00:00.000Z', '2026-11-05T00:00:00.000Z', '2026-11-30T15:59:59.000Z', '2026-10-31T15:00:00.000Z']);
      await scans(db, s2, ['2026-11-05T00:00:00.000Z', '2026-11-06T00:00:00.000Z', '2026-11-30T16:00:00.000Z']);
      await scans(db, s4, ['2026-11-05T00:00:00.000Z']);

      const november = await computeCentreReport(db, centreId, '2026-11', TZ);
      expect(november).toMatchObject({ month: '2026-11', from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
      const figures = (r: { joined: number; finishedCourse: number; publishedStore: number; receivedOrders: number; orderRequests: number; scans: number }) => [
        r.joined,
        r.finishedCourse,
        r.publishedStore,
        r.receivedOrders,
        r.orderRequests,
        r.scans,
      ];
      const row = (id: string) => november.rows.find((r) => r.cohortId === id);
      expect(november.rows.map((r) => r.cohortName).sort()).toEqual(['X', 'Y']);
      expect(figures(row(x.id) ?? november.total)).toEqual([1, 1, 1, 1, 2, 3]);
      expect(figures(row(y.id) ?? november.total)).toEqual([1, 1, 0, 1, 1, 2]);
      expect(figures(november.total)).toEqual([2, 2, 1, 2, 3, 5]);

      const october = await computeCentreReport(db, centreId, '2026-10', TZ);
      expect(figures(october.total)).toEqual([2, 0, 0, 0, 0, 0]);
      expect(figures(october.rows.find((r) => r.cohortId === y.id) ?? october.total)).toEqual([1, 0, 0, 0, 0, 0]);
      const december = await computeCentreReport(db, centreId, '2026-12', TZ);
      expect(figures(december.total)).toEqual([1, 1, 0, 0, 0, 1]);
    });
  });

  describe('lessons required before publishing', () => {
    it('lock the owner’s checklist until the owner passes them', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const c = await cohortOf(db, trainer.id);
      const owner = await user(db, '刘春花');
      await join(db, owner, c, '2026-11-01T00:00:00.000Z');
      const shop = await store(db, owner.id, { products: [{ hidden: false }] });
      expect(await requiredLessonsForStore(db, shop)).toEqual([]);
      await setRequiredLessons(db, c.id, [lesson(2).slug, lesson(3).slug]);
      await recordAttempt(db, { userId: owner.id, lesson: lesson(2), locale: 'zh-CN', attemptId: newId(), answers: rightAnswers(lesson(2)) });
      const required = await requiredLessonsForStore(db, shop);
      expect(required).toEqual([
        { slug: lesson(2).slug, passed: true },
        { slug: lesson(3).slug, passed: false },
      ]);
      const storeRow = { phone: '1', wechat: '', whatsapp: '', story_text: '' };
      const products = [{ id: 'p', hidden: 0, price_minor: 100 }];
      const locked = buildChecklist(storeRow, products, new Set(), new Set(), required);
      expect(locked.readyToPublish).toBe(false);
      expect(locked.items.filter((i) => i.key === 'requiredLesson').map((i) => [i.lessonSlug, i.done, i.essential])).toEqual([
        [lesson(2).slug, true, true],
        [lesson(3).slug, false, true],
      ]);
      await recordAttempt(db, { userId: owner.id, lesson: lesson(3), locale: 'zh-CN', attemptId: newId(), answers: rightAnswers(lesson(3)) });
      expect(buildChecklist(storeRow, products, new Set(), new Set(), await requiredLessonsForStore(db, shop)).readyToPublish).toBe(true);
      // Off by default, and off again when the trainer clears the list or the trainee leaves.
      await setRequiredLessons(db, c.id, [lesson(4).slug]);
      expect(await requiredLessonsForStore(db, shop)).toHaveLength(1);
      await removeTrainee(db, c.id, owner.id);
      expect(await requiredLessonsForStore(db, shop)).toEqual([]);
    });
  });

  describe('assisted editing', () => {
    it('is for the trainer of a member’s open cohort only, and the trainer’s edits are listed for the members', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const stranger = await user(db, '张老师', 'trainer');
      const admin = await user(db, 'admin', 'admin');
      const c = await cohortOf(db, trainer.id);
      const owner = await user(db, '刘春花');
      await join(db, owner, c, '2026-11-01T00:00:00.000Z');
      const shop = await store(db, owner.id, { products: [{ hidden: false }] });
      const session = (u: { id: string; role: Role }) => ({ id: u.id, login: 'x', displayName: 'x', role: u.role, locale: 'zh-CN', mustChangePassword: false });
      expect(await canAssistStore(db, session(trainer), shop)).toBe(true);
      expect(await canAssistStore(db, session(stranger), shop)).toBe(false);
      expect(await canAssistStore(db, session(admin), shop)).toBe(false);
      expect(await canAssistStore(db, session(owner), shop)).toBe(false);

      await logEdit(db, { id: newId(), storeId: shop, userId: owner.id, action: 'store.edit', productId: null, now: '2026-11-20T00:00:00.000Z' });
      await logEdit(db, { id: newId(), storeId: shop, userId: trainer.id, action: 'store.edit', productId: null, now: '2026-11-21T00:00:00.000Z' });
      await logEdit(db, { id: newId(), storeId: shop, userId: trainer.id, action: 'store.publish', productId: null, now: '2026-11-21T00:01:00.000Z' });
      await logEdit(db, { id: newId(), storeId: shop, userId: admin.id, action: 'store.takeDown', productId: null, now: '2026-11-22T00:00:00.000Z' });
      const edits = await listAssistedEdits(db, shop);
      expect(edits.map((e) => [e.editorName, e.action, e.lastAt])).toEqual([['王老师', 'store.edit', '2026-11-21T00:00:00.000Z']]);

      await closeCohort(db, c.id);
      expect(await canAssistStore(db, session(trainer), shop)).toBe(false);
    });

    it('logs the QR codes a trainer makes, renames and puts away, and shows them to the trainee', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const c = await cohortOf(db, trainer.id);
      const owner = await user(db, '刘春花');
      await join(db, owner, c, '2026-11-01T00:00:00.000Z');
      const shop = await store(db, owner.id, { products: [{ hidden: false }] });
      const productId = (await db.selectFrom('products').select('id').where('store_id', '=', shop).executeTakeFirstOrThrow()).id;
      // The owner's own code is logged too, but not listed as the trainer's.
      await createPlacementLink(db, { storeId: shop, productId: null, placement: 'door', label: '', userId: owner.id }, '2026-11-20T00:00:00.000Z');
      const stall = await createPlacementLink(db, { storeId: shop, productId, placement: 'stall', label: '周六集市', userId: trainer.id }, '2026-11-21T00:00:00.000Z');
      await relabelLink(db, stall, 'stall', '周日集市', trainer.id, '2026-11-21T01:00:00.000Z');
      await setLinkArchived(db, stall, true, trainer.id, '2026-11-21T02:00:00.000Z');
      await setLinkArchived(db, stall, false, trainer.id, '2026-11-21T03:00:00.000Z');
      const logged = await db.selectFrom('store_edits').select(['user_id', 'action', 'product_id']).where('store_id', '=', shop).orderBy('last_at').execute();
      expect(logged).toEqual([
        { user_id: owner.id, action: 'link.create', product_id: null },
        { user_id: trainer.id, action: 'link.create', product_id: productId },
        { user_id: trainer.id, action: 'link.edit', product_id: productId },
        { user_id: trainer.id, action: 'link.archive', product_id: productId },
        { user_id: trainer.id, action: 'link.restore', product_id: productId },
      ]);
      const edits = await listAssistedEdits(db, shop);
      expect(edits.map((e) => [e.editorName, e.action, e.productName])).toEqual([
        ['王老师', 'link.restore', 'Product 0'],
        ['王老师', 'link.archive', 'Product 0'],
        ['王老师', 'link.edit', 'Product 0'],
        ['王老师', 'link.create', 'Product 0'],
      ]);
      // Each in words in both languages, not the catch-all "changed the store".
      for (const locale of ['en', 'zh-CN'] as const) {
        const other = editActionLabel(locale, 'something.else', null);
        const labels = edits.map((e) => editActionLabel(locale, e.action, null));
        expect(new Set(labels).size, locale).toBe(4);
        for (const label of labels) expect(label, locale).not.toBe(other);
      }
      expect(editActionLabel('en', 'link.create', 'Product 0')).toBe('made a QR code for a place: Product 0');
    });

    it('keeps listing the trainer’s edit however many changes the owner made since', async () => {
      const trainer = await user(db, '王老师', 'trainer');
      const c = await cohortOf(db, trainer.id);
      const owner = await user(db, '刘春花');
      await join(db, owner, c, '2026-11-01T00:00:00.000Z');
      const shop = await store(db, owner.id);
      await logEdit(db, { id: newId(), storeId: shop, userId: trainer.id, action: 'store.edit', productId: null, now: '2026-11-01T08:00:00.000Z' });
      // 250 later saves by the owner (more than any in-memory window), each its own row.
      const start = Date.parse('2026-11-02T00:00:00.000Z');
      const rows = Array.from({ length: 250 }, (_, i) => {
        const at = new Date(start + i * 20 * 60_000).toISOString();
        return { id: newId(), store_id: shop, user_id: owner.id, action: 'store.edit', product_id: null, created_at: at, last_at: at };
      });
      await db.insertInto('store_edits').values(rows).execute();
      const edits = await listAssistedEdits(db, shop);
      expect(edits.map((e) => [e.editorName, e.action, e.lastAt])).toEqual([['王老师', 'store.edit', '2026-11-01T08:00:00.000Z']]);
    });

    it('reaches a store through its owner only, never through a trainee who is just a member', async () => {
      const session = (u: { id: string; role: Role }) => ({ id: u.id, login: 'x', displayName: 'x', role: u.role, locale: 'zh-CN', mustChangePassword: false });
      const memberTrainer = await user(db, '王老师', 'trainer');
      const ownerTrainer = await user(db, '李老师', 'trainer');
      const memberCohort = await cohortOf(db, memberTrainer.id, '春季班');
      const ownerCohort = await cohortOf(db, ownerTrainer.id, '秋季班');
      const owner = await user(db, '周秀英');
      const member = await user(db, '刘明');
      await join(db, owner, ownerCohort, '2026-11-01T00:00:00.000Z');
      await join(db, member, memberCohort, '2026-11-01T00:00:00.000Z');
      const coop = await store(db, owner.id, { members: [member.id] });
      // The member's trainer would get the owner's rights (details, contacts): refused.
      expect(await canAssistStore(db, session(memberTrainer), coop)).toBe(false);
      expect(await canAssistStore(db, session(ownerTrainer), coop)).toBe(true);
      // An owner outside any cohort: nobody's trainer reaches the store through its member.
      await removeTrainee(db, ownerCohort.id, owner.id);
      expect(await canAssistStore(db, session(ownerTrainer), coop)).toBe(false);
      expect(await canAssistStore(db, session(memberTrainer), coop)).toBe(false);
    });
  });
});
