import type { APIRoute } from 'astro';
import { findLesson } from '../../../lib/course/types';
import { paths } from '../../../lib/paths';
import { getCourse } from '../../../lib/server/course/content';
import { handleMarkRead } from '../../../lib/server/course/handlers';

// POST only: marks the lesson read for the signed-in user (the button, or the page's script).
export const POST: APIRoute = async (context) => {
  const lesson = findLesson(await getCourse(), context.params.slug ?? '');
  if (!lesson) return context.rewrite(paths.notFound());
  return handleMarkRead(context, lesson);
};
