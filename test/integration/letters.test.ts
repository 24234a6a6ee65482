import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { appendEvent } from '../../src/cases/cases.service.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { documents } from '../../src/documents/documents.table.js';
import { composeLetter } from '../../src/letters/letter-content.js';
import type { LetterSnapshot } from '../../src/letters/letter-snapshot.js';
import { renderLetterPdf } from '../../src/letters/pdf.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { partners } from '../../src/partners/partners.table.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfPages, pdfText } from '../helpers/pdf-text.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
/** The employer party of the test's wage case: the letter before claim is addressed to it by id. */
let employerId: number | undefined;

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  employerId = undefined;
  await t.close();
});

const SECRET = 'SECRET-NOTE lives above the restaurant, overstayed visa';

/** A London wage case with an employer (with an address), an amount claimed and a restricted note. */
function wageCase(over: { employerAddress?: string | null; amountClaimedMinor?: number | null; personName?: string; employerName?: string } = {}) {
  const person = makePerson(t.db, {
    contactPointId: d.ldn.id,
    recordedBy: d.counsellor.id,
    name: over.personName ?? 'Łukasz Nowak',
    immigrationStatus: 'undocumented',
    safetyFlags: ['risk_of_retaliation'],
  });
  const kase = makeCase(t.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    caseTypes: ['wage_theft', 'unlawful_deductions'],
    employmentStart: '2025-09-01',
    employmentEnd: '2026-02-27',
    amountClaimedMinor: over.amountClaimedMinor === undefined ? 347112 : over.amountClaimedMinor,
    currency: 'GBP',
    summary: 'He was not paid for his last four weeks.',
  });
  const employer = t.db.transaction((tx) => insertParty(tx, {
    name: over.employerName ?? 'Bright Star Hospitality Ltd',
    kind: 'employer',
    address: over.employerAddress === undefined ? 'Unit 4, 17 Harbour Street\nLondon E14 9XY' : over.employerAddress,
    sector: 'hospitality',
    createdAt: t.clock.now(),
    createdBy: d.counsellor.id,
  }));
  t.db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));
  employerId = employer.id;
  t.db.transaction((tx) => appendEvent(tx, { caseId: kase.id, userId: d.counsellor.id, kind: 'note', restricted: true, body: SECRET }, t.clock.now()));
  return { kase, person, employer };
}

/** The letter-before-claim form as a counsellor completes it after the pre-fill. */
function lbcForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: 'letter_before_claim',
    personName: 'Łukasz Nowak',
    employerPartyId: employerId ? String(employerId) : '',
    jurisdiction: 'England and Wales',
    jobTitle: 'kitchen porter',
    workplace: 'The Harbour Hotel, London E14',
    employmentStart: '2025-09-01',
    employmentEnd: '2026-02-27',
    payAgreed: '£12.21 an hour for 40 hours a week',
    currency: 'GBP',
    itemPeriod: ['2–27 February 2026', '', ''],
    itemDescription: ['Unpaid hours (160 h at £12.21)', 'Unlawful deduction: "uniform fee"', ''],
    itemAmount: ['1,953.60', '150', ''],
    legalBasis: 'Unlawful deduction from wages, section 13 of the Employment Rights Act 1996 (Part II).',
    workerAuthorisedOn: '2026-03-02',
    responseDeadline: '2026-03-24',
    escalation: 'Otherwise we will help {worker} claim at the Employment Tribunal.',
    counsellorName: 'Amira Haddad',
    counsellorRole: 'Counsellor',
    enclosures: 'Rota messages\nBank statements',
    ...over,
  };
}

/** A partner of the demo directory (test/helpers/app.ts seeds it), by name. */
const partnerNamed = (name: string) => t.db.select().from(partners).where(eq(partners.name, name)).get()!;

const docsOf = (caseId: number) => t.db.select().from(documents).where(eq(documents.caseId, caseId)).orderBy(documents.id).all();
const auditOf = (action: string) => t.db.select().from(auditLog).all().filter((a) => a.action === action);
const letterEvents = (caseId: number) =>
  t.db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .all()
    .filter((e) => e.kind === 'letter_generated');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function generate(agent: Agent, caseId: number, form: Record<string, string | string[]>) {
  await agent.get(`/cases/${caseId}/letters/new?kind=${String(form.kind)}`);
  return agent.post(`/cases/${caseId}/letters/generate`, form);
}

