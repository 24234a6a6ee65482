import type { Actor } from '../auth/policy.js';
import type { CaseType } from '../cases/catalogue.js';
import { caseTypesOf } from '../cases/cases.repo.js';
import type { Case } from '../cases/cases.table.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { ContactPoint } from '../contact-points/contact-points.table.js';
import type { DbOrTx } from '../db/client.js';
import { listDocumentsOfCase } from '../documents/documents.repo.js';
import { isSupportedLocale, translator, type Translator } from '../i18n/index.js';
import { currentConsent, findPerson } from '../people/people.repo.js';
import { isUntranslatedTitle, ruleTextIn, ruleTextsIn } from '../deadlines/rule-text.js';
import type { Person } from '../people/people.table.js';
import { notFound } from '../shared/errors.js';
import { findUser } from '../users/users.repo.js';
import { jurisdictionTemplate, paperSizeFor, urgentHelpLines, type JurisdictionTemplate } from './jurisdictions.js';
import { englishPartCode, type EnglishPart } from './letter-content.js';
import { fill, formatDate, isValidLocale } from './letter-format.js';
import { personLanguages } from './letter-language.js';
import type { LetterKind, LetterSnapshot, PartySnapshot, TranslationSnapshot } from './letter-snapshot.js';
import { DEFAULT_LETTER_LANGUAGE, ENGLISH, letterStringsFor, primaryLanguage, type LetterStrings } from './letter-strings.js';
import { amountForInput, type FormKind, type LetterInput } from './letters.schema.js';
import { openDeadlinesForLetter, partiesForLetter, type LetterParty } from './letters.repo.js';
import { containsRtl } from './rtl.js';

/**
 * From a case to a letter: the facts the case already holds (read once, here), the form they pre-fill,
 * and the snapshot made from what the counsellor finally submits. Only what a letter may print is read:
 * no note, no immigration situation, no safety flag.
 */

export interface LetterCaseFacts {
  kase: Case;
  contactPoint: ContactPoint;
  person: (Pick<Person, 'id' | 'name' | 'alias' | 'preferredLanguage'> & { languages: string[] }) | null;
  consentGivenOn: string | null;
  caseTypes: CaseType[];
  parties: LetterParty[];
  employer: LetterParty | undefined;
  agency: LetterParty | undefined;
  openDeadlines: { title: string; dueDate: string }[];
  /** Letters already made for the case: the worker's summary says what was done. */
  documents: { kind: string; createdAt: number }[];
  author: { name: string; role: Actor['role'] };
}

export function loadLetterFacts(db: DbOrTx, kase: Case, actor: Actor): LetterCaseFacts {
  const contactPoint = findContactPoint(db, kase.contactPointId);
  if (!contactPoint) throw notFound();
  const person = kase.personId ? findPerson(db, kase.personId) : undefined;
  const parties = partiesForLetter(db, kase.id);
  const user = findUser(db, actor.id);
  return {
    kase,
    contactPoint,
    person: person ? { id: person.id, name: person.name, alias: person.alias, preferredLanguage: person.preferredLanguage, languages: personLanguages(person) } : null,
    consentGivenOn: person ? (currentConsent(db, person.id)?.givenOn ?? null) : null,
    caseTypes: caseTypesOf(db, kase.id),
    parties,
    employer: parties.find((p) => p.role === 'employer'),
    agency: parties.find((p) => p.role === 'recruitment_agency' || p.role === 'labour_provider'),
    openDeadlines: openDeadlinesForLetter(db, kase.id),
    documents: listDocumentsOfCase(db, kase.id).map((d) => ({ kind: d.kind, createdAt: d.createdAt })),
    author: { name: user?.displayName ?? '', role: actor.role },
  };
}

// ---- small conversions

/** One address line per line; a one-line address is split at its commas ("Unit 4, 17 Harbour Street, London"). */
export function addressLines(address: string | null | undefined): string[] {
  const text = (address ?? '').trim();
  if (!text) return [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length > 1) return lines;
  // A US state or Canadian province with its postal code stays on the city's line: "Chicago, IL 60604".
  return text
    .split(/\s*,\s*/)
    .filter(Boolean)
    .reduce<string[]>((out, part) => {
      if (out.length > 0 && STATE_AND_CODE.test(part)) out[out.length - 1] += `, ${part}`;
      else out.push(part);
      return out;
    }, []);
}

