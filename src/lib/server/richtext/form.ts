// Reading a rich-text field from a submitted form: the island's JSON, or the no-JS textarea.
import { plainTextToDoc } from '../../editor/plain-text';
import { parseRichText, type ParseRichTextResult, type RichTextErrorCode } from './parse';

/** Name of the no-JavaScript textarea that stands in for the rich-text field `name`. */
export function plainTextFieldName(name: string): string {
  return `${name}_text`;
}

/**
 * The document a form submitted for the rich-text field `name`: the editor's JSON (`name`) when
 * present, otherwise the plain textarea (`name_text`) turned into paragraphs. Both go through
 * parseRichText, so size and shape limits apply either way. Neither present → an empty document.
 */
export function richTextFromForm(form: FormData, name: string): ParseRichTextResult {
  const json = form.get(name);
  if (typeof json === 'string' && json.trim() !== '') return parseRichText(json);
  const text = form.get(plainTextFieldName(name));
  return parseRichText(plainTextToDoc(typeof text === 'string' ? text : ''));
}

/** The `editor` dictionary key that explains a rich-text error to the person who typed it. */
export function richTextErrorMessageKey(code: RichTextErrorCode): 'richTextTooLarge' | 'richTextBadLink' | 'richTextInvalid' {
  if (code === 'too-large') return 'richTextTooLarge';
  if (code === 'bad-link') return 'richTextBadLink';
  return 'richTextInvalid';
}
