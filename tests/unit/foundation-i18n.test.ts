import { describe, expect, it } from 'vitest';
import * as i18n from '../../src/lib/i18n';
import { format, isLocale, matchLocale, negotiateLocale, resolveLocale, translator, type Messages } from '../../src/lib/i18n';

describe('a visitor’s language follows their browser (Accept-Language)', () => {
  it('falls back to Simplified Chinese when the browser says nothing or nothing we speak', () => {
    expect(negotiateLocale(null)).toBe('zh-CN');
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('')).toBe('zh-CN');
    expect(negotiateLocale('de-DE,de;q=0.9,fr;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('*')).toBe('zh-CN');
  });

  it('recognises English and Chinese tags in any case and region', () => {
    expect(negotiateLocale('en')).toBe('en');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('EN-gb')).toBe('en');
    expect(negotiateLocale('zh')).toBe('zh-CN');
    expect(negotiateLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
  });

  it('skips languages we do not have and takes the next one the visitor reads', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.4')).toBe('en');
    expect(negotiateLocale('ja, zh-CN;q=0.7')).toBe('zh-CN');
  });

  it('ranks by q-value rather than by position, and keeps order for equal weights', () => {
    expect(negotiateLocale('en;q=0.2, zh-CN;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('zh;q=0.3, en;q=0.9')).toBe('en');
    expect(negotiateLocale('en;q=0.5, zh;q=0.5')).toBe('en');
    expect(negotiateLocale('zh;q=0.5, en;q=0.5')).toBe('zh-CN');
  });

  it('treats q=0 as "not acceptable" and ignores malformed weights', () => {
    expect(negotiateLocale('en;q=0')).toBe('zh-CN');
    expect(negotiateLocale('en;q=0, zh;q=0')).toBe('zh-CN');
    expect(negotiateLocale('zh;q=oops, en;q=0.1')).toBe('en');
  });

  it('does not mistake look-alike tags for a supported language', () => {
    expect(matchLocale('eng')).toBeNull();
    expect(matchLocale('zhx')).toBeNull();
    expect(matchLocale('')).toBeNull();
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh-cn')).toBe(false);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});

describe('the chosen language wins over the browser’s', () => {
  const none = { query: null, cookie: undefined, account: null, acceptLanguage: null };

  it('?lang= beats the cookie, the account and Accept-Language, and is reported as a new choice', () => {
    expect(resolveLocale({ query: 'en', cookie: 'zh-CN', account: 'zh-CN', acceptLanguage: 'zh-CN' })).toEqual({
      locale: 'en',
      fromQuery: true,
    });
  });

  it('a signed-in account’s setting beats the cookie (a shared phone follows whoever is signed in)', () => {
    expect(resolveLocale({ ...none, cookie: 'zh-CN', account: 'en', acceptLanguage: 'zh-CN' })).toEqual({ locale: 'en', fromQuery: false });
  });

  it('the cookie beats Accept-Language', () => {
    expect(resolveLocale({ ...none, cookie: 'en', acceptLanguage: 'zh-CN' })).toEqual({ locale: 'en', fromQuery: false });
    expect(resolveLocale({ ...none, cookie: 'zh-CN', acceptLanguage: 'en' })).toEqual({ locale: 'zh-CN', fromQuery: false });
  });

  it('an unknown ?lang= or cookie value is ignored, not stored', () => {
    expect(resolveLocale({ ...none, query: 'fr', cookie: 'en' })).toEqual({ locale: 'en', fromQuery: false });
    expect(resolveLocale({ ...none, query: 'fr', cookie: 'klingon', acceptLanguage: 'en' })).toEqual({ locale: 'en', fromQuery: false });
    expect(resolveLocale(none)).toEqual({ locale: 'zh-CN', fromQuery: false });
  });
});

describe('format() fills placeholders', () => {
  it('replaces every named placeholder, numbers included', () => {
    expect(format('{name} has {count} shops; hello {name}', { name: '李梅', count: 3 })).toBe('李梅 has 3 shops; hello 李梅');
    expect(format('{n}', { n: 0 })).toBe('0');
  });

  it('leaves an unknown placeholder visible instead of printing "undefined"', () => {
    expect(format('Code: {id}', { other: 'x' })).toBe('Code: {id}');
  });

  it('returns the template unchanged without parameters', () => {
    expect(format('Price: {price} / jin')).toBe('Price: {price} / jin');
  });

  it('does not treat replacement text as a pattern', () => {
    expect(format('{a}', { a: '$& {b}', b: 'no' })).toBe('$& {b}');
  });

  it('translator() picks the locale’s table', () => {
    const messages: Messages<'hello'> = { en: { hello: 'Hello {who}' }, 'zh-CN': { hello: '你好，{who}' } };
    expect(translator(messages, 'en')('hello', { who: 'Ming' })).toBe('Hello Ming');
    expect(translator(messages, 'zh-CN')('hello', { who: '明' })).toBe('你好，明');
  });
});

describe('the dictionaries', () => {
  const areas = Object.entries(i18n).filter(
    (entry): entry is [string, Messages<string>] =>
      typeof entry[1] === 'object' &&
      entry[1] !== null &&
      'en' in entry[1] &&
      'zh-CN' in entry[1] &&
      typeof entry[1].en === 'object' &&
      typeof entry[1]['zh-CN'] === 'object',
  );

  it('are all exported from src/lib/i18n', () => {
    expect(areas.map(([name]) => name)).toEqual(expect.arrayContaining(['common', 'errors', 'home']));
  });

  it.each(areas)('%s: both languages have the same keys, none empty, with the same placeholders', (_name, messages) => {
    const en = messages.en;
    const zh = messages['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      const enText = en[key] ?? '';
      const zhText = zh[key] ?? '';
      expect(enText.trim(), `en.${key}`).not.toBe('');
      expect(zhText.trim(), `zh-CN.${key}`).not.toBe('');
      const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(zhText), `placeholders of ${key}`).toEqual(placeholders(enText));
    }
  });

  it.each(areas)('%s: the Chinese side is actually Chinese (not English copied over)', (_name, messages) => {
    const zh = messages['zh-CN'];
    const han = /\p{Script=Han}/u;
    // Pure formatting (placeholders and punctuation, like "{min}–{max}") is the same in every language.
    const hasWords = (text: string) => /\p{L}/u.test(text.replace(/\{\w+\}/g, ''));
    const untranslated = Object.entries(zh).filter(([key, text]) => hasWords(text) && !han.test(text) && text === messages.en[key]);
    expect(untranslated).toEqual([]);
  });
});
