import { z } from 'zod';
import { caseTypes, type CaseType } from '../cases/catalogue.js';

/** Rules name case types by the ids of the one catalogue (src/cases/catalogue.ts). */
export const CASE_TYPE_IDS = caseTypes;
export type CaseTypeId = CaseType;

/**
 * The dates a counsellor can enter on a case, from which rules compute deadlines.
 * Their English labels live in rules.data.ts, next to the rules that use them, so that they are reviewed together.
 */
export const TRIGGER_FIELD_IDS = [
  'last_deduction_date',
  'dismissal_date',
  'discrimination_act_date',
  'working_time_breach_date',
  'acas_day_a',
  'acas_day_b',
  'nmw_underpayment_notice_date',
  'sponsorship_curtailment_date',
  'visa_expiry',
  'wages_due_date',
  'deferred_action_granted',
  'ead_expiry',
  'sponsored_employment_end_date',
  'dismissal_notice_received',
  'retaliation_date',
  'last_dismissal_date',
  'redundancy_relevant_date',
  'employment_end_date',
  'right_to_sue_received',
  'unfair_labour_practice_date',
  'contravention_date',
  'discrimination_learnt_date',
  'written_challenge_date',
] as const;
export type TriggerFieldId = (typeof TRIGGER_FIELD_IDS)[number];

/** Trigger dates before this are refused as typing errors; rules older than it start here (see rules.data.ts). */
export const EARLIEST_TRIGGER_DATE = '1990-01-01';
/** Keeps every computed date within four-digit years. */
export const LATEST_TRIGGER_DATE = '2199-12-31';

export const PERIOD_UNITS = ['days', 'weeks', 'months', 'years', 'working_days'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/**
 * How the period is counted from the trigger date:
 * - months_less_one_day: "N months beginning with" the trigger, which counts as day one (UK tribunals, Ireland's WRC);
 * - months / years / weeks / days: N units after the trigger, the trigger day not counted; months and years end on
 *   the corresponding date, or the month's last day when it has none (BGB §§187(1), 188(2)–(3); France C. civ.
 *   art. 2229 and CPC art. 641; Netherlands; Spain C.c. art. 5 "de fecha a fecha"; Dodds v Walker);
 * - working_days: N business days after the trigger in the rule's business-day calendar (Spain's "días hábiles");
 * - reminders_before: the trigger itself is the deadline (an expiry date); only reminders are computed;
 * - look_back: not a deadline but the earliest date from which arrears can be recovered (N units before the trigger).
 */
export const COMPUTATION_KINDS = [
  'months_less_one_day',
  'months',
  'years',
  'weeks',
  'days',
  'working_days',
  'reminders_before',
  'look_back',
] as const;
export type ComputationKind = (typeof COMPUTATION_KINDS)[number];

/** Which period unit each computation kind counts in; null: the kind takes no period. */
export const UNIT_OF_KIND: Record<ComputationKind, readonly PeriodUnit[] | null> = {
  months_less_one_day: ['months'],
  months: ['months'],
  years: ['years'],
  weeks: ['weeks'],
  days: ['days'],
  working_days: ['working_days'],
  reminders_before: null,
  look_back: ['days', 'weeks', 'months', 'years'],
};

/**
 * What happens when the last day is not a business day:
 * - none: it stays (a UK or Irish claim can be made online on any day; French prescription is not extended);
 * - next_business_day: the next day that is a business day in the rule's calendar (FRCP 6(a)(1)(C), CCP §12a,
 *   Acts Interpretation Act 1901 s.36(2), BGB §193, c.p.c. art. 155, Algemene termijnenwet art. 1).
 */
/** Weekdays a rule may treat as rest days. */
export const REST_DAYS = ['saturday', 'sunday'] as const;
export type RestDay = (typeof REST_DAYS)[number];

/** Whose public holidays close a day: the whole country's only (US federal holidays), or also the region's. */
export const HOLIDAY_SCOPES = ['national', 'regional'] as const;
export type HolidayScope = (typeof HOLIDAY_SCOPES)[number];

export const LAST_DAY_MOVES = ['none', 'next_business_day'] as const;
export type LastDayMove = (typeof LAST_DAY_MOVES)[number];

export const BusinessDaysSchema = z.object({
  /** Weekdays that are not business days: Saturday and Sunday, or Sunday only (Italy). */
  restDays: z.array(z.enum(REST_DAYS)).refine((d) => new Set(d).size === d.length, 'Each rest day appears once.'),
  /** Whose public holidays close a day: the country's only (US federal holidays) or also its region's. */
  holidays: z.enum(HOLIDAY_SCOPES),
  /** Days the rule itself closes every year, as MM-DD (Spain: 12-24 and 12-31). */
  alsoClosed: z
    .array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Write a closed day as MM-DD, e.g. 12-24.'))
    .default([]),
  /** The contact point's own local holidays count too (Spain: the local holidays of the court's seat). */
  localHolidays: z.boolean(),
  /** The law that says how days are counted and last days move, cited on every step it takes ("BGB §193"). */
  source: z.string().trim().min(1, 'Cite the law on counting days and moving last days.'),
});
export type BusinessDays = z.infer<typeof BusinessDaysSchema>;
export type BusinessDaysInput = z.input<typeof BusinessDaysSchema>;

/** Names the calculator already uses in its URL, which an alternative period's key must not take. */
const CALCULATOR_PARAMETERS = ['rule', 'trigger', 'day_a', 'day_b', 'cap', 'go', 'region'];

/**
 * A second period the same rule can run for, chosen by the counsellor (Title VII: 300 days instead of 180 where a
 * state or local agency enforces a law against the discrimination). Counted in the rule's own unit; the calculator
 * offers it as a checkbox, `<key>=1` in its URL, and the result says which period was used.
 */
export const AlternativePeriodSchema = z.object({
  /** The calculator's URL parameter and checkbox name, e.g. `deferral`. */
  key: z
    .string()
    .regex(/^[a-z][a-z_]{1,30}$/, 'Write the key in lower-case letters, e.g. deferral.')
    .refine((k) => !CALCULATOR_PARAMETERS.includes(k), 'The calculator already uses this name.'),
  /** The checkbox's label: when the alternative period applies. */
  label: z.string().trim().min(1).max(200),
  /** The alternative number of the rule's period units. */
  amount: z.number().int().positive(),
  /** When the alternative period applies, in words; shown with every result of the rule. */
  explanation: z.string().trim().min(1),
});
export type AlternativePeriod = z.infer<typeof AlternativePeriodSchema>;

/** Languages a rule's explanation can be written in besides English (the UI languages of the network). */
export const EXPLANATION_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'ar'] as const;

