import type { FieldError, FormValues } from './forms';

/** What a form page renders after a POST that did not redirect. */
export interface FormState {
  status: number;
  values: FormValues;
  errors: Record<string, FieldError>;
  /** A message for the whole form (a dictionary key of `forms` or the page's own area). */
  formError: FieldError | null;
  notice: FieldError | null;
}

export function emptyForm(values: FormValues = {}): FormState {
  return { status: 200, values, errors: {}, formError: null, notice: null };
}

export function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}
