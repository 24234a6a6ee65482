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

const IRELAND = { country: 'IE', region: null } as const;
const GERMANY = { country: 'DE', region: null } as const;
const SPAIN = { country: 'ES', region: null } as const;
const ITALY = { country: 'IT', region: null } as const;
const FRANCE = { country: 'FR', region: null } as const;
const NETHERLANDS = { country: 'NL', region: null } as const;

/** EEOC charges: the EEOC's own guidance moves a last day on a weekend or holiday, as FRCP 6(a) does for courts. */
const EEOC_DAYS: BusinessDaysInput = { ...US_FEDERAL_DAYS, source: 'EEOC time-limits guidance; FRCP 6(a)(1)(C)' };
const EEOC_MOVED =
  'Moved: when the last day is a Saturday, Sunday or federal holiday, the charge can be filed on the next business day (EEOC time-limits guidance; FRCP 6(a)(1)(C)).';

const NLRB_DAYS: BusinessDaysInput = { ...US_FEDERAL_DAYS, source: 'NLRB Rules and Regulations, 29 CFR §102.2(a)' };
const NLRB_MOVED =
  'Moved: when the last day is a Saturday, Sunday or federal holiday, the period runs until the next Agency business day (NLRB Rules §102.2(a)).';

/** OSHA 11(c): the calendar only shows the next business day beside the deadline (nextBusinessDayNote). */
const OSHA_DAYS: BusinessDaysInput = {
  ...US_FEDERAL_DAYS,
  source: 'OSHA Whistleblower Investigations Manual (reported practice; 29 CFR 1977.15(d) has no such rule)',
};

/** New York: Saturdays, Sundays and the state's public holidays (General Construction Law §24). */
const NEW_YORK_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'regional',
  alsoClosed: [],
  localHolidays: false,
  source: 'N.Y. General Construction Law §25-a',
};
const NEW_YORK_MOVED =
  'Moved: when the last day is a Saturday, Sunday or New York public holiday, the act may be done on the next business day (General Construction Law §25-a).';

/** Germany: Saturdays, Sundays and the public holidays of the Land (the case's or contact point's region). */
const GERMAN_LAND_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'regional',
  alsoClosed: [],
  localHolidays: false,
  source: 'BGB §193',
};
const GERMAN_MOVED =
  'Moved: when the last day is a Saturday, Sunday or a public holiday in the Land, the period ends on the next working day (BGB §193). Holidays differ from Land to Land: without a region, only nationwide holidays are counted.';

/**
 * Spain's "días hábiles" (LOPJ art. 182.1): not Saturdays, Sundays, 24 and 31 December, national holidays, the
 * autonomous community's holidays and the local holidays of the court's seat (the contact point's local holidays).
 * August counts for dismissal claims (LRJS art. 43.4).
 */
const SPANISH_WORKING_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'regional',
  alsoClosed: ['12-24', '12-31'],
  localHolidays: true,
  source: 'LOPJ art. 182.1; LRJS art. 43.4',
};

/**
 * Italy: Sundays and national public holidays are "giorni festivi" (c.p.c. art. 155; c.c. art. 2963). A Saturday is
 * not closed here: whether it moves a time limit of substantive law is unsettled, so the Saturday stays the deadline.
 */
const ITALIAN_DAYS: BusinessDaysInput = {
  restDays: ['sunday'],
  holidays: 'national',
  alsoClosed: [],
  localHolidays: false,
  source: 'c.p.c. art. 155; c.c. art. 2963',
};
const ITALIAN_MOVED =
  'A last day on a Sunday or a national public holiday moves to the next day that is neither (c.p.c. art. 155; c.c. art. 2963). A last day on a Saturday is shown as the deadline, not moved: whether a Saturday moves it is unsettled, so act by the Saturday.';

/**
 * Netherlands: Saturdays, Sundays and the "algemeen erkende feestdagen" of Algemene termijnenwet art. 3(1) — New
 * Year's Day, Easter and Whit Monday, Ascension Day, Christmas and Boxing Day, the King's birthday as celebrated, and
 * 5 May. date-holidays marks 5 May (Bevrijdingsdag) as type "school", not "public" (it is a paid day off only in some
 * collective agreements), so the rule closes it itself; the Atw counts it every year.
 */
const DUTCH_DAYS: BusinessDaysInput = {
  restDays: ['saturday', 'sunday'],
  holidays: 'national',
  alsoClosed: ['05-05'],
  localHolidays: false,
  source: 'Algemene termijnenwet arts. 1, 3',
};
const DUTCH_MOVED =
  'Moved: when the last day is a Saturday, Sunday or a recognised public holiday (5 May included), the period runs to the next day that is none of these (Algemene termijnenwet art. 1).';

const FRENCH_NOT_MOVED =
  'Not moved, even when the last day is a Saturday, Sunday or public holiday: the Cour de cassation holds the rule extending procedural time limits (CPC arts. 641–642) inapplicable to prescription (2e civ., 7 April 2016, n° 15-12.960).';

const IRELAND_NOT_MOVED =
  'Not moved when the last day is a weekend or public holiday: a complaint can be presented to the WRC online on any day.';

const ACAS_ERA = { clockStop: 'ERA 1996 s.207B(3)', oneMonthAfterCertificate: 'ERA 1996 s.207B(4)' } as const;
const ACAS_EQA = { clockStop: 'EqA 2010 s.140B(3)', oneMonthAfterCertificate: 'EqA 2010 s.140B(4)' } as const;
const ACAS_WTR = { clockStop: 'WTR 1998 reg.30B(2)', oneMonthAfterCertificate: 'WTR 1998 reg.30B(3)' } as const;
const ACAS_TULRCA = { clockStop: 'TULRCA 1992 s.292A(3)', oneMonthAfterCertificate: 'TULRCA 1992 s.292A(4)' } as const;
const ACAS_ETEJO = { clockStop: 'ETEJO 1994 art. 8B(3)', oneMonthAfterCertificate: 'ETEJO 1994 art. 8B(4)' } as const;

