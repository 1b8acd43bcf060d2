// Checks across lesson files that one file's schema cannot see: every lesson exists in every
// language, the quizzes have the same structure in each language, the file numbers match `order`.
// The content collection runs this at build time; the server's course model runs it again.
import { isLocale, LOCALES, type Locale } from '../i18n/locales';
import { DEFAULT_PASS_MARK, type LessonFrontmatter } from './lesson-schema';

export interface LessonFile {
  /** `<locale>/<NN>-<slug>`, the path under content/lessons without `.md`. */
  id: string;
  /** The path shown in messages, e.g. content/lessons/en/01-choose-what-to-sell.md. */
  file: string;
  data: LessonFrontmatter;
  body: string;
}

export interface LessonFileName {
  locale: Locale;
  number: number;
  slug: string;
}

const ID_PATTERN = /^([^/]+)\/(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Splits `en/03-product-photos` into its language, number and slug; null when it does not fit. */
export function parseLessonId(id: string): LessonFileName | null {
  const match = ID_PATTERN.exec(id);
  if (!match) return null;
  const [, locale = '', number = '', slug = ''] = match;
  if (!isLocale(locale)) return null;
  return { locale, number: Number(number), slug };
}

/** Markdown images: `![alt](src)`. Alt text must be present and the file local. */
const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g;

function checkBody(file: LessonFile, problems: string[]): void {
  if (file.body.trim().length === 0) problems.push(`${file.file}: body: the lesson text is empty`);
  for (const match of file.body.matchAll(IMAGE)) {
    const [, alt = '', src = ''] = match;
    if (alt.trim() === '') problems.push(`${file.file}: body: the image ${src} has no alt text`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      problems.push(`${file.file}: body: the image ${src} is on another site; keep images as small local files`);
    }
  }
}

/** The parts of a lesson every language must share: order, pass mark, question and option ids, kinds, answers. */
function structureProblems(a: LessonFile, b: LessonFile): string[] {
  const out: string[] = [];
  const where = `${b.file} (compared with ${a.file})`;
  if (a.data.order !== b.data.order) out.push(`${where}: order: ${b.data.order} instead of ${a.data.order}`);
  const passA = a.data.passMark ?? DEFAULT_PASS_MARK;
  const passB = b.data.passMark ?? DEFAULT_PASS_MARK;
  if (passA !== passB) out.push(`${where}: passMark: ${passB} instead of ${passA}`);
  if (a.data.quiz.length !== b.data.quiz.length) {
    out.push(`${where}: quiz: ${b.data.quiz.length} questions instead of ${a.data.quiz.length}`);
    return out;
  }
  a.data.quiz.forEach((qa, i) => {
    const qb = b.data.quiz[i];
    if (!qb) return;
    const field = `quiz[${i}]`;
    if (qa.id !== qb.id) out.push(`${where}: ${field}.id: "${qb.id}" instead of "${qa.id}"`);
    if (qa.kind !== qb.kind) out.push(`${where}: ${field}.kind: "${qb.kind}" instead of "${qa.kind}"`);
    if (qa.options.length !== qb.options.length) {
      out.push(`${where}: ${field}.options: ${qb.options.length} options instead of ${qa.options.length}`);
      return;
    }
    qa.options.forEach((oa, j) => {
      const ob = qb.options[j];
      if (!ob) return;
      if (oa.id !== ob.id) out.push(`${where}: ${field}.options[${j}].id: "${ob.id}" instead of "${oa.id}"`);
      if (oa.correct !== ob.correct) out.push(`${where}: ${field}.options[${j}].correct: ${ob.correct} instead of ${oa.correct}`);
    });
  });
  return out;
}

/** Every problem found across the set of lesson files; an empty list means the set is sound. */
export function checkLessonSet(files: readonly LessonFile[]): string[] {
  const problems: string[] = [];
  const bySlug = new Map<string, Map<Locale, LessonFile>>();
  const orders = new Map<Locale, Map<number, string>>();

  for (const file of files) {
    const name = parseLessonId(file.id);
    if (!name) {
      problems.push(
        `${file.file}: file name: put lessons in content/lessons/<${LOCALES.join('|')}>/NN-slug.md (NN two digits, slug lower-case words joined by "-")`,
      );
      continue;
    }
    if (name.number !== file.data.order) {
      problems.push(`${file.file}: order: ${file.data.order} does not match the number ${String(name.number).padStart(2, '0')} in the file name`);
    }
    const perLocale = orders.get(name.locale) ?? new Map<number, string>();
    orders.set(name.locale, perLocale);
    const other = perLocale.get(file.data.order);
    if (other) problems.push(`${file.file}: order: ${file.data.order} is also used by ${other}`);
    perLocale.set(file.data.order, file.file);

    const versions = bySlug.get(name.slug) ?? new Map<Locale, LessonFile>();
    bySlug.set(name.slug, versions);
    versions.set(name.locale, file);
    checkBody(file, problems);
  }

  for (const [slug, versions] of bySlug) {
    const present = [...versions.values()];
    const first = present[0];
    if (!first) continue;
    for (const locale of LOCALES) {
      if (!versions.has(locale)) {
        problems.push(`${first.file}: slug "${slug}" has no ${locale} version: add content/lessons/${locale}/${first.id.split('/')[1] ?? slug}.md`);
      }
    }
    for (const other of present.slice(1)) problems.push(...structureProblems(first, other));
  }
  return problems;
}
