import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents, caseParties } from '../../src/cases/cases.table.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { parties } from '../../src/parties/parties.table.js';
import { refreshSearchRow } from '../../src/cases/cases.repo.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const ldnCase = () => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
const chiCase = () => makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' });
const party = (name: string, over: Partial<typeof parties.$inferInsert> = {}) =>
  t.db.transaction((tx) => insertParty(tx, { name, kind: 'recruitment_agency', country: 'GB', createdAt: t.clock.now(), createdBy: d.counsellor.id, ...over }));
const linksOf = (caseId: number) => t.db.select().from(caseParties).where(eq(caseParties.caseId, caseId)).all();
const partyEvents = (caseId: number) =>
  t.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'party_change')))
    .all();
/** The case list's full-text search, as the list queries it. */
const searchIds = (match: string) => (t.db.$client.prepare('select rowid as id from case_search where case_search match ?').all(match) as { id: number }[]).map((r) => r.id);
const newPartyForm = (over: Record<string, string> = {}) => ({
  name: 'Harbourside Freight Services Ltd',
  kind: 'labour_provider',
  country: 'gb',
  sector: 'delivery_logistics',
  registrationNumber: '09876543',
  address: 'Unit 4, Thames Gateway Park, Dagenham RM9 6PX',
  role: 'labour_provider',
  ...over,
});

