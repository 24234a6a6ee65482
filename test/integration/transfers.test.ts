import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents, cases } from '../../src/cases/cases.table.js';
import { contactPoints } from '../../src/contact-points/contact-points.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { consents, people } from '../../src/people/people.table.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { transferStubs, transfers } from '../../src/transfers/transfers.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let amira: Agent; // counsellor, London
let grace: Agent; // supervisor, London
let marisol: Agent; // supervisor, Chicago
let luis: Agent; // counsellor, Chicago

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  amira = await signIn(t.app, 'counsellor@demo.test');
  grace = await signIn(t.app, 'supervisor@demo.test');
  marisol = await signIn(t.app, 'supervisor2@demo.test');
  luis = await signIn(t.app, 'counsellor2@demo.test');
});
afterEach(async () => {
  await t.close();
});

const caseRow = (id: number) => t.db.select().from(cases).where(eq(cases.id, id)).get()!;
const transferRows = () => t.db.select().from(transfers).all();
const transferIdFrom = () => transferRows().at(-1)!.id;
const SUMMARY = 'Tomasz worked nights at a Leicester warehouse; agency withheld two weeks of wages.';
const REASON = 'Tomasz has moved to Chicago to join his brother and wants to pursue the claim from there.';

function londonCase() {
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Tomasz Wiśniewski', preferredLanguage: 'pl' });
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: SUMMARY });
  return { person, kase };
}

async function propose(caseId: number, over: Record<string, string> = {}) {
  return amira.post(`/cases/${caseId}/transfers`, { toContactPointId: String(d.chi.id), reason: REASON, ...over });
}

