// Farmers' photos: validate and re-encode with sharp, store through the storage interface, quota.
export {
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  PHOTO_WIDTHS,
  PHOTO_WEBP_QUALITY,
  DEFAULT_PHOTO_QUOTA_BYTES,
} from './limits';
export { sniffPhotoType, type PhotoInputType } from './sniff';
export {
  processPhoto,
  variantWidths,
  type PhotoError,
  type PhotoErrorCode,
  type ProcessedPhoto,
  type ProcessedVariant,
  type ProcessPhotoResult,
} from './process';
export {
  storePhoto,
  storeProcessedPhoto,
  deletePhotoFiles,
  parsePhotoVariants,
  processedPhotoBytes,
  newPhotoKey,
  type PhotoVariant,
  type StoredPhoto,
  type StorePhotoResult,
} from './store';
export { checkQuota, type QuotaResult } from './quota';
export { photoErrorMessage } from './messages';
