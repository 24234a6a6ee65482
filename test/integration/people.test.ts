import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../src/people/people.table.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let counsellor: Agent;
let d: ReturnType<typeof demo>;
let person: Person;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  person = makePerson(t.db, {
    contactPointId: d.ldn.id,
    recordedBy: d.counsellor.id,
    name: 'Nguyễn Văn Thành',
    alias: 'Tony',
    preferredLanguage: 'vi',
    interpreterNeeded: true,
    phone: '+44 7700 900002',
    messagingHandle: 'Signal: @thanh',
    nationality: 'VN',
    gender: 'man',
    birthYear: 1990,
    immigrationStatus: 'undocumented',
    visaType: 'Seasonal Worker',
    visaExpiry: '2025-06-30',
    unionName: 'Workers Union UK',
    unionNumber: 'WU-1001',
    unionSince: '2026-01-15',
    safetyFlags: ['employer_controls_phone', 'risk_of_retaliation'],
    safetyNote: 'Only call after 7pm.',
    scopes: ['store', 'share_with_partners'],
  });
});
afterEach(async () => {
  await t.close();
});

const row = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => t.db.$client.prepare(query).get(...params) as T;
const rows = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => t.db.$client.prepare(query).all(...params) as T[];
/** A page's text without its request id, to compare two error pages. */
const sameless = (html: string) => textOf(html).replace(/\b[0-9a-f]{8}\b/g, 'ID');
const personRow = () => row<Record<string, unknown>>('select * from people where id = ?', person.id);
const auditOf = (action: string) =>
  rows<{ user_id: string; fields: string | null; contact_point_id: number }>("select * from audit_log where target_type = 'person' and target_id = ? and action = ? order by id", String(person.id), action);

const editForm = (over: Record<string, string | string[]> = {}) => ({
  // The version the edit form carries: the person made for each test has not been changed yet.
  version: '1',
  name: 'Nguyễn Văn Thành',
  alias: 'Tony',
  preferredLanguage: 'vi',
  interpreterNeeded: 'on',
  phone: '+44 7700 900002',
  messagingHandle: 'Signal: @thanh',
  nationality: 'VN',
  gender: 'man',
  birthYear: '1990',
  birthDate: '',
  immigrationStatus: 'undocumented',
  visaType: 'Seasonal Worker',
  visaExpiry: '2025-06-30',
  unionName: 'Workers Union UK',
  unionNumber: 'WU-1001',
  unionSince: '2026-01-15',
  safetyFlags: ['employer_controls_phone', 'risk_of_retaliation'],
  safetyNote: 'Only call after 7pm.',
  ...over,
});

