import type { APIRoute } from 'astro';
import { handleLogout } from '../lib/server/auth/handlers';

// POST only (a GET link could log people out from another site's <img>).
export const POST: APIRoute = (context) => handleLogout(context);
