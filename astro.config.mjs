// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import { noRenderContext } from './config/no-render-context.mjs';
import { allowedDomainsFor, readBuildSettings } from './config/runtime.mjs';

const { publicUrl } = readBuildSettings();

export default defineConfig({
  output: 'server',
  // Whole pages, not streamed chunks: pages are small, and compressing one buffer costs far less than many.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // React only for the rich-text editor island (src/islands); every other page ships no framework JS.
  // renderToString, not React's streaming renderer: on Node that one runs every render inside an
  // AsyncLocalStorage, which switches on async_hooks for all later requests (see config/no-render-context.mjs).
  // Note: this path ignores `identifierPrefix`, which hydration uses: an island whose server HTML
  // holds useId() values would not match in the browser (the editor's server HTML is an empty placeholder).
  integrations: [react({ experimentalDisableStreaming: true })],
  site: publicUrl,
  trailingSlash: 'never',
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // The adapter's per-render AsyncLocalStorage turns on async_hooks for every request (see the file).
  vite: { plugins: [noRenderContext()] },
  security: {
    checkOrigin: true,
    allowedDomains: allowedDomainsFor(publicUrl),
  },
  experimental: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
});
