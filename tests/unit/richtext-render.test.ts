// What reaches set:html: rendered from the editor's own extension list, then allow-list sanitised.
import { getSchema } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { editorExtensions, RICH_TEXT_MARKS, RICH_TEXT_NODES } from '../../src/lib/editor/extensions';
import { parseRichText, renderRichText, sanitizeRichTextHtml } from '../../src/lib/server/richtext';
import { docToHtml } from '../../src/lib/server/richtext/html';
import { richTextSchema } from '../../src/lib/server/richtext/schema';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'a']);

function tagsIn(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] ?? '').toLowerCase());
}
function text(t: string, marks?: unknown[]) {
  return marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
}
function doc(...content: unknown[]) {
  return { type: 'doc', content };
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
});

describe('the editor and the server share one schema', () => {
  it('has exactly the nodes and marks the toolbar offers (no code, strike, underline, images…)', () => {
    const schema = getSchema(editorExtensions);
    expect(Object.keys(schema.nodes).sort()).toEqual([...RICH_TEXT_NODES].sort());
    expect(Object.keys(schema.marks).sort()).toEqual([...RICH_TEXT_MARKS].sort());
  });
});

const FULL_DOC = doc(
  { type: 'heading', attrs: { level: 2 }, content: [text('H')] },
  { type: 'heading', attrs: { level: 3 }, content: [text('h')] },
  { type: 'paragraph', content: [text('b', [{ type: 'bold' }, { type: 'italic' }]), { type: 'hardBreak' }, text('l', [{ type: 'link', attrs: { href: 'mailto:a@b.cn' } }, { type: 'bold' }])] },
  { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('x')] }, { type: 'orderedList', attrs: { start: 4, type: 'a' }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] }] },
  { type: 'blockquote', content: [{ type: 'paragraph', content: [text('<q> & "')] }] },
);

describe('rendering uses the static renderer from the one extension list', () => {
  it('gives exactly what @tiptap/static-renderer gives (renderers built once, not per call)', () => {
    const parsed = parseRichText(FULL_DOC);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const node = richTextSchema().nodeFromJSON(parsed.doc);
    expect(docToHtml(node)).toBe(renderToHTMLString({ content: node, extensions: editorExtensions }));
  });

  it('is the only HTML that reaches the page unescaped: set:html appears in RichText.astro alone', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(astro|tsx?|jsx?)$/.test(entry.name)) {
          const source = fs.readFileSync(file, 'utf8');
          const raw = /\bset:html\s*=|dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML\(/;
          if (raw.test(source)) offenders.push(path.relative(process.cwd(), file));
        }
      }
    };
    walk(path.join(process.cwd(), 'src'));
    expect(offenders).toEqual([path.join('src', 'components', 'RichText.astro')]);
  });
});

describe('rendering a description', () => {
  it('renders every kind of formatting the toolbar makes', () => {
    const html = renderRichText(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [text('我们的橙子')] },
        { type: 'heading', attrs: { level: 3 }, content: [text('怎么吃')] },
        { type: 'paragraph', content: [text('甜', [{ type: 'bold' }]), text('又'), text('多汁', [{ type: 'italic' }]), { type: 'hardBreak' }, text('next line')] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('一箱十斤')] }] }] },
        { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('three')] }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [text('quoted')] }] },
      ),
    );
    expect(html).toBe(
      '<h2>我们的橙子</h2><h3>怎么吃</h3><p><strong>甜</strong>又<em>多汁</em><br />next line</p>' +
        '<ul><li><p>一箱十斤</p></li></ul><ol start="3"><li><p>three</p></li></ol><blockquote><p>quoted</p></blockquote>',
    );
  });

  it('gives every link rel="nofollow noopener ugc" and its canonical address, and nothing else', () => {
    const html = renderRichText(doc({ type: 'paragraph', content: [text('call', [{ type: 'link', attrs: { href: 'tel:+86 138 0000 0000', target: '_blank', class: 'x', title: 't' } }])] }));
    expect(html).toBe('<p><a href="tel:+8613800000000" rel="nofollow noopener ugc">call</a></p>');
  });

  it('escapes text: markup typed into a description stays text', () => {
    const html = renderRichText(doc({ type: 'paragraph', content: [text('<script>alert(1)</script><img src=x onerror=alert(1)> & "quotes"')] }));
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; "quotes"</p>');
    expect(tagsIn(html).every((t) => ALLOWED_TAGS.has(t))).toBe(true);
  });

  it('renders nothing for an empty or missing document', () => {
    expect(renderRichText(null)).toBe('');
    expect(renderRichText(undefined)).toBe('');
    expect(renderRichText('')).toBe('');
    expect(renderRichText(doc({ type: 'paragraph' }))).toBe('<p></p>');
  });
});

describe('a stored document that fails validation never takes the page down', () => {
  it('shows its words as plain paragraphs, and logs the problem once', () => {
    const broken = doc({ type: 'image', attrs: { src: 'javascript:alert(1)' } }, { type: 'paragraph', content: [text('still here', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])] });
    const html = renderRichText(broken);
    expect(html).toBe('<p>still here</p>');
    renderRichText(broken);
    renderRichText(JSON.stringify(broken));
    const logged = warn.mock.calls.map((c: unknown[]) => String(c[0])).filter((line: string) => line.includes('rich-text-invalid'));
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.length).toBeLessThanOrEqual(2);
    expect(logged[0]).toContain('unknown-node');
  });

  it('renders garbage as nothing rather than throwing', () => {
    for (const input of ['not json', '{"type":"doc","__proto__":{}}', 42, [], { type: 'doc', content: 'x' }, '{'.repeat(10_000)]) {
      expect(() => renderRichText(input)).not.toThrow();
      expect(renderRichText(input)).toBe('');
    }
  });

  it('renders an over-deep document as its words or nothing, without a stack overflow', () => {
    let deep: unknown = { type: 'paragraph', content: [text('deep words')] };
    for (let i = 0; i < 50_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    expect(() => renderRichText(doc(deep))).not.toThrow();
  });
});

describe('the sanitizer is an allow-list, even for HTML the renderer never makes', () => {
  const cases: [string, string][] = [
    ['<p onclick="alert(1)">x</p>', '<p>x</p>'],
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<svg><script>alert(1)</script></svg>', ''],
    ['<img src=x onerror=alert(1)>', ''],
    ['<iframe src="https://evil.example"></iframe>', ''],
    ['<style>body{display:none}</style>', ''],
    ['<p style="position:fixed">x</p>', '<p>x</p>'],
    ['<a href="javascript:alert(1)">x</a>', 'x'],
    ['<a href="java&#x09;script:alert(1)">x</a>', 'x'],
    ['<a href="//evil.example">x</a>', 'x'],
    ['<a href="data:text/html,x">x</a>', 'x'],
    ['<a href="https://ok.example" target="_top" onmouseover="x">x</a>', '<a href="https://ok.example/" rel="nofollow noopener ugc">x</a>'],
    ['<a href="https://ok.example" target="_blank" rel="opener">x</a>', '<a href="https://ok.example/" rel="nofollow noopener ugc" target="_blank">x</a>'],
    ['<h1>big</h1><h4>small</h4><code>c</code><u>u</u>', 'bigsmallcu'],
    ['<ol start="2&quot; onclick=&quot;x" type="a"><li>x</li></ol>', '<ol><li>x</li></ol>'],
    ['<form action="/logout"><button>x</button></form>', 'x'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected || '(nothing)'}`, () => {
      expect(sanitizeRichTextHtml(input)).toBe(expected);
    });
  }
});
