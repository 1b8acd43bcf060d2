// THE TipTap extension list: the island edits with it, the server validates and renders with it.
// Browser-safe: imports nothing server-only.
import type { Extensions } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { normalizeLinkHref } from './links';

/** Heading levels a description may use (the page title is the h1). */
export const HEADING_LEVELS = [2, 3] as const;

/** rel on every rendered link: user-written, not endorsed, no window.opener. */
export const LINK_REL = 'nofollow noopener ugc';

export const editorExtensions: Extensions = [
  StarterKit.configure({
    // Kept: document, text, paragraph, bold, italic, heading, lists, blockquote, hard break, link,
    // undo/redo, list keymap, trailing node.
    heading: { levels: [...HEADING_LEVELS] },
    link: {
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      // http, https and mailto are built into linkify; tel is registered here.
      protocols: [{ scheme: 'tel', optionalSlashes: true }],
      HTMLAttributes: { target: null, rel: LINK_REL, class: null },
      isAllowedUri: (url) => normalizeLinkHref(url) !== null,
      shouldAutoLink: (url) => normalizeLinkHref(url) !== null,
    },
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    dropcursor: false,
    gapcursor: false,
  }),
];

/** Node and mark names the schema holds, for tests and for the toolbar. */
export const RICH_TEXT_NODES = [
  'doc',
  'paragraph',
  'text',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'hardBreak',
] as const;
export const RICH_TEXT_MARKS = ['bold', 'italic', 'link'] as const;
