import { z } from 'zod';

// Message keys (not sentences): forms translate them with the `forms` dictionary.
export type FieldMessageKey =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'invalidCharacters'
  | 'invalidChoice'
  | 'loginInvalid'
  | 'passwordTooShort'
  | 'passwordTooLong';

const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const REPLACEMENT = '\uFFFD';

function codePoints(value: string): number {
  return [...value].length;
}

/**
 * One line of text typed by a person: NFC-normalised, trimmed, no control characters and no
 * U+FFFD (what invalid UTF-8 decodes to), length counted in characters, not bytes.
 */
export function singleLine(min: number, max: number) {
  return z
    .string({ required_error: 'required', invalid_type_error: 'required' })
    .transform((v) => v.normalize('NFC').trim())
    .superRefine((v, ctx) => {
      if (v.includes(REPLACEMENT) || CONTROL.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'invalidCharacters' });
        return;
      }
      const n = codePoints(v);
      if (n === 0 && min > 0) ctx.addIssue({ code: 'custom', message: 'required' });
      else if (n < min) ctx.addIssue({ code: 'custom', message: 'tooShort', params: { min } });
      else if (n > max) ctx.addIssue({ code: 'custom', message: 'tooLong', params: { max } });
    });
}

/** Several lines (notes, stories in plain text): newlines and tabs allowed, other control characters not. */
export function multiLine(max: number) {
  return z
    .string({ required_error: 'required', invalid_type_error: 'required' })
    .transform((v) => v.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .superRefine((v, ctx) => {
      if (v.includes(REPLACEMENT) || CONTROL.test(v.replace(/[\n\t]/g, ''))) {
        ctx.addIssue({ code: 'custom', message: 'invalidCharacters' });
        return;
      }
      if (codePoints(v) > max) ctx.addIssue({ code: 'custom', message: 'tooLong', params: { max } });
    });
}

/** A password: any Unicode, no composition rules, never trimmed or truncated. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export function password() {
  return z
    .string({ required_error: 'required', invalid_type_error: 'required' })
    .superRefine((v, ctx) => {
      const n = codePoints(v.normalize('NFC'));
      if (n === 0) ctx.addIssue({ code: 'custom', message: 'required' });
      else if (v.includes(REPLACEMENT) || /[\p{Cc}]/u.test(v)) ctx.addIssue({ code: 'custom', message: 'invalidCharacters' });
      else if (n < PASSWORD_MIN) ctx.addIssue({ code: 'custom', message: 'passwordTooShort', params: { min: PASSWORD_MIN } });
      else if (n > PASSWORD_MAX) ctx.addIssue({ code: 'custom', message: 'passwordTooLong', params: { max: PASSWORD_MAX } });
    });
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { errorMap: () => ({ message: 'invalidChoice' }) });
}
