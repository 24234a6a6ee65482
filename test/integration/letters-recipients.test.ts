import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documents } from '../../src/documents/documents.table.js';
import type { LetterSnapshot } from '../../src/letters/letter-snapshot.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { insertPartner, updatePartnerRow } from '../../src/partners/partners.repo.js';
import { partners, type Partner } from '../../src/partners/partners.table.js';
import type { PartyKind } from '../../src/cases/catalogue.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfText } from '../helpers/pdf-text.js';

/**
 * Issue 16 item 6: a letter's recipient is chosen from the case's parties or the partner directory, filtered to the
 * case's jurisdiction, and printed from the record; the letter kinds and the paper follow the jurisdiction.
 */

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

const partnerNamed = (name: string) => t.db.select().from(partners).where(eq(partners.name, name)).get()!;
const GLAA = 'Gangmasters and Labour Abuse Authority (GLAA)';
const EASI = 'Employment Agency Standards Inspectorate';
const WHD = 'U.S. Department of Labor – Wage and Hour Division, Chicago District Office';
const snapshotOf = (doc: { snapshot: unknown }) => doc.snapshot as LetterSnapshot;
const docsOf = (caseId: number) => t.db.select().from(documents).where(eq(documents.caseId, caseId)).orderBy(documents.id).all();

function party(caseId: number, name: string, role: PartyKind, extra: { address?: string | null; country?: string | null } = {}) {
  const row = t.db.transaction((tx) =>
    insertParty(tx, { name, kind: role, address: extra.address === undefined ? `1 ${name} Road\nLondon E1 1AA` : extra.address, country: extra.country ?? null, createdAt: t.clock.now(), createdBy: d.counsellor.id }),
  );
  t.db.transaction((tx) => linkPartyToCase(tx, caseId, row.id, role));
  return row;
}

function londonCase(over: { jurisdictionCountry?: string } = {}) {
  const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Łukasz Nowak' });
  return makeCase(t.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    caseTypes: ['wage_theft'],
    amountClaimedMinor: 195360,
    currency: over.jurisdictionCountry && over.jurisdictionCountry !== 'GB' ? 'EUR' : 'GBP',
    employmentStart: '2025-09-01',
    ...over,
  });
}

function chicagoCase(over: { jurisdictionCountry?: string } = {}) {
  const person = makePerson(t.db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Nguyễn Văn Thành' });
  return makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, personId: person.id, jurisdictionCountry: 'US', jurisdictionRegion: 'IL', caseTypes: ['wage_theft'], amountClaimedMinor: 120000, currency: 'USD', ...over });
}

/** The radio options of the recipient choice on a letter form: the records' names, in order. */
function offered(html: string, field: 'employerPartyId' | 'recipientPartnerId'): string[] {
  const names: string[] = [];
  const pattern = new RegExp(`<input type="radio" name="${field}"[^>]*>\\s*<label[^>]*>\\s*<strong dir="auto">([^<]+)</strong>`, 'g');
  for (const match of html.matchAll(pattern)) names.push(match[1]!.replaceAll('&amp;', '&'));
  return names;
}

function complaintForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: 'inspectorate_complaint',
    personName: 'Łukasz Nowak',
    withholdName: 'on',
    employerName: 'Bright Star Hospitality Ltd',
    employerAddress: 'Unit 4, 17 Harbour Street\nLondon E14 9XY',
    workerAuthorisedOn: '2026-03-02',
    currency: 'GBP',
    breachTitle: ['Wages not paid'],
    breachDates: ['February 2026'],
    requests: ['inspection', 'recovery'],
    counsellorName: 'Amira Haddad',
    ...over,
  };
}

function claimForm(employerPartyId: number | string, over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: 'letter_before_claim',
    personName: 'Łukasz Nowak',
    employerPartyId: String(employerPartyId),
    jobTitle: 'kitchen porter',
    workplace: 'The Harbour Hotel',
    employmentStart: '2025-09-01',
    payAgreed: '£12.21 an hour',
    currency: 'GBP',
    itemDescription: ['Unpaid hours'],
    itemAmount: ['1953.60'],
    legalBasis: 'Section 13 of the Employment Rights Act 1996.',
    workerAuthorisedOn: '2026-03-02',
    responseDeadline: '2026-12-08',
    counsellorName: 'Amira Haddad',
    ...over,
  };
}

