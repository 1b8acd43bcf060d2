/**
 * A login is a username or a phone number. Phone numbers are stored as digits only, so
 * "138 0013 8000", "138-0013-8000" and "+86 13800138000" are one login.
 */
const PHONE_CHARS = /^\+?[\d\s\-()]+$/;
const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{1,31}$/u;

export type LoginKind = 'phone' | 'username';

export function normaliseLogin(input: string): { login: string; kind: LoginKind } | null {
  const value = input.normalize('NFKC').trim();
  if (value.length === 0) return null;
  if (PHONE_CHARS.test(value) && /\d/.test(value)) {
    let digits = value.replace(/\D/g, '');
    if (value.startsWith('+86') && digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
    if (value.startsWith('+') && !value.startsWith('+86')) digits = `+${digits}`;
    const bare = digits.replace('+', '');
    if (bare.length < 5 || bare.length > 15) return null;
    return { login: digits, kind: 'phone' };
  }
  const lower = value.toLowerCase();
  if (!USERNAME.test(lower)) return null;
  return { login: lower, kind: 'username' };
}
