import type { APIRoute } from 'astro';
import { handlePhotoAction } from '../../../lib/server/store/handlers/photos';

// POST only: delete a photo, or move it earlier or later among its product's photos.
export const POST: APIRoute = (context) => handlePhotoAction(context, context.params['photo'] ?? '');
