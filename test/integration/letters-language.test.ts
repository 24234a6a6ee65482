import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { documents } from '../../src/documents/documents.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { ruleTextIn } from '../../src/deadlines/rule-text.js';
import { RULES } from '../../src/deadlines/rules.data.js';
import { users } from '../../src/users/users.table.js';
import { insertParty, linkPartyToCase } from '../../src/parties/parties.repo.js';
import { de } from '../../src/letters/strings/de.js';
import { fr } from '../../src/letters/strings/fr.js';
import { ro } from '../../src/letters/strings/ro.js';
import { translationReviews } from '../../src/letters/translation-reviews.table.js';
import { letterWording } from '../../src/letters/letter-strings.js';
import { createTestApp, signIn, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { flat, pdfInfo, pdfText } from '../helpers/pdf-text.js';

/**
 * Issue 14, item 4: each letter in its reader's language. The language is chosen first (with a default per kind),
 * the pre-filled texts come in it, what exists only in English is said so, a language without strings is refused,
 * and a translation no native speaker approved is marked on the form, in the PDF and in the stored document.
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

const docsOf = (caseId: number) => t.db.select().from(documents).where(eq(documents.caseId, caseId)).orderBy(documents.id).all();
const reviews = () => t.db.select().from(translationReviews).all();
const auditOf = (targetType: string) => t.db.select().from(auditLog).all().filter((a) => a.targetType === targetType);
/** The option the language select has selected. */
const selectedLanguage = (html: string) => /<select id="f-language"[\s\S]*?<option value="([a-z]+)"[^>]* selected>/.exec(html)?.[1];
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? `{${k}}`);

/** A case at the London desk, in a jurisdiction of the test's choice, with an employer. */
function caseIn(country: string, over: { languages?: string[]; preferredLanguage?: string } = {}) {
  const person = makePerson(t.db, {
    contactPointId: d.ldn.id,
    recordedBy: d.counsellor.id,
    name: 'Łukasz Nowak',
    ...(over.languages ? { languages: over.languages } : {}),
    ...(over.preferredLanguage !== undefined ? { preferredLanguage: over.preferredLanguage } : {}),
  });
  const kase = makeCase(t.db, {
    contactPointId: d.ldn.id,
    createdBy: d.counsellor.id,
    personId: person.id,
    caseTypes: ['wage_theft'],
    jurisdictionCountry: country,
    employmentStart: '2025-09-01',
    employmentEnd: '2026-02-27',
    amountClaimedMinor: 347112,
    currency: country === 'GB' ? 'GBP' : 'EUR',
    summary: 'He was not paid for his last four weeks.',
  });
  const employer = t.db.transaction((tx) =>
    insertParty(tx, { name: 'Bright Star Hôtellerie SARL', kind: 'employer', address: '12 rue des Docks\n13002 Marseille', sector: 'hospitality', createdAt: t.clock.now(), createdBy: d.counsellor.id }),
  );
  t.db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));
  return kase;
}

function complaint(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: 'inspectorate_complaint',
    personName: 'Łukasz Nowak',
    withholdName: 'on',
    recipientName: 'Inspection du travail des Bouches-du-Rhône',
    recipientAddress: '55 boulevard Périer\n13008 Marseille',
    employerName: 'Bright Star Hôtellerie SARL',
    employerAddress: '12 rue des Docks\n13002 Marseille',
    workerAuthorisedOn: '2026-03-02',
    currency: 'EUR',
    breachTitle: ['Salaires non versés'],
    breachDates: ['février 2026'],
    breachDetails: [''],
    breachEvidence: [''],
    breachAmount: ['1953.60'],
    requests: ['inspection', 'recovery', 'sanctions'],
    counsellorName: 'Amira Haddad',
    ...over,
  };
}

