// URL slugs for stores and products: readable pinyin for Chinese names ("风干牦牛肉" →
// "feng-gan-mao-niu-rou"), ASCII for the rest, a short random id when nothing readable is left.
import { pinyin } from 'pinyin-pro';
import { randomInt } from 'node:crypto';

export const SLUG_MIN = 3;
export const SLUG_MAX = 48;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Words that name pages of the site or could be mistaken for them. Refused as store slugs (/s/new)
 * and as product slugs (/s/<store>/order is the order form).
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'about', 'account', 'admin', 'api', 'assets', 'assist', 'certificate', 'contact', 'delete', 'edit', 'favicon',
  'health', 'healthz', 'help', 'home', 'index', 'join', 'lessons', 'login', 'logout', 'market', 'media', 'new',
  'null', 'order', 'orders', 'photos', 'preview', 'products', 'publish', 'q', 'qr', 'regions', 'reset', 's',
  'search', 'settings', 'signup', 'static', 'store', 'stores', 'studio', 'support', 'trainer', 'undefined',
  'verify', 'www',
]);

/** Letters and digits only, lower case, words joined by hyphens; accents dropped (é → e, ü → v as pinyin keyboards type it). */
function asciiWords(text: string): string {
  return text
    .replace(/ü/gi, 'v')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Cuts at a hyphen so no syllable is split: at most SLUG_MAX characters. */
function shorten(slug: string): string {
  if (slug.length <= SLUG_MAX) return slug;
  const cut = slug.slice(0, SLUG_MAX + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen >= SLUG_MIN ? cut.slice(0, lastHyphen) : slug.slice(0, SLUG_MAX)).replace(/-+$/, '');
}

/** The slug a name suggests, before uniqueness: '' when the name has nothing readable in it. */
export function slugFromName(name: string): string {
  const parts = pinyin(name.normalize('NFC'), { toneType: 'none', nonZh: 'consecutive', type: 'array' });
  return shorten(parts.map(asciiWords).filter(Boolean).join('-'));
}

export type SlugProblem = 'slugFormat' | 'slugReserved';

/** Checks a slug a seller typed (already lower-cased): the format and the reserved words. */
export function checkSlug(slug: string): SlugProblem | null {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX || !SLUG_PATTERN.test(slug)) return 'slugFormat';
  if (RESERVED_SLUGS.has(slug)) return 'slugReserved';
  return null;
}

/** What a seller typed into the slug field, tidied the way slugFromName tidies a name. */
export function normaliseSlugInput(input: string): string {
  return shorten(asciiWords(input));
}

const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function shortId(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return out;
}

/**
 * A free slug for `name`: its pinyin, then "-2", "-3" … when taken (山西 and 陕西 are both
 * "shan-xi"), a short random id when the name gives nothing usable. `isTaken` asks the database.
 */
export async function uniqueSlug(name: string, isTaken: (slug: string) => Promise<boolean>, fallbackPrefix: string): Promise<string> {
  let base = slugFromName(name);
  if (checkSlug(base) === 'slugReserved') base = `${base}-${fallbackPrefix}`;
  if (checkSlug(base) !== null) base = `${fallbackPrefix}-${shortId(6)}`;
  if (!(await isTaken(base))) return base;
  const stem = base.slice(0, SLUG_MAX - 4).replace(/-+$/, '');
  for (let n = 2; n <= 30; n += 1) {
    const candidate = `${stem}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  for (;;) {
    const candidate = `${stem.slice(0, SLUG_MAX - 7)}-${shortId(6)}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
