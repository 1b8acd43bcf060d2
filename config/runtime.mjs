// @ts-check
// Settings that the build bakes in (Astro fixes `security.allowedDomains` at build time).
// Plain JS so astro.config.mjs and scripts/ share one definition; `npm start` rebuilds when
// these differ from the ones recorded in dist/build-info.json.

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ publicUrl: string }}
 */
export function readBuildSettings(env = process.env) {
  const port = env.PORT ?? '4321';
  return { publicUrl: normalisePublicUrl(env.PUBLIC_URL ?? `http://127.0.0.1:${port}`) };
}

/** @param {string} value */
export function normalisePublicUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL "${value}" is not a URL. Set it to the address buyers use, e.g. https://harvest.example.cn`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must start with http:// or https:// (got "${value}")`);
  }
  return url.origin;
}

/**
 * Host patterns Astro trusts for the request URL, and so for its same-origin form check:
 * the local addresses on any port, plus the public host.
 * @param {string} publicUrl
 */
export function allowedDomainsFor(publicUrl) {
  const url = new URL(publicUrl);
  return [
    { hostname: '127.0.0.1' },
    { hostname: 'localhost' },
    { hostname: url.hostname, protocol: url.protocol.replace(':', '') },
  ];
}
