/**
 * A referral shares chosen evidence files with its partner through an expiring link (issue 15, evidence 5), and a
 * transfer may keep files back.
 */
import { Writable } from 'node:stream';
import { TextWriter, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { evidenceFiles } from '../../src/evidence/evidence.table.js';
import { partnerLinks } from '../../src/partner-links/partner-links.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { loggerOptions } from '../../src/logger.js';
import { insertConsent } from '../../src/people/people.repo.js';
import { referrals } from '../../src/referrals/referrals.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { payslipPdf } from '../helpers/evidence-files.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let amira: Agent;
let logs: string[];

afterEach(async () => {
  await t?.close();
});

const DAY = 86_400_000;
const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';
const PAYSLIP = payslipPdf();
const CONTRACT = Buffer.from('Contract: 40 hours a week, £11.44 an hour.\n');

async function setUp() {
  logs = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({}, { logger: { ...loggerOptions('info'), stream: sink } });
  d = demo(t.db);
  amira = await signIn(t.app, 'counsellor@demo.test');
}

const fileRows = (caseId: number) => t.db.select().from(evidenceFiles).where(eq(evidenceFiles.caseId, caseId)).all();
const linkRows = () => t.db.select().from(partnerLinks).all();
const audits = (targetType: string) => t.db.select().from(auditLog).where(eq(auditLog.targetType, targetType)).all();

async function attach(caseId: number, name: string, bytes: Buffer, agent = amira) {
  await agent.get(`/cases/${caseId}/evidence`);
  const res = await agent.postMultipart(`/cases/${caseId}/evidence`, [{ name: 'category', value: 'payslip' }, { name: 'files', filename: name, bytes, type: 'application/octet-stream' }]);
  expect(res.statusCode).toBe(303);
}

/** A case of María with two files and a referral sent to JCWI. */
async function sentReferral() {
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'María Quispe', scopes: ['store', 'share_with_partners'] });
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
  await attach(kase.id, 'payslip-march.pdf', PAYSLIP);
  await attach(kase.id, 'contract.txt', CONTRACT);
  const [payslip, contract] = fileRows(kase.id).sort((a, b) => a.id - b.id);
  const partnerId = t.db.select().from(partners).where(eq(partners.name, JCWI)).get()!.id;
  await amira.get(`/cases/${kase.id}/referrals/new`);
  const sent = await amira.post(`/cases/${kase.id}/referrals`, {
    partnerId: String(partnerId),
    reason: 'She needs immigration advice.',
    request: 'Please advise her.',
    sharedFields: ['caseSummary'],
    followUpOn: '2099-01-15',
    intent: 'send',
  });
  expect(sent.statusCode).toBe(303);
  const referralId = Number(/\/referrals\/(\d+)/.exec(sent.headers.location as string)![1]);
  return { person, kase, payslip: payslip!, contract: contract!, referralId };
}

async function share(referralId: number, form: Record<string, string | string[]>) {
  await amira.get(`/referrals/${referralId}`);
  return amira.post(`/referrals/${referralId}/links`, form);
}

const tokenIn = (html: string) => /\/shared\/([A-Za-z0-9_-]{43})/.exec(html)?.[1];

/** A partner: no cookies, no session. */
const partnerGet = (url: string) => t.app.inject({ method: 'GET', url });

