import { describe, expect, it } from 'vitest';
import { applyAcasStopTheClock, monthsLessOneDay } from '../../../src/deadlines/compute.js';

describe('ACAS stop the clock — the example deadline-rules.md pins down', () => {
  // Limit 14 June, Day A 10 June, Day B 24 June.
  const extension = applyAcasStopTheClock('2026-06-14', { dayA: '2026-06-10', dayB: '2026-06-24' });

  it('s.207B(3): the 14 days after Day A up to Day B are not counted — 14 June + 14 days = 28 June', () => {
    expect(extension.daysNotCounted).toBe(14);
    expect(extension.afterClockStop).toBe('2026-06-28');
  });

  it('s.207B(4): 28 June falls between Day A and one month after Day B, so the limit becomes 24 July', () => {
    expect(extension.oneMonthAfterDayB).toBe('2026-07-24');
    expect(extension.outcome).toBe('one_month_after_certificate');
    expect(extension.dueDate).toBe('2026-07-24');
  });

  it('explains both steps in order, each with its source', () => {
    expect(extension.steps.map((s) => [s.date, s.source])).toEqual([
      ['2026-06-28', 'ERA 1996 s.207B(3)'],
      ['2026-07-24', 'ERA 1996 s.207B(4)'],
    ]);
    expect(extension.steps[0]!.text).toContain('the 14 days from the day after Day A (10 June 2026) up to and including Day B (24 June 2026) are not counted');
  });
});

describe('ACAS stop the clock — other cases', () => {
  it('Luton BC v Haque [2018]: (3) then (4) in sequence; (4) does not cut the longer (3) date back', () => {
    // EDT 20 June 2016, Day A 22 July, Day B 22 August: primary limit 19 September, + 31 days = 20 October.
    const limit = monthsLessOneDay('2016-06-20', 3);
    expect(limit).toBe('2016-09-19');
    const extension = applyAcasStopTheClock(limit, { dayA: '2016-07-22', dayB: '2016-08-22' });
    expect(extension.afterClockStop).toBe('2016-10-20');
    expect(extension.oneMonthAfterDayB).toBe('2016-09-22');
    expect(extension.outcome).toBe('clock_stopped');
    expect(extension.dueDate).toBe('2016-10-20');
    expect(extension.steps[1]!.text).toContain('the one-month rule does not change it');
  });

  it('Day A on the last day of the limit still counts: one month after Day B', () => {
    const extension = applyAcasStopTheClock('2026-06-14', { dayA: '2026-06-14', dayB: '2026-06-14' });
    expect(extension.daysNotCounted).toBe(0);
    expect(extension.dueDate).toBe('2026-07-14');
  });

  it('Day A after the limit ran out does not revive it', () => {
    const extension = applyAcasStopTheClock('2026-06-14', { dayA: '2026-06-15', dayB: '2026-07-20' });
    expect(extension.outcome).toBe('started_too_late');
    expect(extension.afterClockStop).toBeNull();
    expect(extension.dueDate).toBe('2026-06-14');
  });

  it('one month after a Day B on 31 January is the last day of February', () => {
    expect(applyAcasStopTheClock('2027-01-20', { dayA: '2027-01-15', dayB: '2027-01-31' }).dueDate).toBe('2027-02-28');
    expect(applyAcasStopTheClock('2028-01-20', { dayA: '2028-01-15', dayB: '2028-01-31' }).dueDate).toBe('2028-02-29');
  });

  it('cites the provisions of the Act the claim is under', () => {
    const sources = { clockStop: 'EqA 2010 s.140B(3)', oneMonthAfterCertificate: 'EqA 2010 s.140B(4)' };
    const extension = applyAcasStopTheClock('2026-06-14', { dayA: '2026-06-10', dayB: '2026-06-24' }, sources);
    expect(extension.steps.map((s) => s.source)).toEqual(['EqA 2010 s.140B(3)', 'EqA 2010 s.140B(4)']);
  });

  it('refuses Day B before Day A', () => {
    expect(() => applyAcasStopTheClock('2026-06-14', { dayA: '2026-06-10', dayB: '2026-06-09' })).toThrow(RangeError);
  });
});
