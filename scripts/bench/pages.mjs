// @ts-check
// The pages `npm run bench` measures. Later issues add their pages here: one entry per page.
//
// Fields (only `name` and `path` are required):
//   name         short label for the table and the JSON (unique)
//   path         request path, with query string if needed
//   method, body request method and body for wrk (default GET, no body)
//   headers      extra request headers (e.g. `{ 'Accept-Language': 'en' }`); merged over the defaults
//   cookie       a Cookie header value, for pages that need a fixed cookie
//   setup        async ({ baseUrl, fetch }) => ({ headers }) run once after the server started,
//                before the warm-up: log in, create what the page needs, return headers (e.g. Cookie)
//                that every request for this entry then carries. `fetch` is same-origin and does not
//                follow redirects (so a login's Set-Cookie can be read). Must finish within 30 s.
//   expectStatus status every response must have (default 200; 404 for the not-found page, 302 for a
//                redirect). Any other status is counted and flagged: req/s of an error page means nothing.
//   budgetKB     first-visit budget: HTML + CSS + JS as sent compressed, KB = 1024 bytes
//   jsBudgetKB   JavaScript part of that budget; 0 means "no JavaScript at all" (any script is flagged)
//   goal         minimum req/s as a fraction of the hello-world server measured in the same round
//                (e.g. 0.5); flagged when the median falls below it
//   firstVisit   false to skip the first-visit byte count (default: true unless expectStatus is 3xx)
//   note         a line for readers of the JSON
//   report       async (ctx, { headers }) => string[]: run after the load runs; its lines are printed
//                under the table and kept in the JSON (e.g. a time the server measures itself)

/**
 * @typedef {object} BenchContext
 * @property {string} baseUrl  origin of the app server under test, e.g. http://127.0.0.1:40123
 * @property {(path: string, init?: RequestInit) => Promise<Response>} fetch
 *   same-origin fetch with the bench's browser-like headers; redirects are not followed
 */

/**
 * @typedef {object} BenchPage
 * @property {string} name
 * @property {string} path
 * @property {string} [method]
 * @property {string} [body]
 * @property {Record<string, string>} [headers]
 * @property {string} [cookie]
 * @property {(ctx: BenchContext) => Promise<{ headers?: Record<string, string> } | void>} [setup]
 * @property {number} [expectStatus]
 * @property {number} [budgetKB]
 * @property {number} [jsBudgetKB]
 * @property {number} [goal]
 * @property {boolean} [firstVisit]
 * @property {string} [note]
 * @property {(ctx: BenchContext, page: { headers: Record<string, string> }) => Promise<string[]>} [report]
 *   run once after the load runs: lines printed under the table and kept in the JSON (e.g. a timing
 *   the server reports in a header)
 */

/**
 * Logs a demo user in (password harvest2026) and returns the session cookie for every request.
 * @param {string} baseUrl
 * @param {BenchContext['fetch']} fetch
 * @param {string} login
 */
async function logIn(baseUrl, fetch, login) {
  const res = await fetch('/login', {
    method: 'POST',
    headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: 'harvest2026' }).toString(),
  });
  if (res.status !== 303) throw new Error(`bench log-in as ${login} answered ${res.status}`);
  return { headers: { Cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } };
}

/** The main-photo budget of public store pages (photos are apart from the first-visit budget). */
const MAIN_PHOTO_BUDGET_KB = 50;

/**
 * The page's main photo (the one loaded eagerly, `fetchpriority="high"`): the bytes of each
 * width it offers, and which one a 360 px phone at device pixel ratio 1.5 and 2 would pick
 * from its `srcset` (the smallest candidate at least as wide as the pixels it needs).
 * @param {string} path
 * @returns {(ctx: BenchContext, page: { headers: Record<string, string> }) => Promise<string[]>}
 */
