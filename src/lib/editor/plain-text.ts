// Plain text ⇄ rich-text JSON: the no-JavaScript textarea, its initial value, search indexing.
// Browser-safe (the island uses plainTextToDoc for text typed before it loaded).
import type { RichTextDoc, RichTextNode } from './types';

// Controls other than tab and newline have no place in a description.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Normalises line endings and drops control characters, keeping newlines and tabs. */
export function cleanPlainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/**
 * Paragraphs split on blank lines; a single newline inside a paragraph becomes a hard break.
 * Empty text gives one empty paragraph (the shape the editor starts with).
 */
export function plainTextToDoc(text: string): RichTextDoc {
  const paragraphs = cleanPlainText(text)
    .split(/\n[ \t\u3000]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
  if (paragraphs.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] };
  return {
    type: 'doc',
    content: paragraphs.map((paragraph): RichTextNode => {
      const content: RichTextNode[] = [];
      paragraph.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line !== '') content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}

const BLOCK_SEPARATOR = '\n\n';

/**
 * The words of a document: blocks separated by a blank line, hard breaks as newlines, list items
 * on lines of their own ("• " or "1. "). Formatting and link targets are dropped.
 * `plainTextToDoc(docToPlainText(doc))` keeps every word and line of `doc`.
 */
export function docToPlainText(doc: RichTextNode): string {
  return blocksToText(doc.content ?? []).trim();
}

function blocksToText(blocks: RichTextNode[]): string {
  return blocks
    .map((block) => blockToText(block))
    .filter((text) => text !== '')
    .join(BLOCK_SEPARATOR);
}

function blockToText(node: RichTextNode): string {
  switch (node.type) {
    case 'bulletList':
    case 'orderedList': {
      const startAttr = node.attrs?.['start'];
      const start = typeof startAttr === 'number' && Number.isInteger(startAttr) ? startAttr : 1;
      return (node.content ?? [])
        .map((item, i) => {
          const marker = node.type === 'bulletList' ? '• ' : `${start + i}. `;
          const text = (item.content ?? []).map((child) => blockToText(child)).filter((t) => t !== '').join('\n');
          return `${marker}${text.replace(/\n/g, '\n  ')}`;
        })
        .join('\n');
    }
    case 'blockquote':
      return blocksToText(node.content ?? []);
    default:
      return inlineToText(node.content ?? []);
  }
}

function inlineToText(nodes: RichTextNode[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'hardBreak') return '\n';
      if (n.type === 'text') return n.text ?? '';
      return inlineToText(n.content ?? []);
    })
    .join('');
}

/** True when a document holds no words (only empty paragraphs, empty list items, or nothing at all). */
export function isEmptyDoc(doc: RichTextNode | null | undefined): boolean {
  if (!doc) return true;
  const stack: RichTextNode[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'text' && (node.text ?? '').trim() !== '') return false;
    for (const child of node.content ?? []) stack.push(child);
  }
  return true;
}
