// What the code forms accept. Message keys are looked up in the `share` dictionary, then `forms`.
import { z } from 'zod';
import { isLocale, type Locale } from '../../i18n/locales';
import { singleLine } from '../../validation/text';
import { PLACEMENTS } from './links';

const placementField = z.enum(PLACEMENTS, { errorMap: () => ({ message: 'placementInvalid' }) });
const labelField = singleLine(0, 100);

/** "store" or one of the store's product ids (checked against the store by the handler). */
const targetField = z
  .string({ required_error: 'targetInvalid' })
  .trim()
  .regex(/^(store|[a-z0-9]{1,32})$/, 'targetInvalid');

export const newPlacementSchema = z.object({ target: targetField, placement: placementField, label: labelField });
export type NewPlacementInput = z.infer<typeof newPlacementSchema>;

export const editLinkSchema = z.object({ placement: placementField.optional(), label: labelField });
export type EditLinkInput = z.infer<typeof editLinkSchema>;

export const LABEL_LAYOUTS = ['3x8', '2x5'] as const;
export type LabelLayout = (typeof LABEL_LAYOUTS)[number];

export function isLabelLayout(value: string | null): value is LabelLayout {
  return value !== null && (LABEL_LAYOUTS as readonly string[]).includes(value);
}

/** Labels per A4 sheet of each layout. */
export const LABELS_PER_SHEET: Record<LabelLayout, number> = { '3x8': 24, '2x5': 10 };

export const MAX_LABEL_SHEETS = 10;

/** The number of label sheets asked for (?sheets=), 1 to MAX_LABEL_SHEETS; anything else is 1 or the maximum. */
export function labelSheetsOf(value: string | null): number {
  const n = value === null || !/^\d{1,3}$/.test(value.trim()) ? 1 : Number(value.trim());
  return Math.min(MAX_LABEL_SHEETS, Math.max(1, n));
}

/** The language of a printed poster or label sheet (?language=): one of ours, else the seller's own. */
export function printLocaleOf(value: string | null, fallback: Locale): Locale {
  return isLocale(value) ? value : fallback;
}
