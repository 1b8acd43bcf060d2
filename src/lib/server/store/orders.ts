// Order requests from buyers (no account needed) and the seller's inbox. Spam guard: a honeypot
// field and rate limits counted in the database (so they hold across restarts and app servers),
// keyed by a salted hash of the sender's address — no raw IP is stored.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/locales';
import type { Database, OrderRequest, Product, Store } from '../db/schema';
import { nowIso } from '../db/time';
import { newId, sha256Hex } from '../ids';
import { getMeta, setMeta } from '../meta/meta.repository';
import {
  countOrderRequests,
  countOrdersFromClient,
  countOrdersToStore,
  countUnreadOrders,
  insertOrderRequest,
  listOrderRequests,
  markOrdersRead,
  oldestOrderFromClient,
  setOrderHandled,
} from './order.repository';
import type { OrderRequestInput } from './schemas';

/** One sender: at most this many requests per window, to any stores. */
export const CLIENT_LIMIT = 5;
export const CLIENT_WINDOW_MS = 10 * 60 * 1000;
/** One sender per day: a village behind one carrier address still gets through a busy market day. */
export const CLIENT_DAILY_LIMIT = 30;
/** One store, from everyone: protects a farmer's inbox from a flood from many addresses. */
export const STORE_HOURLY_LIMIT = 60;

const SALT_KEY = 'order_client_salt';
let cachedSalt: string | null = null;

async function clientSalt(db: Kysely<Database>): Promise<string> {
  if (cachedSalt) return cachedSalt;
  let salt = await getMeta(db, SALT_KEY);
  if (!salt) {
    // Two servers starting at once may both write: the last one wins and both re-read it.
    await setMeta(db, SALT_KEY, randomBytes(32).toString('hex'));
    salt = await getMeta(db, SALT_KEY);
  }
  if (!salt) throw new Error('could not create the order-request salt');
  cachedSalt = salt;
  return salt;
}

export async function clientHash(db: Kysely<Database>, ip: string): Promise<string> {
  return sha256Hex(`${await clientSalt(db)}:${ip}`);
}

export type OrderOutcome =
  | { ok: true; id: string }
  /** The honeypot was filled: answered like a success, nothing stored. */
  | { ok: true; id: null }
  | { ok: false; reason: 'rateLimited'; retryAfterSeconds: number }
  | { ok: false; reason: 'storeBusy' }
  | { ok: false; reason: 'productUnknown' };

export async function submitOrderRequest(
  db: Kysely<Database>,
  store: Pick<Store, 'id'>,
  products: readonly Pick<Product, 'id' | 'slug' | 'name'>[],
  input: OrderRequestInput,
  context: { ip: string; locale: Locale },
  now = new Date(),
): Promise<OrderOutcome> {
  if (input.website.trim() !== '') return { ok: true, id: null };
  const product = input.product === '' ? null : (products.find((p) => p.slug === input.product) ?? null);
  if (input.product !== '' && !product) return { ok: false, reason: 'productUnknown' };
  const hash = await clientHash(db, context.ip);
  const windowStart = new Date(now.getTime() - CLIENT_WINDOW_MS).toISOString();
  const dayStart = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  const [recent, daily, toStore] = await Promise.all([
    countOrdersFromClient(db, hash, windowStart),
    countOrdersFromClient(db, hash, dayStart),
    countOrdersToStore(db, store.id, new Date(now.getTime() - 60 * 60 * 1000).toISOString()),
  ]);
  if (recent >= CLIENT_LIMIT || daily >= CLIENT_DAILY_LIMIT) {
    const windowMs = recent >= CLIENT_LIMIT ? CLIENT_WINDOW_MS : 24 * 60 * 60 * 1000;
    const oldest = await oldestOrderFromClient(db, hash, recent >= CLIENT_LIMIT ? windowStart : dayStart);
    const freeAt = (oldest ? Date.parse(oldest) : now.getTime()) + windowMs;
    return { ok: false, reason: 'rateLimited', retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
  }
  if (toStore >= STORE_HOURLY_LIMIT) return { ok: false, reason: 'storeBusy' };
  const id = newId();
  await insertOrderRequest(db, {
    id,
    store_id: store.id,
    product_id: product?.id ?? null,
    product_name: product?.name ?? '',
    buyer_name: input.buyerName,
    buyer_contact: input.buyerContact,
    quantity: input.quantity,
    note: input.note,
    fulfilment: input.fulfilment,
    locale: context.locale,
    client_hash: hash,
    created_at: now.toISOString(),
    read_at: null,
    handled_at: null,
    handled_by: null,
  });
  return { ok: true, id };
}

export const INBOX_PAGE_SIZE = 20;

export interface Inbox {
  orders: OrderRequest[];
  /** Ids that were unread before this visit (shown as "new"). */
  newIds: Set<string>;
  total: number;
  open: number;
}

/** A page of the inbox, newest first; the requests shown are marked read from now on. */
export async function openInbox(
  db: Kysely<Database>,
  storeId: string,
  options: { page: number; openOnly: boolean },
  now = nowIso(),
): Promise<Inbox> {
  const [orders, total, open] = await Promise.all([
    listOrderRequests(db, storeId, { limit: INBOX_PAGE_SIZE, offset: (options.page - 1) * INBOX_PAGE_SIZE, openOnly: options.openOnly }),
    countOrderRequests(db, storeId, { openOnly: options.openOnly }),
    countOrderRequests(db, storeId, { openOnly: true }),
  ]);
  const newIds = new Set(orders.filter((o) => o.read_at === null).map((o) => o.id));
  await markOrdersRead(db, storeId, [...newIds], now);
  return { orders, newIds, total, open };
}

export async function unreadOrderCount(db: Kysely<Database>, storeId: string): Promise<number> {
  return countUnreadOrders(db, storeId);
}

export async function markHandled(db: Kysely<Database>, storeId: string, orderId: string, userId: string, handled: boolean, now = nowIso()): Promise<boolean> {
  return setOrderHandled(db, storeId, orderId, handled ? { at: now, by: userId } : null);
}