export const RULE_STATUSES = ['active', 'discontinued'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

const isoDate = z.iso.date('Use a real calendar date in the form YYYY-MM-DD.');

export const RuleSourceSchema = z.object({
  citation: z.string().trim().min(1, 'Cite the source.'),
  url: z.url('Use a full web address (https://…).').nullable(),
});

/** The provisions that stop the clock during ACAS early conciliation, one per Act (ERA s.207B, EqA s.140B, WTR reg.30B). */
export const AcasSourcesSchema = z.object({
  /** "the period beginning with the day after Day A and ending with Day B is not to be counted". */
  clockStop: z.string().trim().min(1),
  /** "expires instead at the end of [the period ending one month after Day B]". */
  oneMonthAfterCertificate: z.string().trim().min(1),
});

/** A rule id: how calculator links and stored deadlines name the rule. */
export const RULE_ID_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+)+$/;
export const RULE_ID_MESSAGE = 'A rule id is a country code and words joined by hyphens, e.g. uk-et-wages.';

const RuleVersionObject = z.object({
  id: z.string().regex(RULE_ID_PATTERN, RULE_ID_MESSAGE),
  version: z.number().int().positive(),
  title: z.string().trim().min(1),
  jurisdiction: z.object({
    /** ISO 3166-1 alpha-2. */
    country: z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code (ISO 3166-1), e.g. GB.'),
    /**
     * ISO 3166-2 subdivision, e.g. US-CA; GB-GBN is Great Britain (the tribunals of England, Wales and Scotland;
     * Northern Ireland has its own). Null: the whole country.
     */
    region: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'Use an ISO 3166-2 region code, e.g. US-CA.')
      .nullable(),
  }),
  caseTypes: z.array(z.enum(CASE_TYPE_IDS)).min(1, 'Choose at least one case type.'),
  trigger: z.enum(TRIGGER_FIELD_IDS),
  period: z.object({ amount: z.number().int().positive(), unit: z.enum(PERIOD_UNITS) }).nullable(),
  computation: z.enum(COMPUTATION_KINDS),
  acasStopTheClock: z.boolean(),
  acasSources: AcasSourcesSchema.nullable(),
  /** The event has to have happened (a dismissal), unlike an expiry date that lies ahead. */
  triggerMustBePast: z.boolean(),
  /** Another entered date that caps the deadline when earlier ("60 days, or the remaining leave if shorter"). */
  cappedBy: z.enum(TRIGGER_FIELD_IDS).nullable(),
  /** Days before the due date at which to remind, e.g. [90, 30, 7]. */
  remindersBefore: z.array(z.number().int().positive().max(3660)),
  /** First trigger date this version applies to (inclusive). Null: not yet in force — an administrator sets it. */
  validFrom: isoDate.nullable(),
  /** Last trigger date this version applies to (inclusive). Null: open-ended. */
  validTo: isoDate.nullable(),
  status: z.enum(RULE_STATUSES),
  /**
   * Shown with every date computed from a discontinued rule; for a version not yet in force, the status of the law,
   * shown with the date it would give ("if the six-month limit applies to this claim").
   */
  statusNote: z.string().trim().min(1).nullable(),
  explanation: z.string().trim().min(1),
  /** What the law says about a last day on a weekend or public holiday, in words (shown with every date). */
  nonWorkingDays: z.string().trim().min(1),
  /** How the engine treats a last day that is not a business day. */
  lastDay: z.enum(LAST_DAY_MOVES).default('none'),
  /** The business-day calendar: needed to move a last day, to count working days, or to show the next business day. */
  businessDays: BusinessDaysSchema.nullable().default(null),
  /**
   * Shown beside an unmoved last day that is not a business day: the next business day, with why it is shown but is
   * not the deadline (OSHA's manual is reported to accept the next business day, the regulation has no such rule).
   */
  nextBusinessDayNote: z.string().trim().min(1).nullable().default(null),
  /** A second period the counsellor can choose instead of `period` (us-eeoc-charge: 300 days in a deferral state). */
  alternativePeriod: AlternativePeriodSchema.nullable().default(null),
  /** The law lets the time be extended (Ireland: reasonable cause): said on the deadline, never computed as it. */
  extension: z.string().trim().min(1).nullable().default(null),
  /** The explanation in other languages, by language code; English (`explanation`) is the fallback. */
  explanations: z.partialRecord(z.enum(EXPLANATION_LANGUAGES), z.string().trim().min(1)).default({}),
  /** The trigger as this rule names it, when the shared field's label is too general (an administrator's rule). */
  triggerLabel: z.string().trim().min(1).max(120).nullable().default(null),
  /** When a person last checked this version against the law, and who. A rule unchecked for 12 months is flagged. */
  lastChecked: z.object({ on: isoDate, by: z.string().trim().min(1).max(120) }).nullable().default(null),
  source: RuleSourceSchema,
  /** A point a reviewer still has to confirm (e.g. only a secondary source); shown as a warning with every result. */
  toVerify: z.string().trim().min(1).nullable(),
});

