// The HTTP answer for GET /media/<key> (src/pages/media/[...key].ts).
import { getStorage, storageKeyProblem, type ObjectStorage } from '../storage/storage';

const CONTENT_TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
/** Only photo files are public; other uploads (if any come) need their own route and checks. */
const PUBLIC_PREFIX = 'photos/';

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
  });
}

/** 200 with the file, long-cached; 404 for a missing file or a key that is not a photo key. */
export async function mediaResponse(key: string, storage: ObjectStorage = getStorage()): Promise<Response> {
  if (!key.startsWith(PUBLIC_PREFIX) || storageKeyProblem(key) !== null) return notFound();
  const extension = /\.([a-z0-9]+)$/.exec(key)?.[1] ?? '';
  const type = Object.hasOwn(CONTENT_TYPES, extension) ? CONTENT_TYPES[extension] : undefined;
  if (!type) return notFound();
  const body = await storage.get(key);
  if (body === null) return notFound();
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(body.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-site',
    },
  });
}
