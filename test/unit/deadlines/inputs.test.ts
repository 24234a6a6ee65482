import { describe, expect, it } from 'vitest';
import { deadlineInputsSchema } from '../../../src/deadlines/compute.js';
import { RULES } from '../../../src/deadlines/rules.data.js';
import type { DeadlineRule } from '../../../src/deadlines/rules.schema.js';

const TODAY = '2026-11-24';
const rule = (id: string): DeadlineRule => RULES.find((r) => r.id === id)!;

/** Field → message, as the form shows them. */
function errors(id: string, input: Record<string, unknown>): Record<string, string> {
  const result = deadlineInputsSchema(rule(id), TODAY).safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('entered dates: clear English messages', () => {
  it('a missing trigger date', () => {
    expect(errors('uk-et-wages', {})).toEqual({ last_deduction_date: 'Date of the last deduction: enter a date.' });
    expect(errors('uk-et-wages', { last_deduction_date: '  ' })).toEqual({
      last_deduction_date: 'Date of the last deduction: enter a date.',
    });
  });

  it('a date that cannot be read', () => {
    expect(errors('uk-et-wages', { last_deduction_date: '15/03/2026' })).toEqual({
      last_deduction_date: 'Date of the last deduction: "15/03/2026" is not a date. Enter it as YYYY-MM-DD, for example 2026-03-15.',
    });
    expect(errors('uk-et-wages', { last_deduction_date: 20260315 })).toEqual({
      last_deduction_date: 'Date of the last deduction: enter a date as text.',
    });
  });

  it('a date that does not exist', () => {
    expect(errors('uk-et-wages', { last_deduction_date: '2026-02-29' })).toEqual({
      last_deduction_date: 'Date of the last deduction: 2026-02-29 is not a real date — February 2026 has 28 days.',
    });
    expect(errors('uk-et-wages', { last_deduction_date: '2026-13-01' })).toEqual({
      last_deduction_date: 'Date of the last deduction: 2026-13-01 is not a real date — there is no month 13.',
    });
  });

  it('a date before 1 January 1990', () => {
    expect(errors('uk-et-unfair-dismissal', { dismissal_date: '1989-12-31' })).toEqual({
      dismissal_date: 'Date the dismissal took effect: 31 December 1989 is before 1 January 1990. Check the year.',
    });
  });

  it('a date implausibly far ahead', () => {
    expect(errors('uk-visa-expiry', { visa_expiry: '2207-01-01' })).toEqual({
      visa_expiry: 'Visa expiry date: 1 January 2207 is too far ahead. Check the year.',
    });
  });

  it('an event in the future when the rule needs one that happened', () => {
    expect(errors('uk-et-wages', { last_deduction_date: '2026-11-25' })).toEqual({
      last_deduction_date:
        'Date of the last deduction: 25 November 2026 is after today (24 November 2026). The last deduction must already have happened.',
    });
    expect(errors('uk-et-wages', { last_deduction_date: '2026-11-24' })).toEqual({});
  });

  it('an expiry date may lie ahead', () => {
    expect(errors('uk-visa-expiry', { visa_expiry: '2027-03-04' })).toEqual({});
  });

  it('Day B before Day A', () => {
    expect(
      errors('uk-et-wages', { last_deduction_date: '2026-03-15', acas_day_a: '2026-06-10', acas_day_b: '2026-06-09' }),
    ).toEqual({
      acas_day_b:
        'ACAS certificate received (Day B): 9 June 2026 is before Day A (10 June 2026). The certificate cannot come before early conciliation starts.',
    });
  });

  it('Day B without Day A', () => {
    expect(errors('uk-et-wages', { last_deduction_date: '2026-03-15', acas_day_b: '2026-06-24' })).toEqual({
      acas_day_a:
        'ACAS early conciliation started (Day A): enter this date too — the certificate date (Day B) alone cannot extend the limit.',
    });
  });

  it('ACAS dates in the future', () => {
    expect(errors('uk-et-wages', { last_deduction_date: '2026-10-15', acas_day_a: '2026-11-20', acas_day_b: '2026-12-01' })).toEqual({
      acas_day_b:
        'ACAS certificate received (Day B): 1 December 2026 is after today (24 November 2026). Day B must already have happened.',
    });
  });

  it('a visa expiry before the curtailment decision', () => {
    expect(errors('uk-sponsorship-curtailment', { sponsorship_curtailment_date: '2026-03-01', visa_expiry: '2026-02-01' })).toEqual({
      visa_expiry: 'Visa expiry date: 1 February 2026 is before the curtailment decision (1 March 2026). Check both dates.',
    });
  });

  it('reports every bad field at once, and no cross-field message about a field that is already wrong', () => {
    expect(errors('uk-et-wages', { last_deduction_date: 'yesterday', acas_day_a: '2026-06-31', acas_day_b: '2026-06-01' })).toEqual({
      last_deduction_date: 'Date of the last deduction: "yesterday" is not a date. Enter it as YYYY-MM-DD, for example 2026-03-15.',
      acas_day_a: 'ACAS early conciliation started (Day A): 2026-06-31 is not a real date — June 2026 has 30 days.',
    });
  });

  it('parses good input: blanks dropped, spaces trimmed, fields the rule does not use ignored', () => {
    const result = deadlineInputsSchema(rule('uk-et-wages'), TODAY).parse({
      last_deduction_date: ' 2026-03-15 ',
      acas_day_a: '',
      acas_day_b: '',
      visa_expiry: '2027-01-01',
    });
    expect(result).toEqual({ last_deduction_date: '2026-03-15' });
  });

  it('refuses a malformed "today" from the caller', () => {
    expect(() => deadlineInputsSchema(rule('uk-et-wages'), '24/11/2026')).toThrow(RangeError);
  });
});
