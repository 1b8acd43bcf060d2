// CSV for spreadsheets: a byte-order mark, RFC 4180 quoting, and no cell that a spreadsheet would
// run as a formula — whatever a trainee typed as their name.
import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvResponse, parseCsv, toCsv } from '../../src/lib/server/trainer/csv';

describe('csvCell', () => {
  it('leaves plain text and numbers alone, Chinese included', () => {
    expect(csvCell('陈大山')).toBe('陈大山');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });

  it('quotes cells with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it.each(['=HYPERLINK("http://evil.example","click")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'puts an apostrophe before %j so it stays text',
    (value) => {
      const cell = csvCell(value);
      const [[parsed]] = parseCsv(cell) as [[string]];
      expect(parsed).toBe(`'${value}`);
    },
  );

  it('does not touch formula characters inside the text', () => {
    expect(csvCell('王=李')).toBe('王=李');
  });
});

describe('toCsv and parseCsv', () => {
  it('round-trips a table with a BOM and CRLF line ends', () => {
    const rows = [
      ['姓名', 'Lessons read (of 14)'],
      ['陈大山', '4'],
      ['=HYPERLINK("x")', 'a "b", c'],
      ['', '多行\n文字'],
    ];
    const text = toCsv(rows);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text.slice(1));
    expect(parsed).toEqual([rows[0], rows[1], ["'=HYPERLINK(\"x\")", 'a "b", c'], rows[3]]);
  });

  it('encodes as UTF-8 bytes that start with EF BB BF', async () => {
    const bytes = new Uint8Array(await csvResponse(toCsv([['陈']]), 'x.csv').arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('陈\r\n');
  });

  it('names the download in ASCII and in UTF-8 for Chinese file names', () => {
    const disposition = csvResponse('', '2026 秋季班-2026-11-28.csv').headers.get('content-disposition') ?? '';
    expect(disposition).toContain('filename="2026 ___-2026-11-28.csv"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('2026 秋季班-2026-11-28.csv')}`);
  });
});
