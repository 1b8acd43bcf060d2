// The production server: migrate, seed a new database, then serve Astro under Express.
import fs from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../lib/server/db/client';
import { prepareDatabase } from '../lib/server/db/setup';
import { getConfig } from '../lib/server/config';
import { createApp, type AstroHandler } from './app';

interface AstroEntry {
  handler: AstroHandler;
}

async function main(): Promise<void> {
  const config = getConfig();
  const setupHandle = createDatabase(config.databaseFile);
  const prepared = await prepareDatabase(setupHandle, config);
  await setupHandle.close();
  if (prepared.backupDir) console.log(`Backed up the database before migrating: ${prepared.backupDir}`);
  if (prepared.applied.length > 0) console.log(`Applied migrations: ${prepared.applied.join(', ')}`);
  if (prepared.seeded) console.log('Loaded demo data into the new database (set SEED_DEMO=false to start empty).');

  const entryUrl = new URL('../server/entry.mjs', import.meta.url);
  const { handler } = (await import(/* @vite-ignore */ entryUrl.href)) as AstroEntry;
  const clientDir = fileURLToPath(new URL('../client/', import.meta.url));
  const app = createApp({ config, clientDir, astroHandler: handler });

  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    fs.writeFileSync(config.pidFile, `${process.pid}\n`);
    console.log(`HarvestLink is serving on http://${config.host}:${port} (public address ${config.publicUrl})`);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 120_000;

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing open requests, then stopping.`);
    server.close(() => {
      fs.rmSync(config.pidFile, { force: true });
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
