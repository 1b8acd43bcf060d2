// node scripts/run-cli.mjs seed-bench-cohort -- --trainees 200 [--seed 1]
// Fills a database of its own (DATA_DIR, or DATABASE_URL) with one big cohort for measuring the
// trainer dashboard (`npm run bench` runs it): N trainees × every lesson × a few attempts, stores,
// orders, scans. Refuses a database that already has cohorts: it is not for a deployment. Prints
// one JSON line: the trainer's login (password harvest2026), the cohort id and what was seeded.
import { parseArgs } from 'node:util';
import { getConfig } from '../lib/server/config';
import { courseFromFiles } from '../lib/server/course/lesson-files';
import { describeDatabase, openDatabase } from '../lib/server/db/client';
import { prepareDatabase } from '../lib/server/db/setup';
import { seedBenchCohort } from '../lib/server/trainer/bench-seed';

const { values } = parseArgs({ options: { trainees: { type: 'string' }, seed: { type: 'string' } }, strict: true });
const trainees = Number(values.trainees ?? '200');
const seed = Number(values.seed ?? '1');
if (!Number.isInteger(trainees) || trainees < 1 || trainees > 5000 || !Number.isInteger(seed)) {
  console.error('Usage: seed-bench-cohort --trainees <1–5000> [--seed <integer>]');
  process.exit(2);
}

const config = getConfig();
const handle = openDatabase(config);
try {
  await prepareDatabase(handle, { ...config, seedDemo: false });
  const existing = await handle.db.selectFrom('cohorts').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) {
    throw new Error(`${describeDatabase(handle)} already has cohorts: seed-bench-cohort only fills an empty database of its own (e.g. DATA_DIR=$(mktemp -d)).`);
  }
  const started = performance.now();
  const summary = await seedBenchCohort(handle.db, courseFromFiles(), { trainees, seed });
  console.log(JSON.stringify({ ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
