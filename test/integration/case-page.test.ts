import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { eq } from 'drizzle-orm';
import { appendEvent } from '../../src/cases/cases.service.js';
import { addDays, todayIn } from '../../src/deadlines/compute.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { insertUser, setUserContactPoints } from '../../src/users/users.repo.js';
import { DEMO_PASSWORD, createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent; // Amira Haddad, London
let colleague: Agent; // a second London counsellor
let supervisor: Agent; // Grace Okafor, London
let chicago: Agent; // Luis Ortega, Chicago counsellor
let colleagueId: string;

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  colleagueId = randomUUID();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  t.db.transaction((tx) => insertUser(tx, {
    id: colleagueId,
    email: 'colleague@demo.test',
    displayName: 'Piotr Zielinski',
    role: 'counsellor',
    languages: ['en', 'pl'],
    passwordHash,
    passwordChangedAt: t.clock.now(),
    createdAt: t.clock.now(),
  }));
  t.db.transaction((tx) => setUserContactPoints(tx, colleagueId, [d.ldn.id]));
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  colleague = await signIn(t.app, 'colleague@demo.test');
  supervisor = await signIn(t.app, 'supervisor@demo.test');
  chicago = await signIn(t.app, 'counsellor2@demo.test');
});
afterAll(async () => {
  await t?.close();
});

type Row = Record<string, unknown>;
const sql = (query: string, ...params: unknown[]) => t.db.$client.prepare(query).all(...params) as Row[];
const caseRow = (id: number) => sql('select * from cases where id = ?', id)[0]!;
const eventsOf = (id: number) => sql('select * from case_events where case_id = ? order by id', id);
const auditOf = (id: number, targetType = 'case') => sql('select * from audit_log where target_type = ? and target_id = ? order by id', targetType, String(id));
const count = (table: string) => (sql(`select count(*) as n from ${table}`)[0]!.n as number);
const htmx = { 'hx-request': 'true' };

const londonCase = (over: Parameters<typeof makeCase>[1] extends infer T ? Partial<T> : never = {}) =>
  makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, ...over });

