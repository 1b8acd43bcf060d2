// What the market's map and region pages need about each province beyond the region list itself
// (which stays the one source of codes and full names, src/lib/regions/index.ts): a short name
// for a small tile, the English name, and the tile's place on the map grid.
//
// The grid is a tile-grid map: one equal tile per province in roughly its geographic position,
// no drawn borders (publishing a map of China with borders needs official approval). Columns run
// west to east, rows north to south.
import type { Locale } from '../i18n/locales';
import { findProvince, listProvinces, type Province } from './index';

export interface ProvinceTile {
  /** Short name on the tile and in lists, e.g. 内蒙古 for 内蒙古自治区. */
  short: string;
  /** English name, shown next to the Chinese name in the English pages. */
  en: string;
  /** 0-based column (west → east) and row (north → south) of the tile. */
  col: number;
  row: number;
}

export const MAP_COLUMNS = 7;
export const MAP_ROWS = 8;

const TILES: Readonly<Record<string, ProvinceTile>> = {
  '230000': { short: '黑龙江', en: 'Heilongjiang', col: 6, row: 0 },
  '150000': { short: '内蒙古', en: 'Inner Mongolia', col: 3, row: 1 },
  '110000': { short: '北京', en: 'Beijing', col: 4, row: 1 },
  '210000': { short: '辽宁', en: 'Liaoning', col: 5, row: 1 },
  '220000': { short: '吉林', en: 'Jilin', col: 6, row: 1 },
  '650000': { short: '新疆', en: 'Xinjiang', col: 0, row: 2 },
  '640000': { short: '宁夏', en: 'Ningxia', col: 2, row: 2 },
  '140000': { short: '山西', en: 'Shanxi', col: 3, row: 2 },
  '130000': { short: '河北', en: 'Hebei', col: 4, row: 2 },
  '120000': { short: '天津', en: 'Tianjin', col: 5, row: 2 },
  '630000': { short: '青海', en: 'Qinghai', col: 1, row: 3 },
  '620000': { short: '甘肃', en: 'Gansu', col: 2, row: 3 },
  '610000': { short: '陕西', en: 'Shaanxi', col: 3, row: 3 },
  '410000': { short: '河南', en: 'Henan', col: 4, row: 3 },
  '370000': { short: '山东', en: 'Shandong', col: 5, row: 3 },
  '540000': { short: '西藏', en: 'Xizang (Tibet)', col: 0, row: 4 },
  '510000': { short: '四川', en: 'Sichuan', col: 1, row: 4 },
  '500000': { short: '重庆', en: 'Chongqing', col: 2, row: 4 },
  '420000': { short: '湖北', en: 'Hubei', col: 3, row: 4 },
  '340000': { short: '安徽', en: 'Anhui', col: 4, row: 4 },
  '320000': { short: '江苏', en: 'Jiangsu', col: 5, row: 4 },
  '310000': { short: '上海', en: 'Shanghai', col: 6, row: 4 },
  '530000': { short: '云南', en: 'Yunnan', col: 1, row: 5 },
  '520000': { short: '贵州', en: 'Guizhou', col: 2, row: 5 },
  '430000': { short: '湖南', en: 'Hunan', col: 3, row: 5 },
  '360000': { short: '江西', en: 'Jiangxi', col: 4, row: 5 },
  '330000': { short: '浙江', en: 'Zhejiang', col: 5, row: 5 },
  '450000': { short: '广西', en: 'Guangxi', col: 2, row: 6 },
  '440000': { short: '广东', en: 'Guangdong', col: 3, row: 6 },
  '350000': { short: '福建', en: 'Fujian', col: 4, row: 6 },
  '710000': { short: '台湾', en: 'Taiwan', col: 5, row: 6 },
  '460000': { short: '海南', en: 'Hainan', col: 2, row: 7 },
  '820000': { short: '澳门', en: 'Macao', col: 3, row: 7 },
  '810000': { short: '香港', en: 'Hong Kong', col: 4, row: 7 },
};

export interface ProvinceWithTile extends Province, ProvinceTile {}

/** The tile of a province in the region list, or null for a code the list does not have. */
export function provinceTile(code: string | null | undefined): ProvinceTile | null {
  if (!code || !findProvince(code)) return null;
  return TILES[code] ?? null;
}

/**
 * Every province of the region list with its tile, in the list's order. Throws when the region
 * list has a province without a tile (a newer list): the map would silently miss it otherwise.
 */
export function listProvinceTiles(): ProvinceWithTile[] {
  return listProvinces().map((province) => {
    const tile = TILES[province.code];
    if (!tile) throw new Error(`Province ${province.code} ${province.name} has no tile on the market map: add it to src/lib/regions/provinces.ts.`);
    return { ...province, ...tile };
  });
}

/** The short name (四川), or the full name for a province without a tile. */
export function provinceShortName(province: Province): string {
  return TILES[province.code]?.short ?? province.name;
}

/** A province as pages name it: 四川省 in Chinese; "Sichuan 四川" in English (the Chinese kept for parcels and maps). */
export function provinceDisplayName(province: Province, locale: Locale): string {
  const tile = TILES[province.code];
  if (locale === 'en' && tile) return `${tile.en} ${tile.short}`;
  return province.name;
}
