// Short codes, where a code leads, and the in-memory directory that answers /q/ without waiting on
// the database.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { READABLE_ALPHABET } from '../../src/lib/server/ids';
import { newShortCode, normaliseShortCode } from '../../src/lib/server/links/code';
import { LinkDirectory, type LinkLoader } from '../../src/lib/server/links/directory';
import { isSafeLocalPath, resolveLink, type LinkResolution } from '../../src/lib/server/links/links';
import type { LinkTargetRow } from '../../src/lib/server/links/link.repository';
import { paths, qrPath } from '../../src/lib/paths';

describe('short codes', () => {
  it('are 8 characters from the alphabet without look-alikes (0/O, 1/I/L)', () => {
    const codes = Array.from({ length: 5000 }, () => newShortCode());
    const pattern = new RegExp(`^[${READABLE_ALPHABET}]{8}$`);
    expect(codes.filter((code) => !pattern.test(code))).toEqual([]);
    expect(codes.join('')).not.toMatch(/[01OIL]/);
    // Random: 5000 draws from 31^8 do not repeat, and every character of the alphabet turns up.
    expect(new Set(codes).size).toBe(5000);
    expect(new Set(codes.join('')).size).toBe(READABLE_ALPHABET.length);
  });

  it('accept what a buyer types in lower case; refuse anything else', () => {
    expect(normaliseShortCode('7kx3m9pq')).toBe('7KX3M9PQ');
    expect(normaliseShortCode('7KX3M9PQ')).toBe('7KX3M9PQ');
    for (const bad of ['', '7KX3M9P', '7KX3M9PQR', '0KX3M9PQ', 'OKX3M9PQ', '1KX3M9PQ', 'IKX3M9PQ', 'LKX3M9PQ', '7KX3-9PQ', '//evil.e', '..%2F..', '７KX3M9PQ']) {
      expect(normaliseShortCode(bad), bad).toBeNull();
    }
  });

  it('have one URL builder', () => {
    expect(qrPath('7KX3M9PQ')).toBe('/q/7KX3M9PQ');
    expect(paths.shortLinkQr('7KX3M9PQ')).toBe('/q/7KX3M9PQ/qr');
  });
});

