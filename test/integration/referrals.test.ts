import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { documents } from '../../src/documents/documents.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { insertConsent } from '../../src/people/people.repo.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfText } from '../helpers/pdf-text.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let amira: Agent;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  amira = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const partnerId = (name: string) => t.db.select().from(partners).where(eq(partners.name, name)).get()!.id;
const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';
const allReferrals = () => t.db.select().from(referrals).all();
const referral = (id: number) => t.db.select().from(referrals).where(eq(referrals.id, id)).get()!;
const idFrom = (location: string | undefined) => Number(/\/referrals\/(\d+)/.exec(location ?? '')![1]);
const audits = (targetType: string, targetId: number | string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, String(targetId))))
    .all();

/** A worker who is undocumented, with a phone and a nationality on record: details a referral must not leak unchosen. */
function caseOfMaria(scopes: ('store' | 'share_with_partners' | 'anonymised_statistics')[] = ['store', 'share_with_partners']) {
  const person = makePerson(t.db, {
    contactPointId: d.ldn.id,
    recordedBy: d.counsellor.id,
    scopes,
    name: 'María Quispe',
    phone: '+44 7700 900123',
    nationality: 'BO',
    immigrationStatus: 'undocumented',
    visaType: 'Overseas domestic worker',
    gender: 'female',
  });
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: 'Sponsor dismissed her; visa curtailed, wages for March unpaid.' });
  return { person, kase };
}

const referralForm = (over: Record<string, string | string[]> = {}) => ({
  partnerId: String(partnerId(JCWI)),
  reason: 'Her sponsorship ended when she was dismissed; she needs regulated immigration advice.',
  request: 'Please advise her on her options to stay and work.',
  sharedFields: ['name', 'contact', 'caseSummary'],
  followUpOn: '2099-01-15',
  intent: 'send',
  ...over,
});