const TRIBUNAL_NOT_MOVED =
  'Not moved when the last day is a weekend or public holiday: a tribunal claim can be presented online on any day.';

const EARLY_CONCILIATION =
  'ACAS early conciliation must be started (Day A) before this limit runs out — the claim form needs the certificate ' +
  'number (ETA 1996 s.18A). Once the certificate arrives (Day B), enter both dates: early conciliation extends the limit.';

const ERA_2025_TODO =
  'Not yet in force. The Employment Rights Act 2025 (s.152, Sch.12) extends this limit from 3 to 6 months from a date ' +
  'still to be set by commencement regulations (the government has said no earlier than October 2026). ';

const ERA_2025_STATUS =
  'Status of the law: the Employment Rights Act 2025 s.152 raises this limit to 6 months, but on 6 December 2026 ' +
  'its commencement was not confirmed (the government timetable of 3 February 2026 said no earlier than October ' +
  '2026; no commencement regulations seen). Until an administrator records the commencement date and the ' +
  'transitional rule, the 3-month date is the deadline.';

const ERA_2025_VERIFY =
  'Commencement date and transitional rule to be set by an administrator: this catalogue chooses the version by the ' +
  'trigger date; if the regulations decide otherwise (e.g. by whether the 3 months had run out at commencement), ' +
  'review this rule.';

