import type { Locale } from './i18n/locales';

/** Every internal URL is built here, so a route changes in one place. */
export const paths = {
  home: () => '/',
  lessons: () => '/lessons',
  lesson: (slug: string) => `/lessons/${encodeURIComponent(slug)}`,
  /** The quiz on the lesson page (a fragment link: the page scrolls to it). */
  lessonQuiz: (slug: string) => `/lessons/${encodeURIComponent(slug)}#quiz`,
  lessonRead: (slug: string) => `/lessons/${encodeURIComponent(slug)}/read`,
  lessonReadDone: (slug: string) => `/lessons/${encodeURIComponent(slug)}?read=1#quiz`,
  quizSubmit: (slug: string) => `/lessons/${encodeURIComponent(slug)}/quiz`,
  /** A signed-in user's quiz result: one attempt, or the latest when `attemptId` is null. */
  quizResult: (slug: string, attemptId: string | null = null) =>
    `/lessons/${encodeURIComponent(slug)}/result${attemptId ? `?attempt=${encodeURIComponent(attemptId)}` : ''}`,
  certificate: () => '/certificate',
  verify: () => '/verify',
  verifyCode: (code: string) => `/verify/${encodeURIComponent(code)}`,
  /** The market directory, with a search and filters: /market?q=蜂蜜&province=510000&category=honey&page=2. */
  market: (query: MarketLinkQuery = {}) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.province) params.set('province', query.province);
    if (query.category) params.set('category', query.category);
    if (query.page && query.page > 1) params.set('page', String(query.page));
    const text = params.toString();
    return `/market${text ? `?${text}` : ''}`;
  },
  /** A province's stores by county (administrative codes in URLs: pinyin collides, 山西/陕西). */
  marketProvince: (provinceCode: string) => `/market/${encodeURIComponent(provinceCode)}`,
  marketCounty: (provinceCode: string, countyCode: string, page = 1) =>
    `/market/${encodeURIComponent(provinceCode)}/${encodeURIComponent(countyCode)}${page > 1 ? `?page=${page}` : ''}`,
  login: () => '/login',
  loginThen: (next: string) => `/login?next=${encodeURIComponent(next)}`,
  logout: () => '/logout',
  signup: () => '/signup',
  signupThen: (next: string) => `/signup?next=${encodeURIComponent(next)}`,
  account: () => '/account',
  changePassword: () => '/account/password',
  reset: () => '/reset',
  forbidden: () => '/403',
  notFound: () => '/404',
  adminUsers: () => '/admin/users',
  adminUser: (id: string) => `/admin/users/${encodeURIComponent(id)}`,
  assistedSignup: () => '/assist/new-account',
  health: () => '/healthz',
  /** A stored photo file by its storage key (e.g. photos/ab/<id>-640.webp): served with a one-year immutable cache. */
  photo: (key: string) => `/media/${key.split('/').map(encodeURIComponent).join('/')}`,

  // Storefronts: the builder (one store per user, so no store id in these URLs) …
  studio: () => '/studio',
  studioJoin: () => '/studio/join',
  studioStore: () => '/studio/store',
  studioAddress: () => '/studio/address',
  studioPublish: () => '/studio/publish',
  studioMembers: () => '/studio/members',
  studioDelete: () => '/studio/delete',
  studioOrders: (options: { page?: number; open?: boolean } = {}) => {
    const params = new URLSearchParams();
    if (options.open) params.set('open', '1');
    if (options.page && options.page > 1) params.set('page', String(options.page));
    const query = params.toString();
    return `/studio/orders${query ? `?${query}` : ''}`;
  },
  studioProduct: (id: string) => `/studio/products/${encodeURIComponent(id)}`,
  /** Photo upload (multipart): to a product, or the store's cover when `productId` is null. */
  studioPhotoUpload: (productId: string | null) =>
    productId === null ? '/studio/photos?cover=1' : `/studio/photos?product=${encodeURIComponent(productId)}`,
  studioPhoto: (id: string) => `/studio/photos/${encodeURIComponent(id)}`,
  /** … the public pages … */
  store: (slug: string) => `/s/${encodeURIComponent(slug)}`,
  product: (storeSlug: string, productSlug: string) => `/s/${encodeURIComponent(storeSlug)}/${encodeURIComponent(productSlug)}`,
  orderForm: (storeSlug: string, productSlug: string | null = null) =>
    `/s/${encodeURIComponent(storeSlug)}/order${productSlug ? `?product=${encodeURIComponent(productSlug)}` : ''}`,
  orderSent: (storeSlug: string) => `/s/${encodeURIComponent(storeSlug)}/order?sent=1`,
  /** … the counties of one province, for the builder's region picker … */
  regionCounties: (provinceCode: string) => `/regions/${encodeURIComponent(provinceCode)}.json`,
  /** … and store moderation. */
  adminStores: () => '/admin/stores',
  adminStore: (id: string) => `/admin/stores/${encodeURIComponent(id)}`,

  // Short links and QR codes: the permanent /q/<code> a printed code carries …
  shortLink: (code: string) => `/q/${encodeURIComponent(code)}`,
  /** The code shown big on a phone screen for a buyer standing next to the seller. */
  shortLinkQr: (code: string) => `/q/${encodeURIComponent(code)}/qr`,
  /** … and the seller's side: codes per placement, downloads, print kit. */
  studioLinks: () => '/studio/links',
  studioLink: (code: string) => `/studio/links/${encodeURIComponent(code)}`,
  studioLinkSvg: (code: string) => `/studio/links/${encodeURIComponent(code)}/qr.svg`,
  studioLinkPng: (code: string, width: number) => `/studio/links/${encodeURIComponent(code)}/qr.png?width=${width}`,
  studioPoster: (code: string | null = null) => `/studio/print/poster${code ? `?link=${encodeURIComponent(code)}` : ''}`,
  studioLabels: (code: string | null = null, layout: string | null = null) => {
    const params = new URLSearchParams();
    if (code) params.set('link', code);
    if (layout) params.set('layout', layout);
    const query = params.toString();
    return `/studio/print/labels${query ? `?${query}` : ''}`;
  },

  // The trainer workspace: cohorts, their dashboards and trainees …
  trainer: () => '/trainer',
  /** A cohort's dashboard, with its sort and filter (?sort=lastActive&dir=desc&filter=needs-help). */
  trainerCohort: (id: string, query: Record<string, string> = {}) => {
    const text = new URLSearchParams(query).toString();
    return `/trainer/cohorts/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
  },
  /** The dashboard as CSV, with the same sort and filter as the page it was downloaded from. */
  trainerCohortCsv: (id: string, query: Record<string, string> = {}) => {
    const text = new URLSearchParams(query).toString();
    return `/trainer/cohorts/${encodeURIComponent(id)}/export.csv${text ? `?${text}` : ''}`;
  },
  trainerCohortQuestions: (id: string) => `/trainer/cohorts/${encodeURIComponent(id)}/questions`,
  /** The join poster: code, link and QR code, to show on a screen or print. */
  trainerCohortJoinSheet: (id: string) => `/trainer/cohorts/${encodeURIComponent(id)}/join`,
  trainerCohortSettings: (id: string) => `/trainer/cohorts/${encodeURIComponent(id)}/settings`,
  trainerTrainee: (cohortId: string, userId: string) => `/trainer/cohorts/${encodeURIComponent(cohortId)}/trainees/${encodeURIComponent(userId)}`,
  /** POST: start or stop editing a trainee's store with them (assisted mode). */
  trainerAssist: () => '/trainer/assist',
  /** … a centre's monthly report (YYYY-MM in TIME_ZONE) … */
  centreReport: (id: string, month: string | null = null) =>
    `/trainer/centres/${encodeURIComponent(id)}/report${month ? `?month=${encodeURIComponent(month)}` : ''}`,
  centreReportCsv: (id: string, month: string) => `/trainer/centres/${encodeURIComponent(id)}/report.csv?month=${encodeURIComponent(month)}`,
  /** … centres, for admins … */
  adminCentres: () => '/admin/centres',
  adminCentre: (id: string) => `/admin/centres/${encodeURIComponent(id)}`,
  /** … and joining a cohort: type a code, or open (scan) the join link. */
  join: () => '/join',
  joinCode: (code: string) => `/join/${encodeURIComponent(code)}`,
  /** Sign-up with the join code filled in, coming back to the join page afterwards. */
  signupToJoin: (code: string) => `/signup?join=${encodeURIComponent(code)}&next=${encodeURIComponent(`/join/${code}`)}`,
} as const;

/** A short link's path: /q/<code>. Absolute (for print and QR codes) via absoluteUrl(getConfig().publicUrl, qrPath(code)). */
export function qrPath(code: string): string {
  return paths.shortLink(code);
}

/** What a market link may carry: a search, filters, a page. */
export interface MarketLinkQuery {
  q?: string;
  /** A province code, or 'other' for stores outside the region list. */
  province?: string;
  category?: string;
  page?: number;
}

/** The market directory: /market, or with a search and filters. */
export function marketPath(query: MarketLinkQuery = {}): string {
  return paths.market(query);
}

/** A province's market page: /market/510000. */
export function marketProvincePath(provinceCode: string): string {
  return paths.marketProvince(provinceCode);
}

/** A county's market page: /market/510000/513232. */
export function marketCountyPath(provinceCode: string, countyCode: string, page = 1): string {
  return paths.marketCounty(provinceCode, countyCode, page);
}

/** A store's public page: /s/<slug>. */
export function storePath(slug: string): string {
  return paths.store(slug);
}

/** A product's public page: /s/<store slug>/<product slug>. */
export function productPath(storeSlug: string, productSlug: string): string {
  return paths.product(storeSlug, productSlug);
}

/** The same page in another language: keeps the path and query, sets `lang`. */
export function withLang(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', locale);
  // `//evil.example` would be a link to another host: keep it on this site.
  const pathname = url.pathname.replace(/^\/{2,}/, '/');
  return `${pathname}?${params.toString()}`;
}

/** An absolute link for print, QR codes and chat previews: always from PUBLIC_URL, never the Host header. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString();
}
