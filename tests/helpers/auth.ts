// Logs demo users in over HTTP, the way a browser does, and returns the Cookie header to send.
export const DEMO_PASSWORD = 'harvest2026';
export const DEMO = {
  admin: { login: 'admin', password: DEMO_PASSWORD },
  trainer: { login: 'li', password: DEMO_PASSWORD },
  trainee: { login: '13800138001', password: DEMO_PASSWORD },
  trainee2: { login: '13800138002', password: DEMO_PASSWORD },
  /** A member (not the owner) of the demo orange cooperative, whose owner is trainee2. */
  member: { login: '13800138003', password: DEMO_PASSWORD },
  /** An English-speaking member of the demo yak-beef store, whose owner is trainee. */
  maria: { login: 'maria', password: DEMO_PASSWORD },
} as const;

/** The cookies a response sets, as one Cookie request header (name=value; …). */
export function cookieHeader(res: Response, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar.set(name, rest.join('='));
  }
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const [name = '', ...rest] = pair.split('=');
    const value = rest.join('=');
    if (/max-age=0/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export async function logInAs(baseUrl: string, user: { login: string; password: string }, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ login: user.login, password: user.password }).toString(),
  });
  if (res.status !== 303) throw new Error(`log-in as ${user.login} answered ${res.status}`);
  const cookie = cookieHeader(res);
  if (!cookie.includes('session=')) throw new Error(`log-in as ${user.login} set no session cookie`);
  return cookie;
}
