import type { Locale } from './i18n/locales';

/** Every internal URL is built here, so a route changes in one place. */
export const paths = {
  home: () => '/',
  lessons: () => '/lessons',
  market: () => '/market',
  login: () => '/login',
  loginThen: (next: string) => `/login?next=${encodeURIComponent(next)}`,
  logout: () => '/logout',
  signup: () => '/signup',
  account: () => '/account',
  changePassword: () => '/account/password',
  reset: () => '/reset',
  forbidden: () => '/403',
  adminUsers: () => '/admin/users',
  adminUser: (id: string) => `/admin/users/${encodeURIComponent(id)}`,
  assistedSignup: () => '/assist/new-account',
  health: () => '/healthz',
} as const;

/** The same page in another language: keeps the path and query, sets `lang`. */
export function withLang(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', locale);
  // `//evil.example` would be a link to another host: keep it on this site.
  const pathname = url.pathname.replace(/^\/{2,}/, '/');
  return `${pathname}?${params.toString()}`;
}

/** An absolute link for print, QR codes and chat previews: always from PUBLIC_URL, never the Host header. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString();
}
