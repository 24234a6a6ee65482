/**
 * THE deadline rule catalogue — reviewed by people who know the law (source: shared/domain/deadline-rules.md).
 *
 * Conventions a reviewer needs:
 * - A rule can have several versions; the version used is the one in force on the TRIGGER date (validFrom..validTo,
 *   both inclusive). validFrom null = recorded but not yet in force: an administrator sets the date (and ends the
 *   previous version the day before) when the law commences.
 * - validFrom 1990-01-01 (EARLIEST_TRIGGER_DATE) means "for every trigger date the app accepts": the rule is older, or
 *   its start is unknown, and its history is not modelled. Later validFrom dates are the rule's real commencement.
 * - How a last day on a weekend or public holiday moves is data per rule (`lastDay`, `businessDays`), as the law of
 *   each jurisdiction says (shared/domain/deadline-rules.md, "Counting and last days"): UK tribunal limits are not
 *   moved; US, Californian, Australian, German, Italian and Dutch ones move to the next business day of the rule's
 *   calendar (with the region's holidays where the law says so); Spain counts working days. `nonWorkingDays` says it
 *   in words, and every step that moved a date is explained.
 * - Nothing here is legal advice: every computed date is shown with its steps, explanation and source, and the
 *   counsellor confirms it.
 */
import { parseRuleCatalogue } from './rules.schema.js';
import type { BusinessDaysInput, DeadlineRuleInput, TriggerFieldId } from './rules.schema.js';
import { EARLIEST_TRIGGER_DATE, TRIGGER_FIELD_IDS } from './rules.schema.js';

export interface TriggerField {
  id: TriggerFieldId;
  /** Form label. */
  label: string;
  /** What exactly to enter, shown under the field. */
  hint: string | null;
  /** How the computation steps name the event: "3 months less one day from <phrase> on 15 March 2026". */
  phrase: string;
}

