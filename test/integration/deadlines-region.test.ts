import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { contactPointHolidays, contactPoints } from '../../src/contact-points/contact-points.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { saveRuleChange } from '../../src/deadlines/deadlines.repo.js';
import { RULES } from '../../src/deadlines/rules.data.js';
import { DeadlineRuleSchema } from '../../src/deadlines/rules.schema.js';
import { cases } from '../../src/cases/cases.table.js';
import { userContactPoints, users } from '../../src/users/users.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

/**
 * Issue 13 point 2 and the local holidays of point 1: a contact point's region, its local holidays, a case's own
 * region, and the calculator's region=, each changing the date a rule gives and saying why.
 */
let t: TestApp;
let d: ReturnType<typeof demo>;
let admin: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  admin = await signIn(t.app, 'admin@demo.test');
});

afterEach(async () => {
  await t.close();
});

const page = (id: number) => `/cases/${id}/deadlines`;
const holidaysPage = (cpId: number) => `/contact-points/${cpId}/holidays`;
const cpRow = (id: number) => t.db.select().from(contactPoints).where(eq(contactPoints.id, id)).get()!;
const holidayRows = (cpId: number) => t.db.select().from(contactPointHolidays).where(eq(contactPointHolidays.contactPointId, cpId)).all();
const deadlinesOf = (caseId: number) => t.db.select().from(deadlines).where(eq(deadlines.caseId, caseId)).all();
/** Page text with "Friday, 15 May 2026" read as "Friday 15 May 2026" (ICU versions differ on the comma). */
const shown = (html: string) => textOf(html).replace(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), /g, '$1 ');
const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

const deskForm = (over: Record<string, string> = {}) => ({
  name: 'Sydney Migrant Workers Desk',
  unionName: 'Unions NSW',
  country: 'AU',
  city: 'Sydney',
  address: '',
  email: '',
  phone: '',
  languages: 'en, zh',
  services: '',
  timezone: 'Australia/Sydney',
  refPrefix: 'SYD',
  region: 'AU-NSW',
  active: 'on',
  ...over,
});

/** A contact point made through the administrator's form, with a counsellor and a supervisor who can sign in. */
async function addDesk(over: Record<string, string>) {
  const res = await admin.post('/admin/contact-points', deskForm(over));
  expect(res.statusCode, textOf(res.body).slice(0, 400)).toBe(303);
  const cp = t.db.select().from(contactPoints).where(eq(contactPoints.refPrefix, over.refPrefix!)).get()!;
  const passwordHash = t.db.select().from(users).where(eq(users.id, d.counsellor.id)).get()!.passwordHash;
  const person = (role: 'counsellor' | 'supervisor') => {
    const id = randomUUID();
    const email = `${role}.${cp.refPrefix.toLowerCase()}@desk.example`;
    t.db.insert(users).values({ id, email, displayName: `${role} ${cp.city}`, role, languages: ['en'], passwordHash, createdAt: t.clock.now() }).run();
    t.db.insert(userContactPoints).values({ userId: id, contactPointId: cp.id }).run();
    return { id, email };
  };
  return { cp, counsellor: person('counsellor'), supervisor: person('supervisor') };
}

async function enterDates(agent: Agent, caseId: number, dates: Record<string, string>) {
  await agent.get(page(caseId));
  const res = await agent.post(`${page(caseId)}/triggers`, dates);
  expect(res.statusCode, textOf(res.body).slice(0, 400)).toBe(303);
}

/** The proposal of one rule on a case page: its heading (date and title) and everything under it, as text. */
function proposalText(html: string, ruleId: string): string {
  const m = new RegExp(`<article class="card" aria-labelledby="proposal-${ruleId}-h">([\\s\\S]*?)</article>`).exec(html);
  return m ? shown(m[1]!) : '';
}

/** A confirmed deadline on a case page, as text. */
function deadlineText(html: string, id: number): string {
  const m = new RegExp(`<li class="card" id="deadline-${id}">([\\s\\S]*?)</li>\\s*(?:<li class="card"|</ul>)`).exec(html);
  return m ? shown(m[1]!) : '';
}

/**
 * A rule of the test's own, stored as an administrator's added rule: 10 days after the dismissal, a last day on a
 * weekend, a public holiday of the region or a local holiday of the contact point moves to the next business day.
 */
