// Finding places by a word a buyer typed: 若尔盖 → 若尔盖县, 阿坝 → the counties of 阿坝藏族羌族自治州,
// 四川 or "sichuan" → 四川省. Read from the one region list (src/lib/regions/index.ts).
import { placeNameEnglish } from './english';
import { listCountyGroups, listProvinces } from './index';
import { provinceTile } from './provinces';

export interface RegionMatches {
  provinceCodes: string[];
  countyCodes: string[];
}

/** The most county codes one word may stand for (a word matching more says little about place). */
export const MAX_COUNTY_MATCHES = 400;

// Generic endings of administrative names: a word must match the particular part of the name, so
// that 县 or 自治 does not stand for every county.
const GENERIC_ENDING = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|林区|地区|新区|省|市|盟|县|区|旗)$/u;

function core(name: string): string {
  const stripped = name.replace(GENERIC_ENDING, '');
  return stripped === '' ? name : stripped;
}

interface CountyEntry {
  code: string;
  name: string;
  core: string;
  prefectureName: string;
  prefectureCore: string;
  /** English forms in lower case: "songpan county" and its pinyin word "songpan". */
  english: string;
  englishWord: string;
  prefectureEnglish: string;
  prefectureEnglishWord: string;
}

const firstWord = (text: string): string => text.split(' ')[0] ?? '';

let counties: CountyEntry[] | null = null;

function countyIndex(): CountyEntry[] {
  counties ??= listProvinces().flatMap((province) =>
    listCountyGroups(province.code).flatMap((group) =>
      group.counties.map((county) => ({
        code: county.code,
        name: county.name,
        core: core(county.name),
        // Counties a province governs directly are grouped under the province: not a prefecture.
        prefectureName: county.prefectureCode === county.provinceCode ? '' : county.prefectureName,
        prefectureCore: county.prefectureCode === county.provinceCode ? '' : core(county.prefectureName),
        english: placeNameEnglish(county.name).toLowerCase(),
        englishWord: firstWord(placeNameEnglish(county.name).toLowerCase()),
        prefectureEnglish: county.prefectureCode === county.provinceCode ? '' : placeNameEnglish(county.prefectureName).toLowerCase(),
        prefectureEnglishWord: county.prefectureCode === county.provinceCode ? '' : firstWord(placeNameEnglish(county.prefectureName).toLowerCase()),
      })),
    ),
  );
  return counties;
}

/** NFKC (full-width letters and digits become ordinary ones) and lower case. */
function normalise(word: string): string {
  return word.normalize('NFKC').trim().toLowerCase();
}

/**
 * The provinces and counties a word names. Words shorter than two characters name nothing (一 or
 * 山 would match hundreds of places); English needs three letters and matches province names, and
 * county and prefecture names in pinyin as whole words (src/lib/regions/english.ts).
 */
export function findRegionsByName(word: string): RegionMatches {
  const term = normalise(word);
  const length = [...term].length;
  if (length < 2) return { provinceCodes: [], countyCodes: [] };
  const latin = /^[a-z0-9 ()'-]+$/.test(term);

  const provinceCodes = listProvinces()
    .filter((province) => {
      const tile = provinceTile(province.code);
      if (latin) return length >= 3 && tile !== null && tile.en.toLowerCase().includes(term);
      return province.name === term || core(province.name).includes(term) || (tile !== null && tile.short.includes(term));
    })
    .map((province) => province.code);
  const countyCodes: string[] = [];
  if (latin) {
    // English county and prefecture names match as whole words only ("songpan", "songpan county"):
    // pinyin syllables inside words would match hundreds of places.
    if (length < 3) return { provinceCodes, countyCodes };
    const spaced = term.replace(/\s+/g, ' ');
    for (const county of countyIndex()) {
      const named = county.englishWord === spaced || county.english === spaced;
      const inPrefecture = county.prefectureEnglish !== '' && (county.prefectureEnglishWord === spaced || county.prefectureEnglish === spaced);
      if (named || inPrefecture) countyCodes.push(county.code);
      if (countyCodes.length >= MAX_COUNTY_MATCHES) break;
    }
    return { provinceCodes, countyCodes };
  }

  for (const county of countyIndex()) {
    const named = county.name === term || county.core.includes(term);
    const inPrefecture = county.prefectureName !== '' && (county.prefectureName === term || county.prefectureCore.includes(term));
    if (named || inPrefecture) countyCodes.push(county.code);
    if (countyCodes.length >= MAX_COUNTY_MATCHES) break;
  }
  return { provinceCodes, countyCodes };
}
