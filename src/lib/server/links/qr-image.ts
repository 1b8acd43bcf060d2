// QR code downloads for print and chat: an SVG document (vector, any print size) and PNGs of a
// given width, each with the short link printed under the code so a buyer can type it. Both are
// files the seller downloads; pages draw codes with the QrCode component instead.
import sharp from 'sharp';
import { absoluteUrl, paths } from '../../paths';
import { drawQr, type QrErrorLevel } from '../qr';

export const PNG_WIDTHS = [256, 512, 1024] as const;
export type PngWidth = (typeof PNG_WIDTHS)[number];

export function isPngWidth(value: number): value is PngWidth {
  return (PNG_WIDTHS as readonly number[]).includes(value);
}

/** What the code encodes: the absolute short link, built from PUBLIC_URL (never the Host header). */
export function shortLinkUrl(publicUrl: string, code: string): string {
  return absoluteUrl(publicUrl, paths.shortLink(code));
}

/** The short link as people write it: no scheme, e.g. "harvest.example.cn/q/7KX3M9PQ". */
export function displayShortLink(publicUrl: string, code: string): string {
  return shortLinkUrl(publicUrl, code).replace(/^https?:\/\//, '');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Rough width of monospace-ish digits and capitals as a share of the font size. */
const CHAR_WIDTH = 0.62;

/**
 * A standalone SVG file: white background, the code with its quiet zone, the caption under it.
 * Sized 50 mm wide for print software; it scales to any size without losing sharpness.
 */
export function qrSvgDocument(text: string, caption: string, level: QrErrorLevel = 'M'): string {
  const qr = drawQr(text, level);
  const fontSize = Math.min(3, (qr.size - 2) / (caption.length * CHAR_WIDTH));
  // The caption's band starts where the code's quiet zone (QUIET_ZONE modules all round, part of
  // qr.size) ends: nothing is drawn in the white border a camera needs to find the code.
  const band = Math.round(fontSize * 2 * 100) / 100;
  const baseline = Math.round((qr.size + fontSize * 1.3) * 100) / 100;
  const height = Math.round((qr.size + band) * 100) / 100;
  const widthMm = 50;
  const heightMm = Math.round(((widthMm * height) / qr.size) * 100) / 100;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${qr.size} ${height}" width="${widthMm}mm" height="${heightMm}mm" shape-rendering="crispEdges">`,
    `<title>${escapeXml(caption)}</title>`,
    `<rect width="${qr.size}" height="${height}" fill="#fff"/>`,
    `<path d="${qr.path}" fill="#000"/>`,
    `<text x="${qr.size / 2}" y="${baseline}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${Math.round(fontSize * 100) / 100}" text-anchor="middle" fill="#000">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * A PNG `width` pixels wide: the code in whole pixels per module (sharp edges), centred in a white
 * square at least the quiet zone wide, with the caption in a band under it.
 */
export async function qrPng(text: string, caption: string, width: PngWidth, level: QrErrorLevel = 'M'): Promise<Buffer> {
  const qr = drawQr(text, level);
  const modules = qr.modules.length;
  const scale = Math.floor(width / qr.size);
  const offset = Math.floor((width - modules * scale) / 2);
  const band = Math.round(width * 0.12);
  const height = width + band;
  const pixels = Buffer.alloc(width * height, 255);
  for (let row = 0; row < modules; row += 1) {
    const line = qr.modules[row] ?? [];
    for (let col = 0; col < modules; col += 1) {
      if (!line[col]) continue;
      for (let dy = 0; dy < scale; dy += 1) {
        const start = (offset + row * scale + dy) * width + offset + col * scale;
        pixels.fill(0, start, start + scale);
      }
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 1 } });
  const label = await captionImage(caption, Math.round(width * 0.9), Math.round(band * 0.7));
  if (label) {
    image.composite([{ input: label.data, top: width + Math.max(0, Math.round((band - label.height) / 2)), left: Math.max(0, Math.round((width - label.width) / 2)) }]);
  }
  return image.png({ compressionLevel: 9 }).toBuffer();
}

let warnedNoCaption = false;

/** Said once per process: a PNG without its caption is still a working code, but the seller should know. */
function warnNoCaption(reason: string): void {
  if (warnedNoCaption) return;
  warnedNoCaption = true;
  console.error(
    JSON.stringify({
      level: 'warn',
      time: new Date().toISOString(),
      message: 'QR code PNGs are made without the short link under the code: this machine cannot draw text (install fonts, e.g. fonts-dejavu-core or fonts-noto-cjk)',
      error: reason,
    }),
  );
}

/**
 * Black text on white, fitted into width × height; null (and a warning in the log) when this
 * machine cannot draw text — no fonts: sharp fails, or draws nothing at all.
 */
export async function captionImage(caption: string, width: number, height: number): Promise<{ data: Buffer; width: number; height: number } | null> {
  try {
    const text = sharp({ text: { text: escapeXml(caption), font: 'monospace', width, height, rgba: false } });
    const { data: ink, info } = await text.clone().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    if (!ink.some((v) => v > 127)) {
      warnNoCaption(`no ink in a ${info.width} × ${info.height} caption`);
      return null;
    }
    const { data, info: out } = await text
      .negate()
      .extend({ top: 2, bottom: 2, left: 2, right: 2, background: '#fff' })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { data, width: out.width, height: out.height };
  } catch (error) {
    warnNoCaption(error instanceof Error ? error.message : String(error));
    return null;
  }
}