const STATE_AND_CODE = /^[A-Z]{2} (?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$/;

const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const paragraphs = (text: string): string[] => text.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim()).filter(Boolean);
const opt = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** The calendar day at the contact point, as YYYY-MM-DD. */
export function localDate(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(at));
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DEFAULT_CURRENCY: Record<string, string> = { GB: 'GBP', US: 'USD', AU: 'AUD', CA: 'CAD', PL: 'PLN', RO: 'RON' };
const EURO = new Set('AT BE HR CY EE FI FR DE GR IE IT LV LT LU MT NL PT SK SI ES'.split(' '));

function currencyFor(kase: Case): string {
  if (kase.currency) return kase.currency;
  const country = kase.jurisdictionCountry.toUpperCase();
  return DEFAULT_CURRENCY[country] ?? (EURO.has(country) ? 'EUR' : '');
}

/** Dates and amounts in the letter's language as written in the contact point's country: "en-GB", "fr-FR", "de-GB". */
export function letterLocale(country: string, language: string = DEFAULT_LETTER_LANGUAGE): string {
  const locale = `${language}-${country.toUpperCase()}`;
  return isValidLocale(locale) ? locale : isValidLocale(language) ? language : DEFAULT_LETTER_LANGUAGE;
}

/**
 * The UI translator in the letter's language, for the words the form pre-fills from the case (case types, "Case
 * opened", the counsellor's role) that the letter prints. A worker-only language (Romanian …) has no UI catalogue:
 * those few pre-filled words then come in the counsellor's language, and the form says so.
 */
function wordsIn(language: string, facts: LetterCaseFacts, tr: Translator): Translator {
  return isSupportedLocale(language) ? translator(language, facts.contactPoint.country, facts.contactPoint.timezone) : tr;
}

/**
 * A deadline's title for a letter in `language`: the rule's title translated when the rule texts have that language,
 * else in the counsellor's language `uiLang` (a worker-only language: Romanian, Nepali… has no rule texts).
 */
export function deadlineTitleIn(title: string, language: string, uiLang: string): string {
  return ruleTextsIn(language).has(title) ? ruleTextIn(title, language) : ruleTextIn(title, uiLang);
}

