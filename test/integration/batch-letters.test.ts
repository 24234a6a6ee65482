import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader, configure } from '@zip.js/zip.js';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { collectiveLetters, letterBatchItems, letterBatches } from '../../src/batch-letters/batch-letters.table.js';
import { documents } from '../../src/documents/documents.table.js';
import { parties } from '../../src/parties/parties.table.js';
import { collectives } from '../../src/collective/collective.table.js';
import { cases } from '../../src/cases/cases.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { pdfText } from '../helpers/pdf-text.js';

configure({ useWebWorkers: false });

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

/** A worker of the London desk speaking `language`, with a case. */
function worker(language: string, over: Parameters<typeof makeCase>[1] extends infer O ? Partial<O> : never = {}) {
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: `Worker ${language}`, preferredLanguage: language, languages: [language] });
  return makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, ...over });
}

async function createGroup(caseIds: number[]) {
  await counsellor.get('/collectives/new');
  const res = await counsellor.post('/collectives', { contactPointId: String(d.ldn.id), title: 'Night shift at Riverside Foods', summary: '', partyName: 'Riverside Foods Ltd', partyKind: 'employer', caseIds: caseIds.map(String) });
  expect(res.statusCode).toBe(303);
  return Number(/\/collectives\/(\d+)/.exec(res.headers.location as string)![1]);
}

/** Starts a batch through the form and waits for the background runner to finish it; returns the progress page's URL. */
async function runBatch(groupId: number, form: Record<string, string>) {
  await counsellor.get(`/collectives/${groupId}/letters`);
  const res = await counsellor.post(`/collectives/${groupId}/letters`, form);
  expect(res.statusCode).toBe(303);
  const url = res.headers.location as string;
  const batchId = Number(url.split('/').pop());
  await t.app.letterBatches.settled(batchId);
  return { url, batchId };
}

async function zipEntries(bytes: Uint8Array) {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const entries = await reader.getEntries();
  const out: { name: string; pdf: Uint8Array }[] = [];
  for (const e of entries) if (!e.directory) out.push({ name: e.filename, pdf: await e.getData!(new Uint8ArrayWriter()) });
  await reader.close();
  return out;
}

