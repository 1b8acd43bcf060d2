// @ts-check
import { staleReason } from './build-state.mjs';

/** Builds when dist/ does not match the sources or the build-time settings. */
export async function ensureBuild() {
  const reason = staleReason();
  if (reason === null) return;
  console.log(`Building HarvestLink: ${reason}.`);
  const { buildAll } = await import('../build.mjs');
  await buildAll();
}
