// The code pages' actions (/studio/links, /studio/links/<id>): make a code for a place, print with
// a placement's code, rename, put away. Each checks the user's rights itself (deny by default).
import type { Kysely } from 'kysely';
import { paths } from '../../paths';
import type { SessionUser } from '../auth/session';
import type { Database, ShortLink, Store } from '../db/schema';
import { getDb } from '../db/client';
import { parseForm } from '../forms/forms';
import { emptyForm, redirect, type FormState } from '../forms/respond';
import { invalid, isFormState, readFields } from '../store/handlers/context';
import { accessToStore, loadStudio, rightsOf, type StoreRights, type Studio } from '../store/access';
import { findProductById } from '../store/product.repository';
import { findStoreById } from '../store/store.repository';
import { normaliseShortCode } from './code';
import { findLinkByCode, findMainLink } from './link.repository';
import { createPlacementLink, placementLinkFor, relabelLink, setLinkArchived } from './links';
import { editLinkSchema, newPlacementSchema } from './schemas';

interface HandlerContext {
  request: Request;
}

function forbiddenState(): FormState {
  return { ...emptyForm(), status: 403, formError: { key: 'noEditRight' } };
}

/** The product if it belongs to the store; null for "the store itself"; undefined when neither. */
async function targetProduct(db: Kysely<Database>, store: Store, target: string): Promise<string | null | undefined> {
  if (target === 'store') return null;
  const product = await findProductById(db, target);
  return product && product.store_id === store.id ? product.id : undefined;
}

/** POST /studio/links: `action` is create, print-door, print-stall or print-labels. */
export async function handleLinksAction(ctx: HandlerContext, user: SessionUser, studio: Studio): Promise<Response | FormState> {
  if (!studio.rights.editProducts) return forbiddenState();
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const db = getDb();
  const action = raw['action'] ?? '';
  const store = studio.store;
  if (action === 'print-door' || action === 'print-stall') {
    const link = await placementLinkFor(db, { storeId: store.id, productId: null, placement: action === 'print-door' ? 'door' : 'stall', label: '', userId: user.id });
    return redirect(paths.studioPoster(link.code));
  }
  if (action === 'print-labels') {
    const productId = await targetProduct(db, store, raw['product'] ?? '');
    if (!productId) return invalid({ target: { key: 'targetInvalid' } }, raw);
    const link = await placementLinkFor(db, { storeId: store.id, productId, placement: 'box', label: '', userId: user.id });
    return redirect(paths.studioLabels(link.code, '3x8'));
  }
  if (action !== 'create') return { ...emptyForm(), status: 400, formError: { key: 'badForm' } };
  const form = parseForm(newPlacementSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const productId = await targetProduct(db, store, form.data.target);
  if (productId === undefined) return invalid({ target: { key: 'targetInvalid' } }, form.values);
  const link = await createPlacementLink(db, { storeId: store.id, productId, placement: form.data.placement, label: form.data.label, userId: user.id });
  return redirect(`${paths.studioLink(link.code)}?made=1`);
}

export interface LinkAccess {
  link: ShortLink;
  store: Store;
  rights: StoreRights;
}

/** The code with its store, when the user may at least see it; null otherwise (answered 404). */
export async function loadLinkAccess(db: Kysely<Database>, user: SessionUser, rawCode: string): Promise<LinkAccess | null> {
  const code = normaliseShortCode(rawCode);
  if (code === null) return null;
  const link = await findLinkByCode(db, code);
  if (!link || link.store_id === null) return null;
  const rights = rightsOf(await accessToStore(db, user, link.store_id));
  if (!rights.view) return null;
  const store = await findStoreById(db, link.store_id);
  if (!store) return null;
  return { link, store, rights };
}

/** POST /studio/links/<id>: `action` is save, archive or restore. */
export async function handleLinkAction(ctx: HandlerContext, user: SessionUser, access: LinkAccess): Promise<Response | FormState> {
  if (!access.rights.editProducts) return forbiddenState();
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const db = getDb();
  const { link } = access;
  const action = raw['action'] ?? '';
  if (action === 'archive' || action === 'restore') {
    await setLinkArchived(db, link, action === 'archive', user.id);
    return redirect(action === 'archive' ? paths.studioLinks() : paths.studioLink(link.code));
  }
  if (action !== 'save') return { ...emptyForm(), status: 400, formError: { key: 'badForm' } };
  const form = parseForm(editLinkSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const placement = form.data.placement ?? (link.placement === 'main' ? 'other' : link.placement);
  await relabelLink(db, link, placement, form.data.label, user.id);
  return redirect(`${paths.studioLink(link.code)}?saved=1`);
}

export interface PrintTarget {
  link: ShortLink;
  store: Store;
  /** The product a product code leads to (null for a store code, or a deleted product). */
  productId: string | null;
}

/**
 * The code a print page uses: `?link=<code>` when given (the user must be able to see its store),
 * else the main code of the user's own store. 'noStore' when the user has neither.
 */
export async function loadPrintTarget(db: Kysely<Database>, user: SessionUser, code: string | null): Promise<PrintTarget | 'notFound' | 'noStore'> {
  if (code) {
    const access = await loadLinkAccess(db, user, code);
    if (!access) return 'notFound';
    return { link: access.link, store: access.store, productId: access.link.product_id };
  }
  const studio = await loadStudio(db, user);
  if (!studio) return 'noStore';
  const link = await findMainLink(db, `store:${studio.store.id}`);
  if (!link) return 'notFound';
  return { link, store: studio.store, productId: null };
}
