import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { cases } from '../../src/cases/cases.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
let supervisor: Agent;
let kase: { id: number; reference: string };
let long: { id: number; reference: string };
let anonymised: { id: number; reference: string };

const viewsOf = (caseId: number) => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'view'), eq(auditLog.targetType, 'case'), eq(auditLog.targetId, String(caseId)))).all();

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  const ldn = d.ldn.id;
  const by = d.counsellor.id;
  const person = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Marisol Quintero', alias: 'Sol', safetyFlags: ['do_not_call'], safetyNote: 'Employer reads her phone.' });
  kase = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: person.id, summary: 'Six weeks of wages unpaid at the laundry.', parties: [{ name: 'Brightwash Laundry Ltd', kind: 'employer' }] });
  const now = t.clock.now();
  t.db.insert(deadlines).values({ caseId: kase.id, title: 'Early conciliation by', dueDate: '2027-01-15', source: 'manual', status: 'open', reminderLeadDays: 3, createdAt: now, updatedAt: now }).run();
  t.db.transaction((tx) => {
    appendEvent(tx, { caseId: kase.id, userId: by, kind: 'note', body: 'Payslips photographed at the meeting.' }, now);
    appendEvent(tx, { caseId: kase.id, userId: d.supervisor.id, kind: 'note', restricted: true, body: 'Supervisor-only: a relative works for the employer.' }, now);
    appendEvent(tx, { caseId: kase.id, userId: by, kind: 'note', restricted: true, body: 'My own restricted note about the hostel.' }, now);
  });
  long = makeCase(t.db, { contactPointId: ldn, createdBy: by });
  t.db.transaction((tx) => {
    for (let i = 1; i <= 80; i += 1) appendEvent(tx, { caseId: long.id, userId: by, kind: 'call', body: `Call number ${i} about the shifts.` }, now - (80 - i) * 60_000);
  });
  anonymised = makeCase(t.db, { contactPointId: ldn, createdBy: by, personId: makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Erased Person' }).id, status: 'closed' });
  t.db.update(cases).set({ anonymisedAt: now }).where(eq(cases.id, anonymised.id)).run();
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  supervisor = await signIn(t.app, 'supervisor@demo.test');
});
afterAll(async () => {
  await t?.close();
});

describe('the print view of a case', () => {
  it('shows every section of the case, with the safety flags, and no navigation', async () => {
    const res = await counsellor.get(`/cases/${kase.id}/print`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain(`Case ${kase.reference}`);
    for (const heading of ['Overview', 'Person', 'Employers and agencies', 'Deadlines', 'Referrals', 'Letters and documents', 'Timeline']) expect(text).toContain(heading);
    expect(text).toContain('Marisol Quintero');
    expect(text).toContain('Do not call');
    expect(text).toContain('Employer reads her phone.');
    expect(text).toContain('Six weeks of wages unpaid at the laundry.');
    expect(text).toContain('Brightwash Laundry Ltd');
    expect(text).toContain('Early conciliation by');
    expect(text).toContain('Payslips photographed at the meeting.');
    expect(res.body).toContain('href="/static/css/print.css"');
    expect(res.body).not.toContain('class="mainnav"');
    expect(text).not.toContain('Sign out');
    expect(res.body).not.toMatch(/<form\b/);
  });

  it('prints restricted notes only for those who may read them', async () => {
    const mine = textOf((await counsellor.get(`/cases/${kase.id}/print`)).body);
    expect(mine).toContain('My own restricted note about the hostel.');
    expect(mine).not.toContain('Supervisor-only');
    const theirs = textOf((await supervisor.get(`/cases/${kase.id}/print`)).body);
    expect(theirs).toContain('Supervisor-only: a relative works for the employer.');
    expect(theirs).toContain('My own restricted note about the hostel.');
  });

  it('prints the whole timeline, not only the latest 50 entries of the case page', async () => {
    const text = textOf((await counsellor.get(`/cases/${long.id}/print`)).body);
    expect(text).toContain('Call number 80 about the shifts.');
    expect(text).toContain('Call number 1 about the shifts.');
    const page = textOf((await counsellor.get(`/cases/${long.id}`)).body);
    expect(page).not.toContain('Call number 1 about the shifts.');
  });

  it('names no one on an anonymised case', async () => {
    const text = textOf((await counsellor.get(`/cases/${anonymised.id}/print`)).body);
    expect(text).toContain('Anonymised record');
    expect(text).not.toContain('Erased Person');
  });

  it('is audited as a view of the case', async () => {
    const before = viewsOf(kase.id).length;
    await counsellor.get(`/cases/${kase.id}/print`);
    const after = viewsOf(kase.id);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ userId: d.counsellor.id, contactPointId: d.ldn.id });
  });

  it("is a case that does not exist for another contact point's counsellor and for an administrator", async () => {
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const res = await chicago.get(`/cases/${kase.id}/print`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Marisol');
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get(`/cases/${kase.id}/print`)).body).not.toContain('Marisol');
    expect((await t.app.inject({ url: `/cases/${kase.id}/print` })).statusCode).toBe(303);
  });

  it('is linked from the case page', async () => {
    expect((await counsellor.get(`/cases/${kase.id}`)).body).toContain(`href="/cases/${kase.id}/print"`);
  });
});

describe('the print view of the worker summary', () => {
  const url = () => `/cases/${kase.id}/worker-summary/print`;

  it('asks first whether the paper is safe to keep, showing nothing of the case', async () => {
    const before = viewsOf(kase.id).length;
    const res = await counsellor.get(url());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('name="safeToKeep"');
    expect(res.body).not.toContain('Marisol');
    expect(res.body).not.toContain('Six weeks of wages');
    expect(viewsOf(kase.id).length).toBe(before);
  });

  it('answers 422 without the tick, with the message at the question, and still shows nothing', async () => {
    const res = await counsellor.get(`${url()}?asked=1`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="f-safeToKeep-error"');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).not.toContain('Marisol');
    expect(res.body).not.toContain('Six weeks of wages');
  });

  it('shows the summary to print once ticked, without notes or safety flags, and audits it', async () => {
    const before = viewsOf(kase.id).length;
    const res = await counsellor.get(`${url()}?asked=1&safeToKeep=on`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Your case summary, Marisol Quintero');
    expect(text).toContain('Six weeks of wages unpaid at the laundry.');
    expect(text).toContain('Dates that matter');
    expect(text).not.toContain('Payslips photographed');
    expect(text).not.toContain('Do not call');
    expect(text).not.toContain('Employer reads her phone.');
    expect(viewsOf(kase.id).length).toBe(before + 1);
  });

  it('is linked from the letters page, and refused to those who may not write letters for the case', async () => {
    expect((await counsellor.get(`/cases/${kase.id}/letters`)).body).toContain(`href="${url()}"`);
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    expect((await chicago.get(`${url()}?asked=1&safeToKeep=on`)).statusCode).toBe(404);
  });
});
