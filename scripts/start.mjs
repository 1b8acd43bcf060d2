// @ts-check
// `npm start`: build when needed, then migrate, seed an empty database and serve.
import { ensureBuild } from './lib/ensure-build.mjs';

try {
  await ensureBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
await import('../dist/app/server.mjs');
