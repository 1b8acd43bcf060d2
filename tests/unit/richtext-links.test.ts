// The link rules the island's link form and the server share (src/lib/editor/links.ts).
import { describe, expect, it } from 'vitest';
import { completeLinkInput, decodeEntities, normalizeLinkHref } from '../../src/lib/editor/links';

describe('normalizeLinkHref', () => {
  it('keeps http(s) links in canonical form', () => {
    expect(normalizeLinkHref('https://example.com')).toBe('https://example.com/');
    expect(normalizeLinkHref('  HTTPS://Example.COM/路径?q=蜂蜜#x ')).toBe('https://example.com/%E8%B7%AF%E5%BE%84?q=%E8%9C%82%E8%9C%9C#x');
    expect(normalizeLinkHref('https://例子.测试/')).toBe('https://xn--fsqu00a.xn--0zwm56d/');
    expect(normalizeLinkHref('https://example.com/?a=1&amp;b=2')).toBe('https://example.com/?a=1&b=2');
  });

  it('cleans phone numbers and keeps e-mail addresses', () => {
    expect(normalizeLinkHref('tel:+86 (138) 0000-0000')).toBe('tel:+8613800000000');
    expect(normalizeLinkHref('tel:12')).toBeNull();
    expect(normalizeLinkHref('mailto:chen@example.com')).toBe('mailto:chen@example.com');
    expect(normalizeLinkHref('mailto:nobody')).toBeNull();
  });

  it('refuses every other scheme, however it is disguised', () => {
    for (const href of ['javascript:x', 'jav\u00adascript:x', 'JAVASCRIPT:x', 'java\rscript:x', '&#x6a;avascript:x', 'javascript&#58;x', 'vbscript:x', 'data:,x', 'blob:https://x/y', 'intent://x', 'sms:123', 'wechat://x']) {
      expect(normalizeLinkHref(href), href).toBeNull();
    }
  });

  it('refuses addresses that are too long', () => {
    expect(normalizeLinkHref(`https://example.com/${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('decodeEntities', () => {
  it('decodes numeric, hex and the named references used to hide schemes, repeatedly', () => {
    expect(decodeEntities('&#106;&#x61;&colon;&amp;#118;')).toBe('ja:v');
    expect(decodeEntities('&unknown; stays')).toBe('&unknown; stays');
    expect(decodeEntities('&#99999999;')).toBe('');
  });
});

describe('completeLinkInput: what the link form does with what a farmer typed', () => {
  it('adds https:// to a bare domain, mailto: to an address and tel: to a number', () => {
    expect(completeLinkInput('example.com/shop')).toBe('https://example.com/shop');
    expect(completeLinkInput('www.example.com')).toBe('https://www.example.com/');
    expect(completeLinkInput('chen@example.com')).toBe('mailto:chen@example.com');
    expect(completeLinkInput('138 0000 0000')).toBe('tel:13800000000');
    expect(completeLinkInput('+86 138-0000-0000')).toBe('tel:+8613800000000');
    expect(completeLinkInput('http://example.com')).toBe('http://example.com/');
  });

  it('refuses words that are not addresses and dangerous schemes', () => {
    for (const typed of ['', '   ', '蜂蜜', 'hello', 'javascript:alert(1)', '//evil.example', 'data:text/html,x']) {
      expect(completeLinkInput(typed), typed).toBeNull();
    }
  });
});
