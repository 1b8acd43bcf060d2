// Lessons a trainer may require before a trainee publishes a store (off by default). The store
// builder's checklist shows each as an essential step with a lock and a link to the lesson; the
// store's owner is the one who publishes, so it is the owner's cohort and the owner's passes that count.
import type { Kysely } from 'kysely';
import { listPassedSlugs } from '../course/course.repository';
import type { Database } from '../db/schema';
import { findCurrentCohort } from './cohort.repository';
import { requiredLessonsOf } from './cohorts';
import { findStoreOwnerId } from './progress.repository';

export interface RequiredLesson {
  slug: string;
  passed: boolean;
}

/** The lessons the store owner's current cohort requires, each with whether the owner passed it. */
export async function requiredLessonsForStore(db: Kysely<Database>, storeId: string): Promise<RequiredLesson[]> {
  const ownerId = await findStoreOwnerId(db, storeId);
  if (!ownerId) return [];
  const cohort = await findCurrentCohort(db, ownerId);
  if (!cohort) return [];
  const slugs = requiredLessonsOf(cohort);
  if (slugs.length === 0) return [];
  const passed = new Set(await listPassedSlugs(db, ownerId));
  return slugs.map((slug) => ({ slug, passed: passed.has(slug) }));
}