describe('the letter form', () => {
  it('is pre-filled from the case: employer and address, worker, amount claimed, legal basis of the jurisdiction', async () => {
    const { kase } = wageCase();
    const res = await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Letter before claim');
    // The employer is the case's party, chosen already (the only one), with its registered address; nothing to type.
    expect(res.body).toMatch(/<input type="radio" name="employerPartyId" id="f-employerPartyId-\d+" value="\d+"[^>]* checked>/);
    expect(text).toContain('Bright Star Hospitality Ltd · Employer Unit 4, 17 Harbour Street London E14 9XY');
    expect(res.body).not.toContain('name="employerName"');
    expect(res.body).not.toContain('name="employerAddress"');
    expect(res.body).toContain('value="Łukasz Nowak"');
    expect(res.body).toContain('value="3471.12"');
    expect(res.body).toContain('value="2025-09-01"');
    expect(text).toContain('section 13 of the Employment Rights Act 1996');
    // The restricted note and the immigration situation are not offered to the letter.
    expect(res.body).not.toContain('SECRET-NOTE');
    expect(res.body).not.toMatch(/undocumented/i);
    // The safety banner is on every page about the case; the preview frame is there, empty.
    expect(text).toContain('Risk of retaliation');
    expect(res.body).toMatch(/<iframe name="letter-preview"/);
  });

  it('answers 404 for a kind it does not make, and 400 for a post without a kind', async () => {
    const { kase } = wageCase();
    expect((await counsellor.get(`/cases/${kase.id}/letters/new?kind=bogus`)).statusCode).toBe(404);
    expect((await counsellor.get(`/cases/${kase.id}/letters/new`)).statusCode).toBe(404);
    const { kind: _kind, ...withoutKind } = lbcForm();
    expect((await counsellor.post(`/cases/${kase.id}/letters/generate`, withoutKind)).statusCode).toBe(400);
    expect(docsOf(kase.id)).toHaveLength(0);
  });

  it('offers a transliteration field for a right-to-left name', async () => {
    const { kase } = wageCase({ personName: 'فاطمة الزهراء' });
    const res = await counsellor.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(textOf(res.body)).toContain('The letter prints it as written');
    expect(res.body).toMatch(/<div id="latin-field" data-rtl-field>/);
    const plain = wageCase();
    const other = await counsellor.get(`/cases/${plain.kase.id}/letters/new?kind=worker_summary`);
    expect(other.body).toMatch(/<div id="latin-field" data-rtl-field hidden>/);
  });
});

