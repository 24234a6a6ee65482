import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import type { Actor } from '../../src/auth/policy.js';
import { moveCase } from '../../src/cases/case-page.service.js';
import type { CaseStatus } from '../../src/cases/catalogue.js';
import { caseEvents, cases } from '../../src/cases/cases.table.js';
import { addDays, todayIn } from '../../src/deadlines/compute.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { transfers } from '../../src/transfers/transfers.table.js';
import { userContactPoints, users } from '../../src/users/users.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let supervisor: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  supervisor = await signIn(t.app, 'supervisor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const DAY = 86_400_000;
const actorOf = (u: { id: string; role: Actor['role'] }, cp: number): Actor => ({ id: u.id, role: u.role, contactPointIds: [cp] });

function addCounsellor(cpId: number, displayName: string) {
  const id = randomUUID();
  t.db.insert(users).values({ id, email: `${id}@desk.example`, displayName, role: 'counsellor', languages: ['en'], createdAt: t.clock.now() }).run();
  t.db.insert(userContactPoints).values({ userId: id, contactPointId: cpId }).run();
  return t.db.select().from(users).where(eq(users.id, id)).get()!;
}

function addDeadline(caseId: number, dueDate: string, status: 'open' | 'done' = 'open') {
  const now = t.clock.now();
  t.db.insert(deadlines).values({ caseId, title: 'ET1 claim', dueDate, source: 'manual', status, ownerId: d.counsellor.id, reminderLeadDays: 14, createdAt: now, updatedAt: now }).run();
}

/** The figures of one row of the caseload table, in column order: active, the four statuses, overdue, due soon, idle, transfers. */
function caseloadRow(html: string, who: string): number[] {
  const row = html
    .split(/<tr[ >]/)
    .slice(1)
    .find((r) => textOf(/<th scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(r)?.[1] ?? '').trim().startsWith(who));
  if (!row) throw new Error(`no row for ${who}`);
  return [...row.matchAll(/<td class="num[^"]*"[^>]*>([\s\S]*?)<\/td>/g)].map((m) => Number(textOf(m[1]!).trim().split(' ')[0]));
}

function figureLinks(html: string, who: string): string[] {
  const row = html.split(/<tr[ >]/).find((r) => textOf(/<th scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(r)?.[1] ?? '').trim().startsWith(who))!;
  return [...row.matchAll(/<a class="figure" href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

type Spec = { status: CaseStatus; idle?: boolean };

/** The desk of the tests: what each holder has, from which every expected figure is computed. */
function seedDesk() {
  const bea = addCounsellor(d.ldn.id, 'Beatriz Lima');
  const amiraSpecs: Spec[] = [
    { status: 'intake' },
    { status: 'intake', idle: true },
    { status: 'open', idle: true },
    { status: 'open', idle: true },
    { status: 'open' },
    { status: 'awaiting_outcome' },
    { status: 'closure_requested' },
    { status: 'closed', idle: true },
    { status: 'closed' },
  ];
  const beaSpecs: Spec[] = [{ status: 'open' }, { status: 'awaiting_outcome', idle: true }];
  const unassignedSpecs: Spec[] = [{ status: 'intake' }, { status: 'intake' }];
  const make = (specs: Spec[], assignedTo: string | null) =>
    specs.map((s) => {
      const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, assignedTo, status: s.status });
      const at = s.idle ? t.clock.now() - 40 * DAY : t.clock.now() - 29 * DAY;
      t.db.update(cases).set({ lastActivityAt: at }).where(eq(cases.id, kase.id)).run();
      return kase;
    });
  const amira = make(amiraSpecs, d.counsellor.id);
  const beas = make(beaSpecs, bea.id);
  const unassigned = make(unassignedSpecs, null);
  // Another desk's cases never show.
  makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'open' });
  makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'closure_requested' });

  const today = todayIn('Europe/London', t.clock.now());
  const open = amira.filter((_, i) => amiraSpecs[i]!.status === 'open');
  addDeadline(open[0]!.id, addDays(today, -1)); // overdue
  addDeadline(open[0]!.id, addDays(today, -30)); // overdue
  addDeadline(open[1]!.id, addDays(today, -3), 'done'); // done: not counted
  addDeadline(open[1]!.id, today); // due soon
  addDeadline(open[2]!.id, addDays(today, 7)); // due soon (the 7th day)
  addDeadline(open[2]!.id, addDays(today, 8)); // later: not counted
  addDeadline(beas[0]!.id, addDays(today, 2)); // Bea: due soon
  addDeadline(unassigned[0]!.id, addDays(today, -2)); // unassigned: overdue

  const now = t.clock.now();
  // Amira proposed handing one case to Chicago; Chicago proposes one to London.
  t.db.insert(transfers).values({ caseId: open[2]!.id, fromContactPointId: d.ldn.id, toContactPointId: d.chi.id, reason: 'Moving to Chicago', proposedBy: d.counsellor.id, proposedAt: now }).run();
  const chiCase = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'open' });
  t.db.insert(transfers).values({ caseId: chiCase.id, fromContactPointId: d.chi.id, toContactPointId: d.ldn.id, reason: 'Moving to London', proposedBy: d.counsellor2.id, proposedAt: now }).run();

  return { bea, amira, beas, unassigned, amiraSpecs, beaSpecs, unassignedSpecs };
}

