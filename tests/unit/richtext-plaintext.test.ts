// Without JavaScript a description is a plain textarea: blank lines make paragraphs, newlines breaks.
import { describe, expect, it } from 'vitest';
import {
  docToPlainText,
  emptyDoc,
  isEmptyDoc,
  parseRichText,
  plainTextFieldName,
  plainTextToDoc,
  richTextFromForm,
} from '../../src/lib/server/richtext';

describe('plainTextToDoc: what a farmer typed without JavaScript', () => {
  it('splits paragraphs on blank lines and keeps single newlines as line breaks', () => {
    expect(plainTextToDoc('风干牦牛肉，80 元一斤\n自家晒的\n\n欢迎来电')).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '风干牦牛肉，80 元一斤' }, { type: 'hardBreak' }, { type: 'text', text: '自家晒的' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '欢迎来电' }] },
      ],
    });
  });

  it('treats Windows line endings, several blank lines and blank lines with spaces alike', () => {
    const expected = plainTextToDoc('a\n\nb');
    expect(plainTextToDoc('a\r\n\r\nb')).toEqual(expected);
    expect(plainTextToDoc('\n\na\n\n\n\n\nb\n\n')).toEqual(expected);
    expect(plainTextToDoc('a\n   \nb')).toEqual(expected);
    expect(plainTextToDoc('a\n\u3000\nb')).toEqual(expected);
  });

  it('gives the empty document for empty or blank text', () => {
    expect(plainTextToDoc('')).toEqual(emptyDoc());
    expect(plainTextToDoc(' \n\n \t')).toEqual(emptyDoc());
  });

  it('keeps markup as text and drops control characters', () => {
    const d = plainTextToDoc('<b>hi</b>\u0000\u0007 there');
    expect(d.content?.[0]?.content?.[0]).toEqual({ type: 'text', text: '<b>hi</b> there' });
  });

  it('always produces a document the server accepts', () => {
    for (const t of ['', 'x', '\n\n\n', 'a\nb\n\nc', '\t', '  indented\n\n  also', '牦'.repeat(20_000)]) {
      expect(parseRichText(plainTextToDoc(t)).ok, JSON.stringify(t.slice(0, 20))).toBe(true);
    }
  });
});

describe('round trips between plain text and documents', () => {
  const texts = ['风干牦牛肉\n\n80 元一斤', 'line one\nline two\n\nnext paragraph', '  spaces kept inside  \nand here', 'one'];
  for (const t of texts) {
    it(`text → document → text keeps ${JSON.stringify(t)}`, () => {
      expect(docToPlainText(plainTextToDoc(t))).toBe(t.trim());
    });
  }

  it('document → text → document keeps every word and line of a formatted description', () => {
    const formatted = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Honey' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'wild', marks: [{ type: 'bold' }] }, { type: 'text', text: ' mountain honey' }] },
        { type: 'bulletList', content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '500 g jar' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '1 kg jar' }] }] },
        ] },
        { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'order' }] }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'sweet', marks: [{ type: 'link', attrs: { href: 'https://x.example/' } }] }] }] },
      ],
    };
    const plain = docToPlainText(formatted);
    expect(plain).toBe('Honey\n\nwild mountain honey\n\n• 500 g jar\n• 1 kg jar\n\n1. order\n\nsweet');
    expect(docToPlainText(plainTextToDoc(plain))).toBe(plain);
  });
});

describe('isEmptyDoc', () => {
  it('is true for nothing, empty paragraphs and whitespace; false once there is a word', () => {
    expect(isEmptyDoc(null)).toBe(true);
    expect(isEmptyDoc(emptyDoc())).toBe(true);
    expect(isEmptyDoc(plainTextToDoc('  \n\n '))).toBe(true);
    expect(isEmptyDoc({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] })).toBe(true);
    expect(isEmptyDoc(plainTextToDoc('蜂'))).toBe(false);
  });
});

describe('richTextFromForm: the editor JSON when there is one, otherwise the textarea', () => {
  it('reads the island’s JSON field', () => {
    const form = new FormData();
    form.set('story', JSON.stringify(plainTextToDoc('from the editor')));
    form.set(plainTextFieldName('story'), 'stale textarea');
    const result = richTextFromForm(form, 'story');
    expect(result.ok && docToPlainText(result.doc)).toBe('from the editor');
  });

  it('falls back to the no-JS textarea, and to an empty document when neither was sent', () => {
    const form = new FormData();
    form.set('story_text', '没有 JS\n\n也能写');
    const result = richTextFromForm(form, 'story');
    expect(result.ok && docToPlainText(result.doc)).toBe('没有 JS\n\n也能写');
    const none = richTextFromForm(new FormData(), 'story');
    expect(none.ok && isEmptyDoc(none.doc)).toBe(true);
  });

  it('applies the same limits to both', () => {
    const form = new FormData();
    form.set('story_text', 'x'.repeat(200_000));
    expect(richTextFromForm(form, 'story')).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const hostile = new FormData();
    hostile.set('story', '{"type":"doc","__proto__":{}}');
    expect(richTextFromForm(hostile, 'story')).toMatchObject({ ok: false, error: { code: 'proto-key' } });
  });
});
