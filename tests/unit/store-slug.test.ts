// Store and product slugs: readable pinyin, unique, reserved words refused.
import { describe, expect, it } from 'vitest';
import { checkSlug, normaliseSlugInput, RESERVED_SLUGS, SLUG_MAX, slugFromName, uniqueSlug } from '../../src/lib/server/store/slug';

describe('slugs from names', () => {
  it('turns Chinese names into readable pinyin without tones', () => {
    expect(slugFromName('风干牦牛肉')).toBe('feng-gan-mao-niu-rou');
    expect(slugFromName('寻乌脐橙合作社')).toBe('xun-wu-qi-cheng-he-zuo-she');
    expect(slugFromName('绿茶')).toBe('lv-cha');
  });

  it('keeps Latin words, drops accents and punctuation, mixes both', () => {
    expect(slugFromName('Chen Family Honey!')).toBe('chen-family-honey');
    expect(slugFromName('Café Olé')).toBe('cafe-ole');
    expect(slugFromName('陈家 Honey 2号')).toBe('chen-jia-honey-2-hao');
  });

  it('gives nothing for names with nothing readable (the caller falls back to a short id)', () => {
    expect(slugFromName('🍊🍊')).toBe('');
    expect(slugFromName('!!!')).toBe('');
  });

  it('cuts long names at a syllable boundary', () => {
    const slug = slugFromName('四川省阿坝藏族羌族自治州红原县瓦切镇陈大山家传三代风干牦牛肉合作社');
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug.startsWith('si-chuan-sheng-a-ba')).toBe(true);
  });
});

describe('checking typed slugs', () => {
  it('accepts lower-case words joined by dashes', () => {
    expect(checkSlug('chen-family-beef')).toBeNull();
    expect(checkSlug(normaliseSlugInput('  Chen Family Beef ')) ).toBeNull();
  });

  it('refuses bad formats and reserved words', () => {
    expect(checkSlug('ab')).toBe('slugFormat');
    expect(checkSlug('-abc')).toBe('slugFormat');
    expect(checkSlug('a'.repeat(SLUG_MAX + 1))).toBe('slugFormat');
    expect(checkSlug('Chen')).toBe('slugFormat');
    for (const word of ['new', 'studio', 'admin', 'order', 'api']) {
      expect(RESERVED_SLUGS.has(word)).toBe(true);
      expect(checkSlug(word), word).toBe(word.length < 3 ? 'slugFormat' : 'slugReserved');
    }
  });
});

describe('unique slugs', () => {
  const taken = (set: Set<string>) => async (slug: string) => set.has(slug);

  it('numbers duplicates: the same pinyin from different characters (山西, 陕西)', async () => {
    const used = new Set<string>();
    const first = await uniqueSlug('山西', taken(used), 'shop');
    used.add(first);
    const second = await uniqueSlug('陕西', taken(used), 'shop');
    used.add(second);
    const third = await uniqueSlug('山西', taken(used), 'shop');
    expect([first, second, third]).toEqual(['shan-xi', 'shan-xi-2', 'shan-xi-3']);
  });

  it('moves reserved words aside and gives unreadable names a short id', async () => {
    expect(await uniqueSlug('Studio', taken(new Set()), 'shop')).toBe('studio-shop');
    expect(await uniqueSlug('New', taken(new Set()), 'shop')).toBe('new-shop');
    expect(await uniqueSlug('🍊', taken(new Set()), 'shop')).toMatch(/^shop-[a-z2-9]{6}$/);
    expect(await uniqueSlug('Order', taken(new Set()), 'item')).toBe('order-item');
  });

  it('falls back to a random suffix when every number is taken', async () => {
    const used = new Set(['feng-mi', ...Array.from({ length: 29 }, (_, i) => `feng-mi-${i + 2}`)]);
    expect(await uniqueSlug('蜂蜜', taken(used), 'shop')).toMatch(/^feng-mi-[a-z2-9]{6}$/);
  });
});