/** Expected row, computed from the specs alone. */
function expectedRow(specs: Spec[], deadlinesDue: { overdue: number; soon: number }, transfersWaiting: number): number[] {
  const active = specs.filter((s) => s.status !== 'closed');
  const by = (status: CaseStatus) => specs.filter((s) => s.status === status).length;
  return [active.length, by('intake'), by('open'), by('awaiting_outcome'), by('closure_requested'), deadlinesDue.overdue, deadlinesDue.soon, active.filter((s) => s.idle).length, transfersWaiting];
}

describe('the caseload dashboard', () => {
  it('shows per counsellor the figures the fixtures give', async () => {
    const desk = seedDesk();
    const res = await supervisor.get('/supervision');
    expect(res.statusCode).toBe(200);
    const amira = expectedRow(desk.amiraSpecs, { overdue: 2, soon: 2 }, 1);
    const bea = expectedRow(desk.beaSpecs, { overdue: 0, soon: 1 }, 0);
    const none = expectedRow(desk.unassignedSpecs, { overdue: 1, soon: 0 }, 0);
    expect(caseloadRow(res.body, 'Amira Haddad')).toEqual(amira);
    expect(amira).toEqual([7, 2, 3, 1, 1, 2, 2, 3, 1]);
    expect(caseloadRow(res.body, 'Beatriz Lima')).toEqual(bea);
    expect(caseloadRow(res.body, 'Unassigned')).toEqual(none);
    // The supervisor holds nothing; the total row adds every holder up.
    expect(caseloadRow(res.body, 'Grace Okafor')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(caseloadRow(res.body, 'All')).toEqual(amira.map((n, i) => n + bea[i]! + none[i]!));
    const text = textOf(res.body);
    expect(text).toMatch(/Closures waiting for you 1 /);
    expect(text).toMatch(/Transfers to accept 1 /);
    expect(text).toMatch(/Unassigned cases 2 /);
    // Chicago's desk is not this supervisor's.
    expect(text).not.toContain('Luis Ortega');
    expect(text).not.toContain('Chicago Worker Center');
  });

  it('links each figure to the filtered list, which holds the same number of cases', async () => {
    seedDesk();
    const html = (await supervisor.get('/supervision')).body;
    const links = figureLinks(html, 'Amira Haddad');
    expect(links[0]).toBe(`/cases?status=active&assigned=${d.counsellor.id}`);
    expect(links).toContain(`/cases?status=open&assigned=${d.counsellor.id}`);
    expect(links).toContain('/deadlines?status=open&when=overdue');
    const list = await supervisor.get(links[0]!);
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('7 cases');
    const openList = await supervisor.get(`/cases?status=open&assigned=${d.counsellor.id}`);
    expect(textOf(openList.body)).toContain('3 cases');
    const unassigned = figureLinks(html, 'Unassigned')[0]!;
    expect(unassigned).toBe('/cases?status=active&assigned=unassigned');
    expect(textOf((await supervisor.get(unassigned)).body)).toContain('2 cases');
  });

  it('is for supervisors only', async () => {
    for (const email of ['counsellor@demo.test', 'admin@demo.test', 'coordinator@demo.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get('/supervision')).statusCode, email).toBe(403);
      expect((await agent.get('/supervision/closures')).statusCode, email).toBe(403);
      expect((await agent.get(`/supervision/reassign?cp=${d.ldn.id}&from=unassigned`)).statusCode, email).toBe(403);
    }
    const denied = t.db.select().from(auditLog).where(eq(auditLog.action, 'permission_denied')).all();
    expect(denied.length).toBeGreaterThanOrEqual(9);
  });

  it('shows the Supervision entry in the navigation of supervisors only', async () => {
    expect((await supervisor.get('/')).body).toContain('href="/supervision"');
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/')).body).not.toContain('href="/supervision"');
  });
});

describe('reassigning cases from the dashboard', () => {
  it('asks for confirmation, then moves every chosen case with an assignment event and an audit entry each', async () => {
    const desk = seedDesk();
    const chosen = desk.amira.filter((_, i) => desk.amiraSpecs[i]!.status !== 'closed').slice(0, 3);
    const panel = await supervisor.get(`/supervision/reassign?cp=${d.ldn.id}&from=${d.counsellor.id}`);
    expect(panel.statusCode).toBe(200);
    for (const c of chosen) expect(panel.body).toContain(c.reference);
    // Closed cases are not offered.
    expect(panel.body).not.toContain(desk.amira[7]!.reference);

    const form = { cp: String(d.ldn.id), from: d.counsellor.id, cases: chosen.map((c) => String(c.id)), to: desk.bea.id };
    const review = await supervisor.post('/supervision/reassign', form);
    expect(review.statusCode).toBe(200);
    expect(textOf(review.body)).toContain('Move 3 cases to Beatriz Lima?');
    // Nothing moves before the confirmation.
    for (const c of chosen) expect(t.db.select().from(cases).where(eq(cases.id, c.id)).get()!.assignedTo).toBe(d.counsellor.id);

    const done = await supervisor.post('/supervision/reassign', { ...form, confirm: 'yes', reason: 'Amira is on leave.' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/supervision?notice=reassigned&n=3');
    for (const c of chosen) {
      expect(t.db.select().from(cases).where(eq(cases.id, c.id)).get()!.assignedTo).toBe(desk.bea.id);
      const events = t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, 'assignment'))).all();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ userId: d.supervisor.id, data: { from: d.counsellor.id, to: desk.bea.id } });
      const audit = t.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'case'), eq(auditLog.targetId, String(c.id)), eq(auditLog.action, 'update'))).all();
      expect(audit.map((a) => a.fields)).toEqual([['assignedTo']]);
    }
    // The untouched case stays.
    const others = desk.amira.filter((c) => !chosen.includes(c));
    for (const c of others) expect(t.db.select().from(cases).where(eq(cases.id, c.id)).get()!.assignedTo).toBe(d.counsellor.id);

    const after = await supervisor.get('/supervision?notice=reassigned&n=3');
    expect(textOf(after.body)).toContain('3 cases moved.');
    expect(caseloadRow(after.body, 'Amira Haddad')[0]).toBe(7 - 3);
    expect(caseloadRow(after.body, 'Beatriz Lima')[0]).toBe(2 + 3);
    // The case page's timeline says who moved it.
    const page = await supervisor.get(`/cases/${chosen[0]!.id}`);
    expect(textOf(page.body)).toContain('Beatriz Lima');
  });

  it('with htmx, answers the confirmation with the dashboard itself, figures updated', async () => {
    const desk = seedDesk();
    const form = { cp: String(d.ldn.id), from: 'unassigned', cases: desk.unassigned.map((c) => String(c.id)), to: d.counsellor.id, confirm: 'yes', reason: 'Share the unassigned cases.' };
    await supervisor.get('/supervision');
    const res = await supervisor.htmxPost('/supervision/reassign', form);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(textOf(res.body)).toContain('2 cases moved.');
    expect(caseloadRow(res.body, 'Unassigned')[0]).toBe(0);
    expect(caseloadRow(res.body, 'Amira Haddad')[0]).toBe(9);
  });

  it('refuses with a message when no case or no counsellor is chosen, and moves nothing', async () => {
    const desk = seedDesk();
    const base = { cp: String(d.ldn.id), from: d.counsellor.id };
    const noCase = await supervisor.post('/supervision/reassign', { ...base, to: desk.bea.id });
    expect(noCase.statusCode).toBe(422);
    expect(textOf(noCase.body)).toContain('Choose at least one case to move.');
    const noTarget = await supervisor.post('/supervision/reassign', { ...base, cases: [String(desk.amira[0]!.id)], to: '' });
    expect(noTarget.statusCode).toBe(422);
    expect(textOf(noTarget.body)).toContain('Choose who takes the cases.');
    // The chosen case stays ticked in the re-shown form.
    expect(noTarget.body).toMatch(new RegExp(`value="${desk.amira[0]!.id}" checked`));
  });

  it('refuses a counsellor of another contact point as the target (422) and a case of another desk (404), all or nothing', async () => {
    const desk = seedDesk();
    const base = { cp: String(d.ldn.id), from: d.counsellor.id, confirm: 'yes', reason: 'Amira is on leave.' };
    const foreignTarget = await supervisor.post('/supervision/reassign', { ...base, cases: [String(desk.amira[0]!.id)], to: d.counsellor2.id });
    expect(foreignTarget.statusCode).toBe(422);
    expect(textOf(foreignTarget.body)).toContain('Choose a counsellor of this contact point.');
    const chiCase = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id });
    const foreignCase = await supervisor.post('/supervision/reassign', { ...base, cases: [String(desk.amira[0]!.id), String(chiCase.id)], to: desk.bea.id });
    expect(foreignCase.statusCode).toBe(404);
    expect(t.db.select().from(cases).where(eq(cases.id, desk.amira[0]!.id)).get()!.assignedTo).toBe(d.counsellor.id);
    expect(t.db.select().from(cases).where(eq(cases.id, chiCase.id)).get()!.assignedTo).toBe(d.counsellor2.id);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'assignment')).all()).toEqual([]);
    // Another desk's panel does not exist for this supervisor.
    expect((await supervisor.get(`/supervision/reassign?cp=${d.chi.id}&from=unassigned`)).statusCode).toBe(404);
  });

  it('refuses a counsellor posting the form (403)', async () => {
    const desk = seedDesk();
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get('/');
    const res = await counsellor.post('/supervision/reassign', { cp: String(d.ldn.id), from: d.counsellor.id, cases: [String(desk.amira[0]!.id)], to: desk.bea.id, confirm: 'yes', reason: 'Amira is on leave.' });
    expect(res.statusCode).toBe(403);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'assignment')).all()).toEqual([]);
  });
});