type RuleVersionShape = z.infer<typeof RuleVersionObject>;
type RefinementContext = { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void };

function checkRuleVersion(rule: RuleVersionShape, ctx: RefinementContext): void {
  const units = UNIT_OF_KIND[rule.computation];
  if (units === null && rule.period !== null)
    ctx.addIssue({ code: 'custom', path: ['period'], message: `A ${rule.computation} rule takes no period.` });
  if (units !== null && rule.period === null)
    ctx.addIssue({ code: 'custom', path: ['period'], message: `A ${rule.computation} rule needs a period.` });
  if (units !== null && rule.period !== null && !units.includes(rule.period.unit))
    ctx.addIssue({
      code: 'custom',
      path: ['period', 'unit'],
      message: `A ${rule.computation} rule counts in ${units.join(' or ')}, not ${rule.period.unit}.`,
    });
  if (rule.computation === 'reminders_before' && rule.remindersBefore.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['remindersBefore'],
      message: 'A reminders_before rule needs at least one reminder.',
    });
  const needsCalendar = rule.lastDay === 'next_business_day' || rule.computation === 'working_days' || rule.nextBusinessDayNote !== null;
  if (needsCalendar && rule.businessDays === null)
    ctx.addIssue({
      code: 'custom',
      path: ['businessDays'],
      message: 'Say which days are business days: the rule moves its last day or counts working days.',
    });
  if (rule.lastDay === 'next_business_day' && rule.nextBusinessDayNote !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['nextBusinessDayNote'],
      message: 'A rule that moves its last day to the next business day needs no note showing that day beside it.',
    });
  if (rule.alternativePeriod !== null && (units === null || rule.computation === 'look_back'))
    ctx.addIssue({ code: 'custom', path: ['alternativePeriod'], message: 'Only a rule with a time limit can have an alternative period.' });
  if (rule.alternativePeriod !== null && rule.period !== null && rule.alternativePeriod.amount === rule.period.amount)
    ctx.addIssue({ code: 'custom', path: ['alternativePeriod', 'amount'], message: 'The alternative period must differ from the period.' });
  if (new Set(rule.remindersBefore).size !== rule.remindersBefore.length)
    ctx.addIssue({ code: 'custom', path: ['remindersBefore'], message: 'Each reminder lead time appears once.' });

  if (rule.acasStopTheClock !== (rule.acasSources !== null))
    ctx.addIssue({
      code: 'custom',
      path: ['acasSources'],
      message: 'Cite the stop-the-clock provisions exactly when ACAS stop-the-clock applies.',
    });
  // ACAS early conciliation (ETA 1996 s.18A) exists only for tribunals in Great Britain.
  if (rule.acasStopTheClock && rule.jurisdiction.country !== 'GB')
    ctx.addIssue({
      code: 'custom',
      path: ['acasStopTheClock'],
      message: 'ACAS stop-the-clock applies only in Great Britain.',
    });
  if (rule.acasStopTheClock && rule.computation === 'look_back')
    ctx.addIssue({
      code: 'custom',
      path: ['acasStopTheClock'],
      message: 'A look-back sets no limit for ACAS to extend.',
    });
  // A cap is a hard end (the visa itself ends) that conciliation cannot move; no law combines the two.
  if (rule.acasStopTheClock && rule.cappedBy !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['cappedBy'],
      message: 'A rule extended by ACAS cannot also be capped by another date.',
    });
  if (rule.cappedBy === rule.trigger)
    ctx.addIssue({ code: 'custom', path: ['cappedBy'], message: 'A rule cannot be capped by its own trigger.' });

  if (rule.validFrom === null && rule.validTo !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['validTo'],
      message: 'A version that is not yet in force (no start date) cannot have an end date.',
    });
  if (rule.validFrom !== null && rule.validTo !== null && rule.validTo < rule.validFrom)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'The end date is before the start date.' });
  // A note says why a rule is discontinued, or what the status of a law not yet in force is (the ERA 2025 limits).
  if (rule.status === 'discontinued' && rule.statusNote === null)
    ctx.addIssue({ code: 'custom', path: ['statusNote'], message: 'A discontinued rule needs a note saying why.' });
  if (rule.status === 'active' && rule.statusNote !== null && rule.validFrom !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['statusNote'],
      message: 'Only a discontinued rule, or a version not yet in force, has a status note.',
    });
}

