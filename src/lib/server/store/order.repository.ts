// All SQL for order requests. Portable SQL only.
import type { Kysely } from 'kysely';
import type { Database, NewOrderRequest, OrderRequest } from '../db/schema';

export async function insertOrderRequest(db: Kysely<Database>, order: NewOrderRequest): Promise<void> {
  await db.insertInto('order_requests').values(order).execute();
}

/** Requests sent from one client (salted address hash) since a moment, to any store. */
export async function countOrdersFromClient(db: Kysely<Database>, clientHash: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('order_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_hash', '=', clientHash)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Requests a store received since a moment, from anyone. */
export async function countOrdersToStore(db: Kysely<Database>, storeId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('order_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('store_id', '=', storeId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The oldest request from a client since a moment: when it ages out, the client may send again. */
export async function oldestOrderFromClient(db: Kysely<Database>, clientHash: string, since: string): Promise<string | null> {
  const row = await db
    .selectFrom('order_requests')
    .select('created_at')
    .where('client_hash', '=', clientHash)
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** The inbox: newest first. */
export async function listOrderRequests(
  db: Kysely<Database>,
  storeId: string,
  options: { limit: number; offset: number; openOnly: boolean },
): Promise<OrderRequest[]> {
  let query = db.selectFrom('order_requests').selectAll().where('store_id', '=', storeId);
  if (options.openOnly) query = query.where('handled_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute();
}

export async function countOrderRequests(db: Kysely<Database>, storeId: string, options: { openOnly: boolean }): Promise<number> {
  let query = db.selectFrom('order_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('store_id', '=', storeId);
  if (options.openOnly) query = query.where('handled_at', 'is', null);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countUnreadOrders(db: Kysely<Database>, storeId: string): Promise<number> {
  const row = await db
    .selectFrom('order_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('store_id', '=', storeId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the given requests read (they were shown in the inbox). */
export async function markOrdersRead(db: Kysely<Database>, storeId: string, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('order_requests')
    .set({ read_at: now })
    .where('store_id', '=', storeId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .execute();
}

export async function setOrderHandled(
  db: Kysely<Database>,
  storeId: string,
  id: string,
  handled: { at: string; by: string } | null,
): Promise<boolean> {
  const result = await db
    .updateTable('order_requests')
    .set(handled ? { handled_at: handled.at, handled_by: handled.by } : { handled_at: null, handled_by: null })
    .where('store_id', '=', storeId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
