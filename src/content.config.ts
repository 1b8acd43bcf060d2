// The lesson collection: content/lessons/<locale>/NN-slug.md. Each file's frontmatter is checked by
// the zod schema (a bad file fails the build naming the file and the field); the whole set is then
// checked across languages (every lesson in every language, the same quiz structure in each).
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from './lib/course/lesson-schema';
import { checkLessonSet, type LessonFile } from './lib/course/lesson-set';

const files = glob({
  pattern: '*/*.md',
  base: './content/lessons',
  // Keep the language folder's case (zh-CN): the default id would lower-case it.
  generateId: ({ entry }) => entry.replace(/\.md$/, ''),
});

const lessons = defineCollection({
  loader: {
    name: 'harvestlink-lessons',
    async load(context) {
      await files.load(context);
      const set: LessonFile[] = [];
      for (const entry of context.store.values()) {
        const parsed = lessonFrontmatterSchema.safeParse(entry.data);
        // parseData already failed the build for a file that does not match the schema.
        if (!parsed.success) continue;
        set.push({ id: entry.id, file: entry.filePath ?? entry.id, data: parsed.data, body: entry.body ?? '' });
      }
      const problems = checkLessonSet(set);
      if (problems.length > 0) {
        throw new Error(`The lessons in content/lessons do not fit together:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      }
    },
  },
  schema: lessonFrontmatterSchema,
});

export const collections = { lessons };