function mainPhotoReport(path) {
  return async ({ fetch }, { headers }) => {
    const html = await (await fetch(path, { headers })).text();
    const img = /<img\b[^>]*fetchpriority="high"[^>]*>/.exec(html)?.[0];
    if (!img) return [`Main photo of ${path}: none found (no <img fetchpriority="high">).`];
    const srcset = /srcset="([^"]+)"/.exec(img)?.[1] ?? '';
    const candidates = srcset
      .split(',')
      .map((part) => part.trim().split(/\s+/))
      .map(([url = '', w = '']) => ({ url: url.replace(/&amp;/g, '&'), width: Number.parseInt(w, 10) }))
      .filter((c) => c.url !== '' && Number.isFinite(c.width))
      .sort((a, b) => a.width - b.width);
    /** @type {Map<number, number>} */
    const bytes = new Map();
    for (const c of candidates) bytes.set(c.width, (await (await fetch(c.url)).arrayBuffer()).byteLength);
    const pick = (/** @type {number} */ pixels) => candidates.find((c) => c.width >= pixels) ?? candidates[candidates.length - 1];
    const lines = [`Main photo of ${path}: ${candidates.map((c) => `${c.width}w ${((bytes.get(c.width) ?? 0) / 1024).toFixed(1)} KB`).join(', ')}.`];
    for (const dpr of [1.5, 2]) {
      const chosen = pick(360 * dpr);
      if (!chosen) continue;
      const kb = (bytes.get(chosen.width) ?? 0) / 1024;
      const verdict = kb <= MAIN_PHOTO_BUDGET_KB ? 'within' : 'OVER';
      lines.push(`  a 360 px phone at ${dpr}× loads the ${chosen.width}w file: ${kb.toFixed(1)} KB (${verdict} the ${MAIN_PHOTO_BUDGET_KB} KB budget).`);
    }
    return lines;
  };
}

