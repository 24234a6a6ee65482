import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCase } from '../../src/cases/cases.service.js';
import { insertConsent } from '../../src/people/people.repo.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { cleanEnv } from '../helpers/env.js';
import { TEST_NOW } from '../helpers/clock.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let counsellor: Agent;
let d: ReturnType<typeof demo>;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const row = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => t.db.$client.prepare(query).get(...params) as T;
const rows = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => t.db.$client.prepare(query).all(...params) as T[];

const personForm = (over: Record<string, string | string[]> = {}) => ({
  contactPointId: String(d.ldn.id),
  consentGivenOn: '2026-11-20',
  consentScopes: ['store', 'anonymised_statistics'],
  consentNote: 'Given through an interpreter',
  name: 'Olena Kovalenko',
  alias: '',
  preferredLanguage: 'uk',
  nationality: 'UA',
  phone: '+44 7700 900001',
  immigrationStatus: 'work_visa_tied',
  visaType: 'Seasonal Worker',
  visaExpiry: '2027-03-01',
  ...over,
});

const caseForm = (personId: number, over: Record<string, string | string[]> = {}) => ({
  personId: String(personId),
  caseTypes: ['wage_theft', 'unlawful_deductions'],
  sector: 'agriculture',
  jurisdictionCountry: 'GB',
  jurisdictionRegion: 'GB-ENG',
  priority: 'high',
  summary: 'Six weeks unpaid on a fruit farm; accommodation fee deducted from wages.',
  employmentStart: '2026-04-01',
  employmentEnd: '2026-10-15',
  amountClaimed: '1,250.50',
  currency: 'GBP',
  gcmObjectives: ['gcm6_fair_recruitment'],
  assignedTo: d.counsellor.id,
  ...over,
});

const year = new Date(TEST_NOW).getUTCFullYear();
/** The demo data already holds cases: references are checked against the sequence as it stands. */
const lastNumber = (contactPointId: number, y = year) =>
  row<{ n: number } | undefined>('select last_number as n from case_sequences where contact_point_id = ? and year = ?', contactPointId, y)?.n ?? 0;
const reference = (prefix: string, n: number, y = year) => `${prefix}-${y}-${String(n).padStart(5, '0')}`;
const caseIdFrom = (location: unknown) => {
  const m = /^\/cases\/(\d+)\?notice=created$/.exec(String(location));
  if (!m) throw new Error(`not a case redirect: ${String(location)}`);
  return Number(m[1]);
};

const personIdFrom = (location: string | undefined) => {
  const m = /^\/cases\/new\/case\?person=(\d+)$/.exec(location ?? '');
  if (!m) throw new Error(`not a case-form redirect: ${location}`);
  return Number(m[1]);
};

