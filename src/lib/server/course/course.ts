// Builds the course model from lesson files, wherever they were read from (the content collection
// for pages, the raw files for the seed and the tests), so both see the same course.
import type { Locale } from '../../i18n/locales';
import { DEFAULT_PASS_MARK, lessonFrontmatterSchema } from '../../course/lesson-schema';
import { checkLessonSet, parseLessonId, type LessonFile } from '../../course/lesson-set';
import type { Course, Lesson, LessonVersion } from '../../course/types';
import { sha256Hex } from '../ids';

export interface LessonSource {
  id: string;
  file: string;
  data: unknown;
  body: string;
}

export class CourseContentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The lesson content is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Hash of what a learner saw and answered: the title, the text, the quiz (with its key) and the pass mark. */
export function lessonVersionHash(file: Pick<LessonFile, 'data' | 'body'>): string {
  const { quiz, passMark = DEFAULT_PASS_MARK, title } = file.data;
  return sha256Hex(JSON.stringify({ title, passMark, quiz, body: file.body.trim() })).slice(0, 16);
}

/**
 * Hash of the quiz alone, as scored and explained. A typo fixed in the lesson text changes the
 * version but not this: old results can still be shown question by question.
 */
export function lessonQuizHash(file: Pick<LessonFile, 'data'>): string {
  const { quiz, passMark = DEFAULT_PASS_MARK } = file.data;
  return sha256Hex(JSON.stringify({ passMark, quiz })).slice(0, 16);
}

/** Validates every file and the set as a whole; throws CourseContentError listing every problem. */
export function buildCourse(sources: readonly LessonSource[]): Course {
  const problems: string[] = [];
  const files: LessonFile[] = [];
  for (const source of sources) {
    const parsed = lessonFrontmatterSchema.safeParse(source.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${source.file}: ${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`);
      continue;
    }
    files.push({ id: source.id, file: source.file, data: parsed.data, body: source.body });
  }
  problems.push(...checkLessonSet(files));
  if (problems.length > 0) throw new CourseContentError(problems);

  const bySlug = new Map<string, Partial<Record<Locale, LessonFile>>>();
  for (const file of files) {
    const name = parseLessonId(file.id);
    if (!name) continue;
    const versions = bySlug.get(name.slug) ?? {};
    versions[name.locale] = file;
    bySlug.set(name.slug, versions);
  }

  const lessons: Lesson[] = [];
  for (const [slug, found] of bySlug) {
    const version = (locale: Locale): { file: LessonFile; version: LessonVersion } => {
      const file = found[locale];
      // checkLessonSet has already reported a missing language; this keeps the types honest.
      if (!file) throw new CourseContentError([`lesson "${slug}" has no ${locale} version`]);
      return {
        file,
        version: {
          entryId: file.id,
          title: file.data.title,
          summary: file.data.summary,
          minutes: file.data.minutes,
          questions: file.data.quiz.map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options.map((o) => ({ ...o })) })),
          versionHash: lessonVersionHash(file),
          quizHash: lessonQuizHash(file),
        },
      };
    };
    const zh = version('zh-CN');
    const en = version('en');
    // The set check guarantees that order and pass mark are the same in every language.
    lessons.push({
      slug,
      order: en.file.data.order,
      passMark: en.file.data.passMark ?? DEFAULT_PASS_MARK,
      versions: { 'zh-CN': zh.version, en: en.version },
    });
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons };
}
