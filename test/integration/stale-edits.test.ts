import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, formOnPage, signIn, textOf, versionOnPage, type Agent, type TestApp } from '../helpers/app.js';
import { loadedField } from '../../src/shared/versions.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

/**
 * Two people editing the same record (issue 11, item 4; DESIGN §4): a save from a form loaded before someone else's
 * change is refused with 409, writes nothing, shows what changed and keeps what was typed; saving again from that
 * page is a deliberate choice and works.
 */

let t: TestApp;
let d: ReturnType<typeof demo>;
let amira: Agent; // counsellor, London
let grace: Agent; // supervisor, London
let tom: Agent; // administrator

const MESSAGE = 'Someone else changed this record while you were editing it — their changes are shown below; your text is kept. Check and save again.';
const NO_FIELD = 'None of the fields of this form changed';

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  [amira, grace, tom] = await Promise.all([signIn(t.app, 'counsellor@demo.test'), signIn(t.app, 'supervisor@demo.test'), signIn(t.app, 'admin@demo.test')]);
});
afterEach(async () => {
  await t.close();
});

const one = (query: string, ...args: unknown[]) => t.db.$client.prepare(query).get(...args) as Record<string, unknown>;
const n = (query: string, ...args: unknown[]) => (t.db.$client.prepare(query).get(...args) as { n: number }).n;
/** What a refused save must not leave behind: timeline events, audit "update" entries, stored documents. */
const traces = () => ({
  events: n('select count(*) as n from case_events'),
  updates: n("select count(*) as n from audit_log where action = 'update'"),
  documents: n('select count(*) as n from documents'),
});
const changedNotes = (html: string) => textOf(html).match(/Changed meanwhile by [^.]+\. Now: /g) ?? [];

/** A second administrator, with the demo password: the one who edits while Tom has a form open. */
async function secondAdmin(): Promise<Agent> {
  const hash = one("select password_hash as h from users where email = 'admin@demo.test'").h;
  t.db.$client
    .prepare("insert into users (id, email, display_name, role, languages, active, password_hash, password_changed_at, created_at) values ('00000000-0000-4000-8000-0000000000ad', 'admin2@demo.test', 'Jana Novak', 'admin', '[\"en\"]', 1, ?, ?, ?)")
    .run(hash, t.clock.now(), t.clock.now());
  return signIn(t.app, 'admin2@demo.test');
}

