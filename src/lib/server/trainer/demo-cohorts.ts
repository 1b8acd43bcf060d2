// Demo data for the trainer workspace, loaded in the seed's one transaction after the users, their
// progress and the demo stores:
//  - 普格县电子商务公共服务中心 with 李老师 (li) as manager and 王老师 (wang), 张老师 (zhang) as trainers;
//    布拖县电子商务公共服务中心 with 赵老师 (zhao) as manager;
//  - li's cohort “2026 秋季班” with the demo trainees (陈大山, 周秀英, Maria, 刘明) and ten more
//    farmers whose progress makes a useful dashboard: stars, steady learners, two who failed a quiz
//    again and again, two who stopped coming, a newcomer;
//  - wang's “2026 春季班” (刘春花 and 张建国), zhang's closed “2026 夏季班”, zhao's “2026 冬季班”.
// Deterministic: the same demo every time. Every demo password is `harvest2026`.
import type { Kysely } from 'kysely';
import type { Course } from '../../course/types';
import type { Locale } from '../../i18n/locales';
import { hashPassword } from '../auth/password';
import { insertUser } from '../auth/user.repository';
import { issueCertificateIfComplete } from '../course/certificate';
import { markLessonRead, recordAttempt } from '../course/progress';
import type { CentreRole, Database, Role } from '../db/schema';
import { newId } from '../ids';
import { createMainLink } from '../links/links';
import { insertProduct } from '../store/product.repository';
import { insertMember as insertStoreMember, insertStore, logEdit, recordSlug } from '../store/store.repository';
import { getConfig } from '../config';
import { DEMO_PASSWORD } from '../seed/demo-users';
import { insertCentre, upsertStaff } from './centre.repository';
import { insertCohort, insertMember } from './cohort.repository';
import { dayIn } from './dates';
import { failingAnswers, generator, syntheticAnswers } from './synthetic';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoPerson {
  login: string;
  displayName: string;
  role: Role;
  locale: Locale;
}

/** How a made-up trainee learned: lessons 1..`lessons`, spread from `fromDaysAgo` to `toDaysAgo`. */
interface Learning {
  skill: number;
  lessons: number;
  fromDaysAgo: number;
  toDaysAgo: number;
  /** A lesson failed `times` times and not passed (yet). */
  stuckOn?: { lesson: number; times: number };
  /** Only read the last lesson, no quiz. */
  readOnlyLast?: boolean;
}

interface DemoTrainee extends DemoPerson {
  joinedDaysAgo: number;
  learning: Learning | null;
}

export const DEMO_TRAINERS: (DemoPerson & { centre: 'puge' | 'butuo'; centreRole: CentreRole })[] = [
  { login: 'wang', displayName: '王老师', role: 'trainer', locale: 'zh-CN', centre: 'puge', centreRole: 'trainer' },
  { login: 'zhang', displayName: '张老师', role: 'trainer', locale: 'zh-CN', centre: 'puge', centreRole: 'trainer' },
  { login: 'zhao', displayName: '赵老师', role: 'trainer', locale: 'zh-CN', centre: 'butuo', centreRole: 'manager' },
];

const trainee = (login: string, displayName: string, joinedDaysAgo: number, learning: Learning | null, locale: Locale = 'zh-CN'): DemoTrainee => ({
  login,
  displayName,
  role: 'trainee',
  locale,
  joinedDaysAgo,
  learning,
});

