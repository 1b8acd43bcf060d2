// Rich text on the server: validate (parse), render to safe HTML, convert to and from plain text.
export {
  parseRichText,
  MAX_RICH_TEXT_BYTES,
  MAX_RICH_TEXT_DEPTH,
  type ParseRichTextResult,
  type RichTextError,
  type RichTextErrorCode,
} from './parse';
export { renderRichText, sanitizeRichTextHtml, RICH_TEXT_SANITIZE_OPTIONS } from './render';
export { richTextFromForm, plainTextFieldName, richTextErrorMessageKey } from './form';
export { plainTextToDoc, docToPlainText, isEmptyDoc, cleanPlainText } from '../../editor/plain-text';
export { emptyDoc, type RichTextDoc, type RichTextNode, type RichTextMark } from '../../editor/types';