const TRIGGER_FIELD_TEXT: Record<TriggerFieldId, Omit<TriggerField, 'id'>> = {
  last_deduction_date: {
    label: 'Date of the last deduction',
    hint: 'The date of the payment from which the (last, in a series) deduction was made. If nothing was paid at all, the date the pay was due.',
    phrase: 'the last deduction',
  },
  dismissal_date: {
    label: 'Date the dismissal took effect',
    hint: 'The effective date of termination: the day the notice ran out, or the day of dismissal if there was no notice.',
    phrase: 'the dismissal',
  },
  discrimination_act_date: {
    label: 'Date of the discriminatory act',
    hint: 'For conduct that went on over a period (a continuing act), the day it ended.',
    phrase: 'the discriminatory act',
  },
  working_time_breach_date: {
    label: 'Date the leave, rest or holiday pay was due',
    hint: 'The day the leave or rest should have been allowed (for leave over several days, the day it should have begun), or the day the holiday pay should have been paid.',
    phrase: 'the due date of the leave or pay',
  },
  acas_day_a: {
    label: 'ACAS early conciliation started (Day A)',
    hint: 'The day ACAS received the early conciliation notification.',
    phrase: 'Day A',
  },
  acas_day_b: {
    label: 'ACAS certificate received (Day B)',
    hint: 'The day the worker received the early conciliation certificate (or is treated as receiving it).',
    phrase: 'Day B',
  },
  nmw_underpayment_notice_date: {
    label: 'Date of the notice of underpayment',
    hint: "HMRC's notice of underpayment. Before one is issued, enter today's date for an estimate.",
    phrase: 'the notice of underpayment',
  },
  sponsorship_curtailment_date: {
    label: 'Date the curtailment decision was served',
    hint: "The date of the Home Office's decision — not the day the job or the sponsorship ended.",
    phrase: 'the curtailment decision',
  },
  visa_expiry: {
    label: 'Visa expiry date',
    hint: 'The last day of the current permission, as on the visa or the latest Home Office letter.',
    phrase: 'the visa expiry',
  },
  wages_due_date: {
    label: 'Pay day on which the wages were due',
    hint: 'Each pay day has its own limit: enter the earliest unpaid one, which runs out first.',
    phrase: 'the pay day',
  },
  deferred_action_granted: {
    label: 'Date deferred action was granted',
    hint: null,
    phrase: 'the grant of deferred action',
  },
  ead_expiry: {
    label: 'Work permit (EAD) expiry date',
    hint: 'The "card expires" date on the Employment Authorization Document.',
    phrase: 'the work permit expiry',
  },
  sponsored_employment_end_date: {
    label: 'Date employment with the sponsor ended',
    hint: null,
    phrase: 'the end of sponsored employment',
  },
  dismissal_notice_received: {
    label: 'Date the written notice of dismissal was received',
    hint: 'The day the letter reached the worker (Zugang, ricezione, réception) — not the date written on it, nor the last day of work.',
    phrase: 'receipt of the notice of dismissal',
  },
  retaliation_date: {
    label: 'Date of the retaliation or detriment',
    hint: 'The act (or failure to act) complained of; for a series of acts, the last one.',
    phrase: 'the retaliation',
  },
  last_dismissal_date: {
    label: 'Date the last of the dismissals took effect',
    hint: 'For a protective award (collective redundancies without consultation): the last dismissal, or the date of the award if later.',
    phrase: 'the last dismissal',
  },
  redundancy_relevant_date: {
    label: 'The relevant date (redundancy)',
    hint: 'Usually the effective date of termination: the day notice ran out, or the day of dismissal if there was no notice.',
    phrase: 'the relevant date',
  },
  employment_end_date: {
    label: 'Last day of the employment (the contract ended)',
    hint: null,
    phrase: 'the end of the employment',
  },
  right_to_sue_received: {
    label: 'Date the notice of right to sue was received',
    hint: 'The day the EEOC notice reached the worker (or their lawyer), not the date printed on it.',
    phrase: 'receipt of the notice of right to sue',
  },
  unfair_labour_practice_date: {
    label: 'Date of the unfair labour practice',
    hint: null,
    phrase: 'the unfair labour practice',
  },
  contravention_date: {
    label: 'Date of the contravention',
    hint: 'The day the employer broke the law complained of (for a continuing contravention, the latest day).',
    phrase: 'the contravention',
  },
  discrimination_learnt_date: {
    label: 'Date the worker learnt of the discrimination',
    hint: 'For a job applicant: the day the rejection was received.',
    phrase: 'learning of the discrimination',
  },
  written_challenge_date: {
    label: 'Date the written challenge was sent',
    hint: 'The day the letter challenging the dismissal was sent (posted, or delivered by hand or PEC).',
    phrase: 'the written challenge',
  },
};

/** Every trigger field, in form order, with its English label. */
export const TRIGGER_FIELDS: readonly TriggerField[] = TRIGGER_FIELD_IDS.map(triggerField);

export function triggerField(id: TriggerFieldId): TriggerField {
  return { id, ...TRIGGER_FIELD_TEXT[id] };
}

const GREAT_BRITAIN = { country: 'GB', region: 'GB-GBN' } as const;
const UNITED_STATES = { country: 'US', region: null } as const;
const AUSTRALIA = { country: 'AU', region: null } as const;

/** Federal limits: Saturdays, Sundays and legal (federal) holidays, including the days they are observed. */
const US_FEDERAL_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'national',
  alsoClosed: [],
  localHolidays: false,
  source: 'FRCP 6(a)(1)(C), 6(a)(6)',
};
const US_FEDERAL_MOVED =
  'Moved: when the last day is a Saturday, Sunday or federal holiday, the period runs until the end of the next day that is none of these (FRCP 6(a)(1)(C)).';

