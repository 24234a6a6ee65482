import type { LabelledValue, LetterBlock, LetterDocument, LetterWarning } from './letter-document.js';
import { missingFacts } from './letter-facts.js';
import type { MissingFact } from './letter-facts.js';
import { fill, formatDate, formatInstantDate, formatMoney, isIsoDate } from './letter-format.js';
import { REFERRAL_FIELDS } from './letter-snapshot.js';
import type { AmountItem, LetterKind, LetterSnapshot, PartySnapshot, RecipientSnapshot, ReferralField } from './letter-snapshot.js';
import { DEFAULT_LETTER_LANGUAGE, ENGLISH, letterStringsFor, primaryLanguage } from './letter-strings.js';
import type { LetterStrings } from './letter-strings.js';
import { containsRtl, languageDirection } from './rtl.js';

/**
 * Composition: from the facts of a case (a `LetterSnapshot`) to the text of a letter (a
 * `LetterDocument`), in the contact point's locale. Pure and synchronous: the same snapshot
 * always gives the same letter.
 */

export class MissingLetterFactsError extends Error {
  constructor(
    readonly kind: LetterKind,
    readonly missing: MissingFact[],
  ) {
    super(`The ${kind} letter lacks: ${missing.map((fact) => fact.field).join(', ')}`);
    this.name = 'MissingLetterFactsError';
  }
}

/** The letter's language has no strings for this kind: nothing is composed, and never English in its place. */
export class LetterLanguageError extends Error {
  constructor(
    readonly kind: LetterKind,
    readonly language: string,
  ) {
    super(`No ${language} strings for a ${kind} letter`);
    this.name = 'LetterLanguageError';
  }
}

/** The English parts a translated letter may hold, each with the name its `common` strings give it. */
const ENGLISH_PART_NAMES = {
  'legal-basis': 'partLegalBasis',
  escalation: 'partEscalation',
  'urgent-help': 'partUrgentHelp',
  jurisdiction: 'partJurisdiction',
  'deadline-titles': 'partDeadlineTitles',
} as const satisfies Record<string, keyof LetterStrings['common']>;

export type EnglishPart = keyof typeof ENGLISH_PART_NAMES;
export const ENGLISH_PARTS = Object.keys(ENGLISH_PART_NAMES) as EnglishPart[];
/** Why a part is in English; the code stored is `part:reason`, e.g. `legal-basis:not-translated`. */
export const englishPartCode = (part: EnglishPart) => `${part}:not-translated`;

/** Title (and, for the deferred-action request, a notice) for the letter's page in the app. */
export function describeLetterKind(kind: LetterKind, strings: LetterStrings = ENGLISH): { title: string; notice?: string } {
  switch (kind) {
    case 'letter_before_claim':
      return { title: strings.letterBeforeClaim.title };
    case 'inspectorate_complaint':
      return { title: strings.inspectorateComplaint.title };
    case 'statement_of_interest':
      return { title: strings.statementOfInterest.title, notice: strings.statementOfInterest.notice };
    case 'referral':
      return { title: strings.referral.title };
    case 'worker_summary':
      return { title: strings.workerSummary.title };
  }
}

/**
 * Composes a letter in the snapshot's language, or throws `MissingLetterFactsError` listing what the case still
 * lacks, or `LetterLanguageError` when that language has no strings for the kind.
 */
export function composeLetter(kind: LetterKind, snapshot: LetterSnapshot): LetterDocument {
  const warnings: LetterWarning[] = [];
  const language = primaryLanguage(snapshot.language) || DEFAULT_LETTER_LANGUAGE;
  const strings = letterStringsFor(language, kind);
  if (!strings) throw new LetterLanguageError(kind, language);

  const missing = missingFacts(kind, snapshot);
  if (missing.length > 0) throw new MissingLetterFactsError(kind, missing);

  const context = new Context(snapshot, strings, language, warnings);
  const letter = composeKind(kind, context);
  return snapshot.paper ? { ...letter, paper: snapshot.paper } : letter;
}

