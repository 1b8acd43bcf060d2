// A big cohort for `npm run bench` (never the demo data): one trainer with one cohort of N trainees
// (200 by default), each of whom read every lesson and took every quiz a few times; about half opened
// a store with products, order requests, QR scans in the last two weeks and edits. Rows go in with
// multi-row inserts in one transaction, so seeding 200 × 14 lessons × several attempts takes seconds.
import type { Kysely } from 'kysely';
import type { Course } from '../../course/types';
import { hashPassword } from '../auth/password';
import { scoreQuiz } from '../course/scoring';
import type { Database, NewCohortMember, NewLessonRead, NewProduct, NewQuizAttempt, NewStore } from '../db/schema';
import { newId } from '../ids';
import { createMainLink } from '../links/links';
import { DEMO_PASSWORD } from '../seed/demo-users';
import { insertCohort } from './cohort.repository';
import { generator, syntheticAnswers } from './synthetic';

export const BENCH_TRAINER_LOGIN = 'bench-trainer';

export interface BenchCohortSummary {
  trainerLogin: string;
  cohortId: string;
  trainees: number;
  reads: number;
  attempts: number;
  stores: number;
  products: number;
  orders: number;
  scans: number;
}

const CHUNK = 400;
const DAY = 86_400_000;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function seedBenchCohort(db: Kysely<Database>, course: Course, options: { trainees?: number; seed?: number; now?: Date } = {}): Promise<BenchCohortSummary> {
  const count = options.trainees ?? 200;
  const random = generator(options.seed ?? 1);
  const now = options.now ?? new Date();
  const iso = (msAgo: number): string => new Date(now.getTime() - msAgo).toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const trainerId = newId();
    const created = iso(60 * DAY);
    const userRow = (id: string, login: string, name: string, role: 'trainer' | 'trainee') => ({
      id,
      login,
      display_name: name,
      password_hash: passwordHash,
      role,
      locale: 'zh-CN',
      must_change_password: 0,
      disabled_at: null,
      created_by: null,
      created_at: created,
      updated_at: created,
    });
    await trx.insertInto('users').values(userRow(trainerId, BENCH_TRAINER_LOGIN, '压测老师', 'trainer')).execute();
    const cohortId = newId();
    await insertCohort(trx, {
      id: cohortId,
      centre_id: null,
      trainer_id: trainerId,
      name: `压测班 ${count} 人`,
      place: '',
      start_date: new Date(now.getTime() - 60 * DAY).toISOString().slice(0, 10),
      join_code: String(100000 + Math.floor(random() * 899999)),
      required_lessons: '[]',
      closed_at: null,
      created_at: created,
      updated_at: created,
    });

    const surnames = ['陈', '李', '王', '张', '刘', '杨', '黄', '赵', '吉克', '沙马', '阿苏', '曲比'];
    const given = ['大山', '秀英', '春花', '建国', '阿依', '拉则', '桂兰', '德明', '志强', '玉兰', '日哈', '阿果'];
    const users = [];
    const members: NewCohortMember[] = [];
    const reads: NewLessonRead[] = [];
    const attempts: NewQuizAttempt[] = [];
    const stores: NewStore[] = [];
    const storeMembers: { id: string; store_id: string; user_id: string; role: 'owner'; created_at: string }[] = [];
    const products: NewProduct[] = [];
    const orders = [];
    const edits = [];
    for (let i = 0; i < count; i += 1) {
      const id = newId();
      users.push(userRow(id, `bench-${String(i).padStart(4, '0')}`, `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${i}`, 'trainee'));
      members.push({ id: newId(), cohort_id: cohortId, user_id: id, joined_at: iso(59 * DAY), left_at: null, left_reason: null, active: 1, added_by: id });
      const skill = 0.45 + random() * 0.5;
      for (const [n, lesson] of course.lessons.entries()) {
        const daysAgo = 58 - n * 4 + random() * 2;
        reads.push({ id: newId(), user_id: id, lesson_slug: lesson.slug, read_at: iso(daysAgo * DAY) });
        const tries = 1 + Math.floor(random() * 3);
        for (let k = 0; k < tries; k += 1) {
          const version = lesson.versions['zh-CN'];
          const scored = scoreQuiz(version.questions, syntheticAnswers(lesson, Math.min(0.98, skill + k * 0.1), random), lesson.passMark);
          attempts.push({
            id: newId(),
            user_id: id,
            lesson_slug: lesson.slug,
            attempt_key: newId(),
            locale: 'zh-CN',
            version_hash: version.versionHash,
            quiz_hash: version.quizHash,
            answers: JSON.stringify(scored.results.map((r) => ({ question: r.questionId, chosen: r.chosen, correct: r.correct }))),
            correct_count: scored.correctCount,
            question_count: scored.questionCount,
            score: scored.score,
            pass_mark: scored.passMark,
            passed: scored.passed ? 1 : 0,
            created_at: iso((daysAgo - 0.01 * (k + 1)) * DAY),
          });
        }
      }
      if (random() < 0.5) {
        const storeId = newId();
        const at = iso(20 * DAY);
        const live = random() < 0.7;
        stores.push({
          id: storeId,
          slug: `bench-${i}-${storeId.slice(0, 6)}`,
          name: `${surnames[i % surnames.length]}家小店 ${i}`,
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
          published_at: live ? at : null,
          first_published_at: live ? at : null,
          taken_down_at: null,
          taken_down_reason: null,
          taken_down_by: null,
          version: 1,
          edit_version: 1,
          created_by: id,
          created_at: at,
          updated_at: at,
        });
        storeMembers.push({ id: newId(), store_id: storeId, user_id: id, role: 'owner', created_at: at });
        const productCount = 1 + Math.floor(random() * 5);
        for (let p = 0; p < productCount; p += 1) {
          products.push({
            id: newId(),
            store_id: storeId,
            slug: `p${p}`,
            name: `产品 ${p}`,
            price_minor: 1000 + p * 500,
            currency: 'CNY',
            unit: 'jin',
            price_by_weight: 0,
            availability: 'inStock',
            harvest_date: null,
            stock: null,
            category: 'other',
            description_json: null,
            description_text: '',
            position: p + 1,
            hidden: p === 4 ? 1 : 0,
            version: 1,
            created_at: at,
            updated_at: at,
            updated_by: id,
          });
        }
        const orderCount = Math.floor(random() * 4);
        for (let o = 0; o < orderCount; o += 1) {
          const when = iso(random() * 14 * DAY);
          orders.push({
            id: newId(),
            store_id: storeId,
            product_id: null,
            product_name: '',
            buyer_name: '买家',
            buyer_contact: 'wx',
            quantity: '1',
            note: '',
            fulfilment: 'delivery' as const,
            locale: 'zh-CN',
            client_hash: 'bench',
            created_at: when,
            read_at: null,
            handled_at: random() < 0.5 ? when : null,
            handled_by: null,
          });
        }
        edits.push({ id: newId(), store_id: storeId, user_id: id, action: 'product.edit', product_id: null, created_at: iso(random() * 10 * DAY), last_at: iso(random() * 10 * DAY) });
      }
    }
    await insertChunked(users, (chunk) => trx.insertInto('users').values(chunk).execute());
    await insertChunked(members, (chunk) => trx.insertInto('cohort_members').values(chunk).execute());
    await insertChunked(reads, (chunk) => trx.insertInto('lesson_reads').values(chunk).execute());
    await insertChunked(attempts, (chunk) => trx.insertInto('quiz_attempts').values(chunk).execute());
    await insertChunked(stores, (chunk) => trx.insertInto('stores').values(chunk).execute());
    await insertChunked(
      stores.map((s) => ({ slug: s.slug, store_id: s.id, created_at: s.created_at })),
      (chunk) => trx.insertInto('store_slugs').values(chunk).execute(),
    );
    await insertChunked(storeMembers, (chunk) => trx.insertInto('store_members').values(chunk).execute());
    await insertChunked(products, (chunk) => trx.insertInto('products').values(chunk).execute());
    await insertChunked(orders, (chunk) => trx.insertInto('order_requests').values(chunk).execute());
    await insertChunked(edits, (chunk) => trx.insertInto('store_edits').values(chunk).execute());
    const scans = [];
    for (const s of stores) {
      const link = await createMainLink(trx, { storeId: s.id, productId: null }, null, s.created_at);
      const n = Math.floor(random() * 30);
      for (let k = 0; k < n; k += 1) scans.push({ id: newId(), link_id: link.id, store_id: s.id, scanned_at: iso(random() * 14 * DAY), visitor: newId().slice(0, 16) });
    }
    await insertChunked(scans, (chunk) => trx.insertInto('qr_scans').values(chunk).execute());
    return {
      trainerLogin: BENCH_TRAINER_LOGIN,
      cohortId,
      trainees: count,
      reads: reads.length,
      attempts: attempts.length,
      stores: stores.length,
      products: products.length,
      orders: orders.length,
      scans: scans.length,
    };
  });
}
