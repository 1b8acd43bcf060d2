// Accounts through the real built server over HTTP, the way browsers use them: on SQLite, and on
// PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, DEMO, logInAs } from '../helpers/auth';
import { testBackends } from '../helpers/postgres';
import { DIST_DIR, startServer, type TestServer } from '../helpers/server';

let server: TestServer;

function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

async function post(pathname: string, body: string, cookie = '', extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...extra },
    body,
  });
}

async function get(pathname: string, cookie = ''): Promise<Response> {
  return fetch(`${server.url}${pathname}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

/** A POST from another loopback address (127.0.0.x), i.e. a different client IP without trusting any proxy header. */
function postFrom(base: string, localAddress: string, pathname: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: pathname,
        method: 'POST',
        localAddress,
        headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The environment without a developer's own DATABASE_URL: a tool must use the test server's database only. */
function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy['DATABASE_URL'];
  return copy;
}

function fieldError(html: string, field: string): string | null {
  return new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1] ?? null;
}

async function userIdOf(login: string, adminCookie: string): Promise<string> {
  const html = await (await get(`/admin/users?q=${encodeURIComponent(login)}`, adminCookie)).text();
  const id = /href="\/admin\/users\/([a-z0-9]+)"/.exec(html)?.[1];
  if (!id) throw new Error(`no user ${login}`);
  return id;
}

describe.each(testBackends())('accounts over HTTP on %s', (backend) => {
  beforeAll(async () => {
    server = await startServer({ backend });
  }, 150_000);
  afterAll(async () => {
    await server?.stop();
  });

  describe('sign-up', () => {
    it('creates the account, logs in with a safe cookie and shows the account page', async () => {
      const res = await post('/signup', form({ displayName: '王小梅', login: '139 0000 1111', password: '橘子甜又甜甜甜甜', locale: 'zh-CN' }));
      expect(res.status).toBe(303);
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//i);
      expect(setCookie).not.toMatch(/Secure/i); // served over plain http here
      const account = await (await get('/account', cookieHeader(res))).text();
      expect(account).toContain('13900001111');
      expect(account).toContain('王小梅');
    });

    it('refuses a login that is taken, by the field, keeping what was typed but not the password', async () => {
      const res = await post('/signup', form({ displayName: 'Another Chen', login: '138-0013-8001', password: 'secret password', locale: 'en' }), '', { 'accept-language': 'en' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(fieldError(html, 'login')).toMatch(/already used/);
      expect(html).toContain('value="Another Chen"');
      expect(html).toContain('value="138-0013-8001"');
      expect(html).not.toContain('secret password');
    });

    it('answers over-long fields, control characters and invalid UTF-8 with a message by the field, never a 500', async () => {
      const long = await post('/signup', form({ displayName: '长'.repeat(51), login: 'someone_new', password: 'long enough', locale: 'zh-CN' }));
      expect(long.status).toBe(400);
      expect(fieldError(await long.text(), 'displayName')).toContain('50');

      const control = await post('/signup', form({ displayName: 'Bell\u0007', login: 'someone_new', password: 'long enough', locale: 'en' }));
      expect(control.status).toBe(400);
      expect(fieldError(await control.text(), 'displayName')).toBeTruthy();

      const brokenUtf8 = await post('/signup', 'displayName=%FF%FEabc&login=someone_new&password=long+enough&locale=en');
      expect(brokenUtf8.status).toBe(400);
      expect(fieldError(await brokenUtf8.text(), 'displayName')).toBeTruthy();

      // None of these created the account.
      const login = await post('/login', form({ login: 'someone_new', password: 'long enough' }));
      expect(login.status).toBe(400);
    });

    it('answers a body that is not a form with 400', async () => {
      const res = await post('/signup', '{"login":"x"}', '', { 'content-type': 'multipart/form-data; boundary=nothing' });
      expect(res.status).toBe(400);
    });
  });

  describe('log-in and log-out', () => {
    it('a wrong password shows one message and keeps the login typed', async () => {
      const wrong = await post('/login', form({ login: DEMO.trainee2.login, password: 'not the password' }));
      const unknown = await post('/login', form({ login: 'no_such_farmer', password: 'not the password' }));
      expect(wrong.status).toBe(400);
      expect(unknown.status).toBe(400);
      const [a, b] = [await wrong.text(), await unknown.text()];
      const alert = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
      expect(alert(a)).toBeTruthy();
      expect(alert(a)).toBe(alert(b));
      expect(a).toContain(`value="${DEMO.trainee2.login}"`);
      expect(a).not.toContain('not the password');
    });

    it('after log-out the old cookie no longer works', async () => {
      const cookie = await logInAs(server.url, DEMO.trainee2);
      expect((await get('/account', cookie)).status).toBe(200);
      const out = await post('/logout', '', cookie);
      expect(out.status).toBe(303);
      expect(out.headers.getSetCookie().some((c) => /^session=;/.test(c) || /^session=.*Max-Age=0/i.test(c))).toBe(true);
      const after = await get('/account', cookie);
      expect(after.status).toBe(303);
      expect(after.headers.get('location')).toMatch(/^\/login\?next=/);
    });

    it('a cookie from before log-in is never carried over: log-in issues a new session and ends the old one', async () => {
      const planted = `session=${'a'.repeat(26)}.${'b'.repeat(32)}`;
      const first = await logInAs(server.url, DEMO.trainee2, { cookie: planted });
      expect(first).not.toContain('a'.repeat(26));
      // A second log-in in the same browser ends the first session.
      const second = await logInAs(server.url, DEMO.trainee2, { cookie: first });
      expect(second).not.toBe(first);
      expect((await get('/account', first)).status).toBe(303);
      expect((await get('/account', second)).status).toBe(200);
    });

    it('the account language follows the user onto the phone', async () => {
      const cookie = await logInAs(server.url, { login: 'maria', password: DEMO.admin.password });
      const html = await (await get('/', cookie)).text();
      expect(html).toContain('<html lang="en"');
    });
  });

  describe('throttling over HTTP', () => {
    it('answers the 11th failure from one client with 429 and the wait; a forged X-Forwarded-For does not help; another IP still gets in; a restart keeps the count', async () => {
      const own = await startServer({ backend });
      try {
        const body = form({ login: DEMO.trainee.login, password: 'wrong password' });
        for (let i = 0; i < 10; i += 1) {
          const r = await postFrom(own.url, '127.0.0.1', '/login', body, { 'x-forwarded-for': `203.0.113.${i}` });
          expect(r.status).toBe(400);
        }
        const eleventh = await postFrom(own.url, '127.0.0.1', '/login', body, { 'x-forwarded-for': '198.51.100.7' });
        expect(eleventh.status).toBe(429);
        expect(eleventh.text).toMatch(/请等 \d+ 分钟|wait \d+ minutes/);
        expect(eleventh.text).toContain(`value="${DEMO.trainee.login}"`);

        const right = form({ login: DEMO.trainee.login, password: DEMO.trainee.password });
        expect((await postFrom(own.url, '127.0.0.1', '/login', right)).status).toBe(429);
        expect((await postFrom(own.url, '127.0.0.2', '/login', right)).status).toBe(303);

        await own.kill('SIGTERM');
        const again = await startServer({ dataDir: own.dataDir, databaseUrl: own.databaseUrl });
        try {
          expect((await postFrom(again.url, '127.0.0.1', '/login', right)).status).toBe(429);
        } finally {
          await again.stop();
        }
      } finally {
        await own.stop();
      }
    }, 150_000);

    it('with TRUST_PROXY set, the forwarded client address is the one counted', async () => {
      const proxied = await startServer({ backend, env: { TRUST_PROXY: '1' } });
      try {
        const body = form({ login: DEMO.trainee.login, password: 'wrong password' });
        for (let i = 0; i < 10; i += 1) {
          expect((await postFrom(proxied.url, '127.0.0.1', '/login', body, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(400);
        }
        expect((await postFrom(proxied.url, '127.0.0.1', '/login', body, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(429);
        const right = form({ login: DEMO.trainee.login, password: DEMO.trainee.password });
        expect((await postFrom(proxied.url, '127.0.0.1', '/login', right, { 'x-forwarded-for': '203.0.113.51' })).status).toBe(303);
      } finally {
        await proxied.stop();
      }
    }, 150_000);
  });

  describe('administration and recovery', () => {
    it('an admin issues a reset code; the farmer sets a new password with it once; old sessions end', async () => {
      const admin = await logInAs(server.url, DEMO.admin);
      const signup = await post('/signup', form({ displayName: '马大姐', login: 'ma_dajie', password: 'first password', locale: 'zh-CN' }));
      const oldSession = cookieHeader(signup);
      const id = await userIdOf('ma_dajie', admin);

      const issued = await post(`/admin/users/${id}`, form({ action: 'reset-code' }), admin);
      expect(issued.status).toBe(200);
      const code = /class="secret">([A-Z0-9-]+)</.exec(await issued.text())?.[1];
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

      const reset = await post('/reset', form({ login: 'ma_dajie', code: code ?? '', newPassword: 'second password' }));
      expect(reset.status).toBe(303);
      expect(reset.headers.get('location')).toBe('/login?reset=done');
      expect((await get('/account', oldSession)).status).toBe(303);
      await logInAs(server.url, { login: 'ma_dajie', password: 'second password' });

      const reused = await post('/reset', form({ login: 'ma_dajie', code: code ?? '', newPassword: 'third password' }));
      expect(reused.status).toBe(400);
      expect(fieldError(await reused.text(), 'code')).toBeTruthy();
    });

    it('an admin changes a role and disables an account, which ends its sessions at once', async () => {
      const admin = await logInAs(server.url, DEMO.admin);
      await post('/signup', form({ displayName: 'Zhao', login: 'zhao_helper', password: 'zhao password', locale: 'en' }));
      const zhao = await logInAs(server.url, { login: 'zhao_helper', password: 'zhao password' });
      expect((await get('/assist/new-account', zhao)).status).toBe(403);
      const id = await userIdOf('zhao_helper', admin);

      expect((await post(`/admin/users/${id}`, form({ action: 'role', role: 'trainer' }), admin)).status).toBe(200);
      expect((await get('/assist/new-account', zhao)).status).toBe(200);
      expect((await post(`/admin/users/${id}`, form({ action: 'role', role: 'emperor' }), admin)).status).toBe(400);

      expect((await post(`/admin/users/${id}`, form({ action: 'disable' }), admin)).status).toBe(200);
      expect((await get('/account', zhao)).status).toBe(303);
      expect((await post('/login', form({ login: 'zhao_helper', password: 'zhao password' }))).status).toBe(400);
      expect((await post(`/admin/users/${id}`, form({ action: 'enable' }), admin)).status).toBe(200);
      await logInAs(server.url, { login: 'zhao_helper', password: 'zhao password' });
    });

    it('an admin cannot demote or disable themselves', async () => {
      const admin = await logInAs(server.url, DEMO.admin);
      const id = await userIdOf('admin', admin);
      expect((await post(`/admin/users/${id}`, form({ action: 'disable' }), admin)).status).toBe(400);
      expect((await get('/admin/users', admin)).status).toBe(200);
    });

    it('assisted sign-up: a trainer creates the account; the farmer must choose a password at first log-in', async () => {
      const trainer = await logInAs(server.url, DEMO.trainer);
      const created = await post('/assist/new-account', form({ displayName: '老杨', login: '13700001234', locale: 'zh-CN' }), trainer);
      expect(created.status).toBe(200);
      const temporary = /class="secret">([A-Z0-9]+)</.exec(await created.text())?.[1];
      expect(temporary).toMatch(/^[A-Z0-9]{10}$/);

      const login = await post('/login', form({ login: '13700001234', password: temporary ?? '' }));
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account/password');
      const cookie = cookieHeader(login);
      const elsewhere = await get('/account', cookie);
      expect(elsewhere.status).toBe(303);
      expect(elsewhere.headers.get('location')).toBe('/account/password');

      const changed = await post('/account/password', form({ currentPassword: temporary ?? '', newPassword: 'my own password' }), cookie);
      expect(changed.status).toBe(303);
      expect((await get('/account', cookie)).status).toBe(200);
    });
  });

  describe('npm run admin:create', () => {
    it('creates an admin with the password from ADMIN_PASSWORD and promotes an existing user', () => {
      const run = (args: string[], env: Record<string, string>) =>
        spawnSync(process.execPath, [path.join(DIST_DIR, 'app/admin-create.mjs'), ...args], {
          env: { ...withoutDatabaseUrl(process.env), ...server.dataEnv, ...env },
          encoding: 'utf8',
        });
      const created = run(['--login', 'county_boss', '--name', 'County'], { ADMIN_PASSWORD: 'boss password 1' });
      expect(created.status, created.stderr).toBe(0);
      expect(created.stdout).toContain('Created admin county_boss');

      const promoted = run(['--login', '13800138002'], {});
      expect(promoted.status, promoted.stderr).toBe(0);
      expect(promoted.stdout).toContain('now an admin');

      const noPassword = run(['--login', 'another_boss'], {});
      expect(noPassword.status).toBe(2);
    });

    it('the new admin can open the user list', async () => {
      const cookie = await logInAs(server.url, { login: 'county_boss', password: 'boss password 1' });
      expect((await get('/admin/users', cookie)).status).toBe(200);
    });
  });
});
