// @ts-check
// Runs one of the bundled command-line tools (dist/app/<name>.mjs), building first when needed.
import { ensureBuild } from './lib/ensure-build.mjs';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error('Usage: node scripts/run-cli.mjs <tool> [args]');
  process.exit(2);
}
await ensureBuild();
process.argv = [process.argv[0] ?? 'node', name, ...rest];
await import(`../dist/app/${name}.mjs`);
