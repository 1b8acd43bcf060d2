// Reads QR codes back the way a phone would: from pixels, with a decoder library (jsQR). PNGs are
// decoded with pngjs; SVGs are rasterised with sharp first (in the test process only — the app
// itself refuses SVG input to sharp).
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import sharp from 'sharp';

/** The text of the one QR code in an RGBA pixel buffer, or null. */
export function decodeRgba(data: Uint8Array, width: number, height: number): string | null {
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data ?? null;
}

/** Decodes a PNG file's QR code (pngjs, no resampling). */
export function decodePng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return decodeRgba(image.data, image.width, image.height);
}

/** Rasterises an SVG document at about `width` pixels on white and decodes its QR code. */
export async function decodeSvg(svg: string | Buffer, width = 600): Promise<string | null> {
  const { data, info } = await sharp(Buffer.isBuffer(svg) ? svg : Buffer.from(svg), { density: 300 })
    .resize({ width })
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return decodeRgba(data, info.width, info.height);
}

/** Decodes any image sharp reads (screenshots are PNG). */
export async function decodeImage(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return decodeRgba(data, info.width, info.height);
}

/** Page objects in a PDF (what a printer would print): counts `/Type /Page` dictionaries, not `/Pages`. */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
