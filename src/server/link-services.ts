// Starts what /q/ and the visit counts need in the server process: the in-memory code directory
// (loaded whole, then kept current) and the visit buffer (flushed every STATS_FLUSH_MS, and on a
// clean shutdown by stopLinkServices).
import express from 'express';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../lib/server/config';
import type { Database } from '../lib/server/db/schema';
import { getLinkDirectory, type LinkDirectory } from '../lib/server/links/directory';
import { linkLoaderFor } from '../lib/server/links/links';
import { databaseVisitWriter, DEFAULT_BUFFER_OPTIONS, installVisitBuffer, VisitBuffer } from '../lib/server/stats/visit-buffer';
import { installScanCounter } from '../lib/server/stats/visit-counter';
import type { TrustProxy } from '../lib/server/stats/visitor';
import { createVisitCounter, type VisitCounter } from './visits';

export interface LinkServices {
  directory: LinkDirectory;
  buffer: VisitBuffer;
  counter: VisitCounter;
  /** Codes loaded at start. */
  loaded: number;
}

/** TRUST_PROXY compiled exactly the way Express compiles it for req.ip. */
function trustFunction(setting: AppConfig['trustProxy']): TrustProxy | null {
  if (setting === false) return null;
  const probe = express();
  probe.set('trust proxy', setting);
  const fn: unknown = probe.get('trust proxy fn');
  if (typeof fn !== 'function') return null;
  return (address, hop) => Boolean(fn(address, hop));
}

export async function startLinkServices(db: Kysely<Database>, config: AppConfig): Promise<LinkServices> {
  const directory = getLinkDirectory();
  directory.setLoader(linkLoaderFor(db));
  const loaded = await directory.loadAll();
  const buffer = new VisitBuffer(databaseVisitWriter(db), { ...DEFAULT_BUFFER_OPTIONS, flushIntervalMs: config.statsFlushMs });
  installVisitBuffer(buffer);
  buffer.start();
  const counter = createVisitCounter({ buffer, timeZone: config.timeZone, trust: trustFunction(config.trustProxy) });
  // For scans answered by Astro's /q/ page (a code this server's directory had not caught up with).
  installScanCounter(counter);
  return { directory, buffer, counter, loaded };
}

/** Writes every count still in memory (clean shutdown). Logs what could not be written. */
export async function stopLinkServices(services: LinkServices): Promise<void> {
  const left = await services.buffer.stop();
  if (left > 0) {
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message: `${left} visit counts could not be written before stopping` }));
  }
}
