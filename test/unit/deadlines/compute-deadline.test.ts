import { describe, expect, it } from 'vitest';
import { applicableRuleIds, computeDeadline, computeFromCatalogue, inputFieldsFor } from '../../../src/deadlines/compute.js';
import type { DeadlineDue, DeadlineResult } from '../../../src/deadlines/compute.js';
import { RULES } from '../../../src/deadlines/rules.data.js';
import type { DeadlineRule } from '../../../src/deadlines/rules.schema.js';

const TODAY = '2026-11-24';

function rule(id: string, version = 1): DeadlineRule {
  const found = RULES.find((r) => r.id === id && r.version === version);
  if (!found) throw new Error(`no ${id} v${version}`);
  return found;
}

function due(result: DeadlineResult): DeadlineDue {
  if (result.kind !== 'deadline') throw new Error(`expected a deadline, got ${result.kind}`);
  return result;
}

describe('the calculator example: uk-et-wages, trigger 2026-03-15, Day A 2026-06-10, Day B 2026-06-24', () => {
  const outcome = computeFromCatalogue(
    'uk-et-wages',
    { last_deduction_date: '2026-03-15', acas_day_a: '2026-06-10', acas_day_b: '2026-06-24' },
    { today: TODAY },
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const result = due(outcome.result);

  it('gives 24 July 2026, the date marked up as <time datetime="2026-07-24">', () => {
    expect(result.dueDate).toBe('2026-07-24');
  });

  it('shows how: 3 months less one day, then s.207B(3), then s.207B(4)', () => {
    expect(result.steps.map((s) => s.text)).toEqual([
      '14 June 2026: 3 months less one day from the last deduction on 15 March 2026 — ERA 1996 s.23(2)–(3)',
      '28 June 2026: early conciliation stops the clock: the 14 days from the day after Day A (10 June 2026) up to ' +
        'and including Day B (24 June 2026) are not counted — 14 June 2026 + 14 days — ERA 1996 s.207B(3)',
      '24 July 2026: 28 June 2026 falls between Day A (10 June 2026) and one month after Day B (24 July 2026), so ' +
        'the limit expires instead at the end of that period — ERA 1996 s.207B(4)',
    ]);
    expect(result.steps.at(-1)!.date).toBe(result.dueDate);
  });

  it('uses the version in force and shows the 6-month date beside it, not instead of it', () => {
    expect(result.rule.version).toBe(1);
    expect(due(result).dueDate).toBe('2026-07-24');
    // 6 months less one day: 14 September; the clock stops for 14 days: 28 September, later than 24 July + 1 month.
    expect(result.alternatives).toHaveLength(1);
    expect(result.alternatives[0]!.date).toBe('2026-09-28');
    expect(result.alternatives[0]!.text).toMatch(/^If the six-month limit applies to this claim: 28 September 2026\. Status of the law: .* commencement was not confirmed .* the 3-month date is the deadline\. Work to the earlier date, 24 July 2026\.$/);
  });

  it('warns that the date has passed when today is later', () => {
    expect(result.warnings).toContain('24 July 2026 has already passed.');
  });
});

describe('tribunal limits are not moved off weekends — and say so', () => {
  it('14 June 2026 is a Sunday: the limit stays and the note says why', () => {
    const result = due(computeDeadline(rule('uk-et-wages'), { last_deduction_date: '2026-03-15' }));
    expect(result.dueDate).toBe('2026-06-14');
    expect(result.notes).toContain(
      '14 June 2026 is a Sunday. Not moved when the last day is a weekend or public holiday: a tribunal claim can be presented online on any day.',
    );
  });

  it('a weekday limit still carries the rule', () => {
    const result = due(computeDeadline(rule('uk-et-unfair-dismissal'), { dismissal_date: '2026-03-16' }));
    expect(result.dueDate).toBe('2026-06-15');
    expect(result.notes).toContain(
      'Not moved when the last day is a weekend or public holiday: a tribunal claim can be presented online on any day.',
    );
  });
});

describe('computeDeadline for each kind of rule', () => {
  it('month-end triggers in the explanation: 30 November has no 30 February', () => {
    const result = due(computeDeadline(rule('uk-et-discrimination'), { discrimination_act_date: '2026-11-30' }));
    expect(result.dueDate).toBe('2027-02-28');
    expect(result.steps[0]!.text).toBe(
      '28 February 2027: 3 months less one day from the discriminatory act on 30 November 2026 (there is no ' +
        '30 February 2027, so the period ends on the last day of that month) — EqA 2010 s.123(1)(a)',
    );
  });

  it('the discrimination claim cites the Equality Act stop-the-clock provisions', () => {
    const result = due(
      computeDeadline(rule('uk-et-discrimination'), {
        discrimination_act_date: '2026-03-15',
        acas_day_a: '2026-06-10',
        acas_day_b: '2026-06-24',
      }),
    );
    expect(result.dueDate).toBe('2026-07-24');
    expect(result.steps.map((s) => s.source)).toEqual(['EqA 2010 s.123(1)(a)', 'EqA 2010 s.140B(3)', 'EqA 2010 s.140B(4)']);
  });

  it('the working time claim cites WTR reg.30B', () => {
    const result = due(
      computeDeadline(rule('uk-et-working-time'), {
        working_time_breach_date: '2026-03-15',
        acas_day_a: '2026-06-10',
        acas_day_b: '2026-06-24',
      }),
    );
    expect(result.steps.map((s) => s.source).slice(1)).toEqual(['WTR 1998 reg.30B(2)', 'WTR 1998 reg.30B(3)']);
  });

  it('without ACAS dates, tells the counsellor to start early conciliation by the limit', () => {
    const result = due(computeDeadline(rule('uk-et-wages'), { last_deduction_date: '2026-03-15' }));
    expect(result.notes).toContain('Start ACAS early conciliation by 14 June 2026 at the latest (ETA 1996 s.18A).');
  });

  it('with Day A but no certificate yet, shows the unextended date and asks for Day B', () => {
    const result = due(computeDeadline(rule('uk-et-wages'), { last_deduction_date: '2026-03-15', acas_day_a: '2026-06-10' }));
    expect(result.dueDate).toBe('2026-06-14');
    expect(result.notes.some((n) => n.startsWith('Early conciliation started on 10 June 2026 (Day A).'))).toBe(true);
  });

  it('with Day A after the limit, keeps the limit and warns that the claim is out of time', () => {
    const result = due(
      computeDeadline(rule('uk-et-wages'), {
        last_deduction_date: '2026-03-15',
        acas_day_a: '2026-06-15',
        acas_day_b: '2026-07-01',
      }),
    );
    expect(result.dueDate).toBe('2026-06-14');
    expect(result.warnings.some((w) => w.includes('after the limit ran out on 14 June 2026'))).toBe(true);
  });

  it('with Day A before the trigger, does not extend and warns', () => {
    const result = due(
      computeDeadline(rule('uk-et-unfair-dismissal'), {
        dismissal_date: '2026-03-15',
        acas_day_a: '2026-03-01',
        acas_day_b: '2026-04-01',
      }),
    );
    expect(result.dueDate).toBe('2026-06-14');
    expect(result.warnings.some((w) => w.includes('before the dismissal (15 March 2026)'))).toBe(true);
  });

  it('sponsorship curtailment: 60 calendar days from service, or the visa expiry if earlier', () => {
    const r = rule('uk-sponsorship-curtailment');
    const plain = due(computeDeadline(r, { sponsorship_curtailment_date: '2026-03-01' }));
    expect(plain.dueDate).toBe('2026-04-30');
    expect(plain.notes).toContain('If the visa expiry comes before 30 April 2026, that date is the limit instead: enter it.');

    const capped = due(computeDeadline(r, { sponsorship_curtailment_date: '2026-03-01', visa_expiry: '2026-04-10' }));
    expect(capped.dueDate).toBe('2026-04-10');
    expect(capped.steps.at(-1)!.text).toBe(
      "10 April 2026: the visa expiry on 10 April 2026 comes first, so it is the limit — GOV.UK 'Employees: if your " +
        "visa sponsor loses their licence'; practitioner guidance (Turpin Miller, Davidson Morris)",
    );

    const later = due(computeDeadline(r, { sponsorship_curtailment_date: '2026-03-01', visa_expiry: '2027-01-01' }));
    expect(later.dueDate).toBe('2026-04-30');
  });

  it('visa expiry: the date itself, with reminders 90, 30 and 7 days before', () => {
    const result = due(computeDeadline(rule('uk-visa-expiry'), { visa_expiry: '2027-03-04' }));
    expect(result.dueDate).toBe('2027-03-04');
    expect(result.reminders).toEqual([
      { daysBefore: 90, date: '2026-12-04' },
      { daysBefore: 30, date: '2027-02-02' },
      { daysBefore: 7, date: '2027-02-25' },
    ]);
  });

  it('NMW: a 6-year look-back, not a deadline', () => {
    const result = computeDeadline(rule('uk-nmw-lookback'), { nmw_underpayment_notice_date: '2026-03-15' });
    expect(result.kind).toBe('look_back');
    if (result.kind === 'look_back') expect(result.lookBackFrom).toBe('2020-03-15');
    expect(result.steps[0]!.text).toContain('6 years before the notice of underpayment on 15 March 2026');
  });

  it('FLSA: 2 years after the pay day, 3 if wilful; 29 February has no anniversary in 2026', () => {
    // 15 March 2026 is a Sunday: FRCP 6(a)(1)(C) carries it to Monday 16 March.
    const flsa = due(computeDeadline(rule('us-flsa'), { wages_due_date: '2024-03-15' }));
    expect(flsa.dueDate).toBe('2026-03-16');
    expect(flsa.steps[1]!.text).toBe('16 March 2026: 15 March 2026 is a Sunday: moved to Monday 16 March 2026 — FRCP 6(a)(1)(C), 6(a)(6)');
    expect(due(computeDeadline(rule('us-flsa-wilful'), { wages_due_date: '2024-03-15' })).dueDate).toBe('2027-03-15');
    const leap = due(computeDeadline(rule('us-flsa'), { wages_due_date: '2024-02-29' }));
    expect(leap.steps[0]!.date).toBe('2026-02-28');
    expect(leap.steps[0]!.description).toContain('there is no 29 February 2026');
    // Saturday 28 February 2026, then Sunday 1 March: Monday 2 March.
    expect(leap.dueDate).toBe('2026-03-02');
  });

  it('California: 3 years after the wages were due', () => {
    expect(due(computeDeadline(rule('us-ca-wage-claim'), { wages_due_date: '2025-01-31' })).dueDate).toBe('2028-01-31');
  });

  it('DALE renewal: 2 years, reminders 180 and 90 days before, and the discontinuation is shown', () => {
    const result = due(computeDeadline(rule('us-dale-renewal'), { deferred_action_granted: '2024-03-01' }));
    expect(result.dueDate).toBe('2026-03-01');
    expect(result.reminders).toEqual([
      { daysBefore: 180, date: '2025-09-02' },
      { daysBefore: 90, date: '2025-12-01' },
    ]);
    expect(result.warnings.some((w) => w.includes('no longer takes new requests'))).toBe(true);
    expect(result.warnings.some((w) => w.startsWith('To verify:') && w.includes('4 years'))).toBe(true);
  });

  it('Australia: 6 years for an underpayment; 21 days after the dismissal, the dismissal day not counted', () => {
    expect(due(computeDeadline(rule('au-fwa-underpayment'), { wages_due_date: '2026-03-15' })).dueDate).toBe('2032-03-15');
    const dismissal = due(computeDeadline(rule('au-unfair-dismissal', 2), { dismissal_date: '2026-03-01' }));
    // Day 21 is Sunday 22 March: lodged on Monday 23 March (Acts Interpretation Act 1901 s.36(2)).
    expect(dismissal.dueDate).toBe('2026-03-23');
    expect(dismissal.steps[0]!.description).toBe('21 days after the dismissal on 1 March 2026');
    expect(dismissal.steps[1]!.description).toBe('22 March 2026 is a Sunday: moved to Monday 23 March 2026');
  });

  it('Australia: sponsored visa holders have 180 days after leaving the sponsor', () => {
    const result = due(computeDeadline(rule('au-sponsored-visa-employment-end'), { sponsored_employment_end_date: '2026-03-01' }));
    expect(result.dueDate).toBe('2026-08-28');
    expect(result.warnings.some((w) => w.startsWith('To verify:'))).toBe(true);
  });

  it('warns when given a version that is not in force for the trigger date', () => {
    const result = computeDeadline(rule('uk-et-wages', 2), { last_deduction_date: '2026-03-15' });
    expect(due(result).dueDate).toBe('2026-09-14');
    expect(result.warnings[0]).toBe(
      'Version 2 of this rule is not in force yet, so it does not apply to the last deduction on 15 March 2026.',
    );
  });

  it('throws on inputs that validation would have refused', () => {
    expect(() => computeDeadline(rule('uk-et-wages'), {})).toThrow(RangeError);
    expect(() => computeDeadline(rule('uk-et-wages'), { last_deduction_date: '2026-02-30' })).toThrow(RangeError);
    expect(() =>
      computeDeadline(rule('uk-et-wages'), { last_deduction_date: '2026-03-15', acas_day_b: '2026-06-24' }),
    ).toThrow(RangeError);
    expect(() =>
      computeDeadline(rule('uk-sponsorship-curtailment'), { sponsorship_curtailment_date: '2026-03-01', visa_expiry: '2026-02-01' }),
    ).toThrow(RangeError);
  });
});

describe('which rules a case gets, and which fields the form shows', () => {
  it('a wage case in England gets the GB tribunal rules, not the US ones', () => {
    const ids = applicableRuleIds({ country: 'GB', region: 'GB-ENG', caseTypes: ['unlawful_deductions'] });
    expect(ids).toEqual(['uk-et-wages', 'uk-acas-ec-period']);
  });

  it('a Northern Ireland case does not get the Great Britain tribunal rules', () => {
    const ids = applicableRuleIds({ country: 'GB', region: 'GB-NIR', caseTypes: ['unlawful_deductions', 'minimum_wage'] });
    expect(ids).toEqual(['uk-nmw-lookback']);
  });

  it('California rules apply only in California, New York rules only in New York; federal rules everywhere in the US', () => {
    expect(applicableRuleIds({ country: 'US', region: 'US-CA', caseTypes: ['wage_theft'] })).toEqual([
      'us-flsa',
      'us-flsa-wilful',
      'us-ca-wage-claim',
    ]);
    expect(applicableRuleIds({ country: 'US', region: 'US-NY', caseTypes: ['wage_theft'] })).toEqual(['us-flsa', 'us-flsa-wilful', 'us-ny-wage']);
    expect(applicableRuleIds({ country: 'US', region: 'US-TX', caseTypes: ['wage_theft'] })).toEqual(['us-flsa', 'us-flsa-wilful']);
  });

  it('the form for a tribunal rule asks for the trigger and both ACAS days; sponsorship asks for the visa expiry', () => {
    expect(inputFieldsFor(rule('uk-et-wages')).map((f) => f.id)).toEqual(['last_deduction_date', 'acas_day_a', 'acas_day_b']);
    expect(inputFieldsFor(rule('uk-sponsorship-curtailment')).map((f) => f.id)).toEqual([
      'sponsorship_curtailment_date',
      'visa_expiry',
    ]);
  });
});