function composeKind(kind: LetterKind, context: Context): LetterDocument {
  switch (kind) {
    case 'letter_before_claim':
      return letterBeforeClaim(context);
    case 'inspectorate_complaint':
      return inspectorateComplaint(context);
    case 'statement_of_interest':
      return statementOfInterest(context);
    case 'referral':
      return referral(context);
    case 'worker_summary':
      return workerSummary(context);
  }
}

/** A language's name in the letter's own language ("français" in a French letter). */
function languageName(tag: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function partList(parts: string[], language: string): string {
  try {
    return new Intl.ListFormat([language], { type: 'conjunction' }).format(parts);
  } catch {
    return parts.join(', ');
  }
}

const paragraph = (text: string): LetterBlock => ({ type: 'paragraph', text });
const section = (heading: string, blocks: LetterBlock[]): LetterBlock => ({ type: 'section', heading, blocks });
const list = (items: string[], numbered = false): LetterBlock => ({ type: 'list', items, numbered });
const fields = (rows: LabelledValue[]): LetterBlock => ({ type: 'fields', rows: rows.filter((row) => row.value.trim()) });
const firstFilled = (...values: (string | undefined)[]): string => values.find((value) => value?.trim())?.trim() ?? '';
/** A phone number is never broken across two lines. */
const unbreakable = (text: string): string => text.trim().replace(/ /g, '\u00A0');
const nonBlank = (lines: readonly string[] | undefined): string[] => (lines ?? []).map((line) => line.trim()).filter(Boolean);
/** Counsellor-typed text: a blank line starts a new paragraph. */
const paragraphs = (text: string): LetterBlock[] => text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean).map(paragraph);

class Context {
  readonly worker: string;
  readonly locale: string;

  constructor(
    readonly snapshot: LetterSnapshot,
    readonly s: LetterStrings,
    readonly language: string,
    readonly warnings: LetterWarning[],
  ) {
    this.locale = snapshot.contactPoint.locale;
    this.worker = this.workerName();
  }

  /**
   * The worker's name as the letter prints it. A name in a right-to-left script is laid out by the bidi algorithm
   * (rtl.ts) in any letter; a letter in a left-to-right language uses the Latin spelling when the counsellor gave
   * one (how an employer or an office in that country knows the worker), a right-to-left letter the name as written.
   */
  private workerName(): string {
    const name = this.snapshot.person.displayName.trim();
    if (!containsRtl(name) || languageDirection(this.language) === 'rtl') return name;
    const latin = this.snapshot.person.latinTransliteration?.trim();
    return latin && !containsRtl(latin) ? latin : name;
  }

  date(isoDate: string): string {
    return formatDate(isoDate, this.locale);
  }

  money(amountMinor: number): string {
    return formatMoney(amountMinor, this.currency, this.locale);
  }

  get currency(): string {
    return this.snapshot.amounts?.currency ?? 'XXX';
  }

  get reference(): string {
    return this.snapshot.caseReference.trim();
  }

  get union(): string {
    return this.snapshot.contactPoint.union.trim();
  }

  get counsellor(): string {
    return this.snapshot.counsellor.name.trim();
  }

  /** How to reach the counsellor: their own details, else the contact point's. */
  get contact(): string {
    const { counsellor, contactPoint } = this.snapshot;
    const common = this.s.common;
    const email = firstFilled(counsellor.email, contactPoint.email);
    const phone = unbreakable(firstFilled(counsellor.phone, contactPoint.phone));
    if (email && phone) return fill(common.contactEmailAndPhone, { email, phone });
    return email ? fill(common.contactEmail, { email }) : fill(common.contactPhone, { phone });
  }

  employmentPeriod(): string {
    const employment = this.snapshot.employment;
    if (!employment?.start) return '';
    const start = this.date(employment.start);
    return employment.end
      ? fill(this.s.common.employmentFromTo, { start, end: this.date(employment.end) })
      : fill(this.s.common.employmentSince, { start });
  }