/** One version of one rule, as it stands in rules.data.ts or in an administrator's correction. */
export const DeadlineRuleSchema = RuleVersionObject.superRefine(checkRuleVersion);
export type DeadlineRule = z.infer<typeof DeadlineRuleSchema>;
export type DeadlineRuleInput = z.input<typeof DeadlineRuleSchema>;

/** The dates during which a version applies, by trigger date, both ends inclusive. */
export type VersionWindow = Pick<DeadlineRule, 'id' | 'version' | 'validFrom' | 'validTo'>;

export interface VersionOverlap {
  ruleId: string;
  versions: [number, number];
  message: string;
}

/**
 * Two versions overlap when some trigger date falls in both windows. A version with no validFrom is not in force
 * (awaiting commencement), so it overlaps nothing until an administrator gives it a start date.
 */
export function windowsOverlap(a: VersionWindow, b: VersionWindow): boolean {
  if (a.validFrom === null || b.validFrom === null) return false;
  // ISO YYYY-MM-DD strings order like the dates they name.
  const aEndsBeforeB = a.validTo !== null && a.validTo < b.validFrom;
  const bEndsBeforeA = b.validTo !== null && b.validTo < a.validFrom;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/**
 * Every pair of versions of the same rule that would both apply to some trigger date. Version selection needs exactly
 * one version in force per date; the administrator's rule form runs this on the edited version plus the stored ones.
 */
export function findVersionOverlaps(versions: readonly VersionWindow[]): VersionOverlap[] {
  const overlaps: VersionOverlap[] = [];
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) {
      const a = versions[i]!;
      const b = versions[j]!;
      if (a.id !== b.id || !windowsOverlap(a, b)) continue;
      const [first, second] = a.version <= b.version ? [a, b] : [b, a];
      const from = first.validFrom! > second.validFrom! ? first.validFrom! : second.validFrom!;
      const to = [first.validTo, second.validTo].filter((d): d is string => d !== null).sort()[0];
      overlaps.push({
        ruleId: a.id,
        versions: [first.version, second.version],
        message:
          `Versions ${first.version} and ${second.version} of ${a.id} both apply to trigger dates from ${from}` +
          (to === undefined ? ' onwards' : ` to ${to}`) +
          `. End version ${first.version} the day before version ${second.version} starts.`,
      });
    }
  }
  return overlaps;
}

