import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents, cases } from '../../src/cases/cases.table.js';
import { collectiveMembers, collectives } from '../../src/collective/collective.table.js';
import { consents, people } from '../../src/people/people.table.js';
import { transfers } from '../../src/transfers/transfers.table.js';
import { createTestApp, formOnPage, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { uploadSheet, workerHeader, workerRow, xlsxOf } from '../helpers/sheets.js';

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

const ldnCase = (over: Parameters<typeof makeCase>[1] extends infer O ? Partial<O> : never = {}) => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, ...over });
const countOf = (table: typeof people | typeof cases | typeof collectiveMembers | typeof consents) => t.db.select({ n: count() }).from(table).get()!.n;

/** Creates a group through the form, against a new party, with the given cases; returns its id. */
async function createGroup(caseIds: number[], title = 'Unpaid wages at Riverside Foods') {
  await counsellor.get('/collectives/new');
  const res = await counsellor.post('/collectives', { contactPointId: String(d.ldn.id), title, summary: 'Six weeks unpaid for the whole night shift.', partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds: caseIds.map(String) });
  expect(res.statusCode).toBe(303);
  return Number(/\/collectives\/(\d+)/.exec(res.headers.location as string)![1]);
}

describe('a collective case', () => {
  it('groups cases of one desk; a shared entry, posted once, shows on every member case with a link to the group and the party', async () => {
    const members = [ldnCase(), ldnCase(), ldnCase()];
    const id = await createGroup(members.map((c) => c.id));
    const page = textOf((await counsellor.get(`/collectives/${id}`)).body);
    expect(page).toContain('Unpaid wages at Riverside Foods');
    expect(page).toContain('Riverside Foods Ltd');
    for (const m of members) expect(page).toContain(m.reference);
    expect(t.db.select().from(collectives).get()!.reference).toBe('LDN-G-2026-001');

    await counsellor.get(`/collectives/${id}`);
    const posted = await counsellor.post(`/collectives/${id}/entries`, { kind: 'meeting', body: 'Met the employer’s HR manager: they offer 50% by Friday.' });
    expect(posted.statusCode).toBe(303);
    for (const m of members) {
      const html = (await counsellor.get(`/cases/${m.id}`)).body;
      const shared = /<ol class="timeline timeline--shared"[\s\S]*?<\/ol>/.exec(html)?.[0] ?? '';
      expect(textOf(shared)).toContain('Met the employer’s HR manager: they offer 50% by Friday.');
      expect(textOf(shared)).toContain('Shared');
      expect(shared).toContain(`href="/collectives/${id}"`);
      // The group's party on the member case.
      expect(textOf(html)).toMatch(/Against \(Employer\): Riverside Foods Ltd/);
    }
    // Written once, not copied into each case's own timeline.
    expect(t.db.select().from(caseEvents).all().filter((e) => e.body?.includes('HR manager'))).toEqual([]);
    // A case outside the group shows nothing of it.
    const outside = ldnCase();
    expect(textOf((await counsellor.get(`/cases/${outside.id}`)).body)).not.toContain('HR manager');
  });

  it('a worker leaves with a reason: the history is kept, their case goes on, later shared entries no longer reach it', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    await counsellor.get(`/collectives/${id}`);
    await counsellor.post(`/collectives/${id}/entries`, { kind: 'note', body: 'Before she left: claim letter sent.' });
    const refused = await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: '' });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Say why the worker leaves the group.');
    expect(t.db.select().from(collectiveMembers).all().every((m) => m.leftAt === null)).toBe(true);

    const left = await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: 'Settled on her own with the employer.' });
    expect(left.statusCode).toBe(303);
    t.clock.advance(60_000);
    await counsellor.post(`/collectives/${id}/entries`, { kind: 'note', body: 'After she left: tribunal claim filed.' });

    const group = textOf((await counsellor.get(`/collectives/${id}`)).body);
    expect(group).toContain('Workers who left');
    expect(group).toContain('Settled on her own with the employer.');
    const caseA = textOf((await counsellor.get(`/cases/${a.id}`)).body);
    expect(caseA).toContain('Before she left: claim letter sent.');
    expect(caseA).not.toContain('After she left');
    expect(caseA).toContain(`took this case out of the collective case`);
    expect(caseA).toContain('Settled on her own with the employer.');
    expect(textOf((await counsellor.get(`/cases/${b.id}`)).body)).toContain('After she left: tribunal claim filed.');
    // The reason is on the worker's timeline, never in the audit log.
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain('Settled');
  });

  it('takes only cases of the same desk, each in one group at a time', async () => {
    const chi = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, jurisdictionCountry: 'US' });
    const own = ldnCase();
    await counsellor.get('/collectives/new');
    const res = await counsellor.post('/collectives', { contactPointId: String(d.ldn.id), title: 'Mixed', partyName: 'X Ltd', partyKind: 'employer', caseIds: [String(own.id), String(chi.id)] });
    expect(res.statusCode).toBe(404);
    expect(countOf(collectiveMembers)).toBe(0);
    expect(t.db.select().from(collectives).all()).toEqual([]);

    const id = await createGroup([own.id]);
    const other = await createGroup([], 'Second group');
    await counsellor.get(`/collectives/${other}`);
    const again = await counsellor.post(`/collectives/${other}/members`, { caseIds: [String(own.id)] });
    expect(again.statusCode).toBe(409);
    expect(t.db.select().from(collectiveMembers).all().map((m) => m.collectiveId)).toEqual([id]);
  });

  it('answers 404 to a user of another contact point, for every page and file of the group', async () => {
    const id = await createGroup([ldnCase().id]);
    const other = await signIn(t.app, 'counsellor2@demo.test');
    for (const url of [`/collectives/${id}`, `/collectives/${id}/edit`, `/collectives/${id}/export.csv`, `/collectives/${id}/import`, '/collectives/999999']) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Riverside');
    }
    await other.get('/collectives');
    const posted = await other.post(`/collectives/${id}/entries`, { kind: 'note', body: 'Not mine' });
    expect(posted.statusCode).toBe(404);
    const upload = await uploadSheet(other, `/collectives/${id}/import`, await xlsxOf([workerHeader, workerRow(1)]));
    expect(upload.statusCode).toBe(404);
    expect(textOf((await other.get('/collectives')).body)).not.toContain('Riverside');
    expect(countOf(people)).toBe(t.db.select({ n: count() }).from(people).get()!.n);
    expect(textOf((await counsellor.get(`/collectives/${id}`)).body)).not.toContain('Not mine');
  });

  it('a stale save of the group is a 409 that keeps what was typed and saves nothing', async () => {
    const id = await createGroup([]);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const mine = formOnPage((await counsellor.get(`/collectives/${id}/edit`)).body, `/collectives/${id}/edit`);
    const theirs = formOnPage((await supervisor.get(`/collectives/${id}/edit`)).body, `/collectives/${id}/edit`);
    expect((await supervisor.post(`/collectives/${id}/edit`, { ...theirs, summary: 'The supervisor’s summary.' })).statusCode).toBe(303);
    const stale = await counsellor.post(`/collectives/${id}/edit`, { ...mine, title: 'My new title' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="My new title"');
    expect(textOf(stale.body)).toContain('The supervisor’s summary.');
    expect(t.db.select().from(collectives).get()!.title).toBe('Unpaid wages at Riverside Foods');
    // Saved again from the 409 form, deliberately: the supervisor's summary is kept.
    const again = await counsellor.post(`/collectives/${id}/edit`, formOnPage(stale.body, `/collectives/${id}/edit`));
    expect(again.statusCode).toBe(303);
    expect(t.db.select().from(collectives).get()).toMatchObject({ title: 'My new title', summary: 'The supervisor’s summary.' });
  });
});

