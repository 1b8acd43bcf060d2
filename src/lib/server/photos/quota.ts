// The per-user photo quota. The store keeps each user's stored bytes in the database; this decides.
import { DEFAULT_PHOTO_QUOTA_BYTES } from './limits';

export type QuotaResult =
  | { ok: true; remainingBytes: number }
  | { ok: false; code: 'quota-exceeded'; usedBytes: number; limitBytes: number };

/**
 * Whether `incomingBytes` more fit in a quota of `limitBytes` when `usedBytes` are already stored.
 * Pass the processed size (processedPhotoBytes) — what will actually be stored.
 */
export function checkQuota(usedBytes: number, incomingBytes: number, limitBytes: number = DEFAULT_PHOTO_QUOTA_BYTES): QuotaResult {
  const used = Math.max(0, usedBytes);
  const incoming = Math.max(0, incomingBytes);
  if (used + incoming > limitBytes) return { ok: false, code: 'quota-exceeded', usedBytes: used, limitBytes };
  return { ok: true, remainingBytes: limitBytes - used - incoming };
}
