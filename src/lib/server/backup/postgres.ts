// With PostgreSQL, backups are PostgreSQL's own business: `npm run backup` and `npm run restore`
// work on the SQLite file only, and say what to run instead.
import type { AppConfig } from '../config';
import { redactUrl } from '../db/client';

/** The instructions `npm run backup` / `npm run restore` print when DATABASE_URL names PostgreSQL. */
export function postgresBackupAdvice(config: Pick<AppConfig, 'databaseUrl' | 'uploadsDir'>, action: 'backup' | 'restore'): string {
  const url = config.databaseUrl ? redactUrl(config.databaseUrl) : 'postgres://…';
  const lines =
    action === 'backup'
      ? [
          `DATABASE_URL points at PostgreSQL (${url}): \`npm run ${action}\` only copies a SQLite file, so nothing was backed up.`,
          'Back up with PostgreSQL\'s own tools (consistent while the app servers keep running):',
          '  pg_dump --format=custom --file=harvestlink-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"',
          `and copy the uploads folder too (${config.uploadsDir}, or your shared uploads storage).`,
          'The README section "PostgreSQL: backups" has the details (schedules, restore drill).',
        ]
      : [
          `DATABASE_URL points at PostgreSQL (${url}): \`npm run ${action}\` only puts back a SQLite backup, so nothing was restored.`,
          'Restore a pg_dump archive with PostgreSQL\'s own tools, with every app server stopped, into an empty database:',
          '  createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 harvestlink_restored',
          '  pg_restore --no-owner --exit-on-error --dbname=postgres://…/harvestlink_restored harvestlink-….dump',
          `then point DATABASE_URL at it, put the uploads folder back (${config.uploadsDir}), and start the servers.`,
          'The README section "PostgreSQL: backups" has the details.',
        ];
  return lines.join('\n');
}