describe('the consent gate', () => {
  it('refuses to send without share_with_partners consent, explains why with a link to the consent record, and saves nothing', async () => {
    const { person, kase } = caseOfMaria(['store']);
    const form = await amira.get(`/cases/${kase.id}/referrals/new`);
    expect(form.statusCode).toBe(200);
    const text = textOf(form.body);
    expect(text).toContain('This referral cannot be sent yet.');
    expect(text).toContain('has not agreed to our sharing their details with partner organisations');
    expect(form.body).toContain(`href="/people/${person.id}#consent-heading"`);
    expect(form.body).not.toContain('value="send"');

    const sent = await amira.post(`/cases/${kase.id}/referrals`, referralForm());
    expect(sent.statusCode).toBe(422);
    expect(textOf(sent.body)).toContain('Cannot send: the person has not agreed to sharing with partner organisations.');
    expect(allReferrals()).toHaveLength(0);
    expect(t.db.select().from(documents).all()).toHaveLength(0);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'referral_change')).all()).toHaveLength(0);
  });

  it('lets a draft wait for consent, refuses to send it until consent is recorded, then sends it', async () => {
    const { person, kase } = caseOfMaria(['store']);
    const draft = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ intent: 'draft', sharedFields: ['caseSummary'] }));
    expect(draft.statusCode).toBe(303);
    const id = idFrom(draft.headers.location);
    expect(referral(id).status).toBe('draft');

    const refused = await amira.post(`/referrals/${id}/moves`, { move: 'send', followUpOn: '2099-01-15' });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Cannot send: the person has not agreed to sharing with partner organisations.');
    expect(refused.body).toContain(`href="/people/${person.id}#consent-heading"`);
    expect(referral(id).status).toBe('draft');

    t.db.transaction((tx) => insertConsent(tx, { personId: person.id, givenOn: '2026-11-02', recordedBy: d.counsellor.id, scopes: ['store', 'share_with_partners'], createdAt: t.clock.now() }));
    const ok = await amira.post(`/referrals/${id}/moves`, { move: 'send', followUpOn: '2099-01-15' });
    expect(ok.statusCode).toBe(303);
    expect(referral(id)).toMatchObject({ status: 'sent', followUpOn: '2099-01-15', sentBy: d.counsellor.id });
    expect(referral(id).consentId).not.toBeNull();
  });

  it('refuses an anonymous case any personal detail, and refuses to send it at all', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: null, caseTypes: ['information_only'] });
    const form = await amira.get(`/cases/${kase.id}/referrals/new`);
    expect(textOf(form.body)).toContain('This case is anonymous');
    const named = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ intent: 'draft', sharedFields: ['name', 'caseSummary'] }));
    expect(named.statusCode).toBe(422);
    expect(textOf(named.body)).toContain('This case is anonymous: personal details cannot be shared.');
    const sent = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ sharedFields: ['caseSummary'] }));
    expect(sent.statusCode).toBe(422);
    expect(textOf(sent.body)).toContain('Cannot send: an anonymous case has no consent to share with partners.');
    expect(allReferrals()).toHaveLength(0);
  });

  it('prints the referral letter on the paper of the case’s jurisdiction: A4, or Letter for a US case', async () => {
    const mediaBoxes = (pdf: Buffer) => [...new Set([...pdf.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim()))];
    const uk = caseOfMaria();
    const ukReferral = idFrom((await amira.post(`/cases/${uk.kase.id}/referrals`, referralForm())).headers.location);
    expect(mediaBoxes((await amira.get(`/referrals/${ukReferral}/letter.pdf`)).rawPayload)).toEqual(['0 0 595.28 841.89']);
    const us = caseOfMaria();
    t.db.$client.prepare("update cases set jurisdiction_country = 'US' where id = ?").run(us.kase.id);
    const usReferral = idFrom((await amira.post(`/cases/${us.kase.id}/referrals`, referralForm())).headers.location);
    expect(mediaBoxes((await amira.get(`/referrals/${usReferral}/letter.pdf`)).rawPayload)).toEqual(['0 0 612 792']);
  });

  it('makes no letter of a draft while the person has not agreed to sharing, and makes it once they have', async () => {
    const { person, kase } = caseOfMaria(['store']);
    const draft = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ intent: 'draft', sharedFields: ['name', 'caseSummary'] }));
    const id = idFrom(draft.headers.location);
    const refused = await amira.get(`/referrals/${id}/letter.pdf`);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(textOf(refused.body)).toContain("The letter cannot be made: the person's consent to sharing with partners is not in force.");
    expect(refused.body).not.toContain('María Quispe');
    expect(t.db.select().from(documents).all()).toEqual([]);

    t.db.transaction((tx) => insertConsent(tx, { personId: person.id, givenOn: '2026-11-02', recordedBy: d.counsellor.id, scopes: ['store', 'share_with_partners'], createdAt: t.clock.now() }));
    const letter = await amira.get(`/referrals/${id}/letter.pdf`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(flat(await pdfText(letter.rawPayload))).toContain('María Quispe');
  });
});