/** Pages carry a fresh CSRF token each time: compare them without it. */
const withoutTokens = (html: string) => html.replace(/("X-CSRF-Token": "|name="_csrf" value=")[^"]+/g, '$1');

describe('the case page', () => {
  it('shows the case, its person, safety flags and parties, with every text escaped', async () => {
    const person = makePerson(t.db, {
      contactPointId: d.ldn.id,
      recordedBy: d.counsellor.id,
      name: 'Ana "Ani" <script>alert(1)</script> Pop',
      alias: 'Ani',
      safetyFlags: ['do_not_call'],
      safetyNote: 'Meet at the desk only.',
    });
    const kase = londonCase({
      personId: person.id,
      caseTypes: ['wage_theft', 'recruitment_fees'],
      sector: 'care',
      priority: 'high',
      summary: 'Paid nothing for <script>alert("x")</script> six weeks & "training" fees.',
      jurisdictionRegion: 'England',
      employmentStart: '2026-01-05',
      employmentEnd: '2026-03-01',
      amountClaimedMinor: 312550,
      amountRecoveredMinor: 100000,
      currency: 'GBP',
      gcmObjectives: ['gcm6_fair_recruitment'],
      parties: [{ name: 'Sunrise <b>Staffing</b> Ltd', kind: 'recruitment_agency' }],
    });
    const res = await counsellor.get(`/cases/${kase.id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    for (const shown of [
      kase.reference,
      'Open',
      'High priority',
      'Amira Haddad',
      'London Migrant Workers Desk',
      'Wage theft / unpaid wages',
      'Recruitment fees and debt bondage',
      'Care',
      'United Kingdom, England',
      '£3,125.50',
      '£1,000.00',
      'GCM 6: fair and ethical recruitment, decent work',
      'Paid nothing for <script>alert("x")</script> six weeks & "training" fees.',
      'Do not call',
      'Meet at the desk only.',
      'Sunrise <b>Staffing</b> Ltd',
      'Recruitment agency',
      'Add a party',
    ])
      expect(text).toContain(shown);
    // Stored as typed, shown escaped: no tag from user text reaches the page.
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<b>Staffing');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(caseRow(kase.id).summary).toContain('<script>alert("x")</script>');
    // The safety banner opens the case's summary (issue 16: reference and status, then the summary): before the
    // person, the timeline and every other section.
    expect(res.body.indexOf('class="safety"')).toBeGreaterThan(res.body.indexOf('<h1'));
    expect(res.body.indexOf('class="safety"')).toBeLessThan(res.body.indexOf(`href="/people/${person.id}"`));
    expect(res.body.indexOf('class="safety"')).toBeLessThan(res.body.indexOf('id="timeline"'));
    // Links to the person and parties, never with a name in the URL.
    expect(res.body).toContain(`href="/people/${person.id}"`);
    const partyId = sql('select party_id from case_parties where case_id = ?', kase.id)[0]!.party_id;
    expect(res.body).toMatch(new RegExp(`<section class="card" id="case-parties"[\\s\\S]*href="/parties/${partyId}"`));
    expect(res.body).toContain(`href="/cases/${kase.id}/parties/new"`);
  });

  it('puts the summary first: the next open deadline with its date, overdue marked, without waiting for the deadlines section', async () => {
    const kase = londonCase({ amountClaimedMinor: 125000, currency: 'GBP' });
    const now = t.clock.now();
    const today = todayIn(d.ldn.timezone, now);
    const addDeadline = (title: string, dueDate: string, status: 'open' | 'done' = 'open') =>
      t.db.insert(deadlines).values({ caseId: kase.id, title, dueDate, source: 'manual', status, ownerId: d.counsellor.id, reminderLeadDays: 14, createdAt: now, updatedAt: now }).returning().get();
    addDeadline('Send the letter before claim', addDays(today, -10), 'done');
    const overdue = addDeadline('Chase the employer for payslips', addDays(today, -2));
    addDeadline('Early conciliation <certificate>', addDays(today, 20));
    const summaryOf = (html: string) => /<dl class="casefacts">([\s\S]*?)<\/dl>/.exec(html)![1]!;

    let res = await counsellor.get(`/cases/${kase.id}`);
    expect(res.statusCode).toBe(200);
    let summary = summaryOf(res.body);
    expect(textOf(summary)).toContain('Next deadline');
    expect(textOf(summary)).toContain('Chase the employer for payslips');
    expect(summary).toContain(`datetime="${addDays(today, -2)}"`);
    expect(textOf(summary)).toContain('Overdue');
    expect(summary).toContain('casefacts__deadline--overdue');
    expect(textOf(summary)).not.toContain('Send the letter before claim');
    // The amount claimed is there; nothing recovered yet, so no empty "recovered" line.
    expect(textOf(summary)).toContain('£1,250.00');
    expect(textOf(summary)).not.toContain('Amount recovered');
    // The summary comes before the timeline; the deadlines section itself still loads lazily.
    expect(res.body.indexOf('id="next-deadline"')).toBeLessThan(res.body.indexOf('id="timeline"'));
    expect(res.body).toContain(`hx-get="/cases/${kase.id}/deadlines" hx-trigger="load"`);

    // Once it is done, the next one shows, escaped, and it is not overdue.
    t.db.update(deadlines).set({ status: 'done' }).where(eq(deadlines.id, overdue.id)).run();
    res = await counsellor.get(`/cases/${kase.id}`);
    summary = summaryOf(res.body);
    expect(textOf(summary)).toContain('Early conciliation <certificate>');
    expect(summary).not.toContain('<certificate>');
    expect(summary).toContain(`datetime="${addDays(today, 20)}"`);
    expect(textOf(summary)).not.toContain('Overdue');

    const bare = londonCase();
    expect(textOf(summaryOf((await counsellor.get(`/cases/${bare.id}`)).body))).toContain('No open deadline');
  });

  it('has a table of contents of plain anchors, each naming a section on the page', async () => {
    const kase = londonCase();
    const res = await supervisor.get(`/cases/${kase.id}`);
    const toc = /<nav class="casetoc" aria-label="On this page">([\s\S]*?)<\/nav>/.exec(res.body)![1]!;
    const targets = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets).toEqual(expect.arrayContaining(['timeline', 'case-status', 'case-details', 'case-parties', 'case-deadlines', 'case-documents', 'case-evidence', 'case-referrals', 'case-transfer', 'case-person']));
    for (const id of targets) expect(res.body, id).toContain(`id="${id}"`);
    // The sections htmx fills in keep their id while they load, so that the anchors land before and after.
    for (const id of ['case-deadlines', 'case-referrals', 'case-transfer']) expect(res.body).toMatch(new RegExp(`id="${id}"[^>]*hx-trigger="load"`));
  });

  it('shows an anonymous information-only contact as such', async () => {
    const kase = londonCase({ personId: null, caseTypes: ['information_only'] });
    const res = await counsellor.get(`/cases/${kase.id}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Anonymous contact');
    expect(res.body).not.toContain('href="/people/');
  });

  it('records every view in the audit log', async () => {
    const kase = londonCase();
    await counsellor.get(`/cases/${kase.id}`);
    await supervisor.get(`/cases/${kase.id}`);
    const views = auditOf(kase.id).filter((a) => a.action === 'view');
    expect(views.map((v) => v.user_id)).toEqual([d.counsellor.id, d.supervisor.id]);
    expect(views[0]!.contact_point_id).toBe(d.ldn.id);
  });
});

describe('access', () => {
  it('answers 404 for a case of another contact point, exactly like a missing one', async () => {
    const kase = londonCase();
    const foreign = await chicago.get(`/cases/${kase.id}`);
    const missing = await chicago.get('/cases/99999999');
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(withoutTokens(foreign.body)).toBe(withoutTokens(missing.body));
    expect(foreign.body).not.toContain(kase.reference);
    expect((await chicago.get('/cases/not-a-number')).statusCode).toBe(404);
  });

  it('refuses every action on a foreign case with 404 and changes nothing', async () => {
    const kase = londonCase();
    const events = eventsOf(kase.id).length;
    const attempts = [
      chicago.get(`/cases/${kase.id}/edit`),
      chicago.get(`/cases/${kase.id}/timeline`, htmx),
      chicago.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'sneaky' }),
      chicago.post(`/cases/${kase.id}/edit`, { caseTypes: 'wage_theft', priority: 'low', jurisdictionCountry: 'GB' }),
      chicago.post(`/cases/${kase.id}/status`, { move: 'await_outcome' }),
      chicago.post(`/cases/${kase.id}/assign`, { assignee: d.counsellor2.id }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(404);
    expect(eventsOf(kase.id)).toHaveLength(events);
    expect(caseRow(kase.id).status).toBe('open');
  });

  it.each(['admin@demo.test', 'coordinator@demo.test'])('%s sees no case content: 404', async (email) => {
    const kase = londonCase();
    const agent = await signIn(t.app, email);
    const res = await agent.get(`/cases/${kase.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(kase.reference);
    expect((await agent.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'x' })).statusCode).toBe(404);
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    const kase = londonCase();
    const res = await t.app.inject({ method: 'GET', url: `/cases/${kase.id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });
});

describe('the timeline', () => {
  it('adds a note with htmx: the response holds the new entry for the top of the timeline and a fresh form', async () => {
    const kase = londonCase();
    await counsellor.get(`/cases/${kase.id}`);
    const res = await counsellor.htmxPost(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called the agency about <payslips>.' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('hx-swap-oob="afterbegin:#timeline-list"');
    const text = textOf(res.body);
    expect(text).toContain('Amira Haddad added a note');
    expect(text).toContain('Called the agency about <payslips>.');
    expect(text).toContain('Added to the timeline.');
    expect(res.body).toContain('&lt;payslips&gt;');
    const note = eventsOf(kase.id).at(-1)!;
    expect(note).toMatchObject({ kind: 'note', body: 'Called the agency about <payslips>.', restricted: 0, user_id: d.counsellor.id });
    expect(auditOf(note.id as number, 'case_event')).toMatchObject([{ action: 'create', user_id: d.counsellor.id, contact_point_id: d.ldn.id }]);
    expect(JSON.parse(auditOf(note.id as number, 'case_event')[0]!.fields as string)).toEqual(['kind', 'body']);
  });

  it('adds a call without JavaScript: plain POST, 303 back to the case, shown in words with its date', async () => {
    const kase = londonCase();
    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'call', body: 'Worker confirmed the dates.', occurredOn: '2026-01-10', occurredTime: '09:30' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=entryAdded#timeline`);
    const page = textOf((await counsellor.get(`/cases/${kase.id}`)).body);
    expect(page).toContain('Amira Haddad logged a call');
    expect(page).toContain('Took place on 10 Jan 2026, 09:30');
    expect(page).toContain('Worker confirmed the dates.');
    expect(JSON.parse(eventsOf(kase.id).at(-1)!.data as string)).toEqual({ occurredOn: '2026-01-10', occurredTime: '09:30' });
  });

  it('refuses an empty note or a bad date with 422 and its message, and saves nothing', async () => {
    const kase = londonCase();
    const before = eventsOf(kase.id).length;
    await counsellor.get(`/cases/${kase.id}`);
    let res = await counsellor.htmxPost(`/cases/${kase.id}/notes`, { kind: 'note', body: '   ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<html');
    expect(textOf(res.body)).toContain('Write the note or what was said.');
    res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'call', body: 'Spoke to him.', occurredOn: '2026-02-30', occurredTime: '25:00' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Enter a real date, for example 2026-03-31.');
    expect(text).toContain('Enter a time as hours and minutes, for example 14:30.');
    expect(res.body).toContain('Spoke to him.</textarea>');
    res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'fax', body: 'x' });
    expect(res.statusCode).toBe(422);
    res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'x'.repeat(10_001) });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('This is too long.');
    expect(eventsOf(kase.id)).toHaveLength(before);
  });

  it('shows a restricted note to its author and the supervisor, never to another counsellor', async () => {
    const kase = londonCase();
    const secret = 'Disclosed a pending asylum claim.';
    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: secret, restricted: 'on' });
    expect(res.statusCode).toBe(303);
    expect(eventsOf(kase.id).at(-1)).toMatchObject({ restricted: 1, body: secret });

    for (const [who, agent, sees] of [
      ['author', counsellor, true],
      ['supervisor', supervisor, true],
      ['other counsellor', colleague, false],
    ] as const) {
      const page = await agent.get(`/cases/${kase.id}`);
      const fragment = await agent.get(`/cases/${kase.id}/timeline`, htmx);
      expect(page.statusCode, who).toBe(200);
      expect(fragment.statusCode, who).toBe(200);
      expect(fragment.body, who).not.toContain('<html');
      expect(textOf(page.body).includes(secret), who).toBe(sees);
      expect(textOf(fragment.body).includes(secret), who).toBe(sees);
      expect(textOf(page.body).includes('Restricted'), who).toBe(true); // the checkbox label is always there
    }
    // The other counsellor sees no trace of it: not even an empty "added a note" line.
    expect(textOf((await colleague.get(`/cases/${kase.id}`)).body)).not.toContain('Amira Haddad added a note');
  });

  it('tells system events in words, with who and when', async () => {
    const kase = londonCase({ parties: [{ name: 'Bright Future Recruitment Ltd', kind: 'recruitment_agency' }] });
    const partyId = sql('select party_id from case_parties where case_id = ?', kase.id)[0]!.party_id as number;
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'party_change', data: { action: 'linked', partyId, role: 'recruitment_agency' } }, Date.UTC(2026, 10, 3, 14, 2)));
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.supervisor.id, kind: 'deadline_change', data: { action: 'added', deadlineId: 1, title: 'Employment tribunal claim', dueDate: '2027-01-31' } }, t.clock.now()));
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: null, kind: 'letter_generated', data: { documentId: 1, kind: 'letter_before_claim', version: 2 } }, t.clock.now()));
    const text = textOf((await counsellor.get(`/cases/${kase.id}`)).body);
    expect(text).toContain('Amira Haddad linked Bright Future Recruitment Ltd (Recruitment agency) to the case — 3 Nov 2026, 14:02');
    expect(text).toContain('Grace Okafor added the deadline “Employment tribunal claim”, due 31 Jan 2027');
    expect(text).toContain('UnionDesk generated a letter: Letter before claim, version 2');
    expect(text).toContain('Amira Haddad created the case (Open)');
  });

  it('has no way to edit or delete an event', async () => {
    const kase = londonCase();
    await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Fixed in stone.' });
    const eventId = eventsOf(kase.id).at(-1)!.id;
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/cases/${kase.id}/events/${eventId}`, headers: { cookie: [...counsellor.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': counsellor.csrf } });
      expect(res.statusCode).toBe(404);
    }
    expect((await counsellor.post(`/cases/${kase.id}/events/${eventId}/delete`)).statusCode).toBe(404);
    expect(eventsOf(kase.id).at(-1)!.body).toBe('Fixed in stone.');
  });
});

describe('editing the case details', () => {
  const valid = {
    caseTypes: ['wage_theft', 'unlawful_deductions'],
    sector: 'hospitality',
    priority: 'urgent',
    jurisdictionCountry: 'gb',
    jurisdictionRegion: 'GB-SCT',
    summary: 'Kitchen porter; "deductions" for <uniform>.',
    employmentStart: '2025-11-01',
    employmentEnd: '2026-02-28',
    amountClaimed: '1,250.50',
    amountRecovered: '0',
    currency: 'GBP',
    gcmObjectives: 'gcm7_reduce_vulnerabilities',
  };

  it('shows the form with the current values', async () => {
    const kase = londonCase({ amountClaimedMinor: 50000, currency: 'EUR', summary: 'Old "summary"' });
    const res = await counsellor.get(`/cases/${kase.id}/edit`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="500.00"');
    expect(res.body).toContain('Old &quot;summary&quot;</textarea>');
    expect(res.body).toMatch(/value="wage_theft" checked/);
  });

  it('saves the changes and records the field names, never the values, in the timeline and the audit log', async () => {
    const kase = londonCase();
    const res = await counsellor.post(`/cases/${kase.id}/edit`, { ...valid, version: await counsellor.formVersion(`/cases/${kase.id}/edit`) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=saved`);
    expect(caseRow(kase.id)).toMatchObject({
      sector: 'hospitality',
      priority: 'urgent',
      jurisdiction_country: 'GB',
      jurisdiction_region: 'GB-SCT',
      summary: 'Kitchen porter; "deductions" for <uniform>.',
      employment_start: '2025-11-01',
      employment_end: '2026-02-28',
      amount_claimed_minor: 125050,
      amount_recovered_minor: 0,
      currency: 'GBP',
      gcm_objectives: '["gcm7_reduce_vulnerabilities"]',
    });
    expect(sql('select case_type from case_types where case_id = ? order by case_type', kase.id).map((r) => r.case_type)).toEqual(['unlawful_deductions', 'wage_theft']);

    const event = eventsOf(kase.id).at(-1)!;
    expect(event.kind).toBe('field_change');
    const fields = JSON.parse(event.data as string).fields as string[];
    expect(fields.sort()).toEqual(
      ['amountClaimed', 'amountRecovered', 'caseTypes', 'currency', 'employmentEnd', 'employmentStart', 'gcmObjectives', 'jurisdictionRegion', 'priority', 'sector', 'summary'].sort(),
    );
    expect(event.body).toBeNull();
    expect(event.data).not.toContain('Kitchen');
    const audit = auditOf(kase.id).filter((a) => a.action === 'update');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.fields as string).sort()).toEqual(fields.sort());
    expect(audit[0]!.fields).not.toContain('Kitchen');

    const page = textOf((await counsellor.get(res.headers.location as string)).body);
    expect(page).toContain('The case details have been saved.');
    expect(page).toContain('Amira Haddad changed:');
    expect(page).toContain('Summary');
    expect(page).toContain('£1,250.50');
    expect(page).toContain('Kitchen porter; "deductions" for <uniform>.');
  });

  it('writes nothing when nothing changed', async () => {
    const kase = londonCase();
    const values = { caseTypes: 'wage_theft', priority: 'normal', jurisdictionCountry: 'GB', summary: kase.summary, version: await counsellor.formVersion(`/cases/${kase.id}/edit`) };
    const before = eventsOf(kase.id).length;
    const res = await counsellor.post(`/cases/${kase.id}/edit`, values);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=unchanged`);
    expect(eventsOf(kase.id)).toHaveLength(before);
  });

  it.each([
    ['an impossible date', { employmentStart: '2026-02-30' }, 'Enter a real date, for example 2026-03-31.'],
    ['a date out of range', { employmentStart: '1900-01-01' }, 'Enter a date between 1950 and 2100.'],
    ['an end before the start', { employmentStart: '2026-03-01', employmentEnd: '2026-01-01' }, 'The end date is before the start date.'],
    ['a negative amount', { amountClaimed: '-50' }, 'Enter an amount of zero or more.'],
    ['an amount that is not a number', { amountClaimed: 'twelve' }, 'Enter a number, for example 1250.50.'],
    ['more than two decimals', { amountRecovered: '10.505' }, 'Use at most two decimal places.'],
    ['an absurd amount', { amountClaimed: '99999999999' }, 'This amount is too large.'],
    ['amounts without a currency', { currency: '' }, 'Choose the currency of the amounts.'],
    ['an unknown currency', { currency: 'XYZ' }, 'Choose a currency from the list.'],
    ['an unknown sector', { sector: 'mining' }, 'Choose a value from the list.'],
    ['an unknown priority', { priority: 'whenever' }, 'Choose a value from the list.'],
    ['an unknown case type', { caseTypes: ['wage_theft', 'alien_abduction'] }, 'Choose case types from the list.'],
    ['no case type', { caseTypes: [] }, 'Choose at least one case type.'],
    ['an unknown GCM objective', { gcmObjectives: 'gcm99' }, 'Choose a value from the list.'],
    ['an unknown country', { jurisdictionCountry: 'XX' }, 'Enter a two-letter ISO 3166-1 country code, e.g. GB.'],
    ['an over-long summary', { summary: 'a'.repeat(5001) }, 'This is too long.'],
    ['an over-long region', { jurisdictionRegion: 'r'.repeat(101) }, 'This is too long.'],
  ])('refuses %s with 422, the message next to the field, what was typed, and saves nothing', async (_what, over, message) => {
    const kase = londonCase();
    const before = { row: caseRow(kase.id), events: eventsOf(kase.id).length, audit: count('audit_log') };
    const res = await counsellor.post(`/cases/${kase.id}/edit`, { ...valid, ...over });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('It has not been saved.');
    expect(text).toContain(message);
    // What was typed comes back, escaped.
    const typed = { ...valid, ...over };
    expect(res.body).toContain(`value="${typed.amountClaimed}"`);
    if (typed.summary === valid.summary) expect(res.body).toContain('Kitchen porter; &quot;deductions&quot; for &lt;uniform&gt;.</textarea>');
    expect(caseRow(kase.id)).toEqual(before.row);
    expect(eventsOf(kase.id)).toHaveLength(before.events);
    expect(count('audit_log')).toBe(before.audit);
  });
});

describe('the lifecycle', () => {
  let kase: ReturnType<typeof londonCase>;
  beforeEach(() => {
    kase = londonCase({ status: 'intake' });
  });
  const move = (agent: Agent, m: string, form: Record<string, string> = {}) => agent.post(`/cases/${kase.id}/status`, { move: m, ...form });
  const lastEvent = () => eventsOf(kase.id).at(-1)!;
  const status = () => caseRow(kase.id).status;

  it('goes from intake to closed: requested by the counsellor, approved by the supervisor, each step an event and an audit entry', async () => {
    expect((await move(counsellor, 'open')).statusCode).toBe(303);
    expect(status()).toBe('open');
    expect(JSON.parse(lastEvent().data as string)).toMatchObject({ from: 'intake', to: 'open', move: 'open' });

    expect((await move(counsellor, 'await_outcome')).statusCode).toBe(303);
    expect(status()).toBe('awaiting_outcome');

    const res = await move(counsellor, 'request_closure', { outcome: 'resolved_paid_in_part', amountRecovered: '800', currency: 'GBP', note: 'Employer paid £800 of £1,200.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=moved.request_closure`);
    expect(caseRow(kase.id)).toMatchObject({ status: 'closure_requested', outcome: 'resolved_paid_in_part', amount_recovered_minor: 80000, outcome_note: 'Employer paid £800 of £1,200.' });
    expect(lastEvent()).toMatchObject({ kind: 'status_change', user_id: d.counsellor.id, body: 'Employer paid £800 of £1,200.' });
    expect(textOf((await counsellor.get(`/cases/${kase.id}`)).body)).toContain('Waiting for a supervisor of this contact point');

    expect((await move(supervisor, 'approve_closure', { approvalComment: 'Good work.', checklistChecked: 'on' })).statusCode).toBe(303);
    const closed = caseRow(kase.id);
    expect(closed.status).toBe('closed');
    expect(closed.closed_at).toEqual(expect.any(Number));
    expect(lastEvent()).toMatchObject({ kind: 'status_change', user_id: d.supervisor.id, body: 'Good work.' });
    expect(JSON.parse(lastEvent().data as string)).toMatchObject({ from: 'closure_requested', to: 'closed' });

    const decisions = auditOf(kase.id).filter((a) => a.action === 'update');
    expect(decisions.map((a) => [a.user_id, JSON.parse(a.fields as string)[0]])).toEqual([
      [d.counsellor.id, 'status'],
      [d.counsellor.id, 'status'],
      [d.counsellor.id, 'status'],
      [d.supervisor.id, 'status'],
    ]);
    expect(JSON.parse(decisions.at(-1)!.fields as string)).toEqual(['status']);

    const page = textOf((await supervisor.get(`/cases/${kase.id}`)).body);
    expect(page).toMatch(/Grace Okafor approved the closure — \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    expect(page).toContain('Amira Haddad requested closure — outcome: Resolved: paid in part');
    expect(page).toContain('Reopen the case');
    expect(page).not.toContain('Edit case details');
  });

  it('refuses approval by a counsellor (403, audited) and changes nothing', async () => {
    await move(counsellor, 'open');
    await move(counsellor, 'request_closure', { outcome: 'advice_given', note: 'Advice given.' });
    const before = { row: caseRow(kase.id), events: eventsOf(kase.id).length };
    const res = await move(counsellor, 'approve_closure');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('Only a supervisor of this contact point can approve a closure or send it back.');
    expect((await move(counsellor, 'send_back', { comment: 'No.' })).statusCode).toBe(403);
    expect(caseRow(kase.id)).toEqual(before.row);
    expect(eventsOf(kase.id)).toHaveLength(before.events);
    expect(auditOf(kase.id).filter((a) => a.action === 'permission_denied')).toHaveLength(2);
    // The page offers a counsellor neither button.
    const page = textOf((await counsellor.get(`/cases/${kase.id}`)).body);
    expect(page).not.toContain('Approve closure');
    expect(page).not.toContain('Send back');
  });

  it('requires an outcome and a note to request closure', async () => {
    await move(counsellor, 'open');
    const before = eventsOf(kase.id).length;
    const res = await move(counsellor, 'request_closure', { outcome: '', note: '', amountRecovered: '-3' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Choose the outcome of the case.');
    expect(text).toContain('Write a short closure note for the supervisor.');
    expect(text).toContain('Enter an amount of zero or more.');
    expect(res.body).toMatch(/<details class="move" open>\s*<summary class="button">Request closure/);
    expect((await move(counsellor, 'request_closure', { outcome: 'won_the_lottery', note: 'x' })).statusCode).toBe(422);
    expect(status()).toBe('open');
    expect(eventsOf(kase.id)).toHaveLength(before);
  });

  it('sends a closure request back, with a comment, to the status it came from', async () => {
    await move(counsellor, 'open');
    await move(counsellor, 'await_outcome');
    await move(counsellor, 'request_closure', { outcome: 'settled', note: 'Settled at ACAS.' });
    expect((await move(supervisor, 'send_back', { comment: '' })).statusCode).toBe(422);
    expect(status()).toBe('closure_requested');
    expect((await move(supervisor, 'send_back', { comment: 'Attach the settlement first.' })).statusCode).toBe(303);
    expect(status()).toBe('awaiting_outcome');
    expect(lastEvent()).toMatchObject({ user_id: d.supervisor.id, body: 'Attach the settlement first.' });
    expect(textOf((await counsellor.get(`/cases/${kase.id}`)).body)).toContain('Grace Okafor sent the closure request back (Awaiting outcome)');
  });

  it('reopens a closed case only with a reason', async () => {
    await move(counsellor, 'open');
    await move(counsellor, 'request_closure', { outcome: 'lost_contact', note: 'No answer for 3 months.' });
    await move(supervisor, 'approve_closure', { approvalComment: 'Closed as agreed.', checklistChecked: 'on' });
    expect(status()).toBe('closed');
    let res = await move(counsellor, 'reopen', { reason: '  ' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Give the reason for reopening the case.');
    expect(status()).toBe('closed');
    res = await move(counsellor, 'reopen', { reason: 'The worker came back with new payslips.' });
    expect(res.statusCode).toBe(303);
    expect(caseRow(kase.id)).toMatchObject({ status: 'open', closed_at: null });
    expect(lastEvent()).toMatchObject({ body: 'The worker came back with new payslips.' });
    expect(JSON.parse(lastEvent().data as string)).toMatchObject({ from: 'closed', to: 'open', move: 'reopen' });
  });

  it('refuses moves the status does not allow with 409, a clear message, and no change', async () => {
    const before = eventsOf(kase.id).length;
    for (const [agent, m] of [
      [counsellor, 'await_outcome'],
      [counsellor, 'request_closure'],
      [counsellor, 'reopen'],
      [supervisor, 'approve_closure'],
      [supervisor, 'send_back'],
    ] as const) {
      const res = await move(agent, m, { outcome: 'settled', note: 'n', reason: 'r', comment: 'c', approvalComment: 'a', checklistChecked: 'on' });
      expect(res.statusCode, m).toBe(409);
      expect(textOf(res.body)).toContain("This change is not possible from the case's current status.");
    }
    expect(status()).toBe('intake');
    expect(eventsOf(kase.id)).toHaveLength(before);
    expect((await move(counsellor, 'close_it_now')).statusCode).toBe(400);
  });

  it('refuses to edit a closed case until it is reopened', async () => {
    await move(counsellor, 'open');
    await move(counsellor, 'request_closure', { outcome: 'advice_given', note: 'Done.' });
    await move(supervisor, 'approve_closure', { approvalComment: 'Closed as agreed.', checklistChecked: 'on' });
    expect((await counsellor.get(`/cases/${kase.id}/edit`)).statusCode).toBe(409);
    const res = await counsellor.post(`/cases/${kase.id}/edit`, { caseTypes: 'wage_theft', priority: 'low', jurisdictionCountry: 'GB' });
    expect(res.statusCode).toBe(409);
    expect(caseRow(kase.id).priority).toBe('normal');
  });
});

describe('assignment', () => {
  it('a supervisor reassigns to a counsellor of the contact point; event and audit say from whom to whom', async () => {
    const kase = londonCase();
    const page = await supervisor.get(`/cases/${kase.id}`);
    expect(page.body).toContain(`<option value="${colleagueId}">Piotr Zielinski (Counsellor)</option>`);
    expect(page.body).not.toContain(d.counsellor2.id);
    const res = await supervisor.post(`/cases/${kase.id}/assign`, { assignee: colleagueId });
    expect(res.statusCode).toBe(303);
    expect(caseRow(kase.id).assigned_to).toBe(colleagueId);
    const event = eventsOf(kase.id).at(-1)!;
    expect(event).toMatchObject({ kind: 'assignment', user_id: d.supervisor.id });
    expect(JSON.parse(event.data as string)).toEqual({ from: d.counsellor.id, to: colleagueId });
    expect(JSON.parse(auditOf(kase.id).at(-1)!.fields as string)).toEqual(['assignedTo']);
    expect(textOf((await supervisor.get(`/cases/${kase.id}`)).body)).toContain('Grace Okafor assigned the case to Piotr Zielinski');
  });

  it('refuses an assignee from another contact point, or an unknown one, with 422', async () => {
    const kase = londonCase();
    for (const assignee of [d.counsellor2.id, d.admin.id, 'not-a-user']) {
      const res = await supervisor.post(`/cases/${kase.id}/assign`, { assignee });
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('Choose an active counsellor or supervisor of this contact point.');
    }
    expect(caseRow(kase.id).assigned_to).toBe(d.counsellor.id);
  });

  it('a counsellor takes an unassigned case, but cannot assign others or take a case already assigned', async () => {
    const kase = londonCase({ assignedTo: null });
    expect(textOf((await colleague.get(`/cases/${kase.id}`)).body)).toContain('Assign to me');
    expect((await colleague.post(`/cases/${kase.id}/assign`, { assignee: d.counsellor.id })).statusCode).toBe(403);
    expect(caseRow(kase.id).assigned_to).toBeNull();
    expect((await colleague.post(`/cases/${kase.id}/assign`, { assignee: colleagueId })).statusCode).toBe(303);
    expect(caseRow(kase.id).assigned_to).toBe(colleagueId);
    expect(textOf((await colleague.get(`/cases/${kase.id}`)).body)).toContain('Piotr Zielinski took the case');
    // Now assigned: Amira cannot take it over.
    expect((await counsellor.post(`/cases/${kase.id}/assign`, { assignee: d.counsellor.id })).statusCode).toBe(409);
    expect(caseRow(kase.id).assigned_to).toBe(colleagueId);
  });
});