/** The autumn cohort's made-up farmers (the demo trainees of the other issues join it too). */
const AUTUMN: DemoTrainee[] = [
  trainee('13900139001', '吉克阿依', 34, { skill: 0.92, lessons: 9, fromDaysAgo: 33, toDaysAgo: 1 }),
  trainee('13900139002', '沙马拉则', 34, { skill: 0.78, lessons: 6, fromDaysAgo: 32, toDaysAgo: 2 }),
  trainee('13900139003', '杨桂兰', 33, { skill: 0.55, lessons: 3, fromDaysAgo: 30, toDaysAgo: 3, stuckOn: { lesson: 3, times: 2 } }),
  trainee('13900139004', '马国强', 34, { skill: 0.7, lessons: 2, fromDaysAgo: 30, toDaysAgo: 12 }),
  trainee('13900139005', '王春梅', 30, { skill: 0.82, lessons: 4, fromDaysAgo: 20, toDaysAgo: 0.2 }),
  trainee('13900139006', '阿苏日哈', 2, { skill: 0.6, lessons: 1, fromDaysAgo: 1.5, toDaysAgo: 1.5, readOnlyLast: true }),
  trainee('13900139007', '曲比阿果', 34, { skill: 0.96, lessons: 12, fromDaysAgo: 33, toDaysAgo: 1 }),
  trainee('13900139008', '罗成', 9, null),
  trainee('13900139009', '何秀珍', 28, { skill: 0.74, lessons: 5, fromDaysAgo: 27, toDaysAgo: 4 }),
  trainee('13900139010', '黄德明', 31, { skill: 0.45, lessons: 2, fromDaysAgo: 25, toDaysAgo: 5, stuckOn: { lesson: 2, times: 3 } }),
];
const SPRING: DemoTrainee[] = [
  trainee('13900139101', '刘春花', 20, { skill: 0.8, lessons: 3, fromDaysAgo: 19, toDaysAgo: 2 }),
  trainee('13900139102', '张建国', 15, { skill: 0.6, lessons: 1, fromDaysAgo: 14, toDaysAgo: 14 }),
];
const SUMMER: DemoTrainee[] = [
  trainee('13900139201', '李玉兰', 100, { skill: 0.85, lessons: 14, fromDaysAgo: 98, toDaysAgo: 40 }),
  trainee('13900139202', '陈志强', 100, { skill: 0.7, lessons: 7, fromDaysAgo: 97, toDaysAgo: 60 }),
];
const WINTER: DemoTrainee[] = [trainee('13900139301', '俄底阿支', 6, { skill: 0.7, lessons: 2, fromDaysAgo: 5, toDaysAgo: 1 })];

/** Demo users of the other issues who join the autumn cohort, and when. */
const AUTUMN_EXISTING: { login: string; joinedDaysAgo: number }[] = [
  { login: '13800138001', joinedDaysAgo: 34 },
  { login: '13800138002', joinedDaysAgo: 34 },
  { login: 'maria', joinedDaysAgo: 33 },
  { login: '13800138003', joinedDaysAgo: 32 },
];

/** Every login this module adds (the README lists the ones a tester needs). */
export const DEMO_COHORT_LOGINS = [...DEMO_TRAINERS, ...AUTUMN, ...SPRING, ...SUMMER, ...WINTER].map((p) => p.login);

export interface DemoCohortsSummary {
  centres: number;
  cohorts: number;
  users: number;
  memberships: number;
  attempts: number;
}

async function learn(db: Kysely<Database>, userId: string, person: DemoTrainee, course: Course, now: Date, seed: number): Promise<number> {
  const plan = person.learning;
  if (!plan) return 0;
  const random = generator(seed);
  let attempts = 0;
  for (let n = 1; n <= plan.lessons; n += 1) {
    const lesson = course.lessons.find((l) => l.order === n);
    if (!lesson) continue;
    const share = plan.lessons === 1 ? 1 : (n - 1) / (plan.lessons - 1);
    const daysAgo = plan.fromDaysAgo - (plan.fromDaysAgo - plan.toDaysAgo) * share;
    // Evenings after work, give or take.
    const at = (offsetMinutes: number): Date => new Date(now.getTime() - daysAgo * DAY + offsetMinutes * 60_000 - 2 * HOUR);
    await markLessonRead(db, userId, lesson.slug, at(0));
    if (plan.readOnlyLast && n === plan.lessons) continue;
    const stuck = plan.stuckOn?.lesson === n ? plan.stuckOn.times : 0;
    for (let tryNo = 0; tryNo < 4; tryNo += 1) {
      const failing = tryNo < stuck;
      const answers = failing ? failingAnswers(lesson) : syntheticAnswers(lesson, Math.min(0.99, plan.skill + tryNo * 0.15), random);
      const result = await recordAttempt(db, { userId, lesson, locale: person.locale, attemptId: newId(), answers, now: at(5 + tryNo * 7) });
      attempts += 1;
      if (failing && tryNo + 1 >= stuck) break;
      if (!failing && result.attempt.passed === 1) break;
    }
  }
  return attempts;
}

