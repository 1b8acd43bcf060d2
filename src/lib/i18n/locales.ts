export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'lang';

/** The name each language is shown with in the language switch, in its own script. */
export const LOCALE_LABELS: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Maps a language tag (`zh`, `zh-Hans-CN`, `en-GB` …) to a supported locale, or null. */
export function matchLocale(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    const locale = matchLocale(entry.tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

export interface LocaleSources {
  query: string | null;
  cookie: string | undefined;
  account: Locale | null;
  acceptLanguage: string | null;
}

/**
 * `?lang=` wins, then the signed-in account's setting (a shared phone follows whoever is signed
 * in), then the cookie, then the browser's languages.
 */
export function resolveLocale(sources: LocaleSources): { locale: Locale; fromQuery: boolean } {
  if (isLocale(sources.query)) return { locale: sources.query, fromQuery: true };
  if (sources.account) return { locale: sources.account, fromQuery: false };
  if (isLocale(sources.cookie)) return { locale: sources.cookie, fromQuery: false };
  return { locale: negotiateLocale(sources.acceptLanguage), fromQuery: false };
}
