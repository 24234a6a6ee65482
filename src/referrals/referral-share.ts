import type { SafetyFlag } from '../cases/catalogue.js';
import { formatDate, formatMoney, isIsoDate } from '../letters/letter-format.js';
import {
  minimiseSnapshot,
  REFERRAL_FIELDS,
  type AmountItem,
  type ContactPointSnapshot,
  type CounsellorSnapshot,
  type LetterSnapshot,
  type PersonSnapshot,
  type RecipientSnapshot,
  type ReferralField,
} from '../letters/letter-snapshot.js';

/**
 * What a referral may share, field by field, and the snapshot a referral letter is made from. Pure: the service
 * reads the database into `ShareFacts`; everything the partner will see is derived from it here, so that one
 * function decides it for the letter and for the page that shows the counsellor what the partner receives.
 */

/** Fields about the person: never shared from an anonymous case, which has no person to ask for consent. */
export const PERSON_FIELDS: readonly ReferralField[] = [
  'name',
  'preferredLanguage',
  'interpreterNeeded',
  'contact',
  'nationality',
  'gender',
  'dateOfBirth',
  'immigrationSituation',
  'visa',
  'unionMembership',
];
export const CASE_FIELDS: readonly ReferralField[] = REFERRAL_FIELDS.filter((f) => !PERSON_FIELDS.includes(f));

/** Details that can cost an undocumented worker their job or their stay if they travel further than needed. */
export const SENSITIVE_FIELDS: readonly ReferralField[] = ['immigrationSituation', 'visa', 'nationality', 'dateOfBirth', 'gender'];

/**
 * The firewall between labour inspection and immigration enforcement: what an inspectorate is never sent unless the
 * counsellor, warned, says so (an inspectorate may pass immigration details on to enforcement, and a worker who fears
 * that does not complain). Partner kinds on the enforcement side of it: the labour inspectorate.
 */
export const FIREWALL_FIELDS: readonly ReferralField[] = ['immigrationSituation', 'visa', 'nationality'];
const ENFORCEMENT_KINDS: readonly string[] = ['labour_inspectorate'];

/** The firewall fields among those chosen, when the partner is on the enforcement side; empty otherwise. */
export function firewallFieldsFor(partnerKind: string, fields: readonly ReferralField[]): ReferralField[] {
  return ENFORCEMENT_KINDS.includes(partnerKind) ? fields.filter((f) => FIREWALL_FIELDS.includes(f)) : [];
}

/** Safety flags that mean the worker's phone must not be handed on by default. */
const PHONE_FLAGS: readonly SafetyFlag[] = ['do_not_call', 'do_not_text', 'employer_controls_phone'];

/** The facts of a case a referral could share, already in words ('' when not recorded). */
export type ShareFacts = {
  person: {
    displayName: string;
    preferredLanguage: string;
    preferredLanguageName: string;
    interpreterNeeded: boolean;
    contact: string;
    nationality: string;
    gender: string;
    /** YYYY-MM-DD, YYYY, or ''. */
    dateOfBirth: string;
    /** '' when unknown or not asked. */
    immigrationSituation: string;
    visaType: string;
    visaExpiry: string;
    unionMembership: string;
    safetyFlags: readonly SafetyFlag[];
  } | null;
  caseTypes: string[];
  sector: string;
  summary: string;
  employer: { name: string; addressLines: string[] } | null;
  employment: { start: string; end?: string } | null;
  amounts: { currency: string; items: AmountItem[] } | null;
  deadlines: { title: string; due: string }[];
};

export type Availability = { available: true } | { available: false; why: 'anonymous' | 'notRecorded' };

