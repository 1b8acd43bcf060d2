// Short codes: 8 characters from the readable alphabet (no 0/O, 1/I/L), so a buyer can type one off
// a label. 31^8 ≈ 8.5 × 10^11 codes: guessing a live one is hopeless, collisions are rare (and retried).
import { READABLE_ALPHABET, readableCode } from '../ids';

export const SHORT_CODE_LENGTH = 8;

const CODE_PATTERN = new RegExp(`^[${READABLE_ALPHABET}]{${SHORT_CODE_LENGTH}}$`);

export function newShortCode(): string {
  return readableCode(SHORT_CODE_LENGTH);
}

/** The code as stored (upper case) when `raw` can be one, else null. Typed lower case is accepted. */
export function normaliseShortCode(raw: string): string | null {
  const upper = raw.toUpperCase();
  return CODE_PATTERN.test(upper) ? upper : null;
}