/** The whole catalogue: every version of every rule, checked as a set. */
export const RuleCatalogueSchema = z.array(DeadlineRuleSchema).superRefine((rules, ctx) => {
  const seen = new Map<string, number>();
  const triggerOf = new Map<string, string>();
  rules.forEach((rule, index) => {
    const key = `${rule.id}@${rule.version}`;
    if (seen.has(key))
      ctx.addIssue({
        code: 'custom',
        path: [index, 'version'],
        message: `Version ${rule.version} of ${rule.id} appears twice.`,
      });
    seen.set(key, index);
    // Versions are chosen by the trigger date, so every version of a rule must read the same trigger.
    const trigger = triggerOf.get(rule.id);
    if (trigger !== undefined && trigger !== rule.trigger)
      ctx.addIssue({
        code: 'custom',
        path: [index, 'trigger'],
        message: `Every version of ${rule.id} must use the same trigger (${trigger}).`,
      });
    triggerOf.set(rule.id, rule.trigger);
  });
  for (const overlap of findVersionOverlaps(rules)) {
    const index = rules.findIndex((r) => r.id === overlap.ruleId && r.version === overlap.versions[1]);
    ctx.addIssue({ code: 'custom', path: [index, 'validFrom'], message: overlap.message });
  }
});

/** Thrown at start-up when the reviewed data file is wrong: the app must not run with a broken catalogue. */
export class RuleCatalogueError extends Error {
  constructor(readonly issues: string[]) {
    super(`The deadline rule catalogue is invalid:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'RuleCatalogueError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validates a whole catalogue and returns it frozen: the rules are shared by every request. */
export function parseRuleCatalogue(data: unknown): readonly DeadlineRule[] {
  const result = RuleCatalogueSchema.safeParse(data);
  if (result.success) return deepFreeze(result.data);
  const describe = (path: PropertyKey[]): string => {
    const [index, ...rest] = path;
    const rule =
      typeof index === 'number' && Array.isArray(data) ? (data[index] as { id?: unknown; version?: unknown }) : null;
    const where = rule ? `${String(rule.id)} v${String(rule.version)}` : `rule ${String(index)}`;
    return rest.length ? `${where} ${rest.join('.')}` : where;
  };
  throw new RuleCatalogueError(result.error.issues.map((i) => `${describe(i.path)}: ${i.message}`));
}
