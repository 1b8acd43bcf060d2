import type { APIRoute } from 'astro';
import { requireRole } from '../../lib/server/auth/guard';
import { handleAssist } from '../../lib/server/trainer/handlers';

// POST only: a cohort's trainer starts (action=start, cohort, trainee) or stops (action=stop)
// editing a trainee's store with them. Every studio request checks the right again.
export const POST: APIRoute = async (context) => {
  const user = await requireRole(context, ['trainer']);
  if (user instanceof Response) return user;
  return handleAssist(context, user);
};
