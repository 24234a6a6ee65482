/**
 * The administrator's "New rule" form: what each field accepts, with a message per field, turned into one version of
 * the rule catalogue. The catalogue schema (rules.schema.ts) then checks the rule as a whole, with its own messages.
 */
import { z } from 'zod';
import { caseTypes } from '../cases/catalogue.js';
import { countryCodes } from '../people/people.schema.js';
import { asList, splitList } from '../shared/form.js';
import { compareDates, isIsoDate, type IsoDate } from './compute.js';
import { regionsOf } from './holidays.js';
import {
  COMPUTATION_KINDS,
  EARLIEST_TRIGGER_DATE,
  EXPLANATION_LANGUAGES,
  HOLIDAY_SCOPES,
  LAST_DAY_MOVES,
  LATEST_TRIGGER_DATE,
  PERIOD_UNITS,
  REST_DAYS,
  RULE_ID_MESSAGE,
  RULE_ID_PATTERN,
  RULE_STATUSES,
  TRIGGER_FIELD_IDS,
  UNIT_OF_KIND,
  type DeadlineRule,
  type DeadlineRuleInput,
} from './rules.schema.js';

const E = 'deadlines.admin.newRule.errors';
const V = 'deadlines.validation';

/** Languages the explanation may be given in besides English, each in its own field (explanation_fr …). */
export const OTHER_EXPLANATION_LANGUAGES = EXPLANATION_LANGUAGES.filter((l) => l !== 'en');

/** Every field of the form, in the order it shows them (the error summary and the preview list problems in it). */
export const NEW_RULE_FIELDS = [
  'id',
  'title',
  'country',
  'region',
  'caseTypes',
  'trigger',
  'triggerLabel',
  'periodAmount',
  'periodUnit',
  'computation',
  'remindersBefore',
  'lastDay',
  'restDays',
  'holidays',
  'alsoClosed',
  'localHolidays',
  'businessDaysSource',
  'nonWorkingDays',
  'acasStopTheClock',
  'acasClockStop',
  'acasOneMonth',
  'extension',
  'citation',
  'url',
  'explanation',
  ...OTHER_EXPLANATION_LANGUAGES.map((l) => `explanation_${l}`),
  'toVerify',
  'validFrom',
  'validTo',
  'status',
  'statusNote',
  'lastCheckedOn',
  'lastCheckedBy',
] as const;

/**
 * The regions a rule of `country` may be limited to: date-holidays' subdivisions (whose holidays the engine knows),
 * and any region a rule of the catalogue already uses there (GB-GBN, Great Britain, for the tribunal rules).
 */
