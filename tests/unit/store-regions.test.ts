// The region list shipped with the app: provinces and county-level divisions with their codes.
import { describe, expect, it } from 'vitest';
import { countyInProvince, describeRegion, findCounty, findProvince, listCountyGroups, listProvinces } from '../../src/lib/regions';

describe('regions', () => {
  it('lists the 34 provincial-level divisions by code', () => {
    const provinces = listProvinces();
    expect(provinces).toHaveLength(34);
    expect(findProvince('510000')?.name).toBe('四川省');
    // 山西 and 陕西 share their pinyin; their codes tell them apart.
    expect(findProvince('140000')?.name).toBe('山西省');
    expect(findProvince('610000')?.name).toBe('陕西省');
  });

  it('groups counties by prefecture, without placeholders or development zones', () => {
    const groups = listCountyGroups('510000');
    const aba = groups.find((g) => g.label === '阿坝藏族羌族自治州');
    expect(aba?.counties.map((c) => c.name)).toContain('红原县');
    const all = groups.flatMap((g) => g.counties);
    expect(all.some((c) => c.name === '市辖区')).toBe(false);
    expect(listCountyGroups('540000').flatMap((g) => g.counties).some((c) => c.name.includes('开发区'))).toBe(false);
  });

  it('treats cities without counties and directly governed counties as county-level units', () => {
    expect(findCounty('441900')?.name).toBe('东莞市');
    expect(findCounty('429004')?.name).toBe('仙桃市');
    expect(findCounty('110101')?.name).toBe('东城区');
    expect(listCountyGroups('810000')[0]?.counties).toHaveLength(18);
  });

  it('checks that a county lies in its province', () => {
    expect(countyInProvince('513233', '510000')).toBe(true);
    expect(countyInProvince('513233', '360000')).toBe(false);
    expect(countyInProvince('999999', '510000')).toBe(false);
  });

  it('writes a place out, biggest unit first, or the seller’s own words', () => {
    expect(describeRegion({ provinceCode: '510000', countyCode: '513233', village: '瓦切镇', regionOther: null })).toBe('四川省 阿坝藏族羌族自治州 红原县 瓦切镇');
    expect(describeRegion({ provinceCode: '110000', countyCode: '110101', village: '', regionOther: null })).toBe('北京市 东城区');
    expect(describeRegion({ provinceCode: null, countyCode: null, village: '', regionOther: 'Kathmandu valley' })).toBe('Kathmandu valley');
  });
});
