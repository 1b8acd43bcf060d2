import { describe, expect, it } from 'vitest';
import { absoluteUrl, paths, withLang } from '../../src/lib/paths';

describe('withLang(): the same page in another language', () => {
  it('keeps the path and adds lang', () => {
    expect(withLang(new URL('http://x.test/lessons/pricing'), 'en')).toBe('/lessons/pricing?lang=en');
    expect(withLang(new URL('http://x.test/'), 'zh-CN')).toBe('/?lang=zh-CN');
  });

  it('keeps the other query parameters and replaces an existing lang instead of repeating it', () => {
    const url = new URL('http://x.test/market?province=44&lang=zh-CN&page=2');
    const result = new URL(withLang(url, 'en'), 'http://x.test');
    expect(result.pathname).toBe('/market');
    expect(result.searchParams.getAll('lang')).toEqual(['en']);
    expect(result.searchParams.get('province')).toBe('44');
    expect(result.searchParams.get('page')).toBe('2');
  });

  it('stays on this site and keeps encoded query values', () => {
    const result = withLang(new URL('http://x.test/a%20b?q=%E8%9C%82%E8%9C%9C'), 'en');
    expect(result).toMatch(/^\/a%20b\?/);
    expect(new URL(result, 'http://x.test').searchParams.get('q')).toBe('蜂蜜');
  });

  it('does not turn a path like //evil.example into a link to another host', () => {
    // A request for http://x.test//evil.example renders the 404 page, whose language links use withLang().
    for (const raw of ['http://x.test//evil.example', 'http://x.test///evil.example/x', 'http://x.test/\\evil.example']) {
      const link = withLang(new URL(raw), 'en');
      expect(new URL(link, 'http://x.test').host, `${raw} → ${link}`).toBe('x.test');
    }
  });
});

describe('URL builders', () => {
  it('carry no language prefix, so one printed link serves both languages', () => {
    for (const path of [paths.home(), paths.lessons(), paths.market(), paths.login(), paths.signup(), paths.health()]) {
      expect(path.startsWith('/')).toBe(true);
      expect(path).not.toMatch(/^\/(en|zh-CN|zh)(\/|$)/i);
    }
  });

  it('absoluteUrl() builds from PUBLIC_URL', () => {
    expect(absoluteUrl('https://harvest.example.cn', paths.health())).toBe('https://harvest.example.cn/healthz');
    expect(absoluteUrl('https://harvest.example.cn', '/s/abc?x=1')).toBe('https://harvest.example.cn/s/abc?x=1');
  });
});
