// Helpers for the storefront tests: form posts as a browser sends them, reading ids from pages,
// and a read-only look at the server's database file.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { cookieHeader } from './auth';

export const ORANGE_STORE = 'xun-wu-qi-cheng-he-zuo-she';
export const YAK_STORE = 'chen-jia-mao-niu-rou';

export interface Client {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  cookie: string;
}

/** Requests as one browser: same-origin POSTs, cookies kept, redirects not followed. */
export function client(baseUrl: string, cookie = ''): Client {
  const state = { cookie };
  return {
    get cookie() {
      return state.cookie;
    },
    async get(p, headers = {}) {
      const res = await fetch(`${baseUrl}${p}`, { redirect: 'manual', headers: { ...(state.cookie ? { cookie: state.cookie } : {}), ...headers } });
      state.cookie = cookieHeader(res, state.cookie);
      return res;
    },
    async post(p, form, headers = {}) {
      const res = await fetch(`${baseUrl}${p}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: baseUrl,
          'content-type': 'application/x-www-form-urlencoded',
          ...(state.cookie ? { cookie: state.cookie } : {}),
          ...headers,
        },
        body: new URLSearchParams(form).toString(),
      });
      state.cookie = cookieHeader(res, state.cookie);
      return res;
    },
  };
}

/** The first capture of `pattern` in `text`, or a clear failure. */
export function pick(text: string, pattern: RegExp, what: string): string {
  const value = pattern.exec(text)?.[1];
  if (!value) throw new Error(`could not find ${what}`);
  return value;
}

/** Opens the test server's SQLite file read-only (WAL lets it read while the server writes). */
export function readDb(dataDir: string): SQLite.Database {
  return new SQLite(path.join(dataDir, 'harvestlink.db'), { readonly: true, fileMustExist: true });
}

/** Signs a new trainee up and returns their cookie. */
export async function signUp(baseUrl: string, login: string, name: string): Promise<Client> {
  const c = client(baseUrl);
  const res = await c.post('/signup', { displayName: name, login, password: 'a long enough password', locale: 'zh-CN' });
  if (res.status !== 303) throw new Error(`sign-up of ${login} answered ${res.status}`);
  return c;
}