describe('field-by-field sharing', () => {
  it('nothing is ticked for the counsellor: the form says nothing leaves the union yet', async () => {
    const { kase } = caseOfMaria();
    const form = await amira.get(`/cases/${kase.id}/referrals/new`);
    expect([...form.body.matchAll(/name="sharedFields" value="(\w+)"[^>]* checked/g)]).toEqual([]);
    expect(textOf(form.body)).toContain('Leaves the union when you send: nothing yet — tick what this partner needs.');
    // Fields with nothing recorded cannot be ticked.
    expect(form.body).toMatch(/value="unionMembership"[^>]* disabled/);
    // After a 422 the line names what was ticked, as typed.
    const refused = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ reason: '', sharedFields: ['name', 'caseSummary'] }));
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Leaves the union when you send: Name, Summary of the case');
  });

  it('the firewall: immigration details go to a labour inspectorate only when the counsellor, warned, ticks that they may', async () => {
    const { kase } = caseOfMaria();
    const inspectorate = String(partnerId('Employment Agency Standards Inspectorate'));
    const count = () => t.db.select().from(referrals).all().length;
    const before = count();
    const warned = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ partnerId: inspectorate, sharedFields: ['name', 'nationality', 'caseSummary'] }));
    expect(warned.statusCode).toBe(422);
    expect(textOf(warned.body)).toContain('This partner is a labour inspectorate, which may pass immigration details on to immigration enforcement');
    expect(warned.body).toContain('name="firewallAck" value="yes"');
    expect(count()).toBe(before);

    // Without the immigration details it goes as any referral; with them, only once the box is ticked.
    expect((await amira.post(`/cases/${kase.id}/referrals`, referralForm({ partnerId: inspectorate, sharedFields: ['name', 'caseSummary'] }))).statusCode).toBe(303);
    const acked = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ partnerId: inspectorate, sharedFields: ['name', 'nationality', 'caseSummary'], firewallAck: 'yes' }));
    expect(acked.statusCode).toBe(303);
    expect(textOf((await amira.get(acked.headers.location as string)).body)).toContain('Bolivia');
    // An immigration adviser is not on the enforcement side: no warning.
    expect((await amira.post(`/cases/${kase.id}/referrals`, referralForm({ sharedFields: ['name', 'immigrationSituation', 'visa', 'caseSummary'] }))).statusCode).toBe(303);
    expect(count()).toBe(before + 3);
  });

  it('the partner view and the letter hold the chosen fields and nothing else', async () => {
    const { kase } = caseOfMaria();
    const res = await amira.post(`/cases/${kase.id}/referrals`, referralForm());
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);

    const page = textOf((await amira.get(`/referrals/${id}`)).body);
    expect(page).toContain(`What ${JCWI} receives`);
    expect(page).toContain('María Quispe');
    expect(page).toContain('+44 7700 900123');
    expect(page).toContain('Sponsor dismissed her; visa curtailed, wages for March unpaid.');
    for (const unshared of ['Undocumented', 'Immigration situation', 'Bolivia', 'Overseas domestic worker', 'female']) expect(page).not.toContain(unshared);

    const letter = await amira.get(`/referrals/${id}/letter.pdf`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.headers['content-disposition']).toMatch(/^attachment; filename="LDN-\d{4}-\d{5}-referral-letter-v1\.pdf"$/);
    const pdf = flat(await pdfText(letter.rawPayload));
    expect(pdf).toContain('María Quispe');
    expect(pdf).toContain('+44 7700 900123');
    expect(pdf).toContain('Sponsor dismissed her; visa curtailed, wages for March unpaid.');
    expect(pdf).toContain('JCWI');
    for (const unshared of ['Undocumented', 'Immigration situation', 'Bolivia', 'Overseas domestic worker', 'female']) expect(pdf).not.toContain(unshared);

    // The letter is stored once, immutable, with its hash; downloading again gives the same bytes.
    const stored = t.db.select().from(documents).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ caseId: kase.id, kind: 'referral', version: 1 });
    expect(JSON.stringify(stored[0]!.snapshot)).not.toContain('Undocumented');
    const again = await amira.get(`/referrals/${id}/letter.pdf`);
    expect(Buffer.compare(again.rawPayload, letter.rawPayload)).toBe(0);
  });

  it('shares the immigration situation only when it is chosen', async () => {
    const { kase } = caseOfMaria();
    const res = await amira.post(`/cases/${kase.id}/referrals`, referralForm({ sharedFields: ['caseSummary', 'immigrationSituation'] }));
    const id = idFrom(res.headers.location);
    const page = textOf((await amira.get(`/referrals/${id}`)).body);
    expect(page).toContain('Undocumented');
    expect(page).not.toContain('María Quispe');
    const pdf = flat(await pdfText((await amira.get(`/referrals/${id}/letter.pdf`)).rawPayload));
    expect(pdf).toContain('Undocumented');
    expect(pdf).not.toContain('María Quispe');
    expect(pdf).not.toContain('+44 7700 900123');
  });
});

