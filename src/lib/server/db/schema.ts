import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one Database interface. Timestamps are ISO-8601 UTC strings (`2026-11-28T09:30:00.000Z`):
 * they sort correctly as text on every backend and carry no time-zone surprises.
 */
export interface Database {
  app_meta: AppMetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_failures: AuthFailuresTable;
  reset_codes: ResetCodesTable;
  lesson_reads: LessonReadsTable;
  quiz_attempts: QuizAttemptsTable;
  certificates: CertificatesTable;
  stores: StoresTable;
  store_members: StoreMembersTable;
  store_invites: StoreInvitesTable;
  store_slugs: StoreSlugsTable;
  products: ProductsTable;
  store_photos: StorePhotosTable;
  order_requests: OrderRequestsTable;
  store_edits: StoreEditsTable;
  short_links: ShortLinksTable;
  qr_scans: QrScansTable;
  page_views: PageViewsTable;
  market_search_docs: MarketSearchDocsTable;
  centres: CentresTable;
  centre_staff: CentreStaffTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
}

export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export type AppMeta = Selectable<AppMetaTable>;
export type NewAppMeta = Insertable<AppMetaTable>;

export type Role = 'trainee' | 'trainer' | 'admin';

export interface UsersTable {
  id: string;
  /** Normalised username or phone number (digits only), unique. */
  login: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: string;
  /** 0/1: the next log-in must set a new password (temporary passwords from a trainer). */
  must_change_password: number;
  disabled_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the token's secret half, hex. The raw token is never stored. */
  secret_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  absolute_expires_at: string;
}

export interface AuthFailuresTable {
  id: string;
  kind: 'login' | 'reset' | 'invite' | 'join';
  login: string;
  ip: string;
  created_at: string;
}

export interface ResetCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type ResetCode = Selectable<ResetCodesTable>;

export interface LessonReadsTable {
  id: string;
  user_id: string;
  lesson_slug: string;
  /** The first time the user reached the quiz or pressed "mark as read". */
  read_at: string;
}

export interface QuizAttemptsTable {
  id: string;
  user_id: string;
  lesson_slug: string;
  /** The quiz form's one-time attempt id; unique per user (a double submit is stored once). */
  attempt_key: string;
  /** The language the quiz was taken in. */
  locale: string;
  /** Hash of the lesson version answered: text and quiz (see lessonVersionHash). */
  version_hash: string;
  /** Hash of the quiz alone as scored (see lessonQuizHash): while it matches, the result can be shown question by question. */
  quiz_hash: string;
  /** JSON: [{ "question": "q1", "chosen": ["c"], "correct": true }, …] in quiz order. */
  answers: string;
  correct_count: number;
  question_count: number;
  /** 0–100, whole percent. */
  score: number;
  pass_mark: number;
  /** 0/1, judged against pass_mark when the attempt was made. */
  passed: number;
  created_at: string;
}

export interface CertificatesTable {
  id: string;
  user_id: string;
  /** Readable verification code (no 0/O, 1/I/L), stored without separators. */
  code: string;
  /** The display name on the day the certificate was issued. */
  holder_name: string;
  /** JSON array of the lesson slugs the course had that day, in order. */
  lessons: string;
  /** When the last quiz was first passed. */
  completed_at: string;
  created_at: string;
}

export type LessonRead = Selectable<LessonReadsTable>;
export type NewLessonRead = Insertable<LessonReadsTable>;
export type QuizAttempt = Selectable<QuizAttemptsTable>;
export type NewQuizAttempt = Insertable<QuizAttemptsTable>;
export type Certificate = Selectable<CertificatesTable>;
export type NewCertificate = Insertable<CertificatesTable>;

// Storefronts (see db/migrations/2026-11-28T1600_create_stores.ts).

