// The public store pages: finding the store (old addresses redirect, unpublished stores are not
// found except for their members and admins), the cache mark, and order requests from buyers.
import { paths } from '../../../paths';
import { cacheMark, CACHE_MARK_HEADER } from '../../cache/public-pages';
import { getDb } from '../../db/client';
import type { Product, Store } from '../../db/schema';
import { parseForm } from '../../forms/forms';
import { redirect, type FormState } from '../../forms/respond';
import { submitOrderRequest } from '../orders';
import { orderRequestSchema } from '../schemas';
import { lookupPublicStore } from '../views';
import type { StoreAccess } from '../access';
import { invalid, isFormState, readFields, type StoreContext } from './context';

export interface PublicStore {
  store: Store;
  access: StoreAccess | null;
  preview: boolean;
}

/** The store named in the URL, or the Response to send instead (404, or a redirect from an old address). */
export async function resolvePublicStore(ctx: StoreContext, slug: string, rest = ''): Promise<PublicStore | Response> {
  const found = await lookupPublicStore(getDb(), slug, ctx.locals.user);
  if (found.kind === 'notFound') return ctx.rewrite(paths.notFound());
  if (found.kind === 'moved') {
    return new Response(null, { status: 302, headers: { Location: `${paths.store(found.slug)}${rest}${ctx.url.search}` } });
  }
  return { store: found.store, access: found.access, preview: found.preview };
}

/**
 * Marks a page of a live store sent to a visitor who is not signed in. The HTTP layer
 * (src/server/public-page-cache.ts) strips the mark, counts the page view (whatever the query
 * string: ?lang=en, WeChat's ?from=…, utm_… links) and keeps the page in the anonymous-visitor
 * cache only when the URL has no query string.
 */
export function markCacheable(ctx: StoreContext, response: { headers: Headers }, found: PublicStore): void {
  if (found.preview || ctx.locals.user !== null) return;
  response.headers.set(CACHE_MARK_HEADER, cacheMark(found.store.id, found.store.version));
}

/** POST /s/<store>/order: the buyer's request, answered with a confirmation page or the form again. */
export async function handleOrderRequest(ctx: StoreContext, store: Store, products: readonly Product[]): Promise<Response | FormState> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const form = parseForm(orderRequestSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await submitOrderRequest(getDb(), store, products, form.data, { ip: ctx.locals.clientIp, locale: ctx.locals.locale });
  if (outcome.ok) return redirect(paths.orderSent(store.slug));
  switch (outcome.reason) {
    case 'rateLimited':
      return {
        status: 429,
        values: form.values,
        errors: {},
        formError: { key: 'orderRateLimited', params: { minutes: Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60)) } },
        notice: null,
      };
    case 'storeBusy':
      return { status: 429, values: form.values, errors: {}, formError: { key: 'orderStoreBusy' }, notice: null };
    case 'productUnknown':
      return invalid({ product: { key: 'orderProductUnknown' } }, form.values);
  }
}