describe('per-worker amounts', () => {
  it('totals by currency, shows who is still owed what, and exports a CSV with formulas escaped; the download is audited', async () => {
    const p1 = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: '=HYPERLINK("http://evil.example","click")' });
    const p2 = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Ana', alias: '@ana' });
    const p3 = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: '-1+2', alias: '\tTab' });
    const a = ldnCase({ personId: p1.id, amountClaimedMinor: 120000, amountRecoveredMinor: 20000, currency: 'GBP' });
    const b = ldnCase({ personId: p2.id, amountClaimedMinor: 50050, currency: 'GBP' });
    const c = ldnCase({ personId: p3.id, amountClaimedMinor: 30000, amountRecoveredMinor: 30000, currency: 'EUR' });
    const id = await createGroup([a.id, b.id, c.id]);
    const html = (await counsellor.get(`/collectives/${id}`)).body;
    const totals = textOf(/<table class="table" id="totals">[\s\S]*?<\/table>/.exec(html)![0]);
    expect(totals).toContain('EUR 1 €300.00 €300.00 €0.00');
    expect(totals).toContain('GBP 2 £1,700.50 £200.00 £1,500.50');

    const before = t.db.select().from(auditLog).all().filter((e) => e.action === 'export').length;
    const csv = await counsellor.get(`/collectives/${id}/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="LDN-G-2026-001.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Case,Name,Alias,Case status,Currency,Claimed,Recovered,Still owed');
    expect(lines).toContain(`${a.reference},"'=HYPERLINK(""http://evil.example"",""click"")",,Open,GBP,1200.00,200.00,1000.00`);
    expect(lines).toContain(`${b.reference},Ana,'@ana,Open,GBP,500.50,,500.50`);
    expect(lines).toContain(`${c.reference},'-1+2,'\tTab,Open,EUR,300.00,300.00,0.00`);
    const exports = t.db.select().from(auditLog).all().filter((e) => e.action === 'export' && e.targetType === 'collective');
    expect(exports.length).toBe(before + 1);
    expect(exports.at(-1)).toMatchObject({ userId: d.counsellor.id, targetId: String(id) });
  });
});

