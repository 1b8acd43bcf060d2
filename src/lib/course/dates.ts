import type { Locale } from '../i18n/locales';

/** A calendar date in the deployment's time zone, written out in full (certificates). */
export function formatLongDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** Date and time in the deployment's time zone (when a quiz was taken). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