describe('closure review', () => {
  async function requestClosure(status: 'open' | 'awaiting_outcome' = 'open') {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status, amountClaimedMinor: 420_000, currency: 'GBP' });
    await moveCase(t.db, actorOf(d.counsellor, d.ldn.id), kase.id, 'request_closure', { outcome: 'settled', amountRecovered: 310_000, currency: 'GBP', note: 'Settled at ACAS.' }, null, t.clock.now());
    return kase;
  }

  it('lists the requests with outcome and amounts', async () => {
    const kase = await requestClosure();
    const res = await supervisor.get('/supervision/closures');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain(kase.reference);
    expect(text).toContain('Settled');
    expect(text).toContain('£4,200.00');
    expect(text).toContain('£3,100.00');
    expect(text).toContain('Settled at ACAS.');
    // Showing case content is a view of the case, audited as on its own page.
    const views = t.db.select().from(auditLog).where(and(eq(auditLog.action, 'view'), eq(auditLog.targetId, String(kase.id)))).all();
    expect(views).toMatchObject([{ userId: d.supervisor.id, targetType: 'case', contactPointId: d.ldn.id }]);
  });

  it('approves a closure: the case is closed with a status event and an audit entry, as on the case page', async () => {
    const kase = await requestClosure();
    const res = await supervisor.post(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'Well done.', checklistChecked: 'on' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/supervision/closures?notice=approved');
    const saved = t.db.select().from(cases).where(eq(cases.id, kase.id)).get()!;
    expect(saved.status).toBe('closed');
    expect(saved.closedAt).not.toBeNull();
    const last = t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).all().at(-1)!;
    expect(last).toMatchObject({ kind: 'status_change', userId: d.supervisor.id, body: 'Well done.', data: { from: 'closure_requested', to: 'closed', move: 'approve_closure' } });
    expect(t.db.select().from(auditLog).where(and(eq(auditLog.targetId, String(kase.id)), eq(auditLog.userId, d.supervisor.id), eq(auditLog.action, 'update'))).all()).toHaveLength(1);
    expect(textOf((await supervisor.get('/supervision/closures?notice=approved')).body)).toContain('No closure request is waiting.');
  });

  it('sends back only with a comment, to the status the case had before', async () => {
    const kase = await requestClosure('awaiting_outcome');
    const empty = await supervisor.post(`/supervision/closures/${kase.id}`, { move: 'send_back', comment: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(t.db.select().from(cases).where(eq(cases.id, kase.id)).get()!.status).toBe('closure_requested');
    expect(empty.body).toContain('aria-invalid="true"');

    await supervisor.get('/supervision/closures');
    const htmx = await supervisor.htmxPost(`/supervision/closures/${kase.id}`, { move: 'send_back', comment: 'Ask for the payslips first.' });
    expect(htmx.statusCode).toBe(200);
    expect(textOf(htmx.body)).toContain(`${kase.reference} is back with its counsellor.`);
    expect(t.db.select().from(cases).where(eq(cases.id, kase.id)).get()!.status).toBe('awaiting_outcome');
    const last = t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).all().at(-1)!;
    expect(last).toMatchObject({ kind: 'status_change', body: 'Ask for the payslips first.', data: { from: 'closure_requested', to: 'awaiting_outcome', move: 'send_back' } });
  });

  it('shows the 25 requests waiting longest, and says how many more there are', async () => {
    const first = await requestClosure();
    for (let i = 0; i < 25; i++) await requestClosure();
    const text = textOf((await supervisor.get('/supervision/closures')).body);
    expect(text).toContain('26 requests waiting');
    expect(text).toContain('The 25 waiting longest of 26 are shown');
    expect(text).toContain(first.reference);
    expect((await supervisor.get('/supervision/closures')).body.match(/<article class="closure"/g)).toHaveLength(25);
  });

  it("answers 404 for another desk's case, and 409 for a case no longer waiting", async () => {
    const kase = await requestClosure();
    const chicago = await signIn(t.app, 'supervisor2@demo.test');
    await chicago.get('/supervision/closures');
    const statusNow = () => t.db.select().from(cases).where(eq(cases.id, kase.id)).get()!.status;
    const eventCount = () => t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).all().length;
    const foreign = await chicago.post(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'Settled.', checklistChecked: 'on' });
    expect(foreign.statusCode).toBe(404);
    expect(textOf(foreign.body)).toContain('There is nothing here, or you do not have access to it.');
    expect(foreign.body).not.toContain(kase.reference);
    expect(statusNow()).toBe('closure_requested');

    expect((await supervisor.post(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'Settled.', checklistChecked: 'on' })).statusCode).toBe(303);
    expect(statusNow()).toBe('closed');
    const events = eventCount();

    const again = await supervisor.post(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'Settled.', checklistChecked: 'on' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain("This change is not possible from the case's current status.");
    const unknown = await supervisor.post('/supervision/closures/999999', { move: 'approve_closure', approvalComment: 'Settled.', checklistChecked: 'on' });
    expect(unknown.statusCode).toBe(404);
    expect(textOf(unknown.body)).toContain('There is nothing here, or you do not have access to it.');
    const notAReview = await supervisor.post(`/supervision/closures/${kase.id}`, { move: 'reopen' });
    expect(notAReview.statusCode).toBe(400);
    expect(textOf(notAReview.body)).toContain('The request was not understood.');
    // None of the refused posts changed the case.
    expect(statusNow()).toBe('closed');
    expect(eventCount()).toBe(events);
  });
});