  amountsTable(items: readonly AmountItem[]): LetterBlock {
    const common = this.s.common;
    const total = items.reduce((sum, item) => sum + item.amountMinor, 0);
    return {
      type: 'amounts',
      columns: { period: common.period, description: common.description, amount: fill(common.amount, { currency: this.currency }) },
      rows: items.map((item) => ({ period: item.period?.trim() || undefined, description: item.description.trim(), amount: this.money(item.amountMinor) })),
      total: { label: common.total, value: this.money(total) },
    };
  }

  totalOwed(): number {
    return (this.snapshot.amounts?.items ?? []).reduce((sum, item) => sum + item.amountMinor, 0);
  }

  recipientLines(recipient: RecipientSnapshot & { secureContact?: string }): string[] {
    return [
      recipient.name,
      recipient.attention?.trim() ? fill(this.s.common.forTheAttentionOf, { name: recipient.attention.trim() }) : '',
      ...recipient.addressLines,
      recipient.secureContact ?? '',
    ].map((line) => line.trim()).filter(Boolean);
  }

  greeting(recipient: RecipientSnapshot | undefined): { salutation: string; closing: string } {
    const name = recipient?.salutationName?.trim();
    const common = this.s.common;
    return name
      ? { salutation: fill(common.dearNamed, { name }), closing: common.closingNamed }
      : { salutation: common.dearUnnamed, closing: common.closingUnnamed };
  }

  /** Everything every letter has; the caller gives what is particular to it. */
  letter(parts: {
    title: string;
    recipient: string[];
    subject: string;
    salutation: string;
    body: LetterBlock[];
    closing: string;
    marking?: string;
    enclosuresHeading?: string;
    /** The worker has no reference of their own for the case. */
    withoutYourReference?: boolean;
  }): LetterDocument {
    const common = this.s.common;
    const references: LabelledValue[] = [{ label: common.ourReference, value: this.reference }];
    if (!parts.withoutYourReference && this.snapshot.yourReference?.trim()) references.push({ label: common.yourReference, value: this.snapshot.yourReference.trim() });
    const enclosures = nonBlank(this.snapshot.enclosures);
    return {
      ...this.shell(parts, references, enclosures),
      body: [...parts.body, ...this.translationNotes()],
    };
  }

  /**
   * A translated letter says so: that no native speaker of the desk has checked its wording yet, and which parts
   * are in English because they exist only in English. Plain paragraphs at the end, before the signature.
   */
  private translationNotes(): LetterBlock[] {
    const translation = this.snapshot.translation;
    if (!translation || this.language === DEFAULT_LETTER_LANGUAGE) return [];
    const common = this.s.common;
    const notes: LetterBlock[] = [];
    const parts = ENGLISH_PARTS.filter((part) => translation.englishParts.some((code) => code.split(':')[0] === part)).map(
      (part) => common[ENGLISH_PART_NAMES[part]],
    );
    if (parts.length > 0) notes.push(paragraph(fill(common.englishParts, { parts: partList(parts, this.language) })));
    if (!translation.reviewedBy) notes.push(paragraph(fill(common.notReviewed, { language: languageName(this.language, this.language) })));
    return notes;
  }

