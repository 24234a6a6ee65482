/**
 * Issue 16 items 4 and 10: no click that hurts. Approving a closure, unlinking a party and moving cases in bulk
 * each need a reason (kept on the timeline) and a confirmation; without them a 422 that changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/policy.js';
import { letterBatches } from '../../src/batch-letters/batch-letters.table.js';
import { moveCase } from '../../src/cases/case-page.service.js';
import { createCollective } from '../../src/collective/collective.service.js';
import { documents } from '../../src/documents/documents.table.js';
import { caseEvents, cases } from '../../src/cases/cases.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { caseParties } from '../../src/cases/cases.table.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

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

const actorOf = (u: { id: string; role: Actor['role'] }, cp: number): Actor => ({ id: u.id, role: u.role, contactPointIds: [cp] });
const statusOf = (id: number) => t.db.select().from(cases).where(eq(cases.id, id)).get()!.status;
const eventsOf = (id: number) => t.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).all();

async function closureRequested() {
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open', amountClaimedMinor: 420_000, currency: 'GBP' });
  await moveCase(t.db, actorOf(d.counsellor, d.ldn.id), kase.id, 'request_closure', { outcome: 'settled', amountRecovered: 310_000, currency: 'GBP', note: 'Settled at ACAS.' }, null, t.clock.now());
  return kase;
}

function addDeadline(caseId: number, title: string, dueDate: string, status: 'open' | 'done' = 'open') {
  const now = t.clock.now();
  t.db.insert(deadlines).values({ caseId, title, dueDate, source: 'manual', status, ownerId: d.counsellor.id, reminderLeadDays: 14, createdAt: now, updatedAt: now }).run();
}

function addReferral(caseId: number, status: 'sent' | 'completed') {
  const partner = t.db.select().from(partners).all()[0]!;
  const now = t.clock.now();
  t.db.insert(referrals).values({ caseId, partnerId: partner.id, status, reason: 'Immigration advice', request: 'Advice on the visa', sharedFields: [], createdAt: now, updatedAt: now }).run();
  return partner.name;
}

describe('approving a closure', () => {
  it('from the queue: shows the checklist (outcome, amounts, open deadlines that stay open, referrals not finished)', async () => {
    const kase = await closureRequested();
    addDeadline(kase.id, 'Chase the final payment', '2027-01-15');
    addDeadline(kase.id, 'ET1 claim', '2027-02-01');
    addDeadline(kase.id, 'Old deadline', '2026-01-01', 'done');
    const partnerName = addReferral(kase.id, 'sent');
    addReferral(kase.id, 'completed');
    const text = textOf((await supervisor.get('/supervision/closures')).body);
    expect(text).toContain('Check before closing');
    expect(text).toContain('2 still open, the next:');
    expect(text).toContain('Chase the final payment');
    expect(text).toContain('ET1 claim');
    expect(text).not.toContain('Old deadline');
    expect(text).toContain('they stay open and their reminders go on');
    expect(text).toContain(`${partnerName} — Sent`);
    expect(text).not.toContain('Completed');
    expect(text).toContain('I have checked the list above.');
  });

  it('from the queue: without a reason or the tick, a 422 with the messages at the fields, what was typed kept, nothing changed', async () => {
    const kase = await closureRequested();
    const before = eventsOf(kase.id).length;
    await supervisor.get('/supervision/closures');
    const noReason = await supervisor.htmxPost(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: '  ', checklistChecked: 'on' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain(`id="closure-${kase.id}-approve-error"`);
    expect(textOf(noReason.body)).toContain('Say why the case can close; the reason goes on its timeline.');
    expect(noReason.body).toMatch(/<details class="move approve" open>/);
    expect(noReason.body).toMatch(/name="checklistChecked" checked/);

    const noTick = await supervisor.htmxPost(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'All paid.' });
    expect(noTick.statusCode).toBe(422);
    expect(noTick.body).toContain(`id="closure-${kase.id}-checked-error"`);
    expect(textOf(noTick.body)).toContain('Tick the box to confirm you have checked the list.');
    expect(noTick.body).toContain('>All paid.</textarea>');

    expect(statusOf(kase.id)).toBe('closure_requested');
    expect(eventsOf(kase.id)).toHaveLength(before);
  });

  it('from the queue with htmx: closes the case, the reason on the timeline, and the counter sent again one lower', async () => {
    const kase = await closureRequested();
    await closureRequested();
    const page = await supervisor.get('/supervision/closures');
    expect(textOf(page.body)).toContain('2 requests waiting');
    const res = await supervisor.htmxPost(`/supervision/closures/${kase.id}`, { move: 'approve_closure', approvalComment: 'Settlement paid, worker content.', checklistChecked: 'on' });
    expect(res.statusCode).toBe(200);
    expect(statusOf(kase.id)).toBe('closed');
    expect(eventsOf(kase.id).at(-1)).toMatchObject({ kind: 'status_change', body: 'Settlement paid, worker content.', data: { move: 'approve_closure', to: 'closed' } });
    expect(res.body).toMatch(/<h2 id="queue-heading" hx-swap-oob="true">1 request waiting<\/h2>/);
  });

  it('on the case page: the checklist with the form; 422 without a reason or the tick; the reason on the timeline', async () => {
    const kase = await closureRequested();
    addDeadline(kase.id, 'ET1 claim', '2027-02-01');
    const page = textOf((await supervisor.get(`/cases/${kase.id}`)).body);
    expect(page).toContain('Check before closing');
    expect(page).toContain('1 still open, the next:');
    expect(page).toContain('None.');

    const empty = await supervisor.post(`/cases/${kase.id}/status`, { move: 'approve_closure', approvalComment: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('id="f-approvalComment-error"');
    expect(empty.body).toContain('id="f-checklistChecked-error"');
    expect(statusOf(kase.id)).toBe('closure_requested');

    const noTick = await supervisor.post(`/cases/${kase.id}/status`, { move: 'approve_closure', approvalComment: 'Settled.' });
    expect(noTick.statusCode).toBe(422);
    expect(noTick.body).not.toContain('id="f-approvalComment-error"');
    expect(noTick.body).toContain('id="f-checklistChecked-error"');
    expect(noTick.body).toContain('>Settled.</textarea>');
    expect(statusOf(kase.id)).toBe('closure_requested');

    const ok = await supervisor.post(`/cases/${kase.id}/status`, { move: 'approve_closure', approvalComment: 'Settled; the ET1 deadline no longer matters.', checklistChecked: 'on' });
    expect(ok.statusCode).toBe(303);
    expect(statusOf(kase.id)).toBe('closed');
    const shown = textOf((await supervisor.get(`/cases/${kase.id}`)).body);
    expect(shown).toContain('Settled; the ET1 deadline no longer matters.');
    // Approving leaves the deadlines as they were: the checklist said so.
    expect(t.db.select().from(deadlines).where(and(eq(deadlines.caseId, kase.id), eq(deadlines.status, 'open'))).all()).toHaveLength(1);
  });
});

describe('moving cases in bulk', () => {
  function amirasCases(n: number) {
    return Array.from({ length: n }, () => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'open' }));
  }
  const assigneeOf = (id: number) => t.db.select().from(cases).where(eq(cases.id, id)).get()!.assignedTo;

  it('the confirmation says how many cases move from whom to whom, and asks for the reason', async () => {
    const moving = amirasCases(2);
    const form = { cp: String(d.ldn.id), from: d.counsellor.id, cases: moving.map((c) => String(c.id)), to: d.supervisor.id };
    const review = await supervisor.post('/supervision/reassign', form);
    expect(review.statusCode).toBe(200);
    const text = textOf(review.body);
    expect(text).toContain('2 cases move from Amira Haddad to Grace Okafor.');
    expect(text).toContain('Reason for the move');
  });

  it('without a reason: 422 on the confirmation step, the message at the field, nothing moved', async () => {
    const moving = amirasCases(2);
    const form = { cp: String(d.ldn.id), from: d.counsellor.id, cases: moving.map((c) => String(c.id)), to: d.supervisor.id, confirm: 'yes' };
    await supervisor.get('/supervision');
    const res = await supervisor.htmxPost('/supervision/reassign', { ...form, reason: '   ' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['hx-retarget']).toBe('#reassign');
    expect(res.body).toContain('id="f-reason-error"');
    expect(textOf(res.body)).toContain('Say why these cases move');
    expect(textOf(res.body)).toContain('2 cases move from Amira Haddad to Grace Okafor.');
    const plain = await supervisor.post('/supervision/reassign', form);
    expect(plain.statusCode).toBe(422);
    for (const c of moving) expect(assigneeOf(c.id)).toBe(d.counsellor.id);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'assignment')).all()).toEqual([]);
  });

  it("with a reason: every case moves, the reason on each case's timeline", async () => {
    const moving = amirasCases(2);
    const form = { cp: String(d.ldn.id), from: d.counsellor.id, cases: moving.map((c) => String(c.id)), to: d.supervisor.id, confirm: 'yes', reason: 'Amira is on leave until March.' };
    expect((await supervisor.post('/supervision/reassign', form)).statusCode).toBe(303);
    for (const c of moving) {
      expect(assigneeOf(c.id)).toBe(d.supervisor.id);
      expect(eventsOf(c.id).at(-1)).toMatchObject({ kind: 'assignment', body: 'Amira is on leave until March.' });
      expect(textOf((await supervisor.get(`/cases/${c.id}`)).body)).toContain('Amira is on leave until March.');
    }
  });
});

describe('removing a party from a case', () => {
  let counsellor: Agent;
  beforeEach(async () => {
    counsellor = await signIn(t.app, 'counsellor@demo.test');
  });
  const withLandlord = () => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, parties: [{ name: 'Kingfisher Lettings', kind: 'landlord' }] });
  const linksOf = (caseId: number) => t.db.select().from(caseParties).where(eq(caseParties.caseId, caseId)).all();
  const partyEvents = (caseId: number) => eventsOf(caseId).filter((e) => e.kind === 'party_change');

  it('without a reason: 422 with the open disclosure and the message at the field, the party still linked', async () => {
    const kase = withLandlord();
    const partyId = linksOf(kase.id)[0]!.partyId;
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(`/cases/${kase.id}/parties/${partyId}/unlink`, { reason: ' ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<details class="unlink" open>/);
    expect(res.body).toContain(`id="unlink-${partyId}-reason-error"`);
    expect(textOf(res.body)).toContain('Say why the party is removed from this case');
    expect(linksOf(kase.id)).toHaveLength(1);
    expect(partyEvents(kase.id)).toEqual([]);
  });

  it('with a reason: removed, the reason on the timeline, and an undo offered to the one who removed it', async () => {
    const kase = withLandlord();
    const partyId = linksOf(kase.id)[0]!.partyId;
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    const res = await counsellor.post(`/cases/${kase.id}/parties/${partyId}/unlink`, { reason: 'Wrong landlord: the worker rents privately.' });
    expect(res.statusCode).toBe(303);
    expect(linksOf(kase.id)).toEqual([]);
    expect(partyEvents(kase.id).at(-1)).toMatchObject({ body: 'Wrong landlord: the worker rents privately.', data: { action: 'unlinked', partyId, role: 'landlord' } });
    expect(textOf((await counsellor.get(`/cases/${kase.id}`)).body)).toContain('Wrong landlord: the worker rents privately.');

    const page = await counsellor.get(res.headers.location as string);
    expect(textOf(page.body)).toContain('Kingfisher Lettings was removed from this case.');
    expect(page.body).toContain(`action="/cases/${kase.id}/parties/${partyId}/relink"`);
    // Nobody else is offered this undo.
    expect((await supervisor.get(res.headers.location as string)).body).not.toContain('/relink');

    const undone = await counsellor.post(`/cases/${kase.id}/parties/${partyId}/relink`);
    expect(undone.statusCode).toBe(303);
    expect(linksOf(kase.id)).toMatchObject([{ partyId, role: 'landlord' }]);
    expect(partyEvents(kase.id).at(-1)).toMatchObject({ userId: d.counsellor.id, data: { action: 'relinked', partyId, role: 'landlord' } });
    expect(textOf((await counsellor.get(undone.headers.location as string)).body)).toContain('The removal was undone');
    expect(textOf((await counsellor.get(`/cases/${kase.id}`)).body)).toContain('Amira Haddad undid the removal of Kingfisher Lettings (Landlord)');
    // Undone once; a second undo has nothing to undo.
    expect((await counsellor.post(`/cases/${kase.id}/parties/${partyId}/relink`)).statusCode).toBe(409);
  });

  it('the undo lasts ten minutes by the clock: after that, 409 and the party stays removed', async () => {
    const kase = withLandlord();
    const partyId = linksOf(kase.id)[0]!.partyId;
    await counsellor.get(`/cases/${kase.id}/parties/new`);
    await counsellor.post(`/cases/${kase.id}/parties/${partyId}/unlink`, { reason: 'Duplicate entry.' });
    t.clock.advance(9 * 60_000);
    expect((await counsellor.get(`/cases/${kase.id}/parties/new?undo=${partyId}`)).body).toContain('/relink');
    t.clock.advance(60_000);
    expect((await counsellor.get(`/cases/${kase.id}/parties/new?undo=${partyId}`)).body).not.toContain('/relink');
    const late = await counsellor.post(`/cases/${kase.id}/parties/${partyId}/relink`);
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('This removal can no longer be undone.');
    expect(linksOf(kase.id)).toEqual([]);
  });
});

describe('a batch of worker summaries', () => {
  let counsellor: Agent;
  beforeEach(async () => {
    counsellor = await signIn(t.app, 'counsellor@demo.test');
  });
  async function group() {
    const flagged = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Rosa Flagged', safetyFlags: ['employer_controls_phone', 'lives_at_employer'], safetyNote: 'Employer reads her post.' });
    const members = [makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: flagged.id }), makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id })];
    const g = await createCollective(
      t.db,
      { contactPointId: d.ldn.id, title: 'Riverside night shift', summary: '', partyId: null, partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds: members.map((m) => m.id) },
      { actor: actorOf(d.counsellor, d.ldn.id), clientAddress: null, now: t.clock.now() },
    );
    return { id: g.id, members };
  }

  it('asks first whether each worker may keep the paper, and shows who has safety flags (the flags, never the note)', async () => {
    const g = await group();
    const page = await counsellor.get(`/collectives/${g.id}/letters`);
    const text = textOf(page.body);
    expect(text).toContain('Worker summaries: is it safe for each worker to keep this paper?');
    expect(text).toContain('These workers in the group have safety flags:');
    expect(text).toMatch(new RegExp(`Rosa Flagged\\s*\\(\\s*${g.members[0]!.reference}\\s*\\):\\s*Employer controls the phone, Lives at the employer's premises`));
    expect(text).not.toContain(g.members[1]!.reference);
    expect(text).not.toContain('Employer reads her post.');
  });

  it('without the tick: 422 keeping what was typed, the message at the question, no batch and no letter made', async () => {
    const g = await group();
    await counsellor.get(`/collectives/${g.id}/letters`);
    const res = await counsellor.post(`/collectives/${g.id}/letters`, { kind: 'worker_summary', counsellorPhone: '020 7946 0000' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="f-safeToKeep-error"');
    expect(textOf(res.body)).toContain('Ask each worker first whether it is safe to keep this paper');
    expect(res.body).toContain('value="020 7946 0000"');
    expect(res.body).toMatch(/value="worker_summary" checked/);
    expect(t.db.select().from(letterBatches).all()).toEqual([]);
    expect(t.db.select().from(documents).all()).toEqual([]);

    // Other letters do not ask it; a worker summary with the tick starts.
    const ok = await counsellor.post(`/collectives/${g.id}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
    expect(ok.statusCode).toBe(303);
    await t.app.letterBatches.settled(t.db.select().from(letterBatches).get()!.id);
  });
});
