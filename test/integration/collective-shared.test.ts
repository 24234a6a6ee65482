/**
 * Shared evidence and shared deadlines of a collective case (issue 15, collective item 1): a file uploaded once on the
 * group is on every member case; a deadline set once from a rule and a common date is made on every member case,
 * computed by the engine for that case.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents, cases } from '../../src/cases/cases.table.js';
import { collectiveDeadlines, collectiveFiles } from '../../src/collective/shared.table.js';
import { computeFromCatalogue, todayIn } from '../../src/deadlines/compute.js';
import { placeOfCase } from '../../src/deadlines/deadlines.service.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { RULES } from '../../src/deadlines/rules.data.js';
import { evidenceFiles } from '../../src/evidence/evidence.table.js';
import { createTestApp, formOnPage, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { uploadSheet } from '../helpers/sheets.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { payslipPdf } from '../helpers/evidence-files.js';

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

const RULE = 'uk-et-unfair-dismissal';
const ldnCase = (over: Partial<Parameters<typeof makeCase>[1]> = {}) =>
  makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, caseTypes: ['dismissal_retaliation'], jurisdictionCountry: 'GB', ...over });
const stored = () => (existsSync(join(t.dir, 'evidence')) ? readdirSync(join(t.dir, 'evidence')).sort() : []);
/** What the store holds for a file: its bytes and its thumbnail (a PDF's first page, src/evidence/thumbnails.ts). */
const storedFor = (row: { storageId: string; thumbStorageId: string | null }) => [row.storageId, row.thumbStorageId ?? 'no thumbnail'].sort();

async function createGroup(caseIds: number[]) {
  await counsellor.get('/collectives/new');
  const res = await counsellor.post('/collectives', { contactPointId: String(d.ldn.id), title: 'Mass dismissal at Riverside Foods', partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds: caseIds.map(String) });
  expect(res.statusCode).toBe(303);
  return Number(/\/collectives\/(\d+)/.exec(res.headers.location as string)![1]);
}

async function uploadToGroup(groupId: number, filename = 'notice-of-mass-dismissal.pdf', bytes = payslipPdf()) {
  await counsellor.get(`/collectives/${groupId}`);
  return counsellor.postMultipart(`/collectives/${groupId}/evidence`, [
    { name: 'category', value: 'other' },
    { name: 'description', value: 'The employer’s letter to the whole night shift' },
    { name: 'files', filename, bytes },
  ]);
}

/** The case's documents list, as the case page loads it. */
const documentsOf = async (caseId: number, agent = counsellor) => (await agent.get(`/cases/${caseId}/evidence`)).body;