/** A UK letter before claim in German, as the counsellor completes it after the pre-fill (the English statute texts kept). */
async function germanUkLetter(over: Record<string, string | string[]> = {}) {
  const kase = caseIn('GB');
  const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=letter_before_claim&language=de`);
  const value = (name: string) => {
    const match = new RegExp(`<textarea id="f-${name}" name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(page.body);
    return (match?.[1] ?? '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  };
  const form = {
    kind: 'letter_before_claim',
    language: 'de',
    personName: 'Łukasz Nowak',
    // The case's one employer, chosen already on the form.
    employerPartyId: /name="employerPartyId" id="[^"]+" value="(\d+)"[^>]* checked/.exec(page.body)?.[1] ?? '',
    jurisdiction: 'England and Wales',
    jobTitle: 'Küchenhilfe',
    workplace: 'The Harbour Hotel, London E14',
    employmentStart: '2025-09-01',
    payAgreed: '12,21 £ pro Stunde',
    currency: 'GBP',
    itemDescription: ['Unbezahlte Stunden'],
    itemAmount: ['1953.60'],
    legalBasis: value('legalBasis'),
    escalation: value('escalation'),
    paymentInstructions: value('paymentInstructions'),
    workerAuthorisedOn: '2026-03-02',
    responseDeadline: '2026-03-24',
    counsellorName: 'Amira Haddad',
    ...over,
  };
  const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, form);
  return { kase, page, res, form };
}

