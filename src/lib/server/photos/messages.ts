// Which `editor` dictionary message explains a photo refusal, with its placeholders filled.
import type { Params } from '../../i18n/define';
import type { EditorMessageKey } from '../../i18n/editor';
import { DEFAULT_PHOTO_QUOTA_BYTES, MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from './limits';
import type { PhotoErrorCode } from './process';

export function photoErrorMessage(
  code: PhotoErrorCode | 'quota-exceeded',
  quotaBytes: number = DEFAULT_PHOTO_QUOTA_BYTES,
): { key: EditorMessageKey; params: Params } {
  switch (code) {
    case 'too-large':
      return { key: 'photoTooLarge', params: { mb: Math.round(MAX_PHOTO_BYTES / 1024 / 1024) } };
    case 'too-many-pixels':
      return { key: 'photoTooManyPixels', params: { mp: Math.round(MAX_PHOTO_PIXELS / 1_000_000) } };
    case 'corrupt':
      return { key: 'photoCorrupt', params: {} };
    case 'quota-exceeded':
      return { key: 'photoQuotaFull', params: { mb: Math.round(quotaBytes / 1024 / 1024) } };
    default:
      return { key: 'photoUnsupported', params: {} };
  }
}