describe('a case edited from a stale form', () => {
  const caseForm = (summary: string, priority: string) => ({ caseTypes: 'wage_theft', priority, jurisdictionCountry: 'GB', summary });

  it('the issue: the counsellor sets urgent, the supervisor saves a form loaded before with low — 409, and the case stays urgent', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, priority: 'low', summary: 'Unpaid wages for six weeks.' });
    const edit = `/cases/${kase.id}/edit`;
    const graceLoaded = await grace.formVersion(edit);

    t.clock.advance(5 * 60_000);
    const set = await amira.post(edit, { ...caseForm('Unpaid wages for six weeks.', 'urgent'), version: await amira.formVersion(edit) });
    expect(set.statusCode).toBe(303);

    t.clock.advance(5 * 60_000);
    const before = traces();
    const stale = await grace.post(edit, { ...caseForm('Employer replied; meeting on Friday.', 'low'), version: graceLoaded });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain(MESSAGE);
    expect(text).toContain('Changes since you opened this form: Amira Haddad, 24 Nov 2026, 10:05');
    // Grace's text is kept, in the fields; what the case holds now is shown under the field that changed.
    expect(stale.body).toContain('Employer replied; meeting on Friday.</textarea>');
    expect(stale.body).toMatch(/<option value="low" selected>/);
    expect(text).toContain('Changed meanwhile by Amira Haddad. Now: Urgent');
    expect(changedNotes(stale.body)).toHaveLength(1);
    // Nothing was written: the counsellor's priority stands, and the refusal left no event and no audit "update".
    expect(one('select priority, summary, version from cases where id = ?', kase.id)).toEqual({ priority: 'urgent', summary: 'Unpaid wages for six weeks.', version: 2 });
    expect(traces()).toEqual(before);

    // The page carries the current version: saving it again is deliberate, and works.
    expect(versionOnPage(stale.body)).toBe('2');
    const again = await grace.post(edit, { ...caseForm('Employer replied; meeting on Friday.', 'low'), version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select priority, summary, version from cases where id = ?', kase.id)).toEqual({ priority: 'low', summary: 'Employer replied; meeting on Friday.', version: 3 });
  });

  it('shows the other person’s change in the fields left alone, so that saving the 409 form again keeps both changes', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, priority: 'low', summary: 'Unpaid wages for six weeks.' });
    const edit = `/cases/${kase.id}/edit`;
    const graceForm = formOnPage((await grace.get(edit)).body, edit);

    const amiraForm = formOnPage((await amira.get(edit)).body, edit);
    expect((await amira.post(edit, { ...amiraForm, priority: 'urgent' })).statusCode).toBe(303);

    // Grace only rewrites the summary of the form she opened before.
    const stale = await grace.post(edit, { ...graceForm, summary: 'Employer replied; meeting on Friday.' });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain('Changed meanwhile by Amira Haddad. You had not changed it, so it now shows their value.');
    expect(stale.body).toMatch(/<option value="urgent" selected>/);
    expect(stale.body).toContain('Employer replied; meeting on Friday.</textarea>');
    expect(one('select priority, summary from cases where id = ?', kase.id)).toEqual({ priority: 'urgent', summary: 'Unpaid wages for six weeks.' });

    // Saving the page as it stands keeps Amira's priority and Grace's summary.
    expect((await grace.post(edit, formOnPage(stale.body, edit))).statusCode).toBe(303);
    expect(one('select priority, summary from cases where id = ?', kase.id)).toEqual({ priority: 'urgent', summary: 'Employer replied; meeting on Friday.' });
  });

  it('keeps what was typed in a field both people changed, with the other value beside it', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, priority: 'low', summary: 'Unpaid wages for six weeks.' });
    const edit = `/cases/${kase.id}/edit`;
    const graceForm = formOnPage((await grace.get(edit)).body, edit);
    expect((await amira.post(edit, { ...formOnPage((await amira.get(edit)).body, edit), priority: 'urgent' })).statusCode).toBe(303);

    const stale = await grace.post(edit, { ...graceForm, priority: 'high' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Changed meanwhile by Amira Haddad. Now: Urgent — the field keeps what you typed.');
    expect(stale.body).toMatch(/<option value="high" selected>/);
    expect(one('select priority from cases where id = ?', kase.id)).toEqual({ priority: 'urgent' });
  });

  it.each([
    ['a status move', async (id: number) => amira.post(`/cases/${id}/status`, { move: 'await_outcome' })],
    ['an assignment', async (id: number) => grace.post(`/cases/${id}/assign`, { assignee: d.supervisor.id })],
    [
      'a bulk reassignment',
      async (id: number) => grace.post('/supervision/reassign', { cp: String(d.ldn.id), from: d.counsellor.id, cases: String(id), to: d.supervisor.id, confirm: 'yes', reason: 'Cover while Amira is away.' }),
    ],
  ])('is stale after %s by someone else: 409 naming who, nothing saved', async (_what, change) => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, summary: 'First visit.' });
    const edit = `/cases/${kase.id}/edit`;
    const loaded = await amira.formVersion(edit);
    expect((await change(kase.id)).statusCode).toBe(303);
    const after = one('select * from cases where id = ?', kase.id);

    const stale = await amira.post(edit, { ...caseForm('Second visit: payslips brought.', 'normal'), version: loaded });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain(MESSAGE);
    expect(text).toContain(NO_FIELD);
    expect(text).toMatch(/Changes since you opened this form: (Amira Haddad|Grace Okafor), 24 Nov 2026/);
    expect(stale.body).toContain('Second visit: payslips brought.</textarea>');
    expect(one('select * from cases where id = ?', kase.id)).toEqual(after);
  });

  it('a form without a version is treated as stale: 409, nothing saved, the differing fields marked', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, priority: 'high', summary: 'First visit.' });
    const edit = `/cases/${kase.id}/edit`;
    const before = traces();
    const res = await amira.post(edit, caseForm('Typed without a version.', 'low'));
    expect(res.statusCode).toBe(409);
    const text = textOf(res.body);
    expect(text).toContain('This form did not say which version of the record it was opened from, so it was not saved');
    expect(text).toContain('Saved now: High');
    expect(text).toContain('Saved now: First visit.');
    expect(res.body).toContain('Typed without a version.</textarea>');
    expect(one('select priority, summary, version from cases where id = ?', kase.id)).toEqual({ priority: 'high', summary: 'First visit.', version: 1 });
    expect(traces()).toEqual(before);
    const again = await amira.post(edit, { ...caseForm('Typed without a version.', 'low'), version: versionOnPage(res.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select priority, summary from cases where id = ?', kase.id)).toEqual({ priority: 'low', summary: 'Typed without a version.' });
  });

  it('is refused without JavaScript and with htmx alike (the 409 is the form, not an error page)', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const edit = `/cases/${kase.id}/edit`;
    const loaded = await amira.formVersion(edit);
    await grace.post(edit, { ...caseForm('Grace was here.', 'high'), version: await grace.formVersion(edit) });
    const res = await amira.post(edit, { ...caseForm('Amira typed this.', 'normal'), version: loaded }, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['hx-retarget']).toBeUndefined();
    expect(res.body).toContain('Amira typed this.</textarea>');
    expect(textOf(res.body)).toContain('Changed meanwhile by Grace Okafor. Now: Grace was here.');
    expect(textOf(res.body)).toContain('Changed meanwhile by Grace Okafor. Now: High');
  });
});

