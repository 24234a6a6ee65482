import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { deadlines, ruleVersionChanges } from '../../src/deadlines/deadlines.table.js';
import { digestItems } from '../../src/deadlines/reminders.service.js';
import { effectiveCatalogue, uncheckedVersions } from '../../src/deadlines/rules.service.js';
import { anonymiseCaseContent } from '../../src/retention/retention.repo.js';
import { createTestApp, formOnPage, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';
import { AUSTRIAN_RULE_FORM, AUSTRIAN_RULE_ID } from '../helpers/rule-forms.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let admin: Agent;
let counsellor: Agent;

beforeEach(async () => {
  // The clock stands at 2026-11-24T10:00:00Z.
  t = await createTestApp();
  d = demo(t.db);
  admin = await signIn(t.app, 'admin@demo.test');
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const RULE_ID = AUSTRIAN_RULE_ID;

const AUSTRIA = AUSTRIAN_RULE_FORM;

const changes = () => t.db.select().from(ruleVersionChanges).all();
const ruleAudits = () => t.db.select().from(auditLog).where(eq(auditLog.targetType, 'deadline_rule')).all();
const deadlinesOf = (caseId: number) => t.db.select().from(deadlines).where(eq(deadlines.caseId, caseId)).all();

async function addAustrianRule(over: Record<string, string | string[]> = {}) {
  await admin.get('/admin/rules/new');
  const res = await admin.post('/admin/rules', { ...AUSTRIA, ...over });
  expect(res.statusCode).toBe(303);
  return res;
}

function austrianCase() {
  return makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'AT', caseTypes: ['dismissal_retaliation'] }, t.clock.now());
}

describe('an administrator adds a rule', () => {
  it('offers the form with the administrator as checker, today, and saves the rule as an added version, audited by field name', async () => {
    const form = await admin.get('/admin/rules/new');
    expect(form.statusCode).toBe(200);
    const typed = formOnPage(form.body, '/admin/rules');
    expect(typed).toMatchObject({ lastCheckedOn: '2026-11-24', lastCheckedBy: 'Tom Becker', restDays: ['saturday', 'sunday'], holidays: 'national', status: 'active' });
    expect(textOf(form.body)).toContain('Austria (AT)');

    const res = await addAustrianRule();
    expect(res.headers.location).toBe(`/admin/rules/${RULE_ID}?notice=ruleCreated`);
    const show = textOf((await admin.get(res.headers.location as string)).body);
    expect(show).toContain('Rule added. Counsellors can use it now');
    expect(show).toContain('Version 1: Labour court challenge of a dismissal (ArbVG §105)');
    expect(show).toContain('Last checked on 24 November 2026 by Tom Becker.');
    expect(show).toContain('Explanation in German Eine Kündigung kann binnen 14 Tagen');

    const [row] = changes();
    expect(row).toMatchObject({ ruleId: RULE_ID, version: 1, added: true, createdBy: d.admin.id });
    expect(row!.rule).toMatchObject({
      jurisdiction: { country: 'AT', region: null },
      caseTypes: ['dismissal_retaliation'],
      trigger: 'dismissal_notice_received',
      triggerLabel: 'Date the notice of dismissal reached the worker',
      period: { amount: 14, unit: 'days' },
      computation: 'days',
      lastDay: 'next_business_day',
      businessDays: { restDays: ['saturday', 'sunday'], holidays: 'national', alsoClosed: [], localHolidays: false, source: 'ABGB §903' },
      remindersBefore: [7, 2],
      explanations: { de: AUSTRIA.explanation_de },
      lastChecked: { on: '2026-11-24', by: 'Tom Becker' },
      acasStopTheClock: false,
      acasSources: null,
      triggerMustBePast: true,
    });
    const [audit] = ruleAudits();
    expect(audit).toMatchObject({ userId: d.admin.id, action: 'create', targetId: `${RULE_ID}@1` });
    expect(audit!.fields).toEqual(expect.arrayContaining(['title', 'period', 'lastDay', 'businessDays', 'explanations', 'lastChecked', 'source']));
    // Field names only: nothing typed reaches the audit log.
    expect(JSON.stringify(audit)).not.toContain('ArbVG');

    // The list shows it, in force and checked today: not flagged.
    const list = await admin.get('/admin/rules');
    const line = /<li>[^]*?<\/li>/.exec(list.body.slice(list.body.indexOf(`/admin/rules/${RULE_ID}`)))![0];
    expect(textOf(line)).toContain('14 days');
    expect(textOf(line)).not.toMatch(/checked/i);

    // The same id again is refused.
    const again = await admin.post('/admin/rules', AUSTRIA);
    expect(again.statusCode).toBe(422);
    expect(textOf(again.body)).toContain('There is already a rule with this id');
    expect(changes()).toHaveLength(1);
  });

  const bad: [string, Record<string, string | string[]>, string][] = [
    ['id', { id: 'Austria 105' }, 'A rule id is a country code and words joined by hyphens, e.g. uk-et-wages.'],
    ['id', { id: 'uk-et-wages' }, 'There is already a rule with this id: choose another, or add a version to that rule.'],
    ['title', { title: '  ' }, 'Fill this in.'],
    ['country', { country: 'XX' }, 'Choose a country from the list.'],
    ['region', { region: 'DE-BY' }, 'Choose a region of the chosen country, or the whole country.'],
    ['caseTypes', { caseTypes: [] }, 'Choose at least one case type.'],
    ['caseTypes', { caseTypes: ['nonsense'] }, 'Choose a value from the list.'],
    ['trigger', { trigger: 'birthday' }, 'Choose the date the period runs from.'],
    ['periodAmount', { periodAmount: '0' }, 'Enter a whole number from 1 to 1000.'],
    ['periodAmount', { periodAmount: '' }, 'Enter the period: a whole number from 1 to 1000.'],
    ['periodAmount', { computation: 'reminders_before' }, 'The date itself is the deadline: leave the period empty.'],
    ['periodUnit', { periodUnit: 'months' }, 'Days after the trigger are counted in days: choose days.'],
    ['periodUnit', { periodUnit: '' }, 'Choose the unit of the period.'],
    ['computation', { computation: '' }, 'Choose how the period is counted.'],
    ['remindersBefore', { remindersBefore: '7, soon' }, 'Enter whole numbers of days from 1 to 3660, separated by commas, e.g. 30, 7.'],
    ['remindersBefore', { remindersBefore: '7, 7' }, 'Each reminder lead time appears once.'],
    ['lastDay', { lastDay: '' }, 'Choose what happens when the last day is not a business day.'],
    ['businessDaysSource', { businessDaysSource: '' }, 'Cite the law on counting days and moving last days.'],
    ['alsoClosed', { alsoClosed: '24/12' }, 'Write a closed day as MM-DD, e.g. 12-24.'],
    ['nonWorkingDays', { nonWorkingDays: '' }, 'Fill this in.'],
    ['acasStopTheClock', { acasStopTheClock: 'on', acasClockStop: 'ERA 1996 s.207B(3)', acasOneMonth: 'ERA 1996 s.207B(4)' }, 'ACAS stop-the-clock applies only in Great Britain.'],
    ['acasClockStop', { acasStopTheClock: 'on' }, 'Cite the provision: ACAS stop-the-clock needs both.'],
    ['citation', { citation: '' }, 'Fill this in.'],
    ['url', { url: 'ris.bka.gv.at' }, 'Use a full web address (https://…).'],
    ['explanation', { explanation: '' }, 'Fill this in.'],
    ['validTo', { validTo: '1989-12-31' }, 'This date is before 1990. Check the year.'],
    ['validTo', { validFrom: '2026-01-01', validTo: '2025-12-31' }, 'The end date is before the start date.'],
    ['validTo', { validFrom: '', validTo: '2030-01-01' }, 'A version that is not yet in force (no start date) cannot have an end date.'],
    ['statusNote', { status: 'discontinued' }, 'Say why the rule is discontinued: the note is shown with every date computed from it.'],
    ['lastCheckedOn', { lastCheckedOn: '2026-11-25' }, 'The check cannot be dated after today.'],
    ['lastCheckedBy', { lastCheckedBy: '' }, 'Give both the date of the check and who made it, or neither.'],
  ];

  it('refuses each kind of bad input with 422, the field’s message beside it, what was typed kept, and nothing saved', async () => {
    await admin.get('/admin/rules/new');
    for (const [field, over, message] of bad) {
      const res = await admin.post('/admin/rules', { ...AUSTRIA, ...over });
      expect(res.statusCode, field).toBe(422);
      const fieldError = new RegExp(`id="f-${field}-error">([^<]*)<`).exec(res.body)?.[1];
      expect(fieldError && textOf(fieldError), `${field} ${JSON.stringify(over)}`).toBe(message);
      expect(textOf(res.body)).toMatch(/There (is|are) \d+ problems? with this form\. It has not been saved\./);
      // What was typed comes back.
      expect(res.body).toContain('Eine Kündigung kann binnen 14 Tagen');
    }
    expect(changes()).toEqual([]);
    expect(ruleAudits()).toEqual([]);
  });

  it('takes a British rule with ACAS stop-the-clock and its two citations, and an expiry date without a period', async () => {
    await admin.get('/admin/rules/new');
    const british = {
      ...AUSTRIA,
      id: 'uk-et-test-detriment',
      country: 'GB',
      region: 'GB-GBN',
      computation: 'months_less_one_day',
      periodAmount: '3',
      periodUnit: 'months',
      lastDay: 'none',
      businessDaysSource: '',
      nonWorkingDays: 'Not moved: a claim can be presented online on any day.',
      acasStopTheClock: 'on',
      acasClockStop: 'ERA 1996 s.207B(3)',
      acasOneMonth: 'ERA 1996 s.207B(4)',
      extension: 'The tribunal may extend time if it was not reasonably practicable to claim in time: never plan on it.',
    };
    const preview = await admin.htmxPost('/admin/rules/new/preview', { ...british, previewTrigger: '2026-03-15' });
    expect(preview.body).toContain('<time datetime="2026-06-14">');
    expect(textOf(preview.body)).toContain('Start ACAS early conciliation by 14 June 2026 at the latest');
    expect(textOf(preview.body)).toContain('The tribunal may extend time if it was not reasonably practicable');
    expect((await admin.post('/admin/rules', british)).statusCode).toBe(303);
    const expiry = { ...AUSTRIA, id: 'at-test-permit-expiry', computation: 'reminders_before', periodAmount: '', periodUnit: '', remindersBefore: '90, 30', lastDay: 'none', businessDaysSource: '' };
    expect((await admin.post('/admin/rules', expiry)).statusCode).toBe(303);
    const rules = new Map(changes().map((c) => [c.ruleId, c.rule]));
    expect(rules.get('uk-et-test-detriment')).toMatchObject({
      jurisdiction: { country: 'GB', region: 'GB-GBN' },
      acasStopTheClock: true,
      acasSources: { clockStop: 'ERA 1996 s.207B(3)', oneMonthAfterCertificate: 'ERA 1996 s.207B(4)' },
      businessDays: null,
      extension: british.extension,
    });
    expect(rules.get('at-test-permit-expiry')).toMatchObject({ period: null, computation: 'reminders_before', remindersBefore: [90, 30], triggerMustBePast: false });
  });

  it('shows every field message at once', async () => {
    await admin.get('/admin/rules/new');
    const res = await admin.post('/admin/rules', { ...AUSTRIA, title: '', periodUnit: 'weeks', lastCheckedBy: '', country: 'XX' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('There are 4 problems with this form.');
    for (const f of ['title', 'periodUnit', 'lastCheckedBy', 'country']) expect(res.body).toContain(`id="f-${f}-error"`);
  });

  it('is for administrators only: a counsellor is refused and nothing is saved', async () => {
    expect((await counsellor.get('/admin/rules/new')).statusCode).toBe(403);
    await counsellor.get('/');
    expect((await counsellor.post('/admin/rules', AUSTRIA)).statusCode).toBe(403);
    expect((await counsellor.post('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '2026-11-24' })).statusCode).toBe(403);
    expect((await counsellor.get('/admin/rules/new/regions?country=AT')).statusCode).toBe(403);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect((await supervisor.post('/admin/rules', AUSTRIA)).statusCode).toBe(403);
    expect(changes()).toEqual([]);
  });

  it('lists the regions of the chosen country for htmx, the preview’s too', async () => {
    const res = await admin.get('/admin/rules/new/regions?country=AT', { 'hx-request': 'true' });
    expect(res.body).toContain('id="rule-region"');
    expect(res.body).toContain('<option value="AT-9">Vienna (AT-9)</option>');
    expect(res.body).toMatch(/id="preview-region" hx-swap-oob="true"/);
    expect(res.body).not.toContain('<html');
    const gb = await admin.get('/admin/rules/new/regions?country=GB', { 'hx-request': 'true' });
    expect(gb.body).toContain('Great Britain (GB-GBN)');
  });
});

describe('the preview', () => {
  it('computes the rule as typed, with steps and notes, and saves nothing', async () => {
    await admin.get('/admin/rules/new');
    // Received Tuesday 24 November 2026: 14 days → Tuesday 8 December, Immaculate Conception → Wednesday 9 December.
    const res = await admin.post('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '2026-11-24', previewRegion: '' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<time datetime="2026-12-09">');
    const text = textOf(res.body);
    expect(text).toContain('8 December 2026: 14 days after the date the notice of dismissal reached the worker on 24 November 2026 — ArbVG §105(4)');
    expect(text).toContain('9 December 2026: 8 December 2026 is Immaculate Conception, a public holiday in Austria: moved to Wednesday 9 December 2026 — ABGB §903');
    expect(text).toContain('To verify: Secondary sources only');
    expect(text).toContain('Business days counted in: Austria.');
    // Without JavaScript the whole form comes back, as typed.
    expect(formOnPage(res.body, '/admin/rules')).toMatchObject({ id: RULE_ID, periodAmount: '14', computation: 'days', previewTrigger: '2026-11-24' });
    expect(changes()).toEqual([]);
    expect(ruleAudits()).toEqual([]);

    // htmx gets the preview alone.
    const fragment = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '2026-11-24' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body.trimStart()).toMatch(/^<div id="rule-preview"/);
    expect(fragment.body).toContain('<time datetime="2026-12-09">');
    expect(fragment.body).not.toContain('<form');
    expect(changes()).toEqual([]);
  });

  it('computes before the texts are written, and says what stops it otherwise', async () => {
    await admin.get('/admin/rules/new');
    const early = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, id: '', title: '', explanation: '', citation: '', nonWorkingDays: '', caseTypes: [], previewTrigger: '2026-11-20' });
    expect(early.statusCode).toBe(200);
    expect(early.body).toContain('<time datetime="2026-12-04">');
    expect(textOf(early.body)).toContain('This rule (preview)');

    const incomplete = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, computation: '', businessDaysSource: '', previewTrigger: '2026-11-24' });
    expect(incomplete.statusCode).toBe(422);
    const text = textOf(incomplete.body);
    expect(text).toContain('The rule as typed cannot be computed yet:');
    expect(text).toContain('How the period is counted: Choose how the period is counted.');

    const noDate = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '' });
    expect(noDate.statusCode).toBe(422);
    expect(textOf(noDate.body)).toContain('Trigger date to compute from: Enter a trigger date to preview the rule.');
    const badDate = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '2026-02-30' });
    expect(textOf(badDate.body)).toContain('2026-02-30 is not a real date — February 2026 has 28 days.');
    const future = await admin.htmxPost('/admin/rules/new/preview', { ...AUSTRIA, previewTrigger: '2026-12-01' });
    expect(textOf(future.body)).toContain('is after today (24 November 2026)');
    expect(changes()).toEqual([]);
  });

  it('counts the holidays of the region typed for a rule of a whole country', async () => {
    await admin.get('/admin/rules/new');
    // Germany, 3 weeks after Wednesday 13 May 2026 → Wednesday 3 June; 4 June is Corpus Christi in Bavaria but not in Berlin.
    const german = { ...AUSTRIA, id: 'de-test', country: 'DE', periodAmount: '22', holidays: 'regional', previewTrigger: '2026-05-13' };
    const bavaria = await admin.htmxPost('/admin/rules/new/preview', { ...german, previewRegion: 'DE-BY' });
    expect(bavaria.body).toContain('<time datetime="2026-06-05">');
    expect(textOf(bavaria.body)).toContain('4 June 2026 is Corpus Christi, a public holiday in Bavaria: moved to Friday 5 June 2026');
    const berlin = await admin.htmxPost('/admin/rules/new/preview', { ...german, previewRegion: 'DE-BE' });
    expect(berlin.body).toContain('<time datetime="2026-06-04">');
    const wrong = await admin.htmxPost('/admin/rules/new/preview', { ...german, previewRegion: 'AT-9' });
    expect(wrong.statusCode).toBe(422);
  });
});

