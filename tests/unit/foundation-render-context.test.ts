// The build step that takes @astrojs/node's per-render AsyncLocalStorage out of the server bundle
// (config/no-render-context.mjs), run on the adapter source that is really installed.
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ADAPTER_MODULE, noRenderContext, withoutRenderContext } from '../../config/no-render-context.mjs';
import { ROOT } from '../helpers/server';

// The file Vite bundles (the package's exports map does not list it, so it is found by path).
const adapterFile = path.join(ROOT, 'node_modules', '@astrojs', 'node', 'dist', 'serve-app.js');
const installed = fs.readFileSync(adapterFile, 'utf8');

describe('the Astro adapter without its per-render AsyncLocalStorage', () => {
  it('the installed adapter does run every render in an AsyncLocalStorage (what the step is for)', () => {
    expect(installed).toContain('new AsyncLocalStorage()');
    expect(installed).toMatch(/als\.run\(/);
  });

  it('rewrites it into valid JavaScript that renders directly, with no AsyncLocalStorage left', () => {
    const rewritten = withoutRenderContext(installed);
    expect(rewritten).not.toMatch(/AsyncLocalStorage|async_hooks|\bals\b/);
    expect(rewritten).toMatch(/const response = await \(app\.render\(\s*request, \{\s*addCookieHeader: true,\s*locals,\s*routeData,/);
    // Unhandled rejections are still logged (without the page's address).
    expect(rewritten).toContain('process.on("unhandledRejection"');
    expect(rewritten).toContain('Unhandled rejection while rendering a page');
    expect(() => transformSync(rewritten, { loader: 'js', format: 'esm' })).not.toThrow();
  });

  it('changes only the lines that use the storage, and keeps every other line where it was', () => {
    const before = installed.replace(/\r\n/g, '\n').split('\n');
    const after = withoutRenderContext(installed).split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, at) => (line === after[at] ? [] : [line.trim()]));
    expect(changed).toEqual([
      'import { AsyncLocalStorage } from "node:async_hooks";',
      'const als = new AsyncLocalStorage();',
      'const requestUrl = als.getStore();',
      'logger.error(`Unhandled rejection while rendering ${requestUrl}`);',
      'const response = await als.run(',
      'request.url,',
      '() => app.render(request, {',
    ]);
  });

  it('stops the build with a clear message when the adapter no longer reads as expected', () => {
    const changed = installed.replace('als.run(', 'als.runWith(');
    expect(() => withoutRenderContext(changed)).toThrow(/serve-app\.js no longer reads as config\/no-render-context\.mjs expects/);
    expect(() => withoutRenderContext(`${installed}\nconst als = new AsyncLocalStorage();`)).toThrow(/no longer reads as/);
  });

  it('the Vite plugin touches that one module only', () => {
    const plugin = noRenderContext();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(ADAPTER_MODULE.test(adapterFile)).toBe(true);
    expect(transform(installed, adapterFile)?.code).toBe(withoutRenderContext(installed));
    expect(transform(installed, `${adapterFile}?v=123`)?.code).toBe(withoutRenderContext(installed));
    expect(transform('const als = 1;', '/work/src/pages/index.astro')).toBeNull();
    expect(transform('const als = 1;', adapterFile.replace('serve-app.js', 'serve-static.js'))).toBeNull();
  });
});
