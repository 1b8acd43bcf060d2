// The course as the browser tests need it (answer keys included), read from content/lessons with
// the same parser and model as the server. Plain Node: no bundler in Playwright.
import fs from 'node:fs';
import path from 'node:path';
import type { Course, Lesson } from '../../src/lib/course/types';
import { buildCourse } from '../../src/lib/server/course/course';
import { lessonSource } from '../../src/lib/server/course/lesson-markdown';
import { ROOT } from './server';

let cached: Course | null = null;

export function courseFromDisk(): Course {
  if (cached) return cached;
  const dir = path.join(ROOT, 'content/lessons');
  const sources = fs.readdirSync(dir).flatMap((locale) =>
    fs
      .readdirSync(path.join(dir, locale))
      .filter((f) => f.endsWith('.md'))
      .map((f) => lessonSource(`content/lessons/${locale}/${f}`, fs.readFileSync(path.join(dir, locale, f), 'utf8'))),
  );
  cached = buildCourse(sources);
  return cached;
}

export function lessonNumber(order: number): Lesson {
  const lesson = courseFromDisk().lessons.find((l) => l.order === order);
  if (!lesson) throw new Error(`no lesson ${order}`);
  return lesson;
}
