// English forms of Chinese place names for English readers: the name in pinyin with the kind of
// division in English, the Chinese kept beside it ("Songpan County 松潘县"), as on road signs and
// parcels. Ethnic group names inside autonomous divisions are left out of the English form
// ("阿坝藏族羌族自治州" → "Aba Autonomous Prefecture 阿坝藏族羌族自治州"); the Chinese keeps them.
// Pinyin comes from pinyin-pro (the library the store slugs use), so a rare reading of a
// character may differ from the official romanisation: the Chinese name beside it is authoritative.
import { pinyin } from 'pinyin-pro';
import type { Locale } from '../i18n/locales';

/** Suffixes of province-, prefecture- and county-level names, longest first. */
const KINDS: [string, string][] = [
  ['特别行政区', 'SAR'],
  ['自治区', 'Autonomous Region'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['自治州', 'Autonomous Prefecture'],
  ['林区', 'Forestry District'],
  ['特区', 'Special District'],
  ['地区', 'Prefecture'],
  ['新区', 'New Area'],
  ['省', 'Province'],
  ['县', 'County'],
  ['市', 'City'],
  ['区', 'District'],
  ['旗', 'Banner'],
  ['盟', 'League'],
];

/** China's 55 recognised minority nationalities, as they appear in autonomous division names. */
const NATIONALITIES =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各';
/** Trailing nationality names of an autonomous division, e.g. 藏族羌族 in 阿坝藏族羌族. */
const ETHNIC_TAIL = new RegExp(`(?:(?:${NATIONALITIES})族)+$`, 'u');
const HAN = /[\u4e00-\u9fff]/u;

/** Names whose usual English is not their plain pinyin (陕西 would collide with 山西). */
const CUSTOMARY: Record<string, string> = {
  陕西省: 'Shaanxi Province',
  内蒙古自治区: 'Inner Mongolia Autonomous Region',
  香港特别行政区: 'Hong Kong SAR',
  澳门特别行政区: 'Macao SAR',
};

const cache = new Map<string, string>(Object.entries(CUSTOMARY));

/** The English form alone, e.g. "Songpan County"; the name itself when it has no Chinese characters. */
export function placeNameEnglish(name: string): string {
  const known = cache.get(name);
  if (known !== undefined) return known;
  let stem = name;
  let kind = '';
  for (const [suffix, english] of KINDS) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      stem = name.slice(0, -suffix.length);
      kind = english;
      break;
    }
  }
  if (kind.startsWith('Autonomous')) stem = stem.replace(ETHNIC_TAIL, '') || stem;
  let result = name;
  if (HAN.test(stem)) {
    const syllables = pinyin(stem, { toneType: 'none', type: 'array', v: true });
    const word = syllables.join('').replace(/[^a-z]/gi, '');
    result = [word.charAt(0).toUpperCase() + word.slice(1), kind].filter(Boolean).join(' ');
  }
  if (cache.size < 5_000) cache.set(name, result);
  return result;
}

/** The name as a reader of `locale` should see it: Chinese as it is; English with the Chinese kept. */
export function placeName(name: string, locale: Locale): string {
  if (locale !== 'en' || !HAN.test(name)) return name;
  return `${placeNameEnglish(name)} ${name}`;
}
