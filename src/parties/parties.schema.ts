import { z } from 'zod';
import { partyKinds, sectors } from '../cases/catalogue.js';
import { isCountryCode } from '../contact-points/contact-points.schema.js';
import type { FieldErrors } from '../shared/form.js';
import { idField } from '../shared/ids.js';
import { withVersion } from '../shared/versions.js';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
/** An optional text field: empty means "not known" and is stored as null. */
const optional = (max: number) => text(max).transform((s) => s || null);

export const PartyForm = z.object({
  name: text(200).min(1, 'validation.required'),
  kind: z.enum(partyKinds, 'parties.validation.kind'),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => c === '' || isCountryCode(c), 'validation.countryCode')
    .transform((c) => c || null),
  sector: z
    .string()
    .trim()
    .refine((s) => s === '' || (sectors as readonly string[]).includes(s), 'parties.validation.sector')
    .transform((s) => (s || null) as (typeof sectors)[number] | null),
  registrationNumber: optional(60),
  address: optional(300),
});
export type PartyInput = z.infer<typeof PartyForm>;
export const partyFields = Object.keys(PartyForm.shape) as (keyof PartyInput)[];
/** The party's edit form as posted: the details and the version of the party they were edited from. */
export const PartyEditForm = withVersion(PartyForm);

const role = z.enum(partyKinds, 'parties.validation.role');

/** Linking a party already in the register. */
export const LinkExistingForm = z.object({
  partyId: idField('parties.validation.choose'),
  role,
});

/** Creating a party and linking it at once; `confirmNew` says the counsellor has seen the likely duplicates. */
export const LinkNewForm = PartyForm.extend({
  role,
  confirmNew: z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean()),
});

const searchTerm = z
  .string()
  .trim()
  .max(100)
  .catch('')
  .default('');

export const PartySearchQuery = z.object({
  q: searchTerm,
  caseId: idField().optional().catch(undefined),
});

export const partySorts = ['cases', 'name', 'recent'] as const;
export const PartyListQuery = z.object({
  q: searchTerm,
  sort: z.enum(partySorts).catch('cases').default('cases'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const Notice = z.object({ notice: z.enum(['saved']).optional() }).catch({});

/** Removing a party from a case is a click that hurts (issue 16 item 4): the reason goes on the case's timeline. */
export const UnlinkForm = z.object({
  reason: z.string('parties.validation.reasonRequired').trim().min(1, 'parties.validation.reasonRequired').max(2000, 'validation.tooLong'),
});

/** The link page after a removal (`undo`: the party just removed, offered back) or an undo done. */
export const LinkPageQuery = z.object({ undo: idField().optional(), notice: z.enum(['relinked']).optional() }).catch({});

/** Like fieldErrors (shared/form.ts), but keeps this feature's own message keys (`parties.validation.*`). */
export function partyFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p !== 'number');
    const key = path.length ? path.join('.') : '_form';
    out[key] ??= /^(validation|parties\.validation)\./.test(issue.message) ? issue.message : `validation.${issue.code}`;
  }
  return out;
}
