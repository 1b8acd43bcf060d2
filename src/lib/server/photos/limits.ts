// Limits and sizes for farmers' photos (issue 6: ≤ 10 MB in, ~40 MP, WebP at ~320/640/1280 px).

/** Largest upload accepted, in bytes. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Largest picture accepted, in pixels (width × height), passed to sharp as limitInputPixels. */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** Widths of the stored WebP variants; a smaller original is never enlarged. */
export const PHOTO_WIDTHS = [320, 640, 1280] as const;
/** WebP quality for every variant (product photos: small files, no visible blocks on a phone). */
export const PHOTO_WEBP_QUALITY = 78;
/** Default per-user photo storage (all variants counted). */
export const DEFAULT_PHOTO_QUOTA_BYTES = 100 * 1024 * 1024;
/** Photos decoded at once in this process; more wait their turn (memory on a small server). */
export const PHOTO_CONCURRENCY = 2;
/** A photo that takes longer than this to process is given up on. */
export const PHOTO_TIMEOUT_SECONDS = 30;