describe('a person edited from a stale form', () => {
  const personForm = (over: Record<string, string>) => ({
    name: 'Nguyễn Văn Thành',
    alias: 'Tony',
    preferredLanguage: 'vi',
    phone: '+44 7700 900002',
    immigrationStatus: 'undocumented',
    ...over,
  });

  it('refuses the save with 409: the typed alias kept, the supervisor\'s phone shown and kept in the record', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Nguyễn Văn Thành', alias: 'Tony', preferredLanguage: 'vi', phone: '+44 7700 900002', immigrationStatus: 'undocumented' });
    const edit = `/people/${person.id}/edit`;
    const loaded = await amira.formVersion(edit);
    expect((await grace.post(edit, { ...personForm({ phone: '+44 7700 900999' }), version: await grace.formVersion(edit) })).statusCode).toBe(303);

    const before = traces();
    const stale = await amira.post(edit, { ...personForm({ alias: 'Thanh the welder' }), version: loaded });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain(MESSAGE);
    expect(stale.body).toContain('value="Thanh the welder"');
    expect(text).toContain('Changed meanwhile by Grace Okafor. Now: +44 7700 900999');
    expect(changedNotes(stale.body)).toHaveLength(1);
    expect(one('select alias, phone from people where id = ?', person.id)).toEqual({ alias: 'Tony', phone: '+44 7700 900999' });
    expect(traces()).toEqual(before);

    const again = await amira.post(edit, { ...personForm({ alias: 'Thanh the welder', phone: '+44 7700 900999' }), version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select alias, phone from people where id = ?', person.id)).toEqual({ alias: 'Thanh the welder', phone: '+44 7700 900999' });
  });
});

describe('a party edited from a stale form', () => {
  it('refuses the save with 409 and keeps the other counsellor\'s new name', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, parties: [{ name: 'Blue Harbour Ltd', kind: 'employer' }] });
    const partyId = one('select party_id as id from case_parties where case_id = ?', kase.id).id as number;
    const edit = `/parties/${partyId}/edit`;
    const party = (over: Record<string, string>) => ({ name: 'Blue Harbour Ltd', kind: 'employer', country: 'GB', sector: '', registrationNumber: '', address: '', ...over });
    const loaded = await amira.formVersion(edit);
    expect((await grace.post(`/parties/${partyId}`, { ...party({ name: 'Blue Harbour Quayside Ltd' }), version: await grace.formVersion(edit) })).statusCode).toBe(303);

    const before = traces();
    const stale = await amira.post(`/parties/${partyId}`, { ...party({ address: '12 Dock Road, Hull' }), version: loaded });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain(MESSAGE);
    expect(stale.body).toContain('12 Dock Road, Hull</textarea>');
    expect(textOf(stale.body)).toContain('Changed meanwhile by Grace Okafor. Now: Blue Harbour Quayside Ltd');
    expect(one('select name, address from parties where id = ?', partyId)).toEqual({ name: 'Blue Harbour Quayside Ltd', address: null });
    expect(traces()).toEqual(before);

    const again = await amira.post(`/parties/${partyId}`, { ...party({ name: 'Blue Harbour Quayside Ltd', address: '12 Dock Road, Hull' }), version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select name, address from parties where id = ?', partyId)).toEqual({ name: 'Blue Harbour Quayside Ltd', address: '12 Dock Road, Hull' });
  });
});