function addLocalHolidayRule() {
  const rule = DeadlineRuleSchema.parse({
    id: 'es-test-local-days',
    version: 1,
    title: 'Test limit counting local holidays (10 days)',
    jurisdiction: { country: 'ES', region: null },
    caseTypes: ['dismissal_retaliation'],
    trigger: 'dismissal_date',
    period: { amount: 10, unit: 'days' },
    computation: 'days',
    acasStopTheClock: false,
    acasSources: null,
    triggerMustBePast: true,
    cappedBy: null,
    remindersBefore: [],
    validFrom: '1990-01-01',
    validTo: null,
    status: 'active',
    statusNote: null,
    explanation: 'A test rule: 10 days after the dismissal.',
    nonWorkingDays: 'Moved to the next business day, local holidays included.',
    lastDay: 'next_business_day',
    businessDays: { restDays: ['saturday', 'sunday'], holidays: 'regional', alsoClosed: [], localHolidays: true, source: 'Test source on business days' },
    extension: 'The time can be extended for a reason the court accepts: never assume it.',
    source: { citation: 'Test citation', url: null },
    toVerify: null,
  });
  t.db.transaction((tx) => saveRuleChange(tx, rule, true, d.admin.id, t.clock.now()));
}

describe('a contact point’s region', () => {
  it('is chosen from the regions the holiday calendars know for its country, or the whole country, and audited', async () => {
    const form = await admin.get(`/admin/contact-points/${d.ldn.id}`);
    expect(form.body).toContain('<option value="GB-ENG" selected>England (GB-ENG)</option>');
    expect(form.body).toContain('<option value="GB-SCT">Scotland (GB-SCT)</option>');
    expect(form.body).toContain('<option value="">Whole country (national holidays only)</option>');
    expect(form.body).not.toContain('value="US-CA"');

    const version = await admin.formVersion(`/admin/contact-points/${d.ldn.id}`);
    const res = await admin.post(`/admin/contact-points/${d.ldn.id}`, { ...deskForm({ name: d.ldn.name, unionName: d.ldn.unionName, country: 'GB', city: 'Edinburgh', timezone: 'Europe/London', refPrefix: 'LDN', languages: 'en' }), region: 'GB-SCT', version });
    expect(res.statusCode).toBe(303);
    expect(cpRow(d.ldn.id).region).toBe('GB-SCT');
    const audit = t.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'contact_point'), eq(auditLog.action, 'update'))).all();
    expect(audit.at(-1)!.fields).toContain('region');
    expect(JSON.stringify(audit)).not.toContain('GB-SCT');

    const list = textOf((await admin.get('/admin/contact-points')).body);
    expect(list).toContain('Edinburgh, United Kingdom Scotland (GB-SCT)');
  });

  it.each([
    ['a region of another country', 'US-CA', 'This region belongs to another country: choose a region of the country entered, or the whole country.'],
    ['a region the calendars do not know', 'AU-XYZ', 'This is not a region the holiday calendars know for this country: choose one from the list.'],
    ['a name instead of a code', 'Victoria', 'This is not a region the holiday calendars know for this country: choose one from the list.'],
  ])('refuses %s with 422, the message at the field, and saves nothing', async (_what, region, message) => {
    const before = { cps: count('contact_points'), audit: count('audit_log') };
    const created = await admin.post('/admin/contact-points', deskForm({ region }));
    expect(created.statusCode).toBe(422);
    expect(/<p class="error" id="f-region-error">([^<]*)<\/p>/.exec(created.body)?.[1]).toBe(message);
    expect(created.body).toContain('value="AU-NSW"');

    const ldn = cpRow(d.ldn.id);
    const version = await admin.formVersion(`/admin/contact-points/${d.ldn.id}`);
    const edited = await admin.post(`/admin/contact-points/${d.ldn.id}`, { ...deskForm({ name: ldn.name, unionName: ldn.unionName, country: 'AU', city: 'London', timezone: 'Europe/London', refPrefix: 'LDN', languages: 'en' }), region, version });
    expect(edited.statusCode).toBe(422);
    expect(textOf(edited.body)).toContain(message);
    expect(cpRow(d.ldn.id)).toEqual(ldn);
    expect({ cps: count('contact_points'), audit: count('audit_log') }).toEqual(before);
  });

  it('a stale form is a 409 that keeps the region typed and shows what changed', async () => {
    const url = `/admin/contact-points/${d.ldn.id}`;
    const stale = await admin.formVersion(url);
    const other = await signIn(t.app, 'admin@demo.test');
    const base = { ...deskForm({ name: d.ldn.name, unionName: d.ldn.unionName, country: 'GB', city: 'London', timezone: 'Europe/London', refPrefix: 'LDN', languages: 'en' }) };
    expect((await other.post(url, { ...base, region: 'GB-WLS', version: await other.formVersion(url) })).statusCode).toBe(303);
    const res = await admin.post(url, { ...base, region: 'GB-SCT', version: stale });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('<option value="GB-SCT" selected>');
    expect(textOf(res.body)).toContain('Now: Wales (GB-WLS)');
    expect(cpRow(d.ldn.id).region).toBe('GB-WLS');
  });

  it('the region select follows the country typed (htmx fetches it again)', async () => {
    const de = await admin.get('/regions/field?for=contactPoint&country=de', { 'hx-request': 'true' });
    expect(de.statusCode).toBe(200);
    expect(de.body.trim()).toMatch(/^<div id="region-field-region">/);
    expect(de.body).toContain('<option value="DE-BY">Bavaria (DE-BY)</option>');
    const au = await admin.get('/regions/field?for=case&jurisdictionCountry=AU');
    expect(au.body).toContain('name="jurisdictionRegion"');
    expect(au.body).toContain('<option value="" selected>Same as the contact point</option>');
    expect(au.body).toContain('<option value="AU-VIC">Victoria (AU-VIC)</option>');
    const none = textOf((await admin.get('/regions/field?for=contactPoint&country=<b>')).body);
    expect(none).toContain('The holiday calendars know no regions of this country');
  });
});

