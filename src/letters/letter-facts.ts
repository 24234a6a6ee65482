import type { TFunction } from 'i18next';
import { translator } from '../i18n/index.js';
import { fill, isCurrencyCode, isIsoDate, isIsoInstant, isMinorAmount, isValidLocale, isValidTimeZone } from './letter-format.js';
import { REFERRAL_FIELDS } from './letter-snapshot.js';
import type { LetterKind, LetterSnapshot, ReferralField } from './letter-snapshot.js';

/** The facts a letter may lack; their labels are UI strings (letterFacts.facts.<key>), read in the counsellor's language. */
const FACT_KEYS = ['notValidDate', 'notValid', 'generatedAt', 'contactPointName', 'contactPointUnion', 'contactPointCity', 'contactPointAddress', 'contactPointLocale', 'contactPointTimezone', 'counsellorName', 'replyContact', 'caseReference', 'personName', 'employerName', 'employerAddress', 'jobTitle', 'workplace', 'employmentStart', 'employmentEnd', 'payAgreed', 'amountItems', 'amountItem', 'amountTotal', 'currency', 'legalBasis', 'responseDeadline', 'workerAuthorisedOn', 'recipientName', 'recipientAddress', 'breaches', 'breachTitle', 'breachDates', 'agencyMatter', 'worksiteAddress', 'dispute', 'deferralPeriod', 'partnerName', 'referralReason', 'referralRequest', 'consentDate', 'replyBy', 'sharedField', 'caseSummary', 'urgentHelp', 'deadlineDue', 'doneDate', 'nextStepDate'] as const;
type FactKey = (typeof FACT_KEYS)[number];

/** The labels of the facts in one UI language; `{label}` and `{number}` are filled here. */
export type FactLabels = Record<FactKey, string> & { sharedFields: Record<ReferralField, string> };

/** The labels in the language of `t` (requestTranslator(request).t). */
export function factLabels(t: TFunction): FactLabels {
  const placeholders = { label: '{label}', number: '{number}' };
  return {
    ...(Object.fromEntries(FACT_KEYS.map((key) => [key, t(`letterFacts.facts.${key}`, placeholders)])) as Record<FactKey, string>),
    sharedFields: Object.fromEntries(REFERRAL_FIELDS.map((field) => [field, t(`referrals.fields.shared.${field}`)])) as Record<ReferralField, string>,
  };
}

let english: FactLabels | undefined;
const englishLabels = () => (english ??= factLabels(translator('en').t));

/** A fact a letter needs that the case does not (validly) have. `field` is its path in the snapshot. */
export interface MissingFact {
  field: string;
  label: string;
}

const blank = (value: string | undefined): boolean => !value || !value.trim();
const noLines = (lines: readonly string[] | undefined): boolean => !lines || !lines.some((line) => line.trim());

class FactCheck {
  readonly missing: MissingFact[] = [];

  constructor(private readonly labels: FactLabels) {}

  need(present: boolean, field: string, label: string): void {
    if (!present) this.missing.push({ field, label });
  }

  /** A calendar date: required or not, it must be a real one when given. */
  date(value: string | undefined, field: string, label: string, required: boolean): void {
    if (value === undefined || value.trim() === '') {
      this.need(!required, field, label);
    } else if (!isIsoDate(value)) {
      this.missing.push({ field, label: fill(this.labels.notValidDate, { label }) });
    }
  }

  invalid(field: string, label: string): void {
    this.missing.push({ field, label: fill(this.labels.notValid, { label }) });
  }
}

/**
 * The facts missing for a letter of this kind, in the order the form asks for them. Empty means
 * the letter can be composed; otherwise the app refuses and shows the list.
 */
