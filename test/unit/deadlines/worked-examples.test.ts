/**
 * The worked examples of docs/domain/deadline-rules.md (issue 13), one example per other new rule worked out by hand
 * from the statute (the working is in a comment above each), and the steps a counsellor reads for each.
 */
import { describe, expect, it } from 'vitest';
import { computeFromCatalogue, dayOfWeek, formatLongDate, type DeadlineResult } from '../../../src/deadlines/compute.js';
import type { LocalHoliday } from '../../../src/deadlines/holidays.js';
import { RULES } from '../../../src/deadlines/rules.data.js';
import { DeadlineRuleSchema, type DeadlineRuleInput } from '../../../src/deadlines/rules.schema.js';

/** A fixed "today" after every trigger below (the spec's status date is 6 December 2026). */
const TODAY = '2026-12-07';

interface Options {
  region?: string;
  alternativePeriod?: boolean;
  localHolidays?: LocalHoliday[];
  today?: string;
}

function compute(ruleId: string, inputs: Record<string, string>, options: Options = {}): DeadlineResult & { kind: 'deadline' } {
  const computed = computeFromCatalogue(ruleId, inputs, { today: TODAY, ...options });
  if (!computed.ok) throw new Error(`${ruleId}: ${JSON.stringify(computed.errors)}`);
  if (computed.result.kind !== 'deadline') throw new Error(`${ruleId} is not a deadline rule`);
  return computed.result;
}

const stepTexts = (r: DeadlineResult) => r.steps.map((s) => s.text);
const alternativeDates = (r: DeadlineResult) => r.alternatives.map((a) => a.date);

const NEW_RULE_IDS = [
  'uk-et-interim-relief',
  'uk-et-whistleblowing-detriment',
  'uk-et-protective-award',
  'uk-et-breach-of-contract',
  'uk-et-redundancy-pay',
  'uk-et-equal-pay',
  'us-eeoc-charge',
  'us-eeoc-right-to-sue',
  'us-nlrb-charge',
  'us-osha-11c',
  'us-ny-wage',
  'us-ca-retaliation',
  'au-general-protections-dismissal',
  'ie-wrc-complaint',
  'de-kschg-klage',
  'de-agg-geltendmachung',
  'es-despido',
  'es-reclamacion-salarios',
  'it-impugnazione-licenziamento',
  'it-deposito-ricorso',
  'fr-contestation-licenciement',
  'fr-rappel-salaires',
  'nl-verzoek-vernietiging-ontslag',
];

describe('the rules issue 13 adds', () => {
  it('are all in the catalogue, with the ids calculator links and stored deadlines use', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of NEW_RULE_IDS) expect(ids, id).toContain(id);
  });

  it('explain themselves in the language of their country as well as in English', () => {
    const language: Record<string, string> = { DE: 'de', ES: 'es', IT: 'it', FR: 'fr', NL: 'nl' };
    for (const rule of RULES.filter((r) => NEW_RULE_IDS.includes(r.id))) {
      expect(rule.explanation.length, rule.id).toBeGreaterThan(100);
      const lang = language[rule.jurisdiction.country];
      if (lang) expect(rule.explanations[lang as 'de']?.length ?? 0, rule.id).toBeGreaterThan(100);
    }
  });

  it('cite only official sources they link to, or no link', () => {
    const official = [
      'www.legislation.gov.uk',
      'www.law.cornell.edu',
      'www.nysenate.gov',
      'leginfo.legislature.ca.gov',
      'www.irishstatutebook.ie',
      'www.gesetze-im-internet.de',
      'www.boe.es',
      'www.normattiva.it',
      'www.legifrance.gouv.fr',
      'wetten.overheid.nl',
    ];
    for (const rule of RULES.filter((r) => NEW_RULE_IDS.includes(r.id))) {
      expect(rule.source.citation.length, rule.id).toBeGreaterThan(5);
      if (rule.source.url !== null) expect(official, `${rule.id}: ${rule.source.url}`).toContain(new URL(rule.source.url).host);
    }
  });

  it('are regional only where the law is one region’s', () => {
    const regional = RULES.filter((r) => NEW_RULE_IDS.includes(r.id) && r.jurisdiction.region !== null && r.jurisdiction.country !== 'GB');
    expect([...new Set(regional.map((r) => `${r.id} ${r.jurisdiction.region}`))]).toEqual(['us-ny-wage US-NY', 'us-ca-retaliation US-CA']);
  });
});

