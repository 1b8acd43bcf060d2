// The market's pure parts: reading a search from the address, finding places by a typed word,
// the tile map's layout and shading, and the market's URLs.
import { describe, expect, it } from 'vitest';
import { marketCountyPath, marketPath, marketProvincePath, paths } from '../../src/lib/paths';
import { listProvinces } from '../../src/lib/regions';
import { listProvinceTiles, MAP_COLUMNS, MAP_ROWS, provinceDisplayName } from '../../src/lib/regions/provinces';
import { findRegionsByName } from '../../src/lib/regions/search';
import { characterCount, ftsPhrase, trigramRange, usesTrigramIndex } from '../../src/lib/server/db/text-search';
import { legendFor, shadeLevel } from '../../src/lib/server/market/map';
import { shorterForms } from '../../src/lib/server/market/market';
import { isFiltered, MAX_TERMS, readMarketParams, splitSearchTerms, toMarketQuery } from '../../src/lib/server/market/query';

describe('a search typed into the market box', () => {
  it('keeps Chinese words whole (no spaces needed) and splits on spaces and Chinese or Latin punctuation', () => {
    expect(splitSearchTerms('蜂蜜')).toEqual(['蜂蜜']);
    expect(splitSearchTerms('  土蜂蜜　牦牛肉 ')).toEqual(['土蜂蜜', '牦牛肉']);
    expect(splitSearchTerms('蜂蜜，核桃。茶叶、大米')).toEqual(['蜂蜜', '核桃', '茶叶', '大米']);
    expect(splitSearchTerms('Honey, tea; walnuts!')).toEqual(['honey', 'tea', 'walnuts']);
  });

  it('reads full-width letters as ordinary ones, ignores case and repeats, and drops lone Latin letters', () => {
    expect(splitSearchTerms('ＨＯＮＥＹ honey Honey')).toEqual(['honey']);
    expect(splitSearchTerms("farmer's a 5 茶")).toEqual(['farmer', '茶']);
  });

  it('has limits: a handful of words of bounded length', () => {
    expect(splitSearchTerms('a1 b2 c3 d4 e5 f6 g7').length).toBe(MAX_TERMS);
    expect(characterCount(splitSearchTerms('蜂'.repeat(80))[0] ?? '')).toBe(40);
    expect(splitSearchTerms('%_*"')).toEqual([]);
  });

  it('reads the address leniently: unknown provinces, kinds and pages are dropped, not errors', () => {
    expect(readMarketParams(new URLSearchParams('q=蜂蜜&province=510000&category=honey&page=3'))).toEqual({
      q: '蜂蜜',
      province: '510000',
      category: 'honey',
      page: 3,
    });
    expect(readMarketParams(new URLSearchParams('province=999999&category=gold&page=abc'))).toEqual({ q: '', province: '', category: '', page: 1 });
    expect(readMarketParams(new URLSearchParams('province=other&page=0')).province).toBe('other');
    expect(readMarketParams(new URLSearchParams('page=0')).page).toBe(1);
    expect(readMarketParams(new URLSearchParams('page=99999')).page).toBe(1);
    expect(readMarketParams(new URLSearchParams('page=9999')).page).toBe(500);
    expect(readMarketParams(new URLSearchParams(`q=${'蜜'.repeat(300)}`)).q).toHaveLength(100);
  });

  it('knows when the buyer searched or filtered', () => {
    expect(isFiltered(readMarketParams(new URLSearchParams('')))).toBe(false);
    expect(isFiltered(readMarketParams(new URLSearchParams('q=%25')))).toBe(false);
    expect(isFiltered(readMarketParams(new URLSearchParams('q=蜂蜜')))).toBe(true);
    expect(isFiltered(readMarketParams(new URLSearchParams('category=tea')))).toBe(true);
  });

  it('turns each word into a term with the places it names', () => {
    const query = toMarketQuery(readMarketParams(new URLSearchParams('q=若尔盖 蜂蜜')));
    expect(query.terms.map((t) => t.text)).toEqual(['若尔盖', '蜂蜜']);
    expect(query.terms[0]?.countyCodes).toEqual(['513232']);
    expect(query.terms[1]?.countyCodes).toEqual([]);
    expect(query.region).toEqual({ kind: 'all' });
    expect(toMarketQuery(readMarketParams(new URLSearchParams('province=other'))).region.kind).toBe('other');
  });
});