/** `extension`: what the law says about a late claim ("not reasonably practicable"), the same for both lengths. */
type TribunalRuleText = Pick<DeadlineRuleInput, 'id' | 'title' | 'caseTypes' | 'trigger' | 'acasSources' | 'source' | 'extension'>;

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
      statusNote: ERA_2025_STATUS,
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
    id: 'uk-et-interim-relief',
    version: 1,
    title: 'Employment tribunal: interim relief after a dismissal for whistleblowing or union reasons (7 days)',
    jurisdiction: GREAT_BRITAIN,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    // "before the end of the period of seven days immediately following the effective date of termination".
    period: { amount: 7, unit: 'days' },
    computation: 'days',
    // Interim relief is exempt from early conciliation, and conciliation does not extend it.
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '1996-08-22', // ERA 1996 commencement
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A worker dismissed for whistleblowing (a protected disclosure), for trade union membership or activities, or ' +
      'for certain other protected reasons (for example as a health and safety or employee representative) can ask ' +
      'the employment tribunal for interim relief: an order that keeps the contract going until the claim is heard. ' +
      'The application must reach the tribunal before the end of the 7 days immediately following the effective date ' +
      'of termination. ACAS early conciliation is not needed for it and does not extend it, and the tribunal cannot ' +
      "accept it late. For a dismissal for union reasons, a union official's signed certificate must come with it. " +
      'Claim unfair dismissal at the same time (rule uk-et-unfair-dismissal).',
    nonWorkingDays: TRIBUNAL_NOT_MOVED,
    source: {
      citation: 'ERA 1996 s.128(2); TULRCA 1992 s.161(2)',
      url: 'https://www.legislation.gov.uk/ukpga/1996/18/section/128',
    },
    toVerify: null,
  },
  ...tribunalLimit({
    id: 'uk-et-whistleblowing-detriment',
    title: 'Employment tribunal claim: detriment for whistleblowing',
    caseTypes: ['dismissal_retaliation', 'health_safety'],
    trigger: 'retaliation_date',
    acasSources: ACAS_ERA, // s.48(4A): s.207B applies
    validFrom: '1999-07-02', // Public Interest Disclosure Act 1998 commencement
    explanation: (m) =>
      'A complaint that the worker was treated badly (a detriment short of dismissal) for making a protected ' +
      `disclosure must reach the employment tribunal within ${m} months beginning with the date of the act or failure ` +
      'to act complained of — for a series of similar acts, the last of them. A dismissal for whistleblowing is ' +
      'claimed as unfair dismissal instead (with interim relief within 7 days: rule uk-et-interim-relief).',
    extension:
      'A tribunal may accept a late claim only if it was not reasonably practicable to present it in time and it ' +
      'came within a further reasonable period (ERA 1996 s.48(3)(b)) — never plan on that.',
    source: { citation: 'ERA 1996 s.48(3), (4A)', url: 'https://www.legislation.gov.uk/ukpga/1996/18/section/48' },
  }),
  ...tribunalLimit({
    id: 'uk-et-protective-award',
    title: 'Employment tribunal claim: protective award (collective redundancies without consultation)',
    caseTypes: ['dismissal_retaliation'],
    trigger: 'last_dismissal_date',
    acasSources: ACAS_TULRCA, // s.189(5A): s.292A applies
    validFrom: EARLIEST_TRIGGER_DATE, // older than the app's dates (Employment Protection Act 1975, now TULRCA 1992)
    explanation: (m) =>
      'When an employer proposing 20 or more redundancies at one establishment within 90 days fails to inform and ' +
      'consult the union or the elected representatives, they (or, where there were none, the employees affected) ' +
      "can claim a protective award of up to 90 days' pay per employee. The complaint must reach the employment " +
      `tribunal before the last of the dismissals takes effect or within ${m} months beginning with that date.`,
    extension:
      'A tribunal may accept a late complaint only if it was not reasonably practicable to present it in time ' +
      '(TULRCA 1992 s.189(5)(c)) — never plan on that.',
    source: { citation: 'TULRCA 1992 s.189(5), (5A)', url: 'https://www.legislation.gov.uk/ukpga/1992/52/section/189' },
  }),
  ...tribunalLimit({
    id: 'uk-et-breach-of-contract',
    title: 'Employment tribunal claim: breach of contract on termination (notice pay, sums owed)',
    caseTypes: ['dismissal_retaliation', 'wage_theft'],
    trigger: 'dismissal_date',
    acasSources: ACAS_ETEJO, // art. 7 and 8B
    validFrom: '1994-07-12', // the Extension of Jurisdiction Orders came into force
    explanation: (m) =>
      'A claim that the employer broke the employment contract — unpaid notice pay, or other money due under the ' +
      'contract — that arises or is still outstanding when the employment ends can be brought in the employment ' +
      `tribunal within ${m} months beginning with the effective date of termination (where there is none, the last ` +
      'day the worker worked in that employment). The tribunal can award at most £25,000; the civil courts have ' +
      'longer limits.',
    extension:
      'A tribunal may accept a late claim only if it was not reasonably practicable to present it in time ' +
      '(Extension of Jurisdiction Order 1994 art. 7(c)) — never plan on that.',
    source: {
      citation: 'Employment Tribunals Extension of Jurisdiction Order 1994 art. 7 (SI 1994/1623; Scotland: SI 1994/1624)',
      url: 'https://www.legislation.gov.uk/uksi/1994/1623/article/7',
    },
  }),
  {
    id: 'uk-et-redundancy-pay',
    version: 1,
    title: 'Statutory redundancy payment: written claim or tribunal claim (6 months)',
    jurisdiction: GREAT_BRITAIN,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'redundancy_relevant_date',
    period: { amount: 6, unit: 'months' },
    computation: 'months_less_one_day',
    acasStopTheClock: true,
    acasSources: ACAS_ERA,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '1996-08-22', // ERA 1996 commencement
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'The right to a statutory redundancy payment is lost unless, within 6 months beginning with the relevant date ' +
      '(usually the effective date of termination), the payment has been agreed and paid, or the worker has claimed ' +
      'it from the employer in writing, referred the question to the employment tribunal, or claimed unfair dismissal ' +
      'there. A letter to the employer claiming the payment meets this limit: send it at once and keep a copy. For a ' +
      'tribunal claim, ACAS early conciliation must be started first; once the certificate arrives (Day B), enter ' +
      'both dates: early conciliation extends the limit.',
    nonWorkingDays: TRIBUNAL_NOT_MOVED,
    extension:
      'If none of these was done in time, the tribunal may still award the payment when, within the next 6 months, ' +
      'the worker claims in writing, refers the question or claims unfair dismissal, and the tribunal thinks it just ' +
      'and equitable (ERA 1996 s.164(2)) — never plan on that.',
    source: { citation: 'ERA 1996 s.164(1)–(2)', url: 'https://www.legislation.gov.uk/ukpga/1996/18/section/164' },
    toVerify: null,
  },
  {
    id: 'uk-et-equal-pay',
    version: 1,
    title: 'Employment tribunal claim: equal pay (6 months after the employment ends)',
    jurisdiction: GREAT_BRITAIN,
    caseTypes: ['harassment_discrimination', 'wage_theft'],
    trigger: 'employment_end_date',
    period: { amount: 6, unit: 'months' },
    computation: 'months_less_one_day',
    acasStopTheClock: true,
    acasSources: ACAS_EQA,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2010-10-01', // Equality Act 2010 commencement
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      "An equal pay claim (that a term of the worker's contract is less favourable than that of a colleague of the " +
      'opposite sex doing equal work) can be brought while the employment lasts and, in the standard case, within 6 ' +
      'months beginning with the last day of the employment. The tribunal cannot extend it. Other dates apply in a ' +
      'stable-work, concealment or incapacity case (s.129(3)); a claim in the civil courts may have a longer limit: ' +
      `take advice. ${EARLY_CONCILIATION}`,
    nonWorkingDays: TRIBUNAL_NOT_MOVED,
    source: { citation: 'EqA 2010 s.129(3)', url: 'https://www.legislation.gov.uk/ukpga/2010/15/section/129' },
    toVerify: null,
  },
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

  {
    id: 'us-eeoc-charge',
    version: 1,
    title: 'EEOC charge of discrimination (Title VII): 180 days, or 300 in a deferral state',
    jurisdiction: UNITED_STATES,
    caseTypes: ['harassment_discrimination', 'dismissal_retaliation'],
    trigger: 'discrimination_act_date',
    period: { amount: 180, unit: 'days' },
    computation: 'days',
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
      'A charge of employment discrimination under Title VII (race, colour, religion, sex, national origin, or ' +
      'retaliation for complaining about it) must be filed with the EEOC within 180 days after the discriminatory act ' +
      '— 300 days where a state or local agency enforces a law against the same discrimination. The day of the act is ' +
      'not counted. For harassment that went on over time, count from the last act. A lawsuit needs the charge first, ' +
      'then the notice of right to sue (rule us-eeoc-right-to-sue).',
    nonWorkingDays: EEOC_MOVED,
    lastDay: 'next_business_day',
    businessDays: EEOC_DAYS,
    alternativePeriod: {
      key: 'deferral',
      label: 'A state or local agency enforces a law against this discrimination (deferral state)',
      amount: 300,
      explanation:
        'The limit is 300 days where a state or local fair employment practices agency enforces a law against the ' +
        'same discrimination (a "deferral" state or city, e.g. New York, California, Illinois); otherwise it is 180 ' +
        'days. If unsure, work to the 180-day date.',
    },
    source: { citation: '42 U.S.C. §2000e-5(e)(1)', url: 'https://www.law.cornell.edu/uscode/text/42/2000e-5' },
    toVerify: null,
  },
  {
    id: 'us-eeoc-right-to-sue',
    version: 1,
    title: 'Title VII lawsuit after the EEOC notice of right to sue (90 days)',
    jurisdiction: UNITED_STATES,
    caseTypes: ['harassment_discrimination', 'dismissal_retaliation'],
    trigger: 'right_to_sue_received',
    period: { amount: 90, unit: 'days' },
    computation: 'days',
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
      'After the EEOC dismisses a charge or issues a notice of right to sue, a lawsuit must be filed in court within ' +
      '90 days after the notice is received; the day of receipt is not counted. When the day of receipt cannot be ' +
      'shown, courts presume the notice arrived a few days after it was mailed: keep the envelope and note the day it ' +
      'arrived. Refer to a lawyer at once.',
    nonWorkingDays: US_FEDERAL_MOVED,
    lastDay: 'next_business_day',
    businessDays: US_FEDERAL_DAYS,
    source: { citation: '42 U.S.C. §2000e-5(f)(1)', url: 'https://www.law.cornell.edu/uscode/text/42/2000e-5' },
    toVerify: null,
  },
  {
    id: 'us-nlrb-charge',
    version: 1,
    title: 'Unfair labor practice charge with the NLRB (6 months, filed and served)',
    jurisdiction: UNITED_STATES,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'unfair_labour_practice_date',
    period: { amount: 6, unit: 'months' },
    computation: 'months',
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
      'A charge that an employer (or a union) committed an unfair labor practice — for example firing or punishing ' +
      'workers for organising, or for acting together about pay and conditions — must be filed with the National ' +
      'Labor Relations Board and served on the employer within 6 months after the unfair labor practice. Filing alone ' +
      "is not enough: the Board's regional office usually serves the charge, but the person filing is responsible " +
      'for it being served in time, so file well before the last day. The Act protects most private-sector workers ' +
      'whatever their immigration status, though remedies such as back pay can be limited for undocumented workers.',
    nonWorkingDays: NLRB_MOVED,
    lastDay: 'next_business_day',
    businessDays: NLRB_DAYS,
    source: { citation: '29 U.S.C. §160(b) (NLRA §10(b))', url: 'https://www.law.cornell.edu/uscode/text/29/160' },
    toVerify: null,
  },
  {
    id: 'us-osha-11c',
    version: 1,
    title: 'OSHA whistleblower complaint: retaliation for a safety complaint (30 days)',
    jurisdiction: UNITED_STATES,
    caseTypes: ['health_safety', 'dismissal_retaliation'],
    trigger: 'retaliation_date',
    period: { amount: 30, unit: 'days' },
    computation: 'days',
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
      'A worker who was fired or otherwise punished for raising a health or safety concern, reporting an injury or ' +
      'complaining to OSHA can file a retaliation complaint with OSHA within 30 days after the retaliation; the day ' +
      'of the retaliation is not counted. The complaint can be made orally or in writing, in any language, by phone, ' +
      'online or at an OSHA office. States with their own OSHA-approved plans may have their own limits.',
    nonWorkingDays:
      'Not moved: the regulation has no rule for a last day on a weekend or holiday (29 CFR 1977.15(d)). File by this date.',
    // The regulation does not move it; the manual is reported to: shown beside the deadline, never as it.
    lastDay: 'none',
    businessDays: OSHA_DAYS,
    nextBusinessDayNote:
      "OSHA's Whistleblower Investigations Manual is reported to accept a complaint on the next business day when " +
      'the 30th day is a weekend or federal holiday, but the regulation has no such rule. The next business day:',
    extension:
      'The 30 days may be extended (tolled) only in special circumstances — for example when the employer misled the ' +
      'worker, or the worker complained in time to another agency (29 CFR 1977.15(d)(3)) — never plan on that.',
    source: {
      citation: '29 U.S.C. §660(c)(2) (OSH Act §11(c)(2)); 29 CFR 1977.15(d)',
      url: 'https://www.law.cornell.edu/uscode/text/29/660',
    },
    toVerify: null,
  },
  {
    id: 'us-ny-wage',
    version: 1,
    title: 'New York wage claim in court (6 years)',
    jurisdiction: { country: 'US', region: 'US-NY' },
    caseTypes: ['wage_theft', 'minimum_wage', 'overtime_working_time', 'unlawful_deductions', 'misclassification'],
    trigger: 'wages_due_date',
    period: { amount: 6, unit: 'years' },
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
      'A lawsuit under the New York Labor Law recovers unpaid wages, benefits and wage supplements (with liquidated ' +
      'damages) for the 6 years before the action is started. Every pay day runs separately: enter the earliest ' +
      'unpaid one, which runs out first. Federal minimum wage and overtime claims have shorter limits (rule us-flsa).',
    nonWorkingDays: NEW_YORK_MOVED,
    lastDay: 'next_business_day',
    businessDays: NEW_YORK_DAYS,
    source: { citation: 'N.Y. Labor Law §198(3)', url: 'https://www.nysenate.gov/legislation/laws/LAB/198' },
    toVerify: null,
  },
  // Cal. Lab. Code §98.7(a): 6 months, then 1 year from 1 January 2021 (AB 1947, Stats. 2020 ch. 344), chosen by the
  // date of the retaliation as deadline-rules.md says.
  {
    id: 'us-ca-retaliation',
    version: 1,
    title: 'California retaliation complaint with the Labor Commissioner (6 months)',
    jurisdiction: { country: 'US', region: 'US-CA' },
    caseTypes: ['dismissal_retaliation'],
    trigger: 'retaliation_date',
    period: { amount: 6, unit: 'months' },
    computation: 'months',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: EARLIEST_TRIGGER_DATE,
    validTo: '2020-12-31',
    status: 'active',
    statusNote: null,
    explanation:
      'For retaliation that happened on or before 31 December 2020, a complaint to the Labor Commissioner (Division ' +
      'of Labor Standards Enforcement) had to be filed within 6 months after the violation; the day of the violation ' +
      'is not counted.',
    nonWorkingDays: CALIFORNIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: CALIFORNIA_DAYS,
    source: { citation: 'Cal. Lab. Code §98.7(a) as in force before AB 1947', url: null },
    toVerify: null,
  },
  {
    id: 'us-ca-retaliation',
    version: 2,
    title: 'California retaliation complaint with the Labor Commissioner (1 year)',
    jurisdiction: { country: 'US', region: 'US-CA' },
    caseTypes: ['dismissal_retaliation'],
    trigger: 'retaliation_date',
    period: { amount: 1, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2021-01-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A worker who was fired, demoted or otherwise punished for complaining about pay or working conditions, or for ' +
      'using another right the Labor Commissioner enforces, can file a retaliation complaint with the Labor ' +
      'Commissioner within one year after the retaliation; the day of the retaliation is not counted. A lawsuit may ' +
      'have other limits.',
    nonWorkingDays: CALIFORNIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: CALIFORNIA_DAYS,
    source: {
      citation: 'Cal. Lab. Code §98.7(a)(1) as amended by AB 1947 (Stats. 2020, ch. 344)',
      url: 'https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=LAB&sectionNum=98.7',
    },
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
  // Fair Work Act 2009 s.366(1)(a): 60 days as first enacted; 21 days for dismissals from 1 January 2013 (Fair Work
  // Amendment Act 2012), like unfair dismissal applications.
  {
    id: 'au-general-protections-dismissal',
    version: 1,
    title: 'General protections dismissal dispute with the Fair Work Commission (60 days)',
    jurisdiction: AUSTRALIA,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 60, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2009-07-01',
    validTo: '2012-12-31',
    status: 'active',
    statusNote: null,
    explanation:
      'For a dismissal that took effect on or before 31 December 2012 a general protections application had to be ' +
      'made to the Fair Work Commission within 60 days after the dismissal took effect.',
    nonWorkingDays: AUSTRALIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: AUSTRALIA_STATE_DAYS,
    source: { citation: 'Fair Work Act 2009 (Cth) s.366(1)(a) as first enacted', url: null },
    toVerify: null,
  },
  {
    id: 'au-general-protections-dismissal',
    version: 2,
    title: 'General protections dismissal dispute with the Fair Work Commission (21 days)',
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
      'A worker dismissed for a prohibited reason — union membership or activity, making a complaint or inquiry about ' +
      'their employment (for example about pay), race, sex or another protected attribute, or a temporary absence ' +
      'through illness — can apply to the Fair Work Commission to deal with a general protections dispute. The ' +
      'application must be made within 21 days after the dismissal took effect: the day of dismissal is not counted. ' +
      'The same dismissal cannot also be the subject of an unfair dismissal application (rule au-unfair-dismissal): ' +
      'choose one with advice.',
    nonWorkingDays: AUSTRALIA_MOVED,
    lastDay: 'next_business_day',
    businessDays: AUSTRALIA_STATE_DAYS,
    extension:
      'The Commission may allow a further period only in exceptional circumstances (s.366(1)(b), (2)) — never plan on that.',
    source: { citation: 'Fair Work Act 2009 (Cth) s.366(1)(a)', url: null },
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
  // ——— Ireland ———
  {
    id: 'ie-wrc-complaint',
    version: 1,
    title: 'Complaint to the Workplace Relations Commission (6 months)',
    jurisdiction: IRELAND,
    caseTypes: [
      'wage_theft',
      'minimum_wage',
      'holiday_sick_pay',
      'overtime_working_time',
      'unlawful_deductions',
      'dismissal_retaliation',
      'harassment_discrimination',
    ],
    trigger: 'contravention_date',
    // "6 months beginning on the date of the contravention": that day counts, as in "beginning with".
    period: { amount: 6, unit: 'months' },
    computation: 'months_less_one_day',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2015-10-01', // the Workplace Relations Commission was established
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'Most employment complaints in Ireland — unpaid wages, minimum wage, working time and holidays, unfair ' +
      'dismissal, discrimination and many more — go to the Workplace Relations Commission, online. The complaint must ' +
      'be presented within 6 months beginning on the date of the contravention complained of (that day is the first ' +
      'day). Only contraventions in the 6 months before the complaint are considered: complain as soon as possible, ' +
      'and enter the earliest date that still matters.',
    nonWorkingDays: IRELAND_NOT_MOVED,
    extension:
      'An adjudication officer may accept a complaint up to 12 months after the contravention if the delay was due to ' +
      'reasonable cause (s.41(8)). That is decided case by case, afterwards: it is never the deadline.',
    source: {
      citation: 'Workplace Relations Act 2015 s.41(6), (8)',
      url: 'https://www.irishstatutebook.ie/eli/2015/act/16/section/41/enacted/en/html',
    },
    toVerify: null,
  },

  // ——— Germany ———
  {
    id: 'de-kschg-klage',
    version: 1,
    title: 'Kündigungsschutzklage: claim against a dismissal in the labour court (3 weeks)',
    jurisdiction: GERMANY,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_notice_received',
    // BGB §187(1): the day of receipt is not counted; §188(2): the period ends on the same weekday 3 weeks later.
    period: { amount: 3, unit: 'weeks' },
    computation: 'weeks',
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
      'A worker who wants to challenge a written dismissal — because it is socially unjustified or invalid for any ' +
      'other reason — must file a claim with the labour court (Arbeitsgericht) within 3 weeks after the written ' +
      'notice of dismissal was received. The day it was received is not counted; the 3 weeks end on the same weekday ' +
      'three weeks later. If the claim is late, the dismissal counts as valid from the start (KSchG §7), whatever was ' +
      "wrong with it. The claim can be filed without a lawyer at the court's legal applications office " +
      '(Rechtsantragstelle); a union usually represents its members.',
    explanations: {
      de:
        'Wer eine schriftliche Kündigung angreifen will – weil sie sozial ungerechtfertigt oder aus einem anderen ' +
        'Grund unwirksam ist –, muss innerhalb von drei Wochen nach Zugang der schriftlichen Kündigung Klage beim ' +
        'Arbeitsgericht erheben. Der Tag des Zugangs wird nicht mitgezählt; die Frist endet am gleichen Wochentag drei ' +
        'Wochen später. Fällt dieser Tag auf einen Samstag, Sonntag oder einen gesetzlichen Feiertag im Bundesland, ' +
        'endet die Frist am nächsten Werktag (BGB § 193). Wird die Frist versäumt, gilt die Kündigung als von Anfang ' +
        'an wirksam (KSchG § 7), auch wenn sie fehlerhaft war. Die Klage kann ohne Anwalt bei der Rechtsantragstelle ' +
        'des Arbeitsgerichts erhoben werden; Gewerkschaftsmitglieder vertritt in der Regel ihre Gewerkschaft.',
    },
    nonWorkingDays: GERMAN_MOVED,
    lastDay: 'next_business_day',
    businessDays: GERMAN_LAND_DAYS,
    extension:
      'A late claim can be admitted only if the worker, despite all due care, could not file in time (KSchG §5): the ' +
      'application must be made within 2 weeks after the obstacle ends, and no later than 6 months after the 3 weeks ' +
      'ran out — never plan on that.',
    source: { citation: 'KSchG §4 S.1; BGB §§187(1), 188(2)', url: 'https://www.gesetze-im-internet.de/kschg/__4.html' },
    toVerify: null,
  },
  {
    id: 'de-agg-geltendmachung',
    version: 1,
    title: 'AGG: claiming compensation for discrimination in writing (2 months)',
    jurisdiction: GERMANY,
    caseTypes: ['harassment_discrimination'],
    trigger: 'discrimination_learnt_date',
    // BGB §§187(1), 188(2)–(3): the same date two months later, or that month's last day when it has none.
    period: { amount: 2, unit: 'months' },
    computation: 'months',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2006-08-18', // AGG commencement
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A claim for compensation or damages for discrimination under the General Equal Treatment Act (AGG) — on ' +
      'grounds of racial or ethnic origin, sex, religion or belief, disability, age or sexual identity — must be made ' +
      'to the employer in writing within 2 months, unless a collective agreement sets another period. The 2 months ' +
      'start when the worker learnt of the discrimination; for a job application or a promotion, when the rejection ' +
      'was received. If the employer does not pay, a claim must then be filed with the labour court within 3 months ' +
      'after the written claim (ArbGG §61b): enter a deadline for that too.',
    explanations: {
      de:
        'Ansprüche auf Entschädigung oder Schadensersatz wegen einer Benachteiligung nach dem AGG (wegen der ' +
        'ethnischen Herkunft, des Geschlechts, der Religion oder Weltanschauung, einer Behinderung, des Alters oder ' +
        'der sexuellen Identität) müssen innerhalb von zwei Monaten schriftlich beim Arbeitgeber geltend gemacht ' +
        'werden, wenn ein Tarifvertrag nichts anderes bestimmt. Die Frist beginnt, sobald die oder der Beschäftigte ' +
        'von der Benachteiligung erfährt; bei einer Bewerbung oder einem beruflichen Aufstieg mit dem Zugang der ' +
        'Ablehnung. Zahlt der Arbeitgeber nicht, muss innerhalb von drei Monaten nach der schriftlichen ' +
        'Geltendmachung Klage beim Arbeitsgericht erhoben werden (ArbGG § 61b) – dafür eine eigene Frist eintragen.',
    },
    nonWorkingDays: GERMAN_MOVED,
    lastDay: 'next_business_day',
    businessDays: GERMAN_LAND_DAYS,
    source: { citation: 'AGG §15(4); ArbGG §61b(1)', url: 'https://www.gesetze-im-internet.de/agg/__15.html' },
    toVerify: null,
  },

  // ——— Spain ———
  {
    id: 'es-despido',
    version: 1,
    title: 'Demanda por despido: challenging a dismissal (20 working days)',
    jurisdiction: SPAIN,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 20, unit: 'working_days' },
    computation: 'working_days',
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
      'A dismissal can be challenged only within 20 working days (días hábiles) after the day it took effect. ' +
      'Saturdays, Sundays, national, regional and local holidays, and 24 and 31 December are not counted; August does ' +
      'count for dismissal claims. Once the period has run out the claim is lost (caducidad). Before going to court the ' +
      'worker must request conciliation (papeleta de conciliación, at the regional mediation service, e.g. SMAC in ' +
      'Madrid): the request suspends the count, which resumes the day after the conciliation is held or, if it is not ' +
      'held, 15 working days after the request (LRJS art. 65.1). The suspension is not computed here: once the request is filed, ' +
      "enter the new deadline by hand. The local holidays of the court's town count too: the contact point's local " +
      'holidays are used.',
    explanations: {
      es:
        'El despido solo puede impugnarse dentro de los 20 días hábiles siguientes a aquel en que se produjo. No se ' +
        'cuentan los sábados, los domingos, los festivos nacionales, autonómicos y locales, ni los días 24 y 31 de ' +
        'diciembre; agosto sí cuenta para los despidos. Es un plazo de caducidad: pasado el plazo, se pierde la ' +
        'acción. Antes de ir al juzgado hay que presentar la papeleta de conciliación (en el servicio de mediación de ' +
        'la comunidad autónoma, por ejemplo el SMAC en Madrid): su presentación suspende el cómputo, que se reanuda al ' +
        'día siguiente del acto de conciliación o, si no se celebra, a los 15 días hábiles de presentarla. Esta ' +
        'suspensión no se calcula aquí: una vez presentada la papeleta, anote a mano la nueva fecha límite. También ' +
        'cuentan los festivos locales del municipio del juzgado: se usan los festivos locales del punto de atención.',
    },
    nonWorkingDays:
      'Only working days are counted (no Saturdays, Sundays, national, regional or local holidays, 24 or 31 December; ' +
      'August counts for dismissals), so the last day is always a working day.',
    businessDays: SPANISH_WORKING_DAYS,
    source: {
      citation: 'ET art. 59.3; LRJS art. 103.1',
      url: 'https://www.boe.es/buscar/act.php?id=BOE-A-2015-11430#a59',
    },
    toVerify: null,
  },
  {
    id: 'es-reclamacion-salarios',
    version: 1,
    title: 'Reclamación de salarios: claiming unpaid wages (1 year)',
    jurisdiction: SPAIN,
    caseTypes: ['wage_theft', 'minimum_wage', 'holiday_sick_pay', 'overtime_working_time', 'unlawful_deductions'],
    trigger: 'wages_due_date',
    period: { amount: 1, unit: 'years' },
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
      'A claim for unpaid wages or other sums owed under the employment contract must be brought within one year from ' +
      'the day payment could be demanded — for each pay day, that pay day. The year runs date to date, holidays ' +
      'included, and the last day is not moved. The conciliation request (papeleta) or a written claim to the employer ' +
      'interrupts the year, which then starts again: keep proof of the date. Every pay day runs separately: enter the ' +
      'earliest unpaid one.',
    explanations: {
      es:
        'La reclamación de salarios u otras cantidades debidas por el contrato de trabajo debe presentarse en el plazo ' +
        'de un año desde el día en que pudo exigirse el pago; para cada nómina, el día en que debía pagarse. El año se ' +
        'cuenta de fecha a fecha, con los festivos incluidos, y el último día no se traslada. La papeleta de ' +
        'conciliación o una reclamación por escrito a la empresa interrumpen el plazo, que vuelve a empezar: guarde ' +
        'prueba de la fecha. Cada día de pago tiene su propio plazo: anote el impago más antiguo.',
    },
    nonWorkingDays: 'Not moved: the year runs date to date (Código Civil art. 5), holidays included.',
    source: {
      citation: 'ET art. 59.2; Código Civil arts. 5, 1973',
      url: 'https://www.boe.es/buscar/act.php?id=BOE-A-2015-11430#a59',
    },
    toVerify: null,
  },

  // ——— Italy ———
  {
    id: 'it-impugnazione-licenziamento',
    version: 1,
    title: 'Impugnazione del licenziamento: written challenge to a dismissal (60 days)',
    jurisdiction: ITALY,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_notice_received',
    period: { amount: 60, unit: 'days' },
    computation: 'days',
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
      'A dismissal must be challenged within 60 days after the written dismissal was received, or the right to ' +
      "challenge it is lost. Any written act that makes the worker's will clear is enough — a letter, also one from " +
      'the union — and the 60 days are met by the date it is sent (registered post with return receipt, or PEC: keep ' +
      'the receipt). The day of receipt is not counted. After the challenge, a claim must be filed in court, or ' +
      'conciliation or arbitration requested, within 180 days (rule it-deposito-ricorso).',
    explanations: {
      it:
        'Il licenziamento deve essere impugnato entro 60 giorni dalla ricezione della sua comunicazione scritta, a ' +
        'pena di decadenza. Basta qualsiasi atto scritto, anche stragiudiziale, che renda nota la volontà del ' +
        'lavoratore – una lettera, anche del sindacato – e il termine è rispettato con la data di spedizione ' +
        '(raccomandata con ricevuta di ritorno o PEC: conservare la ricevuta). Il giorno della ricezione non si conta. ' +
        'Se il termine scade di domenica o in un giorno festivo, è prorogato al primo giorno seguente non festivo; se ' +
        'scade di sabato, conviene considerare il sabato come ultimo giorno, perché non è pacifico che slitti. Dopo ' +
        "l'impugnazione, entro 180 giorni va depositato il ricorso in tribunale o chiesto il tentativo di " +
        'conciliazione o arbitrato.',
    },
    nonWorkingDays: ITALIAN_MOVED,
    lastDay: 'next_business_day',
    businessDays: ITALIAN_DAYS,
    source: {
      citation: 'L. 604/1966 art. 6(1)',
      url: 'https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1966-07-15;604~art6',
    },
    toVerify: null,
  },
  // The 180 days apply to dismissals from 18 July 2012 (L. 92/2012); the 270 days before that are not modelled.
  {
    id: 'it-deposito-ricorso',
    version: 1,
    title: 'Deposito del ricorso: filing the claim after challenging a dismissal (180 days)',
    jurisdiction: ITALY,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'written_challenge_date',
    period: { amount: 180, unit: 'days' },
    computation: 'days',
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
      'The written challenge to a dismissal lapses unless, within 180 days, the claim (ricorso) is filed with the ' +
      'labour court or a request for conciliation or arbitration is sent to the employer. The 180 days run from the ' +
      'day the written challenge was sent, that day not counted. If the conciliation or arbitration is refused, or ' +
      'no agreement on it is reached, the claim must be filed within 60 days after the refusal or the failure.',
    explanations: {
      it:
        "L'impugnazione del licenziamento perde efficacia se entro 180 giorni non si deposita il ricorso presso il " +
        'tribunale in funzione di giudice del lavoro o non si comunica al datore di lavoro la richiesta di tentativo ' +
        "di conciliazione o arbitrato. I 180 giorni decorrono dal giorno di spedizione dell'impugnazione, che non si " +
        "conta. Se la conciliazione o l'arbitrato sono rifiutati o non si raggiunge l'accordo, il ricorso va " +
        'depositato entro 60 giorni dal rifiuto o dal mancato accordo. Se il termine scade di domenica o in un giorno ' +
        'festivo, è prorogato al primo giorno seguente non festivo; se scade di sabato, conviene considerare il sabato ' +
        'come ultimo giorno.',
    },
    nonWorkingDays: ITALIAN_MOVED,
    lastDay: 'next_business_day',
    businessDays: ITALIAN_DAYS,
    source: {
      citation: 'L. 604/1966 art. 6(2)',
      url: 'https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1966-07-15;604~art6',
    },
    toVerify: null,
  },

  // ——— France ———
  {
    id: 'fr-contestation-licenciement',
    version: 1,
    title: "Contester un licenciement: claim to the conseil de prud'hommes (12 months)",
    jurisdiction: FRANCE,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_notice_received',
    // C. civ. arts. 2228–2229: the day of receipt is not counted; the period ends on the same date a year on.
    period: { amount: 12, unit: 'months' },
    computation: 'months',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2017-09-24', // Ordonnance n° 2017-1387 (before: 2 years)
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      "A claim contesting a dismissal must be brought before the conseil de prud'hommes within 12 months after the " +
      'dismissal letter was received. The day of receipt is not counted, and the period ends on the same date one year ' +
      'later. The last day is not moved, even when it is a Saturday, Sunday or public holiday: file before it. Claims ' +
      'based on discrimination or harassment, and claims for pay (rule fr-rappel-salaires), have other limits.',
    explanations: {
      fr:
        "L'action contestant un licenciement doit être portée devant le conseil de prud'hommes dans les 12 mois qui " +
        'suivent la réception de la lettre de licenciement. Le jour de la réception ne compte pas, et le délai expire à ' +
        'la même date un an plus tard. Le dernier jour n’est pas reporté, même s’il tombe un samedi, un dimanche ou un ' +
        'jour férié : saisissez le conseil avant. Les actions fondées sur une discrimination ou un harcèlement, et les ' +
        'rappels de salaire, ont d’autres délais.',
    },
    nonWorkingDays: FRENCH_NOT_MOVED,
    source: {
      citation: 'Code du travail art. L.1471-1 al. 2; C. civ. arts. 2228–2229; Cass. 2e civ., 7 April 2016, n° 15-12.960',
      url: null,
    },
    toVerify: null,
  },
  {
    id: 'fr-rappel-salaires',
    version: 1,
    title: 'Rappel de salaires: claiming unpaid wages (3 years)',
    jurisdiction: FRANCE,
    caseTypes: ['wage_theft', 'minimum_wage', 'holiday_sick_pay', 'overtime_working_time', 'unlawful_deductions'],
    trigger: 'wages_due_date',
    period: { amount: 3, unit: 'years' },
    computation: 'years',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2013-06-17', // Loi n° 2013-504 (before: 5 years)
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A claim for unpaid wages must be brought within 3 years from the day the worker knew or should have known the ' +
      'facts — usually the pay day. The claim can cover the sums due for the 3 years before that day or, once the ' +
      'contract has ended, for the 3 years before it ended. The last day is not moved. Every pay day runs separately: ' +
      'enter the earliest unpaid one.',
    explanations: {
      fr:
        'L’action en paiement du salaire se prescrit par 3 ans à compter du jour où le salarié a connu ou aurait dû ' +
        'connaître les faits lui permettant de l’exercer, en général le jour de la paie. La demande peut porter sur les ' +
        'sommes dues au titre des 3 dernières années à compter de ce jour ou, si le contrat est rompu, des 3 années ' +
        'précédant la rupture. Le dernier jour n’est pas reporté. Chaque paie a son propre délai : indiquez la plus ' +
        'ancienne qui n’a pas été payée.',
    },
    nonWorkingDays: FRENCH_NOT_MOVED,
    source: { citation: 'Code du travail art. L.3245-1', url: null },
    toVerify: null,
  },

  // ——— Netherlands ———
  {
    id: 'nl-verzoek-vernietiging-ontslag',
    version: 1,
    title: 'Verzoek vernietiging opzegging: asking the court to annul a dismissal (2 months)',
    jurisdiction: NETHERLANDS,
    caseTypes: ['dismissal_retaliation'],
    trigger: 'employment_end_date',
    // "binnen twee maanden na de dag waarop de arbeidsovereenkomst is geëindigd": the same date two months on.
    period: { amount: 2, unit: 'months' },
    computation: 'months',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '2015-07-01', // Wet werk en zekerheid
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation:
      'A request to the subdistrict court (kantonrechter) to annul a notice of dismissal — for example one given ' +
      "without the UWV's permission or the worker's consent — or for fair compensation instead, must be filed within 2 " +
      'months after the day the employment contract ended. A request for the transition payment alone has 3 months ' +
      '(BW 7:686a(4)(b)). The period ends on the same date two months later; a last day on a Saturday, Sunday or ' +
      'recognised public holiday moves to the next day that is none of these. Once it has run out, the request is lost.',
    explanations: {
      nl:
        'Een verzoek aan de kantonrechter om een opzegging te vernietigen (bijvoorbeeld een ontslag zonder ' +
        'toestemming van het UWV of instemming van de werknemer), of om in plaats daarvan een billijke vergoeding, ' +
        'moet worden ingediend binnen twee maanden na de dag waarop de arbeidsovereenkomst is geëindigd. Voor een ' +
        'verzoek om alleen de transitievergoeding geldt drie maanden (BW 7:686a lid 4 sub b). De termijn eindigt op ' +
        'dezelfde datum twee maanden later; valt die dag op een zaterdag, zondag of algemeen erkende feestdag (ook 5 ' +
        'mei), dan loopt hij door tot en met de eerstvolgende dag die dat niet is (Algemene termijnenwet). Het is een ' +
        'vervaltermijn: te laat is te laat.',
    },
    nonWorkingDays: DUTCH_MOVED,
    lastDay: 'next_business_day',
    businessDays: DUTCH_DAYS,
    source: { citation: 'BW 7:686a(4)(a)', url: 'https://wetten.overheid.nl/BWBR0005290/' },
    toVerify: null,
  },
];

/** Every version of every rule, validated when the module loads: a broken catalogue stops the app at start-up. */
export const RULES = parseRuleCatalogue(RULE_DATA);
