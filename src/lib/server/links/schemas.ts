// What the code forms accept. Message keys are looked up in the `share` dictionary, then `forms`.
import { z } from 'zod';
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