describe('a counsellor uses the new rule at once', () => {
  it('in the calculator, and proposed on an Austrian case (not on a British one)', async () => {
    await addAustrianRule();
    const calc = await counsellor.get(`/deadlines/calculator?rule=${RULE_ID}&trigger=2026-11-24`);
    expect(calc.statusCode).toBe(200);
    expect(calc.body).toContain('<time datetime="2026-12-09">');
    expect(calc.body).toMatch(/<label for="f-trigger">Date the notice of dismissal reached the worker </);
    expect(calc.body).toContain(`<option value="${RULE_ID}" selected>Labour court challenge of a dismissal (ArbVG §105)</option>`);

    const kase = austrianCase();
    const page = `/cases/${kase.id}/deadlines`;
    const before = textOf((await counsellor.get(page)).body);
    expect(before).toContain('Labour court challenge of a dismissal (ArbVG §105) — needs “Date the notice of dismissal reached the worker”');
    expect((await counsellor.get(page)).body).toContain('<label for="t-dismissal_notice_received">Date the notice of dismissal reached the worker</label>');
    const saved = await counsellor.post(`${page}/triggers`, { dismissal_notice_received: '2026-11-24' });
    expect(saved.statusCode).toBe(303);
    const after = await counsellor.get(page);
    expect(after.body).toContain(`name="ruleId" value="${RULE_ID}"`);
    expect(after.body).toContain('<time datetime="2026-12-09">');

    const british = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'GB', caseTypes: ['dismissal_retaliation'] }, t.clock.now());
    expect((await counsellor.get(`/cases/${british.id}/deadlines`)).body).not.toContain(RULE_ID);
  });
});