function soiForm(recipientPartnerId: number, over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: 'statement_of_interest',
    recipientPartnerId: String(recipientPartnerId),
    employerName: 'Prairie Poultry Processing LLC',
    worksiteAddress: '800 Industrial Drive\nCicero, IL 60804',
    agencyMatter: 'WHD-1987654',
    dispute: 'Unpaid overtime on the deboning line.',
    period: 'two years',
    counsellorName: 'Luis Ortega',
    ...over,
  };
}

/** The MediaBoxes of a PDF's pages, each once, as pdfkit writes them into the page objects (which it never compresses). */
function mediaBoxes(pdf: Uint8Array): string[] {
  return [...new Set([...Buffer.from(pdf).toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim()))];
}

describe('the recipients a letter form offers', () => {
  it('offers a UK complaint only the directory’s labour inspectorates in the UK, with their addresses, and nothing to type', async () => {
    const kase = londonCase();
    const res = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(res.statusCode).toBe(200);
    expect(offered(res.body, 'recipientPartnerId')).toEqual([EASI, GLAA]);
    const text = textOf(res.body);
    expect(text).toContain(`${GLAA} · Nottingham 4 Demo Street Nottingham NG1 0AA`);
    expect(text).toContain('Labour inspectorates and enforcement bodies in the partner directory for United Kingdom');
    // Neither a US inspectorate nor a partner of another kind, and no typed recipient.
    expect(text).not.toContain('Illinois Department of Labor');
    expect(text).not.toContain('JCWI');
    expect(res.body).not.toContain('name="recipientName"');
    expect(res.body).not.toContain('name="recipientAddress"');
    // Two fit: the counsellor chooses; none is chosen for them.
    expect(res.body).not.toMatch(/name="recipientPartnerId"[^>]* checked/);
  });

  it('offers a US complaint the US inspectorates, and leaves out an inactive one', async () => {
    const osha = partnerNamed('OSHA – Chicago North Area Office');
    t.db.transaction((tx) => updatePartnerRow(tx, osha.id, { ...partnerInput(osha), active: false }, d.admin.id, t.clock.now()));
    const chi = await signIn(t.app, 'counsellor2@demo.test');
    const kase = chicagoCase();
    const res = await chi.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(offered(res.body, 'recipientPartnerId')).toEqual(['Illinois Department of Labor', WHD]);
    const soi = await chi.get(`/cases/${kase.id}/letters/new?kind=statement_of_interest`);
    expect(offered(soi.body, 'recipientPartnerId')).toEqual(['Illinois Department of Labor', WHD]);
    expect(textOf(soi.body)).toContain('Send to: a labour agency from the partner directory');
  });

  it('offers a letter before claim the case’s employer, labour provider and agency of its country — not a landlord, not a party abroad', async () => {
    const kase = londonCase();
    const agency = party(kase.id, 'Quick Staff Recruitment', 'recruitment_agency', { country: 'GB' });
    party(kase.id, 'Harbour Lettings', 'landlord');
    party(kase.id, 'Manila Placement Inc', 'recruitment_agency', { country: 'PH' });
    const employer = party(kase.id, 'Bright Star Hospitality Ltd', 'employer', { address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY' });
    const res = await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    expect(offered(res.body, 'employerPartyId')).toEqual(['Bright Star Hospitality Ltd', 'Quick Staff Recruitment']);
    const text = textOf(res.body);
    expect(text).toContain('Bright Star Hospitality Ltd · Employer Unit 4, 17 Harbour Street London E14 9XY');
    expect(text).toContain('Quick Staff Recruitment · Recruitment agency');
    expect(res.body).toContain(`value="${employer.id}"`);
    expect(res.body).toContain(`value="${agency.id}"`);
    expect(res.body).not.toContain('name="employerName"');
  });

  it('says plainly that a party has no registered address, and links to where it is added', async () => {
    const kase = londonCase();
    const employer = party(kase.id, 'No Address Cleaning Ltd', 'employer', { address: null });
    const res = await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim`);
    const text = textOf(res.body);
    expect(text).toContain('No Address Cleaning Ltd · Employer No registered address on record: the letter cannot be sent to this party yet.');
    expect(res.body).toContain(`<a href="/parties/${employer.id}/edit">Add the registered address of No Address Cleaning Ltd</a>`);
  });

  it('falls back to a typed “other recipient” only when the directory has no inspectorate of the case’s country', async () => {
    const kase = londonCase({ jurisdictionCountry: 'IE' });
    const form = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(textOf(form.body)).toContain('The partner directory has no labour inspectorate with a postal address in Ireland.');
    expect(textOf(form.body)).toContain('Other recipient');
    expect(form.body).toContain('name="recipientName"');
    expect(offered(form.body, 'recipientPartnerId')).toEqual([]);
    const res = await counsellor.post(
      `/cases/${kase.id}/letters/generate`,
      complaintForm({ currency: 'EUR', recipientName: 'Workplace Relations Commission', recipientAddress: 'O’Brien Road\nCarlow R93 E920' }),
    );
    expect(res.statusCode).toBe(303);
    expect(flat(await pdfText(docsOf(kase.id)[0]!.pdf))).toContain('Workplace Relations Commission O’Brien Road Carlow R93 E920');
  });

  it('offers the statement of interest on a US case only', async () => {
    const uk = londonCase();
    const list = await counsellor.get(`/cases/${uk.id}/letters`);
    expect(list.body).not.toContain('kind=statement_of_interest');
    expect(list.body).toContain('kind=inspectorate_complaint');
    expect((await counsellor.get(`/cases/${uk.id}/letters/new?kind=statement_of_interest`)).statusCode).toBe(404);
    const chi = await signIn(t.app, 'counsellor2@demo.test');
    const us = chicagoCase();
    expect((await chi.get(`/cases/${us.id}/letters`)).body).toContain('kind=statement_of_interest');
  });
});

/** A partner's row as its edit form would post it. */
const partnerInput = (p: Partner) => ({
  name: p.name,
  kind: p.kind,
  country: p.country,
  city: p.city,
  languages: p.languages,
  services: p.services,
  contactName: p.contactName,
  email: p.email,
  phone: p.phone,
  address: p.address,
  notes: p.notes,
  active: p.active,
});

describe('the recipient block, from the record', () => {
  it('prints the chosen inspectorate’s name, contact and address; what was typed for them is ignored; the stored letter keeps them after the partner changes', async () => {
    const kase = londonCase();
    const easi = partnerNamed(EASI);
    const res = await counsellor.post(
      `/cases/${kase.id}/letters/generate`,
      complaintForm({ recipientPartnerId: String(easi.id), recipientName: 'Typed Name', recipientAddress: '1 Typed Street' }),
    );
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    const snapshot = snapshotOf(doc!);
    expect(snapshot.recipient).toEqual({ partnerId: easi.id, name: EASI, addressLines: ['5 Demo Street', 'London SW1H 0AA'] });
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain(`${EASI} 5 Demo Street London SW1H 0AA`);
    expect(pdf).not.toContain('Typed');

    // The directory moves the inspectorate: the stored letter is unchanged, the next one has the new address.
    t.db.transaction((tx) => updatePartnerRow(tx, easi.id, { ...partnerInput(easi), address: '9 New Road\nLeeds LS1 4AP', contactName: 'Complaints team' }, d.admin.id, t.clock.now()));
    const stored = await counsellor.get(`/cases/${kase.id}/documents/${doc!.id}/download`);
    expect(flat(await pdfText(stored.rawPayload))).toContain('5 Demo Street London SW1H 0AA');
    expect(snapshotOf(docsOf(kase.id)[0]!).recipient!.addressLines).toEqual(['5 Demo Street', 'London SW1H 0AA']);
    await counsellor.post(`/cases/${kase.id}/letters/generate`, complaintForm({ recipientPartnerId: String(easi.id) }));
    const v2 = docsOf(kase.id)[1]!;
    expect(flat(await pdfText(v2.pdf))).toContain(`${EASI} For the attention of Complaints team 9 New Road Leeds LS1 4AP`);
  });

  it('addresses a letter before claim to the chosen party at its registered address, keeping the party’s id', async () => {
    const kase = londonCase();
    party(kase.id, 'Bright Star Hospitality Ltd', 'employer', { address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY' });
    const provider = party(kase.id, 'Northgate Labour Ltd', 'labour_provider', { address: '22 Dock Road, Tilbury RM18 7AA' });
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, claimForm(provider.id, { employerName: 'Typed Ltd', employerAddress: 'Nowhere' }));
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(snapshotOf(doc!).employer).toMatchObject({ partyId: provider.id, name: 'Northgate Labour Ltd', addressLines: ['22 Dock Road', 'Tilbury RM18 7AA'] });
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain('Northgate Labour Ltd 22 Dock Road Tilbury RM18 7AA');
    expect(pdf).not.toContain('Typed Ltd');
  });
});

describe('a forged or missing choice', () => {
  it('refuses an inspectorate of another country, an inactive one, a non-id and no choice at all (422, what was typed kept, nothing stored)', async () => {
    const kase = londonCase();
    const whd = partnerNamed(WHD);
    const jcwi = t.db.select().from(partners).where(eq(partners.kind, 'immigration_advice')).get()!;
    const closed = t.db.transaction((tx) =>
      insertPartner(tx, { ...partnerInput(partnerNamed(GLAA)), name: 'Closed Inspectorate', active: false }, d.admin.id, t.clock.now()),
    );
    for (const id of [String(whd.id), String(jcwi.id), String(closed.id), '0x2e', '999999']) {
      const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, complaintForm({ recipientPartnerId: id, breachDetails: ['Kept as typed'] }));
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('<p class="error" id="f-recipientPartnerId-error">Choose a recipient from the list: that one is not offered for this case.</p>');
      expect(res.body).toContain('Kept as typed');
    }
    const none = await counsellor.post(`/cases/${kase.id}/letters/generate`, complaintForm());
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<p class="error" id="f-recipientPartnerId-error">Choose the inspectorate the letter goes to.</p>');
    const preview = await counsellor.post(`/cases/${kase.id}/letters/preview`, complaintForm({ recipientPartnerId: String(whd.id) }));
    expect(preview.statusCode).toBe(422);
    expect(textOf(preview.body)).toContain('Choose a recipient from the list: that one is not offered for this case.');
    expect(docsOf(kase.id)).toHaveLength(0);
  });

  it('refuses a party of another case for a letter before claim', async () => {
    const kase = londonCase();
    party(kase.id, 'Bright Star Hospitality Ltd', 'employer');
    const other = londonCase();
    const stranger = party(other.id, 'Someone Else Ltd', 'employer');
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, claimForm(stranger.id));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="error" id="f-employerPartyId-error">Choose a recipient from the list: that one is not offered for this case.</p>');
    expect(res.body).toContain('value="kitchen porter"');
    const none = await counsellor.post(`/cases/${kase.id}/letters/generate`, claimForm(''));
    expect(none.body).toContain('<p class="error" id="f-employerPartyId-error">Choose who the letter goes to.</p>');
    expect(docsOf(kase.id)).toHaveLength(0);
    expect(docsOf(other.id)).toHaveLength(0);
  });

  it('refuses a statement of interest posted on a UK case with a clear message, making nothing', async () => {
    const kase = londonCase();
    const whd = partnerNamed(WHD);
    for (const action of ['generate', 'preview']) {
      const res = await counsellor.post(`/cases/${kase.id}/letters/${action}`, soiForm(whd.id));
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('This letter does not exist in the case’s jurisdiction, so nothing was made.');
    }
    expect(docsOf(kase.id)).toHaveLength(0);
  });
});

describe('the paper follows the jurisdiction', () => {
  it('is A4 on a UK case and US Letter on a US or Canadian case, in the PDF’s MediaBox and the stored snapshot', async () => {
    const uk = londonCase();
    await counsellor.post(`/cases/${uk.id}/letters/generate`, complaintForm({ recipientPartnerId: String(partnerNamed(GLAA).id) }));
    const [ukDoc] = docsOf(uk.id);
    expect(mediaBoxes(ukDoc!.pdf)).toEqual(['0 0 595.28 841.89']);
    expect(snapshotOf(ukDoc!).paper).toBe('A4');

    const chi = await signIn(t.app, 'counsellor2@demo.test');
    const us = chicagoCase();
    expect((await chi.post(`/cases/${us.id}/letters/generate`, soiForm(partnerNamed(WHD).id))).statusCode).toBe(303);
    const [usDoc] = docsOf(us.id);
    expect(mediaBoxes(usDoc!.pdf)).toEqual(['0 0 612 792']);
    expect(snapshotOf(usDoc!).paper).toBe('LETTER');
    // The preview is on the same paper as the letter.
    const preview = await chi.post(`/cases/${us.id}/letters/preview`, soiForm(partnerNamed(WHD).id));
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(mediaBoxes(preview.rawPayload)).toEqual(['0 0 612 792']);

    const ca = londonCase({ jurisdictionCountry: 'CA' });
    const res = await counsellor.post(
      `/cases/${ca.id}/letters/generate`,
      complaintForm({ currency: 'CAD', recipientName: 'Ontario Ministry of Labour', recipientAddress: '400 University Ave\nToronto ON M7A 1T7' }),
    );
    expect(res.statusCode).toBe(303);
    expect(mediaBoxes(docsOf(ca.id)[0]!.pdf)).toEqual(['0 0 612 792']);
  });
});
