// npm run db:copy -- --from <sqlite file> --to <postgres url> [--replace]
// Moves a SQLite deployment's data into PostgreSQL: every table, parents before children, in one
// transaction, checked (row count and checksum per table) before it commits.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresUrl, redactUrl } from '../lib/server/db/client';
import { copySqliteToPostgres } from '../lib/server/db/copy';

const USAGE = `Usage: npm run db:copy -- --from <sqlite file> --to <postgres url> [--replace]

  --from     the SQLite database to copy, e.g. data/harvestlink.db (stop the app servers first:
             writes made after the copy starts are not carried over)
  --to       the PostgreSQL database, e.g. postgres://harvestlink:secret@db.internal:5432/harvestlink
             (created with: createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 harvestlink)
  --replace  the target already holds data: delete it (same transaction as the copy) instead of refusing

The target is migrated to this version's schema first. Nothing is committed unless every table's row
count and checksum match.`;

let parsed;
try {
  parsed = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
} else if (!values.from || !values.to) {
  console.error(`Both --from and --to are needed.\n\n${USAGE}`);
  process.exitCode = 2;
} else if (!isPostgresUrl(values.to)) {
  console.error(`--to must be a PostgreSQL URL (postgres://…), got ${JSON.stringify(values.to)}.\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const from = path.resolve(values.from);
  const started = Date.now();
  console.error(`Copying ${from} → ${redactUrl(values.to)}${values.replace ? ' (--replace)' : ''}`);
  try {
    const report = await copySqliteToPostgres({ from, to: values.to, replace: values.replace, log: (line) => console.error(line) });
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Copied ${rows} rows in ${report.tables.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; every table's row count and checksum match. ` +
        'Next: set DATABASE_URL on the app servers and start them (see the README, "Moving from SQLite").',
    );
  } catch (error) {
    console.error(`db:copy failed, nothing was committed to the target: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
