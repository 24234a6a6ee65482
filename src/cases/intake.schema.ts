import { z } from 'zod';
import { perDay } from '../shared/clock.js';
import { asList } from '../shared/form.js';
import {
  alwaysCheck,
  checkPerson,
  checkboxList,
  consentShape,
  contactPointIdField,
  countryField,
  isRealDate,
  isoDay,
  optionalChoice,
  optionalDate,
  personShape,
  requiredText,
  withBirthYear,
  orderLanguages,
} from '../people/people.schema.js';
import { caseTypes, currencies, gcmObjectives, priorities, sectors } from './catalogue.js';
import { idField } from '../shared/ids.js';
import { checkRegionOf, regionField } from '../contact-points/contact-points.schema.js';

export const SearchQuery = z
  .object({ q: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : ''), z.string()) })
  .catch({ q: '' });

/** What the counsellor chose when likely duplicates were shown. */
export const DuplicateChoice = z
  .object({
    useExisting: idField().optional(),
    createAnyway: z.literal('1').optional(),
  })
  .catch({});

const storeRequired = (v: { consentScopes: readonly string[] }, ctx: z.RefinementCtx) => {
  // Without consent to store, nothing that identifies the person may be kept (DESIGN §2, issue 3).
  if (!Array.isArray(v.consentScopes) || !v.consentScopes.includes('store')) ctx.addIssue({ code: 'custom', path: ['consentScopes'], message: 'intake.validation.storeRequired' });
};

/** Step 2 for someone new: consent first, then who they are. */
export const IntakePersonForm = perDay((now) =>
  z
    .object({ ...personShape(now), ...consentShape(now), contactPointId: contactPointIdField })
    .superRefine((v, ctx) => {
      checkPerson(v, ctx);
      storeRequired(v, ctx);
    }, alwaysCheck)
    .transform(withBirthYear)
    .transform(orderLanguages),
);
export type IntakePersonInput = z.infer<ReturnType<typeof IntakePersonForm>>;

/** Consent given again at intake when the counsellor picks an existing record. */
export const IntakeConsentForm = perDay((now) => z.object(consentShape(now)).superRefine(storeRequired, alwaysCheck));

/** "1,250.50" or "1250.5" → 125050 minor units; refuses negatives, letters and fractions of a penny. */
export const moneyField = z
  .string()
  .trim()
  .max(20, 'intake.validation.amountTooLarge')
  .optional()
  .transform((raw, ctx) => {
    if (!raw) return null;
    let s = raw.replace(/[\s\u00a0]/g, '');
    if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
    if (/^-/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'intake.validation.amountNegative' });
      return z.NEVER;
    }
    const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'intake.validation.amount' });
      return z.NEVER;
    }
    const [whole, fraction = ''] = [m[1]!, m[2]];
    if (fraction.length > 2) {
      ctx.addIssue({ code: 'custom', message: 'intake.validation.amountDecimals' });
      return z.NEVER;
    }
    const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    // A wage claim of ten billion is a typing error, and beyond it integers stop being exact.
    if (!Number.isSafeInteger(minor) || minor > 1_000_000_000_000) {
      ctx.addIssue({ code: 'custom', message: 'intake.validation.amountTooLarge' });
      return z.NEVER;
    }
    return minor;
  });

const employmentDate = (now: number) =>
  optionalDate({
    min: '1950-01-01',
    max: isoDay({ years: 2 }, now),
    tooEarly: 'people.validation.dateTooEarly',
    tooLate: 'intake.validation.dateTooFar',
  });

export const CaseForm = perDay((now) => z
  .object({
    caseTypes: z.preprocess(
      asList,
      z.array(z.enum(caseTypes, 'validation.invalid_value')).min(1, 'intake.validation.caseTypes').max(caseTypes.length, 'validation.tooMany'),
    ),
    sector: optionalChoice(sectors),
    jurisdictionCountry: countryField,
    jurisdictionRegion: regionField,
    priority: z.enum(priorities, 'validation.invalid_value').default('normal'),
    summary: requiredText(4000),
    employmentStart: employmentDate(now),
    employmentEnd: employmentDate(now),
    amountClaimed: moneyField,
    currency: optionalChoice(currencies),
    gcmObjectives: checkboxList(gcmObjectives),
    assignedTo: z.string().trim().min(1, 'validation.required').max(64, 'intake.validation.assignee'),
  })
  .superRefine((v, ctx) => {
    checkRegionOf('jurisdictionCountry', 'jurisdictionRegion')(v, ctx);
    const { employmentStart: start, employmentEnd: end } = v;
    if (typeof start === 'string' && typeof end === 'string' && isRealDate(start) && isRealDate(end) && end < start)
      ctx.addIssue({ code: 'custom', path: ['employmentEnd'], message: 'intake.validation.endBeforeStart' });
    if (typeof v.amountClaimed === 'number' && !v.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'intake.validation.currencyRequired' });
  }, alwaysCheck));
export type CaseInput = z.infer<ReturnType<typeof CaseForm>>;

/** Digits that could be a phone number, or an email address: things an anonymous record must not hold. */
const identifying = [/(?:\d[\s().-]*){7,}/, /[^\s@]+@[^\s@]+\.[^\s@]+/];

export const AnonymousForm = z.object({
  contactPointId: contactPointIdField,
  sector: optionalChoice(sectors),
  jurisdictionCountry: countryField,
  jurisdictionRegion: regionField,
  summary: requiredText(1000).refine((s) => !identifying.some((re) => re.test(s)), 'intake.validation.identifying'),
}).superRefine(checkRegionOf('jurisdictionCountry', 'jurisdictionRegion'), alwaysCheck);
export type AnonymousInput = z.infer<typeof AnonymousForm>;
