// Accounts against a real database — a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set:
// sessions, passwords, reset codes, throttling, disabling.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as password from '../../src/lib/server/auth/password';
import {
  changePassword,
  createAccount,
  issueResetCode,
  logIn,
  resetPasswordWithCode,
  setDisabled,
} from '../../src/lib/server/auth/accounts';
import {
  createSession,
  invalidateSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  validateSessionToken,
} from '../../src/lib/server/auth/session';
import { accountDelayMs, PAIR_LIMIT } from '../../src/lib/server/auth/throttle';
import { sha256Hex } from '../../src/lib/server/ids';
import { tempDb, testBackends, type TestDb } from '../helpers/db';

describe.each(testBackends())('accounts on %s', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await tempDb({ backend });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.cleanup();
  });

  async function farmer(login = '13800138000', pw = 'my cows eat grass'): Promise<string> {
    return createAccount(t.db, { login, displayName: '陈大山', password: pw, locale: 'zh-CN' });
  }

  /** What the database stores: the SQLite file's bytes, or every PostgreSQL row as text. */
  function storedText(): Promise<string> {
    return t.storedText();
  }

  describe('sessions', () => {
    it('stores only a hash of the token: the raw token and secret are nowhere in the database file', async () => {
      const userId = await farmer();
      const { token } = await createSession(t.db, userId);
      const [id, secret] = token.split('.');
      expect(secret).toMatch(/^[a-z2-7]{32}$/); // 160 bits
      const row = await t.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      expect(row.id).toBe(id);
      expect(row.secret_hash).toBe(sha256Hex(secret ?? ''));
      const bytes = await storedText();
      expect(bytes.includes(id ?? '(no id)'), 'the search covers the sessions table').toBe(true);
      expect(bytes.includes(secret ?? '')).toBe(false);
      expect(bytes.includes(token)).toBe(false);
    });

    it('accepts the token, refuses a changed secret or id', async () => {
      const { token } = await createSession(t.db, await farmer());
      expect(await validateSessionToken(t.db, token)).not.toBeNull();
      const [id = '', secret = ''] = token.split('.');
      // Another last character, whatever it was (a fixed 'a' left one id in 32 unchanged).
      const changed = (text: string) => `${text.slice(0, -1)}${text.endsWith('a') ? 'b' : 'a'}`;
      expect(changed(id)).not.toBe(id);
      expect(await validateSessionToken(t.db, `${id}.${changed(secret)}`)).toBeNull();
      expect(await validateSessionToken(t.db, `${changed(id)}.${secret}`)).toBeNull();
      expect(await validateSessionToken(t.db, 'garbage')).toBeNull();
    });

    it('moves the expiry forward at most hourly, ends after 30 idle days and at the absolute cap', async () => {
      const userId = await farmer();
      const start = new Date('2026-01-01T00:00:00Z');
      const { token } = await createSession(t.db, userId, start);

      const soon = await validateSessionToken(t.db, token, new Date(start.getTime() + 30 * 60 * 1000));
      expect(soon?.refreshed).toBe(false);
      const later = await validateSessionToken(t.db, token, new Date(start.getTime() + 2 * 60 * 60 * 1000));
      expect(later?.refreshed).toBe(true);
      expect(later?.session.expiresAt.getTime()).toBe(start.getTime() + 2 * 60 * 60 * 1000 + SESSION_IDLE_MS);

      // Used every 20 days it lives, until the absolute cap.
      let now = start.getTime();
      let alive = true;
      while (alive && now < start.getTime() + SESSION_ABSOLUTE_MS + 40 * 86_400_000) {
        now += 20 * 86_400_000;
        alive = (await validateSessionToken(t.db, token, new Date(now))) !== null;
      }
      expect(now).toBeGreaterThanOrEqual(start.getTime() + SESSION_ABSOLUTE_MS);
      expect(now).toBeLessThan(start.getTime() + SESSION_ABSOLUTE_MS + 20 * 86_400_000);
      expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    });

    it('ends after 30 days without use', async () => {
      const start = new Date('2026-01-01T00:00:00Z');
      const { token } = await createSession(t.db, await farmer(), start);
      expect(await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_IDLE_MS - 1000))).not.toBeNull();
      const { token: other } = await createSession(t.db, (await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id, start);
      expect(await validateSessionToken(t.db, other, new Date(start.getTime() + SESSION_IDLE_MS + 1000))).toBeNull();
    });

    it('logout deletes the session row', async () => {
      const { token, session } = await createSession(t.db, await farmer());
      await invalidateSession(t.db, session.id);
      expect(await validateSessionToken(t.db, token)).toBeNull();
    });
  });

  describe('passwords', () => {
    it('are stored as argon2id with m=19456, t=2, p=1', async () => {
      await farmer();
      const row = await t.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect((await storedText()).includes('my cows eat grass')).toBe(false);
    });

    it('checks an unknown login against the dummy hash and answers like a wrong password', async () => {
      await farmer();
      const dummy = vi.spyOn(password, 'verifyAgainstDummy');
      const real = vi.spyOn(password, 'verifyPassword');
      const unknown = await logIn(t.db, 'nobody', 'my cows eat grass', '10.0.0.1');
      expect(dummy).toHaveBeenCalledTimes(1);
      const wrong = await logIn(t.db, '13800138000', 'not my password', '10.0.0.1');
      expect(real).toHaveBeenCalled();
      expect(unknown).toEqual({ ok: false, reason: 'bad-credentials' });
      expect(wrong).toEqual(unknown);
    });

    it('a password change ends every other session but keeps the current one', async () => {
      const userId = await farmer();
      const mine = await createSession(t.db, userId);
      const other = await createSession(t.db, userId);
      expect((await changePassword(t.db, userId, mine.session.id, 'wrong current', 'a new password'))).toEqual({ ok: false, reason: 'wrong-current' });
      expect(await validateSessionToken(t.db, other.token)).not.toBeNull();
      expect(await changePassword(t.db, userId, mine.session.id, 'my cows eat grass', 'a new password')).toEqual({ ok: true });
      expect(await validateSessionToken(t.db, mine.token)).not.toBeNull();
      expect(await validateSessionToken(t.db, other.token)).toBeNull();
      expect((await logIn(t.db, '13800138000', 'a new password', '10.0.0.2')).ok).toBe(true);
    });
  });

  describe('reset codes', () => {
    it('work once, are stored hashed, and end every session', async () => {
      const userId = await farmer();
      const before = await createSession(t.db, userId);
      const code = await issueResetCode(t.db, userId, null);
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect((await storedText()).includes(code.replace('-', ''))).toBe(false);
      expect((await t.db.selectFrom('reset_codes').select('code_hash').executeTakeFirstOrThrow()).code_hash).toBe(sha256Hex(code.replace('-', '')));

      const typed = code.toLowerCase().replace('-', ' '); // read aloud, typed loosely
      expect((await resetPasswordWithCode(t.db, '13800138000', typed, 'brand new pass', '10.0.0.3')).ok).toBe(true);
      expect(await validateSessionToken(t.db, before.token)).toBeNull();
      expect((await logIn(t.db, '13800138000', 'brand new pass', '10.0.0.3')).ok).toBe(true);
      expect(await resetPasswordWithCode(t.db, '13800138000', code, 'third password', '10.0.0.3')).toEqual({ ok: false, reason: 'invalid-code' });
    });

    it('expire after 24 hours, and a newer code replaces an older one', async () => {
      const userId = await farmer();
      const first = await issueResetCode(t.db, userId, null);
      const second = await issueResetCode(t.db, userId, null);
      expect(await resetPasswordWithCode(t.db, '13800138000', first, 'brand new pass', '10.0.0.4')).toEqual({ ok: false, reason: 'invalid-code' });
      await t.db.updateTable('reset_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
      expect(await resetPasswordWithCode(t.db, '13800138000', second, 'brand new pass', '10.0.0.4')).toEqual({ ok: false, reason: 'invalid-code' });
    });

    it('a code for one user does not work for another', async () => {
      const chen = await farmer();
      await farmer('13800138009', 'other password');
      const code = await issueResetCode(t.db, chen, null);
      expect(await resetPasswordWithCode(t.db, '13800138009', code, 'brand new pass', '10.0.0.5')).toEqual({ ok: false, reason: 'invalid-code' });
    });
  });

  describe('throttling', () => {
    it(`refuses the ${PAIR_LIMIT + 1}th try from one IP, lets another IP in, and keeps counting after a restart`, async () => {
      await farmer();
      const waits: number[] = [];
      const wait = async (ms: number): Promise<void> => {
        waits.push(ms);
      };
      for (let i = 0; i < PAIR_LIMIT; i += 1) {
        expect(await logIn(t.db, '13800138000', `wrong ${i}`, '10.1.1.1', wait)).toEqual({ ok: false, reason: 'bad-credentials' });
      }
      expect(waits.length).toBeGreaterThan(0); // the account slows down as failures pile up
      const refused = await logIn(t.db, '13800138000', 'my cows eat grass', '10.1.1.1', wait);
      expect(refused.ok).toBe(false);
      if (!refused.ok && refused.reason === 'throttled') expect(refused.retryAfterSeconds).toBeGreaterThan(800);
      else throw new Error(`expected throttled, got ${JSON.stringify(refused)}`);

      // Another IP: slowed (10 recent failures on the account) but let in with the right password.
      waits.length = 0;
      expect((await logIn(t.db, '13800138000', 'my cows eat grass', '10.2.2.2', wait)).ok).toBe(true);
      expect(waits).toEqual([accountDelayMs(PAIR_LIMIT)]);
      expect(accountDelayMs(PAIR_LIMIT)).toBeGreaterThan(0);

      // A new connection to the same database (a restarted server) still refuses the pair.
      await t.close();
      const reopened = t.reopen();
      try {
        const again = await logIn(reopened.db, '13800138000', 'my cows eat grass', '10.1.1.1', wait);
        expect(again.ok ? 'ok' : again.reason).toBe('throttled');
      } finally {
        await reopened.close();
      }
    }, 30_000);
  });

  describe('disabled accounts', () => {
    it('lose every session at once and cannot log in until enabled', async () => {
      const userId = await farmer();
      const { token } = await createSession(t.db, userId);
      await setDisabled(t.db, userId, true);
      expect(await validateSessionToken(t.db, token)).toBeNull();
      expect(await logIn(t.db, '13800138000', 'my cows eat grass', '10.3.3.3')).toEqual({ ok: false, reason: 'bad-credentials' });
      await setDisabled(t.db, userId, false);
      expect((await logIn(t.db, '13800138000', 'my cows eat grass', '10.3.3.3')).ok).toBe(true);
    });
  });
});
