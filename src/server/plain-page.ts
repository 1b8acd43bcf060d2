import { parse as parseCookies } from 'cookie';
import { errors, translator, LOCALE_COOKIE, resolveLocale, type Locale } from '../lib/i18n';

type ErrorKey = 'badRequest' | 'tooLarge' | 'lengthRequired' | 'serverError';

function localeOf(headers: { cookie?: string | undefined; 'accept-language'?: string | undefined }, query: string | null): Locale {
  const cookies = parseCookies(headers.cookie ?? '');
  return resolveLocale({ query, cookie: cookies[LOCALE_COOKIE], account: null, acceptLanguage: headers['accept-language'] ?? null })
    .locale;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page for errors answered before Astro runs (malformed URL, oversized body). Plain HTML in the
 * visitor's language, no script, no stack trace.
 */
export function renderPlainErrorPage(
  kind: ErrorKey,
  headers: { cookie?: string | undefined; 'accept-language'?: string | undefined },
  requestId: string,
): string {
  const locale = localeOf(headers, null);
  const t = translator(errors, locale);
  const titles: Record<ErrorKey, string> = {
    badRequest: t('badRequestTitle'),
    tooLarge: t('tooLargeTitle'),
    lengthRequired: t('badRequestTitle'),
    serverError: t('serverErrorTitle'),
  };
  const texts: Record<ErrorKey, string> = {
    badRequest: t('badRequestText'),
    tooLarge: t('tooLargeText'),
    lengthRequired: t('lengthRequiredText'),
    serverError: t('serverErrorText'),
  };
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titles[kind])}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><main><h1>${escapeHtml(titles[kind])}</h1><p>${escapeHtml(texts[kind])}</p>
<p>${escapeHtml(t('errorReference', { id: requestId }))}</p><p><a href="/">${escapeHtml(t('goHome'))}</a></p></main></body></html>`;
}
