import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db/client';
import { requireStudio } from '../../lib/server/store/handlers/context';
import { handlePublish } from '../../lib/server/store/handlers/studio';
import { readyToPublish } from '../../lib/server/store/views';

// POST only: the owner publishes or unpublishes the store (form field action=publish|unpublish).
export const POST: APIRoute = async (context) => {
  const access = await requireStudio(context);
  if (access instanceof Response) return access;
  const ready = await readyToPublish(getDb(), access.studio, access.user.id);
  return handlePublish(context, access.user, access.studio, ready);
};
