// GET /media/<key>: stored photos answered straight from storage, before compression (WebP does
// not compress) and before Astro (no session lookup, no `private` cache header for signed-in
// users). src/pages/media/[...key].ts answers the same way under `astro dev`.
import type { NextFunction, Request, Response } from 'express';
import { mediaResponse } from '../lib/server/photos/serve';
import { getStorage, type ObjectStorage } from '../lib/server/storage/storage';

/** Mount at /media: `app.use('/media', mediaFiles())`. */
export function mediaFiles(storage: () => ObjectStorage = getStorage): (req: Request, res: Response, next: NextFunction) => void {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      key = '';
    }
    mediaResponse(key, storage())
      .then(async (response) => {
        res.status(response.status);
        response.headers.forEach((value, name) => res.setHeader(name, value));
        const body = Buffer.from(await response.arrayBuffer());
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(next);
  };
}