describe('rules not checked for 12 months', () => {
  it('are flagged by the clock, with a count; marking a version checked clears its flag', async () => {
    await addAustrianRule();
    const countOn = (html: string) => Number(/id="unchecked-count"><p><strong>(\d+) rule versions? in force/.exec(html)?.[1]);
    const lineOf = (html: string) => textOf(/<li>[^]*?<\/li>/.exec(html.slice(html.indexOf(`/admin/rules/${RULE_ID}"`)))![0]);

    let page = (await admin.get('/admin/rules')).body;
    const base = uncheckedVersions(effectiveCatalogue(t.db), '2026-11-24').length;
    expect(base).toBeGreaterThan(0);
    expect(countOn(page)).toBe(base);
    // A reviewed rule never checked here says so.
    expect(textOf(page)).toContain('Never checked');
    expect(lineOf(page)).not.toContain('Not checked since');

    // The day before the anniversary: still fine.
    // A year on, sessions have long ended: sign in again.
    t.clock.set(new Date('2027-11-23T10:00:00Z'));
    admin = await signIn(t.app, 'admin@demo.test');
    page = (await admin.get('/admin/rules')).body;
    expect(lineOf(page)).not.toContain('Not checked since');

    t.clock.set(new Date('2027-11-24T10:00:00Z'));
    admin = await signIn(t.app, 'admin@demo.test');
    page = (await admin.get('/admin/rules')).body;
    expect(lineOf(page)).toContain('Not checked since 24 Nov 2026');
    const now = uncheckedVersions(effectiveCatalogue(t.db), '2027-11-24').length;
    expect(countOn(page)).toBe(now);
    expect(now).toBe(base + 1);

    await admin.get(`/admin/rules/${RULE_ID}/versions/1`);
    const res = await admin.post(`/admin/rules/${RULE_ID}/versions/1`, { validFrom: '1990-01-01', validTo: '', status: 'active', statusNote: '', markChecked: 'on' });
    expect(res.statusCode).toBe(303);
    page = (await admin.get('/admin/rules')).body;
    expect(lineOf(page)).not.toContain('Not checked since');
    expect(countOn(page)).toBe(base);
    expect(textOf((await admin.get(`/admin/rules/${RULE_ID}`)).body)).toContain('Last checked on 24 November 2027 by Tom Becker.');
    const audit = ruleAudits().filter((a) => a.action === 'update');
    expect(audit.map((a) => [a.targetId, a.fields])).toEqual([[`${RULE_ID}@1`, ['lastChecked']]]);
  });

  it('a new version can be marked checked when it is added', async () => {
    const form = await admin.get('/admin/rules/us-flsa/versions/new');
    const typed = formOnPage(form.body, '/admin/rules/us-flsa/versions');
    expect(typed.markChecked).toBe('on');
    const res = await admin.post('/admin/rules/us-flsa/versions', typed);
    expect(res.statusCode).toBe(303);
    expect(changes().find((c) => c.version === 2)?.rule.lastChecked).toEqual({ on: '2026-11-24', by: 'Tom Becker' });
  });
});

