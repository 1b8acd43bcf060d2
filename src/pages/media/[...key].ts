// Stored photo files, public to everyone: random names, so they are cached for a year as immutable.
// Only keys under photos/ are served; anything else (other uploads, `..`, odd characters) is 404.
import type { APIRoute } from 'astro';
import { mediaResponse } from '../../lib/server/photos/serve';

export const GET: APIRoute = async ({ params }) => mediaResponse(params['key'] ?? '');
