// The builder's actions: open or join a store, add and arrange products, publish, members, the
// web address, deleting the store, the order inbox. Each checks the user's rights itself.
import { paths } from '../../../paths';
import { getDb } from '../../db/client';
import type { SessionUser } from '../../auth/session';
import { parseForm } from '../../forms/forms';
import { emptyForm, redirect, type FormState } from '../../forms/respond';
import type { Studio } from '../access';
import { createInvite, joinWithInvite, leaveStore, removeMember, withdrawAllInvites } from '../members';
import { markHandled } from '../orders';
import { findProductById } from '../product.repository';
import { createProduct, deleteProduct, moveProduct, setProductHidden } from '../products';
import { inviteCodeSchema, newProductSchema, newStoreSchema, slugSchema } from '../schemas';
import { changeStoreSlug, createStore, deleteStore, publishStore, unpublishStore } from '../stores';
import { invalid, isFormState, readFields, type StoreContext } from './context';
import type { Product } from '../../db/schema';
import { codeGuessAllowed, noteWrongCode } from '../../auth/code-guesses';

export async function handleCreateStore(ctx: StoreContext, user: SessionUser): Promise<Response | FormState> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const form = parseForm(newStoreSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const result = await createStore(getDb(), user.id, form.data);
  if (!result.ok) return { ...emptyForm(form.values), status: 409, formError: { key: 'alreadyMember' } };
  return redirect(paths.studio());
}

export async function handleJoinStore(ctx: StoreContext, user: SessionUser): Promise<Response | FormState> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const form = parseForm(inviteCodeSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const db = getDb();
  const guess = await codeGuessAllowed(db, 'invite', user.id, ctx.locals.clientIp);
  if (!guess.allowed) return { ...emptyForm(form.values), status: 429, formError: { key: 'throttled', params: { minutes: guess.minutes } } };
  const result = await joinWithInvite(db, user.id, form.data.code);
  if (!result.ok) {
    if (result.reason === 'alreadyMember') return { ...emptyForm(form.values), status: 409, formError: { key: 'alreadyMember' } };
    await noteWrongCode(db, 'invite', user.id, ctx.locals.clientIp);
    return invalid({ code: { key: 'codeInvalid' } }, form.values);
  }
  return redirect(`${paths.studio()}?joined=1`);
}

/** Publish or unpublish (owner only). Publishing needs the checklist's essential steps. */
export async function handlePublish(ctx: StoreContext, user: SessionUser, studio: Studio, ready: boolean): Promise<Response> {
  const raw = await readFields(ctx.request);
  const action = isFormState(raw) ? '' : (raw['action'] ?? '');
  if (!studio.rights.publish) return redirect(`${paths.studio()}?notice=ownerOnlyPublish`);
  if (action === 'unpublish') {
    await unpublishStore(getDb(), studio.store.id, user.id);
    return redirect(`${paths.studio()}?notice=unpublished`);
  }
  if (action !== 'publish') return new Response(null, { status: 400 });
  const result = await publishStore(getDb(), studio.store, user.id, ready);
  if (!result.ok) return redirect(`${paths.studio()}?notice=${result.reason === 'takenDown' ? 'cannotPublishTakenDown' : 'notReady'}`);
  return redirect(`${paths.studio()}?notice=published`);
}

export type ProductsOutcome = Response | FormState | { confirmDelete: Product };

