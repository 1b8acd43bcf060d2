// @ts-check
// The pages `npm run bench` measures. Later issues add their pages here: one entry per page.
//
// Fields (only `name` and `path` are required):
//   name         short label for the table and the JSON (unique)
//   path         request path, with query string if needed
//   method, body request method and body for autocannon (default GET, no body)
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
 */

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
  // Later, for example:
  // { name: 'lesson', path: '/lessons/01-getting-started', budgetKB: 40, jsBudgetKB: 0, goal: 0.5 },
  // { name: 'old-link', path: '/s/abc123', expectStatus: 302 },
  // { name: 'dashboard', path: '/dashboard', budgetKB: 60, setup: async ({ fetch }) => {
  //     const res = await fetch('/login', { method: 'POST', headers: { Origin: …, 'Content-Type': … }, body: … });
  //     return { headers: { Cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } };
  //   } },
];
