// Prices are integers in minor units (fen, cents) with a currency: never floating point in storage.
import type { Locale } from '../i18n/locales';
import type { Currency } from './catalog';

/** The highest price accepted: 10 million in major units. */
export const MAX_PRICE_MINOR = 1_000_000_000;

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, currency: Currency, whole: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${whole ? 'w' : 'f'}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // "¥38" rather than "CN¥38.00" for yuan, the usual tag in both languages; other currencies keep
      // a symbol that cannot be mistaken ("HK$", "US$" in Chinese).
      currencyDisplay: currency === 'CNY' ? 'narrowSymbol' : 'symbol',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    });
    formatters.set(key, f);
  }
  return f;
}

/** `3800` fen → "¥38"; `3850` → "¥38.50"; grouping per locale ("¥1,280"). */
export function formatMoney(minor: number, currency: Currency, locale: Locale): string {
  const whole = minor % 100 === 0;
  return formatter(locale, currency, whole).format(minor / 100);
}

/** "¥38 / 斤" — the price with the unit it is for (the unit label comes from the dictionary). */
export function formatPricePerUnit(minor: number, currency: Currency, unitLabel: string, locale: Locale): string {
  return `${formatMoney(minor, currency, locale)} / ${unitLabel}`;
}

/**
 * What a seller typed as a price → minor units, or null when it is not a price. Accepts full-width
 * digits from Chinese keyboards ("３８．５"), a currency sign or 元/块 around it, and at most two
 * decimals: "38", "38.5", "¥38.50", "80元" → 3800, 3850, 3850, 8000.
 */
export function parsePriceInput(input: string): number | null {
  const text = input
    .normalize('NFKC')
    .replace(/[\s,，]/g, '')
    .replace(/^[¥￥$€]|^(HK\$|US\$)/i, '')
    .replace(/(元|块|圆|rmb|cny)$/i, '');
  const match = /^(\d{1,8})(?:[.。](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, major = '0', fraction = ''] = match;
  const minor = Number(major) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(minor) || minor > MAX_PRICE_MINOR) return null;
  return minor;
}

/** Minor units back to what the price field shows: 3800 → "38", 3850 → "38.50". */
export function priceInputValue(minor: number | null): string {
  if (minor === null) return '';
  const major = Math.floor(minor / 100);
  const fraction = minor % 100;
  return fraction === 0 ? String(major) : `${major}.${String(fraction).padStart(2, '0')}`;
}