describe('worked examples of deadline-rules.md', () => {
  it('uk-et-equal-pay: last day of employment 31 January 2026 → 30 July 2026, with no 6-month alternative (already 6 months)', () => {
    const r = compute('uk-et-equal-pay', { employment_end_date: '2026-01-31' });
    expect(r.dueDate).toBe('2026-07-30');
    expect(stepTexts(r)).toEqual(['30 July 2026: 6 months less one day from the end of the employment on 31 January 2026 — EqA 2010 s.129(3)']);
    expect(r.alternatives).toEqual([]);
    expect(r.notes).toContain('Start ACAS early conciliation by 30 July 2026 at the latest (ETA 1996 s.18A).');
  });

  it('uk-et-interim-relief: effective date of termination 24 April 2026 → 1 May 2026, with no ACAS extension', () => {
    const r = compute('uk-et-interim-relief', { dismissal_date: '2026-04-24' });
    expect(r.dueDate).toBe('2026-05-01');
    expect(stepTexts(r)).toEqual(['1 May 2026: 7 days after the dismissal on 24 April 2026 — ERA 1996 s.128(2); TULRCA 1992 s.161(2)']);
    expect(r.alternatives).toEqual([]);
    expect(r.rule.acasStopTheClock).toBe(false);
    expect(r.notes.join(' ')).not.toContain('ACAS');
    // Day A and Day B are not even read.
    const withAcas = compute('uk-et-interim-relief', { dismissal_date: '2026-04-24', acas_day_a: '2026-04-25', acas_day_b: '2026-05-20' });
    expect(withAcas.dueDate).toBe('2026-05-01');
  });

  it('us-eeoc-charge: act on 2 February 2026 → 180 days, Saturday 1 August → Monday 3 August 2026', () => {
    const r = compute('us-eeoc-charge', { discrimination_act_date: '2026-02-02' });
    expect(r.dueDate).toBe('2026-08-03');
    expect(stepTexts(r)).toEqual([
      '1 August 2026: 180 days after the discriminatory act on 2 February 2026 — 42 U.S.C. §2000e-5(e)(1)',
      '3 August 2026: 1 August 2026 is a Saturday; 2 August 2026 is a Sunday: moved to Monday 3 August 2026 — EEOC time-limits guidance; FRCP 6(a)(1)(C)',
    ]);
    expect(r.notes[0]).toMatch(/^Counted with 180 days\. The limit is 300 days where a state or local/);
    expect(r.notes[0]).toContain('To count 300 days, choose “A state or local agency enforces a law against this discrimination (deferral state)” in the calculator.');
  });

  it('us-eeoc-charge with deferral: 300 days, Sunday 29 November → Monday 30 November 2026, and says which period was used', () => {
    const r = compute('us-eeoc-charge', { discrimination_act_date: '2026-02-02' }, { alternativePeriod: true });
    expect(r.dueDate).toBe('2026-11-30');
    expect(stepTexts(r)).toEqual([
      '29 November 2026: 300 days after the discriminatory act on 2 February 2026 — 42 U.S.C. §2000e-5(e)(1)',
      '30 November 2026: 29 November 2026 is a Sunday: moved to Monday 30 November 2026 — EEOC time-limits guidance; FRCP 6(a)(1)(C)',
    ]);
    expect(r.notes[0]).toMatch(/^Counted with 300 days, not 180: “A state or local agency enforces a law against this discrimination \(deferral state\)” was chosen\./);
  });

  it('us-osha-11c: retaliation on 5 June 2026 → Sunday 5 July 2026; Monday 6 July is shown beside it, not as the deadline', () => {
    const r = compute('us-osha-11c', { retaliation_date: '2026-06-05' });
    expect(r.dueDate).toBe('2026-07-05');
    expect(dayOfWeek(r.dueDate)).toBe('Sunday');
    expect(stepTexts(r)).toEqual(['5 July 2026: 30 days after the retaliation on 5 June 2026 — 29 U.S.C. §660(c)(2) (OSH Act §11(c)(2)); 29 CFR 1977.15(d)']);
    expect(r.alternatives).toEqual([
      {
        date: '2026-07-06',
        text:
          "OSHA's Whistleblower Investigations Manual is reported to accept a complaint on the next business day when the 30th " +
          'day is a weekend or federal holiday, but the regulation has no such rule. The next business day: Monday 6 July 2026 — not the deadline.',
        // The same sentence as data, for a reader of another language: the rule's note and the day.
        message: { key: 'nextBusinessDay', values: { text: expect.stringMatching(/^OSHA's Whistleblower .* The next business day:$/), date: { weekdayDate: '2026-07-06' } } },
      },
    ]);
    expect(r.notes).toContain('5 July 2026 is a Sunday. Not moved: the regulation has no rule for a last day on a weekend or holiday (29 CFR 1977.15(d)). File by this date.');
  });

  it('us-eeoc-right-to-sue: notice received 1 July 2026 → Tuesday 29 September 2026', () => {
    const r = compute('us-eeoc-right-to-sue', { right_to_sue_received: '2026-07-01' });
    expect(r.dueDate).toBe('2026-09-29');
    expect(stepTexts(r)).toEqual(['29 September 2026: 90 days after receipt of the notice of right to sue on 1 July 2026 — 42 U.S.C. §2000e-5(f)(1)']);
  });

  it('au-general-protections-dismissal: dismissal 5 December 2026 in New South Wales → Tuesday 29 December 2026, past Boxing Day and its substitute', () => {
    const r = compute('au-general-protections-dismissal', { dismissal_date: '2026-12-05' }, { region: 'AU-NSW' });
    expect(r.dueDate).toBe('2026-12-29');
    expect(r.calendar).toMatchObject({ region: 'AU-NSW', place: 'New South Wales (AU-NSW)' });
    expect(stepTexts(r)).toEqual([
      '26 December 2026: 21 days after the dismissal on 5 December 2026 — Fair Work Act 2009 (Cth) s.366(1)(a)',
      '29 December 2026: 26 December 2026 is a Saturday and Boxing Day, a public holiday in New South Wales; 27 December 2026 is a Sunday; ' +
        '28 December 2026 is Boxing Day (substitute day), a public holiday in New South Wales: moved to Tuesday 29 December 2026 — Acts Interpretation Act 1901 (Cth) s.36(2)',
    ]);
    expect(r.notes).toContain('The Commission may allow a further period only in exceptional circumstances (s.366(1)(b), (2)) — never plan on that.');
  });

  it('de-kschg-klage: notice received Wednesday 1 April 2026 → Wednesday 22 April 2026', () => {
    const r = compute('de-kschg-klage', { dismissal_notice_received: '2026-04-01' });
    expect(r.dueDate).toBe('2026-04-22');
    expect(stepTexts(r)).toEqual(['22 April 2026: 3 weeks after receipt of the notice of dismissal on 1 April 2026 — KSchG §4 S.1; BGB §§187(1), 188(2)']);
    expect(r.rule.explanations.de).toContain('innerhalb von drei Wochen nach Zugang der schriftlichen Kündigung');
  });

  it('es-despido: dismissal Friday 2 October 2026 in Madrid → Tuesday 3 November 2026; 12 October and 2 November not counted', () => {
    const r = compute('es-despido', { dismissal_date: '2026-10-02' }, { region: 'ES-MD' });
    expect(r.dueDate).toBe('2026-11-03');
    expect(stepTexts(r)).toHaveLength(1);
    const step = stepTexts(r)[0]!;
    expect(step).toMatch(/^3 November 2026: 20 working days after the dismissal on 2 October 2026, in Community of Madrid \(ES-MD\); not counted: Saturdays and Sundays, /);
    expect(step).toContain('12 October 2026 (Fiesta Nacional de España, a public holiday in Community of Madrid)');
    expect(step).toContain("2 November 2026 (All Saints' Day (substitute day), a public holiday in Community of Madrid)");
    expect(r.rule.explanation).toContain('August does count for dismissal claims');
    expect(r.rule.explanation).toContain('the request suspends the count');
    expect(r.rule.explanation).toContain('The suspension is not computed here');
    expect(r.rule.explanations.es).toContain('agosto sí cuenta');
  });

  it('it-impugnazione-licenziamento: received 1 April 2026 → Sunday 31 May → Monday 1 June 2026', () => {
    const r = compute('it-impugnazione-licenziamento', { dismissal_notice_received: '2026-04-01' });
    expect(r.dueDate).toBe('2026-06-01');
    expect(stepTexts(r)).toEqual([
      '31 May 2026: 60 days after receipt of the notice of dismissal on 1 April 2026 — L. 604/1966 art. 6(1)',
      '1 June 2026: 31 May 2026 is a Sunday: moved to Monday 1 June 2026 — c.p.c. art. 155; c.c. art. 2963',
    ]);
  });

  it('ie-wrc-complaint: contravention 1 February 2026 → 31 July 2026; the 12-month extension is said, never computed', () => {
    const r = compute('ie-wrc-complaint', { contravention_date: '2026-02-01' });
    expect(r.dueDate).toBe('2026-07-31');
    expect(stepTexts(r)).toEqual(['31 July 2026: 6 months less one day from the contravention on 1 February 2026 — Workplace Relations Act 2015 s.41(6), (8)']);
    expect(r.notes).toContain(
      'An adjudication officer may accept a complaint up to 12 months after the contravention if the delay was due to reasonable cause (s.41(8)). ' +
        'That is decided case by case, afterwards: it is never the deadline.',
    );
    expect(r.alternatives).toEqual([]);
  });

  it('nl-verzoek-vernietiging-ontslag: contract ended 28 February 2026 → 28 April 2026', () => {
    const r = compute('nl-verzoek-vernietiging-ontslag', { employment_end_date: '2026-02-28' });
    expect(r.dueDate).toBe('2026-04-28');
    expect(stepTexts(r)).toEqual(['28 April 2026: 2 months after the end of the employment on 28 February 2026 — BW 7:686a(4)(a)']);
  });
});

describe('a Bavarian and a Berlin desk: the same dismissal received on 14 May 2026', () => {
  it('Bavaria: Thursday 4 June 2026 is Corpus Christi, so Friday 5 June 2026', () => {
    const r = compute('de-kschg-klage', { dismissal_notice_received: '2026-05-14' }, { region: 'DE-BY' });
    expect(r.dueDate).toBe('2026-06-05');
    expect(r.calendar).toMatchObject({ region: 'DE-BY', place: 'Bavaria (DE-BY)' });
    expect(stepTexts(r)).toEqual([
      '4 June 2026: 3 weeks after receipt of the notice of dismissal on 14 May 2026 — KSchG §4 S.1; BGB §§187(1), 188(2)',
      '5 June 2026: 4 June 2026 is Corpus Christi, a public holiday in Bavaria: moved to Friday 5 June 2026 — BGB §193',
    ]);
  });

  it('Berlin: Corpus Christi is a working day there, so Thursday 4 June 2026', () => {
    const r = compute('de-kschg-klage', { dismissal_notice_received: '2026-05-14' }, { region: 'DE-BE' });
    expect(r.dueDate).toBe('2026-06-04');
    expect(r.calendar).toMatchObject({ region: 'DE-BE', place: 'Berlin (DE-BE)' });
    expect(stepTexts(r)).toEqual(['4 June 2026: 3 weeks after receipt of the notice of dismissal on 14 May 2026 — KSchG §4 S.1; BGB §§187(1), 188(2)']);
  });

  it('without a region, says that only nationwide holidays were counted', () => {
    const r = compute('de-kschg-klage', { dismissal_notice_received: '2026-05-14' });
    expect(r.dueDate).toBe('2026-06-04');
    expect(r.calendar?.place).toBe('Germany (nationwide holidays only: no region chosen)');
    expect(r.notes.join(' ')).toContain('without a region, only nationwide holidays are counted');
  });
});

describe('the UK tribunal rules: the 6-month limit beside the 3-month deadline, not instead of it', () => {
  it.each([
    // 15 Mar 2026: "3 months beginning with" → 14 Jun 2026 (a Sunday, not moved); 6 months → 14 Sep 2026.
    ['uk-et-whistleblowing-detriment', { retaliation_date: '2026-03-15' }, '2026-06-14', '2026-09-14'],
    // 30 Nov 2025 + 3 months: there is no 30 Feb 2026, so the last day of February, 28 Feb 2026; 6 months → 29 May 2026.
    ['uk-et-protective-award', { last_dismissal_date: '2025-11-30' }, '2026-02-28', '2026-05-29'],
    // 31 May 2026 + 3 months → 30 Aug 2026 (a Sunday); 6 months: no 31 Nov, so 30 Nov 2026.
    ['uk-et-breach-of-contract', { dismissal_date: '2026-05-31' }, '2026-08-30', '2026-11-30'],
  ])('%s', (ruleId, inputs, threeMonths, sixMonths) => {
    const r = compute(ruleId, inputs);
    expect(r.dueDate).toBe(threeMonths);
    expect(r.rule.version).toBe(1);
    expect(alternativeDates(r)).toEqual([sixMonths]);
    expect(r.alternatives[0]!.text).toMatch(
      new RegExp(`^If the six-month limit applies to this claim: ${formatLongDate(sixMonths)}\\. Status of the law: the Employment Rights Act 2025 s\\.152 raises this limit to 6 months, .* the 3-month date is the deadline\\. Work to the earlier date`),
    );
    expect(r.alternatives[0]!.text).toMatch(/Work to the earlier date, \d+ \w+ 20\d\d\.$/);
    expect(r.notes.some((n) => n.includes('not reasonably practicable'))).toBe(true);
  });

  it.each(['uk-et-interim-relief', 'uk-et-redundancy-pay', 'uk-et-equal-pay'])('%s has no pending 6-month version', (ruleId) => {
    expect(RULES.filter((r) => r.id === ruleId).map((r) => r.version)).toEqual([1]);
  });
});

describe('one example per other new rule, worked out by hand from the statute', () => {
  it('uk-et-redundancy-pay: relevant date 15 March 2026 → 14 September 2026', () => {
    // ERA s.164(1): "before the end of the period of six months beginning with the relevant date": 15 Mar + 6 months
    // less one day = 14 Sep 2026. The tribunal's just-and-equitable extension (s.164(2)) is said, not computed.
    const r = compute('uk-et-redundancy-pay', { redundancy_relevant_date: '2026-03-15' });
    expect(r.dueDate).toBe('2026-09-14');
    expect(stepTexts(r)).toEqual(['14 September 2026: 6 months less one day from the relevant date on 15 March 2026 — ERA 1996 s.164(1)–(2)']);
    expect(r.notes.join(' ')).toContain('(ERA 1996 s.164(2)) — never plan on that');
  });

  it('uk-et-breach-of-contract with ACAS: the clock stops under art. 8B of the Order, not the ERA', () => {
    // EDT 31 May 2026 → 30 Aug 2026. Day A 10 Aug, Day B 24 Aug: art. 8B(3) adds 14 days → 13 Sep 2026, which falls
    // between Day A and one month after Day B (24 Sep 2026), so art. 8B(4) gives 24 Sep 2026.
    const r = compute('uk-et-breach-of-contract', { dismissal_date: '2026-05-31', acas_day_a: '2026-08-10', acas_day_b: '2026-08-24' });
    expect(r.dueDate).toBe('2026-09-24');
    expect(r.steps.map((s) => s.source)).toEqual([
      'Employment Tribunals Extension of Jurisdiction Order 1994 art. 7 (SI 1994/1623; Scotland: SI 1994/1624)',
      'ETEJO 1994 art. 8B(3)',
      'ETEJO 1994 art. 8B(4)',
    ]);
  });

  it('uk-et-protective-award with ACAS: TULRCA s.292A', () => {
    // 28 Feb 2026 limit; Day A 10 Feb, Day B 24 Feb: + 14 days → 14 Mar 2026, within Day A..24 Mar → 24 Mar 2026.
    const r = compute('uk-et-protective-award', { last_dismissal_date: '2025-11-30', acas_day_a: '2026-02-10', acas_day_b: '2026-02-24' });
    expect(r.dueDate).toBe('2026-03-24');
    expect(r.steps.map((s) => s.source).slice(1)).toEqual(['TULRCA 1992 s.292A(3)', 'TULRCA 1992 s.292A(4)']);
  });

  it('us-nlrb-charge: unfair labor practice 4 January 2026 → Monday 6 July 2026', () => {
    // NLRA §10(b): 6 months; NLRB Rules §102.2(a): the day of the act excluded → 4 Jul 2026, a Saturday and
    // Independence Day; 5 Jul is a Sunday → Monday 6 Jul 2026.
    const r = compute('us-nlrb-charge', { unfair_labour_practice_date: '2026-01-04' });
    expect(r.dueDate).toBe('2026-07-06');
    expect(stepTexts(r)[1]).toBe(
      '6 July 2026: 4 July 2026 is a Saturday and Independence Day, a public holiday in United States; 5 July 2026 is a Sunday: ' +
        'moved to Monday 6 July 2026 — NLRB Rules and Regulations, 29 CFR §102.2(a)',
    );
    expect(r.rule.explanation).toContain('filed with the National Labor Relations Board and served on the employer');
  });

  it('us-ny-wage: pay day 12 February 2020 → Friday 13 February 2026 (Lincoln’s Birthday is a New York holiday)', () => {
    // Labor Law §198(3): 6 years → 12 Feb 2026, a Thursday that is Lincoln's Birthday, a public holiday in New York
    // (General Construction Law §24) → §25-a: next business day, Friday 13 Feb 2026. Federal rules would not move it.
    const r = compute('us-ny-wage', { wages_due_date: '2020-02-12' });
    expect(r.dueDate).toBe('2026-02-13');
    expect(r.calendar).toMatchObject({ region: 'US-NY', place: 'New York (US-NY)' });
    expect(stepTexts(r)[1]).toBe(
      "13 February 2026: 12 February 2026 is Lincoln's Birthday, a public holiday in New York: moved to Friday 13 February 2026 — N.Y. General Construction Law §25-a",
    );
    // A New York rule always counts New York's holidays, whatever region is asked for.
    expect(compute('us-ny-wage', { wages_due_date: '2020-02-12' }, { region: 'US-CA' }).dueDate).toBe('2026-02-13');
  });

  it('us-ca-retaliation: 6 months for retaliation up to 31 December 2020, 1 year from 1 January 2021', () => {
    // v1: 31 Dec 2020 + 6 months: no 31 Jun, so 30 Jun 2021 (a Wednesday).
    const before = compute('us-ca-retaliation', { retaliation_date: '2020-12-31' });
    expect([before.rule.version, before.dueDate]).toEqual([1, '2021-06-30']);
    // v2: 1 Jan 2021 + 1 year → Saturday 1 Jan 2022 (New Year's Day); Sunday 2 Jan → Monday 3 Jan 2022 (CCP §12a).
    const after = compute('us-ca-retaliation', { retaliation_date: '2021-01-01' });
    expect([after.rule.version, after.dueDate]).toEqual([2, '2022-01-03']);
    expect(stepTexts(after)).toEqual([
      '1 January 2022: 1 year after the retaliation on 1 January 2021 — Cal. Lab. Code §98.7(a)(1) as amended by AB 1947 (Stats. 2020, ch. 344)',
      "3 January 2022: 1 January 2022 is a Saturday and New Year's Day, a public holiday in California; 2 January 2022 is a Sunday: moved to Monday 3 January 2022 — Cal. Code Civ. Proc. §§12, 12a",
    ]);
  });

  it('au-general-protections-dismissal before 2013: 60 days', () => {
    // s.366(1)(a) as first enacted: 60 days after 1 Nov 2012 → Monday 31 Dec 2012 (no holiday).
    const r = compute('au-general-protections-dismissal', { dismissal_date: '2012-11-01' });
    expect([r.rule.version, r.dueDate]).toEqual([1, '2012-12-31']);
  });

  it('de-agg-geltendmachung: learnt on 31 December 2025 → Monday 2 March 2026', () => {
    // AGG §15(4) with BGB §§187(1), 188(2)–(3): 2 months → no 31 Feb, so 28 Feb 2026, a Saturday; 1 Mar a Sunday;
    // BGB §193 → Monday 2 Mar 2026.
    const r = compute('de-agg-geltendmachung', { discrimination_learnt_date: '2025-12-31' }, { region: 'DE-BE' });
    expect(r.dueDate).toBe('2026-03-02');
    expect(stepTexts(r)).toEqual([
      '28 February 2026: 2 months after learning of the discrimination on 31 December 2025 (there is no 31 February 2026, so the period ends on the last day of that month) — AGG §15(4); ArbGG §61b(1)',
      '2 March 2026: 28 February 2026 is a Saturday; 1 March 2026 is a Sunday: moved to Monday 2 March 2026 — BGB §193',
    ]);
    expect(r.rule.explanation).toContain('within 3 months after the written claim (ArbGG §61b)');
  });

  it('es-despido over Christmas: 24 and 31 December are not counted', () => {
    // Dismissal Tue 1 Dec 2026, Madrid. Working days: 2, 3, 4 Dec (3); 7 Dec (Constitution Day moved from Sunday 6,
    // in Madrid) and 8 Dec (Immaculate Conception) closed; 9–11 (6); 14–18 (11); 21–23 (14); 24 closed (LOPJ 182);
    // 25 Christmas; 28–30 (17); 31 closed; 1 Jan holiday; 4, 5 Jan (19); 6 Jan Epiphany; 7 Jan (20) → Thu 7 Jan 2027.
    const r = compute('es-despido', { dismissal_date: '2026-12-01' }, { region: 'ES-MD', today: '2027-02-01' });
    expect(r.dueDate).toBe('2027-01-07');
    expect(stepTexts(r)[0]).toContain('24 December 2026 (not a working day under LOPJ art. 182.1; LRJS art. 43.4)');
    expect(stepTexts(r)[0]).toContain('31 December 2026 (not a working day under LOPJ art. 182.1; LRJS art. 43.4)');
  });

  it('es-despido in August: August counts', () => {
    // Dismissal Fri 31 Jul 2026: 3–7 Aug (5), 10–14 (10), 17–21 (15; 15 Aug, Assumption, is a Saturday), 24–28 (20)
    // → Fri 28 Aug 2026.
    expect(compute('es-despido', { dismissal_date: '2026-07-31' }, { region: 'ES-MD' }).dueDate).toBe('2026-08-28');
  });

  it("es-despido counts the contact point's local holidays (the court's town)", () => {
    // Dismissal Fri 9 Oct 2026, Madrid: 12 Oct closed; 13–16 (4); 19–23 (9); 26–30 (14); 2 Nov closed; 3–6 (18);
    // 9 Nov (La Almudena, Madrid's local holiday) closed; 10 (19); 11 (20) → Wed 11 Nov 2026. Without it: Tue 10 Nov.
    const almudena = [{ date: '2026-11-09', name: 'Nuestra Señora de la Almudena' }];
    const withLocal = compute('es-despido', { dismissal_date: '2026-10-09' }, { region: 'ES-MD', localHolidays: almudena });
    expect(withLocal.dueDate).toBe('2026-11-11');
    expect(stepTexts(withLocal)[0]).toContain('9 November 2026 (Nuestra Señora de la Almudena, a local holiday of the contact point)');
    expect(compute('es-despido', { dismissal_date: '2026-10-09' }, { region: 'ES-MD' }).dueDate).toBe('2026-11-10');
  });

  it('es-reclamacion-salarios: pay day 31 January 2026 → Sunday 31 January 2027, not moved', () => {
    // ET art. 59.2: one year from the day the payment could be demanded, date to date (C.c. art. 5) → 31 Jan 2027.
    const r = compute('es-reclamacion-salarios', { wages_due_date: '2026-01-31' });
    expect(r.dueDate).toBe('2027-01-31');
    expect(r.calendar).toBeNull();
    expect(r.notes).toContain('31 January 2027 is a Sunday. Not moved: the year runs date to date (Código Civil art. 5), holidays included.');
  });

  it('it-deposito-ricorso: challenge sent 11 June 2026 → 8 December (Immaculate Conception) → Wednesday 9 December 2026', () => {
    // L. 604/1966 art. 6(2): 180 days, the sending day excluded: 19 (to 30 Jun) + 31 + 31 + 30 + 31 + 30 = 172 to
    // 30 Nov, + 8 = 8 Dec 2026, a national holiday (c.p.c. art. 155) → Wed 9 Dec 2026.
    const r = compute('it-deposito-ricorso', { written_challenge_date: '2026-06-11' });
    expect(r.dueDate).toBe('2026-12-09');
    expect(stepTexts(r)[1]).toBe(
      '9 December 2026: 8 December 2026 is Immaculate Conception, a public holiday in Italy: moved to Wednesday 9 December 2026 — c.p.c. art. 155; c.c. art. 2963',
    );
  });

  it('Italy: a last day on a Saturday stays the deadline, and says why', () => {
    // it-impugnazione: received 31 Mar 2026 + 60 days = Sat 30 May 2026; it-deposito: sent 1 Jun 2026 + 180 days =
    // Sat 28 Nov 2026. Neither moves.
    const challenge = compute('it-impugnazione-licenziamento', { dismissal_notice_received: '2026-03-31' });
    expect(challenge.dueDate).toBe('2026-05-30');
    expect(challenge.steps).toHaveLength(1);
    expect(challenge.notes).toContain(
      '30 May 2026 is a Saturday. A last day on a Sunday or a national public holiday moves to the next day that is neither (c.p.c. art. 155; ' +
        'c.c. art. 2963). A last day on a Saturday is shown as the deadline, not moved: whether a Saturday moves it is unsettled, so act by the Saturday.',
    );
    expect(compute('it-deposito-ricorso', { written_challenge_date: '2026-06-01' }).dueDate).toBe('2026-11-28');
  });

  it('fr-contestation-licenciement: letter received 1 May 2026 → Saturday 1 May 2027 (Labour Day), not moved', () => {
    // L.1471-1 al. 2 with C. civ. 2228–2229: 12 months, the day of receipt excluded → 1 May 2027; prescription is not
    // extended to the next working day (Cass. 2e civ., 7 Apr 2016).
    const r = compute('fr-contestation-licenciement', { dismissal_notice_received: '2026-05-01' });
    expect(r.dueDate).toBe('2027-05-01');
    expect(r.notes[0]).toMatch(/^1 May 2027 is a Saturday\. Not moved, even when the last day is a Saturday, Sunday or public holiday/);
    expect(r.rule.explanations.fr).toContain('dans les 12 mois');
  });

  it('fr-contestation-licenciement does not apply to a dismissal before the 2017 reform', () => {
    const computed = computeFromCatalogue('fr-contestation-licenciement', { dismissal_notice_received: '2016-05-01' }, { today: TODAY });
    expect(computed.ok).toBe(false);
    if (!computed.ok) expect(computed.errors.dismissal_notice_received).toContain('version 1 applies to trigger dates from 24 September 2017');
  });

  it('fr-rappel-salaires: pay day 31 January 2024 → Sunday 31 January 2027, not moved', () => {
    // L.3245-1: 3 years from the day the worker knew (the pay day) → 31 Jan 2027.
    const r = compute('fr-rappel-salaires', { wages_due_date: '2024-01-31' });
    expect(r.dueDate).toBe('2027-01-31');
    expect(r.steps).toHaveLength(1);
  });

  it('nl-verzoek-vernietiging-ontslag: contract ended 5 March 2026 → 5 May (Bevrijdingsdag) → Wednesday 6 May 2026', () => {
    // BW 7:686a(4)(a): 2 months after the day → 5 May 2026, a recognised holiday (Atw art. 3) → Wed 6 May 2026.
    const r = compute('nl-verzoek-vernietiging-ontslag', { employment_end_date: '2026-03-05' });
    expect(r.dueDate).toBe('2026-05-06');
    expect(stepTexts(r)[1]).toBe('6 May 2026: 5 May 2026 is not a working day under Algemene termijnenwet arts. 1, 3: moved to Wednesday 6 May 2026 — Algemene termijnenwet arts. 1, 3');
  });
});

describe('an alternative period (the deferral option of us-eeoc-charge)', () => {
  const base: DeadlineRuleInput = {
    ...RULES.find((r) => r.id === 'us-eeoc-charge')!,
    explanations: {},
  };

  it('is offered only by us-eeoc-charge in the catalogue', () => {
    expect(RULES.filter((r) => r.alternativePeriod !== null).map((r) => [r.id, r.alternativePeriod!.key, r.alternativePeriod!.amount])).toEqual([
      ['us-eeoc-charge', 'deferral', 300],
    ]);
  });

  it('is ignored by a rule without one', () => {
    expect(compute('us-eeoc-right-to-sue', { right_to_sue_received: '2026-07-01' }, { alternativePeriod: true }).dueDate).toBe('2026-09-29');
  });

  it.each([
    [{ key: 'trigger' }, 'The calculator already uses this name.'],
    [{ key: 'Deferral' }, 'Write the key in lower-case letters, e.g. deferral.'],
    [{ amount: 180 }, 'The alternative period must differ from the period.'],
  ])('is refused with %j', (change, message) => {
    const parsed = DeadlineRuleSchema.safeParse({ ...base, alternativePeriod: { ...base.alternativePeriod!, ...change } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toContain(message);
  });

  it('needs a rule with a time limit', () => {
    const parsed = DeadlineRuleSchema.safeParse({ ...base, period: null, computation: 'reminders_before', remindersBefore: [30], lastDay: 'none', businessDays: null });
    expect(parsed.error?.issues.map((i) => i.message)).toContain('Only a rule with a time limit can have an alternative period.');
  });
});
