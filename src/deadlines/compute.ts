/**
 * Pure deadline computation on calendar dates. No database, no HTTP, no clock: "today" is always a parameter.
 *
 * Dates are `YYYY-MM-DD` strings. A time limit ends on a calendar day wherever the worker is, so nothing here uses
 * `Date` local-time methods: arithmetic runs on day numbers (days since 1970-01-01, proleptic Gregorian), which is
 * the same in every timezone and on every server.
 */
import { z } from 'zod';
import { RULES, triggerField } from './rules.data.js';
import type { TriggerField } from './rules.data.js';
import { EARLIEST_TRIGGER_DATE, LATEST_TRIGGER_DATE } from './rules.schema.js';
import { businessCalendar, type BusinessCalendar, type ClosedDay, type LocalHoliday } from './holidays.js';
import type { AcasSourcesSchema, DeadlineRule, TriggerFieldId } from './rules.schema.js';

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

// ——— Calendar arithmetic ———

interface CalendarDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parse(date: string): CalendarDate | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function mustParse(date: IsoDate): CalendarDate {
  const parsed = parse(date);
  if (!parsed) throw new RangeError(`Not a calendar date in the form YYYY-MM-DD: ${JSON.stringify(date)}`);
  return parsed;
}

function format({ year, month, day }: CalendarDate): IsoDate {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside four-digit years`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  return parse(value) !== null;
}

// Day numbers after H. Hinnant, "chrono-Compatible Low-Level Date Algorithms": exact integer arithmetic for any year.
function toDayNumber(date: IsoDate): number {
  const { year, month, day } = mustParse(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return format({ year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function dayOfWeek(date: IsoDate): Weekday {
  // Day 0 (1970-01-01) was a Thursday.
  return WEEKDAYS[(((toDayNumber(date) + 3) % 7) + 7) % 7]!;
}

/** "14 June 2026": the English the steps are written in, independent of the server's locale and ICU data. */
export function formatLongDate(date: IsoDate): string {
  const { year, month, day } = mustParse(date);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using it (STYLE 13).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `instant` in `timeZone` — how a contact point's "today" is found. */
export function todayIn(timeZone: string, instant: Date | number): IsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

interface Shifted {
  date: IsoDate;
  /** The month reached has no corresponding day (31 → June), so the period ended on that month's last day. */
  clamped: boolean;
  /** The corresponding date that does not exist, e.g. "30 February 2027". */
  missingDay: string | null;
}

function shiftMonths(date: IsoDate, months: number): { year: number; month: number; day: number } {
  const { year, month, day } = mustParse(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  return { year: targetYear, month: index - targetYear * 12 + 1, day };
}

/**
 * The corresponding date `months` later (or earlier, if negative). When that month is too short, the period ends on
 * its last day: the corresponding date rule of Dodds v Walker [1981] 1 WLR 1027 (HL), which UK limitation periods in
 * months follow; US and Australian anniversaries are read the same way.
 */
function correspondingDate(date: IsoDate, months: number): Shifted {
  if (!Number.isInteger(months)) throw new RangeError(`Not a whole number of months: ${months}`);
  const { year, month, day } = shiftMonths(date, months);
  const last = daysInMonth(year, month);
  if (day <= last) return { date: format({ year, month, day }), clamped: false, missingDay: null };
  return {
    date: format({ year, month, day: last }),
    clamped: true,
    missingDay: `${day} ${MONTH_NAMES[month - 1]} ${year}`,
  };
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return correspondingDate(date, months).date;
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return correspondingDate(date, 12 * years).date;
}

/**
 * The last day of "N months beginning with" `date` (ERA 1996 s.23(2), s.111(2); EqA 2010 s.123 "starting with"): the
 * day before the corresponding date N months later — 15 March → 14 June, 1 March → 31 May (not "28 February + 3
 * months"). When the month reached has no corresponding date, the period ends on that month's last day (Dodds v
 * Walker): 30 November → 28 February, or 29 February in a leap year — not 27 February, which "add 3 months, then take
 * a day off" would give.
 */
function monthsLessOneDayDetailed(date: IsoDate, months: number): Shifted {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`Not a whole number of months ≥ 1: ${months}`);
  const corresponding = correspondingDate(date, months);
  if (corresponding.clamped) return corresponding;
  return { date: addDays(corresponding.date, -1), clamped: false, missingDay: null };
}

export function monthsLessOneDay(date: IsoDate, months: number): IsoDate {
  return monthsLessOneDayDetailed(date, months).date;
}

/** Dates `daysBefore` days before `due`, latest lead time first (e.g. 90, 30, 7). */
export function reminderDates(due: IsoDate, daysBefore: readonly number[]): Reminder[] {
  return [...new Set(daysBefore)]
    .sort((a, b) => b - a)
    .map((days) => ({ daysBefore: days, date: addDays(due, -days) }));
}

export interface Reminder {
  date: IsoDate;
  daysBefore: number;
}

// ——— ACAS early conciliation ———

export interface AcasDates {
  /** Day A: the day ACAS received the early conciliation notification (ETA 1996 s.18A(1)). */
  dayA: IsoDate;
  /** Day B: the day the certificate was received, or is treated as received (s.18A(4), (11)). */
  dayB: IsoDate;
}

export type AcasSources = z.infer<typeof AcasSourcesSchema>;

const ERA_ACAS_SOURCES: AcasSources = {
  clockStop: 'ERA 1996 s.207B(3)',
  oneMonthAfterCertificate: 'ERA 1996 s.207B(4)',
};

export interface AcasExtension {
  /** The limit before early conciliation is taken into account. */
  limit: IsoDate;
  /** Days from the day after Day A to Day B inclusive, which are not counted. */
  daysNotCounted: number;
  /** The limit after not counting those days; null when early conciliation started after the limit had run out. */
  afterClockStop: IsoDate | null;
  /** The end of the period that begins with Day A and ends one month after Day B. */
  oneMonthAfterDayB: IsoDate;
  outcome: 'clock_stopped' | 'one_month_after_certificate' | 'started_too_late';
  dueDate: IsoDate;
  steps: ComputationStep[];
}

/**
 * Extends a tribunal limit for ACAS early conciliation, in the order Luton BC v Haque [2018] UKEAT/0180/17 requires:
 * first s.207B(3) (the days after Day A up to Day B are not counted), then s.207B(4) (a limit that would now expire
 * between Day A and one month after Day B expires at the end of that month instead). Neither can shorten a limit.
 *
 * A limit that ran out before Day A is not revived: the days not counted all fall after it expired, and it did not
 * expire within the s.207B(4) period. Early conciliation has to start within the limit (ETA 1996 s.18A).
 */
export function applyAcasStopTheClock(
  limit: IsoDate,
  { dayA, dayB }: AcasDates,
  sources: AcasSources = ERA_ACAS_SOURCES,
): AcasExtension {
  const daysNotCounted = daysBetween(dayA, dayB);
  if (daysNotCounted < 0)
    throw new RangeError(`Day B (${dayB}) is before Day A (${dayA}): validate the inputs with deadlineInputsSchema`);
  const oneMonthAfterDayB = addMonths(dayB, 1);
  const long = formatLongDate;

  if (compareDates(dayA, limit) > 0) {
    return {
      limit,
      daysNotCounted,
      afterClockStop: null,
      oneMonthAfterDayB,
      outcome: 'started_too_late',
      dueDate: limit,
      steps: [
        step(
          limit,
          `early conciliation started on ${long(dayA)} (Day A), after the limit had run out on ${long(limit)}: ` +
            'it does not extend the limit',
          sources.clockStop,
          { key: 'acas.startedTooLate', values: { dayA: { date: dayA }, limit: { date: limit } } },
        ),
      ],
    };
  }

  const afterClockStop = addDays(limit, daysNotCounted);
  const steps = [
    step(
      afterClockStop,
      `early conciliation stops the clock: the ${plural(daysNotCounted, 'day')} from the day after Day A ` +
        `(${long(dayA)}) up to and including Day B (${long(dayB)}) are not counted — ${long(limit)} + ` +
        plural(daysNotCounted, 'day'),
      sources.clockStop,
      { key: 'acas.clockStopped', values: { count: daysNotCounted, dayA: { date: dayA }, dayB: { date: dayB }, limit: { date: limit } } },
    ),
  ];
  const inOneMonthPeriod =
    compareDates(afterClockStop, dayA) >= 0 && compareDates(afterClockStop, oneMonthAfterDayB) <= 0;
  const oneMonthValues = { date: { date: afterClockStop }, dayA: { date: dayA }, oneMonth: { date: oneMonthAfterDayB } };
  if (inOneMonthPeriod) {
    steps.push(
      step(
        oneMonthAfterDayB,
        `${long(afterClockStop)} falls between Day A (${long(dayA)}) and one month after Day B ` +
          `(${long(oneMonthAfterDayB)}), so the limit expires instead at the end of that period`,
        sources.oneMonthAfterCertificate,
        { key: 'acas.oneMonth', values: oneMonthValues },
      ),
    );
  } else {
    steps.push(
      step(
        afterClockStop,
        `${long(afterClockStop)} is later than one month after Day B (${long(oneMonthAfterDayB)}), so the ` +
          'one-month rule does not change it',
        sources.oneMonthAfterCertificate,
        { key: 'acas.oneMonthNoChange', values: oneMonthValues },
      ),
    );
  }
  return {
    limit,
    daysNotCounted,
    afterClockStop,
    oneMonthAfterDayB,
    outcome: inOneMonthPeriod ? 'one_month_after_certificate' : 'clock_stopped',
    dueDate: inOneMonthPeriod ? oneMonthAfterDayB : afterClockStop,
    steps,
  };
}

// ——— Computing a rule ———

/** The dates entered on a case or in the calculator, by trigger field. */
export type DeadlineInputs = Partial<Record<TriggerFieldId, IsoDate>>;

/**
 * A sentence as data, for the reader's language: a key of the deadlineSteps catalogue and its values. Dates stay ISO
 * and holidays, regions and trigger fields stay codes, so a view (src/deadlines/step-text.ts) words and formats them
 * with the reader's translator. Stored with a deadline's steps and alternatives (JSON columns), beside the English.
 */
export interface StepMessage {
  key: string;
  values?: Record<string, MsgValue>;
}

export type MsgValue =
  | string
  | number
  | { date: IsoDate }
  | { weekdayDate: IsoDate }
  /** A month and its year: "February 2026". */
  | { monthOf: IsoDate }
  | { holiday: { country: string; region: string | null; date: IsoDate; name: string } }
  | { place: { country: string; region: string | null } }
  | { field: TriggerFieldId; phrase?: string }
  | { msg: StepMessage }
  | { list: StepMessage[]; join: 'and' | 'semicolon' | 'comma' };

export interface ComputationStep {
  /** The date this step arrives at. */
  date: IsoDate;
  /** The description as data (see StepMessage); absent on steps stored before it existed and on ACAS steps. */
  message?: StepMessage;
  /** The step without its date and source: "3 months less one day from the last deduction on 15 March 2026". */
  description: string;
  source: string | null;
  /** The whole step on one line: "14 June 2026: 3 months less one day from … — ERA 1996 s.23(2)–(3)". */
  text: string;
}

/** A date shown beside the deadline that is NOT the deadline: the 6-month limit not yet in force, a manual's practice. */
export interface Alternative {
  date: IsoDate;
  /** The whole sentence, with the date: "If the six-month limit applies to this claim: 30 July 2026. …". */
  text: string;
  /** The sentence as data, for the reader's language; absent on alternatives stored before it existed. */
  message?: StepMessage;
}

interface ResultCommon {
  /** The rule version that was applied. */
  rule: DeadlineRule;
  /** The business-day calendar used (region, holidays), or null for a rule that never looks at business days. */
  calendar: { region: string | null; place: string; placeMessage?: StepMessage } | null;
  /** Dates to show beside the deadline, never instead of it. */
  alternatives: Alternative[];
  trigger: { field: TriggerFieldId; date: IsoDate };
  /** How the date was reached, in order; the last step's date is the result. */
  steps: ComputationStep[];
  /** Things the counsellor must act on or check: shown prominently. */
  warnings: string[];
  /** Context to show with the date (weekends, what to enter next). */
  notes: string[];
  /** The same warnings and notes as data, one for one, for the reader's language (src/deadlines/step-text.ts). */
  said: { warnings: StepMessage[]; notes: StepMessage[] };
}

export interface DeadlineDue extends ResultCommon {
  kind: 'deadline';
  /** The last day: the claim, application or renewal must be made on or before it. */
  dueDate: IsoDate;
  reminders: Reminder[];
}

/** A look-back rule sets no deadline: it says from when arrears can be recovered. */
export interface LookBack extends ResultCommon {
  kind: 'look_back';
  lookBackFrom: IsoDate;
}

export type DeadlineResult = DeadlineDue | LookBack;

export interface ComputeOptions {
  /** The contact point's date today (see todayIn); when given, a date already passed gets a warning. */
  today?: IsoDate;
  /**
   * The ISO 3166-2 region whose holidays count (the case's, else its contact point's, or the calculator's region=).
   * A rule of one region (US-CA) always uses its own; a region of another country is ignored.
   */
  region?: string | null;
  /** The contact point's own local holidays, counted by rules whose business days include local holidays. */
  localHolidays?: readonly LocalHoliday[];
  /** Count the rule's alternative period instead of its period (the calculator's `<key>=1`, e.g. `deferral=1`). */
  alternativePeriod?: boolean;
}

/** The business-day calendar of a rule for the given place, or null when the rule has none. */
export function calendarFor(rule: DeadlineRule, options: Pick<ComputeOptions, 'region' | 'localHolidays'> = {}): BusinessCalendar | null {
  const days = rule.businessDays;
  if (!days) return null;
  const country = rule.jurisdiction.country;
  const asked = options.region && options.region.startsWith(`${country}-`) ? options.region : null;
  return businessCalendar({
    country,
    region: rule.jurisdiction.region ?? asked,
    restDays: days.restDays,
    holidays: days.holidays,
    alsoClosed: days.alsoClosed,
    localHolidays: days.localHolidays ? (options.localHolidays ?? []) : [],
    source: days.source,
  });
}

/** The first business day on or after `date`, with the closed days passed on the way. */
export function nextBusinessDay(calendar: BusinessCalendar, date: IsoDate): { date: IsoDate; skipped: ClosedDay[] } {
  const skipped: ClosedDay[] = [];
  let day = date;
  for (let closed = calendar.closed(day); closed; closed = calendar.closed(day)) {
    skipped.push(closed);
    day = addDays(day, 1);
    if (skipped.length > 60) throw new RangeError(`No business day within 60 days of ${date} in ${calendar.place}`);
  }
  return { date: day, skipped };
}

/** `count` business days after `date` (that day not counted), with the closed days that were not counted. */
export function addWorkingDays(calendar: BusinessCalendar, date: IsoDate, count: number): { date: IsoDate; skipped: ClosedDay[] } {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Not a whole number of working days ≥ 1: ${count}`);
  const skipped: ClosedDay[] = [];
  let day = date;
  for (let counted = 0; counted < count; ) {
    day = addDays(day, 1);
    const closed = calendar.closed(day);
    if (closed) skipped.push(closed);
    else counted++;
  }
  return { date: day, skipped };
}

