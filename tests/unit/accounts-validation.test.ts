import { describe, expect, it } from 'vitest';
import { normaliseLogin } from '../../src/lib/auth/login-id';
import { signupSchema } from '../../src/lib/auth/schemas';
import { parseForm } from '../../src/lib/server/forms/forms';
import { accountDelayMs, ACCOUNT_MAX_DELAY_MS } from '../../src/lib/server/auth/throttle';
import { safeNextPath } from '../../src/lib/server/auth/guard';

describe('login normalisation', () => {
  it('turns the ways people write a Chinese mobile number into one login', () => {
    for (const written of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '+8613800138000', '１３８００１３８０００']) {
      expect(normaliseLogin(written)?.login, written).toBe('13800138000');
    }
    expect(normaliseLogin('13800138000')?.kind).toBe('phone');
  });

  it('keeps a foreign number distinct with its plus sign', () => {
    expect(normaliseLogin('+44 7700 900123')?.login).toBe('+447700900123');
  });

  it('lower-cases user names and accepts Chinese ones', () => {
    expect(normaliseLogin('Chen_Honey')).toEqual({ login: 'chen_honey', kind: 'username' });
    expect(normaliseLogin('陈大山')?.login).toBe('陈大山');
  });

  it('refuses what is neither', () => {
    for (const bad of ['', ' ', 'a', 'has space', 'semi;colon', '12', '<script>', 'x'.repeat(33)]) {
      expect(normaliseLogin(bad), bad).toBeNull();
    }
  });
});

describe('sign-up validation', () => {
  const valid = { displayName: '陈大山', login: '13800138000', password: '我家的牦牛吃青草', locale: 'zh-CN' };

  it('accepts any Unicode password of 8 or more characters, counted as characters not bytes', () => {
    expect(parseForm(signupSchema, valid).ok).toBe(true);
    const short = parseForm(signupSchema, { ...valid, password: '牛肉牛肉牛肉牛' }); // 7 characters, 21 bytes
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.errors['password']?.key).toBe('passwordTooShort');
  });

  it('accepts a 64-character password and refuses one over 256 without truncating', () => {
    expect(parseForm(signupSchema, { ...valid, password: 'p'.repeat(64) }).ok).toBe(true);
    expect(parseForm(signupSchema, { ...valid, password: 'p'.repeat(256) }).ok).toBe(true);
    const long = parseForm(signupSchema, { ...valid, password: 'p'.repeat(257) });
    expect(long.ok ? null : long.errors['password']?.key).toBe('passwordTooLong');
  });

  it('names each bad field and keeps what was typed, except the password', () => {
    const result = parseForm(signupSchema, { displayName: 'x'.repeat(51), login: 'a b', password: 'short', locale: 'fr' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['displayName']).toEqual({ key: 'tooLong', params: { max: 50 } });
    expect(result.errors['login']?.key).toBe('loginInvalid');
    expect(result.errors['password']?.key).toBe('passwordTooShort');
    expect(result.errors['locale']?.key).toBe('invalidChoice');
    expect(result.values).toEqual({ displayName: 'x'.repeat(51), login: 'a b', locale: 'fr' });
  });

  it('refuses control characters and broken UTF-8 (U+FFFD) in names', () => {
    for (const displayName of ['Chen\u0000', 'Chen\u0007x', 'Ch\uFFFDen', 'a\u2028b']) {
      const result = parseForm(signupSchema, { ...valid, displayName });
      expect(result.ok ? null : result.errors['displayName']?.key, JSON.stringify(displayName)).toBe('invalidCharacters');
    }
  });
});

describe('account slowdown', () => {
  it('is free for a few failures, then grows, and is capped (never a lock)', () => {
    expect(accountDelayMs(0)).toBe(0);
    expect(accountDelayMs(4)).toBe(0);
    expect(accountDelayMs(5)).toBeGreaterThan(0);
    expect(accountDelayMs(7)).toBeGreaterThan(accountDelayMs(6));
    expect(accountDelayMs(1000)).toBe(ACCOUNT_MAX_DELAY_MS);
  });
});

describe('post-login destination', () => {
  it('allows only paths on this site', () => {
    expect(safeNextPath('/lessons?x=1')).toBe('/lessons?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', null, '/a\u0000b']) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });
});
