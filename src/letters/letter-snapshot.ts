/**
 * The facts a letter is made from: plain data, taken from the case when the counsellor asks for
 * a letter and stored with the generated document so that it can be made again byte for byte.
 *
 * What is deliberately NOT here: restricted notes, safety flags, and anything else a letter must
 * never print. A field that is not in the snapshot cannot leak into a letter. The immigration
 * situation and visa exist only so that a referral can share them when the counsellor chooses
 * them field by field; `minimiseSnapshot` removes them (and everything else a letter does not
 * use) before the snapshot is stored.
 *
 * Dates are `YYYY-MM-DD` calendar days at the contact point; `generatedAt` is an ISO instant.
 * Amounts are integers in the currency's minor unit (pence, cents; see `currencyDigits`).
 * Labels of enumerations (case types, sector, immigration situation, language) are given already
 * in words, as the app displays them.
 */

export const LETTER_KINDS = [
  'letter_before_claim',
  'inspectorate_complaint',
  'statement_of_interest',
  'referral',
  'worker_summary',
] as const;

export type LetterKind = (typeof LETTER_KINDS)[number];

/** Person and case details a referral may share, each only when chosen. */
export const REFERRAL_FIELDS = [
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
  'caseTypes',
  'sector',
  'caseSummary',
  'employer',
  'employment',
  'amountsOwed',
  'openDeadlines',
] as const;

export type ReferralField = (typeof REFERRAL_FIELDS)[number];

export interface ContactPointSnapshot {
  name: string;
  union: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string;
  addressLines: string[];
  email?: string;
  phone?: string;
  /** BCP 47, e.g. `en-GB`: dates and amounts are formatted in it. */
  locale: string;
  /** IANA, e.g. `Europe/London`: the day the letter is dated is the day there. */
  timezone: string;
}

export interface CounsellorSnapshot {
  name: string;
  /** Shown under the signature; "Counsellor" when absent. */
  role?: string;
  /** For replies; the contact point's own are used when absent. */
  email?: string;
  phone?: string;
}

export interface PersonSnapshot {
  /** The legal name or the alias the worker chose: the name the worker wants used. */
  displayName: string;
  /** Used instead of a right-to-left name, which pdfkit cannot lay out (its issue #219). */
  latinTransliteration?: string;
  /** BCP 47 of the language the worker reads; the case summary is written in it where a translation exists. */
  preferredLanguage?: string;
  // Only for a referral that shares them:
  preferredLanguageName?: string;
  interpreterNeeded?: boolean;
  contact?: string;
  nationality?: string;
  gender?: string;
  /** `YYYY-MM-DD`, or `YYYY` when only the year is known. */
  dateOfBirth?: string;
  immigrationSituation?: string;
  visaType?: string;
  visaExpiry?: string;
  unionMembership?: string;
}

export interface PartySnapshot {
  /** The party of the case the letter was addressed to, when chosen from the case's parties (a letter before claim). */
  partyId?: number;
  name: string;
  addressLines: string[];
  sector?: string;
  registrationNumber?: string;
  /** When the letter is addressed to this party: a person or department, "For the attention of …". */
  attention?: string;
  /** When the letter is addressed to this party: who it greets by name ("Dear Mr Reed,"). */
  salutationName?: string;
}

export interface RecipientSnapshot {
  /** The partner of the directory it was addressed to; name and address are copied, so a later edit changes no letter. */
  partnerId?: number;
  name: string;
  /** A person or department, printed "For the attention of …". */
  attention?: string;
  /** Who the letter greets by name ("Dear Ms Okafor,"); "Dear Sir or Madam," when absent. */
  salutationName?: string;
  addressLines: string[];
}

export interface AmountItem {
  /** e.g. "1–31 March 2026", as the counsellor wrote it. */
  period?: string;
  /** e.g. "Unpaid hours (62 h at £12.21)", "Illegal recruitment fee". */
  description: string;
  /** Integer in the currency's minor unit; negative for a sum already paid back. */
  amountMinor: number;
}

export interface Breach {
  title: string;
  /** When it happened, in words ("every week from March to June 2026"). */
  dates: string;
  details?: string;
  evidence?: string[];
  amountMinor?: number;
}

export interface DeadlineSnapshot {
  title: string;
  due: string;
  /** Plain words: what happens if the date is missed. */
  ifMissed?: string;
}

/** What a letter not in English says about its translation (printed, and stored as documents.translation). */
export interface TranslationSnapshot {
  /** The native speaker who approved the current wording of the language, or null: not reviewed. */
  reviewedBy: string | null;
  reviewedOn: string | null;
  /** Parts left in English, as codes `part:reason` (ENGLISH_PART_CODES). */
  englishParts: string[];
}

export interface LetterSnapshot {
  generatedAt: string;
  /** ISO 639-1 language the letter is written in; English when absent (letters made before there was a choice). */
  language?: string;
  /** Null or absent for an English letter. */
  translation?: TranslationSnapshot | null;
  /** The paper of the case's jurisdiction; A4 when absent (letters made before the choice, all on A4). */
  paper?: 'A4' | 'LETTER';
  contactPoint: ContactPointSnapshot;
  counsellor: CounsellorSnapshot;
  caseReference: string;
  person: PersonSnapshot;

  /**
   * The inspectorate of a complaint, or the labour agency of a deferred-action request. A letter
   * before claim always goes to the employer, a referral to its partner, a summary to the worker.
   */
  recipient?: RecipientSnapshot;
  /** The recipient's own reference (e.g. the inspectorate's complaint number); not on the worker's summary. */
  yourReference?: string;
  employer?: PartySnapshot;
  /** Recruitment agency or labour provider. */
  agency?: PartySnapshot;
  /** e.g. "England and Wales", "California". */
  jurisdiction?: string;

