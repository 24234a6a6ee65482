import { TextWriter, Uint8ArrayReader, ZipReader, configure } from '@zip.js/zip.js';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

configure({ useWebWorkers: false });

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

const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';
const NAME = 'Ana <b>"Ö" & Co</b>';
const exportAudits = () =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'export'), eq(auditLog.targetType, 'person')))
    .all();

/** A worker with a case, notes (one restricted), a deadline and a referral sent to JCWI with her name and phone. */
async function workerWithHistory() {
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: NAME, phone: '+44 7700 900123', immigrationStatus: 'undocumented', safetyFlags: ['employer_controls_phone'] });
  const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, summary: 'Unpaid wages for March.', amountClaimedMinor: 123_456, currency: 'GBP' });
  const now = t.clock.now();
  t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', body: 'Called her; she kept a diary of her shifts.' }, now));
  t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', restricted: true, body: 'She fears her cousin will tell the employer.' }, now));
  t.db.insert(deadlines).values({ caseId: kase.id, title: 'Employment tribunal claim', dueDate: '2027-01-31', source: 'manual', status: 'open', ownerId: d.counsellor.id, reminderLeadDays: 14, createdAt: now, updatedAt: now }).run();
  const partnerId = t.db.select().from(partners).where(eq(partners.name, JCWI)).get()!.id;
  const sent = await amira.post(`/cases/${kase.id}/referrals`, {
    partnerId: String(partnerId),
    reason: 'She needs regulated immigration advice.',
    request: 'Please advise her on her options.',
    sharedFields: ['name', 'contact', 'caseSummary'],
    followUpOn: '2099-01-15',
    intent: 'send',
  });
  expect(sent.statusCode).toBe(303);
  // Someone opens her record: the export must say who.
  const opened = await amira.get(`/people/${person.id}`);
  expect(opened.statusCode).toBe(200);
  return { person, kase };
}

async function entriesOf(zip: Uint8Array, password?: string) {
  const reader = new ZipReader(new Uint8ArrayReader(zip), password ? { password } : {});
  const entries = await reader.getEntries();
  const files: Record<string, string> = {};
  for (const e of entries) if (!e.directory && (e.filename.endsWith('.html') || e.filename.endsWith('.json'))) files[e.filename] = await e.getData!(new TextWriter());
  await reader.close();
  return { names: entries.map((e) => e.filename), encrypted: entries.map((e) => e.encrypted), files };
}

const zipOf = (res: { rawPayload: Buffer }) => new Uint8Array(res.rawPayload);

