import { createHash } from 'node:crypto';
import type { LetterKind } from './letter-snapshot.js';
import { LETTER_TRANSLATIONS, SUMMARY_TRANSLATIONS } from './strings/index.js';

/**
 * Every fixed string of the letters, per language. A translation is another object of the same
 * shape (the type checker holds it to that); `{name}` placeholders are filled by the composer.
 * Whole sentences, never fragments glued together, so that a translator can reorder words.
 */

const en = {
  common: {
    date: 'Date',
    ourReference: 'Our reference',
    yourReference: 'Your reference',
    pageLabel: 'Page {page} of {pages}',
    continuation: 'Our reference {reference}',
    footer: '{union} · {contactPoint} · {city}',
    phoneLine: 'Tel. {phone}',
    emailLine: 'Email {email}',
    contactEmailAndPhone: '{email}, tel. {phone}',
    contactEmail: '{email}',
    contactPhone: 'tel. {phone}',
    forTheAttentionOf: 'For the attention of {name}',
    dearNamed: 'Dear {name},',
    dearUnnamed: 'Dear Sir or Madam,',
    closingNamed: 'Yours sincerely,',
    closingUnnamed: 'Yours faithfully,',
    enclosures: 'Enclosures',
    period: 'Period',
    description: 'Description',
    amount: 'Amount ({currency})',
    total: 'Total',
    counsellorRole: 'Counsellor',
    privateAndConfidential: 'PRIVATE AND CONFIDENTIAL',
    employmentFromTo: '{start} to {end}',
    employmentSince: 'since {start}',
    /** The amounts table's pre-filled row: what the case claims. */
    amountClaimed: 'Wages and other sums owed',
    jobAtWorkplace: '{jobTitle} at {workplace}',
    yes: 'Yes',
    no: 'No',
    visaWithExpiry: '{visa}, expires {expiry}',
    deadlineItem: '{title}: {due}',
    /** Printed in a document whose language no native speaker of the desk has approved (translation_reviews). */
    notReviewed:
      'This {language} text has not yet been checked by a native speaker at our desk. If anything in it is unclear, please ask us.',
    /** Printed when parts of a non-English document are in English; {parts} is a list of the part names below. */
    englishParts: 'Some parts of this document are in English because they exist only in English: {parts}.',
    partLegalBasis: 'the legal basis',
    partEscalation: 'what happens if the sum is not paid',
    partUrgentHelp: 'where to get urgent help',
    partJurisdiction: 'the name of the jurisdiction',
    partDeadlineTitles: 'the names of the deadlines',
  },

  /** The lines of "If you need help urgently", per service; `{number}` keeps its digits as written. */
  urgentHelp: {
    emergency: 'Emergency: {number}',
    emergencyServices: 'Emergency (police, fire, ambulance): {number}',
    ukModernSlavery: 'Modern Slavery and Exploitation Helpline: {number} (free, 24 hours)',
    samaritans: 'Samaritans, if you need someone to talk to: {number} (free, 24 hours)',
    usTrafficking: 'National Human Trafficking Hotline: {number}, or text {text} (24 hours)',
    usCrisis: '988 Suicide & Crisis Lifeline: call or text {number}',
    auLifeline: 'Lifeline: {number} (24 hours)',
    au1800Respect: '1800RESPECT (sexual, domestic and family violence): {number}',
  },

  letterBeforeClaim: {
    title: 'Letter before claim (unpaid wages)',
    subject: 'Letter before claim: wages owed to {worker}',
    intro:
      'We act for {worker}, who on {authorisedOn} authorised {union} to recover on their behalf the wages that you owe them. This is a formal letter before claim.',
    employmentEnded: '{worker} worked for you as {jobTitle} at {workplace} from {start} to {end}.',
    employmentOngoing: '{worker} has worked for you as {jobTitle} at {workplace} since {start}.',
    factsHeading: 'The facts',
    payAgreed: 'The agreed pay was {payAgreed}.',
    payReceived: 'The pay actually received was {payReceived}.',
    amountsIntro: 'The following sums are owed to {worker} and remain unpaid:',
    legalBasisHeading: 'The legal basis',
    legalBasisHeadingIn: 'The legal basis ({jurisdiction})',
    recordsHeading: 'Pay records',
    records:
      'Please also send us, by the same date, copies of the payslips, time records and any other pay records for {worker} that you are required by law to keep, covering the whole period of employment.',
    demandHeading: 'What we ask you to do',
    demand: 'Please pay {worker} the total of {total} by {deadline}.',
    paymentDefault:
      'Payment should be made directly to {worker} by the method used to pay their wages, and confirmed to us in writing.',
    consequenceDefault:
      'If the total is not paid in full by that date, we will, without further notice, support {worker} in bringing a claim before the competent employment tribunal or court and report the matter to the labour enforcement authority.',
    retaliationHeading: 'Protection against retaliation',
    retaliation:
      'The law protects {worker} against dismissal or any other detriment for asserting these rights. Any such treatment, including threats about their work or housing, will be reported to the authorities and added to the claim.',
    reply: 'Please send your reply to {counsellor} ({contact}), quoting our reference {reference}.',
  },

  inspectorateComplaint: {
    title: 'Complaint to a labour inspectorate',
    subject: 'Complaint about {employer}',
    intro:
      '{union} submits this complaint on behalf of {worker}, who authorised us to do so on {authorisedOn}, about breaches of labour law by {employer}.',
    introAnonymous:
      '{union} submits this complaint on behalf of a worker of {employer}, who authorised us to do so on {authorisedOn}. To protect the worker from retaliation, we will give your office their name on request, on condition that it is kept confidential.',
    complainantHeading: 'The complainant',
    worker: 'Worker',
    workerWithheld: 'Name withheld for the worker’s protection',
    representedBy: 'Represented by',
    representedByValue: '{union}, {contactPoint}',
    contact: 'Contact',
    contactValue: '{counsellor}, {contact}',
    contactThroughUs: 'Please contact the worker only through us.',
    employerHeading: 'The employer',
    agencyHeading: 'The recruitment agency or labour provider',
    partyName: 'Name',
    partyAddress: 'Address',
    partySector: 'Sector',
    partyRegistration: 'Registration number',
    workersAffected: 'Workers affected',
    breachesHeading: 'The breaches',
    breachHeading: '{number}. {title}',
    breachWhen: 'When',
    breachEvidence: 'Evidence',
    breachAmount: 'Amount owed',
    amountsHeading: 'Amounts owed',
    amountsIntro: 'The amounts known to be owed are:',
    requestsHeading: 'What we ask',
    requestsIntro: 'We ask your office to:',
    requestInspection: 'inspect the employer’s workplaces and records;',
    requestRecovery: 'recover the wages and other sums owed;',
    requestSanctions: 'impose the sanctions the law provides for the breaches found.',
    confidentiality:
      'We ask that the worker’s identity is kept confidential and is not disclosed to the employer without the worker’s consent, to protect them from retaliation.',
    closing:
      'Please acknowledge this complaint and keep {counsellor} ({contact}) informed of its progress, quoting our reference {reference}.',
  },

  statementOfInterest: {
    title: 'Request for a statement of interest (deferred action)',
    /** For the template's page in the app, not for the letter itself. */
    notice:
      'The DHS process for deferred action for labor enforcement (DALE) stopped taking new requests in 2025. Use this letter only for existing matters or a successor process.',
    subject: 'Request for a statement of interest in support of deferred action: {employer}, matter {matter}',
    intro:
      'We write on behalf of {union} about the labor dispute at the worksite of {employer} at {worksite}, which is the subject of your agency’s open matter {matter}.',
    disputeHeading: 'The labor dispute',
    witnessesHeading: 'Why a statement of interest is needed',
    witnesses:
      'Workers at this worksite are witnesses or potential witnesses in your agency’s investigation and enforcement of labor law. Fear of immigration enforcement, and of retaliation by the employer through threats of it, discourages them from coming forward and cooperating, and so impedes your investigation.',
    requestHeading: 'Our request',
    request:
      'We respectfully ask that your agency issue a statement of interest in support of deferred action, for a period of {period}, for {workersCovered}.',
    workersCoveredDefault: 'the workers employed at this worksite during the period covered by your investigation',
    contact: 'Please direct any questions about this request to {counsellor} ({contact}), quoting our reference {reference}.',
    salutation: 'Dear Sir or Madam,',
    closing: 'Sincerely,',
    enclosures: 'Attachments',
  },

  referral: {
    title: 'Referral to a partner organisation',
    subject: 'Referral from {contactPoint}',
    introNamed: 'We would like to refer {person} to {partner}.',
    introUnnamed: 'We would like to refer a person we are supporting to {partner}.',
    reasonHeading: 'Reason for the referral',
    requestHeading: 'What we ask of you',
    sharedHeading: 'Information shared with consent',
    sharedNone: 'This letter shares no personal details. We will pass them on, with the person’s consent, once you can help.',
    consentNamed:
      '{person} consented on {consentDate} to our sharing the information in this letter with {partner}. We have shared only what this referral needs; please do not pass it on without their consent.',
    consentUnnamed:
      'The person consented on {consentDate} to our sharing the information in this letter with {partner}. We have shared only what this referral needs; please do not pass it on without their consent.',
    replyBy: 'Please reply by {replyBy} to {counsellor} ({contact}), quoting our reference {reference}.',
    reply: 'Please reply to {counsellor} ({contact}), quoting our reference {reference}.',
    fields: {
      name: 'Name',
      preferredLanguage: 'Preferred language',
      interpreterNeeded: 'Interpreter needed',
      contact: 'Phone or messaging',
      nationality: 'Nationality',
      gender: 'Gender',
      dateOfBirth: 'Date or year of birth',
      immigrationSituation: 'Immigration situation',
      visa: 'Visa',
      unionMembership: 'Union membership',
      caseTypes: 'Issues',
      sector: 'Sector',
      caseSummary: 'Summary of the case',
      employer: 'Employer',
      employment: 'Employment',
      amountsOwed: 'Amounts owed',
      openDeadlines: 'Open deadlines',
    },
  },

  workerSummary: {
    title: 'Summary of your case',
    subject: 'Summary of your case {reference}',
    intro:
      'This letter sums up your case: what it is about, what has been done, what happens next and the dates that matter. Please keep it somewhere safe.',
    aboutHeading: 'What your case is about',
    doneHeading: 'What has been done so far',
    doneItem: '{date}: {text}',
    nextHeading: 'What happens next',
    nextItem: '{action} (who: {who})',
    nextItemBy: '{action} (who: {who}, by {date})',
    deadlinesHeading: 'Important dates',
    deadlinesIntro: 'These dates matter. Please tell us at once if anything changes.',
    deadlineMissed: 'If this date is missed: {ifMissed}',
    amountsHeading: 'Money we are claiming for you',
    counsellorHeading: 'Your counsellor',
    counsellor: 'Your counsellor is {counsellor} at {contactPoint}. Contact them with any question:',
    counsellorPhone: 'Phone',
    counsellorEmail: 'Email',
    counsellorAddress: 'Address',
    urgentHeading: 'If you need help urgently',
    urgentIntro: 'If you are in danger or need help outside our opening hours:',
    /** Less formal than common.dearNamed: the worker is not an authority. */
    salutation: 'Dear {name},',
    /** The steps the form pre-fills under doneHeading: the case opened, the first letter of each kind. */
    caseOpened: 'We met, listened to what happened and opened your case.',
    sent: {
      letter_before_claim: 'We wrote to your employer asking them to pay what they owe you.',
      inspectorate_complaint: 'We sent a complaint to the labour inspectorate.',
      statement_of_interest: 'We asked the labor agency to support deferred action for the workers.',
      referral: 'We referred you to a partner organisation.',
    },
    closing: 'With best wishes,',
  },

  /**
   * The English message of a warning found while composing or rendering, kept with the warning for logs and tests.
   * The counsellor reads each warning by its code in the UI catalogue (letters.warnings.<code>), in their language.
   */
  warnings: {
    unsupportedCharacters:
      'Some characters cannot be shown by the letter font and were left out (symbols) or replaced by “?” (letters): {characters}.',
  },
};