describe('bulk intake from a spreadsheet', () => {
  it('a 2,000-row XLSX with 3 bad rows: the preview reports them before anything is saved; confirming creates the rest in one go', async () => {
    const id = await createGroup([]);
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Worker 7' });
    const rows = Array.from({ length: 2000 }, (_, i) => workerRow(i + 1));
    rows[99] = workerRow(100, { name: '', alias: '' });
    rows[499] = workerRow(500, { consentDate: '2026-02-31' });
    rows[1499] = workerRow(1500, { consentStore: 'no' });
    const file = await xlsxOf([workerHeader, ...rows]);
    const counts = () => [countOf(people), countOf(cases), countOf(consents), countOf(collectiveMembers)];
    const before = counts();

    await counsellor.get(`/collectives/${id}/import`);
    const uploaded = await uploadSheet(counsellor, `/collectives/${id}/import`, file);
    expect(uploaded.statusCode).toBe(303);
    const mapping = await counsellor.get(uploaded.headers.location as string);
    expect(textOf(mapping.body)).toContain('Rows in the sheet: 2,000.');
    const map = formOnPage(mapping.body, `${uploaded.headers.location}/preview`);
    expect(map).toMatchObject({ 'map.0': 'name', 'map.1': 'alias', 'map.4': 'consentStore', 'map.7': 'consentDate', 'map.8': 'amountClaimed', 'map.9': 'currency' });
    const preview = await counsellor.post(`${uploaded.headers.location}/preview`, map);
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('Rows ready to create: 1,997.');
    expect(text).toContain('Rows refused: 3.');
    const problems = textOf(/<table class="table" id="problems"[\s\S]*?<\/table>/.exec(preview.body)![0]);
    expect(problems).toContain('101 Neither a name nor an alias.');
    expect(problems).toContain('501 A date is not a real date');
    expect(problems).toContain('1,501 No consent to store their details: refused');
    // Worker 7 is already at the desk: offered for linking.
    expect(text).toContain('Linked to Worker 7, already at the desk');
    expect(counts()).toEqual(before);

    const confirm = formOnPage(preview.body, `${uploaded.headers.location}/confirm`);
    const done = await counsellor.post(`${uploaded.headers.location}/confirm`, confirm);
    expect(done.statusCode).toBe(303);
    const [p0, c0, k0, m0] = before as [number, number, number, number];
    expect(counts()).toEqual([p0 + 1996, c0 + 1997, k0 + 1997, m0 + 1997]);
    // Linked, not duplicated; consent recorded as the sheet states it.
    expect(t.db.select().from(people).where(eq(people.name, 'Worker 7')).all()).toHaveLength(1);
    const w1 = t.db.select().from(people).where(eq(people.name, 'Worker 1')).get()!;
    expect(t.db.select().from(consents).where(eq(consents.personId, w1.id)).get()).toMatchObject({ givenOn: '2026-11-20', scopes: ['store', 'anonymised_statistics'] });
    expect(t.db.select().from(people).where(eq(people.name, 'Worker 1500')).all()).toEqual([]);
    const group = textOf((await counsellor.get(`/collectives/${id}`)).body);
    expect(group).toMatch(/Workers 1,997/);
    // The staged sheet is gone: confirming twice creates nothing more.
    expect((await counsellor.post(`${uploaded.headers.location}/confirm`, confirm)).statusCode).toBe(404);
    expect(countOf(cases)).toBe(c0 + 1997);
  }, 60_000);

  it('creating new instead of linking a likely duplicate, when the counsellor says it is someone else', async () => {
    const id = await createGroup([]);
    makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Worker 1' });
    await counsellor.get(`/collectives/${id}/import`);
    const csv = Buffer.from(`name,consent_store,amount_claimed,currency\r\nWorker 1,yes,10,GBP\r\nWorker 2,yes,,\r\n`);
    const up = await uploadSheet(counsellor, `/collectives/${id}/import`, csv, { filename: 'w.csv' });
    const map = formOnPage((await counsellor.get(up.headers.location as string)).body, `${up.headers.location}/preview`);
    const preview = await counsellor.post(`${up.headers.location}/preview`, map);
    const confirm = { ...formOnPage(preview.body, `${up.headers.location}/confirm`), createNew: '2' };
    expect((await counsellor.post(`${up.headers.location}/confirm`, confirm)).statusCode).toBe(303);
    expect(t.db.select().from(people).where(eq(people.name, 'Worker 1')).all()).toHaveLength(2);
  });

  it('writes for each worker what one-by-one intake writes: next references in order, timeline, search row, audit entries', async () => {
    const before = ldnCase();
    const id = await createGroup([]);
    await counsellor.get(`/collectives/${id}/import`);
    const csv = Buffer.from(`name,alias,consent_store,amount_claimed,currency\r\nQuillon Bulkworker,,yes,10,GBP\r\n,Zephyrine,yes,,\r\nNo Consent,,no,,\r\n`);
    const up = await uploadSheet(counsellor, `/collectives/${id}/import`, csv, { filename: 'w.csv' });
    const map = formOnPage((await counsellor.get(up.headers.location as string)).body, `${up.headers.location}/preview`);
    const preview = await counsellor.post(`${up.headers.location}/preview`, map);
    const auditBefore = t.db.select().from(auditLog).all().length;
    expect((await counsellor.post(`${up.headers.location}/confirm`, formOnPage(preview.body, `${up.headers.location}/confirm`))).statusCode).toBe(303);
    const made = t.db.select().from(cases).all().filter((c) => c.id !== before.id);
    const n = Number(before.reference.slice(-5));
    expect(made.map((c) => c.reference)).toEqual([1, 2].map((k) => `LDN-2026-${String(n + k).padStart(5, '0')}`));
    const quillon = t.db.select().from(people).where(eq(people.name, 'Quillon Bulkworker')).get()!;
    expect(made[0]).toMatchObject({ personId: quillon.id, status: 'open', amountClaimedMinor: 1000, currency: 'GBP', assignedTo: d.counsellor.id, version: 1 });
    // Found by name and by alias in the case search.
    expect(textOf((await counsellor.get('/cases?q=Quillon')).body)).toContain(made[0]!.reference);
    expect(textOf((await counsellor.get('/cases?q=Zephyrine')).body)).toContain(made[1]!.reference);
    const page = textOf((await counsellor.get(`/cases/${made[1]!.id}`)).body);
    expect(page).toContain('added this case to the collective case LDN-G-2026-001');
    expect(textOf((await counsellor.get(`/cases/${made[1]!.id}`)).body)).toMatch(/Wage theft/);
    const audit = t.db.select().from(auditLog).all().slice(auditBefore);
    expect(audit.filter((e) => e.action === 'create' && e.targetType === 'person').map((e) => e.targetId).sort()).toEqual(made.map((c) => String(c.personId)).sort());
    expect(audit.filter((e) => e.action === 'create' && e.targetType === 'case').map((e) => e.targetId)).toEqual(made.map((c) => String(c.id)));
    expect(audit.filter((e) => e.targetType === 'collective' && e.action === 'update')).toHaveLength(1);
    expect(t.db.select().from(people).where(eq(people.name, 'No Consent')).all()).toEqual([]);
  });

  it('refuses bad files with a clear message and changes nothing: not a spreadsheet, empty, too big, wrong columns', async () => {
    const id = await createGroup([]);
    const before = [countOf(people), countOf(cases)];
    await counsellor.get(`/collectives/${id}/import`);
    const cases_: [Buffer, number, string][] = [
      [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]), 422, 'This file is not a spreadsheet UnionDesk can read.'],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 422, 'This file is not a spreadsheet UnionDesk can read.'],
      [Buffer.alloc(0), 422, 'The file has no rows of workers'],
      [Buffer.from('name,consent_store\r\n'), 422, 'The file has no rows of workers'],
      [Buffer.alloc(6 * 1024 * 1024, 'a'), 413, 'The file is larger than 5 MB.'],
    ];
    for (const [file, status, message] of cases_) {
      const res = await uploadSheet(counsellor, `/collectives/${id}/import`, file, { filename: 'x.csv' });
      expect(res.statusCode, message).toBe(status);
      expect(textOf(res.body)).toContain(message);
    }
    // Wrong columns: the mapping cannot make a person; the step says which column is missing.
    const up = await uploadSheet(counsellor, `/collectives/${id}/import`, Buffer.from('colour,size\r\nred,XL\r\n'), { filename: 'x.csv' });
    expect(up.statusCode).toBe(303);
    const map = formOnPage((await counsellor.get(up.headers.location as string)).body, `${up.headers.location}/preview`);
    const wrong = await counsellor.post(`${up.headers.location}/preview`, map);
    expect(wrong.statusCode).toBe(422);
    expect(textOf(wrong.body)).toContain('Choose the column that holds the name or the alias.');
    const malformed = await counsellor.post(`${up.headers.location}/preview`, { 'map.0': 'passwordHash' });
    expect(malformed.statusCode).toBe(400);
    // Without the CSRF token, nothing is read.
    expect((await uploadSheet(counsellor, `/collectives/${id}/import`, Buffer.from('name,consent_store\r\nA,yes\r\n'), { csrf: 'nope' })).statusCode).toBe(403);
    expect([countOf(people), countOf(cases)]).toEqual(before);
  });

  it('offers the template as CSV and XLSX, which map without changes', async () => {
    const csv = await counsellor.get('/collectives/template.csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body.split('\r\n')[0]).toBe('name,alias,phone,nationality,language,consent_store,consent_share,consent_statistics,consent_date,employment_start,employment_end,amount_claimed,currency');
    const xlsx = await counsellor.get('/collectives/template.xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const id = await createGroup([]);
    await counsellor.get(`/collectives/${id}/import`);
    const up = await uploadSheet(counsellor, `/collectives/${id}/import`, xlsx.rawPayload);
    const map = formOnPage((await counsellor.get(up.headers.location as string)).body, `${up.headers.location}/preview`);
    expect(Object.values(map).filter((v) => v === '')).toEqual([]);
    const preview = await counsellor.post(`${up.headers.location}/preview`, map);
    expect(textOf(preview.body)).toContain('Rows ready to create: 1.');
  });
});

