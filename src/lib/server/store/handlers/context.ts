// What every store handler shares: reading forms, answering the autosave script in JSON, and the
// studio guard (signed in, with a store).
import { paths } from '../../../paths';
import type { Locale } from '../../../i18n/locales';
import { storeMessage } from '../../../store/messages';
import { requireUser } from '../../auth/guard';
import type { SessionUser } from '../../auth/session';
import { getDb } from '../../db/client';
import { BadFormError, readForm, type FieldError, type FormValues } from '../../forms/forms';
import { emptyForm, redirect, type FormState } from '../../forms/respond';
import { loadStudio, type Studio } from '../access';
import { assistStoreIdFrom } from '../../trainer/assist';

export interface StoreContext {
  request: Request;
  locals: App.Locals;
  url: URL;
  rewrite(path: string): Promise<Response>;
}

/** The autosave script asks for JSON; a plain form post gets HTML. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The form's fields, or the 400 state to show when the body is not a readable form. */
export async function readFields(request: Request): Promise<FormValues | FormState> {
  try {
    return await readForm(request);
  } catch (error) {
    if (error instanceof BadFormError) return { ...emptyForm(), status: 400, formError: { key: 'badForm' } };
    throw error;
  }
}

export function isFormState(value: FormValues | FormState): value is FormState {
  return typeof value['status'] === 'number';
}

export function invalid(errors: Record<string, FieldError>, values: FormValues, status = 400): FormState {
  return { status, values, errors, formError: { key: 'formProblem' }, notice: null };
}

/** Field errors as translated sentences, for the autosave script to show by the fields. */
export function translatedErrors(locale: Locale, errors: Record<string, FieldError>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors)) out[field] = storeMessage(locale, error) ?? error.key;
  return out;
}

export interface StudioAccess {
  user: SessionUser;
  studio: Studio;
}

/** A signed-in user with a store; without one they are sent to /studio to open or join one. */
export async function requireStudio(ctx: StoreContext): Promise<StudioAccess | Response> {
  const user = await requireUser(ctx);
  if (user instanceof Response) return user;
  const studio = await loadStudio(getDb(), user, assistStoreIdFrom(ctx.request));
  if (!studio) return redirect(paths.studio());
  return { user, studio };
}
