// Reads docs/permissions.md and lists the routes that exist in src/pages, for the permission walk.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

export const ACTORS = ['anonymous', 'trainee', 'trainer', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export interface PermissionRow {
  route: string;
  method: string;
  expected: Record<string, number>;
}

/** Parses the markdown table; columns after Method are actors until "Notes". */
export function readPermissionTable(file = path.join(ROOT, 'docs/permissions.md')): { actors: string[]; rows: PermissionRow[] } {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().startsWith('|'));
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const header = cells(lines[0] ?? '');
  const notes = header.indexOf('Notes');
  const actors = header.slice(2, notes === -1 ? undefined : notes);
  const rows: PermissionRow[] = [];
  for (const line of lines.slice(2)) {
    const c = cells(line);
    const expected: Record<string, number> = {};
    actors.forEach((actor, i) => {
      const value = c[2 + i] ?? '';
      if (!/^\d{3}$/.test(value)) throw new Error(`docs/permissions.md: "${value}" for ${c[0]} ${c[1]} ${actor} is not a status code`);
      expected[actor] = Number(value);
    });
    rows.push({ route: c[0] ?? '', method: (c[1] ?? '').toUpperCase(), expected });
  }
  return { actors, rows };
}

/** Every route defined by a file in src/pages, as a pattern like /admin/users/[id]. */
export function listPageRoutes(dir = path.join(ROOT, 'src/pages')): { route: string; methods: string[] | null }[] {
  const out: { route: string; methods: string[] | null }[] = [];
  const walk = (d: string, prefix: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full, `${prefix}/${entry.name}`);
        continue;
      }
      const match = /^(.*)\.(astro|ts)$/.exec(entry.name);
      if (!match || entry.name.startsWith('_')) continue;
      const name = match[1] === 'index' ? '' : `/${match[1]}`;
      const route = `${prefix}${name}` || '/';
      // Endpoints (.ts) answer only the methods they export; pages answer GET (and POST when they handle forms).
      const methods =
        match[2] === 'ts'
          ? [...fs.readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] ?? '')
          : null;
      out.push({ route, methods });
    }
  };
  walk(dir, '');
  return out;
}
