import { z } from 'zod';
import { consentScopes, immigrationStatuses, safetyFlags } from '../cases/catalogue.js';
import { isCountryCode, isLanguageTag } from '../contact-points/contact-points.schema.js';
import { asList } from '../shared/form.js';
import { perDay } from '../shared/clock.js';
import { idField } from '../shared/ids.js';
import { withVersion } from '../shared/versions.js';

/** Gender is optional and never required to give a service; "other" leaves room without a free-text field. */
export const genders = ['woman', 'man', 'non_binary', 'other'] as const;

/** Languages offered first in the form: those most spoken by the workers our desks see. Any other real language tag is accepted. */
export const personLanguages = [
  'en', 'am', 'ar', 'bg', 'bn', 'cs', 'de', 'el', 'es', 'fa', 'fr', 'ha', 'hi', 'hr', 'hu', 'id', 'it', 'ku', 'lt', 'lv', 'mn', 'ne', 'om', 'pa',
  'pl', 'ps', 'pt', 'ro', 'ru', 'sk', 'so', 'sq', 'sr', 'sw', 'ta', 'th', 'ti', 'tl', 'tr', 'uk', 'ur', 'uz', 'vi', 'yo', 'zh',
] as const;

// Codes Intl can name that are not (or no longer) ISO 3166-1 countries: groupings, reserved and withdrawn codes.
const notCountries = new Set(['AC', 'AN', 'BU', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HV', 'IC', 'NH', 'NT', 'QO', 'QU', 'RH', 'SU', 'TA', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ']);

/** ISO 3166-1 alpha-2 codes (and XK, Kosovo, in common use) for nationality and jurisdiction. */
export const countryCodes: readonly string[] = (() => {
  const out: string[] = [];
  for (let a = 65; a <= 90; a += 1)
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      if (!notCountries.has(code) && isCountryCode(code)) out.push(code);
    }
  return out;
})();
const countrySet = new Set(countryCodes);

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
/** A language tag that Intl can name (so "zz" or "xx-nonsense" are refused). */
export function isKnownLanguage(tag: string): boolean {
  if ((personLanguages as readonly string[]).includes(tag)) return true;
  if (!isLanguageTag(tag)) return false;
  try {
    // The language itself must have a name: "zz-nonsense" is named "zz (NONSENSE)", but "zz" is no language.
    const primary = tag.split('-')[0]!;
    const name = languageNames.of(primary);
    return name !== undefined && name.toLowerCase() !== primary.toLowerCase() && languageNames.of(tag) !== undefined;
  } catch {
    return false;
  }
}

// ---- dates

/** A calendar date N days/years from today (UTC), as YYYY-MM-DD. */
export function isoDay(offset: { days?: number; years?: number }, now: number): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + (offset.years ?? 0));
  d.setUTCDate(d.getUTCDate() + (offset.days ?? 0));
  return d.toISOString().slice(0, 10);
}

export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

type DateRange = {
  min: string;
  max: string;
  /** Message keys when out of range. */
  tooEarly: string;
  tooLate: string;
};

/** Today, allowing one day for the counsellor's time zone being ahead of UTC. */
export const notAfterToday = (now: number) => isoDay({ days: 1 }, now);

/** An optional YYYY-MM-DD date: empty → null, impossible (2026-02-30) or out of range → a message. */
export function optionalDate(range: DateRange) {
  return z
    .string()
    .trim()
    .max(10, 'people.validation.date')
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      if (!isRealDate(value)) {
        ctx.addIssue({ code: 'custom', message: 'people.validation.date' });
        return z.NEVER;
      }
      if (value < range.min) ctx.addIssue({ code: 'custom', message: range.tooEarly });
      else if (value > range.max) ctx.addIssue({ code: 'custom', message: range.tooLate });
      return value;
    });
}

export function requiredDate(range: DateRange) {
  return optionalDate(range).transform((value, ctx) => {
    if (value !== null) return value;
    ctx.addIssue({ code: 'custom', message: 'validation.required' });
    return z.NEVER;
  });
}

// ---- text and choices

/** Free text: trimmed, empty → null; stored exactly as typed otherwise (escaping is the views' job). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((s) => (s ? s : null));

export const requiredText = (max: number) => z.string().trim().min(1, 'validation.required').max(max, 'validation.tooLong');

export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());

/** '' → null, otherwise one of `values`. */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(z.enum(values, 'validation.invalid_value').nullable());

export const checkboxList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(asList, z.array(z.enum(values, 'validation.invalid_value')).max(values.length, 'validation.tooMany'));

export const countryField = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => countrySet.has(c), 'people.validation.country');

export const contactPointIdField = idField();

