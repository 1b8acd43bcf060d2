// @ts-check
// Small helpers: medians and number formatting for the bench table.

/** @param {(number | null | undefined)[]} values @returns {number | null} */
export function median(values) {
  const xs = values.filter(/** @returns {v is number} */ (v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? /** @type {number} */ (xs[mid]) : (/** @type {number} */ (xs[mid - 1]) + /** @type {number} */ (xs[mid])) / 2;
}

/** @param {number | null | undefined} v @param {number} [digits] */
export function fmt(v, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Latency: two decimals below 10 ms, one below 100, whole above. @param {number | null | undefined} ms */
export function fmtMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return fmt(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0);
}

/** @param {number} bytes */
export function kb(bytes) {
  return bytes / 1024;
}

/**
 * A plain text table; numbers right-aligned.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {('l' | 'r')[]} align
 */
export function table(header, rows, align) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
