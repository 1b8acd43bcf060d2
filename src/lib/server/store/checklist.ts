// The builder's checklist: what a store needs before buyers can use it, each step linked to the
// lesson that teaches it (a suggestion, never a lock). Essential steps must be done to publish.
// A trainee's cohort may also require lessons before publishing (the Trainer issue): each is an
// essential 'requiredLesson' step, done once the owner has passed that lesson's quiz.
import { STORE_STEP_LESSONS } from '../../course/store-steps';
import type { Product, Store } from '../db/schema';

export type ChecklistKey = 'productPrice' | 'productPhoto' | 'contact' | 'story' | 'requiredLesson';

export interface ChecklistItem {
  key: ChecklistKey;
  done: boolean;
  /** Publishing waits for essential steps; the others are strongly suggested. */
  essential: boolean;
  lessonSlug: string;
  lessonPassed: boolean;
}

export interface Checklist {
  items: ChecklistItem[];
  readyToPublish: boolean;
  doneCount: number;
}

export function buildChecklist(
  store: Pick<Store, 'phone' | 'wechat' | 'whatsapp' | 'story_text'>,
  products: readonly Pick<Product, 'id' | 'hidden' | 'price_minor'>[],
  productIdsWithPhotos: ReadonlySet<string>,
  passedLessons: ReadonlySet<string>,
  requiredLessons: readonly { slug: string; passed: boolean }[] = [],
): Checklist {
  const priced = products.filter((p) => p.hidden === 0 && p.price_minor !== null);
  const steps: { key: ChecklistKey; done: boolean; essential: boolean; lessonSlug: string }[] = [
    { key: 'productPrice', done: priced.length > 0, essential: true, lessonSlug: STORE_STEP_LESSONS.setPrices },
    { key: 'productPhoto', done: priced.some((p) => productIdsWithPhotos.has(p.id)), essential: false, lessonSlug: STORE_STEP_LESSONS.addPhotos },
    { key: 'contact', done: store.phone !== '' || store.wechat !== '' || store.whatsapp !== '', essential: true, lessonSlug: STORE_STEP_LESSONS.openShop },
    { key: 'story', done: store.story_text.trim() !== '', essential: false, lessonSlug: STORE_STEP_LESSONS.writeDescription },
  ];
  const items = [
    ...steps.map((s) => ({ ...s, lessonPassed: passedLessons.has(s.lessonSlug) })),
    ...requiredLessons.map((r) => ({ key: 'requiredLesson' as const, done: r.passed, essential: true, lessonSlug: r.slug, lessonPassed: r.passed })),
  ];
  return {
    items,
    readyToPublish: items.every((i) => !i.essential || i.done),
    doneCount: items.filter((i) => i.done).length,
  };
}