export interface StoresTable {
  id: string;
  /** The current slug (/s/<slug>); every slug ever used is in store_slugs too. */
  slug: string;
  name: string;
  tagline: string;
  /** ProseMirror JSON of the story, validated by parseRichText before it is stored. */
  story_json: string | null;
  story_text: string;
  province_code: string | null;
  county_code: string | null;
  village: string;
  /** A place outside the region list, typed by the seller ('' when the list has it). */
  region_other: string;
  phone: string;
  wechat: string;
  whatsapp: string;
  pickup_note: string;
  delivery_note: string;
  cover_photo_id: string | null;
  /** Set while the store is live; null for a draft or an unpublished store. */
  published_at: string | null;
  first_published_at: string | null;
  taken_down_at: string | null;
  taken_down_reason: string | null;
  taken_down_by: string | null;
  /** Bumped by any change to the store, its products or photos (public-page cache key). */
  version: number;
  /** Bumped by saves of the store's own fields (stale saves from a second tab are refused). */
  edit_version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type StoreRole = 'owner' | 'member';

export interface StoreMembersTable {
  id: string;
  store_id: string;
  /** Unique: a user belongs to at most one store. */
  user_id: string;
  role: StoreRole;
  created_at: string;
}

export interface StoreInvitesTable {
  id: string;
  store_id: string;
  code_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

export interface StoreSlugsTable {
  slug: string;
  store_id: string;
  created_at: string;
}

export interface ProductsTable {
  id: string;
  store_id: string;
  slug: string;
  name: string;
  /** Integer minor units (fen, cents); null until a price is set. */
  price_minor: number | null;
  currency: string;
  unit: string;
  /** 0/1: the price is per unit of weight and the total is final on weighing. */
  price_by_weight: number;
  availability: 'inStock' | 'soldOut' | 'preorder';
  /** YYYY-MM-DD, the expected harvest for pre-orders. */
  harvest_date: string | null;
  stock: number | null;
  category: string;
  description_json: string | null;
  description_text: string;
  position: number;
  /** 0/1: hidden from the public pages. */
  hidden: number;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface StorePhotosTable {
  id: string;
  store_id: string;
  /** Null for the store's cover photo. */
  product_id: string | null;
  uploaded_by: string | null;
  storage_key: string;
  /** JSON array of the stored variants (width, height, key, bytes). */
  variants: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  position: number;
  created_at: string;
}

export interface OrderRequestsTable {
  id: string;
  store_id: string;
  product_id: string | null;
  product_name: string;
  buyer_name: string;
  buyer_contact: string;
  quantity: string;
  note: string;
  fulfilment: 'pickup' | 'delivery';
  locale: string;
  client_hash: string;
  created_at: string;
  read_at: string | null;
  handled_at: string | null;
  handled_by: string | null;
}

export interface StoreEditsTable {
  id: string;
  store_id: string;
  user_id: string | null;
  action: string;
  product_id: string | null;
  created_at: string;
  last_at: string;
}

export type Store = Selectable<StoresTable>;
export type NewStore = Insertable<StoresTable>;
export type StoreUpdate = Updateable<StoresTable>;
export type StoreMember = Selectable<StoreMembersTable>;
export type StoreInvite = Selectable<StoreInvitesTable>;
export type Product = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type ProductUpdate = Updateable<ProductsTable>;
export type StorePhoto = Selectable<StorePhotosTable>;
export type NewStorePhoto = Insertable<StorePhotosTable>;
export type OrderRequest = Selectable<OrderRequestsTable>;
export type NewOrderRequest = Insertable<OrderRequestsTable>;

// Short links, QR codes and visit counts (see db/migrations/2026-11-28T1930_create_short_links.ts).

export type Placement = 'main' | 'door' | 'box' | 'stall' | 'poster' | 'chat' | 'other';

export interface ShortLinksTable {
  id: string;
  /** 8 characters from the readable alphabet (no 0/O, 1/I/L), upper case; unique forever. */
  code: string;
  /** What the code was made for; kept when the product is deleted (the code then leads to the store). */
  target_kind: 'store' | 'product';
  /** Null once the store is deleted: the code stays as a tombstone ("this shop has closed"). */
  store_id: string | null;
  product_id: string | null;
  /** 'store:<id>' / 'product:<id>' for the automatic code of each; null for placement codes. */
  main_for: string | null;
  placement: Placement;
  /** The seller's words for where it is ("North gate stall"); '' for main codes. */
  label: string;
  created_by: string | null;
  created_at: string;
  /** Hidden from the seller's list; the code still works. */
  archived_at: string | null;
}

export interface QrScansTable {
  id: string;
  link_id: string;
  store_id: string;
  scanned_at: string;
  /** Salted hash of address and browser; the salt changes daily and is never stored. */
  visitor: string;
}

export interface PageViewsTable {
  id: string;
  store_id: string;
  page: 'store' | 'product';
  viewed_at: string;
  visitor: string;
  /** Views this row holds: one page kind, one visitor, within the minute of viewed_at. */
  views: number;
}

export type ShortLink = Selectable<ShortLinksTable>;
export type NewShortLink = Insertable<ShortLinksTable>;
export type ShortLinkUpdate = Updateable<ShortLinksTable>;
export type NewQrScan = Insertable<QrScansTable>;
export type NewPageView = Insertable<PageViewsTable>;

// The market's search index (see db/migrations/2026-11-28T1900_create_market_search.ts).

/**
 * One search document per store, written by database triggers only (never by the app): the store's
 * name, tagline, story, village and typed region and its visible products' names and descriptions.
 * SQLite also has an integer `doc_id` here and the FTS5 table `market_search` over it; both are
 * reached only through src/lib/server/db/text-search.ts.
 */
export interface MarketSearchDocsTable {
  store_id: string;
  body: string;
}

// Training centres, cohorts and their members (see db/migrations/2026-11-28T2100_create_cohorts.ts).

export interface CentresTable {
  id: string;
  name: string;
  /** Where the centre is (county, town), as typed by the admin. */
  place: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type CentreRole = 'trainer' | 'manager';

export interface CentreStaffTable {
  id: string;
  centre_id: string;
  /** Unique: a trainer works for at most one centre. */
  user_id: string;
  role: CentreRole;
  created_at: string;
}

export interface CohortsTable {
  id: string;
  /** The trainer's centre when the cohort was made; null for a trainer outside any centre. */
  centre_id: string | null;
  trainer_id: string | null;
  name: string;
  place: string;
  /** YYYY-MM-DD in the deployment's time zone. */
  start_date: string;
  /** Digits only, unique forever (a printed join QR never leads to another cohort). */
  join_code: string;
  /** JSON array of lesson slugs to pass before publishing a store; '[]' = no lock (the default). */
  required_lessons: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export type LeftReason = 'moved' | 'removed';

export interface CohortMembersTable {
  id: string;
  cohort_id: string;
  user_id: string;
  joined_at: string;
  /** Null while on the roster; set when the trainee moved to another cohort or was removed. */
  left_at: string | null;
  left_reason: LeftReason | null;
  /** 0/1: this is the trainee's current cohort (unique per user among active rows). */
  active: number;
  added_by: string | null;
}

export type Centre = Selectable<CentresTable>;
export type NewCentre = Insertable<CentresTable>;
export type CentreStaff = Selectable<CentreStaffTable>;
export type Cohort = Selectable<CohortsTable>;
export type NewCohort = Insertable<CohortsTable>;
export type CohortUpdate = Updateable<CohortsTable>;
export type CohortMember = Selectable<CohortMembersTable>;
export type NewCohortMember = Insertable<CohortMembersTable>;