function recorded(facts: ShareFacts, field: ReferralField): boolean {
  const p = facts.person;
  switch (field) {
    case 'name':
      return !!p?.displayName.trim();
    case 'preferredLanguage':
      return !!p?.preferredLanguageName.trim();
    case 'interpreterNeeded':
      return p !== null;
    case 'contact':
      return !!p?.contact.trim();
    case 'nationality':
      return !!p?.nationality.trim();
    case 'gender':
      return !!p?.gender.trim();
    case 'dateOfBirth':
      return !!p && (/^\d{4}$/.test(p.dateOfBirth) || isIsoDate(p.dateOfBirth));
    case 'immigrationSituation':
      return !!p?.immigrationSituation.trim();
    case 'visa':
      return !!p?.visaType.trim() && (p.visaExpiry === '' || isIsoDate(p.visaExpiry));
    case 'unionMembership':
      return !!p?.unionMembership.trim();
    case 'caseTypes':
      return facts.caseTypes.length > 0;
    case 'sector':
      return !!facts.sector.trim();
    case 'caseSummary':
      return !!facts.summary.trim();
    case 'employer':
      return !!facts.employer?.name.trim();
    case 'employment':
      return !!facts.employment && isIsoDate(facts.employment.start) && (facts.employment.end === undefined || isIsoDate(facts.employment.end));
    case 'amountsOwed':
      return !!facts.amounts && facts.amounts.items.length > 0;
    case 'openDeadlines':
      return facts.deadlines.length > 0;
  }
}

/** Which fields can be chosen: a field with nothing recorded would print an empty line (and the letter refuses it). */
export function fieldAvailability(facts: ShareFacts): Record<ReferralField, Availability> {
  return Object.fromEntries(
    REFERRAL_FIELDS.map((f): [ReferralField, Availability] => {
      if (facts.person === null && PERSON_FIELDS.includes(f)) return [f, { available: false, why: 'anonymous' }];
      return [f, recorded(facts, f) ? { available: true } : { available: false, why: 'notRecorded' }];
    }),
  ) as Record<ReferralField, Availability>;
}

/** The chosen fields that cannot be shared, with why (an anonymous case, or nothing recorded). */
export function unshareable(facts: ShareFacts, fields: readonly ReferralField[]): { field: ReferralField; why: 'anonymous' | 'notRecorded' }[] {
  const availability = fieldAvailability(facts);
  return fields.flatMap((field) => {
    const a = availability[field];
    return a.available ? [] : [{ field, why: a.why }];
  });
}

/** True when the worker's phone should not be passed on without the counsellor deciding so. */
export function phoneIsUnsafe(facts: ShareFacts): boolean {
  return !!facts.person?.safetyFlags.some((f) => PHONE_FLAGS.includes(f));
}

export type ReferralLetterInput = {
  facts: ShareFacts;
  sharedFields: readonly ReferralField[];
  generatedAt: string;
  contactPoint: ContactPointSnapshot;
  counsellor: CounsellorSnapshot;
  caseReference: string;
  partner: RecipientSnapshot & { secureContact?: string };
  reason: string;
  request: string;
  replyBy?: string;
  consentDate?: string;
};

/**
 * The snapshot of a referral letter holding the chosen fields and nothing else: a field that is not chosen is
 * never copied in (and `minimiseSnapshot` removes anything that slipped through), so it cannot be printed.
 */