  private shell(
    parts: Parameters<Context['letter']>[0],
    references: LabelledValue[],
    enclosures: string[],
  ): Omit<LetterDocument, 'body'> {
    const { contactPoint: cp, counsellor } = this.snapshot;
    const common = this.s.common;
    return {
      language: this.language,
      createdAt: this.snapshot.generatedAt,
      // No personal name in the PDF's metadata: file lists and search indexes show it.
      title: `${parts.title} · ${this.reference}`,
      author: `${this.union} · ${cp.name.trim()}`,
      letterhead: {
        union: this.union,
        contactPoint: cp.name.trim(),
        addressLines: nonBlank(cp.addressLines),
        contactLines: [
          cp.phone?.trim() ? fill(common.phoneLine, { phone: unbreakable(cp.phone) }) : '',
          cp.email?.trim() ? fill(common.emailLine, { email: cp.email.trim() }) : '',
        ].filter(Boolean),
      },
      marking: parts.marking,
      recipient: parts.recipient,
      date: { label: common.date, value: formatInstantDate(this.snapshot.generatedAt, this.locale, cp.timezone) },
      references,
      subject: parts.subject,
      salutation: parts.salutation,
      closing: parts.closing,
      signature: { name: this.counsellor, lines: [counsellor.role?.trim() || common.counsellorRole, cp.name.trim(), this.union] },
      enclosures: enclosures.length > 0 ? { heading: parts.enclosuresHeading ?? common.enclosures, items: enclosures } : undefined,
      footer: {
        text: fill(common.footer, { union: this.union, contactPoint: cp.name.trim(), city: cp.city.trim() }),
        continuation: fill(common.continuation, { reference: this.reference }),
        pageLabel: common.pageLabel,
      },
      warnings: this.warnings,
    };
  }
}

// missingFacts has run: the non-null assertions below are facts it checked.

function letterBeforeClaim(c: Context): LetterDocument {
  const t = c.s.letterBeforeClaim;
  const snap = c.snapshot;
  const employer = snap.employer!;
  const employment = snap.employment!;
  const recipient: RecipientSnapshot = employer;
  const worker = c.worker;
  const workplace = { worker, jobTitle: employment.jobTitle!.trim(), workplace: employment.workplace!.trim(), start: c.date(employment.start!) };
  const total = c.money(c.totalOwed());

  const facts: LetterBlock[] = [paragraph(fill(t.payAgreed, { payAgreed: employment.payAgreed!.trim() }))];
  if (employment.payReceived?.trim()) facts.push(paragraph(fill(t.payReceived, { payReceived: employment.payReceived.trim() })));
  facts.push(...nonBlank(snap.facts).map(paragraph));
  facts.push(paragraph(fill(t.amountsIntro, { worker })), c.amountsTable(snap.amounts!.items));

  const { salutation, closing } = c.greeting(recipient);
  return c.letter({
    title: t.title,
    recipient: c.recipientLines(recipient),
    subject: fill(t.subject, { worker }),
    salutation,
    closing,
    body: [
      paragraph(fill(t.intro, { worker, union: c.union, authorisedOn: c.date(snap.workerAuthorisedOn!) })),
      paragraph(
        employment.end
          ? fill(t.employmentEnded, { ...workplace, end: c.date(employment.end) })
          : fill(t.employmentOngoing, workplace),
      ),
      section(t.factsHeading, facts),
      section(
        snap.jurisdiction?.trim() ? fill(t.legalBasisHeadingIn, { jurisdiction: snap.jurisdiction.trim() }) : t.legalBasisHeading,
        nonBlank(snap.legalBasis).map(paragraph),
      ),
      section(t.recordsHeading, [paragraph(fill(t.records, { worker }))]),
      section(t.demandHeading, [
        paragraph(fill(t.demand, { worker, total, deadline: c.date(snap.responseDeadline!) })),
        paragraph(snap.paymentInstructions?.trim() || fill(t.paymentDefault, { worker })),
        paragraph(snap.escalation?.trim() || fill(t.consequenceDefault, { worker })),
      ]),
      section(t.retaliationHeading, [paragraph(fill(t.retaliation, { worker }))]),
      paragraph(fill(t.reply, { counsellor: c.counsellor, contact: c.contact, reference: c.reference })),
    ],
  });
}

function partyRows(c: Context, party: PartySnapshot): LabelledValue[] {
  const t = c.s.inspectorateComplaint;
  return [
    { label: t.partyName, value: party.name.trim() },
    { label: t.partyAddress, value: nonBlank(party.addressLines).join('\n') },
    { label: t.partySector, value: party.sector?.trim() ?? '' },
    { label: t.partyRegistration, value: party.registrationNumber?.trim() ?? '' },
  ];
}