  caseTypes?: string[];
  sector?: string;
  /** What the case is about, in plain words. */
  summary?: string;
  employment?: {
    jobTitle?: string;
    workplace?: string;
    start?: string;
    end?: string;
    /** e.g. "£12.21 an hour for 40 hours a week, paid weekly". */
    payAgreed?: string;
    payReceived?: string;
  };
  amounts?: { currency: string; items: AmountItem[] };
  /** Paragraphs of the legal basis for the jurisdiction, from the reviewed template. */
  legalBasis?: string[];
  /** Further facts in the counsellor's words. */
  facts?: string[];
  /** The day the worker authorised the union to act for them. */
  workerAuthorisedOn?: string;
  responseDeadline?: string;
  /** How to pay; a default sentence when absent. */
  paymentInstructions?: string;
  /** What follows non-payment, as one sentence for the jurisdiction; a default when absent. */
  escalation?: string;
  enclosures?: string[];
  /** Open deadlines of the case. */
  deadlines?: DeadlineSnapshot[];

  complaint?: {
    breaches: Breach[];
    workersAffected?: number;
    /** Leave the worker's name out of the complaint; it is given to the inspectorate on request. */
    withholdWorkerName?: boolean;
    /** What is asked; all three when absent. */
    requests?: ('inspection' | 'recovery' | 'sanctions')[];
  };

  statementOfInterest?: {
    /** The agency's open matter (case number). */
    agencyMatter: string;
    worksiteAddress: string[];
    /** Paragraphs describing the labor dispute. */
    dispute: string[];
    /** e.g. "two years". */
    period: string;
    /** Who is covered; a default sentence when absent. */
    workersCovered?: string;
  };

  referral?: {
    partner: RecipientSnapshot & { secureContact?: string };
    reason: string;
    /** What is asked of the partner. */
    request: string;
    replyBy?: string;
    /** The day the person gave `share_with_partners` consent. */
    consentDate?: string;
    /** Exactly what the counsellor chose to share; nothing else appears. */
    sharedFields: ReferralField[];
  };

  /** For the worker's case summary. */
  progress?: {
    done: { date?: string; text: string }[];
    nextSteps: { action: string; who: string; by?: string }[];
  };
  /** Where to get urgent help, one line each (helplines, emergency number). */
  urgentHelp?: string[];
}

const PERSON_BASE = ['displayName', 'latinTransliteration', 'preferredLanguage'] as const;

const PERSON_FIELDS_FOR: Partial<Record<ReferralField, readonly (keyof PersonSnapshot)[]>> = {
  preferredLanguage: ['preferredLanguageName'],
  interpreterNeeded: ['interpreterNeeded'],
  contact: ['contact'],
  nationality: ['nationality'],
  gender: ['gender'],
  dateOfBirth: ['dateOfBirth'],
  immigrationSituation: ['immigrationSituation'],
  visa: ['visaType', 'visaExpiry'],
  unionMembership: ['unionMembership'],
};

const CASE_FIELDS_FOR: Partial<Record<ReferralField, readonly (keyof LetterSnapshot)[]>> = {
  caseTypes: ['caseTypes'],
  sector: ['sector'],
  caseSummary: ['summary'],
  employer: ['employer'],
  employment: ['employment'],
  amountsOwed: ['amounts'],
  openDeadlines: ['deadlines'],
};

const ALWAYS: readonly (keyof LetterSnapshot)[] = ['generatedAt', 'language', 'translation', 'paper', 'contactPoint', 'counsellor', 'caseReference', 'person', 'enclosures'];

const USED_BY: Record<LetterKind, readonly (keyof LetterSnapshot)[]> = {
  letter_before_claim: [
    'yourReference',
    'employer',
    'jurisdiction',
    'employment',
    'amounts',
    'legalBasis',
    'facts',
    'workerAuthorisedOn',
    'responseDeadline',
    'paymentInstructions',
    'escalation',
  ],
  inspectorate_complaint: ['recipient', 'yourReference', 'employer', 'agency', 'amounts', 'workerAuthorisedOn', 'complaint'],
  statement_of_interest: ['recipient', 'yourReference', 'employer', 'statementOfInterest'],
  referral: ['referral', 'yourReference'],
  worker_summary: ['summary', 'amounts', 'deadlines', 'progress', 'urgentHelp'],
};

/**
 * The snapshot with only what a letter of this kind uses, to be stored with the document
 * (data minimisation: a stored letter before claim must not carry an immigration situation, a
 * stored referral nothing that was not chosen for sharing).
 */
export function minimiseSnapshot(kind: LetterKind, snapshot: LetterSnapshot): LetterSnapshot {
  const keepPerson = new Set<keyof PersonSnapshot>(PERSON_BASE);
  const keep = new Set<keyof LetterSnapshot>([...ALWAYS, ...USED_BY[kind]]);
  if (kind === 'referral') {
    for (const field of snapshot.referral?.sharedFields ?? []) {
      for (const key of PERSON_FIELDS_FOR[field] ?? []) keepPerson.add(key);
      for (const key of CASE_FIELDS_FOR[field] ?? []) keep.add(key);
    }
  }
  const pick = <T extends object>(record: T, keys: Set<keyof T>): T =>
    Object.fromEntries(Object.entries(record).filter(([key]) => keys.has(key as keyof T))) as T;
  return { ...pick(snapshot, keep), person: pick(snapshot.person, keepPerson) };
}
