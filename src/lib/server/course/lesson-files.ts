// The course read straight from content/lessons, for code that runs outside Astro's pages: the
// demo-data seed (in the server and CLI bundles) and the tests. Vite bundles the files as text at
// build time; the frontmatter is parsed as Astro's own loader parses it.
import type { Course } from '../../course/types';
import { buildCourse, type LessonSource } from './course';
import { lessonSource } from './lesson-markdown';

export { parseLessonFile } from './lesson-markdown';

const files = import.meta.glob<string>('../../../../content/lessons/*/*.md', { eager: true, query: '?raw', import: 'default' });

/** Every lesson file as a source for buildCourse, with its path from the repository root. */
export function lessonSourcesFromFiles(): LessonSource[] {
  return Object.entries(files).map(([key, text]) => lessonSource(key, text));
}

let cached: Course | null = null;

/** The course from the files bundled at build time (validated; throws CourseContentError). */
export function courseFromFiles(): Course {
  cached ??= buildCourse(lessonSourcesFromFiles());
  return cached;
}
