// Validates rich-text JSON from a form or the database against the editor's schema.
import type { Node as PmNode } from '@tiptap/pm/model';
import { HEADING_LEVELS, LINK_REL } from '../../editor/extensions';
import { normalizeLinkHref } from '../../editor/links';
import type { RichTextDoc, RichTextMark, RichTextNode } from '../../editor/types';
import { richTextSchema } from './schema';

/** Largest accepted document, as UTF-8 JSON (about 30,000 Chinese characters). */
export const MAX_RICH_TEXT_BYTES = 100_000;
/** Deepest accepted JSON nesting (objects and arrays): about 14 levels of nested lists. */
export const MAX_RICH_TEXT_DEPTH = 64;

export type RichTextErrorCode =
  | 'invalid-json'
  | 'too-large'
  | 'too-deep'
  | 'proto-key'
  | 'not-a-document'
  | 'unknown-key'
  | 'unknown-node'
  | 'unknown-mark'
  | 'bad-attribute'
  | 'bad-link'
  | 'invalid-content';

export interface RichTextError {
  code: RichTextErrorCode;
  /** For logs and tests, in English; show users a translated message chosen by `code`. */
  message: string;
}

export type ParseRichTextResult = { ok: true; doc: RichTextDoc } | { ok: false; error: RichTextError };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const NODE_KEYS = new Set(['type', 'attrs', 'content', 'marks', 'text']);
const MARK_KEYS = new Set(['type', 'attrs']);
const ORDERED_LIST_TYPES = new Set(['1', 'a', 'A', 'i', 'I']);
const MAX_LIST_START = 1_000_000;