describe('linking parties to a case', () => {
  it('links an existing party chosen from the register, with a timeline event, an audit entry and a search row', async () => {
    const kase = ldnCase();
    const agency = party('Crescent Moon Staffing Ltd');
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(`/cases/${kase.id}/parties`, { partyId: String(agency.id), role: 'recruitment_agency' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=partyLinked#case-parties`);
    expect((await counsellor.get(`/cases/${kase.id}?notice=partyLinked`)).body).toMatch(/role="status">The party has been linked to the case\.</);

    expect(linksOf(kase.id)).toEqual([{ caseId: kase.id, partyId: agency.id, role: 'recruitment_agency' }]);
    const [event] = partyEvents(kase.id);
    expect(event).toMatchObject({ userId: d.counsellor.id, data: { action: 'linked', partyId: agency.id, role: 'recruitment_agency' } });
    const audit = t.db.select().from(auditLog).all().filter((a) => a.targetType === 'case' && a.targetId === String(kase.id) && a.action === 'update');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: d.counsellor.id, contactPointId: d.ldn.id, fields: ['parties'] });
    // The case list's search now finds the case by the party's name.
    expect(searchIds('"Crescent Moon"')).toEqual([kase.id]);

    // The page lists it as linked, with its count across the network.
    const page = textOf((await counsellor.get(`/cases/${kase.id}/parties/new`)).body);
    expect(page).toContain('Linked to this case Crescent Moon Staffing Ltd · Recruitment agency · United Kingdom Named in 1 case');
    // The picker no longer offers to link it again.
    const again = await counsellor.get(`/parties/search?q=crescent&caseId=${kase.id}`, { 'hx-request': 'true' });
    expect(textOf(again.body)).toContain('Crescent Moon Staffing Ltd · Recruitment agency · United Kingdom Named in 1 case Already linked to this case.');
    expect(again.body).not.toContain(`name="partyId" value="${agency.id}"`);
  });

  it('creates a new party from the form and links it in the role chosen', async () => {
    const kase = ldnCase();
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(`/cases/${kase.id}/parties`, newPartyForm({ role: 'employer' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}?notice=partyLinked#case-parties`);

    const created = t.db.select().from(parties).where(eq(parties.name, 'Harbourside Freight Services Ltd')).get()!;
    expect(created).toMatchObject({
      kind: 'labour_provider',
      country: 'GB',
      sector: 'delivery_logistics',
      registrationNumber: '09876543',
      nameKey: 'harbourside freight services ltd',
      createdBy: d.counsellor.id,
    });
    expect(linksOf(kase.id)).toEqual([{ caseId: kase.id, partyId: created.id, role: 'employer' }]);
    expect(partyEvents(kase.id)[0]!.data).toEqual({ action: 'linked', partyId: created.id, role: 'employer' });
    const audit = t.db.select().from(auditLog).all().find((a) => a.targetType === 'party' && a.action === 'create')!;
    expect(audit.targetId).toBe(String(created.id));
    // Field names only: no value of the form is in the audit log.
    expect(audit.fields).toEqual(['name', 'kind', 'country', 'sector', 'registrationNumber', 'address']);
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain('Harbourside');
    expect(searchIds('harbourside')).toEqual([kase.id]);
  });

  it('warns about likely duplicates before creating, and creates only when the counsellor confirms', async () => {
    const kase = ldnCase();
    const other = ldnCase();
    const existing = party('Northern Star Recruitment Limited', { address: '12 Mill Lane, Bradford' });
    t.db.transaction((tx) => linkPartyToCase(tx, other.id, existing.id, 'recruitment_agency'));
    const before = t.db.select().from(parties).all().length;

    await counsellor.get(`/cases/${kase.id}/parties/new`);
    // Same name once legal form and punctuation are set aside.
    const res = await counsellor.post(`/cases/${kase.id}/parties`, newPartyForm({ name: 'NORTHERN STAR RECRUITMENT LTD.', kind: 'recruitment_agency', role: 'recruitment_agency' }));
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('This party may already be in the register');
    expect(text).toContain('Northern Star Recruitment Limited · Recruitment agency · United Kingdom · 12 Mill Lane, Bradford Named in 1 case Use this one');
    expect(text).toContain('None of these: add “NORTHERN STAR RECRUITMENT LTD.” as a new party');
    expect(res.body).toContain('value="NORTHERN STAR RECRUITMENT LTD."');
    expect(t.db.select().from(parties).all()).toHaveLength(before);
    expect(linksOf(kase.id)).toEqual([]);

    // A name that the existing one starts with is also a likely duplicate.
    const prefix = await counsellor.post(`/cases/${kase.id}/parties`, newPartyForm({ name: 'Northern Star' }));
    expect(textOf(prefix.body)).toContain('This party may already be in the register');
    expect(t.db.select().from(parties).all()).toHaveLength(before);

    // "Use this one" links the existing party.
    const use = await counsellor.post(`/cases/${kase.id}/parties`, { partyId: String(existing.id), role: 'recruitment_agency' });
    expect(use.statusCode).toBe(303);
    expect(linksOf(kase.id).map((l) => l.partyId)).toEqual([existing.id]);

    // Confirming creates a separate party.
    const third = ldnCase();
    await counsellor.post(`/cases/${third.id}/parties`, newPartyForm({ name: 'Northern Star Recruitment Ltd' }));
    const confirmed = await counsellor.post(`/cases/${third.id}/parties`, newPartyForm({ name: 'Northern Star Recruitment Ltd', confirmNew: '1' }));
    expect(confirmed.statusCode).toBe(303);
    expect(t.db.select().from(parties).all()).toHaveLength(before + 1);
  });

  it('an unrelated name is created without a warning', async () => {
    party('Northern Star Recruitment Limited');
    const kase = ldnCase();
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(`/cases/${kase.id}/parties`, newPartyForm({ name: 'Southern Cross Cleaning' }));
    expect(res.statusCode).toBe(303);
    const created = t.db.select().from(parties).where(eq(parties.name, 'Southern Cross Cleaning')).get()!;
    expect(linksOf(kase.id)).toMatchObject([{ partyId: created.id, role: 'labour_provider' }]);
    expect(t.db.select().from(parties).all()).toHaveLength(2);
    expect(textOf((await counsellor.get(res.headers.location as string)).body)).toContain('Southern Cross Cleaning');
  });

  it('unlinks a party: the link goes, the party stays, the timeline and the search follow', async () => {
    const kase = ldnCase();
    const landlord = party('Kingfisher Lettings', { kind: 'landlord' });
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    await counsellor.post(`/cases/${kase.id}/parties`, { partyId: String(landlord.id), role: 'landlord' });
    expect(searchIds('kingfisher')).toEqual([kase.id]);

    const res = await counsellor.post(`/cases/${kase.id}/parties/${landlord.id}/unlink`, { reason: 'Linked by mistake: the worker rents from a relative.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${kase.id}/parties/new?undo=${landlord.id}`);
    // The page it returns to says so (issue 16 item 7), with the undo (item 4).
    expect((await counsellor.get(res.headers.location as string)).body).toMatch(/role="status">\s*<p>(<bdi>)?Kingfisher Lettings(<\/bdi>)? was removed from this case\.</);
    expect(linksOf(kase.id)).toEqual([]);
    expect(t.db.select().from(parties).where(eq(parties.id, landlord.id)).get()).toBeDefined();
    expect(partyEvents(kase.id).map((e) => e.data)).toEqual([
      { action: 'linked', partyId: landlord.id, role: 'landlord' },
      { action: 'unlinked', partyId: landlord.id, role: 'landlord' },
    ]);
    expect(searchIds('kingfisher')).toEqual([]);
    const audits = t.db.select().from(auditLog).all().filter((a) => a.targetType === 'case' && a.targetId === String(kase.id) && a.action === 'update');
    expect(audits).toHaveLength(2);

    // Unlinking a party that is not linked is a 404.
    expect((await counsellor.post(`/cases/${kase.id}/parties/${landlord.id}/unlink`, { reason: 'Again.' })).statusCode).toBe(404);
  });

  it('refuses an invalid new party with 422, a message per field, and saves nothing', async () => {
    const kase = ldnCase();
    const before = t.db.select().from(parties).all().length;
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(
      `/cases/${kase.id}/parties`,
      newPartyForm({ name: '  ', kind: 'sweatshop', country: 'XX', sector: 'mining', role: 'boss', address: 'x'.repeat(301), registrationNumber: '<script>alert(1)</script>' }),
    );
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('There are 6 problems with this form');
    expect(text).toContain('Fill this in.');
    expect(text).toContain('Choose a kind of party from the list.');
    expect(text).toContain('Enter a two-letter ISO 3166-1 country code, e.g. GB.');
    expect(text).toContain('Choose a sector from the list.');
    expect(text).toContain("Choose the party's role in this case from the list.");
    expect(text).toContain('This is too long.');
    // What was typed comes back, escaped.
    expect(res.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(t.db.select().from(parties).all()).toHaveLength(before);
    expect(linksOf(kase.id)).toEqual([]);
    expect(partyEvents(kase.id)).toEqual([]);
  });

  it('refuses a link to a party that does not exist or with an unknown role', async () => {
    const kase = ldnCase();
    const p = party('Orchard Lane Farms');
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    expect((await counsellor.post(`/cases/${kase.id}/parties`, { partyId: '999999', role: 'employer' })).statusCode).toBe(404);
    const res = await counsellor.post(`/cases/${kase.id}/parties`, { partyId: String(p.id), role: 'overlord' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('The party could not be linked.');
    expect(linksOf(kase.id)).toEqual([]);
  });

  it('answers 404 for a case of another contact point, exactly like a missing one', async () => {
    const chi = chiCase();
    const p = party('Lakeside Packing Co');
    t.db.transaction((tx) => linkPartyToCase(tx, chi.id, p.id, 'employer'));
    await counsellor.get('/parties');
    const missing = await counsellor.get('/cases/999999/parties/new');
    const other = await counsellor.get(`/cases/${chi.id}/parties/new`);
    expect(other.statusCode).toBe(404);
    const withoutRequestId = (html: string) => textOf(html).replace(/Reference: \S+/, '');
    expect(withoutRequestId(other.body)).toBe(withoutRequestId(missing.body));
    expect((await counsellor.post(`/cases/${chi.id}/parties`, { partyId: String(p.id), role: 'employer' })).statusCode).toBe(404);
    expect((await counsellor.post(`/cases/${chi.id}/parties`, newPartyForm())).statusCode).toBe(404);
    expect((await counsellor.post(`/cases/${chi.id}/parties/${p.id}/unlink`, { reason: 'Not ours.' })).statusCode).toBe(404);
    expect((await counsellor.get(`/parties/search?q=lakeside&caseId=${chi.id}`, { 'hx-request': 'true' })).statusCode).toBe(404);
    expect((await counsellor.get('/cases/abc/parties/new')).statusCode).toBe(404);
    expect(linksOf(chi.id)).toHaveLength(1);
    expect(partyEvents(chi.id)).toEqual([]);
  });
});

describe('search as you type', () => {
  it('answers htmx with a fragment of matches: name, kind, country and how many cases name each', async () => {
    const kase = ldnCase();
    const agency = party('Golden Bridge Recruitment Ltd', { country: 'PH' });
    for (const c of [ldnCase(), ldnCase(), chiCase()]) t.db.transaction((tx) => linkPartyToCase(tx, c.id, agency.id, 'recruitment_agency'));
    party('Goldsmith Catering', { kind: 'employer', country: 'GB' });

    const res = await counsellor.get(`/parties/search?q=${encodeURIComponent('golden bri')}&caseId=${kase.id}`, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    const text = textOf(res.body);
    expect(text).toContain('Golden Bridge Recruitment Ltd · Recruitment agency · Philippines Named in 3 cases');
    expect(text).not.toContain('Goldsmith');
    expect(res.body).toContain(`action="/cases/${kase.id}/parties"`);
    expect(res.body).toContain(`name="partyId" value="${agency.id}"`);

    // A word inside the name matches too, and the match is case- and accent-insensitive.
    const inner = textOf((await counsellor.get('/parties/search?q=BRÍDGE', { 'hx-request': 'true' })).body);
    expect(inner).toContain('Golden Bridge Recruitment Ltd');
    expect(inner).toContain('Named in 3 cases');

    const none = textOf((await counsellor.get('/parties/search?q=zzzz', { 'hx-request': 'true' })).body);
    expect(none).toContain('No party in the register matches “zzzz”.');
  });

  it('works without JavaScript: the search is a GET of the page, each match a POST form', async () => {
    const kase = ldnCase();
    const p = party('Riverside Care Homes', { kind: 'employer' });
    const res = await counsellor.get(`/cases/${kase.id}/parties/new?q=riverside`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html');
    expect(res.body).toContain(`<form method="get" action="/cases/${kase.id}/parties/new"`);
    expect(textOf(res.body)).toContain('Riverside Care Homes · Employer');
    const choose = await counsellor.post(`/cases/${kase.id}/parties`, { partyId: String(p.id), role: 'employer' });
    expect(choose.statusCode).toBe(303);
  });
});

describe('the party page', () => {
  it('counts the cases of every contact point but lists only those the user may see', async () => {
    const agency = party('Silver Birch Recruitment Ltd');
    const ldn = [ldnCase(), ldnCase()];
    const chi = chiCase();
    for (const c of [...ldn, chi]) {
      t.db.transaction((tx) => linkPartyToCase(tx, c.id, agency.id, 'recruitment_agency'));
      t.db.transaction((tx) => refreshSearchRow(tx, c.id));
    }

    const res = await counsellor.get(`/parties/${agency.id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Named in 3 cases across all contact points of the network');
    expect(text).toContain('2 of them are at your contact point and are listed below. 1 is at another contact point: it is counted, not shown.');
    for (const c of ldn) expect(res.body).toContain(c.reference);
    expect(res.body).not.toContain(chi.reference);
    expect(res.body).not.toContain(`/cases/${chi.id}"`);
    expect(text).toContain('Recruitment agency Open Wage theft / unpaid wages');

    // The Chicago counsellor sees the same count and only the Chicago case.
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const theirs = await chicago.get(`/parties/${agency.id}`);
    expect(textOf(theirs.body)).toContain('Named in 3 cases');
    expect(theirs.body).toContain(chi.reference);
    for (const c of ldn) expect(theirs.body).not.toContain(c.reference);
  });

  it('never shows the person of a case, not even a visible one', async () => {
    const kase = ldnCase();
    const p = party('Maple Court Care Ltd', { kind: 'employer' });
    t.db.transaction((tx) => linkPartyToCase(tx, kase.id, p.id, 'employer'));
    const personName = (t.db.$client.prepare('select name from people where id = ?').get(kase.personId) as { name: string }).name;
    const res = await counsellor.get(`/parties/${p.id}`);
    expect(res.body).toContain(kase.reference);
    expect(res.body).not.toContain(personName);
  });

  it('is not there for administrators and coordinators, who see no case content', async () => {
    const p = party('Any Agency Ltd');
    for (const email of ['admin@demo.test', 'coordinator@demo.test']) {
      const agent = await signIn(t.app, email);
      for (const url of ['/parties', `/parties/${p.id}`, `/parties/${p.id}/edit`, '/parties/search?q=any']) {
        const res = await agent.get(url);
        expect(res.statusCode, `${email} ${url}`).toBe(404);
        expect(textOf(res.body), `${email} ${url}`).toContain('There is nothing here, or you do not have access to it.');
        expect(res.body, `${email} ${url}`).not.toContain('Any Agency Ltd');
      }
    }
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const shown = await supervisor.get(`/parties/${p.id}`);
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown.body)).toContain('Any Agency Ltd');
    for (const url of ['/parties/999999', '/parties/nope']) {
      const res = await counsellor.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(textOf(res.body), url).toContain('There is nothing here, or you do not have access to it.');
    }
  });

  it('shows names with markup as text', async () => {
    const p = party('<script>alert("x")</script> & "Sons"');
    const res = await counsellor.get(`/parties/${p.id}`);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;');
    expect(textOf(res.body)).toContain('<script>alert("x")</script> & "Sons"');
  });
});

describe('the party register', () => {
  it('lists parties with their case counts, most named first, and filters by name', async () => {
    const busy = party('Zenith Labour Solutions', { kind: 'labour_provider' });
    const quiet = party('Aardvark Cleaning Co', { kind: 'employer' });
    for (const c of [ldnCase(), ldnCase(), chiCase(), chiCase()]) t.db.transaction((tx) => linkPartyToCase(tx, c.id, busy.id, 'labour_provider'));
    t.db.transaction((tx) => linkPartyToCase(tx, ldnCase().id, quiet.id, 'employer'));

    const list = await counsellor.get('/parties?q=&sort=cases');
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    expect(text).toMatch(/Zenith Labour Solutions Labour provider United Kingdom — Named in 4 cases .*Aardvark Cleaning Co Employer United Kingdom — Named in 1 case/);

    const byName = textOf((await counsellor.get('/parties?sort=name')).body);
    expect(byName.indexOf('Aardvark Cleaning Co')).toBeLessThan(byName.indexOf('Zenith Labour Solutions'));

    // Live filtering answers htmx with the table alone.
    const filtered = await counsellor.get('/parties?q=zenith&sort=cases', { 'hx-request': 'true' });
    expect(filtered.body).not.toContain('<html');
    expect(filtered.body).toContain('id="party-table"');
    expect(textOf(filtered.body)).toContain('1 party Parties Name');
    expect(filtered.body).toContain('Zenith Labour Solutions');
    expect(filtered.body).not.toContain('Aardvark');

    // Nonsense in the query string falls back to the defaults rather than failing.
    expect((await counsellor.get('/parties?sort=evil&page=-3')).statusCode).toBe(200);
  });
});

describe('editing a party', () => {
  it('saves valid changes, audits the field names and re-indexes every case that names the party', async () => {
    const p = party('Blue Harbour Stevedoring', { kind: 'labour_provider' });
    const ldn = ldnCase();
    const chi = chiCase();
    for (const c of [ldn, chi]) {
      t.db.transaction((tx) => linkPartyToCase(tx, c.id, p.id, 'labour_provider'));
      t.db.transaction((tx) => refreshSearchRow(tx, c.id));
    }
    const version = await counsellor.formVersion(`/parties/${p.id}/edit`);
    const res = await counsellor.post(`/parties/${p.id}`, { name: 'Blue Harbour Quayside Ltd', kind: 'labour_provider', country: 'GB', sector: 'manufacturing', registrationNumber: '', address: '', version });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/parties/${p.id}?notice=saved`);
    const saved = t.db.select().from(parties).where(eq(parties.id, p.id)).get()!;
    expect(saved).toMatchObject({ name: 'Blue Harbour Quayside Ltd', nameKey: 'blue harbour quayside ltd', sector: 'manufacturing', registrationNumber: null, address: null });
    const audit = t.db.select().from(auditLog).all().find((a) => a.targetType === 'party' && a.action === 'update')!;
    expect(audit).toMatchObject({ userId: d.counsellor.id, targetId: String(p.id), fields: ['name', 'sector'] });
    expect(searchIds('quayside').sort()).toEqual([ldn.id, chi.id].sort());
    expect(searchIds('stevedoring')).toEqual([]);
    expect(textOf((await counsellor.get(`/parties/${p.id}?notice=saved`)).body)).toContain('Changes saved.');
  });

  it('refuses an invalid form with 422, shows what was typed, and changes nothing', async () => {
    const p = party('Copper Kettle Restaurants', { kind: 'employer' });
    t.db.transaction((tx) => linkPartyToCase(tx, ldnCase().id, p.id, 'employer'));
    await counsellor.get(`/parties/${p.id}/edit`);
    const res = await counsellor.post(`/parties/${p.id}`, { name: '', kind: 'employer', country: 'England', sector: '', registrationNumber: 'r'.repeat(61), address: '"quoted" address' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('There are 3 problems with this form');
    expect(text).toContain('Fill this in.');
    expect(text).toContain('Enter a two-letter ISO 3166-1 country code, e.g. GB.');
    expect(text).toContain('This is too long.');
    // The country is a list: what was sent is not a choice, so none is selected, and the message is at the field.
    expect(res.body).toContain('id="f-country-error"');
    expect(res.body).toContain('&quot;quoted&quot; address');
    expect(t.db.select().from(parties).where(eq(parties.id, p.id)).get()).toEqual(p);
    expect(t.db.select().from(auditLog).all().filter((a) => a.targetType === 'party')).toEqual([]);
  });
});

describe('a shared party is changed only by desks whose cases name it (issue 12, security review d)', () => {
  const form = (version: string, over: Record<string, string> = {}) => ({ name: 'Renamed by London', kind: 'employer', country: 'US', sector: '', registrationNumber: '', address: '', version, ...over });
  const partyAudit = () => t.db.select().from(auditLog).all().filter((a) => a.targetType === 'party');

  it('another desk gets 404 for the form and the save, sees no edit button, and nothing changes', async () => {
    const p = party('Windy City Staffing', { kind: 'employer', country: 'US' });
    t.db.transaction((tx) => linkPartyToCase(tx, chiCase().id, p.id, 'employer'));
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    for (const agent of [counsellor, supervisor]) {
      const page = await agent.get(`/parties/${p.id}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('Only a contact point whose cases name this party can change its details.');
      expect(page.body).not.toContain(`/parties/${p.id}/edit`);
      const edit = await agent.get(`/parties/${p.id}/edit`);
      expect(edit.statusCode).toBe(404);
      const save = await agent.post(`/parties/${p.id}`, form(String(p.version)));
      expect(save.statusCode).toBe(404);
      expect(textOf(save.body)).toContain('There is nothing here, or you do not have access to it.');
    }
    expect(t.db.select().from(parties).where(eq(parties.id, p.id)).get()).toEqual(p);
    expect(partyAudit()).toEqual([]);

    // Chicago's desk, whose case names it, may.
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const version = await chicago.formVersion(`/parties/${p.id}/edit`);
    expect((await chicago.post(`/parties/${p.id}`, form(version, { name: 'Windy City Staffing LLC' }))).statusCode).toBe(303);
    expect(t.db.select().from(parties).where(eq(parties.id, p.id)).get()).toMatchObject({ name: 'Windy City Staffing LLC' });

    // Once a London case names it too, London may as well.
    t.db.transaction((tx) => linkPartyToCase(tx, ldnCase().id, p.id, 'employer'));
    const ldnVersion = await counsellor.formVersion(`/parties/${p.id}/edit`);
    expect((await counsellor.post(`/parties/${p.id}`, form(ldnVersion))).statusCode).toBe(303);
  });

  it('a party no case names is changed by no one', async () => {
    const p = party('Orphan Holdings', { kind: 'employer' });
    for (const email of ['counsellor@demo.test', 'counsellor2@demo.test', 'supervisor2@demo.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get(`/parties/${p.id}/edit`)).statusCode).toBe(404);
    }
    expect(t.db.select().from(parties).where(eq(parties.id, p.id)).get()).toEqual(p);
  });

  it('shows each change in the party’s history, to every desk: who, when and which fields', async () => {
    const kase = ldnCase();
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    expect((await counsellor.post(`/cases/${kase.id}/parties`, newPartyForm({ confirmNew: 'yes' }))).statusCode).toBe(303);
    const p = t.db.select().from(parties).all().find((x) => x.name === 'Harbourside Freight Services Ltd')!;
    t.clock.advance(10 * 60 * 1000);
    const version = await counsellor.formVersion(`/parties/${p.id}/edit`);
    await counsellor.post(`/parties/${p.id}`, { name: 'Harbourside Freight Ltd', kind: 'labour_provider', country: 'GB', sector: 'manufacturing', registrationNumber: '', address: '', version });

    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const text = textOf((await chicago.get(`/parties/${p.id}`)).body);
    expect(text).toContain('History of these details');
    expect(text).toMatch(/Amira Haddad · changed Name, Sector, Registration number, Address .*Amira Haddad · added to the register/);
  });
});