describe('the language of a letter', () => {
  it('a complaint to a French inspectorate defaults to French: the form, the PDF and the stored document', async () => {
    const kase = caseIn('FR');
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(page.statusCode).toBe(200);
    expect(selectedLanguage(page.body)).toBe('fr');
    // Not reviewed: the counsellor reads it by the select, in the UI's language (English for this counsellor).
    expect(textOf(page.body)).toContain('No native speaker at the desk has approved the French wording yet.');

    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'fr' }));
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(doc).toMatchObject({ language: 'fr', translation: { reviewedBy: null, reviewedOn: null, englishParts: [] } });
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain(fr.common.privateAndConfidential);
    expect(pdf).toContain('Plainte contre Bright Star Hôtellerie SARL');
    expect(pdf).toContain(fr.inspectorateComplaint.requestInspection);
    expect(pdf).toContain(fill(fr.common.notReviewed, { language: 'français' }));
    expect(pdf).not.toContain('Complaint about');
    // Dated in French.
    expect(pdf).toMatch(/24 novembre 2026/);
    expect((await pdfInfo(doc!.pdf)).Language).toBe('fr');

    const list = textOf((await counsellor.get(`/cases/${kase.id}/letters`)).body);
    expect(list).toContain('French');
    expect(list).toContain('Translation not reviewed');
  });

  it('a counsellor may write a UK letter in German: the English statute texts are listed as English parts', async () => {
    const { page, res, kase, form } = await germanUkLetter();
    // The form pre-fills in German what exists in German, and says which parts are English, and why.
    expect(selectedLanguage(page.body)).toBe('de');
    expect(page.body).toContain(de.letterBeforeClaim.paymentDefault);
    const notice = textOf(/<div class="notice notice--warn" role="note" data-english-parts>[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '');
    expect(notice).toContain('These parts are pre-filled in English, not in German');
    expect(notice).toContain('The legal basis');
    expect(notice).toContain('What happens if the sum is not paid');
    expect(notice).toContain('The name of the jurisdiction');
    expect(form.legalBasis).toContain('section 13 of the Employment Rights Act 1996');

    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(doc!.language).toBe('de');
    expect(doc!.translation).toEqual({
      reviewedBy: null,
      reviewedOn: null,
      englishParts: ['legal-basis:not-translated', 'escalation:not-translated', 'jurisdiction:not-translated'],
    });
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain(fill(de.letterBeforeClaim.subject, { worker: 'Łukasz Nowak' }));
    const parts = new Intl.ListFormat('de', { type: 'conjunction' }).format([de.common.partLegalBasis, de.common.partEscalation, de.common.partJurisdiction]);
    expect(pdf).toContain(fill(de.common.englishParts, { parts }));
    expect(pdf).toContain(fill(de.common.notReviewed, { language: 'Deutsch' }));
    expect(pdf).toContain('section 13 of the Employment Rights Act 1996');
    expect(pdf).toContain(fill(de.letterBeforeClaim.paymentDefault, { worker: 'Łukasz Nowak' }));
    expect(pdf).not.toContain('Letter before claim');
  });

  it('a part the counsellor translated is no longer listed as English', async () => {
    const { res, kase } = await germanUkLetter({
      legalBasis: 'Fälliger, nicht gezahlter Lohn ist ein unzulässiger Abzug nach section 13 des Employment Rights Act 1996.',
      escalation: 'Andernfalls helfen wir {worker}, Klage beim Employment Tribunal (Arbeitsgericht) zu erheben.',
      jurisdiction: 'England und Wales',
    });
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(doc!.translation).toEqual({ reviewedBy: null, reviewedOn: null, englishParts: [] });
    expect(flat(await pdfText(doc!.pdf))).not.toContain(de.common.englishParts.split(':')[0]!);
  });

  it('the worker summary defaults to the person’s language, and offers their languages first', async () => {
    const kase = caseIn('GB', { languages: ['fr', 'ar'] });
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(selectedLanguage(page.body)).toBe('fr');
    const options = [...page.body.matchAll(/<option value="([a-z]+)"/g)].map((m) => m[1]);
    expect(options[0]).toBe('fr');
    expect(page.body).toMatch(/<option value="fr" selected>French \(Français\) · the worker’s language<\/option>/);
    // Urgent help in French, with the UK's numbers.
    expect(page.body).toContain(fill(fr.urgentHelp.emergencyServices, { number: '999' }));
    expect(page.body).toContain(fill(fr.urgentHelp.samaritans, { number: '116 123' }));
  });

  it('a worker-only language (Romanian) writes the worker summary, pre-filled in Romanian, and says which parts are not', async () => {
    const kase = caseIn('GB', { languages: ['ro', 'en'] });
    const wages = RULES.find((r) => r.id === 'uk-et-wages')!.title;
    const now = t.clock.now();
    t.db.insert(deadlines).values({ caseId: kase.id, title: wages, dueDate: '2026-07-30', source: 'rule', ruleId: 'uk-et-wages', ruleVersion: 1, reminderLeadDays: 7, createdAt: now, updatedAt: now }).run();
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(selectedLanguage(page.body)).toBe('ro');
    expect(page.body).toContain(fill(ro.urgentHelp.emergencyServices, { number: '999' }));
    // The lines pre-filled from the case are the letter's own Romanian words, dates in Romanian.
    expect(page.body).toContain(ro.workerSummary.caseOpened);
    expect(page.body).toContain(`value="${ro.common.amountClaimed}"`);
    const romanian = (iso: string) => new Intl.DateTimeFormat('ro-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${iso}T00:00:00Z`));
    expect(page.body).toContain(`${romanian('2025-09-01')} – ${romanian('2026-02-27')}`);
    expect(page.body).not.toContain('We met, listened to what happened');
    // The rule's title has no Romanian: the English counsellor is told it is English, not left to find out.
    const notice = textOf(page.body);
    expect(notice).toContain('The names of the deadlines (Important dates)');
    expect(page.body).toContain(`value="${wages}"`);
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, {
      kind: 'worker_summary',
      language: 'ro',
      safeToKeep: 'on',
      personName: 'Łukasz Nowak',
      summary: 'Angajatorul nu v-a plătit patru săptămâni.',
      deadlineTitle: wages,
      deadlineDue: '2026-07-30',
      urgentHelp: fill(ro.urgentHelp.emergencyServices, { number: '999' }),
      counsellorName: 'Amira Haddad',
    });
    expect(res.statusCode).toBe(303);
    const [doc] = docsOf(kase.id);
    expect(doc!.language).toBe('ro');
    expect(doc!.translation?.englishParts).toEqual(['deadline-titles:not-translated']);
    const pdf = flat(await pdfText(doc!.pdf));
    expect(pdf).toContain(fill(ro.workerSummary.subject, { reference: kase.reference }));
    expect(pdf).toContain(fill(ro.workerSummary.salutation, { name: 'Łukasz Nowak' }));
    expect(pdf).toContain(ro.workerSummary.urgentHeading);
    expect(pdf).toContain(fill(ro.common.englishParts, { parts: ro.common.partDeadlineTitles }));
    // The other letters do not exist in Romanian: not offered, and refused.
    const complaintPage = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(complaintPage.body).not.toContain('<option value="ro"');
    expect((await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'ro' }))).statusCode).toBe(422);
    expect(docsOf(kase.id)).toHaveLength(1);
  });

  it('a French counsellor’s Romanian summary: the deadlines come in French, and the form says so', async () => {
    t.db.update(users).set({ locale: 'fr' }).where(eq(users.id, d.counsellor.id)).run();
    const french = await signIn(t.app, 'counsellor@demo.test');
    const kase = caseIn('GB', { languages: ['ro'] });
    const wages = RULES.find((r) => r.id === 'uk-et-wages')!.title;
    const now = t.clock.now();
    t.db.insert(deadlines).values({ caseId: kase.id, title: wages, dueDate: '2026-07-30', source: 'rule', ruleId: 'uk-et-wages', ruleVersion: 1, reminderLeadDays: 7, createdAt: now, updatedAt: now }).run();
    const page = await french.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(selectedLanguage(page.body)).toBe('ro');
    expect(page.body).toContain(`value="${ruleTextIn(wages, 'fr')}"`);
    expect(ruleTextIn(wages, 'fr')).not.toBe(wages);
    expect(textOf(page.body)).toContain('Les intitulés des échéances sous « Dates importantes » sont en français, pas en roumain');
    expect(textOf(page.body)).not.toContain('The names of the deadlines');
  });

  it('a worker whose language has no letter strings: the form says so and opens in a language that has them', async () => {
    const kase = caseIn('GB', { languages: ['ti'], preferredLanguage: 'ti' });
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=worker_summary`);
    expect(page.statusCode).toBe(200);
    expect(selectedLanguage(page.body)).toBe('en');
    expect(textOf(page.body)).toContain('This letter would normally be written in Tigrinya, but there is no text of it in that language yet, so the form opens in English.');
  });

  it('a language without strings is refused with a clear 422, and nothing is generated', async () => {
    const kase = caseIn('FR');
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint&language=ti`);
    expect(page.statusCode).toBe(422);
    expect(textOf(page.body)).toContain('There is no Tigrinya text of this letter yet, so nothing was made.');

    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'ti', recipientName: 'Typed by hand' }));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('There is no Tigrinya text of this letter yet, so nothing was made.');
    // What was typed is kept, and the refused language stays chosen (no English in its place on the next submit).
    expect(res.body).toContain('value="Typed by hand"');
    expect(selectedLanguage(res.body)).toBe('ti');
    const preview = await counsellor.post(`/cases/${kase.id}/letters/preview`, complaint({ language: 'ti' }));
    expect(preview.statusCode).toBe(422);
    expect(textOf(preview.body)).toContain('There is no Tigrinya text of this letter yet');
    expect(docsOf(kase.id)).toEqual([]);
  });
});

