// The lesson files: both languages complete and parallel, every quiz answerable, lengths a farmer
// can read in a few minutes, and a schema that names the file and the field when something is wrong.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/lib/i18n/locales';
import { buildCourse, CourseContentError, type LessonSource } from '../../src/lib/server/course/course';
import { courseFromFiles, lessonSourcesFromFiles, parseLessonFile } from '../../src/lib/server/course/lesson-files';
import { STORE_STEP_LESSONS } from '../../src/lib/course/store-steps';
import { findLesson } from '../../src/lib/course/types';

const sources = lessonSourcesFromFiles();
const course = courseFromFiles();

/** Words in English Markdown: tokens with a letter or digit, Markdown markup ignored. */
function englishWords(body: string): number {
  return body
    .replace(/[#*_`>|[\]()-]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

/** Chinese characters (Han script), punctuation and Latin letters not counted. */
function chineseCharacters(body: string): number {
  return body.match(/\p{Script=Han}/gu)?.length ?? 0;
}

function problemsOf(sourcesToBuild: LessonSource[]): string[] {
  try {
    buildCourse(sourcesToBuild);
    return [];
  } catch (error) {
    if (error instanceof CourseContentError) return error.problems;
    throw error;
  }
}

describe('the lesson files', () => {
  it('hold at least 14 lessons, numbered 1 to N without gaps, each in every language', () => {
    expect(course.lessons.length).toBeGreaterThanOrEqual(14);
    expect(course.lessons.map((l) => l.order)).toEqual(course.lessons.map((_, i) => i + 1));
    expect(sources).toHaveLength(course.lessons.length * LOCALES.length);
    for (const lesson of course.lessons) {
      for (const locale of LOCALES) expect(lesson.versions[locale].entryId, `${lesson.slug} in ${locale}`).toMatch(new RegExp(`^${locale}/\\d{2}-${lesson.slug}$`));
    }
  });

  it('have the same quiz in each language: question and option ids, kinds and answers', () => {
    for (const lesson of course.lessons) {
      const structure = (locale: (typeof LOCALES)[number]) =>
        lesson.versions[locale].questions.map((q) => ({ id: q.id, kind: q.kind, options: q.options.map((o) => [o.id, o.correct]) }));
      expect(structure('zh-CN'), lesson.slug).toEqual(structure('en'));
    }
  });

  it('give every quiz 3–6 questions, each with a correct option (exactly one for single choice) and an explanation for every option', () => {
    for (const lesson of course.lessons) {
      for (const locale of LOCALES) {
        const questions = lesson.versions[locale].questions;
        expect(questions.length, `${lesson.slug} (${locale})`).toBeGreaterThanOrEqual(3);
        expect(questions.length, `${lesson.slug} (${locale})`).toBeLessThanOrEqual(6);
        for (const q of questions) {
          const correct = q.options.filter((o) => o.correct).length;
          const where = `${lesson.slug} (${locale}) ${q.id}`;
          expect(correct, where).toBeGreaterThanOrEqual(1);
          if (q.kind === 'single') expect(correct, where).toBe(1);
          for (const o of q.options) expect(o.explanation.trim().length, `${where} option ${o.id}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('are 400–900 English words and 700–1,500 Chinese characters long', () => {
    const lengths: string[] = [];
    for (const source of sources) {
      const locale = source.id.split('/')[0];
      if (locale === 'en') {
        const words = englishWords(source.body);
        lengths.push(`${source.file}: ${words} words`);
        expect(words, source.file).toBeGreaterThanOrEqual(400);
        expect(words, source.file).toBeLessThanOrEqual(900);
      } else {
        const characters = chineseCharacters(source.body);
        lengths.push(`${source.file}: ${characters} characters`);
        expect(characters, source.file).toBeGreaterThanOrEqual(700);
        expect(characters, source.file).toBeLessThanOrEqual(1500);
      }
    }
    expect(lengths).toHaveLength(sources.length);
  });

  it('end with a "try this today" step', () => {
    const closing = { en: '## Try this today', 'zh-CN': '## 今天就试一试' };
    for (const lesson of course.lessons) {
      for (const locale of LOCALES) {
        const source = sources.find((s) => s.id === lesson.versions[locale].entryId);
        const headings = source?.body.match(/^## .*$/gm) ?? [];
        expect(headings.at(-1), `${lesson.slug} (${locale})`).toBe(closing[locale]);
      }
    }
  });

  it('are split into frontmatter and body as Astro splits them (LF or CRLF line ends)', () => {
    for (const eol of ['\n', '\r\n']) {
      const parsed = parseLessonFile('x.md', ['---', 'title: "Honey"', 'order: 3', '---', '', 'Body text.', ''].join(eol));
      expect(parsed.data).toEqual({ title: 'Honey', order: 3 });
      expect(parsed.body.trim()).toBe('Body text.');
    }
  });

  it('hash each version: a text edit changes the version, only a quiz edit changes the quiz hash', () => {
    const source = sources.find((s) => s.id === 'en/01-choose-what-to-sell');
    if (!source) throw new Error('lesson 01 is missing');
    const build = (changed: LessonSource) => buildCourse(sources.map((s) => (s === source ? changed : s))).lessons[0]?.versions.en;
    const original = build(source);
    const textEdit = build({ ...source, body: source.body.replace('Start with one or two products.', 'Start with one or two products!') });
    expect(textEdit?.versionHash).not.toBe(original?.versionHash);
    expect(textEdit?.quizHash).toBe(original?.quizHash);
    const data: unknown = structuredClone(source.data);
    if (typeof data !== 'object' || data === null || !('quiz' in data) || !Array.isArray(data.quiz)) throw new Error('no quiz');
    data.quiz[0].prompt = 'A new question?';
    const quizEdit = build({ ...source, data });
    expect(quizEdit?.quizHash).not.toBe(original?.quizHash);
    expect(quizEdit?.versionHash).not.toBe(original?.versionHash);
    // The same lesson in another language has its own version.
    expect(course.lessons[0]?.versions['zh-CN'].versionHash).not.toBe(original?.versionHash);
  });

  it('name the lessons the store builder suggests', () => {
    for (const [step, slug] of Object.entries(STORE_STEP_LESSONS)) expect(findLesson(course, slug), `${step} → ${slug}`).not.toBeNull();
  });
});

describe('a broken lesson set is refused, naming the file and the field', () => {
  const en = sources.filter((s) => s.id.startsWith('en/'));
  const zh = sources.filter((s) => s.id.startsWith('zh-CN/'));
  const first = (list: LessonSource[]): LessonSource => {
    const found = list.find((s) => s.id.endsWith('01-choose-what-to-sell'));
    if (!found) throw new Error('lesson 01 is missing');
    return found;
  };
  const withData = (source: LessonSource, change: (data: Record<string, unknown>) => void): LessonSource => {
    const data: unknown = structuredClone(source.data);
    if (typeof data !== 'object' || data === null) throw new Error(`${source.file} has no frontmatter`);
    const copy: Record<string, unknown> = { ...data };
    change(copy);
    return { ...source, data: copy };
  };
  const replace = (list: LessonSource[], old: LessonSource, next: LessonSource | null) =>
    list.flatMap((s) => (s === old ? (next ? [next] : []) : [s]));

  it('accepts the real set', () => {
    expect(problemsOf(sources)).toEqual([]);
  });

  it('a missing field', () => {
    const broken = withData(first(en), (d) => delete d['title']);
    const problems = problemsOf(replace(sources, first(en), broken));
    expect(problems.join('\n')).toContain('content/lessons/en/01-choose-what-to-sell.md: title: Required');
  });

  it('a misspelt field', () => {
    const broken = withData(first(en), (d) => (d['pasMark'] = 80));
    expect(problemsOf(replace(sources, first(en), broken)).join('\n')).toMatch(/en\/01-choose-what-to-sell\.md: \(frontmatter\): Unrecognized key.*pasMark/);
  });

  it('a quiz question without a correct option, and a single-choice question with two', () => {
    const broken = withData(first(en), (d) => {
      const quiz = structuredClone(d['quiz']);
      if (!Array.isArray(quiz)) throw new Error('no quiz');
      for (const option of quiz[0].options) option.correct = false;
      for (const option of quiz[2].options) option.correct = true;
      d['quiz'] = quiz;
    });
    const problems = problemsOf(replace(sources, first(en), broken)).join('\n');
    expect(problems).toContain('en/01-choose-what-to-sell.md: quiz.0.options: question "q1" has no correct option');
    expect(problems).toContain('en/01-choose-what-to-sell.md: quiz.2.options: question "q3" is single choice but has 3 correct options');
  });

  it('a lesson in one language only', () => {
    const problems = problemsOf(replace(sources, first(zh), null)).join('\n');
    expect(problems).toContain('content/lessons/en/01-choose-what-to-sell.md: slug "choose-what-to-sell" has no zh-CN version');
  });

  it('a quiz whose answers differ between the languages', () => {
    const broken = withData(first(zh), (d) => {
      const quiz = structuredClone(d['quiz']);
      if (!Array.isArray(quiz)) throw new Error('no quiz');
      quiz[1].options[2].correct = true;
      d['quiz'] = quiz;
    });
    const problems = problemsOf(replace(sources, first(zh), broken)).join('\n');
    expect(problems).toMatch(/zh-CN\/01-choose-what-to-sell\.md \(compared with .*en\/01-choose-what-to-sell\.md\): quiz\[1\]\.options\[2\]\.correct: true instead of false/);
  });

  it('an order that does not match the file number', () => {
    const broken = withData(first(en), (d) => (d['order'] = 2));
    const problems = problemsOf(replace(sources, first(en), broken)).join('\n');
    expect(problems).toContain('en/01-choose-what-to-sell.md: order: 2 does not match the number 01 in the file name');
  });

  it('an image without alt text or from another site', () => {
    const broken = { ...first(en), body: `${first(en).body}\n![](https://cdn.example/honey.jpg)\n` };
    const problems = problemsOf(replace(sources, first(en), broken)).join('\n');
    expect(problems).toContain('has no alt text');
    expect(problems).toContain('is on another site');
  });
});
