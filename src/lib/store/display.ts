// How store data reads on a page: prices with their unit, labels of the fixed choices.
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/define';
import { store as storeMessages } from '../i18n/store';
import { isAvailability, isCategory, isCurrency, isUnit, type Availability, type Category, type Currency, type Unit } from './catalog';
import { formatPricePerUnit } from './money';

export function unitLabel(unit: string, locale: Locale): string {
  const t = translator(storeMessages, locale);
  return isUnit(unit) ? t(`unit_${unit}`) : unit;
}

export function categoryLabel(category: string, locale: Locale): string {
  const t = translator(storeMessages, locale);
  return isCategory(category) ? t(`category_${category}`) : t('category_other');
}

export function availabilityLabel(availability: string, locale: Locale): string {
  const t = translator(storeMessages, locale);
  return isAvailability(availability) ? t(`availability_${availability}`) : availability;
}

export function currencyLabel(currency: Currency, locale: Locale): string {
  return translator(storeMessages, locale)(`currency_${currency}`);
}

export interface PricedProduct {
  price_minor: number | null;
  currency: string;
  unit: string;
  price_by_weight: number;
}

/** "¥38 / 斤" (zh-CN) or "¥38 / jin" (en); null when the product has no price yet. */
export function priceLabel(product: PricedProduct, locale: Locale): string | null {
  if (product.price_minor === null || !isCurrency(product.currency)) return null;
  return formatPricePerUnit(product.price_minor, product.currency, unitLabel(product.unit, locale), locale);
}

export type { Availability, Category, Unit };
