import type { APIRoute } from 'astro';
import { getDb } from '../lib/server/db/client';
import { checkDatabase } from '../lib/server/meta/meta.repository';

export const GET: APIRoute = async () => {
  try {
    await checkDatabase(getDb());
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', reason: 'database unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
};