describe('versions never rewrite stored deadlines', () => {
  it('an added version leaves a confirmed deadline as it was and shows that a newer version exists; recomputing uses it', async () => {
    // Not checked yet when the deadline is confirmed.
    await addAustrianRule({ lastCheckedOn: '', lastCheckedBy: '' });
    const kase = austrianCase();
    const page = `/cases/${kase.id}/deadlines`;
    await counsellor.get(page);
    await counsellor.post(`${page}/triggers`, { dismissal_notice_received: '2026-11-24' });
    expect((await counsellor.post(`${page}/confirm`, { ruleId: RULE_ID, computed: '2026-12-09' })).statusCode).toBe(303);
    const [stored] = deadlinesOf(kase.id);
    expect(stored).toMatchObject({ dueDate: '2026-12-09', ruleVersion: 1, source: 'rule' });

    // Marking the version checked changes nothing a counsellor sees.
    await admin.get(`/admin/rules/${RULE_ID}/versions/1`);
    await admin.post(`/admin/rules/${RULE_ID}/versions/1`, { validFrom: '1990-01-01', validTo: '', status: 'active', statusNote: '', markChecked: 'on' });
    expect(effectiveCatalogue(t.db).find((r) => r.id === RULE_ID)?.lastChecked).toEqual({ on: '2026-11-24', by: 'Tom Becker' });
    const unchanged = textOf((await counsellor.get(page)).body);
    expect(unchanged).not.toContain('The rule has changed');
    expect(unchanged).not.toContain('Use the new computation');

    // Version 2 (21 days) from 1 January 2026, ending version 1 the day before.
    const form = await admin.get(`/admin/rules/${RULE_ID}/versions/new`);
    const typed = formOnPage(form.body, `/admin/rules/${RULE_ID}/versions`);
    const res = await admin.post(`/admin/rules/${RULE_ID}/versions`, { ...typed, periodAmount: '21', validFrom: '2026-01-01', endPrevious: 'on' });
    expect(res.statusCode).toBe(303);
    expect(effectiveCatalogue(t.db).filter((r) => r.id === RULE_ID).map((r) => [r.version, r.validFrom, r.validTo])).toEqual([
      [1, '1990-01-01', '2025-12-31'],
      [2, '2026-01-01', null],
    ]);

    const [after] = deadlinesOf(kase.id);
    expect(after).toEqual(stored);
    const text = textOf((await counsellor.get(page)).body);
    expect(text).toContain('A newer version of this rule exists (version 2): recompute to use it.');
    expect(text).toContain('Computed again now, it would be 15 December 2026');
    expect(text).toContain('Use the new computation');

    await counsellor.post(`/deadlines/${stored!.id}/recompute`, {});
    expect(deadlinesOf(kase.id)[0]).toMatchObject({ dueDate: '2026-12-15', ruleVersion: 2 });
    expect(textOf((await counsellor.get(page)).body)).not.toContain('A newer version of this rule exists');
  });
});