describe('generating, listing and downloading a letter', () => {
  it('stores the letter immutably with its minimised snapshot and hash, on the timeline and in the audit log', async () => {
    const { kase } = wageCase();
    const res = await generate(counsellor, kase.id, lbcForm());
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(res.headers.location).toBe(`/cases/${kase.id}/letters?generated=${doc!.id}`);

    expect(doc).toMatchObject({ kind: 'letter_before_claim', version: 1, language: 'en', template: 'letter_before_claim@1', createdBy: d.counsellor.id });
    expect(doc!.pageCount).toBe((await pdfPages(doc!.pdf)).length);
    expect(doc!.sha256).toBe(sha256(doc!.pdf));
    expect(doc!.byteSize).toBe(doc!.pdf.byteLength);
    const snapshot = doc!.snapshot as unknown as LetterSnapshot;
    expect(snapshot.caseReference).toBe(kase.reference);
    expect(snapshot.amounts).toEqual({
      currency: 'GBP',
      items: [
        { period: '2–27 February 2026', description: 'Unpaid hours (160 h at £12.21)', amountMinor: 195360 },
        { description: 'Unlawful deduction: "uniform fee"', amountMinor: 15000 },
      ],
    });
    expect(snapshot.escalation).toBe('Otherwise we will help Łukasz Nowak claim at the Employment Tribunal.');
    // Minimised: nothing a letter before claim does not print.
    expect(JSON.stringify(snapshot)).not.toMatch(/SECRET|undocumented|immigration|retaliation|summary/i);

    const [event] = letterEvents(kase.id);
    expect(event).toMatchObject({ userId: d.counsellor.id, body: null, restricted: false, data: { documentId: doc!.id, kind: 'letter_before_claim', version: 1 } });
    expect(auditOf('letter')).toEqual([expect.objectContaining({ userId: d.counsellor.id, targetType: 'document', targetId: String(doc!.id), contactPointId: d.ldn.id, fields: null })]);

    // The database refuses to change a stored document.
    expect(() => t.db.$client.prepare('update documents set sha256 = ? where id = ?').run('0'.repeat(64), doc!.id)).toThrow(/immutable/);
  });

  it('lists the document, and the download is the PDF with the reference, employer and total but no restricted note', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const [doc] = docsOf(kase.id);

    const list = await counsellor.get(`/cases/${kase.id}/letters?generated=${doc!.id}`);
    const text = textOf(list.body);
    expect(text).toContain('Version 1 of the letter before claim is saved.');
    expect(text).toContain('Letter before claim Version 1');
    expect(text).toContain(`English · ${doc!.pageCount} pages`);
    expect(text).toContain('Amira Haddad');
    expect(text).toContain(doc!.sha256.slice(0, 12));
    expect(list.body).toContain(`href="/cases/${kase.id}/documents/${doc!.id}/download"`);

    const download = await counsellor.get(`/cases/${kase.id}/documents/${doc!.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${kase.reference}-letter-before-claim-v1.pdf"`);
    expect(download.headers['cache-control']).toBe('no-store');
    expect(sha256(download.rawPayload)).toBe(doc!.sha256);

    const pdf = flat(await pdfText(download.rawPayload));
    expect(pdf).toContain(`Our reference ${kase.reference}`);
    expect(pdf).toContain('Bright Star Hospitality Ltd');
    expect(pdf).toContain('Unit 4, 17 Harbour Street London E14 9XY');
    expect(pdf).toContain('Unpaid hours (160 h at £12.21) £1,953.60');
    expect(pdf).toContain('Total £2,103.60');
    expect(pdf).toContain('Please pay Łukasz Nowak the total of £2,103.60 by 24 March 2026.');
    expect(pdf).toContain('section 13 of the Employment Rights Act 1996');
    expect(pdf).not.toContain('SECRET');
    expect(pdf).not.toMatch(/undocumented/i);

    expect(auditOf('export')).toEqual([expect.objectContaining({ userId: d.counsellor.id, targetType: 'document', targetId: String(doc!.id), contactPointId: d.ldn.id })]);
  });

  it('regenerating makes version 2 and leaves version 1 as it was; the hashes differ even for the same facts', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const [v1] = docsOf(kase.id);
    const v1Bytes = Buffer.from(v1!.pdf);

    expect((await generate(counsellor, kase.id, lbcForm())).statusCode).toBe(303);
    expect((await generate(counsellor, kase.id, lbcForm({ responseDeadline: '2026-04-07' }))).statusCode).toBe(303);
    const [first, second, third] = docsOf(kase.id);
    expect([first!.version, second!.version, third!.version]).toEqual([1, 2, 3]);
    expect(first!.sha256).toBe(v1!.sha256);
    expect(Buffer.from(first!.pdf).equals(v1Bytes)).toBe(true);
    expect(new Set([first!.sha256, second!.sha256, third!.sha256]).size).toBe(3);

    const v3 = await counsellor.get(`/cases/${kase.id}/documents/${third!.id}/download`);
    expect(v3.headers['content-disposition']).toBe(`attachment; filename="${kase.reference}-letter-before-claim-v3.pdf"`);
    expect(flat(await pdfText(v3.rawPayload))).toContain('by 7 April 2026');
    const old = await counsellor.get(`/cases/${kase.id}/documents/${first!.id}/download`);
    expect(flat(await pdfText(old.rawPayload))).toContain('by 24 March 2026');

    expect(letterEvents(kase.id).map((e) => e.data)).toEqual([1, 2, 3].map((version, i) => ({ documentId: docsOf(kase.id)[i]!.id, kind: 'letter_before_claim', version })));
    const list = textOf((await counsellor.get(`/cases/${kase.id}/letters`)).body);
    expect(list).toMatch(/Version 3.*Version 2.*Version 1/);
  });

  it('the stored snapshot makes the stored letter again, byte for byte', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const [doc] = docsOf(kase.id);
    const letter = composeLetter('letter_before_claim', doc!.snapshot as unknown as LetterSnapshot);
    const again = await renderLetterPdf({ ...letter, title: `${letter.title} · v1` });
    expect(sha256(again.pdf)).toBe(doc!.sha256);
  });

  it('a document of another case is not found through this case', async () => {
    const one = wageCase();
    const two = wageCase();
    await generate(counsellor, two.kase.id, lbcForm());
    const [doc] = docsOf(two.kase.id);
    expect((await counsellor.get(`/cases/${one.kase.id}/documents/${doc!.id}/download`)).statusCode).toBe(404);
    expect((await counsellor.get(`/cases/${one.kase.id}/documents/999999/download`)).statusCode).toBe(404);
    expect((await counsellor.get(`/cases/${one.kase.id}/documents/abc/download`)).statusCode).toBe(404);
    expect(auditOf('export')).toHaveLength(0);
  });
});

