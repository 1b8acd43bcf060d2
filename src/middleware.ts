import { defineMiddleware } from 'astro:middleware';
import { LOCALE_COOKIE, resolveLocale } from './lib/i18n/locales';

const ONE_YEAR = 60 * 60 * 24 * 365;

function safeClientAddress(context: { clientAddress: string }): string {
  try {
    return context.clientAddress;
  } catch {
    return 'unknown';
  }
}

// Loads what every page needs (language now; user and session with Accounts) and nothing else.
export const onRequest = defineMiddleware(async (context, next) => {
  const { locale, fromQuery } = resolveLocale({
    query: context.url.searchParams.get('lang'),
    cookie: context.cookies.get(LOCALE_COOKIE)?.value,
    account: null,
    acceptLanguage: context.request.headers.get('accept-language'),
  });
  context.locals.locale = locale;
  context.locals.clientIp ??= safeClientAddress(context);
  context.locals.requestId ??= context.request.headers.get('x-request-id') ?? 'none';
  if (fromQuery) {
    context.cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', httpOnly: false });
  }

  const response = await next();
  // Pages differ by language, which comes from the cookie or Accept-Language.
  try {
    response.headers.append('Vary', 'Accept-Language, Cookie');
  } catch {
    // Some responses (e.g. Response.redirect) have immutable headers; they do not vary by language.
  }
  return response;
});
