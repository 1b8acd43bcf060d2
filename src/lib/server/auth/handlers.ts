// The POST side of the account pages: read the form, validate, act, answer with a redirect or
// with the form state to show again (the typed values kept, never passwords).
import type { AstroCookies } from 'astro';
import { changePasswordSchema, loginSchema, profileSchema, resetSchema, signupSchema } from '../../auth/schemas';
import { LOCALE_COOKIE } from '../../i18n/locales';
import { paths } from '../../paths';
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { BadFormError, keepTyped, parseForm, readForm, type FormValues } from '../forms/forms';
import { emptyForm, redirect, type FormState } from '../forms/respond';
import { changePassword, createAccount, logIn, LoginTakenError, resetPasswordWithCode, updateProfile } from './accounts';
import { deleteSessionCookie, setSessionCookie } from './cookies';
import { safeNextPath } from './guard';
import { createSession, invalidateSession } from './session';
import { checkSignupJoinCode, joinAtSignup } from '../trainer/signup';

export interface FormContext {
  request: Request;
  cookies: AstroCookies;
  locals: App.Locals;
  url: URL;
}

const ONE_YEAR = 60 * 60 * 24 * 365;

async function readOrBadForm(ctx: FormContext): Promise<FormValues | FormState> {
  try {
    return await readForm(ctx.request);
  } catch (error) {
    if (error instanceof BadFormError) return { ...emptyForm(), status: 400, formError: { key: 'badForm' } };
    throw error;
  }
}

function invalid(errors: FormState['errors'], values: FormValues, status = 400): FormState {
  return { status, values, errors, formError: { key: 'formProblem' }, notice: null };
}

function startSession(ctx: FormContext, token: string, expiresAt: Date, locale: string): void {
  const secure = getConfig().secure;
  setSessionCookie(ctx.cookies, token, expiresAt, secure);
  // The account's language follows it onto this phone.
  ctx.cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', secure });
}

/** Ends the session this browser had before (if any), so a planted cookie never carries over a log-in. */
async function endCurrentSession(ctx: FormContext): Promise<void> {
  if (ctx.locals.session) await invalidateSession(getDb(), ctx.locals.session.id);
}

export async function handleSignup(ctx: FormContext): Promise<Response | FormState> {
  const raw = await readOrBadForm(ctx);
  if (isFormState(raw)) return raw;
  const form = parseForm(signupSchema, raw);
  // The optional class code is checked before anything is written: a wrong code creates no account.
  const join = await checkSignupJoinCode(raw['joinCode']);
  if (!form.ok || !join.ok) return invalid({ ...(form.ok ? {} : form.errors), ...(join.ok ? {} : join.errors) }, keepTyped(raw));
  const db = getDb();
  // Joined a class at sign-up: its page with the welcome (it links on to the lessons), whatever `next` said.
  let welcome: string | null = null;
  try {
    const userId = await createAccount(db, form.data);
    if (join.cohort) welcome = await joinAtSignup(db, userId, join.cohort);
    await endCurrentSession(ctx);
    const { token, session } = await createSession(db, userId);
    startSession(ctx, token, session.expiresAt, form.data.locale);
  } catch (error) {
    if (error instanceof LoginTakenError) return invalid({ login: { key: 'loginTaken' } }, form.values);
    throw error;
  }
  return redirect(welcome ?? safeNextPath(ctx.url.searchParams.get('next')) ?? paths.lessons());
}

export async function handleLogin(ctx: FormContext): Promise<Response | FormState> {
  const raw = await readOrBadForm(ctx);
  if (isFormState(raw)) return raw;
  const form = parseForm(loginSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await logIn(getDb(), form.data.login, form.data.password, ctx.locals.clientIp);
  if (!outcome.ok) {
    if (outcome.reason === 'throttled') {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
      return { status: 429, values: form.values, errors: {}, formError: { key: 'throttled', params: { minutes } }, notice: null };
    }
    return { status: 400, values: form.values, errors: {}, formError: { key: 'badCredentials' }, notice: null };
  }
  await endCurrentSession(ctx);
  startSession(ctx, outcome.token.token, outcome.token.session.expiresAt, outcome.locale);
  if (outcome.mustChangePassword) return redirect(paths.changePassword());
  return redirect(safeNextPath(ctx.url.searchParams.get('next')) ?? paths.lessons());
}

export async function handleLogout(ctx: FormContext): Promise<Response> {
  await endCurrentSession(ctx);
  deleteSessionCookie(ctx.cookies, getConfig().secure);
  return redirect(paths.home());
}

export async function handleProfile(ctx: FormContext, userId: string): Promise<Response | FormState> {
  const raw = await readOrBadForm(ctx);
  if (isFormState(raw)) return raw;
  const form = parseForm(profileSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  await updateProfile(getDb(), userId, form.data.displayName, form.data.locale);
  ctx.cookies.set(LOCALE_COOKIE, form.data.locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', secure: getConfig().secure });
  return redirect(`${paths.account()}?saved=1`);
}

export async function handleChangePassword(ctx: FormContext, userId: string, sessionId: string): Promise<Response | FormState> {
  const raw = await readOrBadForm(ctx);
  if (isFormState(raw)) return raw;
  const form = parseForm(changePasswordSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await changePassword(getDb(), userId, sessionId, form.data.currentPassword, form.data.newPassword);
  if (!outcome.ok) return invalid({ currentPassword: { key: 'currentPasswordWrong' } }, form.values);
  return redirect(`${paths.account()}?password=changed`);
}

export async function handleReset(ctx: FormContext): Promise<Response | FormState> {
  const raw = await readOrBadForm(ctx);
  if (isFormState(raw)) return raw;
  const form = parseForm(resetSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await resetPasswordWithCode(getDb(), form.data.login, form.data.code, form.data.newPassword, ctx.locals.clientIp);
  if (!outcome.ok) {
    if (outcome.reason === 'throttled') {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
      return { status: 429, values: form.values, errors: {}, formError: { key: 'throttled', params: { minutes } }, notice: null };
    }
    return invalid({ code: { key: 'codeInvalid' } }, form.values);
  }
  await endCurrentSession(ctx);
  deleteSessionCookie(ctx.cookies, getConfig().secure);
  return redirect(`${paths.login()}?reset=done`);
}

export function isFormState(value: FormValues | FormState): value is FormState {
  return typeof (value as FormState).status === 'number' && typeof (value as FormState).errors === 'object';
}
