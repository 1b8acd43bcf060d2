// The QR codes HarvestLink prints and offers for download scan back to the short link: decoded
// from pixels with a QR decoder, as a phone camera would.
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import { captionImage, displayShortLink, qrPng, qrSvgDocument, shortLinkUrl, PNG_WIDTHS } from '../../src/lib/server/links/qr-image';
import { drawQr, QUIET_ZONE } from '../../src/lib/server/qr';
import { decodePng, decodeSvg } from '../helpers/qr';

const PUBLIC_URL = 'https://harvest.example.cn';
const CODE = '7KX3M9PQ';
const LINK = `${PUBLIC_URL}/q/${CODE}`;

describe('the short link a code carries', () => {
  it('is built from PUBLIC_URL, and printed without the scheme so a buyer can type it', () => {
    expect(shortLinkUrl(PUBLIC_URL, CODE)).toBe(LINK);
    expect(displayShortLink(PUBLIC_URL, CODE)).toBe('harvest.example.cn/q/7KX3M9PQ');
    expect(displayShortLink('http://192.168.1.20:8080', CODE)).toBe('192.168.1.20:8080/q/7KX3M9PQ');
  });
});

describe('SVG download (vector, for print)', () => {
  it('decodes to the short link once rasterised', async () => {
    const svg = qrSvgDocument(LINK, displayShortLink(PUBLIC_URL, CODE));
    expect(await decodeSvg(svg)).toBe(LINK);
  });

  it('also decodes small: rasterised at 150 px, about a 25 mm label at 150 dpi', async () => {
    expect(await decodeSvg(qrSvgDocument(LINK, 'x', 'Q'), 150)).toBe(LINK);
  });

  it('prints the short link under the code, escaped, with a white background and a print size', () => {
    const svg = qrSvgDocument(LINK, 'harvest.example.cn/q/<&>');
    expect(svg).toContain('<text');
    expect(svg).toContain('harvest.example.cn/q/&#60;&#38;&#62;');
    expect(svg).not.toContain('<&>');
    expect(svg).toMatch(/<rect width="\d+" height="[\d.]+" fill="#fff"\/>/);
    expect(svg).toMatch(/width="50mm"/);
    expect(svg).not.toMatch(/\d\.\d{3,}/);
  });

  it('puts the caption below the quiet zone, inside the document', () => {
    for (const [caption, level] of [[displayShortLink(PUBLIC_URL, CODE), 'M'], ['x', 'Q'], ['a-much-longer-host.example.com:8443/q/7KX3M9PQ', 'M']] as const) {
      const svg = qrSvgDocument(LINK, caption, level);
      const size = drawQr(LINK, level).size;
      const [, height] = (/viewBox="0 0 [\d.]+ ([\d.]+)"/.exec(svg) ?? []).map(Number);
      const [, y, fontSize] = (/<text [^>]*y="([\d.]+)"[^>]*font-size="([\d.]+)"/.exec(svg) ?? []).map(Number);
      if (height === undefined || y === undefined || fontSize === undefined) throw new Error(`no caption in ${svg}`);
      // Capitals and digits reach about 0.75 of the font size above the baseline; descenders 0.25 below.
      expect(y - fontSize * 0.75, caption).toBeGreaterThanOrEqual(size);
      expect(y + fontSize * 0.25, caption).toBeLessThanOrEqual(height);
    }
  });
});

describe('PNG downloads', () => {
  it.each(PNG_WIDTHS)('%i px wide decodes to the short link', async (width) => {
    const png = await qrPng(LINK, displayShortLink(PUBLIC_URL, CODE), width);
    const image = PNG.sync.read(png);
    expect(image.width).toBe(width);
    expect(image.height).toBeGreaterThan(width);
    expect(decodePng(png)).toBe(LINK);
  });

  it.each(PNG_WIDTHS)('%i px wide has the short link drawn in the band under the code', async (width) => {
    const image = PNG.sync.read(await qrPng(LINK, displayShortLink(PUBLIC_URL, CODE), width));
    let dark = 0;
    for (let y = width; y < image.height; y += 1) for (let x = 0; x < width; x += 1) if ((image.data[(y * width + x) * 4] ?? 255) < 128) dark += 1;
    // The text, not a stray pixel: at least a few pixels of ink per character.
    expect(dark).toBeGreaterThan(displayShortLink(PUBLIC_URL, CODE).length * 4);
  });

  it('says so in the log when the caption cannot be drawn, and still makes the code', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await captionImage('x', 0, 0)).toBeNull();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/"level":"warn".*without the short link under the code/);
    } finally {
      log.mockRestore();
    }
  });

  it('draws whole pixels per module, with at least the quiet zone of white around the code', async () => {
    const png = await qrPng(LINK, 'x', 256);
    const image = PNG.sync.read(png);
    const modules = drawQr(LINK).modules.length;
    const scale = Math.floor(256 / (modules + 2 * QUIET_ZONE));
    const border = Math.floor((256 - modules * scale) / 2);
    expect(border).toBeGreaterThanOrEqual(QUIET_ZONE * scale);
    // Every pixel of the quiet zone row above the code is white.
    for (let x = 0; x < 256; x += 1) expect(image.data[((border - 1) * 256 + x) * 4]).toBe(255);
    // Pixels are pure black or white (no blurred edges).
    const values = new Set<number>();
    for (let y = 0; y < 256; y += 1) for (let x = 0; x < 256; x += 1) values.add(image.data[(y * 256 + x) * 4] ?? -1);
    expect([...values].sort()).toEqual([0, 255]);
  });
});

describe('error correction', () => {
  it('is M by default and Q when asked (small labels): Q needs more modules for the same link', () => {
    const m = drawQr(LINK);
    const q = drawQr(LINK, 'Q');
    expect(q.modules.length).toBeGreaterThan(m.modules.length);
    expect(m.size).toBe(m.modules.length + 2 * QUIET_ZONE);
  });
});
