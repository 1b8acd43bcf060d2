// The product form's harvest date: asked for, checked and kept only for a pre-order.
import { describe, expect, it } from 'vitest';
import { productSchema } from '../../src/lib/server/store/schemas';

const base = { name: '赣南脐橙', price: '7', currency: 'CNY', unit: 'jin', stock: '', category: 'fruit', version: '1' };

describe('the harvest date of a product', () => {
  it('is required and must be a real date for a pre-order', () => {
    const missing = productSchema.safeParse({ ...base, availability: 'preorder', harvestDate: '' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['harvestDate', 'harvestDateRequired']]);
    const wrong = productSchema.safeParse({ ...base, availability: 'preorder', harvestDate: '2027-02-30' });
    expect(wrong.error?.issues.map((i) => i.message)).toEqual(['dateInvalid']);
    const ok = productSchema.safeParse({ ...base, availability: 'preorder', harvestDate: '2027-07-15' });
    expect(ok.success && ok.data.harvestDate).toBe('2027-07-15');
  });

  it('is ignored, even when left over or mistyped, for a product in stock or sold out', () => {
    for (const availability of ['inStock', 'soldOut']) {
      const left = productSchema.safeParse({ ...base, availability, harvestDate: 'not a date' });
      expect(left.success).toBe(true);
      expect(left.success && left.data.harvestDate).toBeNull();
    }
  });
});
