// JSON → HTML with @tiptap/static-renderer from THE extension list, with the node and mark
// renderers built once. renderToHTMLString() rebuilds them on every call (≈ 1–2 ms); this is what
// it does inside, done once — tests/unit/richtext-render.test.ts checks both give the same HTML.
import { getAttributesFromExtensions, resolveExtensions, splitExtensions } from '@tiptap/core';
import type { Mark as PmMark, Node as PmNode } from '@tiptap/pm/model';
import { escapeHTML, renderJSONContentToString } from '@tiptap/static-renderer/json/html-string';
import {
  domOutputSpecToHTMLString,
  mapMarkExtensionToReactNode,
  mapNodeExtensionToReactNode,
  serializeChildrenToHTMLString,
} from '@tiptap/static-renderer/pm/html-string';
import { editorExtensions } from '../../editor/extensions';

type Render = (args: { content: PmNode }) => string;

let cached: Render | null = null;

function buildRenderer(): Render {
  const extensions = resolveExtensions(editorExtensions);
  const attributes = getAttributesFromExtensions(extensions);
  const { nodeExtensions, markExtensions } = splitExtensions(extensions);
  const nodeMapping = Object.fromEntries(
    nodeExtensions
      .filter((e) => e.name !== 'doc' && e.name !== 'text')
      .map((e) => mapNodeExtensionToReactNode<string>(domOutputSpecToHTMLString, e, attributes)),
  );
  const markMapping = Object.fromEntries(markExtensions.map((m) => mapMarkExtensionToReactNode<string>(domOutputSpecToHTMLString, m, attributes)));
  return renderJSONContentToString<PmMark, PmNode>({
    nodeMapping: {
      ...nodeMapping,
      doc: ({ children }) => serializeChildrenToHTMLString(children),
      text: ({ node }) => escapeHTML(node.text ?? ''),
    },
    markMapping,
  });
}

/** HTML for a ProseMirror node of the rich-text schema (unsanitised: pass it through the sanitizer). */
export function docToHtml(doc: PmNode): string {
  cached ??= buildRenderer();
  return cached({ content: doc });
}
