// The code as a PNG picture (256, 512 or 1024 px wide) for chat apps, with the short link under it.
import type { APIRoute } from 'astro';
import { requireUser } from '../../../../lib/server/auth/guard';
import { getConfig } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db/client';
import { loadLinkAccess } from '../../../../lib/server/links/handlers';
import { displayShortLink, isPngWidth, qrPng, shortLinkUrl } from '../../../../lib/server/links/qr-image';
import { share, translator } from '../../../../lib/i18n';
import { paths } from '../../../../lib/paths';

export const GET: APIRoute = async (context) => {
  const user = await requireUser(context);
  if (user instanceof Response) return user;
  const access = await loadLinkAccess(getDb(), user, context.params['link'] ?? '');
  if (!access) return context.rewrite(paths.notFound());
  const width = Number(context.url.searchParams.get('width') ?? '512');
  if (!isPngWidth(width)) {
    const message = translator(share, context.locals.locale)('widthInvalid');
    return new Response(message, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const { publicUrl } = getConfig();
  const png = await qrPng(shortLinkUrl(publicUrl, access.link.code), displayShortLink(publicUrl, access.link.code), width);
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Content-Disposition': `attachment; filename="harvestlink-${access.link.code}-${width}.png"`,
      'Cache-Control': 'private, no-cache',
    },
  });
};
