// Walks docs/permissions.md against the real server, as each actor, and fails when a route in
// src/pages is missing from the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPermissionTable, listPageRoutes, type PermissionRow } from '../helpers/permissions';
import { startServer, type TestServer } from '../helpers/server';
import { logInAs, DEMO } from '../helpers/auth';

const table = readPermissionTable();
let server: TestServer;
const cookies: Record<string, string | null> = {};
const params: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  cookies['anonymous'] = null;
  cookies['trainee'] = await logInAs(server.url, DEMO.trainee);
  cookies['trainer'] = await logInAs(server.url, DEMO.trainer);
  cookies['admin'] = await logInAs(server.url, DEMO.admin);
  params['id'] = await demoUserId(DEMO.trainee.login);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function demoUserId(login: string): Promise<string> {
  const res = await fetch(`${server.url}/admin/users?q=${encodeURIComponent(login)}`, {
    headers: { cookie: cookies['admin'] ?? '' },
  });
  const html = await res.text();
  const match = /href="\/admin\/users\/([a-z0-9]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`could not find the id of ${login}`);
  return match[1];
}

function concrete(route: string): string {
  return route.replace(/\[(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no value for route parameter [${name}]`);
    return value;
  });
}

async function statusFor(row: PermissionRow, actor: string): Promise<number> {
  const headers: Record<string, string> = {};
  const cookie = cookies[actor];
  if (cookie) headers['cookie'] = cookie;
  const init: RequestInit = { method: row.method, headers, redirect: 'manual' };
  if (row.method !== 'GET') {
    headers['origin'] = server.url;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = '';
  }
  const res = await fetch(`${server.url}${concrete(row.route)}`, init);
  await res.arrayBuffer();
  return res.status;
}

describe('permission table', () => {
  it('lists every route in src/pages with each of its methods', () => {
    const listed = new Set(table.rows.map((r) => `${r.method} ${r.route}`));
    const missing: string[] = [];
    for (const { route, methods } of listPageRoutes()) {
      const needed = methods ?? ['GET'];
      for (const method of needed) if (!listed.has(`${method} ${route}`)) missing.push(`${method} ${route}`);
    }
    expect(missing, 'routes missing from docs/permissions.md').toEqual([]);
  });

  it('has the actor columns the walk logs in as', () => {
    expect(table.actors).toEqual(['anonymous', 'trainee', 'trainer', 'admin']);
  });

  // Read-only rows first, then POSTs (a POST to /logout ends that actor's session, so it runs last).
  const ordered = [...table.rows].sort((a, b) => Number(a.route === '/logout') - Number(b.route === '/logout'));
  for (const row of ordered) {
    it(`${row.method} ${row.route}`, async () => {
      const actual: Record<string, number> = {};
      for (const actor of table.actors) actual[actor] = await statusFor(row, actor);
      expect(actual).toEqual(row.expected);
    });
  }
});