describe('bad input is refused with a clear message and saves nothing', () => {
  it.each([
    ['an unknown partner', () => ({ partnerId: '999999' }), 'This partner is not in the directory.'],
    ['an inactive partner', () => ({ partnerId: String(partnerId('Migrant Workers Advice Line (closed)')) }), 'This partner no longer takes referrals.'],
    ['no partner at all', () => ({ partnerId: '' }), 'Choose a partner from the list.'],
    ['nothing chosen to share', () => ({ sharedFields: [] as string[] }), 'Choose at least one detail to share'],
    ['a detail that is not recorded', () => ({ sharedFields: ['unionMembership'] }), 'Some of the chosen details are not recorded on the case.'],
    ['a field that does not exist', () => ({ sharedFields: ['passportNumber'] }), 'Choose details from the list.'],
    ['no reason', () => ({ reason: '  ' }), 'Fill this in.'],
    ['a follow-up date in the past', () => ({ followUpOn: '2020-01-01' }), 'The follow-up date cannot be in the past.'],
    ['no follow-up date when sending', () => ({ followUpOn: '' }), 'Give a follow-up date'],
  ])('%s', async (_label, over, message) => {
    const { kase } = caseOfMaria();
    const res = await amira.post(`/cases/${kase.id}/referrals`, referralForm(over()));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(message);
    // What was typed comes back.
    expect(textOf(res.body)).toContain('Please advise her on her options to stay and work.');
    expect(allReferrals()).toHaveLength(0);
    expect(audits('referral', 1)).toHaveLength(0);
  });

  it('answers 404 for a case of another contact point and for someone who may not see cases', async () => {
    const { kase } = caseOfMaria();
    const luis = await signIn(t.app, 'counsellor2@demo.test');
    expect((await luis.get(`/cases/${kase.id}/referrals/new`)).statusCode).toBe(404);
    expect((await luis.post(`/cases/${kase.id}/referrals`, referralForm())).statusCode).toBe(404);
    const id = idFrom((await amira.post(`/cases/${kase.id}/referrals`, referralForm())).headers.location);
    expect((await luis.get(`/referrals/${id}`)).statusCode).toBe(404);
    expect((await luis.get(`/referrals/${id}/letter.pdf`)).statusCode).toBe(404);
    expect((await luis.post(`/referrals/${id}/moves`, { move: 'accept' })).statusCode).toBe(404);
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get(`/referrals/${id}`)).statusCode).toBe(404);
    expect(referral(id).status).toBe('sent');
  });
});

describe('the state machine, through the referral page', () => {
  async function sentReferral() {
    const { kase } = caseOfMaria();
    const res = await amira.post(`/cases/${kase.id}/referrals`, referralForm());
    return { id: idFrom(res.headers.location), kase };
  }
  const timeline = (caseId: number) =>
    t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'referral_change')))
      .all();

  it('sent → accepted → completed, each a timeline event with who and the response note', async () => {
    const { id, kase } = await sentReferral();
    const accept = await amira.post(`/referrals/${id}/moves`, { move: 'accept', note: 'Adviser Ms Patel will call her on Monday.', followUpOn: '2099-02-01' });
    expect(accept.statusCode).toBe(303);
    expect(referral(id)).toMatchObject({ status: 'accepted', followUpOn: '2099-02-01' });
    const complete = await amira.post(`/referrals/${id}/moves`, { move: 'complete', note: 'Application lodged.' });
    expect(complete.statusCode).toBe(303);
    expect(referral(id)).toMatchObject({ status: 'completed', followUpOn: null });
    expect(referral(id).closedAt).not.toBeNull();

    const events = timeline(kase.id);
    expect(events.map((e) => [e.data!.from, e.data!.to])).toEqual([
      [null, 'sent'],
      ['sent', 'accepted'],
      ['accepted', 'completed'],
    ]);
    expect(events.every((e) => e.userId === d.counsellor.id && e.data!.referralId === id)).toBe(true);
    expect(events[1]!.body).toBe('Adviser Ms Patel will call her on Monday.');

    const page = textOf((await amira.get(`/referrals/${id}`)).body);
    expect(page).toContain('Amira Haddad recorded that the partner accepted');
    expect(page).toContain('Adviser Ms Patel will call her on Monday.');
    expect(page).toContain('Amira Haddad marked the referral completed');
  });

  it('refuses moves the state machine does not allow, changing nothing', async () => {
    const { id, kase } = await sentReferral();
    const early = await amira.post(`/referrals/${id}/moves`, { move: 'complete' });
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('This referral cannot make that change from its current state.');
    expect(referral(id).status).toBe('sent');

    const noNote = await amira.post(`/referrals/${id}/moves`, { move: 'decline', note: '' });
    expect(noNote.statusCode).toBe(422);
    expect(textOf(noNote.body)).toContain('Write a short note');
    expect(referral(id).status).toBe('sent');

    expect((await amira.post(`/referrals/${id}/moves`, { move: 'decline', note: 'No capacity until spring.' })).statusCode).toBe(303);
    expect(referral(id).status).toBe('declined');
    for (const move of ['send', 'accept', 'complete', 'withdraw']) {
      expect((await amira.post(`/referrals/${id}/moves`, { move, note: 'x', followUpOn: '2099-01-01' })).statusCode).toBe(409);
    }
    expect((await amira.post(`/referrals/${id}/moves`, { move: 'teleport' })).statusCode).toBe(422);
    expect(referral(id).status).toBe('declined');
    expect(timeline(kase.id)).toHaveLength(2);
  });

  it('withdraws a referral with a reason, and a withdrawn referral has no letter', async () => {
    const { id } = await sentReferral();
    expect((await amira.post(`/referrals/${id}/moves`, { move: 'withdraw', note: 'She found advice elsewhere.' })).statusCode).toBe(303);
    expect(referral(id).status).toBe('withdrawn');
    expect((await amira.get(`/referrals/${id}/letter.pdf`)).statusCode).toBe(409);
  });

  it('only a draft can be edited', async () => {
    const { id } = await sentReferral();
    const before = referral(id);
    const res = await amira.post(`/referrals/${id}/edit`, referralForm({ intent: 'draft', reason: 'A new reason typed over the sent one.' }));
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('Only a draft referral can be edited.');
    expect(referral(id)).toEqual(before);
    expect(referral(id).status).toBe('sent');
  });
});

