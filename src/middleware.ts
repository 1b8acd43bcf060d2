import { defineMiddleware } from 'astro:middleware';
import { serialize as serializeCookie } from 'cookie';
import { isLocale, LOCALE_COOKIE, resolveLocale } from './lib/i18n/locales';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './lib/server/auth/cookies';
import { setLocale } from './lib/server/auth/accounts';
import { validateSessionToken } from './lib/server/auth/session';
import { getConfig } from './lib/server/config';
import { getDb } from './lib/server/db/client';

const ONE_YEAR = 60 * 60 * 24 * 365;

function safeClientAddress(context: { clientAddress: string }): string {
  try {
    return context.clientAddress;
  } catch {
    return 'unknown';
  }
}

// Loads what every page needs — the signed-in user and session (null when absent) and the
// language — and nothing else. Each page checks its own permissions.
export const onRequest = defineMiddleware(async (context, next) => {
  const { cookies, locals } = context;
  const secure = getConfig().secure;
  locals.clientIp ??= safeClientAddress(context);
  locals.requestId ??= context.request.headers.get('x-request-id') ?? 'none';
  locals.user = null;
  locals.session = null;

  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = await validateSessionToken(getDb(), token);
    if (result) {
      locals.user = result.user;
      locals.session = result.session;
      if (result.refreshed) setSessionCookie(cookies, token, result.session.expiresAt, secure);
    } else {
      deleteSessionCookie(cookies, secure);
    }
  }

  const { locale, fromQuery } = resolveLocale({
    query: context.url.searchParams.get('lang'),
    cookie: cookies.get(LOCALE_COOKIE)?.value,
    account: locals.user && isLocale(locals.user.locale) ? locals.user.locale : null,
    acceptLanguage: context.request.headers.get('accept-language'),
  });
  locals.locale = locale;
  if (fromQuery) {
    if (locals.user && locals.user.locale !== locale) {
      await setLocale(getDb(), locals.user.id, locale);
      locals.user.locale = locale;
    }
  }

  const response = await next();
  try {
    // A header, not Astro.cookies: Astro drops cookies set here on the 404 page it renders for an
    // unknown path, and `?lang=` must stick there too.
    if (fromQuery) {
      response.headers.append('Set-Cookie', serializeCookie(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', secure }));
    }
    // Pages differ by language (cookie or Accept-Language) and by who is signed in.
    response.headers.append('Vary', 'Accept-Language, Cookie');
    // A page that forbids storing (e.g. a /q/ redirect, which must reach the server to be counted) keeps it.
    if (locals.user && !/no-store/.test(response.headers.get('Cache-Control') ?? '')) response.headers.set('Cache-Control', 'private, no-cache');
  } catch {
    // Responses with immutable headers (e.g. Response.redirect) need neither.
  }
  return response;
});
