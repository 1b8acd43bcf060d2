import type { Locale } from './i18n/locales';

/** A date in the deployment's time zone, written the way each language writes dates. */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone }).format(new Date(iso));
}