describe('what the counsellor reads about a letter, in the UI’s language', () => {
  it('a French-speaking counsellor reads the missing facts and the language notices in French, whatever the letter’s language', async () => {
    expect((await counsellor.post('/account/language', { locale: 'fr' })).statusCode).toBe(303);
    const kase = caseIn('DE');
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(selectedLanguage(page.body)).toBe('de');
    const text = textOf(page.body);
    expect(text).toContain('Aucun·e locuteur·rice natif·ve du point de contact n’a encore validé la version en allemand.');
    expect(text).toContain('Langue du courrier');
    const res = await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'de', employerAddress: '', recipientName: '' }));
    expect(res.statusCode).toBe(422);
    const missing = textOf(res.body);
    expect(missing).toContain('Nom du destinataire');
    expect(missing).toContain('Adresse de l’employeur');
    expect(missing).not.toContain('Employer’s address');
    expect(docsOf(kase.id)).toEqual([]);
  });
});

describe('translation reviews', () => {
  const reviewForm = (over: Record<string, string> = {}) => ({ reviewerName: 'Camille Martin (Marseille desk)', reviewedOn: '2026-11-20', note: 'Read every letter.', version: '0', ...over });

  it('an administrator records a review: no more mark; a changed wording is marked again; a withdrawn review too', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const index = textOf((await admin.get('/admin/translations')).body);
    // 7 UI languages and 9 of workers, each with its state (ICU names Tagalog, tl, "Filipino").
    for (const name of ['French', 'Spanish', 'Italian', 'German', 'Dutch', 'Portuguese', 'Arabic', 'Romanian', 'Polish', 'Ukrainian', 'Russian', 'Turkish', 'Filipino', 'Nepali', 'Bangla', 'Urdu'])
      expect(index).toContain(name);
    expect((await admin.get('/admin/translations')).body).toMatch(/id="language-fr"[\s\S]*?data-review="none"/);
    expect((await admin.get('/')).body).toContain('href="/admin/translations"');

    const saved = await admin.post('/admin/translations/fr', reviewForm());
    expect(saved.statusCode).toBe(303);
    expect(reviews()).toEqual([expect.objectContaining({ language: 'fr', reviewerName: 'Camille Martin (Marseille desk)', reviewedOn: '2026-11-20', wording: letterWording('fr'), setBy: d.admin.id, version: 1 })]);
    expect(textOf((await admin.get('/admin/translations')).body)).toContain('Reviewed by Camille Martin (Marseille desk) on 20 November 2026');

    // The letter form and the letter carry no mark; the document names the reviewer.
    const kase = caseIn('FR');
    const page = await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`);
    expect(page.body).not.toContain('data-not-reviewed');
    await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'fr' }));
    const [doc] = docsOf(kase.id);
    expect(doc!.translation).toEqual({ reviewedBy: 'Camille Martin (Marseille desk)', reviewedOn: '2026-11-20', englishParts: [] });
    expect(flat(await pdfText(doc!.pdf))).not.toContain('n’a pas encore été relu');
    expect(textOf((await counsellor.get(`/cases/${kase.id}/letters`)).body)).not.toContain('Translation not reviewed');

    // The French wording changes after the approval (as a translator's later commit would): marked again.
    t.db.update(translationReviews).set({ wording: 'f'.repeat(64) }).where(eq(translationReviews.language, 'fr')).run();
    expect(textOf((await admin.get('/admin/translations')).body)).toContain('Camille Martin (Marseille desk) reviewed an earlier wording on 20 November 2026');
    expect((await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`)).body).toContain('data-not-reviewed');
    await counsellor.post(`/cases/${kase.id}/letters/generate`, complaint({ language: 'fr' }));
    expect(docsOf(kase.id)[1]!.translation).toMatchObject({ reviewedBy: null });

    // Approved again, then withdrawn: not reviewed.
    expect((await admin.post('/admin/translations/fr', reviewForm({ version: '1', reviewedOn: '2026-11-23' }))).statusCode).toBe(303);
    expect(reviews()[0]).toMatchObject({ version: 2, wording: letterWording('fr') });
    const withdrawn = await admin.post('/admin/translations/fr/withdraw', { version: '2' });
    expect(withdrawn.statusCode).toBe(303);
    expect(reviews()).toEqual([]);
    expect(textOf((await admin.get('/admin/translations/fr?notice=withdrawn')).body)).toContain('The review is withdrawn');
    expect((await counsellor.get(`/cases/${kase.id}/letters/new?kind=inspectorate_complaint`)).body).toContain('data-not-reviewed');

    expect(auditOf('translation_review').map((a) => [a.action, a.targetId, a.userId])).toEqual([
      ['create', 'fr', d.admin.id],
      ['update', 'fr', d.admin.id],
      ['remove', 'fr', d.admin.id],
    ]);
  });

  it('bad input is a 422 with each field’s message and what was typed, nothing saved', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const res = await admin.post('/admin/translations/fr', reviewForm({ reviewerName: '  ', reviewedOn: '2026-02-30', note: 'Une note gardée' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Fill this in.');
    expect(text).toContain('Enter a real date (YYYY-MM-DD).');
    expect(res.body).toContain('Une note gardée</textarea>');
    expect(reviews()).toEqual([]);
    expect((await admin.get('/admin/translations/xx')).statusCode).toBe(404);
    expect((await admin.post('/admin/translations/en', reviewForm())).statusCode).toBe(404);
  });

  it('a stale form is a 409 that keeps what was typed and saves nothing', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    // Two administrators open the page with no review (version 0); the other saves first.
    await admin.post('/admin/translations/fr', reviewForm({ reviewerName: 'Someone else' }));
    const res = await admin.post('/admin/translations/fr', reviewForm({ reviewerName: 'Typed by me' }));
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('Someone changed this review while you had it open');
    expect(res.body).toContain('value="Typed by me"');
    expect(res.body).toContain('name="version" value="1"');
    expect(reviews()).toEqual([expect.objectContaining({ reviewerName: 'Someone else', version: 1 })]);
    // A withdrawal from a stale page is refused too.
    expect((await admin.post('/admin/translations/fr/withdraw', { version: '7' })).statusCode).toBe(409);
    expect(reviews()).toHaveLength(1);
  });

  it('is for administrators only: others are refused (403) and nothing changes', async () => {
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    for (const agent of [counsellor, supervisor]) {
      expect((await agent.get('/admin/translations')).statusCode).toBe(403);
      expect((await agent.post('/admin/translations/fr', reviewForm())).statusCode).toBe(403);
      expect((await agent.get('/')).body).not.toContain('href="/admin/translations"');
    }
    expect(reviews()).toEqual([]);
  });
});
