// Saving the store form and the product form: a plain POST (redirect back, or the form again with
// its errors) or the autosave script's POST (JSON). A save made against an older version is
// refused with the current version, never written over it.
import type { Locale } from '../../../i18n/locales';
import { paths } from '../../../paths';
import { getDb } from '../../db/client';
import type { FieldError, FormValues } from '../../forms/forms';
import { parseForm } from '../../forms/forms';
import { redirect, type FormState } from '../../forms/respond';
import { parseRichText, plainTextFieldName, plainTextToDoc, richTextErrorMessageKey, type RichTextDoc } from '../../richtext';
import type { Product, Store } from '../../db/schema';
import { saveProduct } from '../products';
import { productSchema, storeDetailsSchema } from '../schemas';
import { saveStoreDetails, type SaveResult } from '../stores';
import { invalid, isFormState, json, readFields, translatedErrors, wantsJson, type StoreContext } from './context';

/** The rich-text field `name`: the editor's JSON, or the no-JS textarea's plain text. */
export function richTextField(values: FormValues, name: string): { ok: true; doc: RichTextDoc } | { ok: false; error: FieldError } {
  const jsonText = values[name];
  const parsed =
    jsonText !== undefined && jsonText.trim() !== '' ? parseRichText(jsonText) : parseRichText(plainTextToDoc(values[plainTextFieldName(name)] ?? ''));
  if (parsed.ok) return { ok: true, doc: parsed.doc };
  return { ok: false, error: { key: richTextErrorMessageKey(parsed.error.code) } };
}

/** What an edit page renders after a refused or invalid POST. */
export interface EditState extends FormState {
  /** Set when the save was refused because someone saved since: the version now stored. */
  conflictVersion: number | null;
}

type EditOutcome = Response | EditState;

function answer(ctx: StoreContext, result: SaveResult, values: FormValues, savedLocation: string): EditOutcome {
  if (result.ok) {
    if (wantsJson(ctx.request)) return json({ ok: true, version: result.version });
    return redirect(savedLocation);
  }
  if (wantsJson(ctx.request)) return json({ ok: false, conflict: true, version: result.currentVersion }, 409);
  return { status: 409, values, errors: {}, formError: { key: 'conflictNoJs' }, notice: null, conflictVersion: result.currentVersion };
}

function refused(ctx: StoreContext, locale: Locale, errors: Record<string, FieldError>, values: FormValues): EditOutcome {
  if (wantsJson(ctx.request)) return json({ ok: false, errors: translatedErrors(locale, errors) }, 400);
  return { ...invalid(errors, values), conflictVersion: null };
}

export async function handleStoreSave(ctx: StoreContext, store: Store, userId: string): Promise<EditOutcome> {
  const locale = ctx.locals.locale;
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return wantsJson(ctx.request) ? json({ ok: false, errors: {} }, 400) : { ...raw, conflictVersion: null };
  const form = parseForm(storeDetailsSchema, raw);
  const story = richTextField(raw, 'story');
  if (!form.ok || !story.ok) {
    const errors = form.ok ? {} : form.errors;
    if (!story.ok) errors['story'] = story.error;
    return refused(ctx, locale, errors, raw);
  }
  const result = await saveStoreDetails(getDb(), store.id, userId, form.data, story.doc);
  const location = `${paths.studioStore()}?${form.data.countyDropped ? 'county=again' : 'saved=1'}`;
  return answer(ctx, result, raw, location);
}

export async function handleProductSave(ctx: StoreContext, product: Product, userId: string): Promise<EditOutcome> {
  const locale = ctx.locals.locale;
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return wantsJson(ctx.request) ? json({ ok: false, errors: {} }, 400) : { ...raw, conflictVersion: null };
  const form = parseForm(productSchema, raw);
  const description = richTextField(raw, 'description');
  if (!form.ok || !description.ok) {
    const errors = form.ok ? {} : form.errors;
    if (!description.ok) errors['description'] = description.error;
    return refused(ctx, locale, errors, raw);
  }
  const result = await saveProduct(getDb(), product, userId, form.data, description.doc);
  return answer(ctx, result, raw, `${paths.studioProduct(product.id)}?saved=1`);
}
