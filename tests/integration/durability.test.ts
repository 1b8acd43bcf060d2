// SIGKILL in the middle of a burst of writes: every write that was answered with success is
// still there after a restart, and the database passes its integrity check.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { logInAs } from '../helpers/auth';
import { startServer } from '../helpers/server';

describe('durability', () => {
  it('keeps every acknowledged sign-up through a SIGKILL', { timeout: 90_000 }, async () => {
    const server = await startServer();
    const acknowledged: string[] = [];
    let killed = false;
    const attempts = Array.from({ length: 120 }, (_, i) => `burst_${i}`);

    const signups = attempts.map(async (login, i) => {
      // Spread the burst a little so the kill lands while requests are still arriving.
      await new Promise((r) => setTimeout(r, i * 5));
      try {
        const res = await fetch(`${server.url}/signup`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ displayName: `Farmer ${i}`, login, password: 'burst password', locale: 'en' }).toString(),
        });
        if (res.status === 303) acknowledged.push(login);
      } catch {
        // Connection reset by the kill: not acknowledged, may or may not be stored.
      }
      if (!killed && acknowledged.length >= 30) {
        killed = true;
        await server.kill('SIGKILL');
      }
    });
    await Promise.all(signups);
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(acknowledged.length).toBeLessThan(attempts.length); // the kill really interrupted the burst

    const file = path.join(server.dataDir, 'harvestlink.db');
    const db = new SQLite(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((db.prepare("select login from users where login like 'burst\\_%' escape '\\'").all() as { login: string }[]).map((r) => r.login));
      const lost = acknowledged.filter((login) => !stored.has(login));
      expect(lost, 'acknowledged sign-ups missing after SIGKILL').toEqual([]);
    } finally {
      db.close();
    }

    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      await logInAs(restarted.url, { login: acknowledged[acknowledged.length - 1] ?? '', password: 'burst password' });
    } finally {
      await restarted.stop();
      await server.stop();
    }
  });
});
