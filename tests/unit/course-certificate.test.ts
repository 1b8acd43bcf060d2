// Certificate codes people read off paper, and the QR code that points to the verification page.
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { absoluteUrl, paths } from '../../src/lib/paths';
import { CERTIFICATE_CODE_LENGTH, formatCertificateCode, normaliseCertificateCode } from '../../src/lib/server/course/certificate';
import { readableCode } from '../../src/lib/server/ids';
import { drawQr, QUIET_ZONE } from '../../src/lib/server/qr';

/** Paints the drawn path (M x y h n v1 h-n z runs) into RGBA pixels, `scale` pixels per module. */
function rasterise(path: string, size: number, scale: number): { data: Uint8ClampedArray; width: number } {
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, length] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let py = y * scale; py < (y + 1) * scale; py += 1) {
      for (let px = x * scale; px < (x + length) * scale; px += 1) {
        const i = (py * width + px) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, width };
}

describe('certificate codes', () => {
  it('are printed in two halves and read back however they are typed', () => {
    const code = readableCode(CERTIFICATE_CODE_LENGTH);
    expect(formatCertificateCode('ABCDE23456')).toBe('ABCDE-23456');
    expect(normaliseCertificateCode(formatCertificateCode(code))).toBe(code);
    expect(normaliseCertificateCode(' abcde 23456 ')).toBe('ABCDE23456');
    expect(normaliseCertificateCode('abcde—23456')).toBe('ABCDE23456');
  });

  it('refuse what cannot be a code: wrong length, or letters that are never used (0 O 1 I L)', () => {
    for (const bad of ['', 'ABCDE2345', 'ABCDE234567', 'ABCDE2345O', 'ABCDE23451', 'ABCDE2345L', '../../etc', 'ABCDE%2F345']) {
      expect(normaliseCertificateCode(bad), bad).toBeNull();
    }
  });
});

describe('the QR code', () => {
  it('encodes the verification URL and decodes back to it, quiet zone included', () => {
    const url = absoluteUrl('https://harvest.example.cn', paths.verifyCode('KEAW7G4WY5'));
    const qr = drawQr(url);
    expect(qr.size).toBe(qr.modules.length + 2 * QUIET_ZONE);
    const { data, width } = rasterise(qr.path, qr.size, 4);
    expect(jsQR(data, width, width)?.data).toBe(url);
  });

  it('leaves the quiet zone white', () => {
    const qr = drawQr('https://harvest.example.cn/verify/ABCDE23456');
    for (const m of qr.path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      const [x, y, length] = [Number(m[1]), Number(m[2]), Number(m[3])];
      expect(x).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(y).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(x + length).toBeLessThanOrEqual(qr.size - QUIET_ZONE);
      expect(y).toBeLessThan(qr.size - QUIET_ZONE);
    }
  });
});
