/**
 * A second, deliberately plain implementation of the deadline rules, for engine-property.test.ts only.
 *
 * It is written from shared/domain/deadline-rules.md and the rule fields, NOT from src/deadlines/compute.ts or
 * holidays.ts, and imports neither: dates are JavaScript `Date.UTC` milliseconds, months are counted by hand, the
 * business-day and working-day loops step one day at a time, and holidays are read straight from date-holidays. If the
 * engine and this file agree on thousands of generated cases, the engine's day numbers, month arithmetic, calendars
 * and ordering (period → cap → ACAS → last-day move) are right, or both are wrong in the same way by accident.
 */
import Holidays from 'date-holidays';
import type { DeadlineRule } from '../../../src/deadlines/rules.schema.js';

const DAY = 86_400_000;

/** `YYYY-MM-DD` → milliseconds at 00:00 UTC that day. */
export function utc(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  if (iso(ms) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

/** Milliseconds (UTC) → `YYYY-MM-DD`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function plusDays(date: string, days: number): string {
  return iso(utc(date) + days * DAY);
}

export function daysFromTo(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY);
}

/** The last day of a month (1–12), from Date.UTC itself: day 0 of the next month. */
function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The date with the same day number `months` later (earlier if negative). When that month has no such day (31 → June,
 * 29 February → a common year) the result is the month's last day and `exists` is false.
 */
export function sameDayMonthsLater(date: string, months: number): { date: string; exists: boolean } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const last = lastDayOf(year, month);
  const day = Math.min(d, last);
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date: text, exists: d <= last };
}

/**
 * "N months beginning with" the trigger (the trigger is day one): the day before the same date N months on
 * (15 Mar → 14 Jun, 31 May → 30 Aug, 31 Oct → 30 Jan); if that date does not exist, the last day of that month
 * (30 Nov → 28 Feb, or 29 Feb in a leap year).
 */
export function monthsLessOneDay(date: string, months: number): string {
  const later = sameDayMonthsLater(date, months);
  return later.exists ? plusDays(later.date, -1) : later.date;
}

// ——— Business days, straight from date-holidays ———

const places = new Map<string, Holidays>();
const publicDays = new Map<string, Set<string>>();
let statesByCountry: Map<string, string[]> | null = null;

/** The state codes date-holidays has for a country ("BY" for DE-BY). */
function statesOf(country: string): string[] {
  statesByCountry ??= new Map();
  let states = statesByCountry.get(country);
  if (!states) {
    states = Object.keys(new Holidays().getStates(country) ?? {});
    statesByCountry.set(country, states);
  }
  return states;
}