const phoneField = optionalText(40).refine((p) => {
  if (p === null) return true;
  // What people type: +44 (0)7700 900-123, 0044 7700 900123 … but not letters.
  if (!/^[+\d\s().\-/]+$/.test(p)) return false;
  const digits = p.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 17;
}, 'people.validation.phone');

const birthYearField = (now: number) =>
  z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(year)) {
      ctx.addIssue({ code: 'custom', message: 'people.validation.birthYear' });
      return z.NEVER;
    }
    if (year < 1900 || year > new Date(now).getUTCFullYear()) ctx.addIssue({ code: 'custom', message: 'people.validation.birthYearRange' });
    return year;
  });

// ---- the person

/** The person's fields; date limits are relative to `now` (the app's clock). */
export const personShape = (now: number) => ({
  name: optionalText(120),
  alias: optionalText(80),
  preferredLanguage: z.string().trim().min(1, 'validation.required').max(35, 'validation.tooLong').refine(isKnownLanguage, 'people.validation.language'),
  /** Every language the person reads or speaks (ISO 639 codes); the preferred one is put first (orderLanguages). */
  languages: z.preprocess(
    asList,
    z.array(z.string().trim().max(35, 'validation.tooLong').refine(isKnownLanguage, 'people.validation.language')).max(20, 'validation.tooMany'),
  ),
  interpreterNeeded: checkbox,
  phone: phoneField,
  messagingHandle: optionalText(80),
  nationality: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || countrySet.has(v), 'people.validation.country'),
  gender: optionalChoice(genders),
  birthYear: birthYearField(now),
  birthDate: optionalDate({ min: '1900-01-01', max: isoDay({}, now), tooEarly: 'people.validation.dateBefore1900', tooLate: 'people.validation.birthFuture' }),
  immigrationStatus: z.enum(immigrationStatuses, 'validation.invalid_value').default('unknown'),
  visaType: optionalText(80),
  // A visa expired long ago still matters; one valid for more than 15 years is a typing error.
  visaExpiry: optionalDate({ min: '1950-01-01', max: isoDay({ years: 15 }, now), tooEarly: 'people.validation.dateTooEarly', tooLate: 'people.validation.visaTooFar' }),
  unionName: optionalText(120),
  unionNumber: optionalText(40),
  unionSince: optionalDate({ min: '1900-01-01', max: notAfterToday(now), tooEarly: 'people.validation.dateBefore1900', tooLate: 'people.validation.dateFuture' }),
  safetyFlags: checkboxList(safetyFlags),
  safetyNote: optionalText(500),
});

type PersonShape = z.infer<z.ZodObject<ReturnType<typeof personShape>>>;

/** Rules across fields: a name or an alias; a birth year that agrees with the birth date. */
export function checkPerson(p: PersonShape, ctx: z.RefinementCtx) {
  if (!p.name && !p.alias) ctx.addIssue({ code: 'custom', path: ['name'], message: 'people.validation.nameOrAlias' });
  if (typeof p.birthDate === 'string' && isRealDate(p.birthDate) && typeof p.birthYear === 'number' && Number(p.birthDate.slice(0, 4)) !== p.birthYear)
    ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'people.validation.birthYearMismatch' });
}

/**
 * Rules across fields run even when a field has failed, so that the form shows every message at once
 * (the rules must then expect a failed field to hold anything).
 */
export const alwaysCheck = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

export const withBirthYear = <T extends PersonShape>(p: T): T => ({ ...p, birthYear: p.birthDate ? Number(p.birthDate.slice(0, 4)) : p.birthYear });

/** The person's languages as stored: the preferred first, each once; 'und' (not known) is no language. */
export const orderLanguages = <T extends PersonShape>(p: T): T => ({
  ...p,
  languages: [...new Set([p.preferredLanguage, ...p.languages])].filter((l) => l !== 'und'),
});

export const PersonForm = perDay((now) => z.object(personShape(now)).superRefine(checkPerson, alwaysCheck).transform(withBirthYear).transform(orderLanguages));
export type PersonInput = z.infer<ReturnType<typeof PersonForm>>;
/** The person's edit form as posted: the fields and the version of the record they were edited from. */
export const PersonEditForm = perDay((now) => withVersion(PersonForm(now)));
export const personFields = Object.keys(personShape(0));

// ---- consent

export const consentShape = (now: number) => ({
  consentGivenOn: requiredDate({ min: '2000-01-01', max: notAfterToday(now), tooEarly: 'people.validation.consentTooOld', tooLate: 'people.validation.dateFuture' }),
  consentScopes: checkboxList(consentScopes),
  consentNote: optionalText(300),
});

export const ConsentForm = perDay((now) => z.object(consentShape(now)));
export type ConsentInput = z.infer<ReturnType<typeof ConsentForm>>;

/** The lists the person form offers. */
export const personChoices = { languages: personLanguages, countries: countryCodes, genders, immigrationStatuses, safetyFlags, consentScopes };
