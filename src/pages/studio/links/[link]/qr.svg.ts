// The code as an SVG file for print (vector: sharp at any size), with the short link under it.
import type { APIRoute } from 'astro';
import { requireUser } from '../../../../lib/server/auth/guard';
import { getConfig } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db/client';
import { loadLinkAccess } from '../../../../lib/server/links/handlers';
import { displayShortLink, qrSvgDocument, shortLinkUrl } from '../../../../lib/server/links/qr-image';
import { paths } from '../../../../lib/paths';

export const GET: APIRoute = async (context) => {
  const user = await requireUser(context);
  if (user instanceof Response) return user;
  const access = await loadLinkAccess(getDb(), user, context.params['link'] ?? '');
  if (!access) return context.rewrite(paths.notFound());
  const { publicUrl } = getConfig();
  const started = performance.now();
  const svg = qrSvgDocument(shortLinkUrl(publicUrl, access.link.code), displayShortLink(publicUrl, access.link.code));
  const took = performance.now() - started;
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="harvestlink-${access.link.code}.svg"`,
      'Cache-Control': 'private, no-cache',
      // How long making the SVG took, for `npm run bench` (Server-Timing is meant for this).
      'Server-Timing': `qr;dur=${took.toFixed(3)};desc="QR SVG"`,
    },
  });
};
