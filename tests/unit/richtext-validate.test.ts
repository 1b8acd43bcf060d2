// The server refuses rich-text JSON that the editor could not have produced, whatever a client sends.
import { describe, expect, it } from 'vitest';
import { MAX_RICH_TEXT_BYTES, MAX_RICH_TEXT_DEPTH, parseRichText, type RichTextErrorCode } from '../../src/lib/server/richtext';

function paragraph(...content: unknown[]) {
  return { type: 'paragraph', content };
}
function doc(...content: unknown[]) {
  return { type: 'doc', content };
}
function linked(href: unknown, text = 'my farm') {
  return doc(paragraph({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] }));
}
function codeOf(input: unknown): RichTextErrorCode | 'ok' {
  const result = parseRichText(input);
  return result.ok ? 'ok' : result.error.code;
}

describe('a description the editor produced is accepted as it is', () => {
  const story = doc(
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '我们家的牦牛' }] },
    paragraph(
      { type: 'text', text: '风干牦牛肉，' },
      { type: 'text', text: '80 元一斤', marks: [{ type: 'bold' }, { type: 'italic' }] },
      { type: 'hardBreak' },
      { type: 'text', text: '电话', marks: [{ type: 'link', attrs: { href: 'tel:+8613800000000', target: null, rel: 'nofollow noopener ugc', class: null, title: null } }] },
    ),
    { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: '一斤装' })] }] },
    { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: '先泡' })] }] },
    { type: 'blockquote', content: [paragraph({ type: 'text', text: '好吃！' })] },
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Contact' }] },
  );

  it('returns the same document, from an object or from its JSON string', () => {
    for (const input of [story, JSON.stringify(story)]) {
      const result = parseRichText(input);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.doc).toEqual(story);
    }
  });

  it('accepts the empty document a new field starts with', () => {
    expect(codeOf(doc(paragraph()))).toBe('ok');
    expect(codeOf({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('ok');
  });

  it('normalises links: canonical URL, our rel, no target/class/title from a pasted page', () => {
    const pasted = doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: ' https://Example.com/a b ', target: '_blank', rel: 'opener', class: 'evil', title: 'hi' } }] }));
    const result = parseRichText(pasted);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const mark = result.doc.content?.[0]?.content?.[0]?.marks?.[0];
    expect(mark).toEqual({ type: 'link', attrs: { href: 'https://example.com/a%20b', target: null, rel: 'nofollow noopener ugc', class: null, title: null } });
  });
});

describe('hostile links are refused', () => {
  const hostile = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\u0000script:alert(1)',
    'jav&#x09;ascript:alert(1)',
    '&#106;avascript:alert(1)',
    '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)',
    '&#x6A;avascript:alert(1)',
    'javascript&colon;alert(1)',
    '&amp;#106;avascript:alert(1)',
    '\u200bjavascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '//evil.example/x',
    '\\\\evil.example/x',
    '/relative/path',
    'example.com',
    'https://',
    'http://user:pass@example.com/',
    'mailto:<script>@x',
    'tel:javascript:alert(1)',
    '',
    42,
    null,
  ];
  for (const href of hostile) {
    it(`refuses ${JSON.stringify(href)}`, () => {
      expect(codeOf(linked(href))).toBe('bad-link');
    });
  }

  it('accepts http, https, tel and mailto', () => {
    for (const href of ['http://example.com', 'https://例子.测试/路径', 'tel:+86 138-0000-0000', 'mailto:chen@example.com', 'MAILTO:chen@example.com?subject=橙子']) {
      expect(codeOf(linked(href)), href).toBe('ok');
    }
  });
});