describe('the person page', () => {
  it('shows the record, the safety flags first, the sensitive section, the consent and the cases', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['wage_theft', 'passport_withheld'] });
    const res = await counsellor.get(`/people/${person.id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toMatch(/Nguyễn Văn Thành “ ?Tony ?”/);
    // The safety block comes before the details.
    expect(text.indexOf('Employer controls the phone')).toBeGreaterThan(-1);
    expect(text.indexOf('Risk of retaliation')).toBeLessThan(text.indexOf('Details'));
    expect(text).toContain('Only call after 7pm.');
    expect(text).toContain('Vietnamese · Interpreter needed');
    expect(text).toContain('Vietnam');
    expect(text).toContain('+44 7700 900002');
    expect(text).toMatch(/Immigration situation Sensitive .* Immigration situation Undocumented/);
    expect(text).toContain('30 Jun 2025 expired');
    expect(text).toContain('WU-1001');
    expect(text).toMatch(/Yes Store their details and case Yes Share chosen details with partner organisations No Be counted in anonymised statistics/);
    expect(text).toContain('recorded by Amira Haddad');
    expect(res.body).toContain(`href="/cases/${kase.id}"`);
    expect(text).toContain(kase.reference);
    expect(text).toContain('Open Wage theft / unpaid wages, Passport or ID withheld');
  });

  it('records every view in the audit log', async () => {
    await counsellor.get(`/people/${person.id}`);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect((await supervisor.get(`/people/${person.id}`)).statusCode).toBe(200);
    const views = auditOf('view');
    expect(views.map((v) => v.user_id)).toEqual([d.counsellor.id, d.supervisor.id]);
    expect(views.every((v) => v.contact_point_id === d.ldn.id)).toBe(true);
  });

  it.each(['counsellor2@demo.test', 'supervisor2@demo.test', 'admin@demo.test', 'coordinator@demo.test'])(
    'answers 404 to %s, exactly as for a person who does not exist',
    async (email) => {
      const other = await signIn(t.app, email);
      const missing = await other.get('/people/999999');
      for (const path of [`/people/${person.id}`, `/people/${person.id}/edit`]) {
        const res = await other.get(path);
        expect(res.statusCode).toBe(404);
        expect(sameless(res.body)).toBe(sameless(missing.body));
        expect(res.body).not.toContain('Nguyễn');
      }
      expect((await other.post(`/people/${person.id}/edit`, editForm({ name: 'Changed' }))).statusCode).toBe(404);
      expect((await other.post(`/people/${person.id}/consent`, { consentGivenOn: '2026-11-20', consentScopes: [] })).statusCode).toBe(404);
      expect(personRow().name).toBe('Nguyễn Văn Thành');
      expect(auditOf('view')).toHaveLength(0);
    },
  );

  it('answers 404 for ids that are not numbers', async () => {
    for (const url of ['/people/abc', '/people/-1']) {
      const res = await counsellor.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(textOf(res.body), url).toContain('There is nothing here, or you do not have access to it.');
    }
  });
});

describe('editing a person', () => {
  it('saves the changes and audits the names of the changed fields only', async () => {
    const form = await counsellor.get(`/people/${person.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Signal: @thanh"');
    expect(form.body).toMatch(/<option value="undocumented" selected>/);

    const res = await counsellor.post(`/people/${person.id}/edit`, editForm({ phone: '07700 900003', safetyFlags: ['do_not_call'], birthYear: '', birthDate: '1989-04-02' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${person.id}?notice=saved`);
    expect(personRow()).toMatchObject({ phone: '07700 900003', phone_digits: '07700900003', birth_date: '1989-04-02', birth_year: 1989, safety_flags: '["do_not_call"]' });
    const [entry] = auditOf('update');
    expect(JSON.parse(entry!.fields!)).toEqual(['phone', 'birthYear', 'birthDate', 'safetyFlags']);
    expect(JSON.stringify(rows('select * from audit_log'))).not.toContain('900003');
    expect(textOf((await counsellor.get(res.headers.location as string)).body)).toContain('The changes have been saved.');
  });

  it('carries a new name into the case search', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    await counsellor.post(`/people/${person.id}/edit`, editForm({ alias: 'Thanh the welder' }));
    expect(rows("select rowid from case_search where case_search match 'welder'")).toEqual([{ rowid: kase.id }]);
  });

  it('keeps the languages the person reads or speaks, the preferred first, each named in the reader’s language', async () => {
    const res = await counsellor.post(`/people/${person.id}/edit`, editForm({ languages: ['fr', 'vi', 'en', 'fr'] }));
    expect(res.statusCode).toBe(303);
    expect(JSON.parse(personRow().languages as string)).toEqual(['vi', 'fr', 'en']);
    expect(textOf((await counsellor.get(`/people/${person.id}`)).body)).toContain('Other languages French, English');
    await counsellor.post('/account/language', { locale: 'de' });
    expect(textOf((await counsellor.get(`/people/${person.id}`)).body)).toContain('Weitere Sprachen Französisch, Englisch');
    // The edit form shows them ticked, unfolded.
    const form = (await counsellor.get(`/people/${person.id}/edit`)).body;
    expect(form).toMatch(/<details class="more-languages" open>/);
    expect(form).toMatch(/name="languages" value="fr" checked/);
  });

  it('refuses a language code no one can name, with a message, and saves nothing', async () => {
    const before = personRow();
    const res = await counsellor.post(`/people/${person.id}/edit`, editForm({ languages: ['vi', 'zz-nonsense'] }));
    expect(res.statusCode).toBe(422);
    expect(personRow()).toEqual(before);
  });

  it('records nothing when nothing changed', async () => {
    expect((await counsellor.post(`/people/${person.id}/edit`, editForm())).statusCode).toBe(303);
    expect(auditOf('update')).toHaveLength(0);
  });

  const bad: [string, Record<string, string | string[]>, string, string][] = [
    ['neither name nor alias', { name: '', alias: '  ' }, 'name', 'Give a name or an alias.'],
    ['an impossible date of birth', { birthDate: '2026-02-30', birthYear: '' }, 'birthDate', 'This date does not exist.'],
    ['a date of birth before 1900', { birthDate: '1899-12-31', birthYear: '' }, 'birthDate', 'Enter a date after 1900.'],
    ['a date of birth in the future', { birthDate: '2031-01-01', birthYear: '' }, 'birthDate', 'A date of birth cannot be in the future.'],
    ['a birth year out of range', { birthYear: '1850' }, 'birthYear', 'Enter a year between 1900 and this year.'],
    ['a birth year that is not a year', { birthYear: 'nineteen' }, 'birthYear', 'Enter a year with 4 digits'],
    ['a birth year that disagrees with the date', { birthYear: '1991', birthDate: '1990-05-05' }, 'birthYear', 'This year does not match the date of birth.'],
    ['a visa expiry absurdly far ahead', { visaExpiry: '2199-01-01' }, 'visaExpiry', 'A visa does not run this far ahead.'],
    ['a membership date in the future', { unionSince: '2030-01-01' }, 'unionSince', 'This date is in the future.'],
    ['a nationality that is not an ISO code', { nationality: 'XX' }, 'nationality', 'Choose a country from the list.'],
    ['a nationality that is a retired code', { nationality: 'YU' }, 'nationality', 'Choose a country from the list.'],
    ['an unknown immigration situation', { immigrationStatus: 'tourist' }, 'immigrationStatus', 'Choose a value from the list.'],
    ['an unknown safety flag', { safetyFlags: ['do_not_call', 'bogus'] }, 'safetyFlags', 'Choose a value from the list.'],
    ['an unknown gender', { gender: 'robot' }, 'gender', 'Choose a value from the list.'],
    ['an unknown language', { preferredLanguage: 'zz' }, 'preferredLanguage', 'Choose a language from the list.'],
    ['letters in a phone number', { phone: 'call me maybe' }, 'phone', 'Enter a phone number with digits'],
    ['an over-long name', { name: 'N'.repeat(121) }, 'name', 'This is too long.'],
    ['an over-long safety note', { safetyNote: 'n'.repeat(501) }, 'safetyNote', 'This is too long.'],
  ];

  it.each(bad)('refuses %s with a message next to the field, changing nothing', async (_what, over, field, message) => {
    const before = personRow();
    const auditBefore = rows('select id from audit_log').length;
    const res = await counsellor.post(`/people/${person.id}/edit`, editForm(over));
    expect(res.statusCode).toBe(422);
    expect(new RegExp(`<p class="error" id="f-${field}-error">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
    expect(textOf(res.body)).toContain('It has not been saved.');
    expect(personRow()).toEqual(before);
    expect(rows('select id from audit_log')).toHaveLength(auditBefore);
  });

  it('keeps markup and quotes as typed, and shows them escaped', async () => {
    const typed = `<script>alert("x")</script> O'Brien`;
    await counsellor.post(`/people/${person.id}/edit`, editForm({ alias: typed, safetyNote: `<img src=x onerror="alert(1)">` }));
    expect(personRow()).toMatchObject({ alias: typed, safety_note: `<img src=x onerror="alert(1)">` });
    for (const path of [`/people/${person.id}`, `/people/${person.id}/edit`, '/cases/new?q=brien']) {
      const body = (await counsellor.get(path)).body;
      expect(body, path).not.toContain('<script>alert');
      expect(body, path).not.toContain('<img src=x');
      expect(body, path).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien');
    }
  });
});

describe('consent', () => {
  it('records a new consent record; the newest applies and the history is kept', async () => {
    const res = await counsellor.post(`/people/${person.id}/consent`, { consentGivenOn: '2026-11-22', consentScopes: ['store', 'anonymised_statistics'], consentNote: 'Withdrew sharing' });
    expect(res.statusCode).toBe(303);
    const consents = rows<{ scopes: string; recorded_by: string; given_on: string }>('select * from consents where person_id = ? order by id', person.id);
    expect(consents).toHaveLength(2);
    expect(consents[1]).toMatchObject({ given_on: '2026-11-22', recorded_by: d.counsellor.id, scopes: '["store","anonymised_statistics"]' });
    const text = textOf((await counsellor.get(res.headers.location as string)).body);
    expect(text).toContain('The new consent has been recorded.');
    expect(text).toMatch(/Given on 22 Nov 2026, recorded by Amira Haddad\. Yes Store their details and case No Share chosen details with partner organisations Yes Be counted/);
    expect(text).toContain('History (newest first)');
    expect(text).toContain('Withdrew sharing');
    expect(JSON.parse(auditOf('update')[0]!.fields!)).toEqual(['consent']);
  });

  it('warns on the page when consent to store has been withdrawn', async () => {
    await counsellor.post(`/people/${person.id}/consent`, { consentGivenOn: '2026-11-22', consentScopes: [] });
    const text = textOf((await counsellor.get(`/people/${person.id}`)).body);
    expect(text).toContain('Consent to store this person\'s details has been withdrawn');
  });

  it.each<[string, Record<string, string | string[]>, string, string]>([
    ['a date in the future', { consentGivenOn: '2031-01-01' }, 'consentGivenOn', 'This date is in the future.'],
    ['an impossible date', { consentGivenOn: '2026-13-01' }, 'consentGivenOn', 'This date does not exist.'],
    ['no date', { consentGivenOn: '' }, 'consentGivenOn', 'Fill this in.'],
    ['an unknown scope', { consentScopes: ['store', 'sell_to_employer'] }, 'consentScopes', 'Choose a value from the list.'],
  ])('refuses %s with a message, saving nothing', async (_what, over, field, message) => {
    const res = await counsellor.post(`/people/${person.id}/consent`, { consentGivenOn: '2026-11-22', consentScopes: ['store'], ...over });
    expect(res.statusCode).toBe(422);
    expect(new RegExp(`<p class="error" id="f-${field}-error">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
    expect(rows('select * from consents where person_id = ?', person.id)).toHaveLength(1);
    expect(auditOf('update')).toHaveLength(0);
  });
});