describe('the text index', () => {
  it('counts characters, not bytes or UTF-16 units, to pick the trigram index or a scan', () => {
    expect(characterCount('蜂蜜')).toBe(2);
    expect(characterCount('𠀀𠀁')).toBe(2);
    expect(usesTrigramIndex('sqlite-fts5-trigram', '蜂蜜')).toBe(true);
    expect(usesTrigramIndex('sqlite-fts5-trigram', '土蜂蜜')).toBe(true);
    expect(usesTrigramIndex('postgres-pg-trgm', '蜂蜜')).toBe(false);
    expect(usesTrigramIndex('postgres-pg-trgm', '土蜂蜜')).toBe(true);
    expect(usesTrigramIndex('postgres-scan', '土蜂蜜')).toBe(false);
  });

  it('finds 1–2-character terms as the range of trigrams that start with them', () => {
    expect(trigramRange('蜂蜜')).toEqual(['蜂蜜', '蜂蜝']);
    expect(trigramRange('茶')).toEqual(['茶', '茷']);
    expect(trigramRange('pu')).toEqual(['pu', 'pv']);
    expect(trigramRange('a\uD7FF')).toEqual(['a\uD7FF', 'a\uE000']);
  });

  it('quotes a term as one FTS5 phrase, so no character is an operator', () => {
    expect(ftsPhrase('honey OR tea')).toBe('"honey OR tea"');
    expect(ftsPhrase('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('places named by a typed word', () => {
  it('finds a county by its particular name, with or without 县', () => {
    expect(findRegionsByName('若尔盖').countyCodes).toEqual(['513232']);
    expect(findRegionsByName('若尔盖县').countyCodes).toEqual(['513232']);
  });

  it('finds every county of a prefecture by the prefecture’s name', () => {
    const aba = findRegionsByName('阿坝').countyCodes;
    expect(aba).toContain('513232');
    expect(aba).toContain('513233');
    expect(aba.every((code) => code.startsWith('5132'))).toBe(true);
  });

  it('finds provinces in Chinese and English, and 山西 and 陕西 apart', () => {
    expect(findRegionsByName('四川').provinceCodes).toEqual(['510000']);
    expect(findRegionsByName('Sichuan').provinceCodes).toEqual(['510000']);
    expect(findRegionsByName('山西').provinceCodes).toEqual(['140000']);
    expect(findRegionsByName('陕西').provinceCodes).toEqual(['610000']);
    expect(findRegionsByName('shaanxi').provinceCodes).toEqual(['610000']);
  });

  it('finds counties and prefectures by their English (pinyin) names, as whole words only', () => {
    expect(findRegionsByName('Ruoergai').countyCodes).toEqual(['513232']);
    expect(findRegionsByName('ruoergai county').countyCodes).toEqual(['513232']);
    const aba = findRegionsByName('Aba').countyCodes;
    expect(aba).toContain('513232');
    expect(aba.every((code) => code.startsWith('5132'))).toBe(true);
    expect(findRegionsByName('ruoer').countyCodes).toEqual([]);
    expect(findRegionsByName('honey')).toEqual({ provinceCodes: [], countyCodes: [] });
  });

  it('does not let a generic word or one character stand for hundreds of places', () => {
    expect(findRegionsByName('县')).toEqual({ provinceCodes: [], countyCodes: [] });
    expect(findRegionsByName('自治').countyCodes).toEqual([]);
    expect(findRegionsByName('山').countyCodes).toEqual([]);
    expect(findRegionsByName('蜂蜜')).toEqual({ provinceCodes: [], countyCodes: [] });
    expect(findRegionsByName('an').provinceCodes).toEqual([]);
  });
});

describe('the tile map of provinces', () => {
  const tiles = listProvinceTiles();

  it('has one tile for every province of the region list, and no other', () => {
    expect(tiles.map((t) => t.code)).toEqual(listProvinces().map((p) => p.code));
    expect(tiles).toHaveLength(34);
  });

  it('puts each tile in its own cell of the grid', () => {
    const cells = new Set(tiles.map((t) => `${t.col},${t.row}`));
    expect(cells.size).toBe(tiles.length);
    for (const tile of tiles) {
      expect(tile.col, tile.short).toBeGreaterThanOrEqual(0);
      expect(tile.col, tile.short).toBeLessThan(MAP_COLUMNS);
      expect(tile.row, tile.short).toBeGreaterThanOrEqual(0);
      expect(tile.row, tile.short).toBeLessThan(MAP_ROWS);
    }
  });

  it('places provinces roughly where they are: north above south, west left of east', () => {
    const at = (short: string) => {
      const tile = tiles.find((t) => t.short === short);
      if (!tile) throw new Error(`no tile ${short}`);
      return tile;
    };
    expect(at('黑龙江').row).toBeLessThan(at('广东').row);
    expect(at('北京').row).toBeLessThan(at('上海').row);
    expect(at('海南').row).toBeGreaterThan(at('广西').row);
    expect(at('新疆').col).toBeLessThan(at('甘肃').col);
    expect(at('西藏').col).toBeLessThan(at('四川').col);
    expect(at('四川').col).toBeLessThan(at('湖北').col);
    expect(at('上海').col).toBeGreaterThan(at('江苏').col);
    expect(at('台湾').col).toBeGreaterThan(at('福建').col);
  });

  it('shades by share of the busiest province, with a legend of the ranges in use', () => {
    expect(shadeLevel(0, 10)).toBe(0);
    expect(shadeLevel(1, 10)).toBe(1);
    expect(shadeLevel(10, 10)).toBe(4);
    expect(shadeLevel(6, 10)).toBe(3);
    expect(shadeLevel(1, 1)).toBe(4);
    expect(legendFor(0)).toEqual([]);
    expect(legendFor(1)).toEqual([{ level: 4, min: 1, max: 1 }]);
    expect(legendFor(10)).toEqual([
      { level: 1, min: 1, max: 2 },
      { level: 2, min: 3, max: 5 },
      { level: 3, min: 6, max: 7 },
      { level: 4, min: 8, max: 10 },
    ]);
    for (let count = 1; count <= 10; count += 1) {
      const step = legendFor(10).find((s) => count >= s.min && count <= s.max);
      expect(step?.level, `count ${count}`).toBe(shadeLevel(count, 10));
    }
  });

  it('names provinces in Chinese, and in English with the Chinese kept', () => {
    const sichuan = tiles.find((t) => t.code === '510000');
    if (!sichuan) throw new Error('no 四川');
    expect(provinceDisplayName(sichuan, 'zh-CN')).toBe('四川省');
    expect(provinceDisplayName(sichuan, 'en')).toBe('Sichuan 四川');
  });
});

describe('shorter words to suggest when nothing matches', () => {
  it('offers the end of a long Chinese word (where the thing named usually is) and its start', () => {
    expect(shorterForms('野生猕猴桃')).toEqual(['猕猴桃', '猴桃', '野生']);
    expect(shorterForms('土蜂蜜')).toEqual(['蜂蜜', '土蜂']);
    expect(shorterForms('蜂蜜')).toEqual([]);
    expect(shorterForms('honeycomb')).toEqual([]);
  });
});

describe('market URLs', () => {
  it('carry codes, not names, and only the parameters in use', () => {
    expect(marketPath()).toBe('/market');
    expect(paths.market()).toBe('/market');
    expect(marketPath({ q: '蜂蜜', province: '510000', category: 'honey', page: 2 })).toBe('/market?q=%E8%9C%82%E8%9C%9C&province=510000&category=honey&page=2');
    expect(marketPath({ q: '', page: 1 })).toBe('/market');
    expect(marketProvincePath('510000')).toBe('/market/510000');
    expect(marketCountyPath('510000', '513232')).toBe('/market/510000/513232');
    expect(marketCountyPath('510000', '513232', 3)).toBe('/market/510000/513232?page=3');
  });
});