describe('reports and supervision', () => {
  it('the report counts collective cases and workers reached (small cells suppressed); the caseload shows group size', async () => {
    const id = await createGroup(Array.from({ length: 6 }, () => ldnCase().id));
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const report = textOf((await supervisor.get(`/reports?cp=${d.ldn.id}`)).body);
    expect(report).toContain('Collective cases');
    expect(report).toMatch(/Collective cases opened <5/);
    expect(report).toMatch(/Workers who joined a collective case 6/);
    const caseload = (await supervisor.get('/supervision')).body;
    const groups = textOf(/<table class="table caseload-groups">[\s\S]*?<\/table>/.exec(caseload)![0]);
    expect(groups).toContain('LDN-G-2026-001');
    expect(groups).toMatch(/Riverside Foods Ltd 6/);
    expect(id).toBeGreaterThan(0);
  });
});

describe('a spreadsheet that unpacks to too much', () => {
  it('is refused from the sizes its ZIP directory declares, before anything is unpacked (413, nothing changed)', async () => {
    const { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } = await import('@zip.js/zip.js');
    const writer = new ZipWriter(new Uint8ArrayWriter());
    await writer.add('xl/worksheets/sheet1.xml', new Uint8ArrayReader(new Uint8Array(101 * 1024 * 1024)), { level: 9 });
    const bomb = Buffer.from(await writer.close());
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const id = await createGroup([]);
    const before = countOf(people);
    await counsellor.get(`/collectives/${id}/import`);
    const res = await uploadSheet(counsellor, `/collectives/${id}/import`, bomb);
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('The spreadsheet unpacks to more than UnionDesk reads at once');
    expect(countOf(people)).toBe(before);
  }, 60_000);
});

