import { describe, expect, it } from 'vitest';
import { computeFromCatalogue, selectRuleVersion } from '../../../src/deadlines/compute.js';
import { RULES, TRIGGER_FIELDS } from '../../../src/deadlines/rules.data.js';
import {
  DeadlineRuleSchema,
  RuleCatalogueError,
  TRIGGER_FIELD_IDS,
  findVersionOverlaps,
  parseRuleCatalogue,
  windowsOverlap,
} from '../../../src/deadlines/rules.schema.js';
import type { DeadlineRule, VersionWindow } from '../../../src/deadlines/rules.schema.js';

const TODAY = '2026-11-24';

/** The catalogue as an administrator would leave it after the Employment Rights Act 2025 commences on 1 October 2026. */
function commenceEra2025(catalogue: readonly DeadlineRule[], from: string, endOld: string | null): DeadlineRule[] {
  return catalogue.map((r) => {
    if (r.id !== 'uk-et-wages') return r;
    if (r.version === 1) return { ...r, validTo: endOld };
    // As the version form does: a version in force has no status note (the note describes a law not yet in force).
    return { ...r, validFrom: from, statusNote: null };
  });
}

describe('the catalogue', () => {
  it('loads and holds every rule the product needs', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of [
      'uk-et-wages',
      'uk-et-unfair-dismissal',
      'uk-et-discrimination',
      'us-flsa',
      'us-flsa-wilful',
      'us-ca-wage-claim',
      'us-dale-renewal',
      'au-fwa-underpayment',
      'au-unfair-dismissal',
    ])
      expect(ids, id).toContain(id);
  });

  it('holds the 6-month Employment Rights Act 2025 limits as second versions, not yet in force', () => {
    for (const id of ['uk-et-wages', 'uk-et-unfair-dismissal', 'uk-et-discrimination', 'uk-et-working-time']) {
      const versions = RULES.filter((r) => r.id === id);
      expect(versions.map((v) => [v.version, v.period?.amount, v.validFrom])).toEqual([
        [1, 3, expect.any(String)],
        [2, 6, null],
      ]);
      expect(versions[1]!.source.citation).toContain('Employment Rights Act 2025 s.152');
    }
  });

  it('marks DALE as discontinued', () => {
    expect(RULES.find((r) => r.id === 'us-dale-renewal')?.status).toBe('discontinued');
  });

  it('labels every trigger field in English', () => {
    expect(TRIGGER_FIELDS.map((f) => f.id)).toEqual([...TRIGGER_FIELD_IDS]);
    for (const field of TRIGGER_FIELDS) expect(field.label.length, field.id).toBeGreaterThan(5);
    expect(TRIGGER_FIELDS.find((f) => f.id === 'acas_day_b')?.label).toBe('ACAS certificate received (Day B)');
  });

  it('is frozen, so no caller can change a rule in memory', () => {
    expect(Object.isFrozen(RULES)).toBe(true);
    expect(Object.isFrozen(RULES[0])).toBe(true);
    expect(Object.isFrozen(RULES[0]!.period)).toBe(true);
  });
});

