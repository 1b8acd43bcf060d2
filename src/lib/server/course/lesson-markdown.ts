// Splits a lesson file into frontmatter and body the way Astro's loader does (js-yaml, the parser
// Astro itself uses). No bundler features here, so plain Node (the browser tests) can use it too.
import { load } from 'js-yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits a Markdown file into its parsed frontmatter and its body. */
export function parseLessonFile(file: string, text: string): { data: unknown; body: string } {
  const match = FRONTMATTER.exec(text);
  if (!match) return { data: {}, body: text };
  return { data: load(match[1] ?? '', { filename: file }), body: text.slice(match[0].length) };
}

/** `content/lessons/en/01-x.md` (any prefix) → the source buildCourse takes. */
export function lessonSource(file: string, text: string): { id: string; file: string; data: unknown; body: string } {
  const relative = file.slice(file.indexOf('content/lessons/'));
  const id = relative.replace(/^content\/lessons\//, '').replace(/\.md$/, '');
  return { id, file: relative, ...parseLessonFile(relative, text) };
}