function inspectorateComplaint(c: Context): LetterDocument {
  const t = c.s.inspectorateComplaint;
  const snap = c.snapshot;
  const complaint = snap.complaint!;
  const employer = snap.employer!;
  const anonymous = complaint.withholdWorkerName === true;
  const authorisedOn = c.date(snap.workerAuthorisedOn!);
  const employerName = employer.name.trim();

  const employerRows = partyRows(c, employer);
  if (complaint.workersAffected !== undefined) employerRows.push({ label: t.workersAffected, value: String(complaint.workersAffected) });

  const breaches = complaint.breaches.map((breach, index) => {
    const blocks: LetterBlock[] = [];
    if (breach.details?.trim()) blocks.push(...paragraphs(breach.details));
    blocks.push(
      fields([
        { label: t.breachWhen, value: breach.dates.trim() },
        { label: t.breachEvidence, value: nonBlank(breach.evidence).join('\n') },
        { label: t.breachAmount, value: breach.amountMinor !== undefined ? c.money(breach.amountMinor) : '' },
      ]),
    );
    return section(fill(t.breachHeading, { number: String(index + 1), title: breach.title.trim() }), blocks);
  });

  const requested = new Set(complaint.requests ?? ['inspection', 'recovery', 'sanctions']);
  const requests = [
    requested.has('inspection') ? t.requestInspection : '',
    requested.has('recovery') ? t.requestRecovery : '',
    requested.has('sanctions') ? t.requestSanctions : '',
  ].filter(Boolean);

  const body: LetterBlock[] = [
    paragraph(
      anonymous
        ? fill(t.introAnonymous, { union: c.union, employer: employerName, authorisedOn })
        : fill(t.intro, { union: c.union, worker: c.worker, employer: employerName, authorisedOn }),
    ),
    section(t.complainantHeading, [
      fields([
        { label: t.worker, value: anonymous ? t.workerWithheld : c.worker },
        { label: t.representedBy, value: fill(t.representedByValue, { union: c.union, contactPoint: snap.contactPoint.name.trim() }) },
        { label: t.contact, value: fill(t.contactValue, { counsellor: c.counsellor, contact: c.contact }) },
      ]),
      paragraph(t.contactThroughUs),
    ]),
    section(t.employerHeading, [fields(employerRows)]),
  ];
  if (snap.agency?.name.trim()) body.push(section(t.agencyHeading, [fields(partyRows(c, snap.agency))]));
  body.push(section(t.breachesHeading, breaches));
  const items = snap.amounts?.items ?? [];
  if (items.length > 0) body.push(section(t.amountsHeading, [paragraph(t.amountsIntro), c.amountsTable(items)]));
  body.push(
    section(t.requestsHeading, [paragraph(t.requestsIntro), list(requests), paragraph(t.confidentiality)]),
    paragraph(fill(t.closing, { counsellor: c.counsellor, contact: c.contact, reference: c.reference })),
  );

  const { salutation, closing } = c.greeting(snap.recipient);
  return c.letter({
    title: t.title,
    recipient: c.recipientLines(snap.recipient!),
    marking: c.s.common.privateAndConfidential,
    subject: fill(t.subject, { employer: employerName }),
    salutation,
    closing,
    body,
  });
}