describe('shared files of a collective case', () => {
  it('uploaded once on the group: listed, marked and downloadable on each member case; audited; 404 for another desk', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const outside = ldnCase();
    const id = await createGroup([a.id, b.id]);
    const pdf = payslipPdf();
    const res = await uploadToGroup(id, 'notice-of-mass-dismissal.pdf', pdf);
    expect(res.statusCode).toBe(303);
    const [row] = t.db.select().from(evidenceFiles).all();
    expect(row).toMatchObject({ caseId: null, name: 'notice-of-mass-dismissal.pdf', mimeType: 'application/pdf' });
    expect(t.db.select().from(collectiveFiles).all()).toEqual([{ evidenceId: row!.id, collectiveId: id }]);
    expect(stored()).toEqual(storedFor(row!));

    for (const m of [a, b]) {
      const html = await documentsOf(m.id);
      expect(textOf(html)).toContain('notice-of-mass-dismissal.pdf');
      expect(textOf(html)).toContain('shared by the group LDN-G-2026-001');
      const href = /href="(\/collectives\/\d+\/evidence\/\d+\/download)"/.exec(html)![1]!;
      const download = await counsellor.get(href);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="notice-of-mass-dismissal.pdf"/);
      expect(download.rawPayload.equals(pdf)).toBe(true);
      // The group's entry is on the member's timeline, as shared entries are.
      expect(textOf((await counsellor.get(`/cases/${m.id}`)).body)).toContain('added a shared file (Other) to the collective case');
    }
    // The group page lists it too; a case outside the group does not.
    expect(textOf((await counsellor.get(`/collectives/${id}`)).body)).toContain('notice-of-mass-dismissal.pdf');
    expect(textOf(await documentsOf(outside.id))).not.toContain('notice-of-mass-dismissal.pdf');
    // Every download is audited (written without waiting for the lock).
    const exports = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all().filter((e) => e.targetType === 'evidence');
    expect(exports.map((e) => e.targetId)).toEqual([String(row!.id), String(row!.id)]);

    const other = await signIn(t.app, 'counsellor2@demo.test');
    for (const url of [`/collectives/${id}/evidence`, `/collectives/${id}/evidence/${row!.id}/download`, `/collectives/${id}/evidence/${row!.id}/view`, `/collectives/999999/evidence/${row!.id}/download`]) {
      const r = await other.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body).not.toContain('notice-of-mass-dismissal');
    }
    await other.get('/collectives');
    const upload = await other.postMultipart(`/collectives/${id}/evidence`, [{ name: 'category', value: 'other' }, { name: 'files', filename: 'x.pdf', bytes: pdf }]);
    expect(upload.statusCode).toBe(404);
    const del = await other.post(`/collectives/${id}/evidence/${row!.id}/delete`, { reason: 'Not mine', version: '1' });
    expect(del.statusCode).toBe(404);
    expect(t.db.select({ n: count() }).from(evidenceFiles).get()!.n).toBe(1);
  });

  it('a worker who leaves the group no longer sees its files on their case', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    expect((await uploadToGroup(id)).statusCode).toBe(303);
    await counsellor.get(`/collectives/${id}`);
    expect((await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: 'Settled on her own.' })).statusCode).toBe(303);
    expect(textOf(await documentsOf(a.id))).not.toContain('notice-of-mass-dismissal.pdf');
    expect(textOf(await documentsOf(b.id))).toContain('notice-of-mass-dismissal.pdf');
  });

  it('is deleted only with a reason: a shared entry on every member timeline, the bytes gone', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    await uploadToGroup(id);
    const [row] = t.db.select().from(evidenceFiles).all();
    await counsellor.get(`/collectives/${id}/evidence`);
    const refused = await counsellor.post(`/collectives/${id}/evidence/${row!.id}/delete`, { reason: '', version: String(row!.version) });
    expect(refused.statusCode).toBe(422);
    expect(t.db.select().from(evidenceFiles).get()!.deletedAt).toBeNull();
    expect(stored()).toHaveLength(2);

    const res = await counsellor.post(`/collectives/${id}/evidence/${row!.id}/delete`, { reason: 'Uploaded the wrong letter.', version: String(row!.version) });
    expect(res.statusCode).toBe(303);
    expect(stored()).toEqual([]);
    expect(t.db.select().from(evidenceFiles).get()).toMatchObject({ name: '', deletedFor: 'deleted', deletedReason: 'Uploaded the wrong letter.' });
    for (const m of [a, b]) {
      expect(textOf(await documentsOf(m.id))).not.toContain('notice-of-mass-dismissal.pdf');
      const page = textOf((await counsellor.get(`/cases/${m.id}`)).body);
      expect(page).toContain('deleted a shared file (Other) of the collective case');
      expect(page).toContain('Uploaded the wrong letter.');
    }
  });

  it('erasing one member keeps the group’s files (they are not that worker’s data); the worker’s own files go', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Erased Worker' });
    const a = ldnCase({ personId: person.id });
    const b = ldnCase();
    const id = await createGroup([a.id, b.id]);
    await uploadToGroup(id);
    await counsellor.get(`/cases/${a.id}/evidence`);
    expect((await counsellor.postMultipart(`/cases/${a.id}/evidence`, [{ name: 'category', value: 'payslip' }, { name: 'files', filename: 'own-payslip.pdf', bytes: payslipPdf() }])).statusCode).toBe(303);
    expect(stored()).toHaveLength(4);

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    await supervisor.get(`/people/${person.id}/erase`);
    const res = await supervisor.post(`/people/${person.id}/erase`, { reason: 'Asked at the desk on 20 November, in person.', confirm: String(person.id) });
    expect(res.statusCode).toBe(303);
    const rows = t.db.select().from(evidenceFiles).all();
    expect(rows.filter((r) => r.deletedAt === null).map((r) => r.name)).toEqual(['notice-of-mass-dismissal.pdf']);
    expect(stored()).toEqual(storedFor(rows.find((r) => r.caseId === null)!));
    expect(textOf(await documentsOf(b.id))).toContain('notice-of-mass-dismissal.pdf');
  });

  it('counts against a group limit of the case limit’s size (413, nothing kept)', async () => {
    await t.close();
    t = await createTestApp({ EVIDENCE_MAX_CASE_MB: '0.001' });
    d = demo(t.db);
    counsellor = await signIn(t.app, 'counsellor@demo.test');
    const id = await createGroup([ldnCase().id]);
    const res = await uploadToGroup(id, 'big.pdf', Buffer.concat([payslipPdf(), Buffer.from('%' + 'x'.repeat(2000) + '\n')]));
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('big.pdf');
    expect(t.db.select({ n: count() }).from(evidenceFiles).get()!.n).toBe(0);
    expect(stored()).toEqual([]);
  });
});