describe('erasure of a worker who left a group', () => {
  it('removes why they left with the rest of their case content; the membership and its dates stay', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Zora Leftcanary' });
    const kase = ldnCase({ personId: person.id });
    const id = await createGroup([kase.id, ldnCase().id]);
    await counsellor.get(`/collectives/${id}`);
    await counsellor.post(`/collectives/${id}/leave`, { caseId: String(kase.id), reason: 'Zora moved back home to Sibiu.' });
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    await supervisor.get(`/people/${person.id}/erase`);
    const res = await supervisor.post(`/people/${person.id}/erase`, { reason: 'Asked at the desk, in person.', confirm: String(person.id) });
    expect(res.statusCode).toBe(303);
    const member = t.db.select().from(collectiveMembers).where(eq(collectiveMembers.caseId, kase.id)).get()!;
    expect(member.leftReason).toBeNull();
    expect(member.leftAt).not.toBeNull();
    expect(textOf((await counsellor.get(`/collectives/${id}`)).body)).not.toContain('Sibiu');
  });
});

describe('a member case transferred to another desk', () => {
  it('is no longer shown by the group, and shows nothing of the group to its new desk', async () => {
    const moved = ldnCase();
    const stays = ldnCase();
    const id = await createGroup([moved.id, stays.id]);
    await counsellor.get(`/collectives/${id}`);
    await counsellor.post(`/collectives/${id}/entries`, { kind: 'note', body: 'London negotiators met the employer.' });
    // What an accepted transfer does to the case (src/transfers): it belongs to the receiving desk.
    t.db.update(cases).set({ contactPointId: d.chi.id }).where(eq(cases.id, moved.id)).run();
    const group = textOf((await counsellor.get(`/collectives/${id}`)).body);
    expect(group).toContain(stays.reference);
    expect(group).not.toContain(moved.reference);
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const page = textOf((await chicago.get(`/cases/${moved.id}`)).body);
    expect(page).toContain(moved.reference);
    expect(page).not.toContain('London negotiators met the employer.');
    expect(page).not.toContain('Riverside Foods');
  });
});