describe('step 1: finding the person', () => {
  beforeEach(() => {
    const maria = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Itzél Quiñónez Ábrego', phone: '+44 7700 900 055', nationality: 'MX' });
    makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: maria.id });
    makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: maria.id });
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: null, alias: 'Kestrel', phone: '07911 123456' });
    makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Itzel Quinonez Chicago', phone: '+1 312 555 0199' });
  });

  it('finds by name without accents or case, shows nationality, a masked phone and the number of cases', async () => {
    const res = await counsellor.get('/cases/new?q=itzel%20QUINONEZ');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('1 person found');
    expect(text).toMatch(/Itzél Quiñónez Ábrego Mexico \+•• •••• ••• 055 2 Start a case/);
    expect(text).not.toContain('7700 900 055');
    // Another contact point's people never appear.
    expect(text).not.toContain('Chicago');
  });

  it('finds by alias, and by phone digits typed in another format', async () => {
    expect(textOf((await counsellor.get('/cases/new?q=KESTR')).body)).toContain('Kestrel alias');
    const byPhone = textOf((await counsellor.get(`/cases/new?q=${encodeURIComponent('+44 (0)7911-123')}`)).body);
    expect(byPhone).toContain('Kestrel');
    expect(byPhone).toContain('1 person found');
  });

  it('answers htmx with the results fragment only', async () => {
    const res = await counsellor.get('/cases/new?q=abrego', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(textOf(res.body)).toContain('Itzél Quiñónez Ábrego');
    expect(res.headers.vary).toContain('HX-Request');
  });

  it('says when nothing matches and offers a new person', async () => {
    const text = textOf((await counsellor.get('/cases/new?q=Nobody%20Here')).body);
    expect(text).toContain('No one on record matches “Nobody Here”');
    expect(text).toContain('New person');
  });

  it('shows the first 20 people and says when there are more', async () => {
    for (let i = 0; i < 22; i += 1) makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: `Quillon Person ${String(i).padStart(2, '0')}` });
    const res = await counsellor.get('/cases/new?q=quillon');
    expect(textOf(res.body)).toContain('More than 20 people found: type more to narrow the list.');
    expect(res.body.match(/href="\/cases\/new\/case\?person=\d+"/g)).toHaveLength(20);
    expect(textOf(res.body)).toContain('Quillon Person 00');
    expect(textOf((await counsellor.get('/cases/new?q=quillon%20person%2021')).body)).toContain('1 person found');
  });

  it('answers odd search terms with a page, never an error', async () => {
    for (const q of ['%', '_', '!!', '   ', "'; drop table people; --", 'x'.repeat(300), '(0)', '+', 'ñ']) {
      const res = await counsellor.get(`/cases/new?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect((await counsellor.get('/cases/new?q=a&q=b')).statusCode).toBe(200);
    expect(count('people')).toBeGreaterThan(0);
  });

  it('is not open to an administrator', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const before = count('people');
    expect((await admin.get('/cases/new')).statusCode).toBe(403);
    expect((await admin.post('/cases/new/person', personForm())).statusCode).toBe(403);
    expect(count('people')).toBe(before);
  });
});

describe('step 2: a new person, with duplicate detection', () => {
  it('creates the person and their consent, then goes to the case form', async () => {
    const res = await counsellor.post('/cases/new/person', personForm());
    expect(res.statusCode).toBe(303);
    const id = personIdFrom(res.headers.location as string);
    const person = row<{ name: string; phone_digits: string; contact_point_id: number; immigration_status: string; created_by: string }>('select * from people where id = ?', id);
    expect(person).toMatchObject({ name: 'Olena Kovalenko', phone_digits: '447700900001', contact_point_id: d.ldn.id, immigration_status: 'work_visa_tied', created_by: d.counsellor.id });
    const consent = row<{ given_on: string; recorded_by: string; scopes: string; note: string }>('select * from consents where person_id = ?', id);
    expect(consent).toMatchObject({ given_on: '2026-11-20', recorded_by: d.counsellor.id, note: 'Given through an interpreter' });
    expect(JSON.parse(consent.scopes)).toEqual(['store', 'anonymised_statistics']);

    const form = await counsellor.get(res.headers.location as string);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Case for Olena Kovalenko');
  });

  it('flags the same phone number typed differently, saves nothing, and creates anyway when told to', async () => {
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Someone Else', phone: '+44 (7700) 900-001' });
    const before = count('people');
    const consentsBefore = count('consents');
    const flagged = await counsellor.post('/cases/new/person', personForm({ phone: '07700 900001' }));
    expect(flagged.statusCode).toBe(409);
    const text = textOf(flagged.body);
    expect(text).toContain('Is this someone already on record?');
    expect(text).toContain('Someone Else');
    expect(text).toContain('Same phone number');
    expect(text).toContain('Use this person');
    // What was typed is still in the form.
    expect(flagged.body).toContain('value="Olena Kovalenko"');
    expect(count('people')).toBe(before);
    expect(count('consents')).toBe(consentsBefore);

    const anyway = await counsellor.post('/cases/new/person', personForm({ phone: '07700 900001', createAnyway: '1' }));
    expect(anyway.statusCode).toBe(303);
    expect(count('people')).toBe(before + 1);
  });

  it('flags a similar name or alias regardless of accents and case', async () => {
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Bożydar Żółkiewski-Ørsted', phone: null });
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: null, alias: 'Kestrel', phone: null });
    const before = count('people');
    const byName = await counsellor.post('/cases/new/person', personForm({ name: 'bozydar zolkiewski-orsted', phone: '' }));
    expect(byName.statusCode).toBe(409);
    expect(textOf(byName.body)).toContain('Bożydar Żółkiewski-Ørsted');
    expect(textOf(byName.body)).toContain('Similar name or alias');
    const byPrefix = await counsellor.post('/cases/new/person', personForm({ name: 'BOZYDAR', phone: '' }));
    expect(byPrefix.statusCode).toBe(409);
    expect(textOf(byPrefix.body)).toContain('Bożydar Żółkiewski-Ørsted');
    const byAlias = await counsellor.post('/cases/new/person', personForm({ name: '', alias: 'kestrel', phone: '' }));
    expect(byAlias.statusCode).toBe(409);
    expect(textOf(byAlias.body)).toContain('Kestrel');
    expect(count('people')).toBe(before);
  });

  it('does not look at the people of another contact point', async () => {
    const chicago = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Olena Kovalenko', phone: '+44 7700 900001' });
    const res = await counsellor.post('/cases/new/person', personForm());
    // No duplicate warning (409): a new person at London, and the counsellor goes on to the case form.
    expect(res.statusCode).toBe(303);
    const id = personIdFrom(res.headers.location as string);
    expect(id).not.toBe(chicago.id);
    expect(rows('select id, contact_point_id from people where name = ? order by id', 'Olena Kovalenko')).toEqual([
      { id: chicago.id, contact_point_id: d.chi.id },
      { id, contact_point_id: d.ldn.id },
    ]);
    const next = textOf((await counsellor.get(res.headers.location as string)).body);
    expect(next).toContain('Olena Kovalenko');
    expect(next).not.toContain('Chicago');
  });

  it('"use this person" adds today\'s consent to the existing record and creates no one', async () => {
    const existing = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.supervisor.id, name: 'Olena Kovalenko', phone: null });
    const before = count('people');
    const res = await counsellor.post('/cases/new/person', personForm({ useExisting: String(existing.id) }));
    expect(res.statusCode).toBe(303);
    expect(personIdFrom(res.headers.location as string)).toBe(existing.id);
    expect(count('people')).toBe(before);
    const consents = rows<{ recorded_by: string; scopes: string }>('select * from consents where person_id = ? order by id', existing.id);
    expect(consents).toHaveLength(2);
    expect(consents[1]!.recorded_by).toBe(d.counsellor.id);
    expect(JSON.parse(consents[1]!.scopes)).toEqual(['store', 'anonymised_statistics']);
  });

  it('"use this person" answers 404 for someone of another contact point', async () => {
    const other = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id });
    const before = count('consents');
    const res = await counsellor.post('/cases/new/person', personForm({ useExisting: String(other.id) }));
    expect(res.statusCode).toBe(404);
    expect(count('consents')).toBe(before);
  });
});

describe('a supervisor of two contact points', () => {
  it('chooses the contact point of a new person, and cannot choose another one', async () => {
    t.db.$client.prepare('insert into user_contact_points (user_id, contact_point_id) values (?, ?)').run(d.supervisor.id, d.chi.id);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const form = await supervisor.get('/cases/new/person');
    expect(form.body).toContain(`<option value="${d.chi.id}">Chicago Worker Center</option>`);
    const res = await supervisor.post('/cases/new/person', personForm({ contactPointId: String(d.chi.id), name: 'Rosa Ybarra', phone: '' }));
    expect(res.statusCode).toBe(303);
    expect(row<{ contact_point_id: number }>('select contact_point_id from people where id = ?', personIdFrom(res.headers.location as string)).contact_point_id).toBe(d.chi.id);

    const before = count('people');
    const other = t.db.$client.prepare("insert into contact_points (name, union_name, country, city, languages, services, timezone, ref_prefix, created_at) values ('Elsewhere', 'U', 'IE', 'Dublin', '[]', '[]', 'Europe/Dublin', 'DUB', 0)").run();
    const refused = await supervisor.post('/cases/new/person', personForm({ contactPointId: String(other.lastInsertRowid), name: 'Rosa Ybarra II', phone: '' }));
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Choose one of your contact points.');
    expect(count('people')).toBe(before);
  });
});

describe('malformed forms', () => {
  it('answers 422, not an error, when a text field arrives twice', async () => {
    const before = count('people');
    const res = await counsellor.post('/cases/new/person', personForm({ name: ['Olena', 'Kovalenko'] }));
    expect(res.statusCode).toBe(422);
    expect(count('people')).toBe(before);
  });
});

describe('consent rules', () => {
  it('without consent to store, no person is created and the form says what to do instead', async () => {
    const before = { people: count('people'), consents: count('consents') };
    const res = await counsellor.post('/cases/new/person', personForm({ consentScopes: ['share_with_partners'] }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Without consent to store their details, no record of this person can be kept');
    expect(res.body).toContain('href="/cases/new/anonymous"');
    expect({ people: count('people'), consents: count('consents') }).toEqual(before);
  });

  it('an anonymous contact is an information-only case with no person, closed with advice given', async () => {
    const peopleBefore = count('people');
    const next = lastNumber(d.ldn.id) + 1;
    const res = await counsellor.post('/cases/new/anonymous', {
      contactPointId: String(d.ldn.id),
      sector: 'care',
      jurisdictionCountry: 'GB',
      jurisdictionRegion: '',
      summary: 'Asked about holiday pay after leaving a care job; explained entitlement and time limits.',
    });
    expect(res.statusCode).toBe(303);
    const id = caseIdFrom(res.headers.location);
    const kase = row<{ person_id: number | null; status: string; outcome: string; reference: string; closed_at: number | null; assigned_to: string }>('select * from cases where id = ?', id);
    expect(kase).toMatchObject({ person_id: null, status: 'closed', outcome: 'advice_given', reference: reference('LDN', next), assigned_to: d.counsellor.id });
    expect(kase.closed_at).not.toBeNull();
    expect(rows<{ case_type: string }>('select case_type from case_types where case_id = ?', id).map((r) => r.case_type)).toEqual(['information_only']);
    expect(count('people')).toBe(peopleBefore);
  });

  it('an anonymous contact refuses a phone number or an email in its summary', async () => {
    const before = count('cases');
    for (const summary of ['Call her back on 07700 900 123', 'Wrote from olena@example.org']) {
      const res = await counsellor.post('/cases/new/anonymous', { contactPointId: String(d.ldn.id), jurisdictionCountry: 'GB', summary });
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('an anonymous contact must not identify the person');
      expect(res.body).toContain(summary);
    }
    expect(count('cases')).toBe(before);
  });

  it('no case can be opened for someone whose newest consent withdrew storing', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    t.db.transaction((tx) => insertConsent(tx, { personId: person.id, givenOn: '2026-11-23', recordedBy: d.counsellor.id, scopes: ['anonymised_statistics'], createdAt: t.clock.now() }));
    const before = count('cases');
    const form = await counsellor.get(`/cases/new/case?person=${person.id}`);
    expect(textOf(form.body)).toContain('does not include storing their details');
    expect(form.body).not.toContain('action="/cases/new/case"');
    const res = await counsellor.post('/cases/new/case', caseForm(person.id));
    expect(res.statusCode).toBe(422);
    expect(count('cases')).toBe(before);
  });
});

describe('step 3: the case', () => {
  it('opens the case with every field, at intake, and redirects to its page', async () => {
    const personId = personIdFrom((await counsellor.post('/cases/new/person', personForm())).headers.location as string);
    const form = await counsellor.get(`/cases/new/case?person=${personId}`);
    // Defaults: the contact point's country and currency, and the counsellor themself.
    expect(form.body).toMatch(/<option value="GB" selected>/);
    expect(form.body).toMatch(/<option value="GBP" selected>/);
    expect(form.body).toContain(`<option value="${d.counsellor.id}" selected>Amira Haddad (me)</option>`);
    expect(textOf(form.body)).toContain('Grace Okafor (Supervisor)');

    const next = lastNumber(d.ldn.id) + 1;
    const eventsBefore = count('case_events');
    const res = await counsellor.post('/cases/new/case', caseForm(personId, { assignedTo: d.supervisor.id }));
    expect(res.statusCode).toBe(303);
    const id = caseIdFrom(res.headers.location);
    // The page the counsellor lands on says what happened, as a status message.
    expect((await counsellor.get(String(res.headers.location))).body).toMatch(/<div class="notice notice--ok" role="status">The case has been opened\.<\/div>/);
    const kase = row<Record<string, unknown>>('select * from cases where id = ?', id);
    expect(kase).toMatchObject({
      reference: reference('LDN', next),
      person_id: personId,
      contact_point_id: d.ldn.id,
      status: 'intake',
      priority: 'high',
      sector: 'agriculture',
      jurisdiction_country: 'GB',
      jurisdiction_region: 'GB-ENG',
      employment_start: '2026-04-01',
      employment_end: '2026-10-15',
      amount_claimed_minor: 125050,
      currency: 'GBP',
      assigned_to: d.supervisor.id,
      created_by: d.counsellor.id,
    });
    expect(JSON.parse(kase.gcm_objectives as string)).toEqual(['gcm6_fair_recruitment']);
    expect(rows<{ case_type: string }>('select case_type from case_types where case_id = ? order by case_type', id).map((r) => r.case_type)).toEqual(['unlawful_deductions', 'wage_theft']);
    expect(count('case_events')).toBe(eventsBefore + 1);
    // The new case is found by the person's name.
    expect(rows("select rowid from case_search where case_search match 'kovalenko'")).toHaveLength(1);
  });

  it('refuses an assignee who is not a case worker of the contact point', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const before = count('cases');
    for (const assignedTo of [d.counsellor2.id, d.admin.id, 'no-such-user']) {
      const res = await counsellor.post('/cases/new/case', caseForm(person.id, { assignedTo }));
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('Choose a counsellor of this contact point from the list.');
    }
    expect(count('cases')).toBe(before);
  });

  it('answers 404 for a person of another contact point, or one that does not exist', async () => {
    const other = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id });
    const before = count('cases');
    expect((await counsellor.get(`/cases/new/case?person=${other.id}`)).statusCode).toBe(404);
    expect((await counsellor.get('/cases/new/case?person=99999')).statusCode).toBe(404);
    expect((await counsellor.get('/cases/new/case?person=abc')).statusCode).toBe(404);
    expect((await counsellor.post('/cases/new/case', caseForm(other.id))).statusCode).toBe(404);
    expect((await counsellor.post('/cases/new/case', caseForm(0, { personId: 'x' }))).statusCode).toBe(404);
    expect(count('cases')).toBe(before);
  });

  const bad: [string, Record<string, string | string[]>, string, string][] = [
    ['an impossible date', { employmentStart: '2026-02-30' }, 'employmentStart', 'This date does not exist.'],
    ['a date before 1950', { employmentStart: '1899-12-31' }, 'employmentStart', 'This date is too far in the past.'],
    ['a date far in the future', { employmentEnd: '2099-01-01' }, 'employmentEnd', 'This date is too far in the future.'],
    ['an end before the start', { employmentStart: '2026-05-01', employmentEnd: '2026-04-01' }, 'employmentEnd', 'The end cannot be before the start.'],
    ['a negative amount', { amountClaimed: '-20' }, 'amountClaimed', 'An amount cannot be negative.'],
    ['an amount that is not a number', { amountClaimed: 'twelve' }, 'amountClaimed', 'Enter an amount in numbers'],
    ['an amount with 3 decimals', { amountClaimed: '10.505' }, 'amountClaimed', 'Use at most 2 decimal places.'],
    ['an amount without currency', { currency: '' }, 'currency', 'Choose the currency of the amount.'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency', 'Choose a value from the list.'],
    ['no case type', { caseTypes: [] }, 'caseTypes', 'Choose at least one case type.'],
    ['an unknown case type', { caseTypes: ['wage_theft', 'alien_abduction'] }, 'caseTypes', 'Choose a value from the list.'],
    ['an unknown sector', { sector: 'mining' }, 'sector', 'Choose a value from the list.'],
    ['an unknown priority', { priority: 'extreme' }, 'priority', 'Choose a value from the list.'],
    ['an unknown GCM objective', { gcmObjectives: ['gcm99'] }, 'gcmObjectives', 'Choose a value from the list.'],
    ['a country that is not an ISO code', { jurisdictionCountry: 'XX' }, 'jurisdictionCountry', 'Choose a country from the list.'],
    ['no summary', { summary: '   ' }, 'summary', 'Fill this in.'],
    ['an over-long summary', { summary: 'x'.repeat(4001) }, 'summary', 'This is too long.'],
    ['an over-long region', { jurisdictionRegion: 'r'.repeat(81) }, 'jurisdictionRegion', 'This is too long.'],
  ];

  it.each(bad)('refuses %s with a message next to the field, saving nothing', async (_what, over, field, message) => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const before = { cases: count('cases'), events: count('case_events'), audit: count('audit_log') };
    const res = await counsellor.post('/cases/new/case', caseForm(person.id, over));
    expect(res.statusCode).toBe(422);
    const errorBlock = new RegExp(`<p class="error" id="f-${field}-error">([^<]*)</p>`).exec(res.body);
    expect(errorBlock?.[1]).toContain(message);
    expect(textOf(res.body)).toContain('It has not been saved.');
    expect({ cases: count('cases'), events: count('case_events'), audit: count('audit_log') }).toEqual(before);
    // What was typed comes back.
    expect(res.body).toContain(over.summary === undefined ? 'Six weeks unpaid on a fruit farm' : '<option value="GB-ENG" selected>');
  });

  it('shows every problem at once, including the rules across fields', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const res = await counsellor.post('/cases/new/case', caseForm(person.id, { amountClaimed: '-1', employmentStart: '2026-06-01', employmentEnd: '2026-05-01', caseTypes: [] }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('There are 3 problems with this form.');
    for (const message of ['An amount cannot be negative.', 'The end cannot be before the start.', 'Choose at least one case type.']) expect(text).toContain(message);

    const personRes = await counsellor.post('/cases/new/person', personForm({ name: '', alias: '', phone: 'abc', consentScopes: [] }));
    expect(personRes.statusCode).toBe(422);
    const personText = textOf(personRes.body);
    for (const message of ['Give a name or an alias.', 'Enter a phone number with digits', 'Without consent to store their details']) expect(personText).toContain(message);
  });

  it('keeps text with markup as typed and shows it escaped in the re-rendered form', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const summary = `<script>alert("x")</script> O'Brien said "no"`;
    const res = await counsellor.post('/cases/new/case', caseForm(person.id, { summary, amountClaimed: 'bad' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const ok = await counsellor.post('/cases/new/case', caseForm(person.id, { summary }));
    expect(ok.statusCode).toBe(303);
    expect(row<{ summary: string }>('select summary from cases where id = ?', caseIdFrom(ok.headers.location)).summary).toBe(summary);
  });
});

describe('case references', () => {
  it('count per contact point and per year', async () => {
    const ldnPerson = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const chiPerson = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id });
    const refOf = (res: { headers: Record<string, unknown> }) => row<{ reference: string }>('select reference from cases where id = ?', caseIdFrom(res.headers.location)).reference;
    const ldn = lastNumber(d.ldn.id);
    const chi = lastNumber(d.chi.id);

    expect(refOf(await counsellor.post('/cases/new/case', caseForm(ldnPerson.id)))).toBe(reference('LDN', ldn + 1));
    expect(refOf(await counsellor.post('/cases/new/case', caseForm(ldnPerson.id)))).toBe(reference('LDN', ldn + 2));
    expect(refOf(await chicago.post('/cases/new/case', caseForm(chiPerson.id, { jurisdictionCountry: 'US', jurisdictionRegion: 'US-IL', currency: 'USD', assignedTo: d.counsellor2.id })))).toBe(reference('CHI', chi + 1));
    expect(refOf(await counsellor.post('/cases/new/case', caseForm(ldnPerson.id)))).toBe(reference('LDN', ldn + 3));

    // A new year starts again at 1, in the contact point's own time zone: 00:30 UTC on 1 January is still the old year in Chicago.
    const newYear = Date.UTC(year + 1, 0, 1, 0, 30);
    const input = { contactPointId: d.ldn.id, personId: ldnPerson.id, assignedTo: d.counsellor.id, caseTypes: ['wage_theft' as const], jurisdictionCountry: 'GB' };
    expect((await createCase(t.db, input, d.counsellor.id, null, newYear)).reference).toBe(reference('LDN', 1, year + 1));
    expect((await createCase(t.db, { ...input, contactPointId: d.chi.id, personId: chiPerson.id }, d.counsellor2.id, null, newYear)).reference).toBe(reference('CHI', chi + 2));
  });

  it('stay distinct and consecutive when 20 intakes are saved at once', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const last = lastNumber(d.ldn.id);
    const responses = await Promise.all(Array.from({ length: 20 }, () => counsellor.post('/cases/new/case', caseForm(person.id))));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(303));
    const refs = rows<{ reference: string }>('select reference from cases where person_id = ? order by reference', person.id).map((r) => r.reference);
    expect(refs).toEqual(Array.from({ length: 20 }, (_, i) => reference('LDN', last + i + 1)));
  });

  it('stay distinct and consecutive when separate processes write to the same database at once', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = join(t.dir, 'writer.ts');
    // Each writer opens its own connection, says "ready", and waits for "go" on stdin, so that all start together.
    writeFileSync(
      script,
      `import { readSync } from 'node:fs';
import { openDatabase } from ${JSON.stringify(join(root, 'src/db/client.js'))};
import { createCase } from ${JSON.stringify(join(root, 'src/cases/cases.service.js'))};
const [dbPath, cp, personId, userId, n] = process.argv.slice(2);
const db = openDatabase(dbPath!);
process.stderr.write('ready\\n');
readSync(0, Buffer.alloc(3));
const pause = new Int32Array(new SharedArrayBuffer(4));
const refs: string[] = [];
// The script runs as CommonJS (no top-level await); createCase waits for the others' locks asynchronously.
void (async () => {
  for (let i = 0; i < Number(n); i += 1) {
    refs.push((await createCase(db, { contactPointId: Number(cp), personId: Number(personId), assignedTo: userId!, caseTypes: ['wage_theft'], jurisdictionCountry: 'GB' }, userId!, null, ${Date.parse(TEST_NOW)})).reference);
    // A counsellor does not save in a tight loop: the pause lets the other writers in between.
    Atomics.wait(pause, 0, 0, 30);
  }
  db.$client.close();
  process.stdout.write(JSON.stringify(refs));
})();
`,
    );
    const last = lastNumber(d.ldn.id);
    const args = [script, t.config.databasePath, String(d.ldn.id), String(person.id), d.counsellor.id, '15'];
    const writers = [1, 2, 3].map(() => spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: cleanEnv() }));
    const outputs = writers.map((w) => {
      let out = '';
      w.stdout.on('data', (chunk) => (out += chunk));
      return new Promise<string>((resolve, reject) => w.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer exited with ${code}`)))));
    });
    let perProcess: string[][];
    try {
      await Promise.all(writers.map((w) => new Promise<void>((resolve) => w.stderr.once('data', () => resolve()))));
      for (const w of writers) w.stdin.write('go\n');
      perProcess = (await Promise.all(outputs)).map((o) => JSON.parse(o) as string[]);
    } finally {
      for (const w of writers) if (w.exitCode === null) w.kill();
    }
    expect(perProcess.flat().sort()).toEqual(Array.from({ length: 45 }, (_, i) => reference('LDN', last + i + 1)));
    // They really wrote at the same time: the numbers of one process are interleaved with the others'.
    expect(perProcess.some((refs) => Number(refs.at(-1)!.slice(-5)) - Number(refs[0]!.slice(-5)) > 14)).toBe(true);
  }, 40_000);
});

describe('audit', () => {
  it('records the creation of the person and of the case with field names, never values', async () => {
    const auditBefore = row<{ n: number }>('select coalesce(max(id), 0) as n from audit_log').n;
    const res = await counsellor.post('/cases/new/person', personForm({ safetyFlags: ['do_not_call'] }));
    const personId = personIdFrom(res.headers.location as string);
    const caseRes = await counsellor.post('/cases/new/case', caseForm(personId));
    const caseId = String(caseIdFrom(caseRes.headers.location));
    const entries = rows<{ action: string; target_type: string; target_id: string; user_id: string; fields: string; contact_point_id: number }>(
      "select * from audit_log where action = 'create' and id > ? order by id",
      auditBefore,
    );
    expect(entries.map((e) => [e.target_type, e.target_id])).toEqual([
      ['person', String(personId)],
      ['case', caseId],
    ]);
    const personFields = JSON.parse(entries[0]!.fields) as string[];
    expect(personFields).toEqual(expect.arrayContaining(['name', 'phone', 'nationality', 'immigrationStatus', 'visaExpiry', 'safetyFlags', 'consent']));
    expect(personFields).not.toContain('alias');
    expect(entries.every((e) => e.user_id === d.counsellor.id && e.contact_point_id === d.ldn.id)).toBe(true);
    const everything = JSON.stringify(rows('select * from audit_log where id > ?', auditBefore));
    for (const value of ['Olena', '7700', 'Seasonal Worker', 'fruit farm', 'work_visa_tied']) expect(everything).not.toContain(value);
  });
});