describe('shared deadlines of a collective case', () => {
  const deadlineRows = () => t.db.select().from(deadlines).all();
  /** What the engine gives for this case, with its own entered dates and place, for a trigger date. */
  function engineDate(caseId: number, dismissal: string): string {
    const kase = t.db.select().from(cases).where(eq(cases.id, caseId)).get()!;
    const own = Object.fromEntries((t.db.$client.prepare('select field, date from case_trigger_dates where case_id = ?').all(caseId) as { field: string; date: string }[]).map((r) => [r.field, r.date]));
    const inputs: Record<string, string> = { dismissal_date: dismissal };
    for (const f of ['acas_day_a', 'acas_day_b']) if (own[f]) inputs[f] = own[f];
    const result = computeFromCatalogue(RULE, inputs, { today: todayIn('Europe/London', t.clock.now()), catalogue: RULES, ...placeOfCase(t.db, kase) });
    if (!result.ok || result.result.kind !== 'deadline') throw new Error('no date');
    return result.result.dueDate;
  }
  const setOwnDate = (caseId: number, field: string, date: string) =>
    t.db.$client.prepare('insert into case_trigger_dates (case_id, field, date, updated_at, updated_by) values (?, ?, ?, ?, ?)').run(caseId, field, date, t.clock.now(), d.counsellor.id);

  async function setShared(groupId: number, form: Record<string, string>) {
    await counsellor.get(`/collectives/${groupId}`);
    return counsellor.post(`/collectives/${groupId}/deadlines`, form);
  }

  it('set once on the group: made on each member case with the date the engine gives for that case; per-member status on the group', async () => {
    const a = ldnCase();
    const b = ldnCase();
    const c = ldnCase({ caseTypes: ['information_only'] });
    // b went to ACAS early conciliation on its own: its clock stops, its date is later.
    setOwnDate(b.id, 'acas_day_a', '2026-11-02');
    setOwnDate(b.id, 'acas_day_b', '2026-11-16');
    const id = await createGroup([a.id, b.id, c.id]);
    const page = (await counsellor.get(`/collectives/${id}`)).body;
    expect(page).toContain(`value="${RULE}"`);

    const res = await setShared(id, { ruleId: RULE, triggerDate: '2026-10-30' });
    expect(res.statusCode).toBe(303);
    expect(textOf((await counsellor.get(res.headers.location as string)).body)).toContain('The shared deadline was set on 2 member cases.');
    const rows = deadlineRows();
    expect(rows.map((r) => r.caseId).sort()).toEqual([a.id, b.id].sort());
    const due = new Map(rows.map((r) => [r.caseId, r.dueDate]));
    expect(due.get(a.id)).toBe(engineDate(a.id, '2026-10-30'));
    expect(due.get(b.id)).toBe(engineDate(b.id, '2026-10-30'));
    expect(due.get(a.id)).not.toBe(due.get(b.id));
    for (const r of rows) expect(r).toMatchObject({ source: 'rule', ruleId: RULE, triggerDate: '2026-10-30', status: 'open' });
    // The date is now each member case's own trigger date; the case's timeline says where it came from.
    for (const m of [a, b]) {
      const events = t.db.select().from(caseEvents).where(eq(caseEvents.caseId, m.id)).all().filter((e) => e.kind === 'deadline_change');
      expect(events.map((e) => (e.data as { action: string }).action)).toEqual(['trigger_dates', 'confirmed']);
      expect((events[1]!.data as { collectiveReference: string }).collectiveReference).toBe('LDN-G-2026-001');
      expect(textOf((await counsellor.get(`/cases/${m.id}/deadlines`)).body)).toContain('Employment tribunal claim: unfair dismissal');
    }

    // The counsellor marks a's deadline done on a's case: the group page shows it, per member.
    const aDeadline = rows.find((r) => r.caseId === a.id)!;
    await counsellor.get(`/cases/${a.id}`);
    expect((await counsellor.post(`/deadlines/${aDeadline.id}/status`, { status: 'done', context: 'case' })).statusCode).toBe(303);
    const group = (await counsellor.get(`/collectives/${id}`)).body;
    const table = textOf(/<table class="table" id="group-deadline-members-\d+">[\s\S]*?<\/table>/.exec(group)![0]);
    expect(table).toMatch(new RegExp(`${a.reference}.*Done`));
    expect(table).toMatch(new RegExp(`${b.reference}.*Open`));
    expect(table).not.toContain(c.reference);
    expect(textOf(group)).toContain('set a shared deadline: Employment tribunal claim: unfair dismissal, counted from 30 October 2026');
  });

  it('is set once per rule: a second one of the same rule is a 422 that says to change the date, and nothing is added', async () => {
    const a = ldnCase();
    const id = await createGroup([a.id]);
    expect((await setShared(id, { ruleId: RULE, triggerDate: '2026-10-30' })).statusCode).toBe(303);
    const groupsBefore = t.db.$client.prepare('select count(*) as n from collective_deadlines').get() as { n: number };
    const res = await setShared(id, { ruleId: RULE, triggerDate: '2026-11-06' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('The group already has this shared deadline: change its date below instead.');
    expect(t.db.$client.prepare('select count(*) as n from collective_deadlines').get()).toEqual(groupsBefore);
    expect(deadlineRows().map((r) => r.triggerDate)).toEqual(['2026-10-30']);
  });

  it('changing the group’s date recalculates the open member deadlines; a done one stays; a stale form is a 409 that keeps what was typed', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    await setShared(id, { ruleId: RULE, triggerDate: '2026-10-30' });
    const gd = t.db.select().from(collectiveDeadlines).get()!;
    const before = deadlineRows();
    const bDeadline = before.find((r) => r.caseId === b.id)!;
    await counsellor.get(`/cases/${b.id}`);
    await counsellor.post(`/deadlines/${bDeadline.id}/status`, { status: 'done', context: 'case' });

    await counsellor.get(`/collectives/${id}/deadlines`);
    const moved = await counsellor.post(`/collectives/${id}/deadlines/${gd.id}`, { triggerDate: '2026-11-06', version: String(gd.version) });
    expect(moved.statusCode).toBe(303);
    const after = new Map(deadlineRows().map((r) => [r.caseId, r]));
    expect(after.get(a.id)!.dueDate).toBe(engineDate(a.id, '2026-11-06'));
    expect(after.get(a.id)!.dueDate).not.toBe(before.find((r) => r.caseId === a.id)!.dueDate);
    expect(after.get(a.id)!.triggerDate).toBe('2026-11-06');
    expect(after.get(b.id)!.dueDate).toBe(bDeadline.dueDate);
    expect(after.get(b.id)!.status).toBe('done');
    expect(textOf((await counsellor.get(`/cases/${a.id}`)).body)).toContain('moved the date of the shared deadline Employment tribunal claim: unfair dismissal from 30 October 2026 to 6 November 2026');

    // A form loaded before that change: 409, the typed date kept, nothing changed.
    const snapshot = JSON.stringify(deadlineRows());
    const stale = await counsellor.post(`/collectives/${id}/deadlines/${gd.id}`, { triggerDate: '2026-11-13', version: String(gd.version) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('value="2026-11-13"');
    expect(textOf(stale.body)).toContain('the date is now 6 November 2026');
    expect(JSON.stringify(deadlineRows())).toBe(snapshot);
    expect(t.db.select().from(collectiveDeadlines).get()!.triggerDate).toBe('2026-11-06');
  });

  it('a member added later gets the open shared deadlines; one who leaves keeps theirs, which the group no longer moves', async () => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id]);
    await setShared(id, { ruleId: RULE, triggerDate: '2026-10-30' });
    await counsellor.get(`/collectives/${id}`);
    expect((await counsellor.post(`/collectives/${id}/members`, { caseIds: [String(b.id)] })).statusCode).toBe(303);
    const bRow = deadlineRows().find((r) => r.caseId === b.id);
    expect(bRow).toMatchObject({ ruleId: RULE, triggerDate: '2026-10-30', dueDate: engineDate(b.id, '2026-10-30') });

    await counsellor.get(`/collectives/${id}`);
    await counsellor.post(`/collectives/${id}/leave`, { caseId: String(a.id), reason: 'Settled on her own.' });
    const gd = t.db.select().from(collectiveDeadlines).get()!;
    const aBefore = deadlineRows().find((r) => r.caseId === a.id)!;
    await counsellor.get(`/collectives/${id}/deadlines`);
    await counsellor.post(`/collectives/${id}/deadlines/${gd.id}`, { triggerDate: '2026-11-06', version: String(gd.version) });
    expect(deadlineRows().find((r) => r.caseId === a.id)).toEqual(aBefore);
    expect(deadlineRows().find((r) => r.caseId === b.id)!.triggerDate).toBe('2026-11-06');
    const table = textOf(/<table class="table" id="group-deadline-members-\d+">[\s\S]*?<\/table>/.exec((await counsellor.get(`/collectives/${id}`)).body)![0]);
    expect(table).toContain(b.reference);
    expect(table).not.toContain(a.reference);
  });

  it('workers created from a spreadsheet get the open shared deadlines, as a case added by hand does', async () => {
    const a = ldnCase();
    const id = await createGroup([a.id]);
    await setShared(id, { ruleId: RULE, triggerDate: '2026-10-30' });
    await counsellor.get(`/collectives/${id}/import`);
    const csv = Buffer.from(`name,consent_store\r\nNadia Sheetworker,yes\r\nOmar Sheetworker,yes\r\n`);
    const up = await uploadSheet(counsellor, `/collectives/${id}/import`, csv, { filename: 'w.csv', caseType: 'dismissal_retaliation' });
    const map = formOnPage((await counsellor.get(up.headers.location as string)).body, `${up.headers.location}/preview`);
    const preview = await counsellor.post(`${up.headers.location}/preview`, map);
    expect((await counsellor.post(`${up.headers.location}/confirm`, formOnPage(preview.body, `${up.headers.location}/confirm`))).statusCode).toBe(303);
    const fresh = t.db.select().from(cases).all().filter((c) => c.id !== a.id);
    expect(fresh).toHaveLength(2);
    for (const c of fresh) expect(deadlineRows().find((r) => r.caseId === c.id)).toMatchObject({ ruleId: RULE, triggerDate: '2026-10-30', dueDate: engineDate(c.id, '2026-10-30') });
    const table = textOf(/<table class="table" id="group-deadline-members-\d+">[\s\S]*?<\/table>/.exec((await counsellor.get(`/collectives/${id}`)).body)![0]);
    for (const c of fresh) expect(table).toContain(c.reference);
  });

  it.each([
    ['an unknown rule', { ruleId: 'no-such-rule', triggerDate: '2026-10-30' }, 'Choose a rule of the catalogue.'],
    ['no rule', { ruleId: '', triggerDate: '2026-10-30' }, 'Choose a rule of the catalogue.'],
    ['a date that is not a date', { ruleId: RULE, triggerDate: '30/10/2026' }, 'Enter the date as year-month-day.'],
    ['a day that does not exist', { ruleId: RULE, triggerDate: '2026-02-30' }, 'not a real date'],
    ['a trigger in the future where the rule needs a past event', { ruleId: RULE, triggerDate: '2026-12-30' }, 'is after today (24 November 2026). The dismissal must already have happened.'],
  ])('refuses %s with 422 and saves nothing', async (_what, form, message) => {
    const [a, b] = [ldnCase(), ldnCase()];
    const id = await createGroup([a.id, b.id]);
    const events = t.db.select({ n: count() }).from(caseEvents).get()!.n;
    const res = await setShared(id, form);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(message);
    expect(res.body).toContain(`value="${form.triggerDate}"`);
    expect(deadlineRows()).toEqual([]);
    expect(t.db.select().from(collectiveDeadlines).all()).toEqual([]);
    expect(t.db.select({ n: count() }).from(caseEvents).get()!.n).toBe(events);
    expect(t.db.$client.prepare('select count(*) as n from case_trigger_dates').get()).toEqual({ n: 0 });
  });

  it('is 404 for another desk’s user', async () => {
    const id = await createGroup([ldnCase().id]);
    const other = await signIn(t.app, 'counsellor2@demo.test');
    expect((await other.get(`/collectives/${id}/deadlines`)).statusCode).toBe(404);
    await other.get('/collectives');
    expect((await other.post(`/collectives/${id}/deadlines`, { ruleId: RULE, triggerDate: '2026-10-30' })).statusCode).toBe(404);
    expect(deadlineRows()).toEqual([]);
  });
});