/** The parts of a letter the form pre-fills in English whatever the letter's language, because they exist only in English. */
export function prefilledEnglishParts(kind: LetterKind, place: JurisdictionTemplate, language: string, deadlineTitles: readonly string[] = []): EnglishPart[] {
  if (primaryLanguage(language) === DEFAULT_LETTER_LANGUAGE) return [];
  // A worker summary in a worker-only language, made by a counsellor who reads English: the rules' titles.
  if (kind === 'worker_summary') return deadlineTitles.some((t) => isUntranslatedTitle(t, language)) ? ['deadline-titles'] : [];
  if (kind !== 'letter_before_claim') return [];
  const parts: EnglishPart[] = [];
  if (place.legalBasis.length > 0) parts.push('legal-basis');
  if (place.escalation) parts.push('escalation');
  if (place.nameIsEnglish) parts.push('jurisdiction');
  return parts;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Which English texts of the jurisdiction the submitted form still holds (the counsellor may have translated them). */
function englishPartsKept(input: LetterInput, place: JurisdictionTemplate, worker: string): EnglishPart[] {
  if (input.kind === 'worker_summary') return input.deadlines.some((d) => isUntranslatedTitle(d.title.trim(), input.language)) ? ['deadline-titles'] : [];
  if (input.kind !== 'letter_before_claim') return [];
  const parts: EnglishPart[] = [];
  const legalBasis = squash(input.legalBasis);
  if (place.legalBasis.some((p) => legalBasis.includes(squash(p)))) parts.push('legal-basis');
  const escalation = squash(input.escalation);
  if (place.escalation && [place.escalation, place.escalation.replaceAll('{worker}', worker)].some((e) => escalation.includes(squash(e)))) parts.push('escalation');
  if (place.nameIsEnglish && squash(input.jurisdiction) === squash(place.name)) parts.push('jurisdiction');
  return parts;
}

/** The name the worker wants used: their name, else the alias they chose. */
export function workerName(person: LetterCaseFacts['person']): string {
  return person?.name?.trim() || person?.alias?.trim() || '';
}

/** The name the letter prints: a right-to-left name gives way to its Latin transliteration (as composeLetter does). */
function printedName(name: string, latin: string): string {
  return containsRtl(name) && latin.trim() && !containsRtl(latin) ? latin.trim() : name.trim();
}

// ---- the form, pre-filled

type Row = Record<string, string>;

/** Dates in the letter's language (`dates`: a translator in it, or the letter's own Intl locale). */
type LetterDates = (iso: string, style?: 'medium' | 'long') => string;

function amountRows(facts: LetterCaseFacts, strings: LetterStrings, date: LetterDates): Row[] {
  const { kase } = facts;
  const currency = currencyFor(kase);
  if (kase.amountClaimedMinor === null || !currency) return [];
  const period =
    kase.employmentStart && kase.employmentEnd
      ? `${date(kase.employmentStart)} – ${date(kase.employmentEnd)}`
      : kase.employmentStart
        ? fill(strings.common.employmentSince, { start: date(kase.employmentStart) })
        : '';
  return [{ period, description: strings.common.amountClaimed, amount: amountForInput(kase.amountClaimedMinor, currency) }];
}

function employmentWords(facts: LetterCaseFacts, strings: LetterStrings, date: LetterDates): string {
  const { employmentStart: start, employmentEnd: end } = facts.kase;
  if (start && end) return `${date(start, 'long')} – ${date(end, 'long')}`;
  if (start) return fill(strings.common.employmentSince, { start: date(start, 'long') });
  return '';
}

const partySector = (party: LetterParty | undefined, tr: Translator) => (party?.sector ? tr.t(`cases.sectors.${party.sector}`) : '');

/** The letter form as it first appears: every fact the case holds, ready to be checked and completed. */
export function prefillLetterForm(kind: FormKind, facts: LetterCaseFacts, ui: Translator, now: number, language: string = DEFAULT_LETTER_LANGUAGE): Record<string, unknown> {
  const { kase, employer, agency } = facts;
  const place = jurisdictionTemplate(kase.jurisdictionCountry, kase.jurisdictionRegion, language);
  // The route lets only a language with the kind's strings through.
  const strings = letterStringsFor(language, kind) ?? ENGLISH;
  const tr = wordsIn(language, facts, ui);
  const locale = letterLocale(facts.contactPoint.country, language);
  const date: LetterDates = (iso, style = 'medium') =>
    style === 'long' ? formatDate(iso, locale) : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${iso}T00:00:00Z`));
  const today = localDate(facts.contactPoint.timezone, now);
  const common = {
    kind,
    language,
    personName: workerName(facts.person),
    personLatin: '',
    yourReference: '',
    counsellorName: facts.author.name,
    // A worker-only language has the letter's own word for the role, not the UI's roles.
    counsellorRole: isSupportedLocale(language) ? tr.t(`roles.${facts.author.role}`) : strings.common.counsellorRole,
    counsellorEmail: '',
    counsellorPhone: '',
    enclosures: '',
    currency: currencyFor(kase),
    items: amountRows(facts, strings, date),
  };
  const employerFields = {
    employerName: employer?.name ?? '',
    employerAttention: '',
    employerSalutation: '',
    employerAddress: addressLines(employer?.address).join('\n'),
    employerSector: partySector(employer, tr) || (kase.sector ? tr.t(`cases.sectors.${kase.sector}`) : ''),
    employerRegistration: employer?.registrationNumber ?? '',
  };
  switch (kind) {
    case 'letter_before_claim':
      return {
        ...common,
        ...employerFields,
        jurisdiction: place.name,
        jobTitle: '',
        workplace: '',
        employmentStart: kase.employmentStart ?? '',
        employmentEnd: kase.employmentEnd ?? '',
        payAgreed: '',
        payReceived: '',
        legalBasis: place.legalBasis.join('\n\n'),
        facts: '',
        workerAuthorisedOn: facts.consentGivenOn ?? '',
        // "Typically 14 days" (shared/domain/letters.md).
        responseDeadline: addDays(today, 14),
        paymentInstructions: fill(strings.letterBeforeClaim.paymentDefault, { worker: '{worker}' }),
        escalation: place.escalation ?? fill(strings.letterBeforeClaim.consequenceDefault, { worker: '{worker}' }),
      };
    case 'inspectorate_complaint':
      return {
        ...common,
        ...employerFields,
        recipientName: '',
        recipientAttention: '',
        recipientSalutation: '',
        recipientAddress: '',
        agencyName: agency?.name ?? '',
        agencyAddress: addressLines(agency?.address).join('\n'),
        agencySector: partySector(agency, tr),
        agencyRegistration: agency?.registrationNumber ?? '',
        workersAffected: '',
        // Safer by default: the inspectorate gets the name on request, under confidentiality.
        withholdName: true,
        requests: ['inspection', 'recovery', 'sanctions'],
        breaches: facts.caseTypes
          .filter((type) => type !== 'information_only')
          .map((type) => ({ title: tr.t(`cases.caseTypes.${type}`), dates: employmentWords(facts, strings, date), details: '', evidence: '', amount: '' })),
        workerAuthorisedOn: facts.consentGivenOn ?? '',
      };
    case 'statement_of_interest':
      return {
        ...common,
        recipientName: '',
        recipientAttention: '',
        recipientSalutation: '',
        recipientAddress: '',
        employerName: employer?.name ?? '',
        agencyMatter: '',
        worksiteAddress: addressLines(employer?.address).join('\n'),
        dispute: kase.summary,
        period: '',
        workersCovered: strings.statementOfInterest.workersCoveredDefault,
      };
    case 'worker_summary':
      return {
        ...common,
        summary: kase.summary,
        done: [
          { date: localDate(facts.contactPoint.timezone, kase.openedAt), text: strings.workerSummary.caseOpened },
          // The first letter of each kind: later versions of it are corrections, not more steps.
          ...[...facts.documents]
            .sort((a, b) => a.createdAt - b.createdAt)
            .filter((d, i, all) => d.kind !== 'worker_summary' && all.findIndex((e) => e.kind === d.kind) === i)
            .map((d) => ({ date: localDate(facts.contactPoint.timezone, d.createdAt), text: (strings.workerSummary.sent as Record<string, string | undefined>)[d.kind] ?? '' }))
            .filter((row) => row.text),
        ],
        next: [],
        // A rule's title in the letter's language where the rule texts have it, else in the counsellor's (the form says so).
        deadlines: facts.openDeadlines.map((d) => ({ title: deadlineTitleIn(d.title, language, ui.lang), due: d.dueDate, ifMissed: '' })),
        urgentHelp: urgentHelpLines(place.urgentHelp, strings.urgentHelp).join('\n'),
      };
  }
}

// ---- the snapshot, from what was submitted

function party(name: string, address: string, extra: Partial<PartySnapshot> = {}): PartySnapshot | undefined {
  if (!name.trim() && !address.trim()) return undefined;
  return { name: name.trim(), addressLines: lines(address), ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) };
}

/**
 * The facts of the letter: the case's own (reference, contact point, date) from the database, and
 * everything the counsellor could edit from the form. Nothing else is read, so nothing else can leak.
 */
export function snapshotFromForm(
  input: LetterInput,
  facts: LetterCaseFacts,
  now: number,
  review: Omit<TranslationSnapshot, 'englishParts'> | null = null,
  /** The records the recipient was chosen from (letter-recipients.ts); their name and address are in `input`. */
  chosen: { partyId?: number; partnerId?: number } = {},
): LetterSnapshot {
  const cp = facts.contactPoint;
  const worker = printedName(input.personName, input.personLatin);
  const language = primaryLanguage(input.language) || DEFAULT_LETTER_LANGUAGE;
  const place = jurisdictionTemplate(facts.kase.jurisdictionCountry, facts.kase.jurisdictionRegion, language);
  const translation: TranslationSnapshot | null =
    language === DEFAULT_LETTER_LANGUAGE
      ? null
      : { reviewedBy: review?.reviewedBy ?? null, reviewedOn: review?.reviewedOn ?? null, englishParts: englishPartsKept(input, place, worker || input.personName).map(englishPartCode) };
  const withWorker = (text: string) => opt(text.replaceAll('{worker}', worker || input.personName));
  const amounts = input.currency || input.items.length ? { currency: input.currency, items: input.items.map((i) => ({ period: opt(i.period), description: i.description, amountMinor: i.amountMinor })) } : undefined;
  const recipient = input.recipientName || input.recipientAddress
    ? { ...(chosen.partnerId ? { partnerId: chosen.partnerId } : {}), name: input.recipientName, attention: opt(input.recipientAttention), salutationName: opt(input.recipientSalutation), addressLines: lines(input.recipientAddress) }
    : undefined;

  const snapshot: LetterSnapshot = {
    generatedAt: new Date(now).toISOString(),
    language,
    translation,
    paper: paperSizeFor(facts.kase.jurisdictionCountry),
    contactPoint: {
      name: cp.name,
      union: cp.unionName,
      country: cp.country,
      city: cp.city,
      addressLines: addressLines(cp.address),
      email: opt(cp.email),
      phone: opt(cp.phone),
      locale: letterLocale(cp.country, language),
      timezone: cp.timezone,
    },
    counsellor: { name: input.counsellorName, role: opt(input.counsellorRole), email: opt(input.counsellorEmail), phone: opt(input.counsellorPhone) },
    caseReference: facts.kase.reference,
    person: { displayName: input.personName, latinTransliteration: opt(input.personLatin), preferredLanguage: facts.person?.preferredLanguage },
    yourReference: opt(input.yourReference),
    enclosures: lines(input.enclosures),
  };

  const employer = party(input.employerName, input.employerAddress, {
    partyId: chosen.partyId,
    attention: opt(input.employerAttention),
    salutationName: opt(input.employerSalutation),
    sector: opt(input.employerSector),
    registrationNumber: opt(input.employerRegistration),
  });
  const kind: LetterKind = input.kind;
  switch (input.kind) {
    case 'letter_before_claim':
      return {
        ...snapshot,
        employer,
        jurisdiction: opt(input.jurisdiction),
        employment: {
          jobTitle: opt(input.jobTitle),
          workplace: opt(input.workplace),
          start: opt(input.employmentStart),
          end: opt(input.employmentEnd),
          payAgreed: opt(input.payAgreed),
          payReceived: opt(input.payReceived),
        },
        amounts,
        legalBasis: paragraphs(input.legalBasis),
        facts: paragraphs(input.facts),
        workerAuthorisedOn: opt(input.workerAuthorisedOn),
        responseDeadline: opt(input.responseDeadline),
        paymentInstructions: withWorker(input.paymentInstructions),
        escalation: withWorker(input.escalation),
      };
    case 'inspectorate_complaint':
      return {
        ...snapshot,
        recipient,
        employer,
        agency: party(input.agencyName, input.agencyAddress, { sector: opt(input.agencySector), registrationNumber: opt(input.agencyRegistration) }),
        amounts,
        workerAuthorisedOn: opt(input.workerAuthorisedOn),
        complaint: {
          breaches: input.breaches.map((b) => ({ title: b.title, dates: b.dates, details: opt(b.details), evidence: lines(b.evidence), amountMinor: b.amountMinor })),
          workersAffected: input.workersAffected ? Number(input.workersAffected) : undefined,
          withholdWorkerName: input.withholdName,
          requests: input.requests,
        },
      };
    case 'statement_of_interest':
      return {
        ...snapshot,
        recipient,
        employer: party(input.employerName, ''),
        statementOfInterest: {
          agencyMatter: input.agencyMatter,
          worksiteAddress: lines(input.worksiteAddress),
          dispute: paragraphs(input.dispute),
          period: input.period,
          workersCovered: opt(input.workersCovered),
        },
      };
    case 'worker_summary':
      return {
        ...snapshot,
        summary: opt(input.summary),
        amounts,
        deadlines: input.deadlines.map((d) => ({ title: d.title, due: d.due, ifMissed: opt(d.ifMissed) })),
        progress: {
          done: input.done.map((d) => ({ date: opt(d.date), text: d.text })),
          nextSteps: input.next.map((n) => ({ action: n.action, who: n.who, by: opt(n.by) })),
        },
        urgentHelp: lines(input.urgentHelp),
      };
    default:
      throw new Error(`Not a form letter: ${String(kind)}`);
  }
}

// ---- where a missing fact is filled in

export type FillPlace = {
  /** The id of the form field (or table) in the letter form. */
  anchor?: string;
  /** A page of the case where the fact is kept for good. */
  href?: string;
  /** Translation key of the link text (or of a sentence, when there is no link). */
  hrefKey?: string;
};

type Source = 'person' | 'case' | 'employer' | 'agency' | 'contactPoint';

const PLACES: [RegExp, string | undefined, Source | undefined][] = [
  [/^person\./, 'personName', 'person'],
  [/^counsellor\.name$/, 'counsellorName', undefined],
  [/^counsellor\./, 'counsellorEmail', undefined],
  [/^contactPoint\./, undefined, 'contactPoint'],
  [/^employer\.name$/, 'employerName', 'employer'],
  [/^employer\./, 'employerAddress', 'employer'],
  [/^agency\.name$/, 'agencyName', 'agency'],
  [/^agency\./, 'agencyAddress', 'agency'],
  [/^employment\.start$/, 'employmentStart', 'case'],
  [/^employment\.end$/, 'employmentEnd', 'case'],
  [/^employment\.jobTitle$/, 'jobTitle', undefined],
  [/^employment\.workplace$/, 'workplace', undefined],
  [/^employment\.payAgreed$/, 'payAgreed', undefined],
  [/^amounts\.currency$/, 'currency', 'case'],
  [/^amounts/, 'items', 'case'],
  [/^legalBasis$/, 'legalBasis', undefined],
  [/^responseDeadline$/, 'responseDeadline', undefined],
  [/^workerAuthorisedOn$/, 'workerAuthorisedOn', undefined],
  [/^recipient\.name$/, 'recipientName', undefined],
  [/^recipient\./, 'recipientAddress', undefined],
  [/^complaint\.breaches/, 'breaches', undefined],
  [/^statementOfInterest\.agencyMatter$/, 'agencyMatter', undefined],
  [/^statementOfInterest\.worksiteAddress$/, 'worksiteAddress', 'employer'],
  [/^statementOfInterest\.dispute$/, 'dispute', undefined],
  [/^statementOfInterest\.period$/, 'period', undefined],
  [/^summary$/, 'summary', 'case'],
  [/^urgentHelp$/, 'urgentHelp', undefined],
  [/^deadlines/, 'deadlines', undefined],
  [/^progress\.done/, 'done', undefined],
  [/^progress\.nextSteps/, 'next', undefined],
];

/** Where the counsellor fills in a missing fact: the field of this form, and the page of the case that keeps it. */
export function whereToFill(field: string, facts: LetterCaseFacts): FillPlace {
  const match = PLACES.find(([pattern]) => pattern.test(field));
  if (!match) return {};
  const [, anchor, source] = match;
  const caseId = facts.kase.id;
  const partyPage = (p: LetterParty | undefined) => (p ? `/parties/${p.id}/edit` : `/cases/${caseId}/parties/new`);
  switch (source) {
    case 'person':
      return facts.person ? { anchor, href: `/people/${facts.person.id}/edit`, hrefKey: 'letters.missing.onPerson' } : { anchor };
    case 'case':
      return { anchor, href: `/cases/${caseId}/edit`, hrefKey: 'letters.missing.onCase' };
    case 'employer':
      return { anchor, href: partyPage(facts.employer), hrefKey: facts.employer ? 'letters.missing.onParty' : 'letters.missing.onParties' };
    case 'agency':
      return { anchor, href: partyPage(facts.agency), hrefKey: facts.agency ? 'letters.missing.onParty' : 'letters.missing.onParties' };
    case 'contactPoint':
      return { hrefKey: 'letters.missing.askAdmin' };
    default:
      return { anchor };
  }
}
