import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  formatLongDate,
  isIsoDate,
  isLeapYear,
  monthsLessOneDay,
  reminderDates,
  todayIn,
} from '../../../src/deadlines/compute.js';

describe('"3 months less one day" — the examples deadline-rules.md pins down', () => {
  it('15 March → 14 June', () => {
    expect(monthsLessOneDay('2026-03-15', 3)).toBe('2026-06-14');
  });

  it('31 October → 30 January (of the next year)', () => {
    expect(monthsLessOneDay('2026-10-31', 3)).toBe('2027-01-30');
  });

  it('30 November → 28 February in a common year', () => {
    expect(monthsLessOneDay('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('30 November → 29 February in a leap year', () => {
    expect(monthsLessOneDay('2027-11-30', 3)).toBe('2028-02-29');
  });

  it('31 May → 30 August', () => {
    expect(monthsLessOneDay('2026-05-31', 3)).toBe('2026-08-30');
  });
});

describe('"N months less one day" at month ends and in leap years', () => {
  it.each([
    // The 1st: the day before the 1st is the last day of the previous month.
    ['2026-03-01', 3, '2026-05-31'],
    ['2026-12-01', 3, '2027-02-28'],
    ['2027-12-01', 3, '2028-02-29'],
    // Corresponding date missing in the target month: the last day of that month.
    ['2026-11-29', 3, '2027-02-28'],
    ['2027-11-29', 3, '2028-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-12-31', 3, '2027-03-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-08-30', 6, '2027-02-28'],
    ['2026-08-28', 6, '2027-02-27'],
    // A trigger on 29 February.
    ['2028-02-29', 3, '2028-05-28'],
    ['2028-02-29', 12, '2029-02-28'],
    // Across a year end and with 6 months (Employment Rights Act 2025 version).
    ['2026-03-15', 6, '2026-09-14'],
    ['2026-09-15', 6, '2027-03-14'],
    // Century leap-year rules: 2100 is not a leap year, 2000 was.
    ['2099-11-30', 3, '2100-02-28'],
    ['1999-11-30', 3, '2000-02-29'],
  ] as const)('%s + %i months less one day = %s', (trigger, months, expected) => {
    expect(monthsLessOneDay(trigger, months)).toBe(expected);
  });

  it('rejects a period of less than one month', () => {
    expect(() => monthsLessOneDay('2026-03-15', 0)).toThrow(RangeError);
  });
});

describe('calendar months and years (corresponding date rule)', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-06-24', 1, '2026-07-24'],
    ['2026-12-15', 2, '2027-02-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
  ] as const)('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 2, '2026-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2026-03-15', -6, '2020-03-15'],
    ['2026-02-28', -2, '2024-02-28'],
  ] as const)('%s + %i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('days', () => {
  it('adds and subtracts calendar days across months, years and 29 February', () => {
    expect(addDays('2026-03-01', 60)).toBe('2026-04-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('1990-01-01', 0)).toBe('1990-01-01');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-06-10', '2026-06-24')).toBe(14);
    expect(daysBetween('2026-06-24', '2026-06-10')).toBe(-14);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(compareDates('2026-06-10', '2026-06-24')).toBe(-1);
    expect(compareDates('2026-06-24', '2026-06-24')).toBe(0);
  });

  it('knows the weekday', () => {
    expect(dayOfWeek('1970-01-01')).toBe('Thursday');
    expect(dayOfWeek('2026-06-14')).toBe('Sunday');
    expect(dayOfWeek('2026-07-24')).toBe('Friday');
    expect(dayOfWeek('1989-12-31')).toBe('Sunday');
  });

  it('rejects a fractional number of days', () => {
    expect(() => addDays('2026-03-01', 1.5)).toThrow(RangeError);
  });
});

describe('parsing and formatting', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-03-15')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('15/03/2026')).toBe(false);
    expect(isIsoDate('2026-3-15')).toBe(false);
    expect(isIsoDate('2026-03-15T00:00:00Z')).toBe(false);
  });

  it('throws on a malformed date rather than computing from it', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('writes dates in long English form, whatever the server locale', () => {
    expect(formatLongDate('2026-06-14')).toBe('14 June 2026');
    expect(formatLongDate('2028-02-29')).toBe('29 February 2028');
  });

  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });

  it("finds a contact point's date from an instant and its timezone", () => {
    const instant = Date.UTC(2026, 2, 14, 23, 30); // 23:30 UTC on 14 March 2026
    expect(todayIn('Europe/London', instant)).toBe('2026-03-14');
    expect(todayIn('Australia/Sydney', instant)).toBe('2026-03-15');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-03-14');
  });
});

describe('reminders before a date', () => {
  it('gives 90, 30 and 7 days before, the earliest first', () => {
    expect(reminderDates('2027-03-04', [7, 90, 30])).toEqual([
      { daysBefore: 90, date: '2026-12-04' },
      { daysBefore: 30, date: '2027-02-02' },
      { daysBefore: 7, date: '2027-02-25' },
    ]);
  });
});