describe('sharing chosen files with the partner of a referral', () => {
  it('creates a link to the files ticked, shown once; the partner downloads a chosen file and nothing else', async () => {
    await setUp();
    const { kase, payslip, contract, referralId } = await sentReferral();

    // The referral page offers the files, none ticked, and says plainly that they leave the union.
    const page = await amira.get(`/referrals/${referralId}`);
    expect(textOf(page.body)).toContain('The files you tick leave the union');
    expect(page.body).toContain(`name="evidenceIds" value="${payslip.id}"`);
    expect(page.body).not.toMatch(/name="evidenceIds" value="\d+" checked/);

    const res = await share(referralId, { evidenceIds: [String(payslip.id)], expiresInDays: '14' });
    expect(res.statusCode).toBe(201);
    const token = tokenIn(res.body)!;
    expect(token).toBeTruthy();
    expect(textOf(res.body)).toContain('This is the only time the link is shown');
    expect(res.body).toContain('data-copy="link"');
    // Only the hash is kept; the expiry is 14 days from the app's clock.
    const [link] = linkRows();
    expect(link!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link!.expiresAt).toBe(t.clock.now() + 14 * DAY);
    expect(link!.evidenceIds).toEqual([payslip.id]);
    expect(t.db.$client.prepare('select count(*) from partner_links where token_hash like ?').pluck().get(`%${token}%`)).toBe(0);

    // The partner's page: the reference, the partner, the expiry, the chosen file only; no app navigation, no name.
    const shared = await partnerGet(`/shared/${token}`);
    expect(shared.statusCode).toBe(200);
    const text = textOf(shared.body);
    expect(text).toContain(kase.reference);
    expect(text).toContain(JCWI);
    expect(text).toContain('payslip-march.pdf');
    expect(text).not.toContain('contract.txt');
    expect(text).not.toContain('María');
    expect(shared.body).not.toContain('mainnav');
    expect(shared.headers['cache-control']).toBe('no-store');
    expect(shared.headers['referrer-policy']).toBe('no-referrer');
    expect(shared.headers['x-robots-tag']).toContain('noindex');

    const download = await partnerGet(`/shared/${token}/files/${payslip.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PAYSLIP)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="payslip-march.pdf"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['x-robots-tag']).toContain('noindex');

    // A file of the case that was not chosen: the same 404 as a link that does not exist.
    const unchosen = await partnerGet(`/shared/${token}/files/${contract.id}`);
    expect(unchosen.statusCode).toBe(404);
    expect(unchosen.rawPayload.includes(CONTRACT)).toBe(false);
    const unknown = await partnerGet(`/shared/${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(textOf(unchosen.body)).toBe(textOf(unknown.body));

    // Each view and download is audited, with the link (not a user) as the actor.
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const entries = audits('partner_link');
    expect(entries.map((e) => [e.action, e.userId, e.targetId, e.fields])).toEqual([
      ['create', d.counsellor.id, String(link!.id), ['evidenceIds', 'expiresAt']],
      ['view', null, String(link!.id), null],
      ['export', null, String(link!.id), [`evidence:${payslip.id}`]],
    ]);

    // The referral page lists the link with its download count; the timeline records the sharing with the file names.
    const after = textOf((await amira.get(`/referrals/${referralId}`)).body);
    expect(after).toMatch(/payslip-march\.pdf .*Working 1/);
    const event = t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.kind, 'evidence_shared'))).get()!;
    expect(event.body).toBe('payslip-march.pdf');
    expect(event.data).toMatchObject({ partner: JCWI, count: 1 });
    expect(textOf((await amira.get(`/cases/${kase.id}`)).body)).toContain(`Amira Haddad shared 1 file with ${JCWI}`);

    // No token in any log line.
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(token);
    expect(logs.join('\n')).toContain('/shared/[token]');
  });

  it('the link dies when it expires, is revoked, or the referral is withdrawn — the same 404 each time', async () => {
    await setUp();
    const { payslip, referralId } = await sentReferral();
    const make = async (days = '14') => tokenIn((await share(referralId, { evidenceIds: [String(payslip.id)], expiresInDays: days })).body)!;
    const short = await make('2');
    const revoked = await make();
    const lasting = await make();
    const dead = (await partnerGet(`/shared/${'B'.repeat(43)}`)).body;

    // Expired: two days later the short one is gone, the others still work.
    t.clock.advance(2 * DAY);
    expect((await partnerGet(`/shared/${short}`)).statusCode).toBe(404);
    expect((await partnerGet(`/shared/${short}/files/${payslip.id}`)).statusCode).toBe(404);
    expect((await partnerGet(`/shared/${lasting}`)).statusCode).toBe(200);

    // Revoked from the referral page.
    const revokedId = linkRows()[1]!.id;
    amira = await signIn(t.app, 'counsellor@demo.test'); // two days on, her session has ended
    await amira.get(`/referrals/${referralId}`);
    const res = await amira.post(`/referrals/${referralId}/links/${revokedId}/revoke`);
    expect(res.statusCode).toBe(303);
    expect(textOf((await amira.get(res.headers.location as string)).body)).toContain('The link has been revoked');
    const gone = await partnerGet(`/shared/${revoked}/files/${payslip.id}`);
    expect(gone.statusCode).toBe(404);
    expect(textOf(gone.body).replace(/[0-9a-f]{8}/g, '')).toBe(textOf(dead).replace(/[0-9a-f]{8}/g, ''));
    expect(linkRows()[1]!.revokedBy).toBe(d.counsellor.id);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'evidence_unshared')).all()).toHaveLength(1);
    expect((await partnerGet(`/shared/${lasting}`)).statusCode).toBe(200);

    // The referral withdrawn: every link of it dies.
    const withdrawn = await amira.post(`/referrals/${referralId}/moves`, { move: 'withdraw', note: 'She found advice elsewhere.', followUpOn: '' });
    expect(withdrawn.statusCode).toBe(303);
    expect(t.db.select().from(referrals).get()!.status).toBe('withdrawn');
    expect((await partnerGet(`/shared/${lasting}`)).statusCode).toBe(404);
    expect((await partnerGet(`/shared/${lasting}/files/${payslip.id}`)).statusCode).toBe(404);
  });

  it('the link dies when the file is deleted, or consent to share with partners is withdrawn', async () => {
    await setUp();
    const { person, payslip, contract, referralId } = await sentReferral();
    const token = tokenIn((await share(referralId, { evidenceIds: [String(payslip.id), String(contract.id)], expiresInDays: '30' })).body)!;
    expect((await partnerGet(`/shared/${token}/files/${contract.id}`)).statusCode).toBe(200);

    await amira.get(`/cases/${payslip.caseId}/evidence`);
    const version = fileRows(payslip.caseId!).find((f) => f.id === contract.id)!.version;
    expect((await amira.post(`/cases/${payslip.caseId}/evidence/${contract.id}/delete`, { reason: 'Uploaded to the wrong case.', version: String(version) })).statusCode).toBe(303);
    expect((await partnerGet(`/shared/${token}/files/${contract.id}`)).statusCode).toBe(404);
    expect(textOf((await partnerGet(`/shared/${token}`)).body)).not.toContain('contract.txt');
    expect((await partnerGet(`/shared/${token}/files/${payslip.id}`)).statusCode).toBe(200);

    t.db.transaction((tx) => insertConsent(tx, { personId: person.id, givenOn: '2026-11-24', recordedBy: d.counsellor.id, scopes: ['store'], createdAt: t.clock.now() + 1 }));
    expect((await partnerGet(`/shared/${token}`)).statusCode).toBe(404);
    expect((await partnerGet(`/shared/${token}/files/${payslip.id}`)).statusCode).toBe(404);
  });

  it('the link dies when the case is transferred to another contact point, even with its files', async () => {
    await setUp();
    const { kase, payslip, contract, referralId } = await sentReferral();
    const token = tokenIn((await share(referralId, { evidenceIds: [String(payslip.id)], expiresInDays: '14' })).body)!;
    await amira.get(`/cases/${kase.id}/transfer`);
    expect((await amira.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'She moved to Chicago.', evidenceIds: [String(payslip.id), String(contract.id)] })).statusCode).toBe(303);
    expect((await partnerGet(`/shared/${token}/files/${payslip.id}`)).statusCode).toBe(200);
    const marisol = await signIn(t.app, 'supervisor2@demo.test');
    const id = t.db.$client.prepare('select id from transfers order by id desc limit 1').pluck().get() as number;
    await marisol.get(`/transfers/${id}`);
    expect((await marisol.post(`/transfers/${id}/decision`, { decision: 'accept', assignee: d.counsellor2.id, note: '' })).statusCode).toBe(303);
    expect(fileRows(kase.id).filter((f) => f.deletedAt === null)).toHaveLength(2);
    expect((await partnerGet(`/shared/${token}`)).statusCode).toBe(404);
    expect((await partnerGet(`/shared/${token}/files/${payslip.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input with 422 and saves nothing: no file, 0 or 99 days, a file of another case', async () => {
    await setUp();
    const { payslip, referralId } = await sentReferral();
    const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await attach(other.id, 'other.pdf', PAYSLIP);
    const foreign = fileRows(other.id)[0]!;
    const eventsBefore = t.db.select().from(caseEvents).all().length;

    for (const [form, message] of [
      [{ evidenceIds: [String(payslip.id)], expiresInDays: '0' }, 'Enter a number of days from 1 to 30.'],
      [{ evidenceIds: [String(payslip.id)], expiresInDays: '99' }, 'Enter a number of days from 1 to 30.'],
      [{ evidenceIds: [String(payslip.id)], expiresInDays: 'soon' }, 'Enter a number of days from 1 to 30.'],
      [{ expiresInDays: '14' }, 'Tick at least one file to share.'],
      [{ evidenceIds: [String(payslip.id), String(foreign.id)], expiresInDays: '14' }, 'Choose files of this case only.'],
    ] as const) {
      const res = await share(referralId, form as unknown as Record<string, string | string[]>);
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain(message);
      expect(tokenIn(res.body)).toBeUndefined();
    }
    // What was typed stays: the ticked file, the days.
    const again = await share(referralId, { evidenceIds: [String(payslip.id)], expiresInDays: '99' });
    expect(again.body).toContain(`value="${payslip.id}" checked`);
    expect(again.body).toContain('value="99"');
    expect(linkRows()).toEqual([]);
    expect(t.db.select().from(caseEvents).all().length).toBe(eventsBefore);
    expect(audits('partner_link')).toEqual([]);
  });

  it("never offers a restricted note's attachment to a counsellor who may not read the note, and refuses it if sent", async () => {
    await setUp();
    const { kase, payslip, contract, referralId } = await sentReferral();
    // The contract becomes the attachment of the supervisor's restricted note: Amira may not read that note.
    const note = t.db.insert(caseEvents).values({ caseId: kase.id, at: t.clock.now(), userId: d.supervisor.id, kind: 'note', body: 'Safeguarding concern.', restricted: true }).returning().get();
    t.db.update(evidenceFiles).set({ eventId: note.id }).where(eq(evidenceFiles.id, contract.id)).run();

    const page = await amira.get(`/referrals/${referralId}`);
    expect(page.body).toContain(`name="evidenceIds" value="${payslip.id}"`);
    expect(page.body).not.toContain(`name="evidenceIds" value="${contract.id}"`);
    expect(textOf(page.body)).not.toContain('contract.txt');
    const res = await share(referralId, { evidenceIds: [String(contract.id)], expiresInDays: '14' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Choose files of this case only.');
    expect(linkRows()).toEqual([]);
    // The transfer form does not offer it either, and it moves with its note rather than being deleted as "not ticked".
    const transfer = await amira.get(`/cases/${kase.id}/transfer`);
    expect(transfer.body).toContain(`name="evidenceIds" value="${payslip.id}"`);
    expect(transfer.body).not.toContain(`name="evidenceIds" value="${contract.id}"`);
  });

  it('erasure deletes the links; the person export lists them without a token', async () => {
    await setUp();
    const { person, payslip, referralId } = await sentReferral();
    const token = tokenIn((await share(referralId, { evidenceIds: [String(payslip.id)], expiresInDays: '14' })).body)!;
    await partnerGet(`/shared/${token}`);
    await partnerGet(`/shared/${token}/files/${payslip.id}`);
    // The person's data export lists the link: when, until when, which files, its state — never a token.
    await amira.get(`/people/${person.id}/export`);
    const res = await amira.post(`/people/${person.id}/export`, { reviewed: 'on' });
    expect(res.statusCode).toBe(200);
    const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(res.rawPayload)));
    const entries = await reader.getEntries();
    const text = async (name: string) => (entries.find((e) => e.filename === name) as { getData(w: TextWriter): Promise<string> }).getData(new TextWriter());
    const json = await text('person.json');
    const html = textOf(await text('person.html'));
    await reader.close();
    expect(JSON.parse(json).cases[0].referrals[0].fileLinks).toEqual([
      { files: ['payslip-march.pdf'], createdAt: '2026-11-24T10:00:00.000Z', expiresAt: '2026-12-08T10:00:00.000Z', revokedAt: null, state: 'active' },
    ]);
    expect(html).toContain('Files shared through a link');
    // Its access log shows the partner's view and download (no user: the link).
    const log = JSON.parse(json).accessLog.filter((a: { recordType: string }) => a.recordType === 'partner_link');
    expect(log.map((a: { action: string; user: string | null }) => [a.action, a.user])).toEqual([['create', 'Amira Haddad'], ['view', null], ['export', null]]);
    expect(json + html).not.toContain(token);

    const grace = await signIn(t.app, 'supervisor@demo.test');
    await grace.get(`/people/${person.id}/erase`);
    const erased = await grace.post(`/people/${person.id}/erase`, { reason: 'Asked at the desk on 24 November, in person.', confirm: String(person.id) });
    expect(erased.headers.location).toBe(`/people/${person.id}?notice=erased`);
    expect(linkRows()).toEqual([]);
    expect((await partnerGet(`/shared/${token}`)).statusCode).toBe(404);
  });
});

describe('a transfer that keeps files back', () => {
  it('moves only the files ticked; the receiving side sees only those, and its timeline says how many were kept back', async () => {
    await setUp();
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await attach(kase.id, 'payslip-march.pdf', PAYSLIP);
    await attach(kase.id, 'contract.txt', CONTRACT);
    const [payslip, contract] = fileRows(kase.id).sort((a, b) => a.id - b.id);

    const section = await amira.get(`/cases/${kase.id}/transfer`);
    expect(textOf(section.body)).toContain('Only the files you tick go to the other contact point');
    expect(section.body).not.toMatch(/name="evidenceIds" value="\d+" checked/);
    const proposed = await amira.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'The worker has moved to Chicago.', evidenceIds: [String(payslip!.id)] });
    expect(proposed.statusCode).toBe(303);
    expect(textOf((await amira.get(`/cases/${kase.id}/transfer`)).body)).toContain('1 file will be kept back (deleted) when the transfer is accepted.');

    const marisol = await signIn(t.app, 'supervisor2@demo.test');
    const id = t.db.$client.prepare('select id from transfers order by id desc limit 1').pluck().get() as number;
    await marisol.get(`/transfers/${id}`);
    expect((await marisol.post(`/transfers/${id}/decision`, { decision: 'accept', assignee: d.counsellor2.id, note: '' })).statusCode).toBe(303);

    const luis = await signIn(t.app, 'counsellor2@demo.test');
    const list = textOf((await luis.get(`/cases/${kase.id}/evidence`)).body);
    expect(list).toContain('payslip-march.pdf');
    expect(list).not.toContain('contract.txt');
    expect((await luis.get(`/cases/${kase.id}/evidence/${payslip!.id}/download`)).rawPayload.equals(PAYSLIP)).toBe(true);
    expect((await luis.get(`/cases/${kase.id}/evidence/${contract!.id}/download`)).statusCode).toBe(404);
    // The kept file is gone: its name, and its bytes from disk.
    const kept = fileRows(kase.id).find((f) => f.id === contract!.id)!;
    expect([kept.deletedFor, kept.name, kept.purgedAt !== null]).toEqual(['kept_back', '', true]);
    expect(textOf((await luis.get(`/cases/${kase.id}`)).body)).toContain('1 file was kept back by the sending contact point London Migrant Workers Desk and removed from the case');
    // The sender keeps nothing of the case either.
    expect((await amira.get(`/cases/${kase.id}/evidence/${contract!.id}/download`)).statusCode).toBe(404);
  });

  it('refuses a file of another case with 422, nothing saved', async () => {
    await setUp();
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await attach(other.id, 'other.pdf', PAYSLIP);
    await amira.get(`/cases/${kase.id}/transfer`);
    const res = await amira.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'Moved.', evidenceIds: [String(fileRows(other.id)[0]!.id)] });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Choose files of this case only.');
    expect(t.db.$client.prepare('select count(*) from transfers').pluck().get()).toBe(0);
  });
});
