import type { APIRoute } from 'astro';
import { findProvince, listCountyGroups } from '../../lib/regions';

// The county-level divisions of one province, for the builder's region picker (public data, cached
// a day). Without JavaScript the builder lists them after the province is saved.
export const GET: APIRoute = ({ params }) => {
  const province = findProvince(params['province'] ?? '');
  if (!province) return new Response('{"error":"unknown province"}', { status: 404, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  const groups = listCountyGroups(province.code).map((g) => ({ label: g.label, counties: g.counties.map((c) => [c.code, c.name]) }));
  return new Response(JSON.stringify({ province: [province.code, province.name], groups }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=86400' },
  });
};