describe('a contractual deadline on a case', () => {
  it('needs its source, is shown with it, and reminds like any other deadline', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, jurisdictionCountry: 'DE', caseTypes: ['wage_theft'] }, t.clock.now());
    const page = `/cases/${kase.id}/deadlines`;
    await counsellor.get(page);
    const form = { title: 'Claim unpaid overtime in writing', dueDate: '2026-12-01', reminderLeadDays: '14', kind: 'contract' };

    let res = await counsellor.post(`${page}/manual`, { ...form, sourceCitation: '' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Cite the source of a contractual deadline, e.g. “Collective agreement IG Metall Bayern §18: 3 months”.');
    expect(res.body).toContain('value="Claim unpaid overtime in writing"');
    res = await counsellor.post(`${page}/manual`, { ...form, kind: 'tariff', sourceCitation: 'x' });
    expect(res.statusCode).toBe(422);
    expect(deadlinesOf(kase.id)).toEqual([]);

    res = await counsellor.post(`${page}/manual`, { ...form, sourceCitation: 'Collective agreement IG Metall Bayern §18: 3 months' });
    expect(res.statusCode).toBe(303);
    const [row] = deadlinesOf(kase.id);
    expect(row).toMatchObject({ source: 'contract', sourceCitation: 'Collective agreement IG Metall Bayern §18: 3 months', dueDate: '2026-12-01', reminderLeadDays: 14, ownerId: d.counsellor.id });
    const text = textOf((await counsellor.get(page)).body);
    expect(text).toContain('Claim unpaid overtime in writing');
    expect(text).toContain('contractual deadline');
    expect(text).toContain('Source: Collective agreement IG Metall Bayern §18: 3 months');
    const audit = t.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'deadline'), eq(auditLog.action, 'create'))).all();
    expect(audit.map((a) => a.fields)).toEqual([['title', 'dueDate', 'reminderLeadDays', 'source', 'sourceCitation']]);

    // Due in 7 days, within its 14-day lead: in the owner's digest and deadline list.
    const actor = { id: d.counsellor.id, role: 'counsellor' as const, contactPointIds: [d.ldn.id] };
    expect(digestItems(t.db, actor, '2026-11-24')).toEqual([{ reference: kase.reference, title: 'Claim unpaid overtime in writing', dueDate: '2026-12-01', window: 'soon' }]);
    expect(textOf((await counsellor.get('/deadlines')).body)).toContain('Claim unpaid overtime in writing');

    // A deadline of the counsellor's own, without a kind, is as before.
    res = await counsellor.post(`${page}/manual`, { title: 'Call the employer', dueDate: '2026-12-02' });
    expect(res.statusCode).toBe(303);
    expect(deadlinesOf(kase.id).map((x) => [x.source, x.sourceCitation])).toEqual([
      ['contract', 'Collective agreement IG Metall Bayern §18: 3 months'],
      ['manual', null],
    ]);

    // Anonymising the case removes the counsellor's words from it, the contractual deadline's too.
    t.db.transaction((tx) => anonymiseCaseContent(tx, kase.id, 'retention', t.clock.now()));
    expect(deadlinesOf(kase.id).map((x) => [x.source, x.title, x.sourceCitation, x.dueDate])).toEqual([
      ['contract', '', null, '2026-12-01'],
      ['manual', '', null, '2026-12-02'],
    ]);
  });
});
