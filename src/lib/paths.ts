import type { Locale } from './i18n/locales';

/** Every internal URL is built here, so a route changes in one place. */
export const paths = {
  home: () => '/',
  lessons: () => '/lessons',
  market: () => '/market',
  login: () => '/login',
  signup: () => '/signup',
  health: () => '/healthz',
} as const;

/** The same page in another language: keeps the path and query, sets `lang`. */
export function withLang(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', locale);
  return `${url.pathname}?${params.toString()}`;
}

/** An absolute link for print, QR codes and chat previews: always from PUBLIC_URL, never the Host header. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString();
}
