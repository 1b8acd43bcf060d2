// @ts-check
// Decides whether dist/ matches the sources and the build-time settings (PUBLIC_URL).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildSettings } from '../../config/runtime.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const buildInfoFile = path.join(root, 'dist', 'build-info.json');
const SOURCES = ['src', 'content', 'db', 'public', 'config', 'astro.config.mjs', 'package-lock.json', 'scripts/build.mjs'];

/** @param {string} target @param {string[]} out */
function collect(target, out) {
  if (!fs.existsSync(target)) return;
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    out.push(target);
    return;
  }
  for (const entry of fs.readdirSync(target)) collect(path.join(target, entry), out);
}

/** A hash of every source file's path and content: mtimes lie after a git checkout. */
export function sourceHash() {
  /** @type {string[]} */
  const files = [];
  for (const s of SOURCES) collect(path.join(root, s), files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function currentState() {
  return { settings: readBuildSettings(), sources: sourceHash() };
}

/** @returns {string | null} why a build is needed, or null when dist/ is current */
export function staleReason() {
  if (!fs.existsSync(buildInfoFile)) return 'no build yet';
  /** @type {{ settings?: { publicUrl?: string }, sources?: string }} */
  const info = JSON.parse(fs.readFileSync(buildInfoFile, 'utf8'));
  const now = currentState();
  if (info.settings?.publicUrl !== now.settings.publicUrl) {
    return `PUBLIC_URL changed (${info.settings?.publicUrl ?? 'unset'} → ${now.settings.publicUrl})`;
  }
  if (info.sources !== now.sources) return 'sources changed since the last build';
  for (const f of ['dist/app/server.mjs', 'dist/server/entry.mjs']) {
    if (!fs.existsSync(path.join(root, f))) return `${f} is missing`;
  }
  return null;
}