/**
 * 刘春花 (wang's spring cohort) has started a store but not published it yet: something for her
 * trainer to help with in assisted mode. One walnut product, priced, no photo, no contact yet.
 */
async function insertDraftStore(db: Kysely<Database>, ownerId: string, now: Date): Promise<void> {
  const iso = new Date(now.getTime() - 3 * DAY).toISOString();
  const storeId = newId();
  await insertStore(db, {
    id: storeId,
    slug: 'chunhua-hetao',
    name: '春花家核桃',
    tagline: '螺髻山下的老核桃树',
    story_json: null,
    story_text: '',
    province_code: null,
    county_code: null,
    village: '王家坪村',
    region_other: '',
    phone: '',
    wechat: 'chunhua-hetao',
    whatsapp: '',
    pickup_note: '',
    delivery_note: '',
    cover_photo_id: null,
    published_at: null,
    first_published_at: null,
    taken_down_at: null,
    taken_down_reason: null,
    taken_down_by: null,
    version: 1,
    edit_version: 1,
    created_by: ownerId,
    created_at: iso,
    updated_at: iso,
  });
  await recordSlug(db, storeId, 'chunhua-hetao', iso);
  await insertStoreMember(db, { id: newId(), storeId, userId: ownerId, role: 'owner', now: iso });
  const productId = newId();
  await insertProduct(db, {
    id: productId,
    store_id: storeId,
    slug: 'he-tao',
    name: '薄皮核桃',
    price_minor: 2500,
    currency: 'CNY',
    unit: 'jin',
    price_by_weight: 0,
    availability: 'inStock',
    harvest_date: null,
    stock: null,
    category: 'driedGoods',
    description_json: null,
    description_text: '',
    position: 1,
    hidden: 0,
    version: 1,
    created_at: iso,
    updated_at: iso,
    updated_by: ownerId,
  });
  await logEdit(db, { id: newId(), storeId, userId: ownerId, action: 'store.create', productId: null, now: iso });
  await logEdit(db, { id: newId(), storeId, userId: ownerId, action: 'product.create', productId, now: iso });
  await createMainLink(db, { storeId, productId: null }, ownerId, iso);
  await createMainLink(db, { storeId, productId }, ownerId, iso);
}