describe('preview', () => {
  it('returns the PDF inline for the form’s frame and stores nothing', async () => {
    const { kase } = wageCase();
    await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const eventsBefore = t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).all().length;
    const auditBefore = t.db.select().from(auditLog).all().length;

    const res = await counsellor.post(`/cases/${kase.id}/letters/preview`, lbcForm());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${kase.reference}-preview.pdf"`);
    // Framed by our own page only.
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(flat(await pdfText(res.rawPayload))).toContain('Total £2,103.60');

    expect(docsOf(kase.id)).toHaveLength(0);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).all()).toHaveLength(eventsBefore);
    expect(t.db.select().from(auditLog).all()).toHaveLength(auditBefore);
    // Other pages may still not be framed.
    expect((await counsellor.get(`/cases/${kase.id}/letters`)).headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('shows what is missing inside the frame (422) instead of a PDF', async () => {
    const { kase } = wageCase();
    await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const res = await counsellor.post(`/cases/${kase.id}/letters/preview`, lbcForm({ jobTitle: '' }));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(textOf(res.body)).toContain('This letter cannot be made yet 1 fact it needs is missing: Job title');

    const invalid = await counsellor.post(`/cases/${kase.id}/letters/preview`, lbcForm({ itemAmount: ['1953.60', 'lots', ''], responseDeadline: 'soon' }));
    expect(invalid.statusCode).toBe(422);
    expect(textOf(invalid.body)).toContain('Line 2: Amounts owed : Enter an amount such as 1250.00.');
    expect(textOf(invalid.body)).toContain('Pay by : Enter a real date');
    expect(docsOf(kase.id)).toHaveLength(0);
  });
});