export function referralSnapshot(input: ReferralLetterInput): LetterSnapshot {
  const chosen = new Set(input.sharedFields);
  const { facts } = input;
  const p = facts.person;
  const person: PersonSnapshot = { displayName: chosen.has('name') && p ? p.displayName : '' };
  if (p) {
    if (chosen.has('preferredLanguage')) Object.assign(person, { preferredLanguage: p.preferredLanguage, preferredLanguageName: p.preferredLanguageName });
    if (chosen.has('interpreterNeeded')) person.interpreterNeeded = p.interpreterNeeded;
    if (chosen.has('contact')) person.contact = p.contact;
    if (chosen.has('nationality')) person.nationality = p.nationality;
    if (chosen.has('gender')) person.gender = p.gender;
    if (chosen.has('dateOfBirth')) person.dateOfBirth = p.dateOfBirth;
    if (chosen.has('immigrationSituation')) person.immigrationSituation = p.immigrationSituation;
    if (chosen.has('visa')) Object.assign(person, { visaType: p.visaType, ...(p.visaExpiry ? { visaExpiry: p.visaExpiry } : {}) });
    if (chosen.has('unionMembership')) person.unionMembership = p.unionMembership;
  }
  const snapshot: LetterSnapshot = {
    generatedAt: input.generatedAt,
    contactPoint: input.contactPoint,
    counsellor: input.counsellor,
    caseReference: input.caseReference,
    person,
    referral: {
      partner: input.partner,
      reason: input.reason,
      request: input.request,
      ...(input.replyBy ? { replyBy: input.replyBy } : {}),
      ...(input.consentDate ? { consentDate: input.consentDate } : {}),
      sharedFields: REFERRAL_FIELDS.filter((f) => chosen.has(f)),
    },
  };
  if (chosen.has('caseTypes')) snapshot.caseTypes = facts.caseTypes;
  if (chosen.has('sector')) snapshot.sector = facts.sector;
  if (chosen.has('caseSummary')) snapshot.summary = facts.summary;
  if (chosen.has('employer') && facts.employer) snapshot.employer = facts.employer;
  if (chosen.has('employment') && facts.employment) snapshot.employment = facts.employment;
  if (chosen.has('amountsOwed') && facts.amounts) snapshot.amounts = facts.amounts;
  if (chosen.has('openDeadlines')) snapshot.deadlines = facts.deadlines;
  return minimiseSnapshot('referral', snapshot);
}

/** The shared fields of a snapshot as the partner reads them, one value per field (lines separated by \n). */
export function sharedDetails(snapshot: LetterSnapshot, words: { yes: string; no: string; total: string; since: string; until: string }): { field: ReferralField; value: string }[] {
  const { person } = snapshot;
  const locale = snapshot.contactPoint.locale;
  const date = (d: string) => (isIsoDate(d) ? formatDate(d, locale) : d);
  const money = (minor: number) => formatMoney(minor, snapshot.amounts?.currency ?? 'XXX', locale);
  const value = (field: ReferralField): string => {
    switch (field) {
      case 'name':
        return person.displayName;
      case 'preferredLanguage':
        return person.preferredLanguageName ?? '';
      case 'interpreterNeeded':
        return person.interpreterNeeded ? words.yes : words.no;
      case 'contact':
        return person.contact ?? '';
      case 'nationality':
        return person.nationality ?? '';
      case 'gender':
        return person.gender ?? '';
      case 'dateOfBirth':
        return date(person.dateOfBirth ?? '');
      case 'immigrationSituation':
        return person.immigrationSituation ?? '';
      case 'visa':
        return [person.visaType ?? '', person.visaExpiry ? `${words.until} ${date(person.visaExpiry)}` : ''].filter(Boolean).join(', ');
      case 'unionMembership':
        return person.unionMembership ?? '';
      case 'caseTypes':
        return (snapshot.caseTypes ?? []).join(', ');
      case 'sector':
        return snapshot.sector ?? '';
      case 'caseSummary':
        return snapshot.summary ?? '';
      case 'employer':
        return snapshot.employer ? [snapshot.employer.name, ...snapshot.employer.addressLines].filter(Boolean).join('\n') : '';
      case 'employment': {
        const e = snapshot.employment;
        if (!e?.start) return '';
        return e.end ? `${date(e.start)} – ${date(e.end)}` : `${words.since} ${date(e.start)}`;
      }
      case 'amountsOwed': {
        const items = snapshot.amounts?.items ?? [];
        const total = items.reduce((sum, i) => sum + i.amountMinor, 0);
        return [...items.map((i) => `${i.description}: ${money(i.amountMinor)}`), `${words.total}: ${money(total)}`].join('\n');
      }
      case 'openDeadlines':
        return (snapshot.deadlines ?? []).map((d) => `${d.title}: ${date(d.due)}`).join('\n');
    }
  };
  return (snapshot.referral?.sharedFields ?? []).map((field) => ({ field, value: value(field) }));
}