describe('redirect targets are paths on this site', () => {
  it('accepts site paths only', () => {
    for (const ok of ['/s/chen-jia', '/s/chen-jia/feng-gan', '/s/%E9%99%88']) expect(isSafeLocalPath(ok), ok).toBe(true);
    for (const bad of ['', 's/x', '//evil.example', '/\\evil.example', 'https://evil.example', '/s/x y', '/s/\nx', 'javascript:alert(1)', '/\tevil']) {
      expect(isSafeLocalPath(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

const row = (over: Partial<LinkTargetRow>): LinkTargetRow => ({
  id: 'link1',
  code: '7KX3M9PQ',
  target_kind: 'store',
  store_id: 'store1',
  product_id: null,
  store_slug: 'chen-jia',
  store_published_at: '2026-11-01T00:00:00.000Z',
  store_taken_down_at: null,
  product_slug: null,
  product_hidden: null,
  product_price_minor: null,
  ...over,
});

describe('where a code leads', () => {
  it('a store code: the store page by its current slug', () => {
    expect(resolveLink(row({}))).toMatchObject({ state: 'live', target: '/s/chen-jia', storeId: 'store1' });
    expect(resolveLink(row({ store_slug: 'chen-family' })).target).toBe('/s/chen-family');
  });

  it('a product code: the product page while it is on sale, else the store page', () => {
    const product = { target_kind: 'product' as const, product_id: 'p1', product_slug: 'beef', product_hidden: 0, product_price_minor: 8000 };
    expect(resolveLink(row(product)).target).toBe('/s/chen-jia/beef');
    expect(resolveLink(row({ ...product, product_hidden: 1 })).target).toBe('/s/chen-jia');
    expect(resolveLink(row({ ...product, product_price_minor: null })).target).toBe('/s/chen-jia');
    // Deleted product: the code now leads to the store.
    expect(resolveLink(row({ ...product, product_id: null, product_slug: null, product_hidden: null }))).toMatchObject({ state: 'live', target: '/s/chen-jia' });
  });

  it('an unpublished, taken-down or deleted store: no target, and a state for the friendly page', () => {
    expect(resolveLink(row({ store_published_at: null }))).toMatchObject({ state: 'unpublished', target: null });
    expect(resolveLink(row({ store_taken_down_at: '2026-11-02T00:00:00.000Z' }))).toMatchObject({ state: 'takenDown', target: null });
    expect(resolveLink(row({ store_id: null, store_slug: null }))).toMatchObject({ state: 'closed', target: null });
  });
});

const live = (code: string, storeId: string, target: string): LinkResolution => ({ linkId: `id-${code}`, code, storeId, state: 'live', target });

function fakeLoader(data: Map<string, LinkResolution>): LinkLoader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    all: async () => [...data.values()],
    store: async (storeId) => {
      reads.push(`store:${storeId}`);
      return [...data.values()].filter((r) => r.storeId === storeId);
    },
    code: async (code) => {
      reads.push(`code:${code}`);
      return data.get(code) ?? null;
    },
  };
}

describe('the in-memory code directory', () => {
  afterEach(() => vi.useRealTimers());

  it('answers loaded codes synchronously, without reading the database', async () => {
    const data = new Map([['AAAAAAAA', live('AAAAAAAA', 's1', '/s/one')]]);
    const loader = fakeLoader(data);
    const directory = new LinkDirectory();
    directory.setLoader(loader);
    expect(await directory.loadAll(1000)).toBe(1);
    expect(directory.lookup('AAAAAAAA', 1500)?.target).toBe('/s/one');
    expect(loader.reads).toEqual([]);
  });

  it('reads a code it has never seen once (made on another server), and remembers unknown codes for a while', async () => {
    const data = new Map<string, LinkResolution>();
    const loader = fakeLoader(data);
    const directory = new LinkDirectory({ ttlMs: 5000, missTtlMs: 30_000, maxMisses: 2 });
    directory.setLoader(loader);
    expect(directory.lookup('BBBBBBBB', 0)).toBeUndefined();
    data.set('BBBBBBBB', live('BBBBBBBB', 's2', '/s/two'));
    expect((await directory.resolve('BBBBBBBB', 0))?.target).toBe('/s/two');
    expect(directory.lookup('BBBBBBBB', 10)?.target).toBe('/s/two');

    expect(await directory.resolve('CCCCCCCC', 0)).toBeNull();
    expect(directory.lookup('CCCCCCCC', 1000)).toBeNull();
    // After MISS_TTL the unknown code is read again.
    expect(directory.lookup('CCCCCCCC', 31_000)).toBeUndefined();
    // The list of unknown codes is bounded.
    await directory.resolve('DDDDDDDD', 0);
    await directory.resolve('EEEEEEEE', 0);
    await directory.resolve('FFFFFFFF', 0);
    expect(directory.lookup('DDDDDDDD', 1)).toBeUndefined();
  });

  it('serves an entry older than the TTL once more while it refreshes it in the background', async () => {
    const data = new Map([['AAAAAAAA', live('AAAAAAAA', 's1', '/s/old')]]);
    const loader = fakeLoader(data);
    const directory = new LinkDirectory({ ttlMs: 5000, missTtlMs: 30_000, maxMisses: 100 });
    directory.setLoader(loader);
    await directory.loadAll(0);
    data.set('AAAAAAAA', live('AAAAAAAA', 's1', '/s/new'));
    expect(directory.lookup('AAAAAAAA', 4000)?.target).toBe('/s/old');
    expect(loader.reads).toEqual([]);
    expect(directory.lookup('AAAAAAAA', 6000)?.target).toBe('/s/old');
    await directory.settled();
    expect(loader.reads).toEqual(['code:AAAAAAAA']);
    expect(directory.lookup('AAAAAAAA', 6001)?.target).toBe('/s/new');
  });

  it('follows a change of a store before the change is answered, and forgets the codes of a deleted store', async () => {
    const data = new Map([
      ['AAAAAAAA', live('AAAAAAAA', 's1', '/s/one')],
      ['GGGGGGGG', live('GGGGGGGG', 's1', '/s/one/beef')],
    ]);
    const loader = fakeLoader(data);
    const directory = new LinkDirectory();
    directory.setLoader(loader);
    await directory.loadAll();
    data.set('AAAAAAAA', live('AAAAAAAA', 's1', '/s/renamed'));
    // Two changes at once: both callers wait until the map holds what the database says.
    await Promise.all([directory.refreshStore('s1'), directory.refreshStore('s1')]);
    expect(directory.lookup('AAAAAAAA')?.target).toBe('/s/renamed');

    data.set('AAAAAAAA', { linkId: 'id-AAAAAAAA', code: 'AAAAAAAA', storeId: null, state: 'closed', target: null });
    data.delete('GGGGGGGG');
    await directory.refreshStore('s1');
    expect(directory.lookup('AAAAAAAA')).toBeUndefined();
    expect((await directory.resolve('AAAAAAAA'))?.state).toBe('closed');
  });

  it('keeps answering from memory when the database fails', async () => {
    const data = new Map([['AAAAAAAA', live('AAAAAAAA', 's1', '/s/one')]]);
    const loader = fakeLoader(data);
    const directory = new LinkDirectory({ ttlMs: 10, missTtlMs: 30_000, maxMisses: 100 });
    directory.setLoader(loader);
    await directory.loadAll(0);
    loader.code = async () => {
      throw new Error('database is down');
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(directory.lookup('AAAAAAAA', 100)?.target).toBe('/s/one');
    await directory.settled();
    expect(directory.lookup('AAAAAAAA', 101)?.target).toBe('/s/one');
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
