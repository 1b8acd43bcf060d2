// @ts-check
// A build step for a few lines of @astrojs/node: its request handler runs every render inside an
// AsyncLocalStorage, only so that a process-wide "unhandledRejection" log line can name the page.
// On Node 20 the first `AsyncLocalStorage#run` switches on async_hooks for the whole process, for
// good: from then on every promise, tick and socket write of every request — cached pages and QR
// redirects included — calls into a JavaScript hook. Under the bench's load a cached store page
// took about 50 µs of CPU with the hook and 40–45 µs without it.
//
// This plugin rewrites the adapter's handler, while Vite bundles it into dist/server, to call the
// render directly (line numbers kept). The unhandled-rejection log stays, without the page's
// address. If the adapter's code no longer reads as expected the build stops, so an upgrade cannot
// silently bring the hook back or leave half a change. React's streaming renderer does the same per
// island; astro.config.mjs asks @astrojs/react for renderToString instead. Both are checked by
// tests/integration/foundation-async-context.test.ts. Node 24's AsyncContextFrame makes
// AsyncLocalStorage cheap; once the stack moves there, delete this file.

/** The adapter module whose handler is rewritten. */
export const ADAPTER_MODULE = /[\\/]@astrojs[\\/]node[\\/]dist[\\/]serve-app\.js$/;

/** Each rewrite: what the adapter says, and what the bundle says instead. */
const REWRITES = [
  { from: 'const als = new AsyncLocalStorage();', to: '' },
  {
    from: 'const requestUrl = als.getStore();\n    logger.error(`Unhandled rejection while rendering ${requestUrl}`);',
    to: 'logger.error("Unhandled rejection while rendering a page");\n',
  },
  { from: 'const response = await als.run(\n        request.url,\n        () => app.render(', to: 'const response = await (app.render(\n\n' },
  { from: 'import { AsyncLocalStorage } from "node:async_hooks";', to: '' },
];

/**
 * The adapter's source without its AsyncLocalStorage.
 * @param {string} code
 * @returns {string}
 */
export function withoutRenderContext(code) {
  let rewritten = code.replace(/\r\n/g, '\n');
  for (const { from, to } of REWRITES) {
    const at = rewritten.indexOf(from);
    if (at === -1 || rewritten.indexOf(from, at + 1) !== -1) {
      throw new Error(
        `@astrojs/node's serve-app.js no longer reads as config/no-render-context.mjs expects (looking for ${JSON.stringify(from)}). ` +
          'Check whether it still runs every render in an AsyncLocalStorage, then update or delete that file.',
      );
    }
    rewritten = rewritten.slice(0, at) + to + rewritten.slice(at + from.length);
  }
  if (/AsyncLocalStorage|\bals\b/.test(rewritten)) {
    throw new Error('config/no-render-context.mjs left a use of AsyncLocalStorage in @astrojs/node/dist/serve-app.js');
  }
  return rewritten;
}

/** @returns {import('vite').Plugin} */
export function noRenderContext() {
  return {
    name: 'harvestlink:no-render-context',
    // `astro dev` never loads the adapter's handler.
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!ADAPTER_MODULE.test(id.split('?')[0] ?? '')) return null;
      return { code: withoutRenderContext(code), map: null };
    },
  };
}
