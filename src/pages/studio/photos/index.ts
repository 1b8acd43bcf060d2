import type { APIRoute } from 'astro';
import { handlePhotoUpload } from '../../../lib/server/store/handlers/photos';

// POST only: a photo upload (multipart) for ?product=<id> or the store's cover (?cover=1).
export const POST: APIRoute = (context) => handlePhotoUpload(context);