describe('missing facts and bad input', () => {
  it('refuses a letter before claim without employer address or amounts, listing each with where to fill it in', async () => {
    const { kase, employer } = wageCase({ employerAddress: null, amountClaimedMinor: null });
    const form = await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    expect(form.body).not.toContain('value="3471.12"');
    const res = await counsellor.post(
      `/cases/${kase.id}/letters/generate`,
      lbcForm({ itemPeriod: '', itemDescription: '', itemAmount: '' }),
    );
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('This letter cannot be made yet');
    expect(text).toContain('2 facts it needs are missing');
    expect(text).toContain('Employer’s address — add it on the party’s record');
    expect(text).toContain('At least one amount owed — fill it in on this form or on the case');
    expect(res.body).not.toContain('href="#f-employerAddress"');
    expect(res.body).toContain(`href="/parties/${employer.id}/edit"`);
    // The form says so at the choice too, with the way to add it.
    expect(text).toContain('No registered address on record: the letter cannot be sent to this party yet.');
    expect(res.body).toContain('href="#f-items"');
    expect(res.body).toContain(`href="/cases/${kase.id}/edit"`);
    // The amounts are marked at their table, and what was typed is kept.
    expect(res.body).toMatch(/<fieldset class="field rows field--error" id="f-items">/);
    expect(res.body).toContain('value="kitchen porter"');
    expect(docsOf(kase.id)).toHaveLength(0);
    expect(auditOf('letter')).toHaveLength(0);
  });

  it('links a missing employer to the case’s parties page and a missing name to the person’s record', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: null, alias: null });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, lbcForm({ personName: '' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Worker’s name or alias — fill it in on this form or on the person’s record');
    expect(text).toContain('Employer’s name — link the employer to the case');
    expect(text).toContain('This case has no employer, labour provider or recruitment agency in United Kingdom among its parties');
    expect(res.body).toContain(`href="/people/${person.id}/edit"`);
    expect(res.body).toContain(`href="/cases/${kase.id}/parties/new"`);
  });

  it('refuses a currency that is not an ISO 4217 code on preview and generate (422, the field’s message), storing nothing', async () => {
    const { kase } = wageCase();
    for (const currency of ['€€', 'yesterday', 'usd', 'GB', `${'x'.repeat(10_000)}`]) {
      await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
      const preview = await counsellor.post(`/cases/${kase.id}/letters/preview`, lbcForm({ currency }));
      expect(preview.statusCode, currency).toBe(422);
      expect(textOf(preview.body), currency).toContain('Choose a currency from the list.');
      const generated = await counsellor.post(`/cases/${kase.id}/letters/generate`, lbcForm({ currency }));
      expect(generated.statusCode, currency).toBe(422);
      expect(textOf(generated.body), currency).toContain('Choose a currency from the list.');
      // The amounts are kept as typed, not marked wrong: they cannot be read without a currency.
      expect(generated.body).toContain('value="1,953.60"');
      expect(textOf(generated.body)).not.toContain('Enter an amount such as');
    }
    expect(docsOf(kase.id)).toHaveLength(0);
  });

  it('rejects an amount that is not one, keeping the form as typed', async () => {
    const { kase } = wageCase();
    await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, lbcForm({ itemAmount: ['12.345', 'lots', ''], responseDeadline: '2026-02-30' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Line 1: Enter an amount such as 1250.00.');
    expect(text).toContain('Line 2: Enter an amount such as 1250.00.');
    expect(text).toContain('Enter a real date, e.g. 2026-03-24.');
    expect(res.body).toContain('value="lots"');
    expect(res.body).toMatch(/value="lots"[^>]*aria-invalid="true"/);
    expect(docsOf(kase.id)).toHaveLength(0);
  });

  it('survives <, &, emoji and right-to-left text: stored, escaped on the page, and in the PDF', async () => {
    const { kase } = wageCase({ personName: 'فاطمة الزهراء', employerName: 'Acme <Cleaning> & Sons' });
    const res = await generate(
      counsellor,
      kase.id,
      lbcForm({
        personName: 'فاطمة الزهراء',
        employerName: 'Acme <Cleaning> & Sons',
        // pdf.js, which the test reads the PDF with, drops < and > from a line it reorders for right-to-left text
        // (pdftotext and the rendered page show them): the right-to-left words are a paragraph of their own here.
        facts: 'She said: "I worked 😀 7 days & nights <every week>".\n\nHer manager wrote "مرحبا" on the rota.',
      }),
    );
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    // The bidi layout prints an Arabic name as written: no warning, nothing for the counsellor to fix.
    expect(doc!.warnings).not.toContain('rtl-name');
    const list = await counsellor.get(`/cases/${kase.id}/letters?generated=${doc!.id}`);
    expect(textOf(list.body)).not.toContain('Right-to-left name');
    const pdf = flat(await pdfText((await counsellor.get(`/cases/${kase.id}/documents/${doc!.id}/download`)).rawPayload));
    expect(pdf).toContain('Acme <Cleaning> & Sons');
    expect(pdf).toContain('7 days & nights <every week>');

    // With a Latin spelling an English letter uses it (how the employer knows the worker).
    await generate(counsellor, kase.id, lbcForm({ personName: 'فاطمة الزهراء', personLatin: 'Fatima Al-Zahraa', employerName: 'Acme <Cleaning> & Sons' }));
    const v2 = docsOf(kase.id)[1]!;
    expect(v2.warnings).not.toContain('rtl-name');
    expect(flat(await pdfText(v2.pdf))).toContain('wages owed to Fatima Al-Zahraa');
  });
});

describe('access', () => {
  it('answers 404 to a counsellor of another contact point, to an administrator and to a coordinator, and stores nothing', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const [doc] = docsOf(kase.id);
    for (const email of ['counsellor2@demo.test', 'supervisor2@demo.test', 'admin@demo.test', 'coordinator@demo.test']) {
      const other = await signIn(t.app, email);
      expect((await other.get(`/cases/${kase.id}/letters`)).statusCode, email).toBe(404);
      expect((await other.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`)).statusCode, email).toBe(404);
      expect((await other.get(`/cases/${kase.id}/documents/${doc!.id}/download`)).statusCode, email).toBe(404);
      expect((await other.post(`/cases/${kase.id}/letters/preview`, lbcForm())).statusCode, email).toBe(404);
      expect((await other.post(`/cases/${kase.id}/letters/generate`, lbcForm())).statusCode, email).toBe(404);
    }
    expect(docsOf(kase.id)).toHaveLength(1);
    expect(auditOf('export')).toHaveLength(0);
    expect(auditOf('letter')).toHaveLength(1);
  });

  it('lets the supervisor of the contact point list and download, and sends a signed-out visitor to sign in', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const [doc] = docsOf(kase.id);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect((await supervisor.get(`/cases/${kase.id}/letters`)).statusCode).toBe(200);
    expect((await supervisor.get(`/cases/${kase.id}/documents/${doc!.id}/download`)).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: `/cases/${kase.id}/documents/${doc!.id}/download` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login');
  });
});

describe('the other letters', () => {
  it('makes a complaint to an inspectorate that withholds the worker’s name by default', async () => {
    const { kase } = wageCase();
    const form = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(form.body).toMatch(/name="withholdName" checked/);
    expect(form.body).toContain('value="Wage theft / unpaid wages"');
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, {
      kind: 'inspectorate_complaint',
      personName: 'Łukasz Nowak',
      withholdName: 'on',
      recipientPartnerId: String(partnerNamed('Gangmasters and Labour Abuse Authority (GLAA)').id),
      employerName: 'Bright Star Hospitality Ltd',
      employerAddress: 'Unit 4, 17 Harbour Street\nLondon E14 9XY',
      workersAffected: '14',
      workerAuthorisedOn: '2026-03-02',
      currency: 'GBP',
      breachTitle: ['Wages not paid', ''],
      breachDates: ['2 to 27 February 2026', ''],
      breachDetails: ['', ''],
      breachEvidence: ['Rota messages\nBank statements', ''],
      breachAmount: ['1953.60', ''],
      requests: ['inspection', 'recovery'],
      counsellorName: 'Amira Haddad',
    });
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain('PRIVATE AND CONFIDENTIAL');
    expect(pdf).toContain('Complaint about Bright Star Hospitality Ltd');
    // Addressed from the directory: its name, its contact and its address, as the record holds them.
    expect(pdf).toContain('Gangmasters and Labour Abuse Authority (GLAA) For the attention of Intelligence team 4 Demo Street Nottingham NG1 0AA');
    expect(pdf).toContain('Name withheld for the worker’s protection');
    expect(pdf).not.toContain('Łukasz');
    expect(pdf).toContain('1. Wages not paid');
    expect(pdf).toContain('Evidence Rota messages Bank statements');
    expect(pdf).toContain('Amount owed £1,953.60');
    expect(pdf).toContain('Workers affected 14');
    expect(pdf).toContain('recover the wages and other sums owed;');
    expect(pdf).not.toContain('impose the sanctions');
    expect(JSON.stringify(doc!.snapshot)).not.toContain('legalBasis');
  });

  it('asks for at least one request of the inspectorate', async () => {
    const { kase } = wageCase();
    await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, { kind: 'inspectorate_complaint', personName: 'X' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Choose at least one thing to ask for.');
  });

  it('makes a US request for a statement of interest that does not name the worker', async () => {
    const chi = await signIn(t.app, 'counsellor2@demo.test');
    const person = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Nguyễn Văn Thành' });
    const kase = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, personId: person.id, jurisdictionCountry: 'US', jurisdictionRegion: 'IL' });
    const form = await chi.get(`/cases/${kase.id}/letters/new?kind=statement_of_interest`);
    expect(textOf(form.body)).toContain('stopped taking new requests in 2025');
    const res = await chi.post(`/cases/${kase.id}/letters/generate`, {
      kind: 'statement_of_interest',
      recipientPartnerId: String(partnerNamed('U.S. Department of Labor – Wage and Hour Division, Chicago District Office').id),
      employerName: 'Prairie Poultry Processing LLC',
      worksiteAddress: '800 Industrial Drive\nCicero, IL 60804',
      agencyMatter: 'WHD-1987654',
      dispute: 'Unpaid overtime on the deboning line since January 2025.',
      period: 'two years',
      counsellorName: 'Luis Ortega',
      enclosures: 'Letter from the Wage and Hour Division',
    });
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain('matter WHD-1987654');
    expect(pdf).toContain('U.S. Department of Labor – Wage and Hour Division, Chicago District Office');
    expect(pdf).toContain('13 Demo Plaza Chicago, IL 60604');
    expect(pdf).toContain('for a period of two years');
    expect(pdf).toContain('Attachments');
    expect(pdf).toMatch(/Date November \d+, 2026/);
    expect(pdf).not.toContain('Nguyễn');
  });

  it('makes the worker’s summary with the case’s open steps, dates and urgent help', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const form = await counsellor.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(form.body).toContain('value="We wrote to your employer asking them to pay what they owe you."');
    expect(form.body).toContain('Modern Slavery and Exploitation Helpline: 08000 121 700');
    // Asked first, never pre-ticked: whether the worker can safely keep the paper.
    expect(textOf(form.body)).toContain('Is it safe for the worker to keep this paper?');
    expect(form.body).toMatch(/<input type="checkbox" name="safeToKeep" required>/);
    const summaryForm = {
      kind: 'worker_summary',
      personName: 'Łukasz Nowak',
      summary: 'Your employer did not pay you for four weeks.',
      doneDate: ['2026-03-02', ''],
      doneText: ['We opened your case.', ''],
      nextAction: ['Wait for the employer’s answer', ''],
      nextWho: ['your counsellor', ''],
      nextBy: ['2026-03-24', ''],
      deadlineTitle: ['Start early conciliation with Acas', ''],
      deadlineDue: ['2026-05-26', ''],
      deadlineIfMissed: ['The claim may be out of time.', ''],
      urgentHelp: 'Emergency: 999',
      counsellorName: 'Amira Haddad',
    };
    const unasked = await counsellor.post(`/cases/${kase.id}/letters/generate`, summaryForm);
    expect(unasked.statusCode).toBe(422);
    expect(textOf(unasked.body)).toContain('Ask the worker first whether it is safe to keep this paper, then tick the box.');
    expect(unasked.body).toContain('value="We opened your case."');
    expect(docsOf(kase.id).some((x) => x.kind === 'worker_summary')).toBe(false);
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, { ...summaryForm, safeToKeep: 'on' });
    expect(res.statusCode).toBe(303);
    const doc = docsOf(kase.id).find((x) => x.kind === 'worker_summary')!;
    const pdf = flat((await pdfPages(doc.pdf)).join('\n'));
    expect(pdf).toContain(`Summary of your case ${kase.reference}`);
    expect(pdf).toContain('2 March 2026: We opened your case.');
    expect(pdf).toContain('Wait for the employer’s answer (who: your counsellor, by 24 March 2026)');
    expect(pdf).toContain('26 May 2026 Start early conciliation with Acas If this date is missed: The claim may be out of time.');
    expect(pdf).toContain('Emergency: 999');
    expect(pdf).not.toContain('SECRET');
  });
});

describe('the case page’s documents card', () => {
  it('is served as an htmx fragment with the latest document and the letters to make', async () => {
    const { kase } = wageCase();
    await generate(counsellor, kase.id, lbcForm());
    const res = await counsellor.get(`/cases/${kase.id}/letters`, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('id="case-documents"');
    expect(textOf(res.body)).toContain('1 document. Latest: Letter before claim, Version 1');
    expect(res.body).toContain(`/cases/${kase.id}/letters/new?kind=worker_summary`);
  });
});
