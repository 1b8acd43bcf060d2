// Prices: integer minor units in, the way each language writes a price tag out.
import { describe, expect, it } from 'vitest';
import { formatMoney, formatPricePerUnit, parsePriceInput, priceInputValue, MAX_PRICE_MINOR } from '../../src/lib/store/money';
import { priceLabel, unitLabel } from '../../src/lib/store/display';

describe('formatting prices', () => {
  it('writes whole yuan without decimals and fen with two, in both languages', () => {
    expect(formatMoney(3800, 'CNY', 'zh-CN')).toBe('¥38');
    expect(formatMoney(3800, 'CNY', 'en')).toBe('¥38');
    expect(formatMoney(3850, 'CNY', 'zh-CN')).toBe('¥38.50');
    expect(formatMoney(5, 'CNY', 'en')).toBe('¥0.05');
    expect(formatMoney(128_000, 'CNY', 'en')).toBe('¥1,280');
  });

  it('keeps other currencies unmistakable', () => {
    expect(formatMoney(3850, 'HKD', 'zh-CN')).toBe('HK$38.50');
    expect(formatMoney(3850, 'USD', 'en')).toBe('$38.50');
    expect(formatMoney(3850, 'USD', 'zh-CN')).toBe('US$38.50');
    expect(formatMoney(3850, 'EUR', 'en')).toBe('€38.50');
  });

  it('adds the unit the price is for, in the page language', () => {
    expect(formatPricePerUnit(3800, 'CNY', '斤', 'zh-CN')).toBe('¥38 / 斤');
    expect(priceLabel({ price_minor: 3800, currency: 'CNY', unit: 'jin', price_by_weight: 0 }, 'zh-CN')).toBe('¥38 / 斤');
    expect(priceLabel({ price_minor: 3800, currency: 'CNY', unit: 'jin', price_by_weight: 0 }, 'en')).toBe('¥38 / jin');
    expect(priceLabel({ price_minor: 8800, currency: 'CNY', unit: 'box', price_by_weight: 0 }, 'zh-CN')).toBe('¥88 / 箱');
    expect(unitLabel('kg', 'zh-CN')).toBe('公斤');
  });

  it('has no price to show for a product without one, or with an unknown currency', () => {
    expect(priceLabel({ price_minor: null, currency: 'CNY', unit: 'jin', price_by_weight: 0 }, 'en')).toBeNull();
    expect(priceLabel({ price_minor: 100, currency: 'XXX', unit: 'jin', price_by_weight: 0 }, 'en')).toBeNull();
  });
});

describe('reading a typed price', () => {
  it('accepts what sellers type on Chinese and Latin keyboards', () => {
    expect(parsePriceInput('38')).toBe(3800);
    expect(parsePriceInput('38.5')).toBe(3850);
    expect(parsePriceInput('38.50')).toBe(3850);
    expect(parsePriceInput('¥38.50')).toBe(3850);
    expect(parsePriceInput('￥80')).toBe(8000);
    expect(parsePriceInput('80元')).toBe(8000);
    expect(parsePriceInput('80 块')).toBe(8000);
    expect(parsePriceInput('３８．５')).toBe(3850);
    expect(parsePriceInput('1,280')).toBe(128_000);
    expect(parsePriceInput('0.05')).toBe(5);
  });

  it('refuses what is not a price', () => {
    for (const bad of ['', 'abc', '38.555', '-5', '1e3', '38..5', '八十', '99999999999']) expect(parsePriceInput(bad), bad).toBeNull();
  });

  it('never exceeds the maximum and round-trips into the field', () => {
    expect(parsePriceInput('10000000')).toBe(MAX_PRICE_MINOR);
    expect(parsePriceInput('10000000.01')).toBeNull();
    expect(priceInputValue(3800)).toBe('38');
    expect(priceInputValue(3850)).toBe('38.50');
    expect(priceInputValue(5)).toBe('0.05');
    expect(priceInputValue(null)).toBe('');
    for (const minor of [1, 99, 100, 3850, 123_456]) expect(parsePriceInput(priceInputValue(minor))).toBe(minor);
  });
});
