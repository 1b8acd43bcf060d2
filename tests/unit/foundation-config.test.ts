import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedDomainsFor, normalisePublicUrl, readBuildSettings } from '../../config/runtime.mjs';
import { parseTrustProxy, readConfig } from '../../src/lib/server/config';

describe('configuration from the environment', () => {
  it('has safe defaults for a first run on a laptop', () => {
    const config = readConfig({});
    const dataDir = path.resolve('./data');
    expect(config).toEqual({
      port: 4321,
      host: '127.0.0.1',
      dataDir,
      databaseFile: path.join(dataDir, 'harvestlink.db'),
      databaseUrl: null,
      databasePoolSize: 10,
      uploadsDir: path.join(dataDir, 'uploads'),
      backupsDir: path.join(dataDir, 'backups'),
      pidFile: path.join(dataDir, 'server.pid'),
      publicUrl: 'http://127.0.0.1:4321',
      secure: false,
      trustProxy: false,
      seedDemo: true,
      timeZone: 'Asia/Shanghai',
      statsFlushMs: 1000,
    });
  });

  it('derives the public address from PORT when PUBLIC_URL is unset', () => {
    expect(readConfig({ PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('keeps everything under DATA_DIR, and BACKUP_DIR elsewhere when given', () => {
    const config = readConfig({ DATA_DIR: '/srv/harvest', BACKUP_DIR: '/mnt/backup/harvest' });
    expect(config.databaseFile).toBe('/srv/harvest/harvestlink.db');
    expect(config.uploadsDir).toBe('/srv/harvest/uploads');
    expect(config.pidFile).toBe('/srv/harvest/server.pid');
    expect(config.backupsDir).toBe('/mnt/backup/harvest');
  });

  it('rejects a port that is not a port', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => readConfig({ PORT: '-1' })).toThrow(/PORT/);
  });

  it('accepts an IANA TIME_ZONE and rejects a bad one with a message naming the setting', () => {
    expect(readConfig({ TIME_ZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
    expect(() => readConfig({ TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/TIME_ZONE/);
    expect(() => readConfig({ TIME_ZONE: 'Beijing time' })).toThrow(/TIME_ZONE/);
  });

  it('normalises PUBLIC_URL to its origin and marks https as secure', () => {
    const config = readConfig({ PUBLIC_URL: 'https://Harvest.Example.cn/some/path/?x=1' });
    expect(config.publicUrl).toBe('https://harvest.example.cn');
    expect(config.secure).toBe(true);
    expect(readConfig({ PUBLIC_URL: 'http://192.168.1.20:8080/' }).publicUrl).toBe('http://192.168.1.20:8080');
  });

  it('rejects a PUBLIC_URL that is not an http(s) URL, saying what to set', () => {
    expect(() => readConfig({ PUBLIC_URL: 'harvest.example.cn' })).toThrow(/PUBLIC_URL/);
    expect(() => readConfig({ PUBLIC_URL: 'ftp://harvest.example.cn' })).toThrow(/PUBLIC_URL/);
    expect(() => readConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL/);
  });

  it('reads SEED_DEMO as a yes/no switch and refuses anything else', () => {
    expect(readConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(readConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(readConfig({ SEED_DEMO: 'no' }).seedDemo).toBe(false);
    expect(readConfig({ SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(readConfig({ SEED_DEMO: '1' }).seedDemo).toBe(true);
    expect(() => readConfig({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told to, so X-Forwarded-For cannot be spoofed', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('no')).toBe(false);
    expect(readConfig({}).trustProxy).toBe(false);
  });

  it('"true" trusts exactly one hop (the reverse proxy in front), not every hop', () => {
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('TRUE')).toBe(1);
    expect(parseTrustProxy('yes')).toBe(1);
  });

  it('a number is a hop count; anything else is passed on as addresses or subnets', () => {
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy(' loopback ')).toBe('loopback');
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
    expect(readConfig({ TRUST_PROXY: 'uniquelocal' }).trustProxy).toBe('uniquelocal');
  });
});

describe('build-time settings (Astro fixes allowed hosts at build time)', () => {
  it('the build and the server agree on the public address', () => {
    expect(readBuildSettings({}).publicUrl).toBe(readConfig({}).publicUrl);
    expect(readBuildSettings({ PORT: '9000' }).publicUrl).toBe(readConfig({ PORT: '9000' }).publicUrl);
    expect(readBuildSettings({ PUBLIC_URL: 'https://a.example/x' }).publicUrl).toBe('https://a.example');
    expect(normalisePublicUrl('HTTP://LOCALHOST:4321/')).toBe('http://localhost:4321');
  });

  it('trusts the local addresses on any port and the public host on its own protocol', () => {
    const domains = allowedDomainsFor('https://harvest.example.cn');
    expect(domains).toContainEqual({ hostname: '127.0.0.1' });
    expect(domains).toContainEqual({ hostname: 'localhost' });
    expect(domains).toContainEqual({ hostname: 'harvest.example.cn', protocol: 'https' });
    // No wildcard entry that would let any Host header through the origin check.
    for (const domain of domains) expect(domain.hostname).not.toMatch(/\*/);
  });
});
