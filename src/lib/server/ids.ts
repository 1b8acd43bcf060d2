import { randomInt } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random 128-bit id, base32 (26 characters). */
export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** Letters and digits that cannot be mistaken for one another when read aloud or off paper (no 0/O, 1/I/L). */
export const READABLE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code from the readable alphabet, uniform (no modulo bias). */
export function readableCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  return out;
}

export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
