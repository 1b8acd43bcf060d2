// Assisted mode: a trainer edits the store and products of a trainee in one of their open cohorts
// (the store the trainee owns: a trainee who is only a member of a store does not bring it in),
// sitting beside the farmer or for them. The trainer starts it from the trainee's page; a cookie then
// names the store the studio pages work on, and every request checks again that the trainer may
// (src/lib/server/store/access.ts asks canAssistStore). Every change goes into the store's change log
// under the trainer's name (store_edits), and the trainee's studio shows it: "Edited by your trainer
// 李老师 on …".
import type { AstroCookies } from 'astro';
import { parse as parseCookies } from 'cookie';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../auth/session';
import type { Database } from '../db/schema';
import { storeOwnerIsTraineeOf } from './cohort.repository';
import { listOutsideEdits, type EditActionFilter } from './progress.repository';

export const ASSIST_COOKIE = 'assist';
const STORE_ID = /^[a-z2-7]{26}$/;

/** The store a trainer chose to help with, from the request's cookie (null when none or malformed). */
export function assistStoreIdFrom(request: Request): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  const value = parseCookies(header)[ASSIST_COOKIE];
  return value !== undefined && STORE_ID.test(value) ? value : null;
}

/** Session-long (no expiry): ends with the browser, at "Stop helping", or at log-out of the trainer's session. */
export function setAssistCookie(cookies: AstroCookies, storeId: string, secure: boolean): void {
  cookies.set(ASSIST_COOKIE, storeId, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function clearAssistCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.set(ASSIST_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}

/**
 * A trainer may help with a store when its owner is a trainee in an open cohort the trainer runs
 * ("trainers of the owner's cohort", docs/permissions.md). Not through a mere member: assisted mode
 * edits the store's details, which that member may not do themselves.
 */
export async function canAssistStore(db: Kysely<Database>, user: SessionUser | null, storeId: string): Promise<boolean> {
  if (!user || user.role !== 'trainer') return false;
  return storeOwnerIsTraineeOf(db, user.id, storeId);
}

/** Changes to the content of a store (not publishing, members or moderation), including its QR codes. */
const CONTENT_ACTIONS: EditActionFilter = { actions: ['store.edit', 'store.slug'], prefixes: ['product.', 'photo.', 'link.'] };

export interface AssistedEdit {
  editorName: string;
  action: string;
  productName: string | null;
  /** The first and last save of the burst of saves this entry stands for. */
  firstAt: string;
  lastAt: string;
}

/**
 * Changes to a store's content made by somebody who is not one of its members — in practice, a
 * trainer in assisted mode — newest first. Members' own edits are not listed.
 */
export async function listAssistedEdits(db: Kysely<Database>, storeId: string, limit = 10): Promise<AssistedEdit[]> {
  const edits = await listOutsideEdits(db, storeId, ['trainer'], CONTENT_ACTIONS, limit);
  return edits.map((e) => ({ editorName: e.editor_name ?? '', action: e.action, productName: e.product_name, firstAt: e.created_at, lastAt: e.last_at }));
}