describe('batch letters of a collective case', () => {
  it('makes a worker summary for each of 5 workers in each one’s language, reports the one whose case lacks a summary, and zips the 4 PDFs by reference', async () => {
    const members = [worker('en'), worker('fr'), worker('es'), worker('ro'), worker('de', { summary: '' })];
    const groupId = await createGroup(members.map((m) => m.id));

    const group = await counsellor.get(`/collectives/${groupId}`);
    expect(group.body).toContain(`href="/collectives/${groupId}/letters"`);
    const form = await counsellor.get(`/collectives/${groupId}/letters`);
    expect(textOf(form.body)).toContain('Letters for every worker');

    const { url, batchId } = await runBatch(groupId, { kind: 'worker_summary', safeToKeep: 'on' });
    const stored = t.db.select().from(documents).all();
    expect(stored.map((doc) => [doc.caseId, doc.kind, doc.language]).sort()).toEqual(
      [
        [members[0]!.id, 'worker_summary', 'en'],
        [members[1]!.id, 'worker_summary', 'fr'],
        [members[2]!.id, 'worker_summary', 'es'],
        [members[3]!.id, 'worker_summary', 'ro'],
      ].sort(),
    );
    expect(t.db.select().from(letterBatches).get()!.status).toBe('done');

    const page = textOf((await counsellor.get(url)).body);
    expect(page).toContain('5 of 5 workers done');
    expect(page).toContain('Letters stored: 4');
    expect(page).toContain('Workers whose case lacks a fact: 1');
    expect(page).toContain(members[4]!.reference);
    expect(page).toContain('Case summary');
    // The page names cases by reference only.
    expect(page).not.toContain('Worker de');

    // Each worker's case lists its letter like any other.
    expect(textOf((await counsellor.get(`/cases/${members[1]!.id}/letters`)).body)).toMatch(/summary/i);

    const zip = await counsellor.get(`${url}/letters.zip`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const groupRef = t.db.select().from(collectives).get()!.reference;
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="${groupRef}-letters-${batchId}.zip"`);
    const entries = await zipEntries(new Uint8Array(zip.rawPayload));
    expect(entries.map((e) => e.name).sort()).toEqual(members.slice(0, 4).map((m) => `${m.reference}-case-summary-v1.pdf`).sort());
    for (const e of entries) expect(e.name).not.toMatch(/Worker/);
    const french = entries.find((e) => e.name.startsWith(members[1]!.reference))!;
    expect(await pdfText(french.pdf)).toContain('Worker fr');

    // Audited: started, and the zip downloaded.
    const audit = t.db.select().from(auditLog).where(eq(auditLog.targetType, 'letter_batch')).all();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'export']);
  });

  it('a letter before claim to the group’s party, with the job written once; a case without an amount is reported; the form refuses a batch without the job (422, nothing queued)', async () => {
    const paid = worker('pl', { amountClaimedMinor: 184_000, currency: 'GBP', employmentStart: '2026-03-02' });
    const noAmount = worker('en', { employmentStart: '2026-03-02' });
    const groupId = await createGroup([paid.id, noAmount.id]);
    t.db.update(parties).set({ address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY' }).run();

    await counsellor.get(`/collectives/${groupId}/letters`);
    const refused = await counsellor.post(`/collectives/${groupId}/letters`, { kind: 'letter_before_claim', jobTitle: '', workplace: 'Riverside Foods, Barking', payAgreed: '£12.21 an hour' });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('A letter before claim needs the job title.');
    expect(refused.body).toContain('value="Riverside Foods, Barking"');
    expect(t.db.select().from(letterBatches).all()).toEqual([]);

    const { url } = await runBatch(groupId, { kind: 'letter_before_claim', jobTitle: 'Packer', workplace: 'Riverside Foods, Barking', payAgreed: '£12.21 an hour' });
    const [doc] = t.db.select().from(documents).all();
    expect(t.db.select().from(documents).all()).toHaveLength(1);
    expect(doc!.caseId).toBe(paid.id);
    // A letter to the employer goes out in the jurisdiction's language, whatever the worker's own.
    expect(doc!.language).toBe('en');
    const text = await pdfText(doc!.pdf);
    expect(text).toContain('Riverside Foods Ltd');
    expect(text).toContain('Packer');
    const page = textOf((await counsellor.get(url)).body);
    expect(page).toContain(noAmount.reference);
    expect(page).toMatch(/Amount/i);
    expect(t.db.select().from(letterBatchItems).all().map((i) => i.status).sort()).toEqual(['missing', 'stored']);
  });

  it('another desk gets 404 for the form, the batch, its progress and its zip; nothing is queued', async () => {
    const members = [worker('en'), worker('fr')];
    const groupId = await createGroup(members.map((m) => m.id));
    const { url } = await runBatch(groupId, { kind: 'worker_summary', safeToKeep: 'on' });
    const other = await signIn(t.app, 'counsellor2@demo.test');
    for (const u of [`/collectives/${groupId}/letters`, url, `${url}/letters.zip`]) {
      const res = await other.get(u);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(members[0]!.reference);
    }
    await other.get('/');
    const res = await other.post(`/collectives/${groupId}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
    expect(res.statusCode).toBe(404);
    expect(t.db.select().from(letterBatches).all()).toHaveLength(1);
    expect(t.db.select().from(auditLog).where(eq(auditLog.targetType, 'letter_batch')).all().filter((a) => a.action === 'export')).toEqual([]);
  });

  it('refuses a batch posted without the page’s CSRF token (403, nothing queued) and starts it with the token', async () => {
    const groupId = await createGroup([worker('en').id]);
    await counsellor.get(`/collectives/${groupId}/letters`);
    const refused = await counsellor.postRaw(`/collectives/${groupId}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
    expect(refused.statusCode).toBe(403);
    expect(t.db.select().from(letterBatches).all()).toEqual([]);
    const ok = await counsellor.post(`/collectives/${groupId}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
    expect(ok.statusCode).toBe(303);
    expect(t.db.select().from(letterBatches).all()).toHaveLength(1);
    await t.app.letterBatches.settled(t.db.select().from(letterBatches).get()!.id);
  });

  it('the progress page polls with htmx while running and stops polling once finished; the zip waits for the end (409)', async () => {
    const members = [worker('en'), worker('fr'), worker('es')];
    const groupId = await createGroup(members.map((m) => m.id));
    await counsellor.get(`/collectives/${groupId}/letters`);
    const res = await counsellor.post(`/collectives/${groupId}/letters`, { kind: 'worker_summary', safeToKeep: 'on' });
    const url = res.headers.location as string;
    const batchId = Number(url.split('/').pop());
    // Asked at once, before the runner's first letter is stored.
    const early = await counsellor.get(url, { 'hx-request': 'true' });
    expect(early.body).toContain('hx-trigger="every 1s"');
    expect(early.body).not.toContain('<html');
    expect((await counsellor.get(`${url}/letters.zip`)).statusCode).toBe(409);
    await t.app.letterBatches.settled(batchId);
    const late = await counsellor.get(url, { 'hx-request': 'true' });
    expect(late.body).not.toContain('hx-trigger');
    expect(textOf(late.body)).toContain('Finished');
    expect(late.body).toContain(`${url}/letters.zip`);
  });

  it('one collective letter to the party names the workers whose consent lets the desk share their details, counts the others, and is stored on the group only', async () => {
    const sharing = (name: string) => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name }).id });
    const storeOnly = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Quiet Worker', scopes: ['store'] }).id });
    const members = [sharing('Ana Popescu'), storeOnly, sharing('Tomasz Wiśniewski')];
    const groupId = await createGroup(members.map((m) => m.id));
    t.db.update(parties).set({ address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY' }).run();

    const { url, batchId } = await runBatch(groupId, { kind: 'collective_letter', facts: 'None of the night shift was paid for October.' });
    const page = textOf((await counsellor.get(url)).body);
    expect(page).toContain('3 of 3 workers done');
    expect(page).toContain('Workers named: 2');
    expect(page).toContain('Workers counted but not named: 1');

    const [letter] = t.db.select().from(collectiveLetters).all();
    expect(t.db.select().from(collectiveLetters).all()).toHaveLength(1);
    expect(letter!.collectiveId).toBe(groupId);
    expect([letter!.namedCount, letter!.unnamedCount]).toEqual([2, 1]);
    expect(letter!.namedCaseIds.sort()).toEqual([members[0]!.id, members[2]!.id].sort());
    const text = await pdfText(letter!.pdf);
    expect(text).toContain('Riverside Foods Ltd');
    expect(text).toContain('Ana Popescu');
    expect(text).toContain('Tomasz Wiśniewski');
    expect(text).not.toContain('Quiet Worker');
    expect(text).toContain('None of the night shift was paid for October.');
    expect(text).toMatch(/not named in this letter: 1/);
    // Nothing on the member cases: a worker's own case holds nothing about the others.
    expect(t.db.select().from(documents).all()).toEqual([]);

    const zip = await counsellor.get(`${url}/letters.zip`);
    const groupRef = t.db.select().from(collectives).get()!.reference;
    expect((await zipEntries(new Uint8Array(zip.rawPayload))).map((e) => e.name)).toEqual([`${groupRef}-collective-letter-v1.pdf`]);
    expect(t.db.select().from(auditLog).where(eq(auditLog.targetType, 'collective_letter')).all().map((a) => a.action)).toEqual(['letter']);
    expect(batchId).toBe(letter!.batchId);

    // Erasing a named worker deletes the letter that names them; the batch stays on record.
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const named = t.db.select().from(cases).where(eq(cases.id, members[0]!.id)).get()!;
    await supervisor.get(`/people/${named.personId}/erase`);
    const erased = await supervisor.post(`/people/${named.personId}/erase`, { reason: 'Asked at the desk, in person.', confirm: String(named.personId) });
    expect(erased.statusCode).toBe(303);
    expect(t.db.select().from(collectiveLetters).all()).toEqual([]);
    expect(textOf((await counsellor.get(url)).body)).not.toContain('Ana Popescu');
  });

  it('the group page lists its batches and collective letters with their downloads, and starts a new batch or collective letter', async () => {
    const sharing = (name: string) => makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name }).id });
    const groupId = await createGroup([sharing('Ana Popescu').id, sharing('Ion Rusu').id]);
    const empty = (await counsellor.get(`/collectives/${groupId}`)).body;
    const section = (html: string) => /<section class="card" id="group-letters"[\s\S]*?<\/section>/.exec(html)![0];
    expect(textOf(section(empty))).toContain('No batch of letters yet.');
    expect(section(empty)).toContain(`href="/collectives/${groupId}/letters?kind=collective_letter"`);
    // The button opens the form with the collective letter chosen.
    const form = (await counsellor.get(`/collectives/${groupId}/letters?kind=collective_letter`)).body;
    expect(form).toMatch(/value="collective_letter" checked/);
    expect((await counsellor.get(`/collectives/${groupId}/letters?kind=nonsense`)).body).toMatch(/value="letter_before_claim" checked/);

    const { batchId } = await runBatch(groupId, { kind: 'collective_letter', facts: 'None of the night shift was paid for October.' });
    const html = section((await counsellor.get(`/collectives/${groupId}`)).body);
    expect(textOf(html)).toContain('One collective letter to the party');
    expect(textOf(html)).toContain('Collective letter, version 1 (PDF, names 2)');
    expect(html).toContain(`href="/collectives/${groupId}/letters/${batchId}"`);
    expect(html).toContain(`href="/collectives/${groupId}/letters/${batchId}/letters.zip"`);
    const before = t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all().length;
    const pdf = await counsellor.get(`/collectives/${groupId}/letters/${batchId}/collective-letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${t.db.select().from(collectives).get()!.reference}-collective-letter-v1.pdf"`);
    expect(await pdfText(new Uint8Array(pdf.rawPayload))).toContain('Ion Rusu');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'export')).all().length).toBe(before + 1);
    // Another desk: 404 for the file, and no section on a page it cannot see anyway.
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    expect((await chicago.get(`/collectives/${groupId}/letters/${batchId}/collective-letter.pdf`)).statusCode).toBe(404);
  });
});