/** Adding a product, and the list's buttons: move up/down, hide/show, delete (after a confirmation). */
export async function handleProductsAction(ctx: StoreContext, user: SessionUser, studio: Studio): Promise<ProductsOutcome> {
  if (!studio.rights.editProducts) return ctx.rewrite(paths.forbidden());
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const action = raw['action'] ?? '';
  const db = getDb();
  if (action === 'create') {
    const form = parseForm(newProductSchema, raw);
    if (!form.ok) return invalid(form.errors, form.values);
    const product = await createProduct(db, studio.store.id, user.id, form.data.name);
    return redirect(paths.studioProduct(product.id));
  }
  if (!['up', 'down', 'hide', 'show', 'delete'].includes(action)) return invalid({}, raw);
  const product = await findProductById(db, raw['product'] ?? '');
  // (The body is read: Astro cannot rewrite to the 404 page any more, so the page says it.)
  if (!product || product.store_id !== studio.store.id) return { ...emptyForm(), status: 404, formError: { key: 'productGone' } };
  switch (action) {
    case 'up':
    case 'down':
      await moveProduct(db, product, action, user.id);
      return redirect(`${paths.studio()}#product-${product.id}`);
    case 'hide':
    case 'show':
      await setProductHidden(db, product, action === 'hide', user.id);
      return redirect(`${paths.studio()}#product-${product.id}`);
    case 'delete':
      if (raw['confirm'] !== '1') return { confirmDelete: product };
      await deleteProduct(db, product, user.id);
      return redirect(`${paths.studio()}?notice=productDeleted`);
    default:
      return invalid({}, raw);
  }
}

export async function handleChangeAddress(ctx: StoreContext, user: SessionUser, studio: Studio): Promise<Response | FormState> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const form = parseForm(slugSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const result = await changeStoreSlug(getDb(), studio.store.id, user.id, form.data.slug);
  if (!result.ok) return invalid({ slug: { key: result.reason } }, form.values);
  return redirect(`${paths.studioAddress()}?changed=1`);
}

export type MembersOutcome = Response | FormState | { invite: { code: string; expiresAt: string } };

export async function handleMembersAction(ctx: StoreContext, user: SessionUser, studio: Studio): Promise<MembersOutcome> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const db = getDb();
  const action = raw['action'] ?? '';
  if (action === 'leave' && studio.access === 'member') {
    await leaveStore(db, studio.store.id, user.id);
    return redirect(`${paths.studio()}?notice=leftStore`);
  }
  if (!studio.rights.manageMembers) return { ...emptyForm(), status: 403, formError: { key: 'ownerOnly' } };
  switch (action) {
    case 'invite':
      return { invite: await createInvite(db, studio.store.id, user.id) };
    case 'withdraw':
      await withdrawAllInvites(db, studio.store.id);
      return redirect(`${paths.studioMembers()}?notice=invitesWithdrawn`);
    case 'remove': {
      const removed = await removeMember(db, studio.store.id, raw['member'] ?? '', user.id);
      if (!removed) return { ...emptyForm(), status: 404, formError: { key: 'memberGone' } };
      return redirect(`${paths.studioMembers()}?notice=memberRemoved`);
    }
    default:
      return invalid({}, raw);
  }
}

export async function handleDeleteStore(ctx: StoreContext, studio: Studio): Promise<Response | FormState> {
  if (!studio.rights.deleteStore) return ctx.rewrite(paths.forbidden());
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const typed = (raw['name'] ?? '').normalize('NFC').trim();
  if (typed !== studio.store.name) return invalid({ name: { key: typed === '' ? 'required' : 'deleteNameMismatch' } }, raw);
  await deleteStore(getDb(), studio.store.id);
  return redirect(`${paths.studio()}?notice=storeDeleted`);
}

export async function handleInboxAction(ctx: StoreContext, user: SessionUser, studio: Studio): Promise<Response | FormState> {
  if (!studio.rights.seeOrders) return ctx.rewrite(paths.forbidden());
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const action = raw['action'] ?? '';
  if (action !== 'handled' && action !== 'open') return invalid({}, raw);
  const done = await markHandled(getDb(), studio.store.id, raw['order'] ?? '', user.id, action === 'handled');
  if (!done) return { ...emptyForm(), status: 404, formError: { key: 'orderGone' } };
  const back = raw['back'] ?? '';
  return redirect(back.startsWith('/studio/orders') ? back : paths.studioOrders());
}