describe('follow-ups', () => {
  it('puts overdue follow-ups first on the referrals page and on the counsellor dashboard', async () => {
    const { kase } = caseOfMaria();
    const first = idFrom((await amira.post(`/cases/${kase.id}/referrals`, referralForm())).headers.location);
    const second = idFrom(
      (await amira.post(`/cases/${kase.id}/referrals`, referralForm({ partnerId: String(partnerId('Work Rights Centre')) }))).headers.location,
    );
    t.db.update(referrals).set({ followUpOn: '2020-03-01' }).where(eq(referrals.id, second)).run();

    const list = (await amira.get('/referrals')).body;
    const rows = [...list.matchAll(/href="\/referrals\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(rows).toEqual([second, first]);
    expect(textOf(list)).toContain('Follow-up overdue');

    const dashboard = textOf((await amira.get('/')).body);
    expect(dashboard).toContain('Referral follow-ups overdue');
    expect(dashboard).toContain(`${kase.reference} · Work Rights Centre, follow up was due 1 Mar 2020`);

    // A new date takes it off the overdue list.
    expect((await amira.post(`/referrals/${second}/follow-up`, { followUpOn: '2099-06-01' })).statusCode).toBe(303);
    expect(textOf((await amira.get('/')).body)).toContain('No overdue referral follow-ups.');
    expect((await amira.post(`/referrals/${second}/follow-up`, { followUpOn: '2001-06-01' })).statusCode).toBe(422);
  });
});

describe('the referrals section of the case page', () => {
  it('answers htmx with the section alone, and a browser without JavaScript with a page', async () => {
    const { kase } = caseOfMaria();
    await amira.post(`/cases/${kase.id}/referrals`, referralForm());
    const fragment = await amira.get(`/cases/${kase.id}/referrals`, { 'hx-request': 'true' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body.trimStart().startsWith('<section class="card" id="case-referrals"')).toBe(true);
    expect(textOf(fragment.body)).toContain(`${JCWI} Sent`);
    expect(fragment.body).toContain(`href="/cases/${kase.id}/referrals/new"`);
    const page = await amira.get(`/cases/${kase.id}/referrals`);
    expect(page.body).toContain('<html');
    expect(textOf(page.body)).toContain(`Referrals of ${kase.reference}`);
    const closed = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, status: 'closed' });
    expect((await amira.get(`/cases/${closed.id}/referrals`)).body).not.toContain('/referrals/new');
  });
});

describe('audit', () => {
  it('records the creation, each change, each view and each letter — field names, never values', async () => {
    const { kase } = caseOfMaria();
    const id = idFrom((await amira.post(`/cases/${kase.id}/referrals`, referralForm())).headers.location);
    await amira.get(`/referrals/${id}`);
    await amira.post(`/referrals/${id}/moves`, { move: 'accept', note: 'Call booked.' });
    await amira.get(`/referrals/${id}/letter.pdf`);

    const entries = audits('referral', id);
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'update', 'view']);
    expect(entries.every((e) => e.userId === d.counsellor.id && e.contactPointId === d.ldn.id)).toBe(true);
    expect(entries.find((e) => e.action === 'update')!.fields).toEqual(['status', 'note']);
    const doc = t.db.select().from(documents).get()!;
    expect(audits('document', doc.id).map((e) => e.action).sort()).toEqual(['export', 'letter']);
    expect(JSON.stringify(entries)).not.toContain('Call booked');
  });
});
