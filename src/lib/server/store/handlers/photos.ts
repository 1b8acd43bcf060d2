// Photo uploads (multipart, from the photo-upload script or a plain form) and the photo buttons.
import type { Locale } from '../../../i18n/locales';
import { paths } from '../../../paths';
import { MAX_PRODUCT_PHOTOS } from '../../../store/catalog';
import { storeMessage, type MessageRef } from '../../../store/messages';
import { getDb } from '../../db/client';
import { redirect } from '../../forms/respond';
import { MAX_PHOTO_BYTES, photoErrorMessage } from '../../photos';
import { addPhoto, movePhoto, removePhoto } from '../photos';
import { findPhotoById, findProductById } from '../product.repository';
import { json, readFields, isFormState, requireStudio, wantsJson, type StoreContext } from './context';

/** Problems an upload can come back with, as the `?photo=` value of the page it returns to. */
export const PHOTO_PROBLEMS = ['photosFull', 'photoMissing', 'photoUnsupported', 'photoTooLarge', 'photoTooManyPixels', 'photoCorrupt', 'photoQuotaFull'] as const;
export type PhotoProblem = (typeof PHOTO_PROBLEMS)[number];

function isPhotoProblem(key: string): key is PhotoProblem {
  return (PHOTO_PROBLEMS as readonly string[]).includes(key);
}

/** The `?photo=` value of a page as a problem to show, or null. */
export function photoProblemFrom(param: string | null): PhotoProblem | null {
  return param !== null && isPhotoProblem(param) ? param : null;
}

/** The message (with its numbers filled in) for a refused upload. */
export function photoProblemMessage(problem: PhotoProblem): MessageRef {
  switch (problem) {
    case 'photosFull':
      return { key: problem, params: { max: MAX_PRODUCT_PHOTOS } };
    case 'photoMissing':
      return { key: problem };
    case 'photoTooLarge':
      return photoErrorMessage('too-large');
    case 'photoTooManyPixels':
      return photoErrorMessage('too-many-pixels');
    case 'photoCorrupt':
      return photoErrorMessage('corrupt');
    case 'photoQuotaFull':
      return photoErrorMessage('quota-exceeded');
    default:
      return photoErrorMessage('unsupported-type');
  }
}

function refuse(ctx: StoreContext, locale: Locale, back: string, key: PhotoProblem, params: Record<string, string | number> = {}, status = 400): Response {
  if (wantsJson(ctx.request)) return json({ ok: false, message: storeMessage(locale, { key, params }) }, status);
  return redirect(`${back}?photo=${key}#photos`);
}

async function readUpload(request: Request): Promise<Uint8Array | 'missing' | 'bad' | 'tooLarge'> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'multipart/form-data') return 'bad';
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return 'bad';
  }
  const file = data.get('photo');
  if (!(file instanceof File) || file.size === 0) return 'missing';
  if (file.size > MAX_PHOTO_BYTES) return 'tooLarge';
  return new Uint8Array(await file.arrayBuffer());
}

/** POST /studio/photos?product=<id> (a product photo) or ?cover=1 (the store's cover). */
export async function handlePhotoUpload(ctx: StoreContext): Promise<Response> {
  const access = await requireStudio(ctx);
  if (access instanceof Response) return access;
  const { user, studio } = access;
  const locale = ctx.locals.locale;
  const db = getDb();
  const productId = ctx.url.searchParams.get('product');
  const cover = ctx.url.searchParams.get('cover') === '1';
  let back: string;
  if (productId) {
    const product = await findProductById(db, productId);
    if (!product || product.store_id !== studio.store.id) return ctx.rewrite(paths.notFound());
    if (!studio.rights.editProducts) return ctx.rewrite(paths.forbidden());
    back = paths.studioProduct(product.id);
  } else if (cover) {
    if (!studio.rights.editStore) return ctx.rewrite(paths.forbidden());
    back = paths.studioStore();
  } else {
    return ctx.rewrite(paths.notFound());
  }

  const upload = await readUpload(ctx.request);
  if (upload === 'bad') return wantsJson(ctx.request) ? json({ ok: false, message: storeMessage(locale, { key: 'badForm' }) }, 400) : new Response(null, { status: 400 });
  if (upload === 'missing') return refuse(ctx, locale, back, 'photoMissing');
  if (upload === 'tooLarge') return refuse(ctx, locale, back, 'photoTooLarge', photoErrorMessage('too-large').params, 413);
  const result = await addPhoto(db, { storeId: studio.store.id, productId: productId ?? null, userId: user.id }, upload);
  if (!result.ok) {
    const key = result.error.key;
    return refuse(ctx, locale, back, isPhotoProblem(key) ? key : 'photoUnsupported', result.error.params ?? {}, key === 'photoTooLarge' ? 413 : 400);
  }
  const location = `${back}?photo=added#photos`;
  if (wantsJson(ctx.request)) return json({ ok: true, redirect: location, message: storeMessage(locale, { key: 'photoUploaded' }) });
  return redirect(location);
}

/** POST /studio/photos/<id>: delete, or move earlier/later among the product's photos. */
export async function handlePhotoAction(ctx: StoreContext, photoId: string): Promise<Response> {
  const access = await requireStudio(ctx);
  if (access instanceof Response) return access;
  const { user, studio } = access;
  const db = getDb();
  const photo = await findPhotoById(db, photoId);
  if (!photo || photo.store_id !== studio.store.id) return ctx.rewrite(paths.notFound());
  const allowed = photo.product_id === null ? studio.rights.editStore : studio.rights.editProducts;
  if (!allowed) return ctx.rewrite(paths.forbidden());
  const raw = await readFields(ctx.request);
  const action = isFormState(raw) ? '' : (raw['action'] ?? '');
  const back = photo.product_id === null ? paths.studioStore() : paths.studioProduct(photo.product_id);
  switch (action) {
    case 'delete':
      await removePhoto(db, photo, user.id);
      return redirect(`${back}?photo=deleted#photos`);
    case 'earlier':
    case 'later':
      await movePhoto(db, photo, action, user.id);
      return redirect(`${back}#photos`);
    default:
      return new Response(null, { status: 400 });
  }
}
