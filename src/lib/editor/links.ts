// Link checks shared by the editor island (the link form, autolinks) and the server (validation,
// rendering). Browser-safe: no Node imports.

/** The only URL schemes a stored or rendered link may use. */
export const LINK_SCHEMES = ['http', 'https', 'tel', 'mailto'] as const;
export type LinkScheme = (typeof LINK_SCHEMES)[number];

export const MAX_LINK_LENGTH = 2048;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  nbsp: '\u00a0',
  lpar: '(',
  rpar: ')',
  period: '.',
  comma: ',',
};

/** Decodes numeric and common named character references, repeatedly (`&amp;#106;` → `&#106;` → `j`). */
export function decodeEntities(text: string): string {
  let current = text;
  for (let pass = 0; pass < 5; pass += 1) {
    const next = current.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
      if (body.startsWith('#')) {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) return '';
        return String.fromCodePoint(code);
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
    if (next === current) return current;
    current = next;
  }
  return current;
}

// C0/C1 controls, zero-width characters, bidi controls, BOM: never part of a link a person typed.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const ANY_SPACE = /\s/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Returns the canonical form of an absolute http(s), tel or mailto link, or null when the link is
 * anything else (`javascript:`, `java\tscript:`, `&#106;avascript:`, `data:`, `vbscript:`,
 * protocol-relative `//host`, relative paths, malformed URLs).
 */
export function normalizeLinkHref(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LINK_LENGTH * 2) return null;
  const cleaned = decodeEntities(raw).replace(INVISIBLE, '').trim();
  // Browsers ignore whitespace and controls inside a scheme, so judge the scheme with all of them gone.
  const squeezed = cleaned.replace(ANY_SPACE, '');
  const scheme = SCHEME.exec(squeezed)?.[1]?.toLowerCase();
  if (!scheme || SCHEME.exec(cleaned)?.[1]?.toLowerCase() !== scheme) return null;
  let result: string | null = null;
  if (scheme === 'http' || scheme === 'https') result = normalizeWebUrl(cleaned);
  else if (scheme === 'mailto') result = normalizeMailto(squeezed);
  else if (scheme === 'tel') result = normalizeTel(squeezed);
  if (result === null || result.length > MAX_LINK_LENGTH) return null;
  return result;
}

function normalizeWebUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

function normalizeMailto(text: string): string | null {
  const rest = text.slice('mailto:'.length);
  // One or more addresses, optionally followed by ?subject=… (no markup characters).
  if (!/^[^\s<>"'`\\@]+@[^\s<>"'`\\@]+(\?[^\s<>"'`\\]*)?$/.test(rest)) return null;
  return `mailto:${rest}`;
}

function normalizeTel(text: string): string | null {
  const number = text.slice('tel:'.length).replace(/[().-]/g, '');
  if (!/^\+?[0-9]{3,20}$/.test(number)) return null;
  return `tel:${number}`;
}

/**
 * What the island's link form does with what a person typed: adds `https://` to a bare domain,
 * `mailto:` to an e-mail address, `tel:` to a phone number, then applies `normalizeLinkHref`.
 */
export function completeLinkInput(typed: string): string | null {
  const text = typed.replace(INVISIBLE, '').trim();
  if (text === '') return null;
  if (SCHEME.test(text) && !/^[^:/]+\.[^:/]+:\d+/.test(text)) return normalizeLinkHref(text);
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return normalizeLinkHref(`mailto:${text}`);
  if (/^\+?[0-9][0-9 ().-]{2,}$/.test(text)) return normalizeLinkHref(`tel:${text.replace(/\s/g, '')}`);
  if (text.startsWith('//')) return null;
  if (!/^[^\s/]+\.[^\s/]+/.test(text)) return null;
  return normalizeLinkHref(`https://${text}`);
}
