// QR codes as vector paths: sharp at any print size, no raster, no SVG string to inject. The
// component draws the path; tests decode it.
import QRCode from 'qrcode';

/** White border around the code, in modules. The QR standard asks for 4. */
export const QUIET_ZONE = 4;

export interface QrDrawing {
  /** Width and height of the drawing in modules, quiet zone included. */
  size: number;
  /** Path data for the dark modules (one rectangle per horizontal run), quiet zone offset applied. */
  path: string;
  /** The module grid without quiet zone: rows of booleans (true = dark). */
  modules: boolean[][];
}

/**
 * How much of a code may be dirty or torn and still scan: M (15 %) by default; Q (25 %) for small
 * labels, where a crease or a smudge covers a larger share of the code.
 */
export type QrErrorLevel = 'M' | 'Q';

/** The QR code for `text` (error correction M unless asked: survives some dirt and creases on a label). */
export function drawQr(text: string, level: QrErrorLevel = 'M'): QrDrawing {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: level });
  const grid: boolean[][] = [];
  const runs: string[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    const line: boolean[] = [];
    let start = -1;
    for (let col = 0; col <= modules.size; col += 1) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (col < modules.size) line.push(dark);
      if (dark && start === -1) start = col;
      if (!dark && start !== -1) {
        runs.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
        start = -1;
      }
    }
    grid.push(line);
  }
  return { size: modules.size + 2 * QUIET_ZONE, path: runs.join(''), modules: grid };
}