/** California: Saturdays, Sundays and the state's holidays (Gov. Code §6700), including observed days. */
const CALIFORNIA_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'regional',
  alsoClosed: [],
  localHolidays: false,
  source: 'Cal. Code Civ. Proc. §§12, 12a',
};
const CALIFORNIA_MOVED =
  'Moved: a last day on a Saturday, Sunday or California holiday is carried to the next day that is not a holiday (Code Civ. Proc. §12a).';

/** Australia: Saturdays, Sundays and the public holidays of the state or territory (the case's region). */
const AUSTRALIA_STATE_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'regional',
  alsoClosed: [],
  localHolidays: false,
  source: 'Acts Interpretation Act 1901 (Cth) s.36(2)',
};
const AUSTRALIA_MOVED =
  'Moved: when the last day is a Saturday, Sunday or a public holiday in the place (the state or territory), the application can be lodged on the next day that is none of these (Acts Interpretation Act 1901 s.36(2); the Fair Work Commission applies it).';

const ACAS_ERA = { clockStop: 'ERA 1996 s.207B(3)', oneMonthAfterCertificate: 'ERA 1996 s.207B(4)' } as const;
const ACAS_EQA = { clockStop: 'EqA 2010 s.140B(3)', oneMonthAfterCertificate: 'EqA 2010 s.140B(4)' } as const;
const ACAS_WTR = { clockStop: 'WTR 1998 reg.30B(2)', oneMonthAfterCertificate: 'WTR 1998 reg.30B(3)' } as const;

const TRIBUNAL_NOT_MOVED =
  'Not moved when the last day is a weekend or public holiday: a tribunal claim can be presented online on any day.';

const EARLY_CONCILIATION =
  'ACAS early conciliation must be started (Day A) before this limit runs out — the claim form needs the certificate ' +
  'number (ETA 1996 s.18A). Once the certificate arrives (Day B), enter both dates: early conciliation extends the limit.';

const ERA_2025_TODO =
  'Not yet in force. The Employment Rights Act 2025 (s.152, Sch.12) extends this limit from 3 to 6 months from a date ' +
  'still to be set by commencement regulations (the government has said no earlier than October 2026). ';

const ERA_2025_VERIFY =
  'Commencement date and transitional rule to be set by an administrator: this catalogue chooses the version by the ' +
  'trigger date; if the regulations decide otherwise (e.g. by whether the 3 months had run out at commencement), ' +
  'review this rule.';

type TribunalRuleText = Pick<DeadlineRuleInput, 'id' | 'title' | 'caseTypes' | 'trigger' | 'acasSources' | 'source'>;

interface TribunalRule extends TribunalRuleText {
  validFrom: string;
  /** Written once for both lengths, so that the 3- and 6-month versions cannot drift apart. */
  explanation: (months: number) => string;
}

/** A 3-month tribunal limit as version 1, and the 6-month limit of the Employment Rights Act 2025 as version 2. */
function tribunalLimit(rule: TribunalRule): DeadlineRuleInput[] {
  const common = {
    ...rule,
    jurisdiction: GREAT_BRITAIN,
    computation: 'months_less_one_day',
    acasStopTheClock: true,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [] as number[],
    status: 'active',
    statusNote: null,
    nonWorkingDays: TRIBUNAL_NOT_MOVED,
  } as const;
  return [
    {
      ...common,
      version: 1,
      period: { amount: 3, unit: 'months' },
      validFrom: rule.validFrom,
      validTo: null,
      explanation: `${rule.explanation(3)} ${EARLY_CONCILIATION}`,
      toVerify: null,
    },
    {
      ...common,
      version: 2,
      title: `${rule.title} — 6 months (Employment Rights Act 2025)`,
      period: { amount: 6, unit: 'months' },
      validFrom: null,
      validTo: null,
      explanation: `${ERA_2025_TODO}${rule.explanation(6)} ${EARLY_CONCILIATION}`,
      source: {
        citation: `${rule.source.citation} as amended by Employment Rights Act 2025 s.152, Sch.12`,
        url: 'https://www.legislation.gov.uk/ukpga/2025/36/section/152',
      },
      toVerify: ERA_2025_VERIFY,
    },
  ];
}

