// Permission checks every protected page runs itself (deny by default). Each returns the signed-in
// user, or the Response the page must return instead.
import type { Role } from '../db/schema';
import { paths } from '../../paths';
import type { SessionUser } from './session';

interface GuardContext {
  locals: App.Locals;
  url: URL;
  rewrite(path: string): Promise<Response>;
}

/** Only same-site paths survive as a post-login destination: no `//host`, no `/\host`, no schemes. */
export function safeNextPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (/[\p{Cc}\\]/u.test(value)) return null;
  return value;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** A signed-in user (any role). Anonymous visitors go to /login and come back afterwards. */
export async function requireUser(context: GuardContext): Promise<SessionUser | Response> {
  const user = context.locals.user;
  if (!user) return redirect(paths.loginThen(context.url.pathname + context.url.search));
  if (user.mustChangePassword && context.url.pathname !== paths.changePassword()) {
    return redirect(paths.changePassword());
  }
  return user;
}

/** A signed-in user with one of `roles`; others see the 403 page. */
export async function requireRole(context: GuardContext, roles: readonly Role[]): Promise<SessionUser | Response> {
  const user = await requireUser(context);
  if (user instanceof Response) return user;
  if (!roles.includes(user.role)) return forbidden(context);
  return user;
}

export async function forbidden(context: GuardContext): Promise<Response> {
  return context.rewrite(paths.forbidden());
}