/** The worker is deliberately not named: the request concerns every worker at the worksite. */
function statementOfInterest(c: Context): LetterDocument {
  const t = c.s.statementOfInterest;
  const snap = c.snapshot;
  const request = snap.statementOfInterest!;
  const employer = snap.employer!.name.trim();
  const matter = request.agencyMatter.trim();
  const recipient = snap.recipient!;
  return c.letter({
    title: t.title,
    recipient: c.recipientLines(recipient),
    subject: fill(t.subject, { employer, matter }),
    salutation: recipient.salutationName?.trim() ? fill(c.s.common.dearNamed, { name: recipient.salutationName.trim() }) : t.salutation,
    closing: t.closing,
    enclosuresHeading: t.enclosures,
    body: [
      paragraph(fill(t.intro, { union: c.union, employer, worksite: nonBlank(request.worksiteAddress).join(', '), matter })),
      section(t.disputeHeading, nonBlank(request.dispute).map(paragraph)),
      section(t.witnessesHeading, [paragraph(t.witnesses)]),
      section(t.requestHeading, [
        paragraph(fill(t.request, { period: request.period.trim(), workersCovered: request.workersCovered?.trim() || t.workersCoveredDefault })),
      ]),
      paragraph(fill(t.contact, { counsellor: c.counsellor, contact: c.contact, reference: c.reference })),
    ],
  });
}

/** The value of a shared field, in the letter's words. */
function sharedValue(c: Context, field: ReferralField): string {
  const { person, employer, employment } = c.snapshot;
  const common = c.s.common;
  switch (field) {
    case 'name':
      return c.worker;
    case 'preferredLanguage':
      return (person.preferredLanguageName ?? person.preferredLanguage ?? '').trim();
    case 'interpreterNeeded':
      return person.interpreterNeeded ? common.yes : common.no;
    case 'contact':
      return person.contact?.trim() ?? '';
    case 'nationality':
      return person.nationality?.trim() ?? '';
    case 'gender':
      return person.gender?.trim() ?? '';
    case 'dateOfBirth':
      return isIsoDate(person.dateOfBirth) ? c.date(person.dateOfBirth!) : (person.dateOfBirth?.trim() ?? '');
    case 'immigrationSituation':
      return person.immigrationSituation?.trim() ?? '';
    case 'visa':
      return person.visaExpiry
        ? fill(common.visaWithExpiry, { visa: person.visaType?.trim() ?? '', expiry: c.date(person.visaExpiry) })
        : (person.visaType?.trim() ?? '');
    case 'unionMembership':
      return person.unionMembership?.trim() ?? '';
    case 'caseTypes':
      return nonBlank(c.snapshot.caseTypes).join(', ');
    case 'sector':
      return c.snapshot.sector?.trim() ?? '';
    case 'caseSummary':
      return c.snapshot.summary?.trim() ?? '';
    case 'employer':
      return employer ? [employer.name, ...employer.addressLines].map((line) => line.trim()).filter(Boolean).join('\n') : '';
    case 'employment': {
      const role =
        employment?.jobTitle?.trim() && employment.workplace?.trim()
          ? fill(common.jobAtWorkplace, { jobTitle: employment.jobTitle.trim(), workplace: employment.workplace.trim() })
          : (employment?.jobTitle?.trim() ?? '');
      return [role, c.employmentPeriod()].filter(Boolean).join('\n');
    }
    case 'amountsOwed': {
      const items = c.snapshot.amounts?.items ?? [];
      const lines = items.map((item) => `${item.description.trim()}: ${c.money(item.amountMinor)}`);
      return [...lines, `${common.total}: ${c.money(c.totalOwed())}`].join('\n');
    }
    case 'openDeadlines':
      return (c.snapshot.deadlines ?? []).map((deadline) => fill(common.deadlineItem, { title: deadline.title.trim(), due: c.date(deadline.due) })).join('\n');
  }
}