export function missingFacts(kind: LetterKind, snapshot: LetterSnapshot, labels: FactLabels = englishLabels()): MissingFact[] {
  const check = new FactCheck(labels);
  const { contactPoint: cp, counsellor } = snapshot;

  if (!isIsoInstant(snapshot.generatedAt)) check.invalid('generatedAt', labels.generatedAt);
  check.need(!blank(cp.name), 'contactPoint.name', labels.contactPointName);
  check.need(!blank(cp.union), 'contactPoint.union', labels.contactPointUnion);
  check.need(!blank(cp.city), 'contactPoint.city', labels.contactPointCity);
  check.need(!noLines(cp.addressLines), 'contactPoint.addressLines', labels.contactPointAddress);
  if (!isValidLocale(cp.locale)) check.invalid('contactPoint.locale', labels.contactPointLocale);
  if (!isValidTimeZone(cp.timezone)) check.invalid('contactPoint.timezone', labels.contactPointTimezone);
  check.need(!blank(counsellor.name), 'counsellor.name', labels.counsellorName);
  const replyContact = [counsellor.email, counsellor.phone, cp.email, cp.phone].some((value) => !blank(value));
  check.need(replyContact, 'counsellor.email', labels.replyContact);
  check.need(!blank(snapshot.caseReference), 'caseReference', labels.caseReference);

  switch (kind) {
    case 'letter_before_claim':
      letterBeforeClaim(check, snapshot, labels);
      break;
    case 'inspectorate_complaint':
      inspectorateComplaint(check, snapshot, labels);
      break;
    case 'statement_of_interest':
      statementOfInterest(check, snapshot, labels);
      break;
    case 'referral':
      referral(check, snapshot, labels);
      break;
    case 'worker_summary':
      workerSummary(check, snapshot, labels);
      break;
  }
  return check.missing;
}

type Labels = FactLabels;

function personName(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  check.need(!blank(snapshot.person.displayName), 'person.displayName', labels.personName);
}

function recipient(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  check.need(!blank(snapshot.recipient?.name), 'recipient.name', labels.recipientName);
  check.need(!noLines(snapshot.recipient?.addressLines), 'recipient.addressLines', labels.recipientAddress);
}

function amounts(check: FactCheck, snapshot: LetterSnapshot, labels: Labels, options: { required: boolean }): void {
  const items = snapshot.amounts?.items ?? [];
  if (!options.required && items.length === 0) return;
  if (!isCurrencyCode(snapshot.amounts?.currency)) {
    check.need(false, 'amounts.currency', labels.currency);
  }
  if (items.length === 0) {
    check.need(false, 'amounts.items', labels.amountItems);
    return;
  }
  items.forEach((item, index) => {
    if (blank(item.description) || !isMinorAmount(item.amountMinor)) {
      check.invalid(`amounts.items.${index}`, fill(labels.amountItem, { number: String(index + 1) }));
    }
  });
  const total = items.reduce((sum, item) => sum + (isMinorAmount(item.amountMinor) ? item.amountMinor : 0), 0);
  if (options.required) check.need(total > 0, 'amounts.total', labels.amountTotal);
}

function letterBeforeClaim(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  personName(check, snapshot, labels);
  check.need(!blank(snapshot.employer?.name), 'employer.name', labels.employerName);
  check.need(!noLines(snapshot.employer?.addressLines), 'employer.addressLines', labels.employerAddress);
  const employment = snapshot.employment;
  check.need(!blank(employment?.jobTitle), 'employment.jobTitle', labels.jobTitle);
  check.need(!blank(employment?.workplace), 'employment.workplace', labels.workplace);
  check.date(employment?.start, 'employment.start', labels.employmentStart, true);
  check.date(employment?.end, 'employment.end', labels.employmentEnd, false);
  check.need(!blank(employment?.payAgreed), 'employment.payAgreed', labels.payAgreed);
  amounts(check, snapshot, labels, { required: true });
  check.need(!noLines(snapshot.legalBasis), 'legalBasis', labels.legalBasis);
  check.date(snapshot.responseDeadline, 'responseDeadline', labels.responseDeadline, true);
  check.date(snapshot.workerAuthorisedOn, 'workerAuthorisedOn', labels.workerAuthorisedOn, true);
}

function inspectorateComplaint(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  recipient(check, snapshot, labels);
  if (!snapshot.complaint?.withholdWorkerName) personName(check, snapshot, labels);
  check.need(!blank(snapshot.employer?.name), 'employer.name', labels.employerName);
  check.need(!noLines(snapshot.employer?.addressLines), 'employer.addressLines', labels.employerAddress);
  check.date(snapshot.workerAuthorisedOn, 'workerAuthorisedOn', labels.workerAuthorisedOn, true);
  const breaches = snapshot.complaint?.breaches ?? [];
  check.need(breaches.length > 0, 'complaint.breaches', labels.breaches);
  breaches.forEach((breach, index) => {
    const number = String(index + 1);
    check.need(!blank(breach.title), `complaint.breaches.${index}.title`, fill(labels.breachTitle, { number }));
    check.need(!blank(breach.dates), `complaint.breaches.${index}.dates`, fill(labels.breachDates, { number }));
    if (breach.amountMinor !== undefined && !isMinorAmount(breach.amountMinor)) {
      check.invalid(`complaint.breaches.${index}.amountMinor`, fill(labels.amountItem, { number }));
    }
  });
  const breachAmounts = breaches.some((breach) => breach.amountMinor !== undefined);
  if (breachAmounts && !isCurrencyCode(snapshot.amounts?.currency)) check.need(false, 'amounts.currency', labels.currency);
  amounts(check, snapshot, labels, { required: false });
}

