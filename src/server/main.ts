// The production server: migrate, seed a new database, then serve Astro under Express.
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describeDatabase, getDb, openDatabase } from '../lib/server/db/client';
import { prepareDatabase } from '../lib/server/db/setup';
import { getConfig } from '../lib/server/config';
import { getPublicPageCache } from '../lib/server/cache/public-pages';
import { getStoreVersion } from '../lib/server/store/store.repository';
import { createApp, type AstroHandler } from './app';
import { startLinkServices, stopLinkServices } from './link-services';
import { withPublicPageCache } from './public-page-cache';
import { withShortLinks } from './short-links';

interface AstroEntry {
  handler: AstroHandler;
}

async function main(): Promise<void> {
  const config = getConfig();
  const setupHandle = openDatabase({ ...config, databasePoolSize: 1 });
  const where = describeDatabase(setupHandle);
  let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
  try {
    prepared = await prepareDatabase(setupHandle, config);
  } catch (error) {
    throw new Error(`Could not prepare the database (${where}): ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await setupHandle.close();
  }
  console.log(`Database: ${where}${config.databaseUrl ? ` (pool of up to ${config.databasePoolSize} connections)` : ''}`);
  if (prepared.backupDir) console.log(`Backed up the database before migrating: ${prepared.backupDir}`);
  if (prepared.applied.length > 0) console.log(`Applied migrations: ${prepared.applied.join(', ')}`);
  if (prepared.seeded) console.log('Loaded demo data into the new database (set SEED_DEMO=false to start empty).');

  const entryUrl = new URL('../server/entry.mjs', import.meta.url);
  const { handler } = (await import(/* @vite-ignore */ entryUrl.href)) as AstroEntry;
  const clientDir = fileURLToPath(new URL('../client/', import.meta.url));
  // Public store pages for anonymous visitors come from memory, checked against the store's
  // version in the database at most every 2 s (see src/lib/server/cache/public-pages.ts).
  const pageCache = getPublicPageCache();
  pageCache.setVersionLookup((storeId) => getStoreVersion(getDb(), storeId));
  // Short links answered from memory; scans and page views counted in memory, written every second.
  const links = await startLinkServices(getDb(), config);
  const app = createApp({ config, clientDir, astroHandler: handler, pageCache, visitCounter: links.counter });
  // Printed QR codes first (from memory, src/server/short-links.ts), then cached public pages, then Express.
  const pages = withPublicPageCache(pageCache, app, (req, storeId, known) => links.counter.view(req, storeId, known));
  const listener = withShortLinks({ directory: links.directory, counter: links.counter, secure: config.secure }, pages);

  const server: Server = http.createServer(listener).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    fs.writeFileSync(config.pidFile, `${process.pid}\n`);
    console.log(`HarvestLink is serving on http://${config.host}:${port} (public address ${config.publicUrl})`);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 120_000;

  let stopping = false;
  let finishing = false;
  // Open requests done (or 10 s passed): write the counts still in memory, then exit.
  const finish = async (): Promise<void> => {
    if (finishing) return;
    finishing = true;
    await stopLinkServices(links);
    fs.rmSync(config.pidFile, { force: true });
    process.exit(0);
  };
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing open requests, then stopping.`);
    server.close(() => void finish());
    server.closeIdleConnections();
    setTimeout(() => void finish(), 10_000).unref();
    // If the database hangs while writing counts, do not hang with it.
    setTimeout(() => process.exit(0), 20_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