/** Hashes the demo password first (slow, outside the transaction); `insert` runs inside it. */
export async function prepareDemoCohorts(): Promise<{
  insert(db: Kysely<Database>, userIds: ReadonlyMap<string, string>, course: Course, now?: Date): Promise<DemoCohortsSummary>;
}> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return {
    async insert(db, existingIds, course, now = new Date()) {
      const iso = now.toISOString();
      const ids = new Map(existingIds);
      const people: DemoPerson[] = [...DEMO_TRAINERS, ...AUTUMN, ...SPRING, ...SUMMER, ...WINTER];
      for (const person of people) {
        const id = newId();
        ids.set(person.login, id);
        const created = person.role === 'trainee' && 'joinedDaysAgo' in person ? new Date(now.getTime() - (Number(person.joinedDaysAgo) + 0.1) * DAY).toISOString() : iso;
        await insertUser(db, {
          id,
          login: person.login,
          display_name: person.displayName,
          password_hash: passwordHash,
          role: person.role,
          locale: person.locale,
          must_change_password: 0,
          disabled_at: null,
          created_by: null,
          created_at: created,
          updated_at: created,
        });
      }
      const id = (login: string): string => {
        const found = ids.get(login);
        if (!found) throw new Error(`demo user ${login} is missing`);
        return found;
      };

      const centres = { puge: newId(), butuo: newId() };
      await insertCentre(db, { id: centres.puge, name: '普格县电子商务公共服务中心', place: '四川省凉山州普格县', created_by: ids.get('admin') ?? null, created_at: iso, updated_at: iso });
      await insertCentre(db, { id: centres.butuo, name: '布拖县电子商务公共服务中心', place: '四川省凉山州布拖县', created_by: ids.get('admin') ?? null, created_at: iso, updated_at: iso });
      await upsertStaff(db, { id: newId(), centreId: centres.puge, userId: id('li'), role: 'manager', now: iso });
      for (const t of DEMO_TRAINERS) await upsertStaff(db, { id: newId(), centreId: centres[t.centre], userId: id(t.login), role: t.centreRole, now: iso });

      const timeZone = getConfig().timeZone;
      const day = (daysAgo: number): string => dayIn(timeZone, new Date(now.getTime() - daysAgo * DAY));
      const at = (daysAgo: number): string => new Date(now.getTime() - daysAgo * DAY).toISOString();
      const cohorts = [
        { key: 'autumn', trainer: 'li', centre: centres.puge, name: '2026 秋季班', place: '普格县城 电商服务中心', startDaysAgo: 35, code: '386512', closedDaysAgo: null, members: AUTUMN },
        { key: 'spring', trainer: 'wang', centre: centres.puge, name: '2026 春季班', place: '螺髻山镇 王家坪村', startDaysAgo: 21, code: '527194', closedDaysAgo: null, members: SPRING },
        { key: 'summer', trainer: 'zhang', centre: centres.puge, name: '2026 夏季班', place: '特补乡', startDaysAgo: 101, code: '641837', closedDaysAgo: 10, members: SUMMER },
        { key: 'winter', trainer: 'zhao', centre: centres.butuo, name: '2026 冬季班', place: '布拖县城', startDaysAgo: 7, code: '759026', closedDaysAgo: null, members: WINTER },
      ];
      let memberships = 0;
      let attempts = 0;
      for (const [index, c] of cohorts.entries()) {
        const cohortId = newId();
        await insertCohort(db, {
          id: cohortId,
          centre_id: c.centre,
          trainer_id: id(c.trainer),
          name: c.name,
          place: c.place,
          start_date: day(c.startDaysAgo),
          join_code: c.code,
          required_lessons: '[]',
          closed_at: c.closedDaysAgo === null ? null : at(c.closedDaysAgo),
          created_at: at(c.startDaysAgo + 1),
          updated_at: at(c.startDaysAgo + 1),
        });
        const active = c.closedDaysAgo === null ? 1 : 0;
        const joiners = [...(c.key === 'autumn' ? AUTUMN_EXISTING.filter((e) => ids.has(e.login)) : []), ...c.members];
        for (const member of joiners) {
          await insertMember(db, {
            id: newId(),
            cohort_id: cohortId,
            user_id: id(member.login),
            joined_at: at(member.joinedDaysAgo),
            left_at: null,
            left_reason: null,
            active,
            added_by: id(member.login),
          });
          memberships += 1;
        }
        for (const [n, member] of c.members.entries()) {
          attempts += await learn(db, id(member.login), member, course, now, 20261128 + index * 100 + n);
          await issueCertificateIfComplete(db, { id: id(member.login), displayName: member.displayName }, course, now);
        }
      }
      await insertDraftStore(db, id('13900139101'), now);
      return { centres: 2, cohorts: cohorts.length, users: people.length, memberships, attempts };
    },
  };
}