const TRIBUNAL_CASE_TYPES = [
  'wage_theft',
  'minimum_wage',
  'holiday_sick_pay',
  'overtime_working_time',
  'unlawful_deductions',
  'recruitment_fees',
  'dismissal_retaliation',
  'harassment_discrimination',
] as const;

const RULE_DATA: DeadlineRuleInput[] = [
  // ——— United Kingdom: employment tribunals of England, Wales and Scotland ———
  ...tribunalLimit({
    id: 'uk-et-wages',
    title: 'Employment tribunal claim: unlawful deduction from wages',
    caseTypes: [
      'wage_theft',
      'minimum_wage',
      'holiday_sick_pay',
      'overtime_working_time',
      'unlawful_deductions',
      'recruitment_fees',
    ],
    trigger: 'last_deduction_date',
    acasSources: ACAS_ERA,
    validFrom: '1996-08-22', // ERA 1996 commencement
    explanation: (m) =>
      `A claim for unpaid wages or unlawful deductions must reach the employment tribunal within ${m} months beginning ` +
      'with the date of the payment from which the deduction was made — for a series of deductions, the last one; ' +
      'if nothing was paid, the date the pay was due. A gap of 3 months or more between deductions breaks the ' +
      'series. The tribunal looks back at most 2 years before the claim (s.23(4A)). Unpaid minimum wage and ' +
      'holiday pay are usually claimed this way.',
    source: { citation: 'ERA 1996 s.23(2)–(3)', url: 'https://www.legislation.gov.uk/ukpga/1996/18/section/23' },
  }),
  ...tribunalLimit({
    id: 'uk-et-unfair-dismissal',
    title: 'Employment tribunal claim: unfair dismissal',
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    acasSources: ACAS_ERA,
    validFrom: '1996-08-22',
    explanation: (m) =>
      `An unfair dismissal claim must reach the employment tribunal within ${m} months beginning with the effective ` +
      'date of termination (the day notice ran out, or the day of dismissal if there was no notice). The tribunal ' +
      'allows a late claim only if it was not reasonably practicable to claim in time — never plan on that.',
    source: { citation: 'ERA 1996 s.111(2)', url: 'https://www.legislation.gov.uk/ukpga/1996/18/section/111' },
  }),
  ...tribunalLimit({
    id: 'uk-et-discrimination',
    title: 'Employment tribunal claim: discrimination, harassment or victimisation',
    caseTypes: ['harassment_discrimination'],
    trigger: 'discrimination_act_date',
    acasSources: ACAS_EQA,
    validFrom: '2010-10-01', // Equality Act 2010 commencement
    explanation: (m) =>
      `A discrimination, harassment or victimisation claim must reach the employment tribunal within ${m} months ` +
      'starting with the date of the act complained of; for conduct extending over a period, from the end of that ' +
      'period (s.123(3)). The tribunal may allow a longer period it thinks just and equitable — never plan on that.',
    source: { citation: 'EqA 2010 s.123(1)(a)', url: 'https://www.legislation.gov.uk/ukpga/2010/15/section/123' },
  }),
  ...tribunalLimit({
    id: 'uk-et-working-time',
    title: 'Employment tribunal claim: holiday, rest breaks and holiday pay (Working Time Regulations)',
    caseTypes: ['holiday_sick_pay', 'overtime_working_time'],
    trigger: 'working_time_breach_date',
    acasSources: ACAS_WTR,
    validFrom: '1998-10-01', // WTR 1998 commencement
    explanation: (m) =>
      'A complaint that leave, rest breaks or rest periods were refused, or holiday pay not paid, must reach the ' +
      `employment tribunal within ${m} months beginning with the day the right should have been allowed (for leave ` +
      'over several days, the day it should have begun) or the payment made. Holiday pay can usually also be ' +
      'claimed as an unlawful deduction from wages (rule uk-et-wages), which counts from the last of a series.',
    source: {
      citation: 'Working Time Regulations 1998 reg.30(2)',
      url: 'https://www.legislation.gov.uk/uksi/1998/1833/regulation/30',
    },
  }),
  {
    id: 'uk-acas-ec-period',
    version: 1,
    title: 'Expected ACAS early conciliation certificate (6 weeks)',
    jurisdiction: GREAT_BRITAIN,
    caseTypes: [...TRIBUNAL_CASE_TYPES],
    trigger: 'acas_day_a',
    period: { amount: 6, unit: 'weeks' },
    computation: 'weeks',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2020-12-01', // the fixed 6-week period replaced "one month plus up to 14 days" (SI 2020/1003)
    validTo: '2025-11-30',
    status: 'active',
    statusNote: null,
    explanation:
      'If no settlement is reached, ACAS issues the early conciliation certificate at the end of the conciliation ' +
      'period: 6 weeks for notifications made up to 30 November 2025. It can come sooner, if either side ends ' +
      'conciliation. Chase ACAS if it has not arrived by this date, and enter the day it is received as Day B.',
    nonWorkingDays: 'A date to chase ACAS, not a limit; not moved.',
    source: {
      citation: 'Early Conciliation Rules of Procedure (SI 2014/254 Sch.) as amended by SI 2020/1003; Acas',
      url: null,
    },
    toVerify: null,
  },
  {
    id: 'uk-acas-ec-period',
    version: 2,
    title: 'Expected ACAS early conciliation certificate (12 weeks)',
    jurisdiction: GREAT_BRITAIN,
    caseTypes: [...TRIBUNAL_CASE_TYPES],
    trigger: 'acas_day_a',
    period: { amount: 12, unit: 'weeks' },
    computation: 'weeks',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2025-12-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'If no settlement is reached, ACAS issues the early conciliation certificate at the end of the conciliation ' +
      'period: 12 weeks for notifications made on or after 1 December 2025. It can come sooner, if either side ends ' +
      'conciliation. Chase ACAS if it has not arrived by this date, and enter the day it is received as Day B.',
    nonWorkingDays: 'A date to chase ACAS, not a limit; not moved.',
    source: { citation: 'Acas; Croner, 13 February 2026', url: null },
    toVerify: 'Secondary source: confirm the amending regulations for the 12-week period.',
  },
  {
    id: 'uk-nmw-lookback',
    version: 1,
    title: 'Minimum wage arrears: 6-year look-back (complaint to the Fair Work Agency)',
    jurisdiction: { country: 'GB', region: null },
    caseTypes: ['minimum_wage', 'wage_theft'],
    trigger: 'nmw_underpayment_notice_date',
    period: { amount: 6, unit: 'years' },
    computation: 'look_back',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      "A complaint to the minimum wage enforcement body (HMRC's national minimum wage unit, part of the Fair Work " +
      'Agency since April 2026) has no filing deadline, but a notice of underpayment recovers arrears only for pay ' +
      'periods in the 6 years before the notice. Complain early: every month of delay can lose a month of arrears.',
    nonWorkingDays: 'A look-back date, not a limit; not moved.',
    source: {
      citation: 'GOV.UK National Minimum Wage Manual NMWM13020',
      url: 'https://www.gov.uk/hmrc-internal-manuals/national-minimum-wage-manual/nmwm13020',
    },
    toVerify: null,
  },
  {
    id: 'uk-sponsorship-curtailment',
    version: 1,
    title: 'Sponsored worker: last day to find a new sponsor, switch or leave',
    jurisdiction: { country: 'GB', region: null },
    caseTypes: ['sponsorship_loss', 'visa_tie_abuse'],
    trigger: 'sponsorship_curtailment_date',
    period: { amount: 60, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: 'visa_expiry',
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'When a Skilled Worker or Health and Care worker loses sponsorship (or the sponsor loses its licence), the ' +
      "Home Office cuts the worker's permission to 60 calendar days — or leaves it alone if less remains. The 60 " +
      'days run from the date the curtailment decision is served, NOT from the day the job or sponsorship ended ' +
      '(the sponsor reports within 10 days; the decision follows). By the last day the worker must apply with a new ' +
      'sponsor, switch to another route, or leave. Refer at once for immigration advice (an IAA-regulated adviser).',
    nonWorkingDays: 'Weekends and public holidays count; the last day is not moved.',
    source: {
      citation:
        "GOV.UK 'Employees: if your visa sponsor loses their licence'; practitioner guidance (Turpin Miller, Davidson Morris)",
      url: null,
    },
    toVerify:
      'Counted from the day after service. The curtailment letter states the new expiry date: enter it as the visa ' +
      'expiry date, and the earlier of the two dates is used.',
  },
  {
    id: 'uk-visa-expiry',
    version: 1,
    title: 'Visa expiry',
    jurisdiction: { country: 'GB', region: null },
    caseTypes: ['sponsorship_loss', 'visa_tie_abuse'],
    trigger: 'visa_expiry',
    period: null,
    computation: 'reminders_before',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: false,
    cappedBy: null,
    remindersBefore: [90, 30, 7],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      "The last day of the worker's current permission. An application to extend or switch must be made before " +
      'it ends (an in-time application keeps the current permission and conditions while it is decided: ' +
      'Immigration Act 1971 s.3C). Reminders are set 90, 30 and 7 days before. Refer for immigration advice.',
    nonWorkingDays: 'Not moved.',
    source: { citation: 'UnionDesk practice: reminders before the permission ends (no statutory period)', url: null },
    toVerify: null,
  },

  // ——— United States ———
  {
    id: 'us-flsa',
    version: 1,
    title: 'FLSA minimum wage or overtime claim (2 years)',
    jurisdiction: UNITED_STATES,
    caseTypes: ['wage_theft', 'minimum_wage', 'overtime_working_time', 'misclassification'],
    trigger: 'wages_due_date',
    period: { amount: 2, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A lawsuit for unpaid minimum wage or overtime under the Fair Labor Standards Act must be filed within 2 ' +
      'years after the pay day on which the wages were due. Every pay day starts its own 2 years, so the earliest ' +
      'unpaid pay day runs out first — enter that one, and older pay periods are lost day by day. A complaint to ' +
      'the Wage and Hour Division does not stop the clock; in a collective action it stops for each worker when ' +
      "that worker's written consent is filed (§256).",
    nonWorkingDays: US_FEDERAL_MOVED,
    lastDay: 'next_business_day',
    businessDays: US_FEDERAL_DAYS,
    source: { citation: '29 U.S.C. §255(a)', url: 'https://www.law.cornell.edu/uscode/text/29/255' },
    toVerify: null,
  },
  {
    id: 'us-flsa-wilful',
    version: 1,
    title: 'FLSA claim for a wilful violation (3 years)',
    jurisdiction: UNITED_STATES,
    caseTypes: ['wage_theft', 'minimum_wage', 'overtime_working_time', 'misclassification'],
    trigger: 'wages_due_date',
    period: { amount: 3, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'If the violation was wilful — the employer knew, or showed reckless disregard for whether, the pay broke the ' +
      'FLSA — the limit is 3 years after the pay day. Wilfulness must be proved: plan on the 2-year date (rule ' +
      'us-flsa) and treat this one as the outer limit.',
    nonWorkingDays: US_FEDERAL_MOVED,
    lastDay: 'next_business_day',
    businessDays: US_FEDERAL_DAYS,
    source: { citation: '29 U.S.C. §255(a)', url: 'https://www.law.cornell.edu/uscode/text/29/255' },
    toVerify: null,
  },
  {
    id: 'us-ca-wage-claim',
    version: 1,
    title: 'California wage claim with the Labor Commissioner (statutory wages)',
    jurisdiction: { country: 'US', region: 'US-CA' },
    caseTypes: [
      'wage_theft',
      'minimum_wage',
      'overtime_working_time',
      'holiday_sick_pay',
      'unlawful_deductions',
      'misclassification',
    ],
    trigger: 'wages_due_date',
    period: { amount: 3, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A wage claim with the California Labor Commissioner for wages owed under a statute (minimum wage, overtime ' +
      'and other wages the Labor Code requires) must be filed within 3 years after the wages were due. Every pay ' +
      'day runs separately: enter the earliest unpaid one. Claims resting only on a contract or a penalty have ' +
      'other limits.',
    nonWorkingDays: CALIFORNIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: CALIFORNIA_DAYS,
    source: {
      citation: 'Cal. Code Civ. Proc. §338(a)',
      url: 'https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CCP&sectionNum=338',
    },
    toVerify: null,
  },
  {
    id: 'us-dale-renewal',
    version: 1,
    title: 'Deferred action for labour enforcement (DALE): renewal before expiry',
    jurisdiction: UNITED_STATES,
    caseTypes: ['deferred_action'],
    trigger: 'deferred_action_granted',
    period: { amount: 2, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [180, 90],
    validFrom: '2023-01-13', // DHS announced the process on 13 January 2023
    validTo: null,
    status: 'discontinued',
    statusNote:
      'The DALE process no longer takes new requests (USCIS archived its page on 24 January 2025; requests were ' +
      'reportedly no longer processed by mid-2025). Kept for workers granted deferred action while it ran: check ' +
      'whether renewals, or a successor process, are accepted before relying on it.',
    explanation:
      'Deferred action granted through the DHS labour-enforcement process usually lasts 2 years from the grant. A ' +
      "renewal needs the labour agency's continuing interest (a statement of interest) and should be filed well " +
      'before the end: reminders are set 180 and 90 days before. The application itself is referred to an ' +
      'immigration legal service (a lawyer or DOJ-accredited representative).',
    nonWorkingDays: 'Not a filing limit; not moved.',
    source: {
      citation: 'DHS "Enforcement of Labor and Employment Laws"; NILC FAQ; Legal Aid at Work factsheet',
      url: null,
    },
    toVerify:
      'Grants from August 2024 could run up to 4 years: the grant notice shows the real end date. The date here ' +
      'assumes 2 years, the earliest possible end.',
  },
  {
    id: 'us-ead-expiry',
    version: 1,
    title: 'Work permit (EAD) expiry',
    jurisdiction: UNITED_STATES,
    caseTypes: ['deferred_action'],
    trigger: 'ead_expiry',
    period: null,
    computation: 'reminders_before',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: false,
    cappedBy: null,
    remindersBefore: [180, 90],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'The Employment Authorization Document based on deferred action ends on the date on the card; its renewal ' +
      'goes with the renewal of deferred action. Reminders are set 180 and 90 days before.',
    nonWorkingDays: 'Not moved.',
    source: { citation: 'USCIS', url: null },
    toVerify: null,
  },

  // ——— Australia ———
  {
    id: 'au-fwa-underpayment',
    version: 1,
    title: 'Fair Work Act underpayment claim',
    jurisdiction: AUSTRALIA,
    caseTypes: ['wage_theft', 'minimum_wage', 'holiday_sick_pay', 'overtime_working_time', 'unlawful_deductions'],
    trigger: 'wages_due_date',
    period: { amount: 6, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2009-07-01', // Fair Work Act 2009 Part 4-1 commencement
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A court claim for an underpayment under the Fair Work Act (award, enterprise agreement or National ' +
      'Employment Standards) must be started within 6 years after the day the entitlement was due. Every pay day ' +
      'runs separately: enter the earliest unpaid one. A complaint to the Fair Work Ombudsman is not a court claim.',
    nonWorkingDays: AUSTRALIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: AUSTRALIA_STATE_DAYS,
    source: { citation: 'Fair Work Act 2009 (Cth) s.544', url: null },
    toVerify: null,
  },
  {
    id: 'au-unfair-dismissal',
    version: 1,
    title: 'Unfair dismissal application to the Fair Work Commission (14 days)',
    jurisdiction: AUSTRALIA,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 14, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2009-07-01',
    validTo: '2012-12-31', // dismissals from 1 January 2013 have 21 days
    status: 'active',
    statusNote: null,
    explanation:
      'For a dismissal that took effect on or before 31 December 2012 the application had to reach the Fair Work ' +
      'Commission within 14 days after the dismissal took effect.',
    nonWorkingDays: AUSTRALIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: AUSTRALIA_STATE_DAYS,
    source: { citation: 'Fair Work Act 2009 (Cth) s.394(2) as first enacted; FWC Unfair Dismissals Benchbook', url: null },
    toVerify: null,
  },
  {
    id: 'au-unfair-dismissal',
    version: 2,
    title: 'Unfair dismissal application to the Fair Work Commission',
    jurisdiction: AUSTRALIA,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 21, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2013-01-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'An unfair dismissal application must reach the Fair Work Commission within 21 days after the dismissal took ' +
      'effect: the day of dismissal is not counted. A late application is accepted only in exceptional ' +
      'circumstances. A dismissal for union activity or for a complaint about pay may also be a general ' +
      'protections dismissal dispute (s.365), with the same 21 days.',
    nonWorkingDays: AUSTRALIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: AUSTRALIA_STATE_DAYS,
    source: { citation: 'Fair Work Act 2009 (Cth) s.394(2); FWC Unfair Dismissals Benchbook', url: null },
    toVerify: null,
  },
  {
    id: 'au-sponsored-visa-employment-end',
    version: 1,
    title: 'Sponsored visa (482 / 494 / 457): time to find a new sponsor after leaving the sponsor',
    jurisdiction: AUSTRALIA,
    caseTypes: ['sponsorship_loss', 'visa_tie_abuse'],
    trigger: 'sponsored_employment_end_date',
    period: { amount: 180, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: 'visa_expiry',
    remindersBefore: [],
    validFrom: '2024-07-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A worker on a sponsored visa (subclass 482, 494 or 457) who stops working for the sponsor has up to 180 ' +
      'consecutive days — and no more than 365 days in total over the whole visa — to find a new sponsor, be ' +
      'granted another visa, or leave Australia; meanwhile the worker may work for other employers. Earlier gaps ' +
      "on the same visa count towards the 365 days: check the worker's history. The visa's own expiry, if earlier, " +
      'comes first.',
    nonWorkingDays: 'Calendar days; not moved.',
    source: { citation: 'Migration Regulations 1994 (Cth) as amended from 1 July 2024 (secondary source)', url: null },
    toVerify: 'Secondary source: confirm against the Migration Regulations and Home Affairs guidance.',
  },
  {
    id: 'au-workplace-justice-visa',
    version: 1,
    title: 'Workplace Justice Visa (subclass 408, pilot): application window',
    jurisdiction: AUSTRALIA,
    caseTypes: ['visa_tie_abuse', 'wage_theft', 'forced_labour'],
    trigger: 'visa_expiry',
    period: null,
    computation: 'reminders_before',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: false,
    cappedBy: null,
    remindersBefore: [28],
    validFrom: '2024-07-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A temporary visa holder pursuing a workplace claim may apply for a Workplace Justice Visa with a ' +
      'certification from a listed union or legal centre (LIN 24/055). The application can be made once no more ' +
      'than 28 days remain on the current visa: a reminder is set 28 days before the visa expires, and the expiry ' +
      'is the last day to apply.',
    nonWorkingDays: 'Not moved.',
    source: { citation: 'Home Affairs Workplace Justice Visa pilot; LIN 24/055', url: null },
    toVerify: 'Secondary source: "apply with no more than 28 days left" on the current visa is to be verified.',
  },
];

/** Every version of every rule, validated when the module loads: a broken catalogue stops the app at start-up. */
export const RULES = parseRuleCatalogue(RULE_DATA);
