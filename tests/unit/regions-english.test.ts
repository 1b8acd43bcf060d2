// English place names: pinyin with the kind of division in English, the Chinese kept beside it.
import { describe, expect, it } from 'vitest';
import { placeName, placeNameEnglish } from '../../src/lib/regions/english';
import { listCountyGroups, listProvinces } from '../../src/lib/regions';

describe('English place names', () => {
  it('writes counties, cities, districts and banners in pinyin with the kind in English', () => {
    expect(placeNameEnglish('松潘县')).toBe('Songpan County');
    expect(placeNameEnglish('寻乌县')).toBe('Xunwu County');
    expect(placeNameEnglish('都江堰市')).toBe('Dujiangyan City');
    expect(placeNameEnglish('锦江区')).toBe('Jinjiang District');
    expect(placeNameEnglish('阿坝藏族羌族自治州')).toBe('Aba Autonomous Prefecture');
    expect(placeNameEnglish('峨边彝族自治县')).toBe('Ebian Autonomous County');
    expect(placeNameEnglish('神农架林区')).toBe('Shennongjia Forestry District');
    expect(placeNameEnglish('四川省')).toBe('Sichuan Province');
    expect(placeNameEnglish('广西壮族自治区')).toBe('Guangxi Autonomous Region');
    expect(placeNameEnglish('陕西省')).toBe('Shaanxi Province');
    expect(placeNameEnglish('山西省')).toBe('Shanxi Province');
  });

  it('keeps the Chinese for English readers and changes nothing for Chinese readers', () => {
    expect(placeName('松潘县', 'en')).toBe('Songpan County 松潘县');
    expect(placeName('松潘县', 'zh-CN')).toBe('松潘县');
    expect(placeName('Bangkok', 'en')).toBe('Bangkok');
  });

  it('gives every county and prefecture of the list a readable English form', () => {
    for (const province of listProvinces()) {
      expect(placeNameEnglish(province.name), province.name).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+| SAR)*$/);
      for (const group of listCountyGroups(province.code)) {
        for (const name of [group.label, ...group.counties.map((c) => c.name)]) {
          expect(placeNameEnglish(name), name).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+| SAR)*$/);
        }
      }
    }
  });
});