describe('version selection by trigger date', () => {
  it('Australian unfair dismissal: 14 days up to 31 December 2012, 21 days from 1 January 2013', () => {
    expect(selectRuleVersion(RULES, 'au-unfair-dismissal', '2012-12-31')?.period).toEqual({ amount: 14, unit: 'days' });
    expect(selectRuleVersion(RULES, 'au-unfair-dismissal', '2013-01-01')?.period).toEqual({ amount: 21, unit: 'days' });
  });

  it('ACAS conciliation period: 6 weeks for Day A up to 30 November 2025, 12 weeks from 1 December 2025', () => {
    const before = computeFromCatalogue('uk-acas-ec-period', { acas_day_a: '2025-11-30' }, { today: TODAY });
    const after = computeFromCatalogue('uk-acas-ec-period', { acas_day_a: '2025-12-01' }, { today: TODAY });
    expect(before.ok && before.result.kind === 'deadline' && before.result.dueDate).toBe('2026-01-11');
    expect(after.ok && after.result.kind === 'deadline' && after.result.dueDate).toBe('2026-02-23');
  });

  it('a version with no start date is never selected', () => {
    expect(selectRuleVersion(RULES, 'uk-et-wages', '2030-01-01')?.version).toBe(1);
  });

  it('once an administrator sets the start date, triggers from that date get the 6-month limit', () => {
    const catalogue = parseRuleCatalogue(commenceEra2025(RULES, '2026-10-01', '2026-09-30'));
    expect(selectRuleVersion(catalogue, 'uk-et-wages', '2026-09-30')?.version).toBe(1);
    expect(selectRuleVersion(catalogue, 'uk-et-wages', '2026-10-01')?.version).toBe(2);

    const old = computeFromCatalogue('uk-et-wages', { last_deduction_date: '2026-09-30' }, { today: TODAY, catalogue });
    const fresh = computeFromCatalogue('uk-et-wages', { last_deduction_date: '2026-10-01' }, { today: TODAY, catalogue });
    expect(old.ok && old.result.kind === 'deadline' && old.result.dueDate).toBe('2026-12-29');
    expect(fresh.ok && fresh.result.kind === 'deadline' && fresh.result.dueDate).toBe('2027-03-31');
    expect(fresh.ok && fresh.result.steps[0]!.text).toBe(
      '31 March 2027: 6 months less one day from the last deduction on 1 October 2026 — ERA 1996 s.23(2)–(3) as ' +
        'amended by Employment Rights Act 2025 s.152, Sch.12',
    );
  });

  it('a trigger date before any version answers with a message on the trigger field', () => {
    const outcome = computeFromCatalogue('au-unfair-dismissal', { dismissal_date: '2005-05-05' }, { today: TODAY });
    expect(outcome).toEqual({
      ok: false,
      errors: {
        dismissal_date:
          'No version of "Unfair dismissal application to the Fair Work Commission (14 days)" applies to the ' +
          'dismissal on 5 May 2005 (version 1 applies to trigger dates from 1 July 2009 to 31 December 2012; ' +
          'version 2 applies to trigger dates from 1 January 2013).',
      },
    });
  });

  it('an unknown rule answers with a form message', () => {
    expect(computeFromCatalogue('xx-nothing', {}, { today: TODAY })).toEqual({
      ok: false,
      errors: { _form: 'There is no deadline rule "xx-nothing".' },
    });
  });
});

describe('the overlap check', () => {
  const w = (version: number, validFrom: string | null, validTo: string | null, id = 'uk-et-wages'): VersionWindow => ({
    id,
    version,
    validFrom,
    validTo,
  });

  it('versions that meet end to end do not overlap', () => {
    expect(windowsOverlap(w(1, '1996-08-22', '2026-09-30'), w(2, '2026-10-01', null))).toBe(false);
  });

  it('sharing a single day is an overlap: both ends are inclusive', () => {
    expect(windowsOverlap(w(1, '1996-08-22', '2026-10-01'), w(2, '2026-10-01', null))).toBe(true);
  });

  it('two open-ended versions overlap from the later start', () => {
    expect(findVersionOverlaps([w(1, '1996-08-22', null), w(2, '2026-10-01', null)])).toEqual([
      {
        ruleId: 'uk-et-wages',
        versions: [1, 2],
        message:
          'Versions 1 and 2 of uk-et-wages both apply to trigger dates from 2026-10-01 onwards. End version 1 the day ' +
          'before version 2 starts.',
      },
    ]);
  });

  it('a version inside another overlaps for its whole window', () => {
    expect(findVersionOverlaps([w(2, '2020-01-01', '2020-12-31'), w(1, '2010-01-01', null)])[0]?.message).toBe(
      'Versions 1 and 2 of uk-et-wages both apply to trigger dates from 2020-01-01 to 2020-12-31. End version 1 the day ' +
        'before version 2 starts.',
    );
  });

  it('a version not yet in force overlaps nothing; different rules never overlap', () => {
    expect(findVersionOverlaps([w(1, '1996-08-22', null), w(2, null, null)])).toEqual([]);
    expect(findVersionOverlaps([w(1, '1996-08-22', null), w(1, '1996-08-22', null, 'uk-et-unfair-dismissal')])).toEqual([]);
  });

  it('the shipped catalogue has no overlaps', () => {
    expect(findVersionOverlaps(RULES)).toEqual([]);
  });

  it('the catalogue refuses to load when an administrator starts a version without ending the previous one', () => {
    const broken = commenceEra2025(RULES, '2026-10-01', null);
    expect(() => parseRuleCatalogue(broken)).toThrow(RuleCatalogueError);
    try {
      parseRuleCatalogue(broken);
    } catch (error) {
      expect((error as RuleCatalogueError).issues).toEqual([
        'uk-et-wages v2 validFrom: Versions 1 and 2 of uk-et-wages both apply to trigger dates from 2026-10-01 ' +
          'onwards. End version 1 the day before version 2 starts.',
      ]);
    }
  });
});

