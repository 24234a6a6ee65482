import { z } from 'zod';
import { isCountryCode, isLanguageTag, languageList } from '../contact-points/contact-points.schema.js';
import type { FieldErrors } from '../shared/form.js';
import { splitList } from '../shared/form.js';
import { partnerKinds } from './partners.table.js';
import { withVersion } from '../shared/versions.js';

const text = (max: number) => z.string('validation.invalid_type').trim().max(max, 'validation.tooLong').default('');
const required = (max: number) => z.string('validation.required').trim().min(1, 'validation.required').max(max, 'validation.tooLong');
const country = z
  .string('validation.countryCode')
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'validation.countryCode');

export const PartnerForm = z.object({
  name: required(160),
  kind: z.enum(partnerKinds, 'partners.validation.kind'),
  country,
  city: text(80),
  languages: languageList.pipe(z.array(z.string()).min(1, 'validation.required')),
  services: z
    .string()
    .max(600, 'validation.tooLong')
    .transform(splitList)
    .pipe(z.array(z.string().max(80, 'validation.tooLong')).max(30, 'validation.tooMany')),
  contactName: text(120),
  email: z.union([z.literal(''), z.email('validation.email').max(254, 'validation.tooLong')]).default(''),
  phone: text(40),
  address: text(300),
  notes: text(1000),
  active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
});
export type PartnerInput = z.infer<typeof PartnerForm>;
export const partnerFields = Object.keys(PartnerForm.shape);
/** The partner's edit form as posted: the entry and the version it was edited from. */
export const PartnerEditForm = withVersion(PartnerForm);

/** Filters of the directory: a value that is not one of ours is ignored rather than refused (it is only a list). */
export const PartnerFilter = z.object({
  kind: z.enum(partnerKinds).optional().catch(undefined),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode)
    .optional()
    .catch(undefined),
  language: z.string().trim().refine(isLanguageTag).optional().catch(undefined),
  service: z.string().trim().min(1).max(80).optional().catch(undefined),
  notice: z.enum(['created', 'saved']).optional().catch(undefined),
});
export type PartnerFilterInput = z.infer<typeof PartnerFilter>;

export function partnerFormErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p !== 'number');
    const key = path.length ? path.join('.') : '_form';
    const own = issue.message.startsWith('validation.') || issue.message.startsWith('partners.validation.');
    out[key] ??= own ? issue.message : `validation.${issue.code}`;
  }
  return out;
}
