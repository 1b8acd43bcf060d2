// Rich-text JSON → safe HTML for `set:html` (through src/components/RichText.astro only).
import sanitizeHtml from 'sanitize-html';
import { LINK_REL } from '../../editor/extensions';
import { LINK_SCHEMES, normalizeLinkHref } from '../../editor/links';
import { plainTextToDoc } from '../../editor/plain-text';
import type { RichTextDoc } from '../../editor/types';
import { docToHtml } from './html';
import { MAX_RICH_TEXT_BYTES, MAX_RICH_TEXT_DEPTH, parseRichText, type RichTextError } from './parse';
import { richTextSchema } from './schema';

/** The only tags and attributes rendered rich text may contain. */
export const RICH_TEXT_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: [...LINK_SCHEMES],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    // A link whose address fails the allow-list loses its tag (span is not allowed) and keeps its words.
    a: (_tagName, attribs) => {
      const href = normalizeLinkHref(attribs['href']);
      if (href === null) return { tagName: 'span', attribs: {} };
      const out: sanitizeHtml.Attributes = { href, rel: LINK_REL };
      if (attribs['target'] === '_blank') out['target'] = '_blank';
      return { tagName: 'a', attribs: out };
    },
    ol: (_tagName, attribs) => {
      const start = attribs['start'];
      return { tagName: 'ol', attribs: start !== undefined && /^\d{1,7}$/.test(start) && start !== '1' ? { start } : {} };
    },
  },
};

/** Sanitises HTML with the rich-text allow-list (exported for tests; renderRichText uses it). */
export function sanitizeRichTextHtml(html: string): string {
  return sanitizeHtml(html, RICH_TEXT_SANITIZE_OPTIONS);
}

/** HTML for a document that has already passed parseRichText. Throws only on a renderer bug. */
export function renderValidDoc(doc: RichTextDoc): string {
  return sanitizeRichTextHtml(docToHtml(richTextSchema().nodeFromJSON(doc)));
}

/**
 * Renders stored or submitted rich text (a JSON string or parsed JSON) as sanitised HTML. Never
 * throws: a document that fails validation is shown as its plain words (or nothing), and the
 * problem is logged once per distinct document.
 */
export function renderRichText(input: unknown): string {
  if (input === null || input === undefined || input === '') return '';
  const parsed = parseRichText(input);
  try {
    if (parsed.ok) return renderValidDoc(parsed.doc);
  } catch (error) {
    logOnce(input, { code: 'invalid-content', message: `renderer failed: ${error instanceof Error ? error.message : String(error)}` });
    return renderFallback(input);
  }
  logOnce(input, parsed.error);
  return renderFallback(input);
}

function renderFallback(input: unknown): string {
  try {
    const text = salvageText(input);
    if (text === '') return '';
    const doc = parseRichText(plainTextToDoc(text));
    return doc.ok ? renderValidDoc(doc.doc) : '';
  } catch {
    return '';
  }
}

/** The `text` strings of a damaged document, read without trusting its shape. */
export function salvageText(input: unknown): string {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_RICH_TEXT_BYTES * 2) return '';
    try {
      value = JSON.parse(input);
    } catch {
      return '';
    }
  }
  const parts: string[] = [];
  let budget = MAX_RICH_TEXT_BYTES;
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_RICH_TEXT_DEPTH || budget <= 0 || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child, depth + 1);
      return;
    }
    const text: unknown = Object.hasOwn(node, 'text') ? Reflect.get(node, 'text') : undefined;
    if (typeof text === 'string') {
      parts.push(text.slice(0, budget));
      budget -= text.length;
    }
    const content: unknown = Object.hasOwn(node, 'content') ? Reflect.get(node, 'content') : undefined;
    if (Array.isArray(content)) {
      const before = parts.length;
      walk(content, depth + 1);
      if (parts.length > before) parts.push('\n\n');
    }
  };
  walk(value, 0);
  return parts.join('').replace(/\n{3,}/g, '\n\n').trim();
}

const logged = new Set<string>();

function logOnce(input: unknown, error: RichTextError): void {
  const key = `${error.code}:${fingerprint(input)}`;
  if (logged.has(key)) return;
  if (logged.size > 1000) logged.clear();
  logged.add(key);
  console.warn(JSON.stringify({ level: 'warn', time: new Date().toISOString(), event: 'rich-text-invalid', code: error.code, error: error.message }));
}

/** FNV-1a over (at most) the first 64 KB of the document's JSON: enough to tell documents apart. */
function fingerprint(input: unknown): string {
  let text: string;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input) ?? '';
  } catch {
    text = String(input);
  }
  let hash = 0x811c9dc5;
  const end = Math.min(text.length, 65_536);
  for (let i = 0; i < end; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}:${text.length}`;
}