class RichTextInvalid extends Error {
  constructor(
    readonly code: RichTextErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function fail(code: RichTextErrorCode, message: string): never {
  throw new RichTextInvalid(code, message);
}

/**
 * Checks untrusted rich text (a JSON string, or a value already parsed from JSON) and returns the
 * normalised document, or a coded error. Never throws. Rejects: non-JSON, more than
 * MAX_RICH_TEXT_BYTES, nesting deeper than MAX_RICH_TEXT_DEPTH, `__proto__`/`constructor`/`prototype`
 * keys anywhere, node or mark types the editor does not have, unknown or ill-typed attributes,
 * links other than http(s)/tel/mailto, and content the schema does not allow (e.g. a list item
 * straight under the document).
 */
export function parseRichText(input: unknown): ParseRichTextResult {
  try {
    return { ok: true, doc: parseOrThrow(input) };
  } catch (error) {
    if (error instanceof RichTextInvalid) return { ok: false, error: { code: error.code, message: error.message } };
    // ProseMirror's own checks (content expressions, mark sets) throw RangeError.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'invalid-content', message } };
  }
}

function parseOrThrow(input: unknown): RichTextDoc {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (utf8Length(input) > MAX_RICH_TEXT_BYTES) fail('too-large', `rich text is over ${MAX_RICH_TEXT_BYTES} bytes`);
    try {
      value = JSON.parse(input);
    } catch {
      fail('invalid-json', 'rich text is not valid JSON');
    }
  }
  checkShape(value);
  if (typeof input !== 'string' && utf8Length(JSON.stringify(value)) > MAX_RICH_TEXT_BYTES) {
    fail('too-large', `rich text is over ${MAX_RICH_TEXT_BYTES} bytes`);
  }
  if (!isRecord(value) || value['type'] !== 'doc') fail('not-a-document', 'rich text must be an object of type "doc"');
  const normalised = normaliseNode(value, 'doc');
  const node: PmNode = richTextSchema().nodeFromJSON(normalised);
  node.check();
  const json: unknown = node.toJSON();
  if (!isRecord(json)) fail('invalid-content', 'the document did not serialise');
  return { ...toRichTextNode(json), type: 'doc' };
}

/** Walks the raw value without recursion: depth cap, forbidden keys, JSON-only values. */
function checkShape(root: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const { value, depth } = item;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail('invalid-json', 'numbers must be finite');
      continue;
    }
    if (typeof value !== 'object') fail('invalid-json', `a ${typeof value} is not JSON`);
    if (depth > MAX_RICH_TEXT_DEPTH) fail('too-deep', `rich text is nested deeper than ${MAX_RICH_TEXT_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (const child of value) stack.push({ value: child, depth: depth + 1 });
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) fail('invalid-json', 'only plain objects are accepted');
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== 'string') fail('invalid-json', 'symbol keys are not JSON');
      if (FORBIDDEN_KEYS.has(key)) fail('proto-key', `the key "${key}" is not allowed`);
      stack.push({ value: Reflect.get(value, key), depth: depth + 1 });
    }
  }
}

function normaliseNode(raw: unknown, where: string): RichTextNode {
  if (!isRecord(raw)) fail('invalid-json', `${where}: a node must be an object`);
  for (const key of Object.keys(raw)) if (!NODE_KEYS.has(key)) fail('unknown-key', `${where}: unknown key "${key}"`);
  const type = raw['type'];
  if (typeof type !== 'string') fail('invalid-json', `${where}: a node needs a string type`);
  const nodeType = Object.hasOwn(richTextSchema().nodes, type) ? richTextSchema().nodes[type] : undefined;
  if (!nodeType) fail('unknown-node', `${where}: unknown node type "${type}"`);
  const here = `${where}>${type}`;
  const out: RichTextNode = { type };

  const attrs = normaliseNodeAttrs(type, raw['attrs'], here);
  if (attrs) out.attrs = attrs;

  if (type === 'text') {
    const text = raw['text'];
    if (typeof text !== 'string' || text === '') fail('invalid-content', `${here}: a text node needs non-empty text`);
    if (raw['content'] !== undefined) fail('invalid-content', `${here}: a text node has no content`);
    out.text = text;
  } else if (raw['text'] !== undefined) {
    fail('unknown-key', `${here}: only text nodes have text`);
  }

  const marks = raw['marks'];
  if (marks !== undefined && marks !== null) {
    if (!Array.isArray(marks)) fail('invalid-json', `${here}: marks must be a list`);
    if (marks.length > 0) out.marks = marks.map((m) => normaliseMark(m, here));
  }

  const content = raw['content'];
  if (content !== undefined && content !== null) {
    if (!Array.isArray(content)) fail('invalid-json', `${here}: content must be a list`);
    if (content.length > 0) out.content = content.map((child) => normaliseNode(child, here));
  }
  return out;
}

function normaliseNodeAttrs(type: string, raw: unknown, where: string): Record<string, unknown> | null {
  const attrs = attrsRecord(raw, where);
  const allowed: Record<string, readonly string[]> = { heading: ['level'], orderedList: ['start', 'type'] };
  const names = allowed[type] ?? [];
  for (const key of Object.keys(attrs)) {
    if (!names.includes(key)) fail('bad-attribute', `${where}: unknown attribute "${key}"`);
  }
  if (type === 'heading') {
    const level = attrs['level'];
    if (!HEADING_LEVELS.some((l) => l === level)) fail('bad-attribute', `${where}: heading level must be 2 or 3`);
    return { level };
  }
  if (type === 'orderedList') {
    const start = attrs['start'] ?? 1;
    const listType = attrs['type'] ?? null;
    if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > MAX_LIST_START) {
      fail('bad-attribute', `${where}: a list must start at a whole number from 0 to ${MAX_LIST_START}`);
    }
    if (listType !== null && (typeof listType !== 'string' || !ORDERED_LIST_TYPES.has(listType))) {
      fail('bad-attribute', `${where}: unknown list numbering "${String(listType)}"`);
    }
    return { start, type: listType };
  }
  return null;
}

function normaliseMark(raw: unknown, where: string): RichTextMark {
  if (!isRecord(raw)) fail('invalid-json', `${where}: a mark must be an object`);
  for (const key of Object.keys(raw)) if (!MARK_KEYS.has(key)) fail('unknown-key', `${where}: unknown mark key "${key}"`);
  const type = raw['type'];
  if (typeof type !== 'string') fail('invalid-json', `${where}: a mark needs a string type`);
  if (!Object.hasOwn(richTextSchema().marks, type)) fail('unknown-mark', `${where}: unknown mark type "${type}"`);
  const attrs = attrsRecord(raw['attrs'], `${where}>${type}`);
  if (type !== 'link') {
    if (Object.keys(attrs).length > 0) fail('bad-attribute', `${where}: the ${type} mark has no attributes`);
    return { type };
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (!['href', 'target', 'rel', 'class', 'title'].includes(key)) fail('bad-attribute', `${where}: unknown link attribute "${key}"`);
    // Pasted links carry target/rel/class/title from their source page: harmless, and replaced below.
    if (key !== 'href' && value !== null && typeof value !== 'string') fail('bad-attribute', `${where}: link ${key} must be text`);
  }
  const href = normalizeLinkHref(attrs['href']);
  if (href === null) fail('bad-link', `${where}: links may only go to http, https, tel or mailto addresses`);
  return { type: 'link', attrs: { href, target: null, rel: LINK_REL, class: null, title: null } };
}

function attrsRecord(raw: unknown, where: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) fail('bad-attribute', `${where}: attrs must be an object`);
  return raw;
}

function toRichTextNode(json: Record<string, unknown>): RichTextNode {
  // node.toJSON() of a checked node: the shape is ProseMirror's own.
  const out: RichTextNode = { type: String(json['type']) };
  const attrs = json['attrs'];
  if (isRecord(attrs)) out.attrs = { ...attrs };
  if (typeof json['text'] === 'string') out.text = json['text'];
  const marks = json['marks'];
  if (Array.isArray(marks)) {
    out.marks = marks.filter(isRecord).map((m) => {
      const mark: RichTextMark = { type: String(m['type']) };
      if (isRecord(m['attrs'])) mark.attrs = { ...m['attrs'] };
      return mark;
    });
  }
  const content = json['content'];
  if (Array.isArray(content)) out.content = content.filter(isRecord).map(toRichTextNode);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