describe('the rule schema', () => {
  const base = RULES.find((r) => r.id === 'uk-et-wages' && r.version === 1)!;
  const messages = (candidate: unknown) => {
    const result = DeadlineRuleSchema.safeParse(candidate);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a shipped rule', () => {
    expect(messages(base)).toEqual([]);
  });

  it('refuses an end date before the start date, and an end date on a version not yet in force', () => {
    expect(messages({ ...base, validFrom: '2020-01-01', validTo: '2019-12-31' })).toEqual([
      'validTo: The end date is before the start date.',
    ]);
    expect(messages({ ...base, validFrom: null, validTo: '2030-01-01' })).toEqual([
      'validTo: A version that is not yet in force (no start date) cannot have an end date.',
    ]);
  });

  it('refuses impossible dates, unknown case types and unknown trigger fields', () => {
    expect(messages({ ...base, validFrom: '2026-02-30' })).toEqual(['validFrom: Use a real calendar date in the form YYYY-MM-DD.']);
    expect(messages({ ...base, caseTypes: ['wage_theft', 'tax'] })[0]).toMatch(/^caseTypes\.1: /);
    expect(messages({ ...base, trigger: 'payday' })[0]).toMatch(/^trigger: /);
  });

  it('keeps the computation kind and the period unit consistent', () => {
    expect(messages({ ...base, period: { amount: 3, unit: 'days' } })).toEqual([
      'period.unit: A months_less_one_day rule counts in months, not days.',
    ]);
    expect(messages({ ...base, computation: 'reminders_before', remindersBefore: [7] })).toEqual([
      'period: A reminders_before rule takes no period.',
    ]);
  });

  it('allows ACAS stop-the-clock only with its sources and only in Great Britain', () => {
    expect(messages({ ...base, acasSources: null })).toEqual([
      'acasSources: Cite the stop-the-clock provisions exactly when ACAS stop-the-clock applies.',
    ]);
    expect(messages({ ...base, jurisdiction: { country: 'US', region: null } })).toEqual([
      'acasStopTheClock: ACAS stop-the-clock applies only in Great Britain.',
    ]);
  });

  it('requires a note on a discontinued rule', () => {
    expect(messages({ ...base, status: 'discontinued' })).toEqual([
      'statusNote: A discontinued rule needs a note saying why.',
    ]);
  });

  it('keeps a status note only on a discontinued rule or a version not yet in force', () => {
    expect(messages({ ...base, statusNote: 'In force.' })).toEqual([
      'statusNote: Only a discontinued rule, or a version not yet in force, has a status note.',
    ]);
    expect(messages({ ...base, validFrom: null, statusNote: 'Not in force yet.' })).toEqual([]);
  });

  it('the catalogue refuses two versions with the same number, or versions with different triggers', () => {
    const v2 = RULES.find((r) => r.id === 'uk-et-wages' && r.version === 2)!;
    expect(() => parseRuleCatalogue([base, { ...v2, version: 1 }])).toThrow(/Version 1 of uk-et-wages appears twice/);
    expect(() => parseRuleCatalogue([base, { ...v2, trigger: 'dismissal_date' }])).toThrow(
      /Every version of uk-et-wages must use the same trigger \(last_deduction_date\)/,
    );
  });
});
