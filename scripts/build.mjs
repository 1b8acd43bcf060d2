// @ts-check
// Builds everything `npm start` serves: Astro (dist/server, dist/client), the Express server and
// the command-line tools (dist/app), precompressed static assets, and dist/build-info.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { build } from 'vite';
import { buildInfoFile, currentState, root } from './lib/build-state.mjs';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|mjs|css|svg|html|json|txt|xml|webmanifest)$/;

export const CLI_ENTRIES = ['migrate', 'seed', 'backup', 'restore', 'admin-create', 'db-copy', 'seed-market', 'seed-bench-cohort'];

async function buildAstro() {
  const astro = path.join(root, 'node_modules', 'astro', 'astro.js');
  const result = spawnSync(process.execPath, [astro, 'build', '--silent'], { cwd: root, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('astro build failed (see above)');
}

async function buildServerAndTools() {
  /** @type {Record<string, string>} */
  const input = { server: path.join(root, 'src/server/main.ts') };
  for (const name of CLI_ENTRIES) input[name] = path.join(root, `src/cli/${name}.ts`);
  await build({
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: path.join(root, 'dist/app'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input,
        output: { format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
}

/** @param {string} dir */
async function precompress(dir) {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const data = fs.readFileSync(file);
    if (data.length < 512) continue;
    const br = await brotli(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    const gz = await gzip(data, { level: 9 });
    if (br.length < data.length) fs.writeFileSync(`${file}.br`, br);
    if (gz.length < data.length) fs.writeFileSync(`${file}.gz`, gz);
    count += 1;
  }
  return count;
}

export async function buildAll() {
  const started = Date.now();
  const state = currentState();
  fs.rmSync(buildInfoFile, { force: true });
  await buildAstro();
  await buildServerAndTools();
  const compressed = await precompress(path.join(root, 'dist/client'));
  fs.writeFileSync(buildInfoFile, `${JSON.stringify({ ...state, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s for ${state.settings.publicUrl} (${compressed} assets precompressed).`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAll().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
