import { describe, expect, it } from 'vitest';
import { MissingLetterFactsError, composeLetter } from '../../../src/letters/letter-content.js';
import { missingFacts } from '../../../src/letters/letter-facts.js';
import { LETTER_KINDS } from '../../../src/letters/letter-snapshot.js';
import type { LetterSnapshot } from '../../../src/letters/letter-snapshot.js';
import { chicagoCase, londonCase } from './fixtures.js';

const fields = (kind: Parameters<typeof missingFacts>[0], snapshot: LetterSnapshot) =>
  missingFacts(kind, snapshot).map((fact) => fact.field);

describe('missingFacts', () => {
  it('finds nothing missing in a complete case, for every letter', () => {
    for (const kind of LETTER_KINDS) {
      const snapshot = kind === 'statement_of_interest' ? chicagoCase() : londonCase();
      expect(missingFacts(kind, snapshot), kind).toEqual([]);
    }
  });

  it('lists what a letter before claim lacks, with labels for the counsellor', () => {
    const snapshot = londonCase({ amounts: undefined, legalBasis: [], responseDeadline: undefined });
    snapshot.employer = { name: 'Bright Star Hospitality Ltd', addressLines: ['  '] };
    expect(missingFacts('letter_before_claim', snapshot)).toEqual([
      { field: 'employer.addressLines', label: 'Employer’s address' },
      { field: 'amounts.currency', label: 'Currency of the amounts' },
      { field: 'amounts.items', label: 'At least one amount owed' },
      { field: 'legalBasis', label: 'Legal basis for the jurisdiction' },
      { field: 'responseDeadline', label: 'Date by which to pay' },
    ]);
  });

  it('lists an employer that is missing altogether, and the employment facts', () => {
    const snapshot = londonCase({ employer: undefined, employment: undefined });
    expect(fields('letter_before_claim', snapshot)).toEqual([
      'employer.name',
      'employer.addressLines',
      'employment.jobTitle',
      'employment.workplace',
      'employment.start',
      'employment.payAgreed',
    ]);
  });

  it('flags invalid dates, amounts that are not whole minor units, and a total of nothing', () => {
    const snapshot = londonCase({
      responseDeadline: '2026-02-30',
      workerAuthorisedOn: '02/03/2026',
      amounts: { currency: 'GBP', items: [{ description: 'Unpaid hours', amountMinor: 12.5 }, { description: 'Refund', amountMinor: -100 }] },
    });
    expect(missingFacts('letter_before_claim', snapshot)).toEqual([
      { field: 'amounts.items.0', label: 'Amount owed, item 1 (not valid)' },
      { field: 'amounts.total', label: 'A total owed above zero' },
      { field: 'responseDeadline', label: 'Date by which to pay (not a valid date)' },
      { field: 'workerAuthorisedOn', label: 'Date the worker authorised us to act (not a valid date)' },
    ]);
  });

  it('checks the contact point and counsellor for every letter', () => {
    const base = londonCase();
    const snapshot: LetterSnapshot = {
      ...base,
      generatedAt: 'yesterday',
      contactPoint: { ...base.contactPoint, addressLines: [], locale: 'not a locale!', timezone: 'Mars/Olympus', email: '', phone: undefined },
      counsellor: { name: ' ' },
      caseReference: '',
    };
    expect(fields('worker_summary', snapshot)).toEqual([
      'generatedAt',
      'contactPoint.addressLines',
      'contactPoint.locale',
      'contactPoint.timezone',
      'counsellor.name',
      'counsellor.email',
      'caseReference',
    ]);
  });

  it('needs the recipient and breaches of a complaint, but no name when it is withheld', () => {
    const snapshot = londonCase({ recipient: undefined, complaint: { breaches: [{ title: '', dates: 'March' }], withholdWorkerName: true } });
    snapshot.person = { ...snapshot.person, displayName: '' };
    expect(fields('inspectorate_complaint', snapshot)).toEqual(['recipient.name', 'recipient.addressLines', 'complaint.breaches.0.title']);
  });

  it('needs the agency’s matter and the dispute for a statement of interest', () => {
    const snapshot = chicagoCase({ statementOfInterest: undefined });
    expect(fields('statement_of_interest', snapshot)).toEqual([
      'statementOfInterest.agencyMatter',
      'statementOfInterest.worksiteAddress',
      'statementOfInterest.dispute',
      'statementOfInterest.period',
    ]);
  });

  it('needs consent for a referral, and a value for every field chosen for sharing', () => {
    const snapshot = londonCase();
    snapshot.referral = { ...snapshot.referral!, consentDate: undefined, sharedFields: ['name', 'nationality', 'visa', 'openDeadlines'] };
    snapshot.person = { displayName: 'Łukasz Nowak' };
    snapshot.deadlines = [];
    expect(missingFacts('referral', snapshot)).toEqual([
      { field: 'referral.consentDate', label: 'Date of the person’s consent to share with partners' },
      { field: 'person.nationality', label: 'Nationality (chosen for sharing, but not recorded)' },
      { field: 'person.visaType', label: 'Visa (chosen for sharing, but not recorded)' },
      { field: 'deadlines', label: 'Open deadlines (chosen for sharing, but not recorded)' },
    ]);
  });

  it('needs the summary and urgent help for the worker’s summary', () => {
    const snapshot = londonCase({ summary: ' ', urgentHelp: [] });
    expect(fields('worker_summary', snapshot)).toEqual(['summary', 'urgentHelp']);
  });
});

describe('composeLetter refuses a letter that lacks facts', () => {
  it('throws MissingLetterFactsError carrying the list', () => {
    const snapshot = londonCase({ amounts: { currency: 'GBP', items: [] } });
    let error: unknown;
    try {
      composeLetter('letter_before_claim', snapshot);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingLetterFactsError);
    expect((error as MissingLetterFactsError).missing).toEqual([{ field: 'amounts.items', label: 'At least one amount owed' }]);
  });
});
