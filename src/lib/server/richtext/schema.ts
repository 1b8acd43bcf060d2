// The ProseMirror schema built once from THE extension list (src/lib/editor/extensions.ts).
import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { editorExtensions } from '../../editor/extensions';

let schema: Schema | null = null;

export function richTextSchema(): Schema {
  schema ??= getSchema(editorExtensions);
  return schema;
}
