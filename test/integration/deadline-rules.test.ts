/**
 * The calculator gives the worked examples of docs/domain/deadline-rules.md for the rules issue 13 adds, linked by URL
 * as a counsellor would bookmark them. Regional examples (AU-NSW, ES-MD, DE-BY / DE-BE) are pinned at unit level
 * (test/unit/deadlines/worked-examples.test.ts): the calculator's `region=` comes with the region work.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let counsellor: Agent;

beforeEach(async () => {
  // The test clock stands at 24 November 2026: every trigger below has happened.
  t = await createTestApp();
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

async function calculate(query: string) {
  const res = await counsellor.get(`/deadlines/calculator?${query}`);
  expect(res.statusCode, query).toBe(200);
  return { body: res.body, text: textOf(res.body) };
}

const deadlineOf = (body: string) => /<dd><time datetime="(\d{4}-\d{2}-\d{2})">/.exec(body)?.[1];

describe('the calculator with the new rules', () => {
  it.each([
    ['rule=uk-et-interim-relief&trigger=2026-04-24', '2026-05-01', '1 May 2026: 7 days after the dismissal on 24 April 2026 — ERA 1996 s.128(2)'],
    ['rule=uk-et-equal-pay&trigger=2026-01-31', '2026-07-30', '30 July 2026: 6 months less one day from the end of the employment on 31 January 2026 — EqA 2010 s.129(3)'],
    ['rule=us-eeoc-right-to-sue&trigger=2026-07-01', '2026-09-29', '29 September 2026: 90 days after receipt of the notice of right to sue on 1 July 2026'],
    ['rule=de-kschg-klage&trigger=2026-04-01', '2026-04-22', '22 April 2026: 3 weeks after receipt of the notice of dismissal on 1 April 2026 — KSchG §4 S.1'],
    ['rule=it-impugnazione-licenziamento&trigger=2026-04-01', '2026-06-01', '31 May 2026 is a Sunday: moved to Monday 1 June 2026 — c.p.c. art. 155'],
    ['rule=nl-verzoek-vernietiging-ontslag&trigger=2026-02-28', '2026-04-28', '28 April 2026: 2 months after the end of the employment on 28 February 2026 — BW 7:686a(4)(a)'],
  ])('%s → %s', async (query, due, step) => {
    const { body, text } = await calculate(query);
    expect(deadlineOf(body)).toBe(due);
    expect(text).toContain(step);
  });

  it('ie-wrc-complaint: 31 July 2026, with the reasonable-cause extension said beside it, not computed', async () => {
    const { body, text } = await calculate('rule=ie-wrc-complaint&trigger=2026-02-01');
    expect(deadlineOf(body)).toBe('2026-07-31');
    expect(text).toContain('An adjudication officer may accept a complaint up to 12 months after the contravention');
    expect(body).not.toContain('datetime="2027-01-31"');
  });

  it('us-osha-11c: Sunday 5 July 2026 is the deadline; Monday 6 July is shown beside it as not the deadline', async () => {
    const { body, text } = await calculate('rule=us-osha-11c&trigger=2026-06-05');
    expect(deadlineOf(body)).toBe('2026-07-05');
    expect(text).toContain('The next business day: Monday 6 July 2026 — not the deadline.');
  });

  it('uk-et-whistleblowing-detriment: the 3-month date is the deadline, the 6-month date beside it', async () => {
    const { body, text } = await calculate('rule=uk-et-whistleblowing-detriment&trigger=2026-03-15');
    expect(deadlineOf(body)).toBe('2026-06-14');
    expect(text).toContain('If the six-month limit applies to this claim: 14 September 2026.');
    expect(text).toContain('Work to the earlier date, 14 June 2026.');
  });

  it('us-eeoc-charge offers the deferral option and counts 180 days without it, 300 with deferral=1', async () => {
    const label = 'A state or local agency enforces a law against this discrimination (deferral state)';
    const plain = await calculate('rule=us-eeoc-charge&trigger=2026-02-02');
    expect(deadlineOf(plain.body)).toBe('2026-08-03');
    expect(plain.text).toContain('3 August 2026: 1 August 2026 is a Saturday; 2 August 2026 is a Sunday: moved to Monday 3 August 2026');
    expect(plain.text).toContain(`Counted with 180 days.`);
    expect(plain.text).toContain(label);
    expect(plain.body).toMatch(/<input type="checkbox" name="deferral" value="1" aria-describedby="f-alternative-hint">/);

    const deferral = await calculate('rule=us-eeoc-charge&trigger=2026-02-02&deferral=1');
    expect(deadlineOf(deferral.body)).toBe('2026-11-30');
    expect(deferral.text).toContain('29 November 2026: 300 days after the discriminatory act on 2 February 2026 — 42 U.S.C. §2000e-5(e)(1)');
    expect(deferral.text).toContain(`Counted with 300 days, not 180: “${label}” was chosen.`);
    expect(deferral.body).toMatch(/<input type="checkbox" name="deferral" value="1" aria-describedby="f-alternative-hint" checked>/);
    // The link to this calculation keeps the choice.
    expect(deferral.body).toContain('href="/deadlines/calculator?rule=us-eeoc-charge&amp;trigger=2026-02-02&amp;deferral=1"');
  });

  it('offers no deferral checkbox for a rule without an alternative period, and ignores deferral=1 there', async () => {
    const { body } = await calculate('rule=us-eeoc-right-to-sue&trigger=2026-07-01&deferral=1');
    expect(deadlineOf(body)).toBe('2026-09-29');
    expect(body).not.toContain('name="deferral"');
  });
});