function statementOfInterest(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  recipient(check, snapshot, labels);
  check.need(!blank(snapshot.employer?.name), 'employer.name', labels.employerName);
  const request = snapshot.statementOfInterest;
  check.need(!blank(request?.agencyMatter), 'statementOfInterest.agencyMatter', labels.agencyMatter);
  check.need(!noLines(request?.worksiteAddress), 'statementOfInterest.worksiteAddress', labels.worksiteAddress);
  check.need(!noLines(request?.dispute), 'statementOfInterest.dispute', labels.dispute);
  check.need(!blank(request?.period), 'statementOfInterest.period', labels.deferralPeriod);
}

function referral(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  const referral = snapshot.referral;
  check.need(!blank(referral?.partner.name), 'referral.partner.name', labels.partnerName);
  check.need(!blank(referral?.reason), 'referral.reason', labels.referralReason);
  check.need(!blank(referral?.request), 'referral.request', labels.referralRequest);
  check.date(referral?.consentDate, 'referral.consentDate', labels.consentDate, true);
  check.date(referral?.replyBy, 'referral.replyBy', labels.replyBy, false);

  const { person } = snapshot;
  const present: Record<ReferralField, [string, boolean]> = {
    name: ['person.displayName', !blank(person.displayName)],
    preferredLanguage: ['person.preferredLanguageName', !blank(person.preferredLanguageName ?? person.preferredLanguage)],
    interpreterNeeded: ['person.interpreterNeeded', person.interpreterNeeded !== undefined],
    contact: ['person.contact', !blank(person.contact)],
    nationality: ['person.nationality', !blank(person.nationality)],
    gender: ['person.gender', !blank(person.gender)],
    dateOfBirth: ['person.dateOfBirth', /^\d{4}$/.test(person.dateOfBirth ?? '') || isIsoDate(person.dateOfBirth)],
    immigrationSituation: ['person.immigrationSituation', !blank(person.immigrationSituation)],
    visa: ['person.visaType', !blank(person.visaType) && (person.visaExpiry === undefined || isIsoDate(person.visaExpiry))],
    unionMembership: ['person.unionMembership', !blank(person.unionMembership)],
    caseTypes: ['caseTypes', (snapshot.caseTypes ?? []).some((type) => type.trim())],
    sector: ['sector', !blank(snapshot.sector)],
    caseSummary: ['summary', !blank(snapshot.summary)],
    employer: ['employer.name', !blank(snapshot.employer?.name)],
    employment: [
      'employment.start',
      isIsoDate(snapshot.employment?.start) && (snapshot.employment?.end === undefined || isIsoDate(snapshot.employment.end)),
    ],
    amountsOwed: [
      'amounts',
      isCurrencyCode(snapshot.amounts?.currency) &&
        (snapshot.amounts?.items.length ?? 0) > 0 &&
        (snapshot.amounts?.items ?? []).every((item) => isMinorAmount(item.amountMinor)),
    ],
    openDeadlines: ['deadlines', (snapshot.deadlines ?? []).length > 0 && (snapshot.deadlines ?? []).every((deadline) => isIsoDate(deadline.due))],
  };
  for (const field of new Set(referral?.sharedFields ?? [])) {
    const [path, ok] = present[field];
    check.need(ok, path, fill(labels.sharedField, { label: labels.sharedFields[field] }));
  }
}

function workerSummary(check: FactCheck, snapshot: LetterSnapshot, labels: Labels): void {
  personName(check, snapshot, labels);
  check.need(!blank(snapshot.summary), 'summary', labels.caseSummary);
  check.need(!noLines(snapshot.urgentHelp), 'urgentHelp', labels.urgentHelp);
  (snapshot.deadlines ?? []).forEach((deadline, index) => {
    check.date(deadline.due, `deadlines.${index}.due`, fill(labels.deadlineDue, { number: String(index + 1) }), true);
  });
  (snapshot.progress?.done ?? []).forEach((step, index) => {
    check.date(step.date, `progress.done.${index}.date`, fill(labels.doneDate, { number: String(index + 1) }), false);
  });
  (snapshot.progress?.nextSteps ?? []).forEach((step, index) => {
    check.date(step.by, `progress.nextSteps.${index}.by`, fill(labels.nextStepDate, { number: String(index + 1) }), false);
  });
  amounts(check, snapshot, labels, { required: false });
}