/** @type {BenchPage[]} */
export const pages = [
  {
    name: 'home',
    path: '/',
    budgetKB: 30,
    jsBudgetKB: 0,
    note: 'Foundation: what HarvestLink is; system fonts, no framework JS.',
  },
  {
    name: 'not-found',
    path: '/no-such-page-for-bench',
    expectStatus: 404,
    budgetKB: 30,
    jsBudgetKB: 0,
    note: 'Friendly 404 page rendered by Astro.',
  },
  {
    name: 'healthz',
    path: '/healthz',
    firstVisit: false,
    note: 'JSON health check with one database query: the floor for a page that reads the database.',
  },
  {
    name: 'lesson',
    path: '/lessons/choose-what-to-sell',
    budgetKB: 30,
    jsBudgetKB: 5,
    note: 'Course: a lesson with its quiz form, signed out; plain script only (mark read, Listen).',
  },
  {
    name: 'quiz-result',
    path: '/lessons/choose-what-to-sell/result',
    budgetKB: 30,
    jsBudgetKB: 5,
    setup: async ({ baseUrl, fetch }) => logIn(baseUrl, fetch, '13800138001'),
    note: 'Course: the demo trainee’s latest stored attempt, each question with its explanations (progress read from the database).',
  },
  {
    name: 'quiz-submit',
    path: '/lessons/choose-what-to-sell/quiz',
    method: 'POST',
    body: 'attempt=aaaaaaaaaaaaaaaaaaaaaaaaaa&q%3Aq1=c&q%3Aq2=a&q%3Aq2=b&q%3Aq2=d&q%3Aq3=a&q%3Aq4=b',
    setup: async ({ baseUrl }) => ({ headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' } }),
    firstVisit: false,
    note: 'Course: a signed-out reader’s answers scored on the server and shown (nothing stored).',
  },
  {
    name: 'qr-redirect',
    path: '/q/HARVEST2',
    expectStatus: 302,
    goal: 0.3,
    firstVisit: false,
    note: 'QR links: a printed short link (the demo door code of 陈家牦牛肉) → 302 to the store page, answered from memory before Astro; each request is counted as a scan (buffered, written every second).',
  },
  {
    name: 'qr-svg',
    path: '/studio/links/HARVEST2/qr.svg',
    firstVisit: false,
    setup: async ({ baseUrl, fetch }) => logIn(baseUrl, fetch, '13800138001'),
    report: async ({ fetch }, { headers }) => {
      // The SVG endpoint says how long making the code took (Server-Timing: qr;dur=…), measured
      // inside the server around qrSvgDocument(): the generation time per code, without HTTP.
      /** @type {number[]} */
      const samples = [];
      for (let i = 0; i < 300; i += 1) {
        const res = await fetch('/studio/links/HARVEST2/qr.svg', { headers });
        await res.arrayBuffer();
        const match = /qr;dur=([0-9.]+)/.exec(res.headers.get('server-timing') ?? '');
        if (match?.[1]) samples.push(Number(match[1]));
      }
      if (samples.length === 0) return ['QR SVG generation: no Server-Timing header in the answers.'];
      samples.sort((a, b) => a - b);
      const at = (/** @type {number} */ q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
      return [`QR SVG generation per code (inside the server, ${samples.length} codes): median ${at(0.5).toFixed(3)} ms, p90 ${at(0.9).toFixed(3)} ms, max ${at(1).toFixed(3)} ms.`];
    },
    note: 'QR links: the SVG download of a code (signed in as its owner); the whole request. The generation time alone is reported under the table.',
  },
  {
    name: 'market',
    path: '/market',
    budgetKB: 40,
    jsBudgetKB: 0,
    note:
      'Market: the directory with the tile map of provinces, its list and the latest store cards (demo data), no framework JS. ' +
      'The search over 5,000 seeded stores (server time p95 ≤ 30 ms) is measured apart, in databases of its own: scripts/bench/market-search.mjs.',
  },
  {
    name: 'store-page',
    path: '/s/chen-jia-mao-niu-rou',
    budgetKB: 30,
    jsBudgetKB: 3,
    goal: 0.5,
    report: mainPhotoReport('/s/chen-jia-mao-niu-rou'),
    note:
      'Storefront: the demo yak-beef store for an anonymous buyer, answered from the in-memory cache of compressed HTML ' +
      '(key: page + language; checked against the store version at most every 2 s). Photos apart; no framework JS (a few lines for copy-WeChat and share).',
  },
  {
    name: 'store-page-uncached',
    path: '/s/chen-jia-mao-niu-rou?from=bench',
    budgetKB: 30,
    jsBudgetKB: 3,
    note: 'Storefront: the same page rendered every time (a query string is never cached): the figure the cache improves on.',
  },
  {
    name: 'product-page',
    path: '/s/chen-jia-mao-niu-rou/feng-gan-mao-niu-rou',
    budgetKB: 30,
    jsBudgetKB: 3,
    goal: 0.5,
    report: mainPhotoReport('/s/chen-jia-mao-niu-rou/feng-gan-mao-niu-rou'),
    note: 'Storefront: a product page (photos, description, order form) for an anonymous buyer, from the in-memory cache.',
  },
  {
    name: 'builder',
    path: '/studio/store',
    jsBudgetKB: 225,
    setup: async ({ baseUrl, fetch }) => logIn(baseUrl, fetch, '13800138001'),
    note:
      'Storefront builder: the store details page with the rich-text editor island (React + TipTap), autosave, region picker and photo upload, ' +
      'signed in as the demo owner (the product page loads the same scripts). JS budget 225 KB compressed; no other page loads React.',
  },
  {
    name: 'trainer',
    path: '/trainer',
    budgetKB: 30,
    jsBudgetKB: 0,
    setup: async ({ baseUrl, fetch }) => logIn(baseUrl, fetch, 'li'),
    note:
      'Trainer workspace: li’s cohorts and the centre’s others (demo data), no framework JS. The dashboard of a 200-trainee ' +
      'cohort and its CSV export (goal: server time p95 ≤ 50 ms) are measured apart, in databases of their own: scripts/bench/trainer-dashboard.mjs.',
  },
  // Later, for example:
  // { name: 'lesson', path: '/lessons/01-getting-started', budgetKB: 40, jsBudgetKB: 0, goal: 0.5 },
  // { name: 'old-link', path: '/s/abc123', expectStatus: 302 },
  // { name: 'dashboard', path: '/dashboard', budgetKB: 60, setup: async ({ fetch }) => {
  //     const res = await fetch('/login', { method: 'POST', headers: { Origin: …, 'Content-Type': … }, body: … });
  //     return { headers: { Cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } };
  //   } },
];