/** "Friday 5 June 2026". */
export function formatWeekdayDate(date: IsoDate): string {
  return `${dayOfWeek(date)} ${formatLongDate(date)}`;
}

/** "4 June 2026 is Corpus Christi, a public holiday in Bavaria; 5 June 2026 is a Saturday". */
function describeSkipped(skipped: readonly { date: IsoDate; reason: string }[]): string {
  return skipped.map((s) => `${formatLongDate(s.date)} is ${s.reason}`).join('; ');
}

function step(date: IsoDate, description: string, source: string | null, message?: StepMessage): ComputationStep {
  return {
    date,
    ...(message ? { message } : {}),
    description,
    source,
    text: `${formatLongDate(date)}: ${description}${source ? ` — ${source}` : ''}`,
  };
}

/** "4 June 2026 is Corpus Christi, a public holiday in Bavaria; …" as data. */
function skippedMessage(skipped: readonly { date: IsoDate; reasons?: StepMessage[] }[]): StepMessage {
  return {
    key: 'skipped.list',
    values: {
      days: {
        list: skipped.map((s) => ({ key: 'skipped.day', values: { date: { date: s.date }, reason: { list: s.reasons ?? [], join: 'and' } } })),
        join: 'semicolon',
      },
    },
  };
}

function fieldValue(field: TriggerField, rule: Pick<DeadlineRule, 'triggerLabel'>): MsgValue {
  return rule.triggerLabel ? { field: field.id, phrase: field.phrase } : { field: field.id };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The trigger dates in which a version applies, both ends inclusive; a version with no start is not yet in force. */
export function isInForce(rule: Pick<DeadlineRule, 'validFrom' | 'validTo'>, triggerDate: IsoDate): boolean {
  return (
    rule.validFrom !== null &&
    compareDates(rule.validFrom, triggerDate) <= 0 &&
    (rule.validTo === null || compareDates(triggerDate, rule.validTo) <= 0)
  );
}

/** describeWindow as data. */
function windowMessage(rule: Pick<DeadlineRule, 'validFrom' | 'validTo'>): StepMessage {
  if (rule.validFrom === null) return { key: 'window.notInForce' };
  return rule.validTo === null
    ? { key: 'window.from', values: { from: { date: rule.validFrom } } }
    : { key: 'window.between', values: { from: { date: rule.validFrom }, to: { date: rule.validTo } } };
}

function describeWindow(rule: Pick<DeadlineRule, 'validFrom' | 'validTo'>): string {
  if (rule.validFrom === null) return 'is not in force yet';
  const from = formatLongDate(rule.validFrom);
  return rule.validTo === null
    ? `applies to trigger dates from ${from}`
    : `applies to trigger dates from ${from} to ${formatLongDate(rule.validTo)}`;
}

function baseDate(
  rule: DeadlineRule,
  trigger: IsoDate,
  field: TriggerField,
  calendar: BusinessCalendar | null,
  event: MsgValue,
): { date: IsoDate; step: ComputationStep } {
  const long = formatLongDate;
  const on = { date: trigger };
  const missingMsg = (shifted: Shifted): MsgValue =>
    shifted.clamped ? { msg: { key: 'base.missingDay', values: { month: { date: shifted.date } } } } : '';
  const from = `${field.phrase} on ${long(trigger)}`;
  const source = rule.source.citation;
  const missing = (shifted: Shifted) =>
    shifted.clamped ? ` (there is no ${shifted.missingDay}, so the period ends on the last day of that month)` : '';
  const amount = rule.period?.amount ?? 0;

  switch (rule.computation) {
    case 'months_less_one_day': {
      const shifted = monthsLessOneDayDetailed(trigger, amount);
      return {
        date: shifted.date,
        step: step(shifted.date, `${amount} months less one day from ${from}${missing(shifted)}`, source, {
          key: 'base.monthsLessOneDay',
          values: { count: amount, event, on, missing: missingMsg(shifted) },
        }),
      };
    }
    case 'months':
    case 'years': {
      const unit = rule.computation === 'months' ? 'month' : 'year';
      const shifted = correspondingDate(trigger, unit === 'month' ? amount : 12 * amount);
      return {
        date: shifted.date,
        step: step(shifted.date, `${plural(amount, unit)} after ${from}${missing(shifted)}`, source, {
          key: `base.${unit}s`,
          values: { count: amount, event, on, missing: missingMsg(shifted) },
        }),
      };
    }
    case 'weeks': {
      const date = addDays(trigger, 7 * amount);
      return { date, step: step(date, `${plural(amount, 'week')} after ${from}`, source, { key: 'base.weeks', values: { count: amount, event, on, missing: '' } }) };
    }
    case 'days': {
      // "Within N days after" an event: the day of the event is not counted, day 1 is the next day.
      const date = addDays(trigger, amount);
      return { date, step: step(date, `${plural(amount, 'day')} after ${from}`, source, { key: 'base.days', values: { count: amount, event, on, missing: '' } }) };
    }
    case 'working_days': {
      if (!calendar) throw new RangeError(`${rule.id} counts working days but has no business-day calendar`);
      const counted = addWorkingDays(calendar, trigger, amount);
      const rest = calendar.spec.restDays.map((d) => `${d.charAt(0).toUpperCase()}${d.slice(1)}s`);
      const holidays = counted.skipped.filter((s) => !/^an? (Saturday|Sunday)$/.test(s.reason));
      const notCounted =
        [rest.length ? rest.join(' and ') : null, ...holidays.map((h) => `${long(h.date)} (${h.reason})`)]
          .filter(Boolean)
          .join(', ');
      return {
        date: counted.date,
        step: step(
          counted.date,
          `${plural(amount, 'working day')} after ${from}, in ${calendar.place}` +
            (notCounted ? `; not counted: ${notCounted}` : ''),
          `${source}; ${calendar.spec.source}`,
          {
            key: notCounted ? 'base.workingDaysNotCounted' : 'base.workingDays',
            values: {
              count: amount,
              event,
              on,
              place: { msg: calendar.placeMessage },
              notCounted: {
                list: [
                  ...(calendar.spec.restDays.length ? [{ key: `rest.${calendar.spec.restDays.length === 2 ? 'saturday_sunday' : calendar.spec.restDays[0]}` }] : []),
                  ...holidays.map((h) => ({ key: 'base.notCountedDay', values: { date: { date: h.date }, reason: { list: h.reasons, join: 'and' as const } } })),
                ],
                join: 'comma',
              },
            },
          },
        ),
      };
    }
    case 'reminders_before':
      return { date: trigger, step: step(trigger, `${field.phrase}: the date itself is the deadline`, source, { key: 'base.itself', values: { event } }) };
    case 'look_back': {
      const unit = rule.period?.unit ?? 'years';
      const date =
        unit === 'years'
          ? addYears(trigger, -amount)
          : unit === 'months'
            ? addMonths(trigger, -amount)
            : addDays(trigger, -amount * (unit === 'weeks' ? 7 : 1));
      return {
        date,
        step: step(
          date,
          `${plural(amount, unit.slice(0, -1))} before ${from}: the earliest date arrears can be recovered from`,
          source,
          { key: `base.lookBack.${unit}`, values: { count: amount, event, on } },
        ),
      };
    }
  }
}

/** The rule's trigger field, with the rule's own label when it has one (an administrator's rule). */
export function ruleTriggerField(rule: Pick<DeadlineRule, 'trigger' | 'triggerLabel'>): TriggerField {
  const field = triggerField(rule.trigger);
  if (!rule.triggerLabel) return field;
  // "Date the notice reached the worker" reads in a step as "14 days after the date the notice reached the worker".
  const lower = rule.triggerLabel.charAt(0).toLowerCase() + rule.triggerLabel.slice(1);
  return { ...field, label: rule.triggerLabel, phrase: /^(the|a|an|this|that|its|their|his|her) /.test(lower) ? lower : `the ${lower}` };
}

function inputDate(inputs: DeadlineInputs, field: TriggerFieldId): IsoDate | undefined {
  const value = inputs[field];
  if (value === undefined) return undefined;
  mustParse(value);
  return value;
}

/**
 * Computes one rule version from the entered dates: the date, every step that led to it (with its source), and what
 * the counsellor must know. Expects inputs checked by deadlineInputsSchema; throws RangeError on inputs it rejects.
 * The version should be the one in force on the trigger date (selectRuleVersion); any other gets a warning.
 */
export function computeDeadline(
  rule: DeadlineRule,
  inputs: DeadlineInputs,
  options: ComputeOptions = {},
): DeadlineResult {
  const long = formatLongDate;
  const field = ruleTriggerField(rule);
  const calendar = calendarFor(rule, options);
  const calendarUsed = calendar ? { region: calendar.spec.region, place: calendar.place, placeMessage: calendar.placeMessage } : null;
  const alternatives: Alternative[] = [];
  const trigger = inputDate(inputs, rule.trigger);
  if (trigger === undefined) throw new RangeError(`${rule.id} needs ${rule.trigger}`);

  const warnings: string[] = [];
  const notes: string[] = [];
  const said = { warnings: [] as StepMessage[], notes: [] as StepMessage[] };
  // Each warning and note in English and as data, pushed together so that the two lists stay one for one.
  const warn = (text: string, message: StepMessage) => void (warnings.push(text), said.warnings.push(message));
  const note = (text: string, message: StepMessage) => void (notes.push(text), said.notes.push(message));
  // The rule's own words (a status note, the weekend note): translated from the rule-text catalogue when shown.
  const own = (text: string): StepMessage => ({ key: 'ruleText', values: { text } });
  const event = fieldValue(field, rule);
  if (!isInForce(rule, trigger))
    warn(
      `Version ${rule.version} of this rule ${describeWindow(rule)}, so it does not apply to ${field.phrase} ` +
        `on ${long(trigger)}.`,
      { key: 'warning.notInForce', values: { version: rule.version, window: { msg: windowMessage(rule) }, event, date: { date: trigger } } },
    );
  if (rule.status === 'discontinued' && rule.statusNote) warn(rule.statusNote, own(rule.statusNote));
  if (rule.toVerify) warn(`To verify: ${rule.toVerify}`, { key: 'warning.toVerify', values: { text: rule.toVerify } });

  // An alternative period (us-eeoc-charge: 300 days in a deferral state) is counted exactly like the period.
  const alternative = rule.alternativePeriod;
  const useAlternative = alternative !== null && rule.period !== null && options.alternativePeriod === true;
  const counted = useAlternative ? { ...rule, period: { ...rule.period!, amount: alternative.amount } } : rule;
  if (alternative && rule.period) {
    const unit = (n: number) => plural(n, rule.period!.unit.replace(/s$/, '').replace('_', ' '));
    const units = (n: number): MsgValue => ({ msg: { key: `unit.${rule.period!.unit}`, values: { count: n } } });
    const values = { label: alternative.label, explanation: alternative.explanation };
    if (useAlternative)
      note(
        `Counted with ${unit(alternative.amount)}, not ${rule.period.amount}: “${alternative.label}” was chosen. ${alternative.explanation}`,
        { key: 'note.alternativeChosen', values: { ...values, counted: units(alternative.amount), instead: rule.period.amount } },
      );
    else
      note(
        `Counted with ${unit(rule.period.amount)}. ${alternative.explanation} To count ${unit(alternative.amount)}, choose “${alternative.label}” in the calculator.`,
        { key: 'note.alternativeOffered', values: { ...values, counted: units(rule.period.amount), other: units(alternative.amount) } },
      );
  }
  const base = baseDate(counted, trigger, field, calendar, event);
  const steps = [base.step];

  if (rule.computation === 'look_back') {
    return {
      kind: 'look_back',
      rule,
      calendar: calendarUsed,
      alternatives,
      trigger: { field: rule.trigger, date: trigger },
      lookBackFrom: base.date,
      steps,
      warnings,
      notes,
      said,
    };
  }

  let due = base.date;

  if (rule.cappedBy) {
    const capField = triggerField(rule.cappedBy);
    const cap = inputDate(inputs, rule.cappedBy);
    const capEvent: MsgValue = { field: capField.id };
    if (cap === undefined) {
      note(`If ${capField.phrase} comes before ${long(due)}, that date is the limit instead: enter it.`, {
        key: 'note.capNotEntered',
        values: { event: capEvent, date: { date: due } },
      });
    } else if (compareDates(cap, trigger) < 0) {
      throw new RangeError(`${rule.cappedBy} is before ${rule.trigger}: validate the inputs with deadlineInputsSchema`);
    } else if (compareDates(cap, due) < 0) {
      due = cap;
      steps.push(
        step(cap, `${capField.phrase} on ${long(cap)} comes first, so it is the limit`, rule.source.citation, {
          key: 'capped',
          values: { event: capEvent, date: { date: cap } },
        }),
      );
    }
  }

  if (rule.acasStopTheClock && rule.acasSources) {
    const dayA = inputDate(inputs, 'acas_day_a');
    const dayB = inputDate(inputs, 'acas_day_b');
    if (dayB !== undefined && dayA === undefined)
      throw new RangeError('Day B without Day A: validate the inputs with deadlineInputsSchema');
    if (dayA === undefined) {
      note(`Start ACAS early conciliation by ${long(due)} at the latest (ETA 1996 s.18A).`, {
        key: 'note.acasStartBy',
        values: { date: { date: due } },
      });
    } else if (compareDates(dayA, trigger) < 0) {
      // Whether conciliation begun before the event extends its limit is for a tribunal; the unextended date is safe.
      warn(
        `ACAS early conciliation started (${long(dayA)}) before ${field.phrase} (${long(trigger)}). ` +
          'Whether it extends this limit is a legal question, so the date shown is not extended — take advice.',
        { key: 'warning.acasBeforeEvent', values: { dayA: { date: dayA }, event, date: { date: trigger } } },
      );
    } else if (compareDates(dayA, due) > 0) {
      const extension = applyAcasStopTheClock(due, { dayA, dayB: dayB ?? dayA }, rule.acasSources);
      steps.push(...extension.steps);
      warn(
        `ACAS early conciliation started on ${long(dayA)}, after the limit ran out on ${long(due)}: the claim is out ` +
          'of time unless the tribunal extends time. Take advice at once.',
        { key: 'warning.acasTooLate', values: { dayA: { date: dayA }, limit: { date: due } } },
      );
    } else if (dayB === undefined) {
      note(
        `Early conciliation started on ${long(dayA)} (Day A). When the certificate arrives, enter the date (Day B): ` +
          'the limit will be extended. Until then the date shown is not extended.',
        { key: 'note.acasAwaitingCertificate', values: { dayA: { date: dayA } } },
      );
    } else {
      const extension = applyAcasStopTheClock(due, { dayA, dayB }, rule.acasSources);
      steps.push(...extension.steps);
      due = extension.dueDate;
    }
  }

  const closed = calendar?.closed(due) ?? null;
  if (calendar && closed && rule.lastDay === 'next_business_day') {
    const moved = nextBusinessDay(calendar, due);
    steps.push(
      step(moved.date, `${describeSkipped(moved.skipped)}: moved to ${formatWeekdayDate(moved.date)}`, calendar.spec.source, {
        key: 'moved',
        values: { skipped: { msg: skippedMessage(moved.skipped) }, to: { weekdayDate: moved.date } },
      }),
    );
    due = moved.date;
    note(rule.nonWorkingDays, own(rule.nonWorkingDays));
  } else {
    const weekday = dayOfWeek(due);
    const weekend = weekday === 'Saturday' || weekday === 'Sunday';
    const why = closed ? `${long(due)} is ${closed.reason}. ` : weekend ? `${long(due)} is a ${weekday}. ` : '';
    const reasons: StepMessage[] = closed ? closed.reasons : weekend ? [{ key: `closed.${weekday.toLowerCase()}` }] : [];
    note(
      `${why}${rule.nonWorkingDays}`,
      reasons.length
        ? { key: 'note.lastDayClosed', values: { date: { date: due }, reason: { list: reasons, join: 'and' }, text: rule.nonWorkingDays } }
        : own(rule.nonWorkingDays),
    );
    if (calendar && closed && rule.nextBusinessDayNote) {
      const next = nextBusinessDay(calendar, due).date;
      alternatives.push({
        date: next,
        text: `${rule.nextBusinessDayNote} ${formatWeekdayDate(next)} — not the deadline.`,
        message: { key: 'nextBusinessDay', values: { text: rule.nextBusinessDayNote, date: { weekdayDate: next } } },
      });
    }
  }
  if (rule.extension) note(rule.extension, own(rule.extension));
  if (options.today !== undefined && compareDates(due, options.today) < 0)
    warn(`${long(due)} has already passed.`, { key: 'warning.passed', values: { date: { date: due } } });

  return {
    kind: 'deadline',
    rule,
    calendar: calendarUsed,
    alternatives,
    trigger: { field: rule.trigger, date: trigger },
    dueDate: due,
    reminders: reminderDates(due, rule.remindersBefore),
    steps,
    warnings,
    notes,
    said,
  };
}

// ——— Choosing the version ———

export function ruleVersions(catalogue: readonly DeadlineRule[], ruleId: string): DeadlineRule[] {
  return catalogue.filter((r) => r.id === ruleId).sort((a, b) => a.version - b.version);
}

/** The version of `ruleId` in force for a trigger on `triggerDate`, or null when no version covers that date. */
export function selectRuleVersion(
  catalogue: readonly DeadlineRule[],
  ruleId: string,
  triggerDate: IsoDate,
): DeadlineRule | null {
  mustParse(triggerDate);
  // The catalogue schema forbids overlapping versions, so at most one matches.
  return catalogue.find((r) => r.id === ruleId && isInForce(r, triggerDate)) ?? null;
}

export type CatalogueComputation =
  | { ok: true; result: DeadlineResult }
  | { ok: false; errors: Record<string, string> };

/**
 * Validates the entered dates, picks the version in force on the trigger date, and computes it. Errors are keyed by
 * field (trigger field id, or `_form`) in plain English, ready to show next to the form fields.
 */
export function computeFromCatalogue(
  ruleId: string,
  rawInputs: Record<string, unknown>,
  {
    today,
    catalogue = RULES,
    region = null,
    localHolidays = [],
    alternativePeriod = false,
    say = inEnglish,
  }: {
    today: IsoDate;
    catalogue?: readonly DeadlineRule[];
    region?: string | null;
    localHolidays?: readonly LocalHoliday[];
    alternativePeriod?: boolean;
    /** How the errors are worded: in English unless the caller gives the reader's words. */
    say?: Say;
  },
): CatalogueComputation {
  const versions = ruleVersions(catalogue, ruleId);
  const first = versions[0];
  if (!first) return { ok: false, errors: { _form: say(`There is no deadline rule "${ruleId}".`, { key: 'input.noRule', values: { rule: ruleId } }) } };

  const parsed = deadlineInputsSchema(first, today, say).safeParse(rawInputs);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      errors[issue.path.length ? issue.path.join('.') : '_form'] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const inputs = parsed.data;
  const triggerDate = inputs[first.trigger]!;
  const rule = selectRuleVersion(catalogue, ruleId, triggerDate);
  if (!rule) {
    const recorded = versions.filter((v) => v.validFrom !== null);
    const inForce = recorded.map((v) => `version ${v.version} ${describeWindow(v)}`);
    const values = { title: first.title, event: { field: first.trigger }, date: { date: triggerDate } };
    return {
      ok: false,
      errors: {
        [first.trigger]: say(
          `No version of "${first.title}" applies to ${triggerField(first.trigger).phrase} ` +
            `on ${formatLongDate(triggerDate)}` +
            (inForce.length ? ` (${inForce.join('; ')}).` : ': the rule is not in force yet.'),
          inForce.length
            ? {
                key: 'input.noVersion',
                values: {
                  ...values,
                  versions: { list: recorded.map((v) => ({ key: 'input.versionWindow', values: { version: v.version, window: { msg: windowMessage(v) } } })), join: 'semicolon' },
                },
              }
            : { key: 'input.noVersionYet', values },
        ),
      },
    };
  }
  const result = computeDeadline(rule, inputs, { today, region, localHolidays, alternativePeriod });
  // A version recorded but not in force (the ERA 2025 six-month limits): its date beside the deadline, never instead.
  const pending = versions.filter((v) => v.validFrom === null && v.version > rule.version);
  for (const next of pending) {
    const other = computeDeadline(next, inputs, { region, localHolidays, alternativePeriod });
    if (result.kind !== 'deadline' || other.kind !== 'deadline') continue;
    const words = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
    const unit = next.period ? next.period.unit.replace(/s$/, '').replace('_', ' ') : '';
    const limit = next.period ? `${words[next.period.amount] ?? next.period.amount}-${unit}` : 'new';
    const earlier = compareDates(other.dueDate, result.dueDate) < 0 ? other.dueDate : result.dueDate;
    result.alternatives.push({
      date: other.dueDate,
      text:
        `If the ${limit} limit applies to this claim: ${formatLongDate(other.dueDate)}. ` +
        `${next.statusNote ?? `${next.title} is not in force yet.`} ` +
        `Work to the earlier date, ${formatLongDate(earlier)}.`,
      // The status note is the rule's own words (English); the rest is said in the reader's language.
      message: {
        key: next.period ? `pending.${next.period.unit}` : 'pending.other',
        values: {
          count: next.period?.amount ?? 0,
          date: { date: other.dueDate },
          note: next.statusNote ?? '',
          title: next.title,
          earlier: { date: earlier },
        },
      },
    });
  }
  return { ok: true, result };
}

// ——— Validating entered dates ———

/**
 * How a message is worded for the reader: the English sentence and the same as data. The default keeps the English;
 * a route passes its translator's words (deadlineTexts(tr).say), so that errors reach the form in the reader's language.
 */
export type Say = (english: string, message: StepMessage) => string;
export const inEnglish: Say = (english) => english;

function dateProblem(value: string, field: TriggerField, mustBePast: boolean, today: IsoDate, say: Say = inEnglish): string | null {
  const label = field.label;
  const match = ISO_DATE.exec(value);
  if (!match) return say(`${label}: "${value}" is not a date. Enter it as YYYY-MM-DD, for example 2026-03-15.`, { key: 'input.notADate', values: { label, value } });
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12)
    return say(`${label}: ${value} is not a real date — there is no month ${match[2]}.`, { key: 'input.noSuchMonth', values: { label, value, month: match[2]! } });
  if (!isIsoDate(value))
    return say(
      `${label}: ${value} is not a real date — ` + `${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days.`,
      { key: 'input.noSuchDay', values: { label, value, days: daysInMonth(year, month), month: { monthOf: `${match[1]}-${match[2]}-01` } } },
    );
  const date = { date: value };
  if (compareDates(value, EARLIEST_TRIGGER_DATE) < 0)
    return say(`${label}: ${formatLongDate(value)} is before ${formatLongDate(EARLIEST_TRIGGER_DATE)}. Check the year.`, {
      key: 'input.tooEarly',
      values: { label, date, earliest: { date: EARLIEST_TRIGGER_DATE } },
    });
  if (compareDates(value, LATEST_TRIGGER_DATE) > 0)
    return say(`${label}: ${formatLongDate(value)} is too far ahead. Check the year.`, { key: 'input.tooLate', values: { label, date } });
  if (mustBePast && compareDates(value, today) > 0)
    return say(
      `${label}: ${formatLongDate(value)} is after today (${formatLongDate(today)}). ` +
        `${capitalise(field.phrase)} must already have happened.`,
      { key: 'input.inFuture', values: { label, date, today: { date: today }, event: { field: field.id, ...(field.phrase !== triggerField(field.id).phrase ? { phrase: field.phrase } : {}) } } },
    );
  return null;
}

