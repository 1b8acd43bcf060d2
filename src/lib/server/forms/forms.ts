import type { z } from 'zod';
import type { Params } from '../../i18n/define';

export interface FieldError {
  key: string;
  params?: Params;
}

export type FormValues = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: Record<string, FieldError>; values: FormValues };

/** Fields whose typed value is never sent back to the browser. */
const SECRET_FIELD = /^(password|currentPassword|newPassword|code)$/;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export class BadFormError extends Error {
  constructor() {
    super('The request body is not a readable form.');
  }
}

/** Reads a form body; anything that is not a form, or cannot be read, is a BadFormError (answered 400). */
export async function readForm(request: Request): Promise<FormValues> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) throw new BadFormError();
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    throw new BadFormError();
  }
  const values: FormValues = {};
  for (const [key, value] of data.entries()) {
    if (typeof value === 'string' && !(key in values)) values[key] = value;
  }
  return values;
}

/** Values safe to put back into the form: what the user typed, minus passwords and codes. */
export function keepTyped(values: FormValues): FormValues {
  const kept: FormValues = {};
  for (const [k, v] of Object.entries(values)) if (!SECRET_FIELD.test(k)) kept[k] = v;
  return kept;
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, values: FormValues): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values: keepTyped(values) };
  const errors: Record<string, FieldError> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    const params = issue.code === 'custom' && issue.params ? (issue.params as Params) : undefined;
    errors[field] = params ? { key: issue.message, params } : { key: issue.message };
  }
  return { ok: false, errors, values: keepTyped(values) };
}