describe('transfer of a case to another contact point', () => {
  it('moves access on acceptance: before, the sender sees the case and the receiver gets 404; after, the reverse, and the sender keeps only a stub', async () => {
    const { person, kase } = londonCase();
    await amira.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Payslips photographed and stored.' });

    const proposed = await propose(kase.id);
    expect(proposed.statusCode).toBe(303);
    const id = transferIdFrom();

    // Before: the case is London's.
    expect((await amira.get(`/cases/${kase.id}`)).statusCode).toBe(200);
    expect((await marisol.get(`/cases/${kase.id}`)).statusCode).toBe(404);
    expect((await luis.get(`/cases/${kase.id}`)).statusCode).toBe(404);
    const section = textOf((await amira.get(`/cases/${kase.id}/transfer`)).body);
    expect(section).toContain('Transfer to Chicago Worker Center proposed by Amira Haddad');

    // The receiving supervisor reads the proposal (not the case) and decides.
    const proposal = await marisol.get(`/transfers/${id}`);
    expect(proposal.statusCode).toBe(200);
    expect(textOf(proposal.body)).toContain(REASON);
    expect(textOf(proposal.body)).toContain('Polish');
    expect(textOf(proposal.body)).not.toContain(SUMMARY);
    expect(textOf((await marisol.get('/')).body)).toContain(`${kase.reference} from London Migrant Workers Desk`);

    const accepted = await marisol.post(`/transfers/${id}/decision`, { decision: 'accept', assignee: d.counsellor2.id, note: 'Luis speaks Polish too.' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/cases/${kase.id}?notice=transferAccepted`);
    expect(textOf((await marisol.get(String(accepted.headers.location))).body)).toContain('Transfer accepted: the case is now at your contact point.');

    // After: the case is Chicago's, with its history; London gets 404.
    expect(caseRow(kase.id)).toMatchObject({ contactPointId: d.chi.id, assignedTo: d.counsellor2.id, reference: kase.reference });
    const there = await luis.get(`/cases/${kase.id}`);
    expect(there.statusCode).toBe(200);
    expect(textOf(there.body)).toContain(SUMMARY);
    expect(textOf(there.body)).toContain('Payslips photographed and stored.');
    expect((await marisol.get(`/cases/${kase.id}`)).statusCode).toBe(200);
    expect((await amira.get(`/cases/${kase.id}`)).statusCode).toBe(404);
    expect((await grace.get(`/cases/${kase.id}`)).statusCode).toBe(404);
    expect((await amira.get(`/cases/${kase.id}/referrals`)).statusCode).toBe(404);
    expect((await amira.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Too late' })).statusCode).toBe(404);

    // The only case of the person: their record went with it.
    expect(t.db.select().from(people).where(eq(people.id, person.id)).get()!.contactPointId).toBe(d.chi.id);
    expect((await amira.get(`/people/${person.id}`)).statusCode).toBe(404);

    // The stub: reference, dates, where it went — nothing of the content.
    const stubs = textOf((await grace.get('/transfers')).body);
    expect(stubs).toContain(kase.reference);
    expect(stubs).toContain('Chicago Worker Center');
    const stub = await amira.get(`/transfers/${id}`);
    expect(stub.statusCode).toBe(200);
    const stubText = textOf(stub.body);
    expect(stubText).toContain(`${kase.reference} (handed over)`);
    expect(stubText).toContain('Chicago Worker Center');
    for (const content of [SUMMARY, REASON, 'Tomasz', 'Payslips', 'Luis speaks Polish too.']) expect(stubText).not.toContain(content);
    expect(t.db.select().from(transferStubs).all()).toEqual([
      expect.objectContaining({ contactPointId: d.ldn.id, toContactPointId: d.chi.id, transferId: id, caseReference: kase.reference, caseOpenedAt: kase.openedAt }),
    ]);

    // Opening the transfer again takes the receiver to the case.
    expect((await marisol.get(`/transfers/${id}`)).headers.location).toBe(`/cases/${kase.id}`);
  });

  it('a supervisor of another contact point cannot see or decide a transfer not addressed to them (404)', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const id = transferIdFrom();
    // Grace supervises London (the sender), not Chicago: she may follow it, not decide it.
    expect((await grace.post(`/transfers/${id}/decision`, { decision: 'accept' })).statusCode).toBe(404);
    // A Chicago counsellor is not a supervisor: the transfer does not exist for him.
    expect((await luis.get(`/transfers/${id}`)).statusCode).toBe(404);
    expect((await luis.post(`/transfers/${id}/decision`, { decision: 'accept' })).statusCode).toBe(404);
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get(`/transfers/${id}`)).statusCode).toBe(404);
    expect(transferRows()[0]!.status).toBe('proposed');
    expect(caseRow(kase.id).contactPointId).toBe(d.ldn.id);
  });

  it('a declined transfer leaves the case where it was, with the reason on its timeline', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const id = transferIdFrom();
    const noReason = await marisol.post(`/transfers/${id}/decision`, { decision: 'decline', note: '' });
    expect(noReason.statusCode).toBe(422);
    expect(textOf(noReason.body)).toContain('Say why you decline');
    const res = await marisol.post(`/transfers/${id}/decision`, { decision: 'decline', note: 'We have no Polish speaker until June.' });
    expect(res.statusCode).toBe(303);
    expect(transferRows()[0]!.status).toBe('declined');
    expect(caseRow(kase.id).contactPointId).toBe(d.ldn.id);
    expect((await amira.get(`/cases/${kase.id}`)).statusCode).toBe(200);
    expect((await marisol.get(`/cases/${kase.id}`)).statusCode).toBe(404);
    expect(textOf((await amira.get(`/transfers/${id}`)).body)).toContain('We have no Polish speaker until June.');
    // Decided once: a second decision is refused.
    expect((await marisol.post(`/transfers/${id}/decision`, { decision: 'accept' })).statusCode).toBe(409);
    expect(t.db.select().from(transferStubs).all()).toHaveLength(0);
  });

  it('the sender may cancel a proposal before it is decided', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const id = transferIdFrom();
    expect((await amira.post(`/transfers/${id}/cancel`)).statusCode).toBe(303);
    expect(transferRows()[0]!.status).toBe('cancelled');
    expect((await marisol.post(`/transfers/${id}/decision`, { decision: 'accept' })).statusCode).toBe(409);
    expect(caseRow(kase.id).contactPointId).toBe(d.ldn.id);
  });

  it('a person with another case at the sending desk is copied, with their consent history, so that each desk keeps its own record', async () => {
    const { person, kase } = londonCase();
    const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: 'Earlier holiday-pay claim.' });
    await propose(kase.id);
    await marisol.post(`/transfers/${transferIdFrom()}/decision`, { decision: 'accept', assignee: '' });

    const moved = caseRow(kase.id);
    expect(moved.contactPointId).toBe(d.chi.id);
    expect(moved.assignedTo).toBeNull();
    expect(moved.personId).not.toBe(person.id);
    const copy = t.db.select().from(people).where(eq(people.id, moved.personId!)).get()!;
    expect(copy).toMatchObject({ contactPointId: d.chi.id, name: 'Tomasz Wiśniewski', preferredLanguage: 'pl' });
    expect(t.db.select().from(consents).where(eq(consents.personId, copy.id)).all().map((c) => c.scopes)).toEqual([['store', 'share_with_partners', 'anonymised_statistics']]);
    // London keeps its record for the case that stayed.
    expect(t.db.select().from(people).where(eq(people.id, person.id)).get()!.contactPointId).toBe(d.ldn.id);
    expect(caseRow(other.id).personId).toBe(person.id);
    expect((await amira.get(`/cases/${other.id}`)).statusCode).toBe(200);
    expect((await amira.get(`/people/${person.id}`)).statusCode).toBe(200);
  });

  it('referrals travel with the case', async () => {
    const { kase } = londonCase();
    const jcwi = t.db.select().from(partners).where(eq(partners.kind, 'immigration_advice')).get()!;
    await amira.post(`/cases/${kase.id}/referrals`, { partnerId: String(jcwi.id), reason: 'Advice', request: 'Advise', sharedFields: 'caseSummary', followUpOn: '2099-01-01', intent: 'draft' });
    const referralId = t.db.select().from(referrals).get()!.id;
    await propose(kase.id);
    await marisol.post(`/transfers/${transferIdFrom()}/decision`, { decision: 'accept' });
    expect(textOf((await amira.get('/referrals')).body)).not.toContain(kase.reference);
    expect((await amira.get(`/referrals/${referralId}`)).statusCode).toBe(404);
    const luisList = textOf((await luis.get('/referrals')).body);
    expect(luisList).toContain(kase.reference);
    expect((await luis.get(`/referrals/${referralId}`)).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it.each([
    ['the same contact point', () => ({ toContactPointId: String(d.ldn.id) }), 'The case already belongs to this contact point.'],
    ['an unknown contact point', () => ({ toContactPointId: '99999' }), 'This contact point does not exist.'],
    ['no contact point', () => ({ toContactPointId: '' }), 'Choose a contact point from the list.'],
    ['no reason', () => ({ reason: ' ' }), 'Give the reason for the transfer.'],
  ])('refuses a transfer to %s, saving nothing', async (_label, over, message) => {
    const { kase } = londonCase();
    const res = await propose(kase.id, over());
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(message);
    expect(transferRows()).toHaveLength(0);
  });

  it('refuses a transfer to an inactive contact point', async () => {
    const { kase } = londonCase();
    t.db.update(contactPoints).set({ active: false }).where(eq(contactPoints.id, d.chi.id)).run();
    const res = await propose(kase.id);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('This contact point is not active.');
    expect(transferRows()).toHaveLength(0);
  });

  it('refuses a second proposal while one is waiting, and a proposal for a closed case', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const again = await propose(kase.id);
    expect(again.statusCode).toBe(422);
    expect(textOf(again.body)).toContain('A transfer of this case is already waiting for a decision.');
    const closed = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'closed' });
    const res = await propose(closed.id);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('A closed case, or one awaiting closure, cannot be transferred.');
    expect(transferRows()).toHaveLength(1);
  });

  it('refuses an assignee who does not work at the receiving contact point', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const res = await marisol.post(`/transfers/${transferIdFrom()}/decision`, { decision: 'accept', assignee: d.counsellor.id });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Choose a counsellor of the receiving contact point');
    expect(caseRow(kase.id).contactPointId).toBe(d.ldn.id);
  });

  it('cannot accept a case that was closed after the proposal', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    t.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, kase.id)).run();
    const res = await marisol.post(`/transfers/${transferIdFrom()}/decision`, { decision: 'accept' });
    expect(res.statusCode).toBe(409);
    expect(caseRow(kase.id).contactPointId).toBe(d.ldn.id);
    expect(transferRows()[0]!.status).toBe('proposed');
  });

  it('a counsellor of another contact point cannot propose a transfer of a case they cannot see (404)', async () => {
    const { kase } = londonCase();
    expect((await luis.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: REASON })).statusCode).toBe(404);
    expect(transferRows()).toHaveLength(0);
  });
});

describe('the transfer section of the case page', () => {
  it('answers htmx with the section alone', async () => {
    const { kase } = londonCase();
    await amira.get(`/cases/${kase.id}`);
    const fragment = await amira.get(`/cases/${kase.id}/transfer`, { 'hx-request': 'true' });
    expect(fragment.body.trimStart().startsWith('<section class="card" id="case-transfer"')).toBe(true);
    expect(fragment.body).toContain(`action="/cases/${kase.id}/transfers"`);
    expect(textOf(fragment.body)).toContain('Chicago Worker Center');
    // A refused proposal sent by htmx comes back as the section with its message, for htmx to swap in.
    const refused = await amira.htmxPost(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.ldn.id), reason: REASON });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).not.toContain('<html');
    expect(textOf(refused.body)).toContain('The case already belongs to this contact point.');
  });
});

describe('audit and timeline', () => {
  it('audits every step and records each on the case timeline', async () => {
    const { kase } = londonCase();
    await propose(kase.id);
    const id = transferIdFrom();
    await marisol.post(`/transfers/${id}/decision`, { decision: 'accept', assignee: d.counsellor2.id });

    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'transfer'), eq(auditLog.targetId, String(id))))
      .all();
    expect(entries.map((e) => [e.action, e.userId, e.contactPointId])).toEqual([
      ['create', d.counsellor.id, d.ldn.id],
      ['update', d.supervisor2.id, d.chi.id],
    ]);
    const caseAudit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'case'), eq(auditLog.targetId, String(kase.id)), eq(auditLog.action, 'update')))
      .all();
    expect(caseAudit.at(-1)!.fields).toEqual(['contactPointId', 'assignedTo']);
    expect(JSON.stringify([...entries, ...caseAudit])).not.toContain('Chicago to join');

    const events = t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.kind, 'transfer')))
      .all();
    expect(events.map((e) => [e.userId, e.data!.status])).toEqual([
      [d.counsellor.id, 'proposed'],
      [d.supervisor2.id, 'accepted'],
    ]);
    expect(events[0]!.body).toBe(REASON);
  });
});