interface DateInputOptions {
  required: boolean;
  mustBePast: boolean;
  today: IsoDate;
  say: Say;
}

function dateInput(id: TriggerFieldId, { required, mustBePast, today, say }: DateInputOptions) {
  const field = triggerField(id);
  const label = field.label;
  const text = z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? say(`${label}: enter a date.`, { key: 'input.enterDate', values: { label } })
          : say(`${label}: enter a date as text.`, { key: 'input.notText', values: { label } }),
    })
    .trim()
    .superRefine((value, ctx) => {
      const problem = dateProblem(value, field, mustBePast, today, say);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  // An empty form field means "not entered".
  const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
  return z.preprocess(blankToUndefined, required ? text : text.optional());
}

/** The fields a form must offer for this rule: its trigger, ACAS Day A and Day B, and the date that caps it. */
export function inputFieldsFor(rule: Pick<DeadlineRule, 'trigger' | 'acasStopTheClock' | 'cappedBy'>): TriggerField[] {
  const ids: TriggerFieldId[] = [rule.trigger];
  if (rule.acasStopTheClock) ids.push('acas_day_a', 'acas_day_b');
  if (rule.cappedBy) ids.push(rule.cappedBy);
  return ids.map(triggerField);
}

/**
 * The zod schema for the dates entered for one rule, relative to `today` (the contact point's date: todayIn).
 * Keys are trigger field ids; fields the rule does not use are dropped. Every message is plain English.
 */
export function deadlineInputsSchema(
  rule: Pick<DeadlineRule, 'trigger' | 'triggerMustBePast' | 'acasStopTheClock' | 'cappedBy'>,
  today: IsoDate,
  say: Say = inEnglish,
): z.ZodType<DeadlineInputs, unknown> {
  mustParse(today);
  const shape: Record<string, z.ZodType<IsoDate | undefined, unknown>> = {
    [rule.trigger]: dateInput(rule.trigger, { required: true, mustBePast: rule.triggerMustBePast, today, say }),
  };
  if (rule.acasStopTheClock) {
    // Day A and Day B are things that happened: notification sent, certificate received.
    shape.acas_day_a = dateInput('acas_day_a', { required: false, mustBePast: true, today, say });
    shape.acas_day_b = dateInput('acas_day_b', { required: false, mustBePast: true, today, say });
  }
  if (rule.cappedBy) shape[rule.cappedBy] = dateInput(rule.cappedBy, { required: false, mustBePast: false, today, say });

  return z.object(shape).superRefine((inputs, ctx) => {
    for (const problem of crossFieldProblems(rule, inputs as DeadlineInputs, say))
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }) as z.ZodType<DeadlineInputs, unknown>;
}

/**
 * A date entered for `fieldId`, checked on its own: a message in plain English, or null when it is acceptable.
 * The case form uses it for dates that no single rule's schema covers.
 */
export function triggerDateProblem(value: string, fieldId: TriggerFieldId, mustBePast: boolean, today: IsoDate, say: Say = inEnglish): string | null {
  return dateProblem(value.trim(), triggerField(fieldId), mustBePast, today, say);
}

/**
 * Problems between the dates entered for one rule (Day B without or before Day A; a capping date before the trigger).
 * Only dates that are themselves valid are compared.
 */
export function crossFieldProblems(
  rule: Pick<DeadlineRule, 'trigger' | 'acasStopTheClock' | 'cappedBy'>,
  inputs: DeadlineInputs,
  say: Say = inEnglish,
): { field: TriggerFieldId; message: string }[] {
  const problems: { field: TriggerFieldId; message: string }[] = [];
  if (rule.acasStopTheClock) {
    const { acas_day_a: dayA, acas_day_b: dayB } = inputs;
    if (dayB !== undefined && dayA === undefined) {
      const label = triggerField('acas_day_a').label;
      problems.push({
        field: 'acas_day_a',
        message: say(`${label}: enter this date too — the certificate date (Day B) alone cannot extend the limit.`, { key: 'input.dayANeeded', values: { label } }),
      });
    }
    if (dayA !== undefined && dayB !== undefined && isIsoDate(dayA) && isIsoDate(dayB) && compareDates(dayB, dayA) < 0) {
      const label = triggerField('acas_day_b').label;
      problems.push({
        field: 'acas_day_b',
        message: say(
          `${label}: ${formatLongDate(dayB)} is before Day A (${formatLongDate(dayA)}). ` +
            'The certificate cannot come before early conciliation starts.',
          { key: 'input.dayBBeforeDayA', values: { label, dayB: { date: dayB }, dayA: { date: dayA } } },
        ),
      });
    }
  }
  const cap = rule.cappedBy === null ? undefined : inputs[rule.cappedBy];
  const trigger = inputs[rule.trigger];
  const bothValid = cap !== undefined && trigger !== undefined && isIsoDate(cap) && isIsoDate(trigger);
  if (rule.cappedBy && bothValid && compareDates(cap, trigger) < 0) {
    const label = triggerField(rule.cappedBy).label;
    problems.push({
      field: rule.cappedBy,
      message: say(
        `${label}: ${formatLongDate(cap)} is before ${triggerField(rule.trigger).phrase} (${formatLongDate(trigger)}). Check both dates.`,
        { key: 'input.capBeforeTrigger', values: { label, cap: { date: cap }, event: { field: rule.trigger }, date: { date: trigger } } },
      ),
    });
  }
  return problems;
}

// ——— Which rules apply to a case ———

/** ISO 3166-2 regions that hold others: GB-GBN (Great Britain, used by the tribunal rules) holds England, Wales, Scotland. */
const REGIONS_WITHIN: Readonly<Record<string, readonly string[]>> = {
  'GB-GBN': ['GB-ENG', 'GB-WLS', 'GB-SCT', 'GB-EAW'],
};

export interface CaseScope {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 3166-2, or null when not recorded. */
  region: string | null;
  caseTypes: readonly string[];
}

/**
 * The ids of the rules that may apply to a case, in catalogue order. A case with no region gets the rules of every
 * region of its country: proposing a deadline the counsellor dismisses is better than missing one.
 */
export function applicableRuleIds(scope: CaseScope, catalogue: readonly DeadlineRule[] = RULES): string[] {
  const ids = new Set<string>();
  for (const rule of catalogue) {
    const { country, region } = rule.jurisdiction;
    if (country !== scope.country) continue;
    const regionMatches =
      region === null ||
      scope.region === null ||
      scope.region === region ||
      (REGIONS_WITHIN[region] ?? []).includes(scope.region);
    if (regionMatches && rule.caseTypes.some((t) => scope.caseTypes.includes(t))) ids.add(rule.id);
  }
  return [...ids];
}