describe('a contact point’s local holidays', () => {
  it('an administrator lists, adds and removes them; each change is audited without its values', async () => {
    let res = await admin.get(holidaysPage(d.ldn.id));
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('No local holidays yet.');
    expect(textOf(res.body)).toContain('Region whose public holidays count: England (GB-ENG)');
    expect(textOf(res.body)).toContain('Christmas Day');

    res = await admin.post(holidaysPage(d.ldn.id), { date: '2026-05-15', name: 'San Isidro, Madrid' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${holidaysPage(d.ldn.id)}?notice=added`);
    const text = shown((await admin.get(res.headers.location as string)).body);
    expect(text).toContain('Local holiday added.');
    expect(text).toContain('Friday 15 May 2026 San Isidro, Madrid');
    const [row] = holidayRows(d.ldn.id);
    expect(row).toMatchObject({ date: '2026-05-15', name: 'San Isidro, Madrid', createdBy: d.admin.id });

    res = await admin.post(`${holidaysPage(d.ldn.id)}/${row!.id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(textOf((await admin.get(res.headers.location as string)).body)).toContain('Local holiday removed.');
    expect(holidayRows(d.ldn.id)).toEqual([]);
    // Removing it again: it is not there any more.
    expect((await admin.post(`${holidaysPage(d.ldn.id)}/${row!.id}/delete`)).statusCode).toBe(404);

    const audit = t.db.select().from(auditLog).where(eq(auditLog.targetType, 'contact_point_holiday')).all();
    expect(audit.map((a) => [a.action, a.targetId, a.contactPointId, a.fields])).toEqual([
      ['create', String(row!.id), d.ldn.id, ['date', 'name']],
      ['remove', String(row!.id), d.ldn.id, ['date', 'name']],
    ]);
    expect(JSON.stringify(audit)).not.toContain('Isidro');
  });

  it.each([
    ['not a date', { date: '15/05/2026', name: 'San Isidro' }, 'date', 'Enter a real date as YYYY-MM-DD, for example 2026-05-15.'],
    ['an impossible date', { date: '2026-02-30', name: 'San Isidro' }, 'date', 'Enter a real date as YYYY-MM-DD, for example 2026-05-15.'],
    ['no date', { date: '', name: 'San Isidro' }, 'date', 'Enter the date of the holiday.'],
    ['a date out of range', { date: '1890-05-15', name: 'San Isidro' }, 'date', 'Enter a date between 1990 and 2100.'],
    ['a day that already has one', { date: '2026-11-09', name: 'Another name' }, 'date', 'This contact point already has a local holiday on that day.'],
    ['an empty name', { date: '2026-05-15', name: '   ' }, 'name', 'Enter the holiday’s name.'],
    ['a name too long', { date: '2026-05-15', name: 'x'.repeat(101) }, 'name', 'Use at most 100 characters.'],
  ])('refuses %s with 422, the message at the field, what was typed, and saves nothing', async (_what, form, field, message) => {
    t.db.insert(contactPointHolidays).values({ contactPointId: d.ldn.id, date: '2026-11-09', name: 'La Almudena, Madrid', createdAt: t.clock.now() }).run();
    await admin.get(holidaysPage(d.ldn.id));
    const before = { holidays: holidayRows(d.ldn.id), audit: count('audit_log') };
    const res = await admin.post(holidaysPage(d.ldn.id), form);
    expect(res.statusCode).toBe(422);
    expect(new RegExp(`<p class="error" id="f-${field}-error">([^<]*)</p>`).exec(res.body)?.[1]).toBe(message);
    expect(textOf(res.body)).toContain('It has not been saved.');
    if (form.name.trim()) expect(res.body).toContain(`value="${form.name}"`);
    expect({ holidays: holidayRows(d.ldn.id), audit: count('audit_log') }).toEqual(before);
  });

  it('its own supervisor manages them; a counsellor, a coordinator and another contact point’s supervisor get 404', async () => {
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect(textOf((await supervisor.get('/supervision')).body)).toContain('Local holidays of your contact points: London Migrant Workers Desk');
    expect((await supervisor.get(holidaysPage(d.ldn.id))).statusCode).toBe(200);
    expect((await supervisor.post(holidaysPage(d.ldn.id), { date: '2026-08-31', name: 'Notting Hill Carnival' })).statusCode).toBe(303);
    const [own] = holidayRows(d.ldn.id);
    expect(own).toMatchObject({ date: '2026-08-31', createdBy: d.supervisor.id });

    for (const email of ['supervisor2@demo.test', 'counsellor@demo.test', 'coordinator@demo.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get(holidaysPage(d.ldn.id))).statusCode, email).toBe(404);
      expect((await agent.post(holidaysPage(d.ldn.id), { date: '2026-05-15', name: 'San Isidro' })).statusCode, email).toBe(404);
      expect((await agent.post(`${holidaysPage(d.ldn.id)}/${own!.id}/delete`)).statusCode, email).toBe(404);
    }
    // Through the URL of a contact point one may manage, another one's holiday does not exist either.
    const chicago = await signIn(t.app, 'supervisor2@demo.test');
    expect((await chicago.post(`${holidaysPage(d.chi.id)}/${own!.id}/delete`)).statusCode).toBe(404);
    expect((await chicago.get(holidaysPage(999999))).statusCode).toBe(404);
    expect(holidayRows(d.ldn.id)).toEqual([own]);
  });
});

describe('a case’s deadlines count its region', () => {
  /** 21 days after 13 October 2026 is Tuesday 3 November: Melbourne Cup, a public holiday in Victoria only. */
  const DISMISSED = '2026-10-13';

  async function dismissalAt(desk: Awaited<ReturnType<typeof addDesk>>, over: Partial<Parameters<typeof makeCase>[1]> = {}) {
    const agent = await signIn(t.app, desk.counsellor.email);
    const kase = makeCase(t.db, { contactPointId: desk.cp.id, createdBy: desk.counsellor.id, jurisdictionCountry: 'AU', caseTypes: ['dismissal_retaliation'], ...over }, t.clock.now());
    await enterDates(agent, kase.id, { dismissal_date: DISMISSED });
    return { agent, kase };
  }

  it('two desks in different states get different dates for the same dismissal, each explained, and keep the region used', async () => {
    const sydney = await addDesk({ refPrefix: 'SYD', region: 'AU-NSW' });
    const melbourne = await addDesk({ name: 'Melbourne Migrant Workers Centre', city: 'Melbourne', timezone: 'Australia/Melbourne', refPrefix: 'MEL', region: 'AU-VIC' });
    const nsw = await dismissalAt(sydney);
    const vic = await dismissalAt(melbourne);

    const nswText = proposalText((await nsw.agent.get(page(nsw.kase.id))).body, 'au-unfair-dismissal');
    expect(nswText).toContain('Tuesday 3 November 2026 — Unfair dismissal application to the Fair Work Commission');
    expect(nswText).toContain('Business days counted in: New South Wales (AU-NSW).');
    const vicText = proposalText((await vic.agent.get(page(vic.kase.id))).body, 'au-unfair-dismissal');
    expect(vicText).toContain('Wednesday 4 November 2026 — Unfair dismissal application');
    expect(vicText).toContain('3 November 2026 is Melbourne Cup, a public holiday in Victoria: moved to Wednesday 4 November 2026 — Acts Interpretation Act 1901 (Cth) s.36(2)');
    expect(vicText).toContain('Business days counted in: Victoria (AU-VIC).');

    for (const [one, due] of [[nsw, '2026-11-03'], [vic, '2026-11-04']] as const) {
      expect((await one.agent.post(`${page(one.kase.id)}/confirm`, { ruleId: 'au-unfair-dismissal', computed: due })).statusCode).toBe(303);
    }
    expect(deadlinesOf(nsw.kase.id).map((r) => [r.dueDate, r.region])).toEqual([['2026-11-03', 'AU-NSW']]);
    expect(deadlinesOf(vic.kase.id).map((r) => [r.dueDate, r.region])).toEqual([['2026-11-04', 'AU-VIC']]);
    const stored = deadlinesOf(vic.kase.id)[0]!;
    expect(deadlineText((await vic.agent.get(page(vic.kase.id))).body, stored.id)).toContain('Business days counted in: Victoria (AU-VIC).');
  });

  it('a case may name another region; a confirmed deadline then says the date would change, and recomputing uses it', async () => {
    const sydney = await addDesk({ refPrefix: 'SYD', region: 'AU-NSW' });
    const { agent, kase } = await dismissalAt(sydney);
    await agent.post(`${page(kase.id)}/confirm`, { ruleId: 'au-unfair-dismissal', computed: '2026-11-03' });

    const form = await agent.get(`/cases/${kase.id}/edit`);
    expect(form.body).toContain('<option value="" selected>Same as the contact point (New South Wales (AU-NSW))</option>');
    expect(form.body).toContain('<option value="AU-VIC">Victoria (AU-VIC)</option>');
    const base = { caseTypes: 'dismissal_retaliation', priority: 'normal', jurisdictionCountry: 'AU', summary: 'Dismissed after asking for the award rate.', version: await agent.formVersion(`/cases/${kase.id}/edit`) };
    expect((await agent.post(`/cases/${kase.id}/edit`, { ...base, jurisdictionRegion: 'AU-VIC' })).statusCode).toBe(303);
    expect(t.db.select().from(cases).where(eq(cases.id, kase.id)).get()!.jurisdictionRegion).toBe('AU-VIC');

    const [row] = deadlinesOf(kase.id);
    const text = deadlineText((await agent.get(page(kase.id))).body, row!.id);
    expect(text).toContain('The region or the local holidays this case is counted in changed after this deadline was confirmed.');
    expect(text).toContain('Computed again now, it would be 4 November 2026 (Business days counted in: Victoria (AU-VIC).)');
    expect(row!.dueDate).toBe('2026-11-03');

    expect((await agent.post(`/deadlines/${row!.id}/recompute`)).statusCode).toBe(303);
    expect(deadlinesOf(kase.id).map((r) => [r.dueDate, r.region])).toEqual([['2026-11-04', 'AU-VIC']]);
  });

  it('refuses a region of another country on a case with 422 and changes nothing', async () => {
    const sydney = await addDesk({ refPrefix: 'SYD', region: 'AU-NSW' });
    const { agent, kase } = await dismissalAt(sydney);
    const before = t.db.select().from(cases).where(eq(cases.id, kase.id)).get();
    const version = await agent.formVersion(`/cases/${kase.id}/edit`);
    const res = await agent.post(`/cases/${kase.id}/edit`, { caseTypes: 'dismissal_retaliation', priority: 'normal', jurisdictionCountry: 'AU', summary: 'Changed.', jurisdictionRegion: 'US-CA', version });
    expect(res.statusCode).toBe(422);
    expect(/<p class="error" id="f-jurisdictionRegion-error">([^<]*)<\/p>/.exec(res.body)?.[1]).toBe('This region belongs to another country: choose a region of the country entered, or the whole country.');
    expect(t.db.select().from(cases).where(eq(cases.id, kase.id)).get()).toEqual(before);
  });

  it('an older case’s typed region still counts; one that is not a region is said on its form', async () => {
    const sydney = await addDesk({ refPrefix: 'SYD', region: 'AU-NSW' });
    const typed = await dismissalAt(sydney, { jurisdictionRegion: 'Victoria' });
    expect(proposalText((await typed.agent.get(page(typed.kase.id))).body, 'au-unfair-dismissal')).toContain('Wednesday 4 November 2026');
    expect((await typed.agent.get(`/cases/${typed.kase.id}/edit`)).body).toContain('<option value="AU-VIC" selected>');

    const odd = await dismissalAt(sydney, { jurisdictionRegion: 'Outback' });
    expect(proposalText((await odd.agent.get(page(odd.kase.id))).body, 'au-unfair-dismissal')).toContain('Tuesday 3 November 2026');
    expect(textOf((await odd.agent.get(`/cases/${odd.kase.id}/edit`)).body)).toContain('Recorded earlier as “Outback”, which is not one of these regions');
  });

  it('a contact point’s local holiday on the last day moves it, for a rule that counts local holidays — only in that place', async () => {
    addLocalHolidayRule();
    const madrid = await addDesk({ name: 'Madrid Migrant Workers Desk', country: 'ES', city: 'Madrid', timezone: 'Europe/Madrid', refPrefix: 'MAD', region: 'ES-MD' });
    const supervisor = await signIn(t.app, madrid.supervisor.email);
    const agent = await signIn(t.app, madrid.counsellor.email);
    // 10 days after 5 May 2026 is Friday 15 May: San Isidro, Madrid's patron saint (a local holiday, not a regional one).
    const kase = makeCase(t.db, { contactPointId: madrid.cp.id, createdBy: madrid.counsellor.id, jurisdictionCountry: 'ES', caseTypes: ['dismissal_retaliation'] }, t.clock.now());
    const barcelona = makeCase(t.db, { contactPointId: madrid.cp.id, createdBy: madrid.counsellor.id, jurisdictionCountry: 'ES', jurisdictionRegion: 'ES-CT', caseTypes: ['dismissal_retaliation'] }, t.clock.now());
    await enterDates(agent, kase.id, { dismissal_date: '2026-05-05' });
    await enterDates(agent, barcelona.id, { dismissal_date: '2026-05-05' });
    expect(proposalText((await agent.get(page(kase.id))).body, 'es-test-local-days')).toContain('Friday 15 May 2026 —');

    await supervisor.get(holidaysPage(madrid.cp.id));
    expect((await supervisor.post(holidaysPage(madrid.cp.id), { date: '2026-05-15', name: 'San Isidro, Madrid' })).statusCode).toBe(303);

    const html = (await agent.get(page(kase.id))).body;
    const text = proposalText(html, 'es-test-local-days');
    expect(text).toContain('Monday 18 May 2026 — Test limit counting local holidays (10 days)');
    expect(text).toContain('15 May 2026 is San Isidro, Madrid, a local holiday of the contact point; 16 May 2026 is a Saturday; 17 May 2026 is a Sunday: moved to Monday 18 May 2026 — Test source on business days');
    expect(text).toContain('Business days counted in: Community of Madrid (ES-MD).');
    // The rule's extension note is shown once, beside the date, never as the deadline.
    expect(text.split('The time can be extended for a reason the court accepts').length).toBe(2);
    // A case counted in Catalonia does not get Madrid's local holiday.
    expect(proposalText((await agent.get(page(barcelona.id))).body, 'es-test-local-days')).toContain('Friday 15 May 2026 —');

    await agent.post(`${page(kase.id)}/confirm`, { ruleId: 'es-test-local-days', computed: '2026-05-18' });
    const [row] = deadlinesOf(kase.id);
    expect(row).toMatchObject({ dueDate: '2026-05-18', region: 'ES-MD' });
    const stored = deadlineText((await agent.get(page(kase.id))).body, row!.id);
    expect(stored).toContain('The time can be extended for a reason the court accepts: never assume it.');
    expect(stored).toContain('Business days counted in: Community of Madrid (ES-MD).');

    // The holiday removed, the confirmed deadline keeps its date and says what a new computation would give.
    const [holiday] = holidayRows(madrid.cp.id);
    await supervisor.post(`${holidaysPage(madrid.cp.id)}/${holiday!.id}/delete`);
    const after = deadlineText((await agent.get(page(kase.id))).body, row!.id);
    expect(after).toContain('Computed again now, it would be 15 May 2026');
    expect(deadlinesOf(kase.id)[0]!.dueDate).toBe('2026-05-18');
  });

  it('shows a date beside the deadline that is not the deadline: the 6-month UK limit, on the proposal and once stored', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['unlawful_deductions'] }, t.clock.now());
    await enterDates(counsellor, kase.id, { last_deduction_date: '2026-03-15' });
    const beside = 'If the six-month limit applies to this claim: 14 September 2026.';
    const proposal = proposalText((await counsellor.get(page(kase.id))).body, 'uk-et-wages');
    expect(proposal).toMatch(/^\s*Sunday 14 June 2026 — Employment tribunal claim: unlawful deduction from wages\s+If the six-month limit applies to this claim: 14 September 2026\./);
    await counsellor.post(`${page(kase.id)}/confirm`, { ruleId: 'uk-et-wages', computed: '2026-06-14' });
    const [row] = deadlinesOf(kase.id);
    expect(row!.alternatives).toEqual([expect.objectContaining({ date: '2026-09-14', text: expect.stringContaining(beside) })]);
    expect(row!.region).toBeNull();
    const stored = deadlineText((await counsellor.get(page(kase.id))).body, row!.id);
    expect(stored).toMatch(/^\s*Sunday 14 June 2026 — Employment tribunal claim: unlawful deduction from wages .*If the six-month limit applies to this claim: 14 September 2026\. .*Work to the earlier date, 14 June 2026\./);
    expect(stored).not.toContain('Business days counted in');
  });

  it('a Bavarian and a Berlin desk get different dates for the same dismissal received on 14 May 2026, each explained', async () => {
    const munich = await addDesk({ name: 'Munich Migrant Workers Desk', country: 'DE', city: 'München', timezone: 'Europe/Berlin', refPrefix: 'MUC', region: 'DE-BY' });
    const berlin = await addDesk({ name: 'Berlin Migrant Workers Desk', country: 'DE', city: 'Berlin', timezone: 'Europe/Berlin', refPrefix: 'BER', region: 'DE-BE' });
    const rule = RULES.find((r) => r.id === 'de-kschg-klage')!;
    const texts: string[] = [];
    for (const desk of [munich, berlin]) {
      const agent = await signIn(t.app, desk.counsellor.email);
      const kase = makeCase(t.db, { contactPointId: desk.cp.id, createdBy: desk.counsellor.id, jurisdictionCountry: 'DE', caseTypes: [rule.caseTypes[0]!] }, t.clock.now());
      await enterDates(agent, kase.id, { [rule.trigger]: '2026-05-14' });
      texts.push(proposalText((await agent.get(page(kase.id))).body, 'de-kschg-klage'));
    }
    // Three weeks end on Thursday 4 June 2026, Corpus Christi: a public holiday in Bavaria, not in Berlin (BGB §193).
    expect(texts[0]).toContain('Friday 5 June 2026 —');
    expect(texts[0]).toContain('4 June 2026 is Corpus Christi, a public holiday in Bavaria: moved to Friday 5 June 2026');
    expect(texts[0]).toContain('Business days counted in: Bavaria (DE-BY).');
    expect(texts[1]).toContain('Thursday 4 June 2026 —');
    expect(texts[1]).toContain('Business days counted in: Berlin (DE-BE).');

    const calc = (region: string) => admin.get(`/deadlines/calculator?rule=de-kschg-klage&trigger=2026-05-14&region=${region}`);
    expect((await calc('DE-BY')).body).toContain('<time datetime="2026-06-05">');
    expect((await calc('DE-BE')).body).toContain('<time datetime="2026-06-04">');
  });
});

describe('the calculator’s region', () => {
  const url = (query: string) => `/deadlines/calculator?rule=au-unfair-dismissal&trigger=2026-10-13${query}`;

  it('takes region= in its URL and shows the region used; the link to the calculation keeps it', async () => {
    const vic = await admin.get(url('&region=AU-VIC'));
    expect(vic.statusCode).toBe(200);
    expect(vic.body).toContain('<time datetime="2026-11-04">');
    expect(textOf(vic.body)).toContain('3 November 2026 is Melbourne Cup, a public holiday in Victoria: moved to Wednesday 4 November 2026');
    expect(textOf(vic.body)).toContain('Business days counted in: Victoria (AU-VIC).');
    expect(vic.body).toContain('<option value="AU-VIC" selected>Victoria (AU-VIC)</option>');
    expect(vic.body).toContain('href="/deadlines/calculator?rule=au-unfair-dismissal&amp;trigger=2026-10-13&amp;region=AU-VIC"');

    const nsw = await admin.get(url('&region=au-nsw'));
    expect(nsw.body).toContain('<time datetime="2026-11-03">');
    expect(textOf(nsw.body)).toContain('Business days counted in: New South Wales (AU-NSW).');
    const none = await admin.get(url(''));
    expect(none.body).toContain('<time datetime="2026-11-03">');
    expect(textOf(none.body)).toContain('Business days counted in: Australia (nationwide holidays only: no region chosen).');
  });

  it('defaults to the region of the user’s contact point when it is in the rule’s country', async () => {
    const melbourne = await addDesk({ name: 'Melbourne Migrant Workers Centre', city: 'Melbourne', timezone: 'Australia/Melbourne', refPrefix: 'MEL', region: 'AU-VIC' });
    const there = await signIn(t.app, melbourne.counsellor.email);
    const res = await there.get(url(''));
    expect(res.body).toContain('<time datetime="2026-11-04">');
    expect(res.body).toContain('<option value="AU-VIC" selected>');
    // Told otherwise, it computes for the region asked.
    expect((await there.get(url('&region=AU-NSW'))).body).toContain('<time datetime="2026-11-03">');
    // A London counsellor's region is in another country: nationwide.
    const london = await signIn(t.app, 'counsellor@demo.test');
    expect((await london.get(url(''))).body).toContain('<time datetime="2026-11-03">');
  });

  it('counts the local holidays of the user’s contact point for its own place', async () => {
    addLocalHolidayRule();
    const madrid = await addDesk({ name: 'Madrid Migrant Workers Desk', country: 'ES', city: 'Madrid', timezone: 'Europe/Madrid', refPrefix: 'MAD', region: 'ES-MD' });
    t.db.insert(contactPointHolidays).values({ contactPointId: madrid.cp.id, date: '2026-05-15', name: 'San Isidro, Madrid', createdAt: t.clock.now() }).run();
    const there = await signIn(t.app, madrid.counsellor.email);
    const calc = (query: string) => there.get(`/deadlines/calculator?rule=es-test-local-days&trigger=2026-05-05${query}`);
    const home = await calc('');
    expect(home.body).toContain('<time datetime="2026-05-18">');
    expect(textOf(home.body)).toContain('15 May 2026 is San Isidro, Madrid, a local holiday of the contact point');
    expect((await calc('&region=ES-CT')).body).toContain('<time datetime="2026-05-15">');
    expect((await admin.get('/deadlines/calculator?rule=es-test-local-days&trigger=2026-05-05&region=ES-MD')).body).toContain('<time datetime="2026-05-15">');
  });

  it.each([
    ['a region of another country', '&region=DE-BY', 'This region is in another country than this rule: choose a region of the rule’s country.'],
    ['a region the calendars do not know', '&region=AU-XX', 'This is not a region the holiday calendars know for the country of this rule: choose one from the list.'],
    ['something that is no region code', '&region=%3Cscript%3E', 'This is not a region the holiday calendars know for the country of this rule: choose one from the list.'],
  ])('refuses %s with 422 and a message, computing nothing', async (_what, query, message) => {
    const res = await admin.get(url(query));
    expect(res.statusCode).toBe(422);
    expect(/<p class="error" id="f-region-error">([^<]*)<\/p>/.exec(res.body)?.[1]).toBe(message);
    expect(res.body).not.toContain('<time datetime="2026-11-0');
    expect(res.body).not.toContain('<script>');
  });

  it('offers a region only for a rule counted in regional calendars without a region of its own', async () => {
    const offered = async (rule: string) => (await admin.get(`/deadlines/calculator?rule=${rule}`)).body.includes('name="region"');
    expect(await offered('au-unfair-dismissal')).toBe(true);
    expect(await offered('us-flsa')).toBe(false);
    expect(await offered('us-ca-wage-claim')).toBe(false);
    expect(await offered('uk-et-wages')).toBe(false);
  });

  it('groups the rules by every country of the catalogue, named in words', async () => {
    addLocalHolidayRule();
    const body = (await admin.get('/deadlines/calculator')).body;
    const groups = [...body.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1]);
    const countries = [...new Set([...RULES.map((r) => r.jurisdiction.country), 'ES'])];
    expect(groups).toEqual(countries.map((c) => new Intl.DisplayNames(['en'], { type: 'region' }).of(c)));
    expect(groups).toContain('Spain');
  });
});
