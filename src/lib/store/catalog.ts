// The fixed choices a product offers: units, categories, availability, currencies. Labels live in
// the `store` dictionary (unit_jin, category_fruit …), so both languages stay complete.

export const UNITS = ['jin', 'kg', 'box', 'piece', 'bunch', 'bottle', 'bag', 'jar', 'pack'] as const;
export type Unit = (typeof UNITS)[number];

export const CATEGORIES = ['fruit', 'vegetables', 'grain', 'meatEggs', 'tea', 'driedGoods', 'honey', 'handicraft', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const AVAILABILITY = ['inStock', 'soldOut', 'preorder'] as const;
export type Availability = (typeof AVAILABILITY)[number];

/** Currencies a price may be in; every one of them has two minor-unit digits (fen, cents). */
export const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const DEFAULT_CURRENCY: Currency = 'CNY';

export const FULFILMENT = ['pickup', 'delivery'] as const;
export type Fulfilment = (typeof FULFILMENT)[number];

export function isUnit(value: string): value is Unit {
  return (UNITS as readonly string[]).includes(value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isAvailability(value: string): value is Availability {
  return (AVAILABILITY as readonly string[]).includes(value);
}

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

/** Photos per product (the limit). */
export const MAX_PRODUCT_PHOTOS = 6;
