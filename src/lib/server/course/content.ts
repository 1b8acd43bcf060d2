// The course for Astro pages, from the content collection (validated at build time). Only pages
// import this module: `astro:content` exists inside Astro's build alone.
import { getCollection, getEntry, render } from 'astro:content';
import type { Course } from '../../course/types';
import { buildCourse } from './course';

let course: Promise<Course> | null = null;

/** The course, built once per process (content is fixed at build time). */
export function getCourse(): Promise<Course> {
  course ??= getCollection('lessons').then((entries) =>
    buildCourse(entries.map((e) => ({ id: e.id, file: e.filePath ?? e.id, data: e.data, body: e.body ?? '' }))),
  );
  return course;
}

/** The rendered Markdown of one lesson version (its `entryId`), or null when there is none. */
export async function renderLessonBody(entryId: string): Promise<Awaited<ReturnType<typeof render>> | null> {
  const entry = await getEntry('lessons', entryId);
  if (!entry) return null;
  return render(entry);
}
