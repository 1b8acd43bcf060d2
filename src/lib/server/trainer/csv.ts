// CSV for spreadsheet programs (RFC 4180): a UTF-8 byte-order mark so Excel and WPS open Chinese
// names correctly, CRLF line ends, fields quoted when they hold a comma, quote or line break, and
// every cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
// return) prefixed with an apostrophe, so a trainee's name can never run as a formula (OWASP).
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-escaped, then quoted when needed. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A download: `text/csv` with the file name in plain ASCII and in UTF-8 (RFC 6266) for Chinese names. */
export function csvResponse(body: string, fileName: string): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}

/**
 * Reads CSV back (the tests parse what the export wrote): quoted fields, doubled quotes, CRLF or LF.
 * The BOM, if any, is kept on the first cell so a caller can check for it.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