describe("a person's data export", () => {
  it('lists the restricted notes and what else is sensitive for review, from a button on the person page', async () => {
    const { person } = await workerWithHistory();
    const page = await amira.get(`/people/${person.id}`);
    expect(page.body).toContain(`href="/people/${person.id}/export"`);
    const views = () => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'view'), eq(auditLog.targetType, 'person'), eq(auditLog.targetId, String(person.id)))).all().length;
    const before = views();
    const review = await amira.get(`/people/${person.id}/export`);
    expect(review.statusCode).toBe(200);
    expect(views()).toBe(before + 1);
    const text = textOf(review.body);
    expect(text).toContain("Export this person's data");
    expect(text).toContain('She fears her cousin will tell the employer.');
    expect(text).toContain('Include this note');
    expect(text).toContain('1 case · 4 timeline entries · 1 letter · 1 referral');
    expect(text).toContain('Their immigration situation is in the export.');
    expect(text).toContain('Their safety flags and safety note are in the export');
    expect(review.body).toContain('&lt;b&gt;&quot;Ö&quot; &amp; Co&lt;/b&gt;');
    expect(exportAudits()).toEqual([]);
  });

  it('downloads a zip with person.html and person.json holding everything, and puts the export on the record', async () => {
    const { person, kase } = await workerWithHistory();
    await amira.get(`/people/${person.id}/export`);
    const res = await amira.post(`/people/${person.id}/export`, { reviewed: 'on' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="person-${person.id}-export-2026-11-24.zip"`);

    const { names, encrypted, files } = await entriesOf(zipOf(res));
    expect(names).toEqual(expect.arrayContaining(['person.html', 'person.json']));
    expect(names.some((n) => n.startsWith('letters/') && n.endsWith('.pdf'))).toBe(true);
    expect(encrypted.every((e) => !e)).toBe(true);

    const data = JSON.parse(files['person.json']!);
    expect(data.person).toMatchObject({ number: person.id, name: NAME, phone: '+44 7700 900123', immigrationSituation: 'undocumented', safetyFlags: ['employer_controls_phone'] });
    expect(data.consents).toEqual([expect.objectContaining({ givenOn: '2026-11-01', scopes: ['store', 'share_with_partners', 'anonymised_statistics'], recordedBy: 'Amira Haddad' })]);
    expect(data.cases).toHaveLength(1);
    const c = data.cases[0];
    expect(c).toMatchObject({ reference: kase.reference, summary: 'Unpaid wages for March.', amounts: { currency: 'GBP', claimed: '1234.56' } });
    expect(c.timeline.map((e: { text: string | null }) => e.text)).toContain('Called her; she kept a diary of her shifts.');
    // A restricted note stays out unless the counsellor includes it.
    expect(files['person.json']).not.toContain('She fears her cousin');
    expect(c.deadlines).toEqual([expect.objectContaining({ title: 'Employment tribunal claim', dueDate: '2027-01-31', status: 'open' })]);
    expect(c.referrals).toHaveLength(1);
    expect(c.referrals[0]).toMatchObject({ partner: JCWI, status: 'sent', sentAt: '2026-11-24T10:00:00.000Z', sentBy: 'Amira Haddad', sharedFields: ['name', 'contact', 'caseSummary'] });
    expect(c.referrals[0].shared).toEqual(expect.arrayContaining([{ field: 'name', label: 'Name', value: NAME }, expect.objectContaining({ field: 'contact', value: expect.stringContaining('+44 7700 900123') })]));
    expect(data.accessLog).toEqual(expect.arrayContaining([expect.objectContaining({ user: 'Amira Haddad', action: 'view', recordType: 'person', record: String(person.id) })]));

    const html = files['person.html']!;
    expect(html).toMatch(/^\s*<!doctype html>\s*<html lang="en" dir="ltr">/);
    expect(html).toContain('Ana &lt;b&gt;&quot;Ö&quot; &amp; Co&lt;/b&gt;');
    expect(html).not.toContain('<b>"Ö"');
    expect(html).toContain('£1,234.56');
    expect(html).toContain('31 Jan 2027');
    expect(textOf(html)).toContain('Summary of the case: Unpaid wages for March.');
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
    expect(textOf(html)).toMatch(/Amira Haddad Viewed Person \d+/);

    expect(exportAudits()).toEqual([
      expect.objectContaining({ userId: d.counsellor.id, targetId: String(person.id), contactPointId: d.ldn.id, fields: expect.arrayContaining(['person', 'cases', 'referrals', 'accessLog']) }),
    ]);
    expect(JSON.stringify(exportAudits())).not.toContain('Ana');
  });

  it('includes a restricted note the counsellor chose, and says so in the audit entry', async () => {
    const { person } = await workerWithHistory();
    const review = await amira.get(`/people/${person.id}/export`);
    const noteId = /name="include" value="(\d+)"/.exec(review.body)![1]!;
    const res = await amira.post(`/people/${person.id}/export`, { reviewed: 'on', include: noteId });
    const { files } = await entriesOf(zipOf(res));
    expect(files['person.json']).toContain('She fears her cousin will tell the employer.');
    expect(files['person.html']).toContain('restricted note');
    expect(exportAudits()[0]!.fields).toContain('restrictedNotes');
  });

  it("leaves out another's restricted note for a counsellor, even when its id is posted, and lets the supervisor review and include it", async () => {
    const { person, kase } = await workerWithHistory();
    t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.supervisor.id, kind: 'note', restricted: true, body: 'Supervisor: the employer threatened to report her.' }, t.clock.now()));
    const noteId = t.db.select().from(caseEvents).where(eq(caseEvents.body, 'Supervisor: the employer threatened to report her.')).get()!.id;

    const review = await amira.get(`/people/${person.id}/export`);
    expect(textOf(review.body)).not.toContain('the employer threatened');
    expect(textOf(review.body)).toContain("One restricted note written by someone else is left out; the contact point's supervisor can review it.");
    const smuggled = await amira.post(`/people/${person.id}/export`, { reviewed: 'on', include: String(noteId) });
    expect(smuggled.statusCode).toBe(200);
    expect((await entriesOf(zipOf(smuggled))).files['person.json']).not.toContain('the employer threatened');

    const grace = await signIn(t.app, 'supervisor@demo.test');
    const own = await grace.get(`/people/${person.id}/export`);
    expect(textOf(own.body)).toContain('Supervisor: the employer threatened to report her.');
    expect(textOf(own.body)).toContain('She fears her cousin will tell the employer.');
    const included = await grace.post(`/people/${person.id}/export`, { reviewed: 'on', include: String(noteId) });
    const { files } = await entriesOf(zipOf(included));
    expect(files['person.json']).toContain('Supervisor: the employer threatened to report her.');
    expect(files['person.json']).not.toContain('She fears her cousin');
  });

  it('encrypts every file with AES-256 when a password is given: unreadable without it, readable with it', async () => {
    const { person } = await workerWithHistory();
    await amira.get(`/people/${person.id}/export`);
    const password = 'correct horse battery';
    const res = await amira.post(`/people/${person.id}/export`, { reviewed: 'on', password, passwordRepeat: password });
    expect(res.statusCode).toBe(200);
    const zip = zipOf(res);
    expect(Buffer.from(zip).includes(Buffer.from('Unpaid wages'))).toBe(false);

    const locked = new ZipReader(new Uint8ArrayReader(zip));
    const entries = await locked.getEntries();
    expect(entries.every((e) => e.encrypted)).toBe(true);
    const json = entries.find((e) => e.filename === 'person.json');
    if (!json || json.directory) throw new Error('person.json is missing');
    await expect(json.getData(new TextWriter())).rejects.toThrow();
    await expect(json.getData(new TextWriter(), { password: 'wrong password here' })).rejects.toThrow();
    await locked.close();

    const { files } = await entriesOf(zip, password);
    expect(JSON.parse(files['person.json']!).person.name).toBe(NAME);
    expect(exportAudits()[0]!.fields).toContain('encrypted');
    expect(JSON.stringify(exportAudits())).not.toContain(password);
  });

  it('re-renders the form with 422 and writes nothing to the audit log on a mismatched or short password, or no confirmation', async () => {
    const { person } = await workerWithHistory();
    await amira.get(`/people/${person.id}/export`);
    const mismatched = await amira.post(`/people/${person.id}/export`, { reviewed: 'on', password: 'correct horse battery', passwordRepeat: 'correct horse batterY' });
    expect(mismatched.statusCode).toBe(422);
    expect(mismatched.headers['content-type']).toContain('text/html');
    expect(textOf(mismatched.body)).toContain('The two passwords are not the same.');
    expect(mismatched.body).not.toContain('correct horse');
    expect(mismatched.body).toMatch(/name="reviewed" id="f-reviewed" checked/);

    const short = await amira.post(`/people/${person.id}/export`, { reviewed: 'on', password: 'short', passwordRepeat: 'short' });
    expect(short.statusCode).toBe(422);
    expect(textOf(short.body)).toContain('The password must be at least 12 characters.');

    const unconfirmed = await amira.post(`/people/${person.id}/export`, {});
    expect(unconfirmed.statusCode).toBe(422);
    expect(textOf(unconfirmed.body)).toContain('Confirm that you have reviewed the export.');
    expect(exportAudits()).toEqual([]);
  });

  it('answers 404 to a counsellor of another contact point, to an admin and for an unknown person, and 403 without the CSRF token', async () => {
    const { person } = await workerWithHistory();
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const admin = await signIn(t.app, 'admin@demo.test');
    for (const agent of [chicago, admin]) {
      const page = await agent.get(`/people/${person.id}/export`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain('Ana');
      const post = await agent.post(`/people/${person.id}/export`, { reviewed: 'on' });
      expect(post.statusCode).toBe(404);
      expect(post.headers['content-type']).toContain('text/html');
    }
    expect((await amira.get('/people/999999/export')).statusCode).toBe(404);
    const noToken = await amira.postRaw(`/people/${person.id}/export`, { reviewed: 'on' });
    expect(noToken.statusCode).toBe(403);
    expect(exportAudits()).toEqual([]);
  });
});
