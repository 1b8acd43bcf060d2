// Starts the built server once for all browser tests (demo data on, fresh data directory) and
// returns the teardown that stops it.
import net from 'node:net';
import type { FullConfig } from '@playwright/test';
import { startServer } from './server';

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`Port ${port} is busy: another server is running there. Stop it or set E2E_PORT to a free port.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts sets no baseURL');
  const port = Number(new URL(baseURL).port);
  await assertPortFree(port);
  const server = await startServer({ port, env: { SEED_DEMO: 'true' } });
  // Specs that need their own data (e.g. market stores) open the server's database here; workers
  // start after this setup and inherit the variable.
  process.env['E2E_DATA_DIR'] = server.dataDir;
  return async () => {
    await server.stop();
    const errors = server.logs().split('\n').filter((line) => line.includes('"level":"error"'));
    if (errors.length > 0) throw new Error(`The server logged errors during the browser tests:\n${errors.join('\n')}`);
  };
}