/** The dates date-holidays lists as type "public" for a country (and state) in `year`. */
export function publicHolidayDates(country: string, state: string | null, year: number): Set<string> {
  const key = `${country}/${state ?? ''}/${year}`;
  let days = publicDays.get(key);
  if (days) return days;
  const placeKey = `${country}/${state ?? ''}`;
  let hd = places.get(placeKey);
  if (!hd) {
    // Every type is loaded and the public ones picked here (the engine asks date-holidays for public ones only).
    hd = state ? new Holidays(country, state) : new Holidays(country);
    places.set(placeKey, hd);
  }
  days = new Set(hd.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
  publicDays.set(key, days);
  return days;
}

export interface ReferenceCalendar {
  country: string;
  /** The region the calendar is for (the rule's own, else the one asked for, if of the same country), or null. */
  region: string | null;
  /** The state whose holidays count (date-holidays code), or null for the country's holidays only. */
  holidayState: string | null;
  /** 0 = Sunday … 6 = Saturday. */
  restDays: Set<number>;
  alsoClosed: Set<string>;
  local: Set<string>;
}

export interface PlaceOptions {
  region: string | null;
  localHolidays: readonly { date: string; name: string }[];
}

/** The calendar the rule says to use, for a case in `region` with the contact point's local holidays. */
export function referenceCalendar(rule: DeadlineRule, { region, localHolidays }: PlaceOptions): ReferenceCalendar | null {
  const days = rule.businessDays;
  if (days === null) return null;
  const country = rule.jurisdiction.country;
  const chosen = rule.jurisdiction.region ?? (region !== null && region.startsWith(`${country}-`) ? region : null);
  const state = chosen === null ? null : chosen.slice(country.length + 1);
  const regional = days.holidays === 'regional' && state !== null && statesOf(country).includes(state);
  return {
    country,
    region: chosen,
    holidayState: regional ? state : null,
    restDays: new Set(days.restDays.map((d) => (d === 'saturday' ? 6 : 0))),
    alsoClosed: new Set(days.alsoClosed),
    local: new Set(days.localHolidays ? localHolidays.map((h) => h.date) : []),
  };
}

export function isClosed(cal: ReferenceCalendar, date: string): boolean {
  if (cal.restDays.has(new Date(utc(date)).getUTCDay())) return true;
  if (cal.alsoClosed.has(date.slice(5)) || cal.local.has(date)) return true;
  const year = Number(date.slice(0, 4));
  // Neighbouring years too, in case a holiday observed across a year end is listed under the other year.
  return [year - 1, year, year + 1].some((y) => publicHolidayDates(cal.country, cal.holidayState, y).has(date));
}

export function firstBusinessDayFrom(cal: ReferenceCalendar, date: string): string {
  let day = date;
  for (let i = 0; isClosed(cal, day); i++) {
    if (i > 366) throw new Error(`no business day within a year of ${date}`);
    day = plusDays(day, 1);
  }
  return day;
}

export function workingDaysAfter(cal: ReferenceCalendar, date: string, count: number): string {
  let day = date;
  let counted = 0;
  while (counted < count) {
    day = plusDays(day, 1);
    if (!isClosed(cal, day)) counted++;
  }
  return day;
}

// ——— One rule ———

export interface ReferenceInputs {
  trigger: string;
  /** ACAS Day A and Day B (rules with acasStopTheClock). */
  dayA?: string;
  dayB?: string;
  /** The date that caps the limit when earlier (rules with cappedBy). */
  cap?: string;
}

export interface ReferenceResult {
  kind: 'deadline' | 'look_back';
  /** The deadline, or the look-back date. */
  date: string;
  /** The calendar's region, or undefined when the rule has no business-day calendar. */
  calendarRegion: string | null | undefined;
  /** The next business day shown beside an unmoved last day (rules with nextBusinessDayNote), else null. */
  nextBusinessDayBeside: string | null;
}

export function referenceDeadline(rule: DeadlineRule, inputs: ReferenceInputs, place: PlaceOptions): ReferenceResult {
  const cal = referenceCalendar(rule, place);
  const { trigger } = inputs;
  const n = rule.period?.amount ?? 0;
  const answer = (kind: ReferenceResult['kind'], date: string, beside: string | null = null): ReferenceResult => ({
    kind,
    date,
    calendarRegion: cal === null ? undefined : cal.region,
    nextBusinessDayBeside: beside,
  });

  let due: string;
  switch (rule.computation) {
    case 'months_less_one_day':
      due = monthsLessOneDay(trigger, n);
      break;
    case 'months':
      due = sameDayMonthsLater(trigger, n).date;
      break;
    case 'years':
      due = sameDayMonthsLater(trigger, 12 * n).date;
      break;
    case 'weeks':
      due = plusDays(trigger, 7 * n);
      break;
    case 'days':
      due = plusDays(trigger, n);
      break;
    case 'working_days':
      if (cal === null) throw new Error(`${rule.id}: working days without a calendar`);
      due = workingDaysAfter(cal, trigger, n);
      break;
    case 'reminders_before':
      due = trigger;
      break;
    case 'look_back': {
      const unit = rule.period!.unit;
      const back =
        unit === 'years'
          ? sameDayMonthsLater(trigger, -12 * n).date
          : unit === 'months'
            ? sameDayMonthsLater(trigger, -n).date
            : plusDays(trigger, -(unit === 'weeks' ? 7 : 1) * n);
      return answer('look_back', back);
    }
    default:
      throw new Error(`the reference does not know the computation ${String(rule.computation)}: add it`);
  }

  // A capping date (the visa itself ends) that comes first is the limit.
  if (rule.cappedBy !== null && inputs.cap !== undefined && inputs.cap < due) due = inputs.cap;

  // ACAS early conciliation, ERA 1996 s.207B(3) then (4). It extends a limit only when started (Day A) on or after the
  // trigger and no later than the limit, and only once the certificate date (Day B) is known: otherwise the engine
  // shows the unextended date with a note or warning, which is the safe date.
  const { dayA, dayB } = inputs;
  if (rule.acasStopTheClock && dayA !== undefined && dayB !== undefined && dayA >= trigger && dayA <= due) {
    const clockStopped = plusDays(due, daysFromTo(dayA, dayB)); // days after Day A up to and including Day B
    const monthAfterB = sameDayMonthsLater(dayB, 1).date;
    due = clockStopped >= dayA && clockStopped <= monthAfterB ? monthAfterB : clockStopped;
  }

  if (cal !== null && isClosed(cal, due)) {
    if (rule.lastDay === 'next_business_day') due = firstBusinessDayFrom(cal, due);
    else if (rule.nextBusinessDayNote !== null) return answer('deadline', due, firstBusinessDayFrom(cal, due));
  }
  return answer('deadline', due);
}