describe('an accepted transfer of a member case', () => {
  it('ends the membership: the group names the receiving desk as the reason; totals, CSV and letters count the worker no more', async () => {
    const moved = ldnCase({ amountClaimedMinor: 90000, currency: 'GBP' });
    const stays = ldnCase({ amountClaimedMinor: 10000, currency: 'GBP' });
    const id = await createGroup([moved.id, stays.id]);
    await counsellor.get(`/cases/${moved.id}/transfer`);
    expect((await counsellor.post(`/cases/${moved.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'The worker moved to Chicago.' })).statusCode).toBe(303);
    const chicagoSupervisor = await signIn(t.app, 'supervisor2@demo.test');
    const transferId = t.db.select().from(transfers).get()!.id;
    await chicagoSupervisor.get(`/transfers/${transferId}`);
    expect((await chicagoSupervisor.post(`/transfers/${transferId}/decision`, { decision: 'accept', assignee: d.counsellor2.id })).statusCode).toBe(303);

    // Ended, not hidden: when, by whom, why.
    const member = t.db.select().from(collectiveMembers).where(eq(collectiveMembers.caseId, moved.id)).get()!;
    expect(member).toMatchObject({ leftAt: t.clock.now(), leftBy: d.supervisor2.id, leftReason: 'Transferred to Chicago Worker Center' });
    const html = (await counsellor.get(`/collectives/${id}`)).body;
    const list = textOf(/<table class="table" id="members">[\s\S]*?<\/table>/.exec(html)![0]);
    expect(list).toContain(stays.reference);
    expect(list).not.toContain(moved.reference);
    expect(textOf(/<table class="table" id="totals">[\s\S]*?<\/table>/.exec(html)![0])).toContain('GBP 1 £100.00 £0.00 £100.00');
    const former = /<ul id="former-members">[\s\S]*?<\/ul>/.exec(html)![0];
    expect(textOf(former)).toContain(`${moved.reference} — `);
    expect(textOf(former)).toContain('Transferred to Chicago Worker Center');
    // The case is the other desk's now: no link to it from here.
    expect(former).not.toContain(`href="/cases/${moved.id}"`);
    const csv = (await counsellor.get(`/collectives/${id}/export.csv`)).body;
    expect(csv).toContain(stays.reference);
    expect(csv).not.toContain(moved.reference);
    expect(textOf((await counsellor.get(`/collectives/${id}/letters`)).body)).toContain('workers in the group: 1');
    // On the worker's own timeline, which went with the case; and the audit names no reason.
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const casePage = textOf((await chicago.get(`/cases/${moved.id}`)).body);
    expect(casePage).toContain('took this case out of the collective case LDN-G-2026-001');
    expect(casePage).toContain('Transferred to Chicago Worker Center');
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain('Transferred to');
    // Free to join a group of its new desk.
    await chicagoSupervisor.get('/collectives/new');
    const joined = await chicagoSupervisor.post('/collectives', { contactPointId: String(d.chi.id), title: 'Chicago group', partyName: 'Lakeside Ltd', partyKind: 'employer', caseIds: [String(moved.id)] });
    expect(joined.statusCode).toBe(303);
  });
});

describe('the group page of a large group', () => {
  it('lists the workers 50 a page (links work without JavaScript; htmx gets the list alone); totals stay the whole group’s', async () => {
    const members = Array.from({ length: 60 }, (_, i) => ldnCase({ amountClaimedMinor: 1000, currency: 'GBP', personId: makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: `Paged Worker ${i + 1}` }).id }));
    const id = await createGroup(members.map((c) => c.id));
    const listOf = (html: string) => textOf(/<table class="table" id="members">[\s\S]*?<\/table>/.exec(html)![0]);
    const first = (await counsellor.get(`/collectives/${id}`)).body;
    expect(listOf(first)).toContain(members[49]!.reference);
    expect(listOf(first)).not.toContain(members[50]!.reference);
    expect(textOf(first)).toContain('Workers 1–50 of 60');
    expect(first).toContain(`href="/collectives/${id}?page=2"`);
    // One leave link a row, no leave form on the page.
    expect(first).not.toContain(`action="/collectives/${id}/leave"`);
    expect(first).toContain(`href="/collectives/${id}/members/${members[0]!.id}/leave"`);

    const second = (await counsellor.get(`/collectives/${id}?page=2`)).body;
    expect(listOf(second)).toContain(members[50]!.reference);
    expect(listOf(second)).toContain('Paged Worker 51');
    expect(listOf(second)).not.toContain(members[49]!.reference);
    expect(textOf(second)).toContain('Workers 51–60 of 60');
    expect(textOf(/<table class="table" id="totals">[\s\S]*?<\/table>/.exec(second)![0])).toContain('GBP 60 £600.00 £0.00 £600.00');
    const fragment = await counsellor.get(`/collectives/${id}?page=2`, { 'hx-request': 'true', 'hx-target': 'group-members' });
    expect(fragment.body).not.toContain('<html');
    // Any other htmx request (the bulk intake's confirm follows its redirect with htmx) gets the whole page.
    expect((await counsellor.get(`/collectives/${id}?page=2`, { 'hx-request': 'true' })).body).toContain('<html');
    expect(listOf(fragment.body)).toContain(members[59]!.reference);
    // Past the end: the last page; nonsense: the first.
    expect(listOf((await counsellor.get(`/collectives/${id}?page=99`)).body)).toContain(members[59]!.reference);
    expect(listOf((await counsellor.get(`/collectives/${id}?page=x`)).body)).toContain(members[0]!.reference);
  });

  it('a worker leaves from their own leave page: 422 with the message without a reason, then gone from the list', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    const page = await counsellor.get(`/collectives/${id}/members/${a.id}/leave`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(`Take ${a.reference} out of the group`);
    const refused = await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: '   ' });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Say why the worker leaves the group.');
    expect(refused.body).toContain(`name="caseId" value="${a.id}"`);
    expect(t.db.select().from(collectiveMembers).all().every((m) => m.leftAt === null)).toBe(true);
    const left = await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: 'Went home to Iași.' });
    expect(left.statusCode).toBe(303);
    const html = (await counsellor.get(`/collectives/${id}`)).body;
    expect(textOf(/<table class="table" id="members">[\s\S]*?<\/table>/.exec(html)![0])).not.toContain(a.reference);
    expect(textOf(/<ul id="former-members">[\s\S]*?<\/ul>/.exec(html)![0])).toContain('Went home to Iași.');
    // No longer a member, another desk, another group's case: 404, the same answer.
    expect((await counsellor.get(`/collectives/${id}/members/${a.id}/leave`)).statusCode).toBe(404);
    expect((await counsellor.get(`/collectives/${id}/members/${ldnCase().id}/leave`)).statusCode).toBe(404);
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    expect((await chicago.get(`/collectives/${id}/members/${b.id}/leave`)).statusCode).toBe(404);
  });
});
