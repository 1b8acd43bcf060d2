// What the trainer workspace's forms accept. Message keys are looked up in the `trainer` dictionary
// first, then in `forms` (required, tooLong …).
import { z } from 'zod';
import { choice, singleLine } from '../../validation/text';
import { normaliseJoinCode } from './join-code';

/** A calendar date typed in a date field: YYYY-MM-DD that really exists. */
export const dateField = singleLine(1, 10).superRefine((v, ctx) => {
  if (v === '') return;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== v) ctx.addIssue({ code: 'custom', message: 'dateInvalid' });
});

export const cohortDetailsSchema = z.object({
  name: singleLine(1, 60),
  place: singleLine(0, 60),
  startDate: dateField,
});
export type CohortDetailsInput = z.output<typeof cohortDetailsSchema>;

/** A join code as typed or pasted (a whole join link works too). */
export const joinCodeField = singleLine(1, 200).transform((v, ctx) => {
  const code = normaliseJoinCode(v);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: 'joinCodeInvalid' });
    return z.NEVER;
  }
  return code;
});

/** The optional join code at sign-up: empty, or a code. */
export const optionalJoinCodeField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const text = (v ?? '').normalize('NFC').trim();
    if (text === '') return null;
    const code = normaliseJoinCode(text);
    if (!code) {
      ctx.addIssue({ code: 'custom', message: 'joinCodeInvalid' });
      return z.NEVER;
    }
    return code;
  });

export const joinSchema = z.object({ joinCode: joinCodeField });

export const centreSchema = z.object({
  name: singleLine(1, 80),
  place: singleLine(0, 80),
});
export type CentreInput = z.output<typeof centreSchema>;

export const staffSchema = z.object({
  login: singleLine(1, 64),
  role: choice(['trainer', 'manager'] as const),
});

/** A month in a report: YYYY-MM. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