describe('a partner edited from a stale form', () => {
  it('refuses the save with 409 and shows the other administrator\'s change', async () => {
    const jana = await secondAdmin();
    const partner = one('select * from partners where active = 1 order by id limit 1');
    const edit = `/partners/${partner.id}/edit`;
    const text = (column: string) => String(partner[column] ?? '');
    const list = (column: string) => (JSON.parse(text(column)) as string[]).join(', ');
    const form = (over: Record<string, string>) => ({
      ...Object.fromEntries(['name', 'kind', 'country', 'city', 'address', 'phone', 'email', 'notes'].map((c) => [c, text(c)])),
      contactName: text('contact_name'),
      languages: list('languages'),
      services: list('services'),
      active: 'on',
      ...over,
    });
    const loaded = await tom.formVersion(edit);
    expect((await jana.post(`/partners/${partner.id}`, { ...form({ phone: '+44 20 7000 0001' }), version: await jana.formVersion(edit) })).statusCode).toBe(303);

    const before = traces();
    const stale = await tom.post(`/partners/${partner.id}`, { ...form({ notes: 'Answers within two days.' }), version: loaded });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain(MESSAGE);
    expect(stale.body).toContain('Answers within two days.</textarea>');
    expect(textOf(stale.body)).toContain('Changed meanwhile by Jana Novak. Now: +44 20 7000 0001');
    expect(one('select phone, notes from partners where id = ?', partner.id)).toEqual({ phone: '+44 20 7000 0001', notes: partner.notes });
    expect(traces()).toEqual(before);

    const again = await tom.post(`/partners/${partner.id}`, { ...form({ phone: '+44 20 7000 0001', notes: 'Answers within two days.' }), version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select phone, notes from partners where id = ?', partner.id)).toEqual({ phone: '+44 20 7000 0001', notes: 'Answers within two days.' });
  });
});

describe('a deadline moved from a stale form', () => {
  async function deadlineOf() {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await amira.get(`/cases/${kase.id}/deadlines`);
    expect((await amira.post(`/cases/${kase.id}/deadlines/manual`, { title: 'Reply from the employer', dueDate: '2026-12-10', reminderLeadDays: '3' })).statusCode).toBe(303);
    const id = one('select id from deadlines where case_id = ?', kase.id).id as number;
    return { kase, id };
  }

  it('refuses the save with 409 in place (htmx): the typed reason kept, the new date shown', async () => {
    const { kase, id } = await deadlineOf();
    const loaded = versionOnPage((await amira.get(`/cases/${kase.id}/deadlines`)).body);
    await grace.get(`/cases/${kase.id}/deadlines`);
    expect((await grace.post(`/deadlines/${id}/edit`, { dueDate: '2026-12-20', reason: 'The employer asked for ten more days.', version: loaded })).statusCode).toBe(303);

    const before = traces();
    const stale = await amira.post(`/deadlines/${id}/edit`, { dueDate: '2026-12-08', reason: 'Tribunal office closes early.', version: loaded }, { 'hx-request': 'true' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).not.toContain('<html');
    expect(stale.body).toContain('id="case-deadlines"');
    const text = textOf(stale.body);
    expect(text).toContain(MESSAGE);
    expect(stale.body).toContain('Tribunal office closes early.</textarea>');
    expect(stale.body).toContain('value="2026-12-08"');
    expect(text).toContain('Changed meanwhile by Grace Okafor. Now: 20 December 2026');
    expect(text).toContain('Changed meanwhile by Grace Okafor. Now: The employer asked for ten more days.');
    expect(one('select due_date, edit_reason from deadlines where id = ?', id)).toEqual({ due_date: '2026-12-20', edit_reason: 'The employer asked for ten more days.' });
    expect(traces()).toEqual(before);

    const again = await amira.post(`/deadlines/${id}/edit`, { dueDate: '2026-12-08', reason: 'Tribunal office closes early.', version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select due_date, edit_reason from deadlines where id = ?', id)).toEqual({ due_date: '2026-12-08', edit_reason: 'Tribunal office closes early.' });
  });

  it('is stale once the deadline is marked done: 409, the form shown again with the typed reason, nothing changed', async () => {
    const { kase, id } = await deadlineOf();
    const loaded = versionOnPage((await amira.get(`/cases/${kase.id}/deadlines`)).body);
    await grace.get(`/cases/${kase.id}/deadlines`);
    expect((await grace.post(`/deadlines/${id}/status`, { status: 'done', context: 'case' })).statusCode).toBe(303);
    const stale = await amira.post(`/deadlines/${id}/edit`, { dueDate: '2026-12-08', reason: 'Tribunal office closes early.', version: loaded });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain(NO_FIELD);
    expect(textOf(stale.body)).toContain('Changes since you opened this form: Grace Okafor');
    expect(stale.body).toContain('Tribunal office closes early.</textarea>');
    expect(one('select due_date, status from deadlines where id = ?', id)).toEqual({ due_date: '2026-12-10', status: 'done' });
  });
});

describe('a referral draft edited from a stale form', () => {
  it('refuses the save (and a send) with 409: no write, no letter stored, the other change shown', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const partnerId = String(one("select id from partners where country = 'GB' and active = 1 order by id limit 1").id);
    const draft = (over: Record<string, string>) => ({ partnerId, reason: 'Needs immigration advice.', request: 'Please advise on her options.', sharedFields: ['name', 'caseSummary'], followUpOn: '2026-12-15', intent: 'draft', ...over });
    await amira.get(`/cases/${kase.id}/referrals/new`);
    expect((await amira.post(`/cases/${kase.id}/referrals`, draft({}))).statusCode).toBe(303);
    const id = one('select id from referrals where case_id = ?', kase.id).id as number;
    const edit = `/referrals/${id}/edit`;
    const loaded = await amira.formVersion(edit);
    expect((await grace.post(edit, { ...draft({ reason: 'Sponsorship ended on dismissal: urgent advice needed.' }), version: await grace.formVersion(edit) })).statusCode).toBe(303);

    const before = traces();
    for (const intent of ['draft', 'send']) {
      const stale = await amira.post(edit, { ...draft({ request: 'Please call her before Friday.', intent }), version: loaded });
      expect(stale.statusCode, intent).toBe(409);
      expect(textOf(stale.body)).toContain(MESSAGE);
      expect(stale.body).toContain('Please call her before Friday.</textarea>');
      expect(textOf(stale.body)).toContain('Changed meanwhile by Grace Okafor. Now: Sponsorship ended on dismissal: urgent advice needed.');
    }
    expect(one('select reason, request, status from referrals where id = ?', id)).toEqual({ reason: 'Sponsorship ended on dismissal: urgent advice needed.', request: 'Please advise on her options.', status: 'draft' });
    expect(traces()).toEqual(before);

    const stale = await amira.post(edit, { ...draft({ request: 'Please call her before Friday.' }), version: loaded });
    const again = await amira.post(edit, { ...draft({ reason: 'Sponsorship ended on dismissal: urgent advice needed.', request: 'Please call her before Friday.' }), version: versionOnPage(stale.body) });
    expect(again.statusCode).toBe(303);
    expect(one('select reason, request from referrals where id = ?', id)).toEqual({ reason: 'Sponsorship ended on dismissal: urgent advice needed.', request: 'Please call her before Friday.' });
  });
});

describe('an account edited from a stale form', () => {
  it('is stale once the user has set a new password: 409 saying who changed the account and when, nothing saved', async () => {
    const edit = `/admin/users/${d.counsellor.id}`;
    const account = (over: Record<string, string>) => ({ email: 'counsellor@demo.test', displayName: 'Amira Haddad', role: 'counsellor', locale: 'en', languages: 'en, ar, fr', contactPointIds: String(d.ldn.id), active: 'on', ...over });
    const loaded = await tom.formVersion(edit);
    await amira.get('/account');
    expect((await amira.post('/account/password', { current: 'demo-password', password: 'a much longer passphrase', confirm: 'a much longer passphrase' })).statusCode).toBe(303);

    const before = traces();
    const stale = await tom.post(edit, { ...account({ displayName: 'Amira H.' }), version: loaded });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain(MESSAGE);
    expect(text).toContain('Changes since you opened this form: Amira Haddad, 24 Nov 2026');
    expect(text).toContain(NO_FIELD);
    expect(stale.body).toContain('value="Amira H."');
    expect(one('select display_name from users where id = ?', d.counsellor.id).display_name).toBe('Amira Haddad');
    expect(traces()).toEqual(before);

    expect((await tom.post(edit, { ...account({ displayName: 'Amira H.' }), version: versionOnPage(stale.body) })).statusCode).toBe(303);
    expect(one('select display_name from users where id = ?', d.counsellor.id).display_name).toBe('Amira H.');
  });
});

describe('a contact point edited from a stale form', () => {
  it('refuses the save with 409 and shows the other administrator\'s change', async () => {
    const jana = await secondAdmin();
    const edit = `/admin/contact-points/${d.ldn.id}`;
    const cp = (over: Record<string, string>) => ({
      name: d.ldn.name,
      unionName: d.ldn.unionName,
      country: d.ldn.country,
      city: d.ldn.city,
      address: d.ldn.address,
      email: d.ldn.email,
      phone: d.ldn.phone,
      languages: d.ldn.languages.join(', '),
      services: d.ldn.services.join(', '),
      timezone: d.ldn.timezone,
      refPrefix: d.ldn.refPrefix,
      active: 'on',
      ...over,
    });
    const loaded = await tom.formVersion(edit);
    expect((await jana.post(edit, { ...cp({ city: 'Greater London' }), version: await jana.formVersion(edit) })).statusCode).toBe(303);

    const before = traces();
    const stale = await tom.post(edit, { ...cp({ phone: '+44 20 7000 0002' }), version: loaded });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain(MESSAGE);
    expect(stale.body).toContain('value="+44 20 7000 0002"');
    expect(textOf(stale.body)).toContain('Changed meanwhile by Jana Novak. Now: Greater London');
    expect(one('select city, phone from contact_points where id = ?', d.ldn.id)).toEqual({ city: 'Greater London', phone: d.ldn.phone });
    expect(traces()).toEqual(before);

    expect((await tom.post(edit, { ...cp({ city: 'Greater London', phone: '+44 20 7000 0002' }), version: versionOnPage(stale.body) })).statusCode).toBe(303);
    expect(one('select city, phone from contact_points where id = ?', d.ldn.id)).toEqual({ city: 'Greater London', phone: '+44 20 7000 0002' });
  });
});

describe('every write that changes a record makes a new version of it', () => {
  const version = (table: string, id: number | string) => one(`select version from ${table} where id = ?`, id).version as number;

  it('a case: status moves, assignment and bulk reassignment do; a note (bookkeeping) does not', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const steps: [string, () => Promise<unknown>, number][] = [
      ['note', () => amira.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called her back.' }), 0],
      ['status move', () => amira.post(`/cases/${kase.id}/status`, { move: 'await_outcome' }), 1],
      ['assignment', () => grace.post(`/cases/${kase.id}/assign`, { assignee: d.supervisor.id }), 1],
      ['bulk reassignment', () => grace.post('/supervision/reassign', { cp: String(d.ldn.id), from: d.supervisor.id, cases: String(kase.id), to: d.counsellor.id, confirm: 'yes', reason: 'Back from leave.' }), 1],
    ];
    for (const [what, step, bump] of steps) {
      const before = version('cases', kase.id);
      const res = (await step()) as { statusCode: number };
      expect(res.statusCode, what).toBe(303);
      expect(version('cases', kase.id), what).toBe(before + bump);
    }
  });

  it('a case and its person: transfer acceptance', async () => {
    const marisol = await signIn(t.app, 'supervisor2@demo.test');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await amira.get(`/cases/${kase.id}`);
    expect((await amira.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'She moved to Chicago.' })).statusCode).toBe(303);
    const transferId = one('select id from transfers where case_id = ?', kase.id).id as number;
    const before = { kase: version('cases', kase.id), person: version('people', kase.personId!) };
    await marisol.get(`/transfers/${transferId}`);
    expect((await marisol.post(`/transfers/${transferId}/decision`, { decision: 'accept', assignee: d.counsellor2.id })).statusCode).toBe(303);
    expect(version('cases', kase.id)).toBe(before.kase + 1);
    expect(version('people', kase.personId!)).toBe(before.person + 1);
  });

  it('a deadline: status changes and reassignment of the case do', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await amira.get(`/cases/${kase.id}/deadlines`);
    await amira.post(`/cases/${kase.id}/deadlines/manual`, { title: 'Reply from the employer', dueDate: '2026-12-10', reminderLeadDays: '3' });
    const id = one('select id from deadlines where case_id = ?', kase.id).id as number;
    expect(version('deadlines', id)).toBe(1);
    await grace.post(`/cases/${kase.id}/assign`, { assignee: d.supervisor.id });
    expect(version('deadlines', id)).toBe(2);
    await amira.post(`/deadlines/${id}/status`, { status: 'done', context: 'case' });
    expect(version('deadlines', id)).toBe(3);
  });

  it('a referral: moves and follow-up changes do', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const partnerId = String(one("select id from partners where country = 'GB' and active = 1 order by id limit 1").id);
    await amira.get(`/cases/${kase.id}/referrals/new`);
    await amira.post(`/cases/${kase.id}/referrals`, { partnerId, reason: 'Advice.', request: 'Please advise.', sharedFields: ['name'], followUpOn: '2026-12-15', intent: 'send' });
    const id = one('select id from referrals where case_id = ?', kase.id).id as number;
    const sent = version('referrals', id);
    expect((await amira.post(`/referrals/${id}/follow-up`, { followUpOn: '2026-12-20' })).statusCode).toBe(303);
    expect(version('referrals', id)).toBe(sent + 1);
    expect((await amira.post(`/referrals/${id}/moves`, { move: 'accept', note: '', followUpOn: '' })).statusCode).toBe(303);
    expect(version('referrals', id)).toBe(sent + 2);
  });
});