function referral(c: Context): LetterDocument {
  const t = c.s.referral;
  const snap = c.snapshot;
  const referral = snap.referral!;
  const partner = referral.partner.name.trim();
  const chosen = new Set(referral.sharedFields);
  const named = chosen.has('name');
  // Fixed order, whatever order the fields were ticked in.
  const rows = REFERRAL_FIELDS.filter((field) => chosen.has(field)).map((field) => ({ label: t.fields[field], value: sharedValue(c, field) }));
  const consentDate = c.date(referral.consentDate!);

  const reply = referral.replyBy
    ? fill(t.replyBy, { replyBy: c.date(referral.replyBy), counsellor: c.counsellor, contact: c.contact, reference: c.reference })
    : fill(t.reply, { counsellor: c.counsellor, contact: c.contact, reference: c.reference });

  const { salutation, closing } = c.greeting(referral.partner);
  return c.letter({
    title: t.title,
    recipient: c.recipientLines(referral.partner),
    marking: c.s.common.privateAndConfidential,
    subject: fill(t.subject, { contactPoint: snap.contactPoint.name.trim() }),
    salutation,
    closing,
    body: [
      paragraph(named ? fill(t.introNamed, { person: c.worker, partner }) : fill(t.introUnnamed, { partner })),
      section(t.reasonHeading, paragraphs(referral.reason)),
      section(t.requestHeading, paragraphs(referral.request)),
      section(t.sharedHeading, [
        rows.length > 0 ? fields(rows) : paragraph(t.sharedNone),
        paragraph(named ? fill(t.consentNamed, { person: c.worker, consentDate, partner }) : fill(t.consentUnnamed, { consentDate, partner })),
      ]),
      paragraph(reply),
    ],
  });
}

function workerSummary(c: Context): LetterDocument {
  const t = c.s.workerSummary;
  const snap = c.snapshot;
  const cp = snap.contactPoint;
  const body: LetterBlock[] = [paragraph(t.intro), section(t.aboutHeading, paragraphs(snap.summary!))];

  const done = (snap.progress?.done ?? []).filter((step) => step.text.trim());
  if (done.length > 0) {
    body.push(
      section(t.doneHeading, [
        list(done.map((step) => (step.date ? fill(t.doneItem, { date: c.date(step.date), text: step.text.trim() }) : step.text.trim()))),
      ]),
    );
  }
  const next = (snap.progress?.nextSteps ?? []).filter((step) => step.action.trim());
  if (next.length > 0) {
    body.push(
      section(t.nextHeading, [
        list(
          next.map((step) =>
            step.by
              ? fill(t.nextItemBy, { action: step.action.trim(), who: step.who.trim(), date: c.date(step.by) })
              : fill(t.nextItem, { action: step.action.trim(), who: step.who.trim() }),
          ),
        ),
      ]),
    );
  }
  const deadlines = [...(snap.deadlines ?? [])].sort((a, b) => a.due.localeCompare(b.due));
  if (deadlines.length > 0) {
    body.push(
      section(t.deadlinesHeading, [
        paragraph(t.deadlinesIntro),
        fields(
          deadlines.map((deadline) => ({
            label: c.date(deadline.due),
            value: [deadline.title.trim(), deadline.ifMissed?.trim() ? fill(t.deadlineMissed, { ifMissed: deadline.ifMissed.trim() }) : '']
              .filter(Boolean)
              .join('\n'),
          })),
        ),
      ]),
    );
  }
  const items = snap.amounts?.items ?? [];
  if (items.length > 0) body.push(section(t.amountsHeading, [c.amountsTable(items)]));

  const { counsellor } = snap;
  body.push(
    section(t.counsellorHeading, [
      paragraph(fill(t.counsellor, { counsellor: c.counsellor, contactPoint: cp.name.trim() })),
      fields([
        { label: t.counsellorPhone, value: unbreakable(firstFilled(counsellor.phone, cp.phone)) },
        { label: t.counsellorEmail, value: firstFilled(counsellor.email, cp.email) },
        { label: t.counsellorAddress, value: [cp.name, ...cp.addressLines].map((line) => line.trim()).filter(Boolean).join('\n') },
      ]),
    ]),
    section(t.urgentHeading, [paragraph(t.urgentIntro), list(nonBlank(snap.urgentHelp))]),
  );

  return c.letter({
    title: t.title,
    recipient: [c.worker],
    marking: c.s.common.privateAndConfidential,
    subject: fill(t.subject, { reference: c.reference }),
    salutation: fill(t.salutation, { name: c.worker }),
    closing: t.closing,
    body,
    withoutYourReference: true,
  });
}
