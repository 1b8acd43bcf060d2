// China's provinces and county-level divisions with their administrative codes, from the
// china-area-data package (National Bureau of Statistics list, v5). The one region source: the
// storefront builder, the market directory and its map all read it here. Server-side only (the
// data is ~120 KB): pages render the options, and /regions/<province>.json serves one province's
// counties to the builder's script.
import data from 'china-area-data/v5/data.json';

export interface Province {
  code: string;
  name: string;
}

export interface County {
  /** Six-digit administrative code. */
  code: string;
  name: string;
  provinceCode: string;
  /** The prefecture-level division it belongs to (a city, prefecture or autonomous prefecture). */
  prefectureCode: string;
  prefectureName: string;
}

export interface CountyGroup {
  /** The prefecture's name, or the province's for counties a province governs directly. */
  label: string;
  counties: County[];
}

const TREE: Record<string, Record<string, string> | undefined> = data;
const COUNTRY = '86';
/** Placeholder entries of the source list that are not places ("city districts", "counties", "directly governed"). */
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const CODE = /^\d{6}$/;
/** Codes ending in 7x are development zones and parks, not places where people live and farm. */
const ZONE = /^\d{4}7\d$/;

function children(code: string): [string, string][] {
  return Object.entries(TREE[code] ?? {});
}

function buildIndex(): { provinces: Province[]; counties: Map<string, County>; byProvince: Map<string, CountyGroup[]> } {
  const provinces = children(COUNTRY).map(([code, name]) => ({ code, name }));
  const counties = new Map<string, County>();
  const byProvince = new Map<string, CountyGroup[]>();
  for (const province of provinces) {
    const groups: CountyGroup[] = [];
    const direct: County[] = [];
    for (const [prefCode, prefName] of children(province.code)) {
      const placeholder = PLACEHOLDER.test(prefName);
      const below = children(prefCode).filter(([code, name]) => CODE.test(code) && !ZONE.test(code) && !PLACEHOLDER.test(name));
      // Hong Kong and Macao list their districts directly; Dongguan, Zhongshan and Jiayuguan have no
      // county level (the source lists towns or nothing): the prefecture itself is the unit.
      const units = below.length > 0 ? below : [[prefCode, prefName] as [string, string]];
      const prefectureCode = placeholder || below.length === 0 ? province.code : prefCode;
      const prefectureName = placeholder || below.length === 0 ? province.name : prefName;
      const list = units.map(([code, name]) => ({ code, name, provinceCode: province.code, prefectureCode, prefectureName }));
      for (const county of list) counties.set(county.code, county);
      if (placeholder || below.length === 0) direct.push(...list);
      else groups.push({ label: prefName, counties: list });
    }
    if (direct.length > 0) groups.unshift({ label: province.name, counties: direct });
    byProvince.set(province.code, groups);
  }
  return { provinces, counties, byProvince };
}

let index: ReturnType<typeof buildIndex> | null = null;
function getIndex(): ReturnType<typeof buildIndex> {
  index ??= buildIndex();
  return index;
}

/** The 34 provincial-level divisions in code order. */
export function listProvinces(): readonly Province[] {
  return getIndex().provinces;
}

export function findProvince(code: string | null | undefined): Province | null {
  if (!code) return null;
  return getIndex().provinces.find((p) => p.code === code) ?? null;
}

/** One province's county-level divisions, grouped by prefecture (empty for an unknown code). */
export function listCountyGroups(provinceCode: string): readonly CountyGroup[] {
  return getIndex().byProvince.get(provinceCode) ?? [];
}

export function findCounty(code: string | null | undefined): County | null {
  if (!code) return null;
  return getIndex().counties.get(code) ?? null;
}

/** True when the county lies in that province (what a submitted pair of codes must satisfy). */
export function countyInProvince(countyCode: string, provinceCode: string): boolean {
  return findCounty(countyCode)?.provinceCode === provinceCode;
}

export interface RegionParts {
  provinceCode: string | null;
  countyCode: string | null;
  village: string | null;
  /** A place outside the list, typed by the seller. */
  regionOther: string | null;
}

/**
 * The place written out for people, biggest unit first, e.g. "四川省 阿坝藏族羌族自治州 若尔盖县 唐克镇".
 * Names stay in Chinese in both languages (they are proper names on parcels and maps).
 */
export function describeRegion(region: RegionParts): string {
  const parts: string[] = [];
  const province = findProvince(region.provinceCode);
  const county = findCounty(region.countyCode);
  if (province) parts.push(province.name);
  if (county && county.prefectureCode !== county.provinceCode && county.prefectureName !== county.name) parts.push(county.prefectureName);
  if (county) parts.push(county.name);
  if (!province && region.regionOther) parts.push(region.regionOther);
  if (region.village) parts.push(region.village);
  return parts.join(' ');
}
