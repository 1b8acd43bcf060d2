// What the store, product and order forms accept. Message keys are looked up in the `store`
// dictionary first, then in `forms` (required, tooLong …).
import { z } from 'zod';
import { AVAILABILITY, CATEGORIES, CURRENCIES, FULFILMENT, UNITS } from '../../store/catalog';
import { parsePriceInput } from '../../store/money';
import { countyInProvince, findProvince } from '../../regions';
import { choice, multiLine, singleLine } from '../../validation/text';

/** The "outside the list" choice of the province field. */
export const OTHER_REGION = 'other';

const versionField = z.coerce.number({ invalid_type_error: 'versionMissing' }).int('versionMissing').min(0, 'versionMissing');

/** A field that may be left out of the form altogether (treated as empty). */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((v) => (v === undefined || v === null ? '' : v), schema);
}

/** Phone numbers as people type them: digits with spaces, dashes, brackets and a leading +. */
function phoneField(max: number) {
  return optional(
    singleLine(0, max).superRefine((v, ctx) => {
      if (v === '') return;
      const digits = v.replace(/[\s\-()]/g, '');
      if (!/^\+?\d{5,20}$/.test(digits)) ctx.addIssue({ code: 'custom', message: 'phoneInvalid' });
    }),
  );
}

function wechatField() {
  return optional(
    singleLine(0, 40).superRefine((v, ctx) => {
      if (v !== '' && /\s/.test(v)) ctx.addIssue({ code: 'custom', message: 'wechatInvalid' });
    }),
  );
}

const optionalCode = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim());

export const storeDetailsSchema = z
  .object({
    name: singleLine(1, 60),
    tagline: optional(singleLine(0, 120)),
    provinceCode: optionalCode,
    countyCode: optionalCode,
    village: optional(singleLine(0, 60)),
    regionOther: optional(singleLine(0, 100)),
    phone: phoneField(30),
    wechat: wechatField(),
    whatsapp: phoneField(30),
    pickupNote: optional(multiLine(300)),
    deliveryNote: optional(multiLine(300)),
    version: versionField,
  })
  .superRefine((v, ctx) => {
    if (v.phone === '' && v.wechat === '' && v.whatsapp === '') {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contactRequired' });
    }
    if (v.provinceCode !== '' && v.provinceCode !== OTHER_REGION && !findProvince(v.provinceCode)) {
      ctx.addIssue({ code: 'custom', path: ['provinceCode'], message: 'invalidChoice' });
    }
    if (v.provinceCode === OTHER_REGION && v.regionOther === '') {
      ctx.addIssue({ code: 'custom', path: ['regionOther'], message: 'regionOtherRequired' });
    }
  })
  .transform((v) => {
    const listed = v.provinceCode !== '' && v.provinceCode !== OTHER_REGION;
    // A county from another province (the province changed without JavaScript) is dropped: the
    // page then asks for the county again.
    const county = listed && v.countyCode !== '' && countyInProvince(v.countyCode, v.provinceCode) ? v.countyCode : null;
    return {
      ...v,
      provinceCode: listed ? v.provinceCode : null,
      countyCode: county,
      countyDropped: listed && v.countyCode !== '' && county === null,
      regionOther: listed ? '' : v.regionOther,
    };
  });
export type StoreDetailsInput = z.output<typeof storeDetailsSchema>;

/** Creating a store asks only what the first screen needs. */
export const newStoreSchema = z
  .object({
    name: singleLine(1, 60),
    phone: phoneField(30),
    wechat: wechatField(),
    whatsapp: phoneField(30),
  })
  .superRefine((v, ctx) => {
    if (v.phone === '' && v.wechat === '' && v.whatsapp === '') {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contactRequired' });
    }
  });
export type NewStoreInput = z.output<typeof newStoreSchema>;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const productSchema = z
  .object({
    name: singleLine(1, 60),
    price: singleLine(0, 20).transform((v, ctx) => {
      if (v === '') return null;
      const minor = parsePriceInput(v);
      if (minor === null) {
        ctx.addIssue({ code: 'custom', message: 'priceInvalid' });
        return z.NEVER;
      }
      return minor;
    }),
    currency: choice(CURRENCIES),
    unit: choice(UNITS),
    priceByWeight: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === '1' || v === 'true'),
    availability: choice(AVAILABILITY),
    harvestDate: optional(singleLine(0, 10)),
    stock: singleLine(0, 9).transform((v, ctx) => {
      if (v === '') return null;
      const text = v.normalize('NFKC');
      if (!/^\d{1,7}$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: 'stockInvalid' });
        return z.NEVER;
      }
      return Number(text);
    }),
    category: choice(CATEGORIES),
    version: versionField,
  })
  .superRefine((v, ctx) => {
    // The harvest date belongs to a pre-order only (the field is hidden otherwise): a date left in
    // it from an earlier pre-order never blocks saving an in-stock product.
    if (v.availability !== 'preorder') return;
    if (v.harvestDate === '') ctx.addIssue({ code: 'custom', path: ['harvestDate'], message: 'harvestDateRequired' });
    else if (!validDate(v.harvestDate)) ctx.addIssue({ code: 'custom', path: ['harvestDate'], message: 'dateInvalid' });
  })
  .transform((v) => ({ ...v, harvestDate: v.availability === 'preorder' && v.harvestDate !== '' ? v.harvestDate : null }));
export type ProductInput = z.output<typeof productSchema>;

export const newProductSchema = z.object({ name: singleLine(1, 60) });

export const orderRequestSchema = z.object({
  buyerName: singleLine(1, 50),
  buyerContact: singleLine(3, 60),
  product: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim()),
  quantity: optional(singleLine(0, 30)),
  note: optional(multiLine(500)),
  fulfilment: choice(FULFILMENT),
  /** The honeypot: hidden from people, filled by form-filling robots. */
  website: z
    .string()
    .optional()
    .transform((v) => v ?? ''),
});
export type OrderRequestInput = z.output<typeof orderRequestSchema>;

export const takeDownSchema = z.object({ reason: singleLine(3, 300) });

export const inviteCodeSchema = z.object({ code: singleLine(1, 20) });

export const slugSchema = z.object({ slug: singleLine(1, 80) });
