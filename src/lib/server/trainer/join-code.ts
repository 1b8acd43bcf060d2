// Join codes: six digits, because digits are what a farmer reads aloud most easily (in any dialect)
// and types on a phone's number pad. Shown in two groups of three: 386 512.
import { randomInt } from 'node:crypto';

export const JOIN_CODE_LENGTH = 6;

export function newJoinCode(): string {
  let out = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i += 1) out += String(randomInt(10));
  return out;
}

/** 386512 → "386 512". */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

/**
 * What a person typed or scanned, as a code: full-width digits (from a Chinese keyboard) become
 * ASCII, spaces and dashes go, and a pasted join link gives its code. Null when it is not six digits.
 */
export function normaliseJoinCode(input: string): string | null {
  let text = input.normalize('NFKC').trim();
  const link = /\/join\/([^/?#\s]+)/.exec(text);
  if (link?.[1]) text = decodeURIComponentSafe(link[1]);
  const digits = text.replace(/[\s\-–—_.·]/g, '');
  return new RegExp(`^\\d{${JOIN_CODE_LENGTH}}$`).test(digits) ? digits : null;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
