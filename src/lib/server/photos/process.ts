// Re-encodes an uploaded photo with sharp: auto-oriented, metadata dropped (no EXIF, no GPS),
// WebP at up to three widths. CPU-heavy: never call it inside a database transaction.
import sharp from 'sharp';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  PHOTO_CONCURRENCY,
  PHOTO_TIMEOUT_SECONDS,
  PHOTO_WEBP_QUALITY,
  PHOTO_WIDTHS,
} from './limits';
import { sniffPhotoType, type PhotoInputType } from './sniff';

// Only the JPEG, PNG and WebP decoders may run in this process: HEIF, SVG, TIFF, GIF, PDF,
// ImageMagick and the rest are refused by libvips itself, whatever a file claims to be.
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: ['VipsForeignLoadJpeg', 'VipsForeignLoadPng', 'VipsForeignLoadWebp'] });
// One-off uploads gain nothing from libvips' operation cache; it only holds memory.
sharp.cache(false);

export type PhotoErrorCode = 'unsupported-type' | 'too-large' | 'too-many-pixels' | 'corrupt';

export interface PhotoError {
  code: PhotoErrorCode;
  /** For logs, in English; show users the `editor` dictionary message from photoErrorMessageKey(code). */
  message: string;
}

export interface ProcessedVariant {
  width: number;
  height: number;
  /** WebP bytes, no metadata. */
  data: Buffer;
}

export interface ProcessedPhoto {
  /** What the upload turned out to be (by its bytes). */
  inputType: PhotoInputType;
  /** The photo's size as seen upright (after EXIF orientation), before any scaling. */
  originalWidth: number;
  originalHeight: number;
  /** Smallest first; one to three entries (a small photo is never enlarged). */
  variants: ProcessedVariant[];
}

export type ProcessPhotoResult = { ok: true; photo: ProcessedPhoto } | { ok: false; error: PhotoError };

const SHARP_INPUT: sharp.SharpOptions = {
  limitInputPixels: MAX_PHOTO_PIXELS,
  // Minor warnings (common in cheap phones' JPEGs) pass; undecodable data is refused.
  failOn: 'error',
  sequentialRead: true,
  pages: 1,
};

/**
 * Validates and re-encodes one uploaded photo. Accepts JPEG, PNG and WebP judged by their bytes;
 * refuses with a code: 'too-large' (> MAX_PHOTO_BYTES), 'unsupported-type' (anything else, an SVG
 * renamed .jpg, HEIC…), 'too-many-pixels' (> MAX_PHOTO_PIXELS, read from the header before
 * decoding, so decompression bombs are refused at once), 'corrupt' (does not decode).
 *
 * The output is WebP at PHOTO_WIDTHS (never wider than the original), upright, with no EXIF, GPS,
 * XMP or ICC data. Image work holds a CPU for up to a second: call this before opening any
 * database transaction, never inside one.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessPhotoResult> {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return refuse('too-large', `the file has ${bytes.byteLength} bytes; at most ${MAX_PHOTO_BYTES} are accepted`);
  const inputType = sniffPhotoType(bytes);
  if (inputType === null) return refuse('unsupported-type', 'the file is not a JPEG, PNG or WebP image');
  return withSlot(() => encode(bytes, inputType));
}

async function encode(bytes: Uint8Array, inputType: PhotoInputType): Promise<ProcessPhotoResult> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, SHARP_INPUT).metadata();
  } catch (error) {
    return fromSharpError(error);
  }
  if (metadata.format !== inputType) return refuse('unsupported-type', `the file starts like ${inputType} but decodes as ${String(metadata.format)}`);
  const { width, height } = metadata.autoOrient;
  if (!width || !height) return refuse('corrupt', 'the image has no size');
  if (width * height > MAX_PHOTO_PIXELS) return refuse('too-many-pixels', `the image has ${width}×${height} pixels; at most ${MAX_PHOTO_PIXELS} are accepted`);

  const targets = variantWidths(width);
  const largest = targets[targets.length - 1] ?? width;
  try {
    // Decode, turn upright and scale once; the smaller variants are made from that bitmap.
    const base = await sharp(bytes, SHARP_INPUT)
      .timeout({ seconds: PHOTO_TIMEOUT_SECONDS })
      .autoOrient()
      .resize({ width: largest, withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
    const variants: ProcessedVariant[] = [];
    for (const target of targets) {
      const { data, info } = await sharp(base.data, { raw })
        .timeout({ seconds: PHOTO_TIMEOUT_SECONDS })
        .resize({ width: Math.min(target, raw.width), withoutEnlargement: true })
        .webp({ quality: PHOTO_WEBP_QUALITY, effort: 4 })
        .toBuffer({ resolveWithObject: true });
      variants.push({ width: info.width, height: info.height, data });
    }
    return { ok: true, photo: { inputType, originalWidth: width, originalHeight: height, variants } };
  } catch (error) {
    return fromSharpError(error);
  }
}

/** The widths to store for an original `width` pixels wide: PHOTO_WIDTHS up to it, or the original alone. */
export function variantWidths(width: number): number[] {
  const fitting: number[] = PHOTO_WIDTHS.filter((w) => w <= width);
  const widest = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1] ?? width;
  // A photo between two sizes also keeps its own width (up to the widest), so nothing is enlarged or lost.
  if (width < widest && !fitting.includes(width)) fitting.push(width);
  return fitting.length > 0 ? fitting : [width];
}

function refuse(code: PhotoErrorCode, message: string): ProcessPhotoResult {
  return { ok: false, error: { code, message } };
}

function fromSharpError(error: unknown): ProcessPhotoResult {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return refuse('too-many-pixels', message);
  if (/unsupported image format/i.test(message)) return refuse('unsupported-type', message);
  return refuse('corrupt', message);
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `task` when fewer than PHOTO_CONCURRENCY photos are being processed. */
async function withSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running < PHOTO_CONCURRENCY) running += 1;
  // A finishing task hands its slot straight to the next waiter (running stays the same).
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}