export function ruleRegionsOf(country: string, catalogue: readonly Pick<DeadlineRule, 'jurisdiction'>[]): { code: string; name: string }[] {
  const known = /^[A-Z]{2}$/.test(country) ? regionsOf(country) : [];
  const used = [...new Set(catalogue.map((r) => r.jurisdiction.region).filter((r): r is string => r !== null && r.startsWith(`${country}-`)))];
  const extra = used.filter((code) => !known.some((k) => k.code === code)).map((code) => ({ code, name: code === 'GB-GBN' ? 'Great Britain' : code }));
  return [...extra, ...known];
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const required = (max: number) => z.string('validation.required').trim().min(1, 'validation.required').max(max, 'validation.tooLong');
const optional = (max: number) =>
  z
    .string('validation.required')
    .trim()
    .max(max, 'validation.tooLong')
    .default('')
    .transform((v) => (v === '' ? null : v));
const checkbox = z.preprocess((v) => asList(v).includes('on'), z.boolean());
const optionalDate = z
  .string(`${V}.dateInvalid`)
  .trim()
  .default('')
  .refine((v) => v === '' || isIsoDate(v), `${V}.dateInvalid`)
  .refine((v) => v === '' || !isIsoDate(v) || compareDates(v, EARLIEST_TRIGGER_DATE) >= 0, `${V}.dateTooEarly`)
  .refine((v) => v === '' || !isIsoDate(v) || compareDates(v, LATEST_TRIGGER_DATE) <= 0, `${V}.dateTooLate`)
  .transform((v) => (v === '' ? null : v));
const list = <T extends string>(values: readonly [T, ...T[]], message: string) => z.preprocess(asList, z.array(z.enum(values, message)));

/** "90, 30, 7" → [90, 30, 7]; anything but whole numbers of days from 1 to 3660 is refused. */
const reminders = z
  .string(`${E}.reminders`)
  .trim()
  .default('')
  .refine((v) => splitList(v).every((d) => /^\d{1,4}$/.test(d) && Number(d) >= 1 && Number(d) <= 3660), `${E}.reminders`)
  .transform((v) => splitList(v).map(Number));

const explanationFields = Object.fromEntries(OTHER_EXPLANATION_LANGUAGES.map((l) => [`explanation_${l}`, optional(4000)])) as Record<
  `explanation_${(typeof OTHER_EXPLANATION_LANGUAGES)[number]}`,
  ReturnType<typeof optional>
>;

const always = { when: () => true };

/**
 * The form as typed, checked field by field and across fields (a unit that fits the counting method, a region of the
 * chosen country, both halves of "last checked"), and turned into a rule version (version 1, triggerMustBePast unless
 * the date itself is the deadline). `today` is the administrator's date: a check cannot be dated in the future.
 */
export function newRuleForm(today: IsoDate, catalogue: readonly Pick<DeadlineRule, 'jurisdiction'>[]) {
  return z
    .object({
      id: required(80).refine((v) => RULE_ID_PATTERN.test(v), RULE_ID_MESSAGE),
      title: required(200),
      country: z.string(`${E}.country`).trim().refine((v) => countryCodes.includes(v), `${E}.country`),
      region: z.string().trim().default(''),
      caseTypes: list(caseTypes, 'validation.invalid_value').refine((v) => v.length > 0, `${E}.caseTypes`),
      trigger: z.enum(TRIGGER_FIELD_IDS, `${E}.trigger`),
      triggerLabel: optional(120),
      periodAmount: z.preprocess(
        (v) => (blank(v) ? null : v),
        z.coerce.number(`${V}.periodAmount`).int(`${V}.periodAmount`).min(1, `${V}.periodAmount`).max(1000, `${V}.periodAmount`).nullable(),
      ),
      periodUnit: z.preprocess((v) => (blank(v) ? null : v), z.enum(PERIOD_UNITS, `${E}.periodUnit`).nullable()),
      computation: z.enum(COMPUTATION_KINDS, `${E}.computation`),
      remindersBefore: reminders,
      lastDay: z.enum(LAST_DAY_MOVES, `${E}.lastDay`),
      restDays: list(REST_DAYS, 'validation.invalid_value'),
      holidays: z.enum(HOLIDAY_SCOPES, `${E}.holidays`),
      alsoClosed: z.string().trim().max(200, 'validation.tooLong').default('').transform(splitList),
      localHolidays: checkbox,
      businessDaysSource: z.string().trim().max(200, 'validation.tooLong').default(''),
      nonWorkingDays: required(1000),
      acasStopTheClock: checkbox,
      acasClockStop: optional(200),
      acasOneMonth: optional(200),
      extension: optional(1000),
      citation: required(400),
      url: optional(400),
      explanation: required(4000),
      ...explanationFields,
      toVerify: optional(1000),
      validFrom: optionalDate,
      validTo: optionalDate,
      status: z.enum(RULE_STATUSES, 'validation.invalid_value'),
      statusNote: optional(1000),
      lastCheckedOn: optionalDate.refine((v) => v === null || !isIsoDate(v) || compareDates(v, today) <= 0, `${E}.checkedInFuture`),
      lastCheckedBy: optional(120),
    })
    .superRefine((f, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      // Checks across fields run even when another field is wrong, so that every message shows at once.
      if (typeof f.country === 'string' && f.region !== '' && !ruleRegionsOf(f.country, catalogue).some((r) => r.code === f.region)) issue('region', `${E}.region`);
      const kind = COMPUTATION_KINDS.find((k) => k === f.computation);
      if (kind) {
        const units = UNIT_OF_KIND[kind];
        if (units === null && f.periodAmount !== null && f.periodAmount !== undefined) issue('periodAmount', `${E}.noPeriod`);
        if (units !== null && f.periodAmount === null) issue('periodAmount', `${E}.periodRequired`);
        if (units !== null && f.periodUnit === null) issue('periodUnit', `${E}.periodUnit`);
        if (units === null && f.periodUnit !== null && f.periodUnit !== undefined) issue('periodUnit', `${E}.noPeriod`);
        const unit = PERIOD_UNITS.find((u) => u === f.periodUnit);
        if (units !== null && unit && !units.includes(unit)) issue('periodUnit', `${E}.unit.${kind}`);
      }
      if (f.acasStopTheClock === true && f.acasClockStop === null) issue('acasClockStop', `${E}.acasSource`);
      if (f.acasStopTheClock === true && f.acasOneMonth === null) issue('acasOneMonth', `${E}.acasSource`);
      if (f.lastCheckedOn === null && typeof f.lastCheckedBy === 'string') issue('lastCheckedOn', `${E}.checkedBoth`);
      if (typeof f.lastCheckedOn === 'string' && f.lastCheckedBy === null) issue('lastCheckedBy', `${E}.checkedBoth`);
      if (f.status === 'discontinued' && f.statusNote === null) issue('statusNote', `${E}.statusNote`);
    }, always)
    .transform((f): DeadlineRuleInput => {
      const needsCalendar = f.lastDay === 'next_business_day' || f.computation === 'working_days';
      const explanations = Object.fromEntries(
        OTHER_EXPLANATION_LANGUAGES.flatMap((l) => {
          const text = f[`explanation_${l}`];
          return text === null ? [] : [[l, text]];
        }),
      );
      return {
        id: f.id,
        version: 1,
        title: f.title,
        jurisdiction: { country: f.country, region: f.region === '' ? null : f.region },
        caseTypes: f.caseTypes,
        trigger: f.trigger,
        triggerLabel: f.triggerLabel,
        period: f.periodAmount === null || f.periodUnit === null ? null : { amount: f.periodAmount, unit: f.periodUnit },
        computation: f.computation,
        // An expiry date lies ahead; every other trigger is an event that has happened.
        triggerMustBePast: f.computation !== 'reminders_before',
        cappedBy: null,
        acasStopTheClock: f.acasStopTheClock,
        acasSources: f.acasStopTheClock ? { clockStop: f.acasClockStop ?? '', oneMonthAfterCertificate: f.acasOneMonth ?? '' } : null,
        remindersBefore: f.remindersBefore,
        lastDay: f.lastDay,
        businessDays: needsCalendar
          ? { restDays: f.restDays, holidays: f.holidays, alsoClosed: f.alsoClosed, localHolidays: f.localHolidays, source: f.businessDaysSource }
          : null,
        nextBusinessDayNote: null,
        nonWorkingDays: f.nonWorkingDays,
        extension: f.extension,
        explanation: f.explanation,
        explanations,
        source: { citation: f.citation, url: f.url },
        toVerify: f.toVerify,
        validFrom: f.validFrom,
        validTo: f.validTo,
        status: f.status,
        statusNote: f.status === 'discontinued' ? f.statusNote : null,
        lastChecked: f.lastCheckedOn !== null && f.lastCheckedBy !== null ? { on: f.lastCheckedOn, by: f.lastCheckedBy } : null,
      };
    });
}

/**
 * Where a problem the catalogue schema finds with the built rule is shown on the form (by its path in the rule);
 * a problem of no field (a capping date, which the form does not offer) goes above the form.
 */
export function newRuleFieldOf(path: readonly PropertyKey[]): string {
  const names = path.filter((p) => typeof p !== 'number').map(String);
  const key = names.join('.');
  const map: Record<string, string> = {
    version: 'id',
    'jurisdiction.country': 'country',
    'jurisdiction.region': 'region',
    period: 'periodAmount',
    'period.amount': 'periodAmount',
    'period.unit': 'periodUnit',
    businessDays: 'lastDay',
    'businessDays.restDays': 'restDays',
    'businessDays.holidays': 'holidays',
    'businessDays.alsoClosed': 'alsoClosed',
    'businessDays.localHolidays': 'localHolidays',
    'businessDays.source': 'businessDaysSource',
    acasSources: 'acasStopTheClock',
    'acasSources.clockStop': 'acasClockStop',
    'acasSources.oneMonthAfterCertificate': 'acasOneMonth',
    'source.citation': 'citation',
    'source.url': 'url',
    'lastChecked.on': 'lastCheckedOn',
    'lastChecked.by': 'lastCheckedBy',
    lastChecked: 'lastCheckedOn',
  };
  if (map[key]) return map[key];
  if (names[0] === 'explanations' && names[1]) return `explanation_${names[1]}`;
  return (NEW_RULE_FIELDS as readonly string[]).includes(key) ? key : '_form';
}

/** The dates the preview computes the typed rule for: a trigger date and, for a rule of a whole country, a region. */
export const RulePreviewForm = z.object({
  previewTrigger: z.string().trim().default(''),
  previewRegion: z.string().trim().default(''),
});

/**
 * Fields that do not change the computed date, filled in for the preview when still empty, so that the administrator
 * sees the date as soon as the counting is typed.
 */
export function withPreviewPlaceholders(body: Record<string, unknown>, placeholder: { title: string; text: string }): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...body };
  if (blank(filled.id)) filled.id = 'xx-preview';
  if (blank(filled.title)) filled.title = placeholder.title;
  for (const name of ['explanation', 'nonWorkingDays', 'citation']) if (blank(filled[name])) filled[name] = placeholder.text;
  if (asList(filled.caseTypes).length === 0) filled.caseTypes = 'information_only';
  return filled;
}