export type LetterStrings = typeof en;

/**
 * What a translation of the letters holds (src/letters/strings/<lang>.ts): every text printed in a letter. `warnings`
 * are for the counsellor, who reads them in the UI's language (the UI catalogue), and are not part of it.
 */
export type LetterTexts = Omit<LetterStrings, 'warnings'>;

/** A language the worker summary (only) is written in: beyond the UI's eight languages (ro, pl, uk, ru, tr, tl, ne, bn, ur). */
export type SummaryTexts = Pick<LetterStrings, 'common' | 'workerSummary' | 'urgentHelp'>;

/** The source language of the letters: every other language is a translation of it. */
export const ENGLISH: LetterStrings = en;

export const DEFAULT_LETTER_LANGUAGE = 'en';

/** The primary subtag of a BCP 47 tag, lower case: "fr-BE" → "fr". */
export function primaryLanguage(language: string | null | undefined): string {
  return (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** The texts of a language's translation as registered, or null (English is the source, not a translation). */
export function translationOf(language: string): LetterTexts | SummaryTexts | null {
  const primary = primaryLanguage(language);
  return LETTER_TRANSLATIONS[primary] ?? SUMMARY_TRANSLATIONS[primary] ?? null;
}

/**
 * The strings of a letter kind in a language, or null when that language has none for it: a UI language (English and
 * the LETTER_TRANSLATIONS) writes every kind, a language of workers only (SUMMARY_TRANSLATIONS) the worker summary only.
 * Never English in place of a missing translation: the caller refuses the language and says why.
 */
export function letterStringsFor(language: string | null | undefined, kind: LetterKind): LetterStrings | null {
  const primary = primaryLanguage(language);
  if (primary === DEFAULT_LETTER_LANGUAGE) return en;
  const full = LETTER_TRANSLATIONS[primary];
  if (full) return { ...full, warnings: en.warnings };
  const summary = SUMMARY_TRANSLATIONS[primary];
  // The other kinds' texts are never used in a worker summary; English fills the shape, not the letter.
  if (summary && kind === 'worker_summary') return { ...en, ...summary, warnings: en.warnings };
  return null;
}

/** Every language with strings for a kind, English first, then in the registry's order. */
export function letterLanguagesFor(kind: LetterKind): string[] {
  const full = Object.keys(LETTER_TRANSLATIONS);
  const summary = kind === 'worker_summary' ? Object.keys(SUMMARY_TRANSLATIONS).filter((l) => !full.includes(l)) : [];
  return [DEFAULT_LETTER_LANGUAGE, ...full, ...summary];
}

/** JSON with its keys in a fixed order, so that the same wording always gives the same hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of a language's letter wording: what a translation review approves (translation_reviews.wording).
 * Any change of a translated text changes it, and the language shows as not reviewed again. Null without a translation.
 */
export function letterWording(language: string): string | null {
  const texts = translationOf(language);
  return texts ? createHash('sha256').update(canonical(texts)).digest('hex') : null;
}
