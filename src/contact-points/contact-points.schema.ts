import { z } from 'zod';
import { splitList } from '../shared/form.js';
import { withVersion } from '../shared/versions.js';
import { isKnownRegion } from '../deadlines/holidays.js';
import { ISO_REGION } from '../deadlines/regions.js';
import { supportedLocales } from '../i18n/index.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  try {
    const name = regionNames.of(code);
    return name !== undefined && name !== code;
  } catch {
    return false;
  }
}

export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag);
  } catch {
    return false;
  }
}

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');

/** A region as a form posts it: '' for none, else an upper-case code checked against the country by regionProblem. */
export const regionField = z
  .string('validation.regionUnknown')
  .trim()
  .max(10, 'validation.tooLong')
  .default('')
  .transform((v) => (v === '' ? null : v.toUpperCase()));

/** Why `region` cannot be a region of `country`, as a message key; null when it can (or is none). */
export function regionProblem(country: string, region: string | null): string | null {
  if (region === null) return null;
  if (!ISO_REGION.test(region)) return 'validation.regionUnknown';
  if (!region.startsWith(`${country}-`)) return 'validation.regionOtherCountry';
  return isKnownRegion(region) ? null : 'validation.regionUnknown';
}

/**
 * A form's cross-field check that its region is one of its country's (fields named `country` and `region` in the
 * form); skipped while the country itself is not valid, which has its own message.
 */
export function checkRegionOf(countryKey: string, regionKey: string) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const country = typeof v[countryKey] === 'string' ? (v[countryKey] as string).trim().toUpperCase() : '';
    const region = v[regionKey];
    if (!isCountryCode(country) || typeof region !== 'string') return;
    const problem = regionProblem(country, region.trim().toUpperCase() || null);
    if (problem) ctx.addIssue({ code: 'custom', path: [regionKey], message: problem });
  };
}

export const languageList = z
  .string()
  .max(200, 'validation.tooLong')
  .transform(splitList)
  .pipe(z.array(z.string().refine(isLanguageTag, 'validation.languageCode')).max(20, 'validation.tooMany'));

export const ContactPointForm = z.object({
  name: required(120),
  unionName: required(120),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'validation.countryCode'),
  city: required(80),
  address: text(300),
  email: z.union([z.literal(''), z.email('validation.email').max(254, 'validation.tooLong')]),
  phone: text(40),
  languages: languageList.pipe(z.array(z.string()).min(1, 'validation.required')),
  services: z
    .string()
    .max(500, 'validation.tooLong')
    .transform(splitList)
    .pipe(z.array(z.string().max(80, 'validation.tooLong')).max(30, 'validation.tooMany')),
  timezone: z.string().trim().refine((tz) => timeZones.has(tz), 'validation.timezone'),
  /** ISO 3166-2, chosen from the regions of the country the holiday calendars know; '' is the whole country. */
  region: regionField,
  /** The language new accounts of the contact point start in (one of the UI's). */
  defaultLocale: z.enum(supportedLocales, 'validation.invalid_value').default('en'),
  refPrefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,5}$/, 'validation.refPrefix'),
  active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
}).superRefine(checkRegionOf('country', 'region'), { when: (p) => typeof p.value === 'object' && p.value !== null });
export type ContactPointInput = z.infer<typeof ContactPointForm>;
export const contactPointFields = Object.keys(ContactPointForm.shape);
/** A contact point's form as posted: the details and the version they were edited from. */
export const ContactPointEditForm = withVersion(ContactPointForm);