describe('documents built to break the server are refused with a code', () => {
  it('refuses text that is not JSON, and JSON that is not a document', () => {
    expect(codeOf('{"type":"doc",')).toBe('invalid-json');
    expect(codeOf('<p>hello</p>')).toBe('invalid-json');
    expect(codeOf('null')).toBe('not-a-document');
    expect(codeOf('[]')).toBe('not-a-document');
    expect(codeOf({ type: 'paragraph' })).toBe('not-a-document');
    expect(codeOf(42)).toBe('not-a-document');
    expect(codeOf(undefined)).toBe('invalid-json');
  });

  it('refuses __proto__, constructor and prototype keys anywhere', () => {
    expect(codeOf('{"type":"doc","__proto__":{"polluted":true}}')).toBe('proto-key');
    expect(codeOf('{"type":"doc","content":[{"type":"paragraph","attrs":{"__proto__":{"x":1}}}]}')).toBe('proto-key');
    expect(codeOf('{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"link","attrs":{"href":"https://x.y","constructor":{"prototype":{}}}}]}]}]}')).toBe('proto-key');
    const viaObject = JSON.parse('{"type":"doc","content":[{"type":"paragraph","prototype":1}]}');
    expect(codeOf(viaObject)).toBe('proto-key');
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });

  it('refuses node types, marks, keys and attributes the editor does not have', () => {
    expect(codeOf(doc({ type: 'image', attrs: { src: 'x' } }))).toBe('unknown-node');
    expect(codeOf(doc({ type: 'codeBlock', content: [{ type: 'text', text: 'x' }] }))).toBe('unknown-node');
    expect(codeOf(doc({ type: 'iframe' }))).toBe('unknown-node');
    expect(codeOf(doc({ type: 'toString' }))).toBe('unknown-node');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'code' }] })))).toBe('unknown-mark');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'strike' }] })))).toBe('unknown-mark');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'hasOwnProperty' }] })))).toBe('unknown-mark');
    expect(codeOf(doc({ type: 'paragraph', attrs: { style: 'color:red' } }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'paragraph', attrs: { onclick: 'alert(1)' } }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'x' }] }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'heading', attrs: { level: '2' }, content: [{ type: 'text', text: 'x' }] }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'heading', content: [{ type: 'text', text: 'x' }] }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'orderedList', attrs: { start: -1 }, content: [] }))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'orderedList', attrs: { start: 1, type: 'disc"><script>' }, content: [] }))).toBe('bad-attribute');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'bold', attrs: { class: 'x' } }] })))).toBe('bad-attribute');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://x.y', onclick: 'x' } }] })))).toBe('bad-attribute');
    expect(codeOf(doc({ type: 'paragraph', html: '<script>' }))).toBe('unknown-key');
    expect(codeOf(doc({ type: 'paragraph', text: 'not here' }))).toBe('unknown-key');
  });

  it('refuses content the schema does not allow', () => {
    expect(codeOf(doc({ type: 'listItem', content: [paragraph()] }))).toBe('invalid-content');
    expect(codeOf(doc({ type: 'text', text: 'loose text' }))).toBe('invalid-content');
    expect(codeOf(doc(paragraph({ type: 'text', text: '' })))).toBe('invalid-content');
    expect(codeOf(doc(paragraph(paragraph())))).toBe('invalid-content');
    expect(codeOf(doc({ type: 'bulletList', content: [] }))).toBe('invalid-content');
    expect(codeOf({ type: 'doc', content: [] })).toBe('invalid-content');
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'bold' }, { type: 'bold' }] })))).toBe('invalid-content');
  });

  it('refuses deep nesting without overflowing the stack', () => {
    let deep: unknown = paragraph({ type: 'text', text: 'bottom' });
    for (let i = 0; i < 100_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    expect(codeOf(doc(deep))).toBe('too-deep');
    const deepString = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(codeOf(`{"type":"doc","content":${deepString}}`)).toBe('too-deep');
  });

  it('keeps legitimate nesting (lists inside lists inside a quote) under the cap', () => {
    let list: unknown = { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: 'leaf' })] }] };
    for (let i = 0; i < 8; i += 1) list = { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph({ type: 'text', text: `level ${i}` }), list] }] };
    expect(codeOf(doc({ type: 'blockquote', content: [list] }))).toBe('ok');
    expect(MAX_RICH_TEXT_DEPTH).toBeGreaterThanOrEqual(40);
  });

  it('refuses a 1 MB text, as a string and as an object, quickly', () => {
    const huge = doc(paragraph({ type: 'text', text: '牦'.repeat(350_000) }));
    const started = performance.now();
    expect(codeOf(JSON.stringify(huge))).toBe('too-large');
    expect(codeOf(huge)).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(1_000);
    const justUnder = doc(paragraph({ type: 'text', text: 'a'.repeat(MAX_RICH_TEXT_BYTES - 200) }));
    expect(codeOf(justUnder)).toBe('ok');
  });

  it('refuses values JSON cannot hold when given a parsed object', () => {
    expect(codeOf(doc(paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://x.y', title: () => 1 } }] })))).toBe('invalid-json');
    expect(codeOf(doc({ type: 'orderedList', attrs: { start: Number.NaN }, content: [] }))).toBe('invalid-json');
    const withPrototype: object = Object.create({ inherited: true });
    expect(codeOf(Object.assign(withPrototype, { type: 'doc', content: [paragraph()] }))).toBe('invalid-json');
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { type: 'doc' };
    cyclic['content'] = [cyclic];
    const inputs: unknown[] = [cyclic, Symbol('x'), () => 1, new Date(), [doc()], '\u0000', '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text"}]}]}'];
    for (const input of inputs) expect(() => parseRichText(input)).not.toThrow();
    expect(parseRichText(cyclic).ok).toBe(false);
  });
});