describe('every edit form remembers what it was opened with', () => {
  const prints = (loaded: string) => new Map(loaded.split(',').map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]));

  it('fingerprints exactly the values it shows, so a field left alone is recognised as untouched after a 409', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, parties: [{ name: 'Blue Harbour Ltd', kind: 'employer' }], amountClaimedMinor: 125_050, currency: 'GBP', employmentStart: '2026-01-05', gcmObjectives: ['gcm6_fair_recruitment'] });
    const partyId = one('select party_id as id from case_parties where case_id = ?', kase.id).id as number;
    const partnerId = one('select id from partners where active = 1 order by id limit 1').id as number;
    await amira.get(`/cases/${kase.id}/referrals/new`);
    const partner = String(one("select id from partners where country = 'GB' and active = 1 order by id limit 1").id);
    await amira.post(`/cases/${kase.id}/referrals`, { partnerId: partner, reason: 'Needs advice.', request: 'Please advise.', sharedFields: ['name', 'caseSummary'], followUpOn: '2026-12-15', intent: 'draft' });
    const referralId = one('select id from referrals where case_id = ?', kase.id).id as number;
    const forms: [Agent, string, string][] = [
      [amira, `/cases/${kase.id}/edit`, `/cases/${kase.id}/edit`],
      [amira, `/people/${kase.personId}/edit`, `/people/${kase.personId}/edit`],
      [amira, `/parties/${partyId}/edit`, `/parties/${partyId}`],
      [tom, `/partners/${partnerId}/edit`, `/partners/${partnerId}`],
      [amira, `/referrals/${referralId}/edit`, `/referrals/${referralId}/edit`],
      [tom, `/admin/users/${d.counsellor.id}`, `/admin/users/${d.counsellor.id}`],
      [tom, `/admin/contact-points/${d.ldn.id}`, `/admin/contact-points/${d.ldn.id}`],
    ];
    for (const [agent, page, action] of forms) {
      const form = formOnPage((await agent.get(page)).body, action);
      expect(typeof form.loaded, page).toBe('string');
      const loaded = prints(form.loaded as string);
      const shown = prints(loadedField({ ...form, loaded: undefined }));
      const mismatched = [...shown.keys()].filter((name) => loaded.get(name) !== shown.get(name));
      expect(mismatched, `${page}: fields whose loaded fingerprint differs from what the form shows`).toEqual([]);
    }
  });
});
