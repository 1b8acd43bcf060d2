// Reads docs/permissions.md and lists the routes that exist in src/pages, for the permission walk.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

/** Every actor the walk can log in as; each table in docs/permissions.md uses some of them. */
export const ACTORS = [
  'anonymous',
  'trainee',
  'member',
  'owner',
  'trainer',
  'admin',
  // The trainer workspace's table (see docs/permissions.md, "Trainer workspace").
  'cohort-trainee',
  'other-trainee',
  'cohort-trainer',
  'other-trainer',
  'manager',
  'other-manager',
] as const;
export type Actor = (typeof ACTORS)[number];

export interface PermissionRow {
  route: string;
  method: string;
  /** Expected status per actor of the row's table. */
  expected: Record<string, number>;
}

/**
 * Parses every table in the file (one per area). Each table's header names its actors: the
 * columns after Method, up to "Notes". A row is walked for its own table's actors.
 */
export function readPermissionTable(file = path.join(ROOT, 'docs/permissions.md')): { actors: string[]; tables: string[][]; rows: PermissionRow[] } {
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const actors: string[] = [];
  const tables: string[][] = [];
  const rows: PermissionRow[] = [];
  let current: string[] | null = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim().startsWith('|')) {
      current = null;
      continue;
    }
    const c = cells(line);
    if (current === null) {
      // A header row starts a table.
      const notes = c.indexOf('Notes');
      current = c.slice(2, notes === -1 ? undefined : notes);
      tables.push(current);
      for (const actor of current) if (!actors.includes(actor)) actors.push(actor);
      continue;
    }
    if (c.every((cell) => /^:?-+:?$/.test(cell))) continue;
    const expected: Record<string, number> = {};
    current.forEach((actor, i) => {
      const value = c[2 + i] ?? '';
      if (!/^\d{3}$/.test(value)) throw new Error(`docs/permissions.md: "${value}" for ${c[0]} ${c[1]} ${actor} is not a status code`);
      expected[actor] = Number(value);
    });
    rows.push({ route: c[0] ?? '', method: (c[1] ?? '').toUpperCase(), expected });
  }
  return { actors, tables, rows };
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
