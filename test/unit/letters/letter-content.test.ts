import { describe, expect, it } from 'vitest';
import { LetterLanguageError, composeLetter, describeLetterKind } from '../../../src/letters/letter-content.js';
import { LETTER_KINDS, minimiseSnapshot } from '../../../src/letters/letter-snapshot.js';
import type { LetterSnapshot } from '../../../src/letters/letter-snapshot.js';
import { IMMIGRATION_SITUATION, chicagoCase, londonCase, renderText } from './fixtures.js';

describe('letter before claim', () => {
  it('names the parties, itemises the amounts with their total, and states the legal basis and the demand', async () => {
    const { text, warnings } = await renderText('letter_before_claim', londonCase({ yourReference: 'BS/HR/77' }));

    expect(text).toContain('Hospitality and Care Workers Union');
    expect(text).toContain('London Migrant Workers Contact Point');
    expect(text).toContain('Bright Star Hospitality Ltd');
    expect(text).toContain('For the attention of The Managing Director');
    expect(text).toContain('Unit 4, 17 Harbour Street London E14 9XY');
    expect(text).toContain('Letter before claim: wages owed to Łukasz Nowak');
    expect(text).toContain('who on 2 March 2026 authorised Hospitality and Care Workers Union');
    expect(text).toContain('worked for you as kitchen porter at The Harbour Hotel, London E14 from 1 September 2025 to 27 February 2026');
    expect(text).toContain('The agreed pay was £12.21 an hour for 40 hours a week, paid weekly.');

    expect(text).toContain('Date 10 March 2026');
    expect(text).toContain('Our reference LDN-2026-00042');
    expect(text).toContain('Your reference BS/HR/77');

    expect(text).toContain('Amount (GBP)');
    expect(text).toContain('Unpaid hours (160 h at £12.21) £1,953.60');
    expect(text).toContain('Holiday pay not paid (14 days) £1,367.52');
    expect(text).toContain('Unlawful deduction: "uniform fee" £150.00');
    expect(text).toContain('Total £3,471.12');

    expect(text).toContain('The legal basis (England and Wales)');
    expect(text).toContain('section 13 of the Employment Rights Act 1996 (Part II)');
    expect(text).toContain('National Minimum Wage Act 1998');
    expect(text).toContain('payslips, time records and any other pay records');
    expect(text).toContain('Please pay Łukasz Nowak the total of £3,471.12 by 24 March 2026.');
    expect(text).toContain('employment tribunal or court');
    expect(text).toContain('protects Łukasz Nowak against dismissal or any other detriment');

    expect(text).toContain('Enclosures');
    expect(text).toContain('Bank statements, September 2025 to February 2026');
    expect(text).toContain('Yours faithfully, Amina Okafor Migrant workers’ counsellor');
    expect(warnings).toEqual([]);
  });

  it('uses the jurisdiction’s own escalation and payment wording when given', async () => {
    const { text } = await renderText(
      'letter_before_claim',
      londonCase({
        paymentInstructions: 'Please pay by bank transfer to the account in the enclosed letter.',
        escalation: 'Otherwise we will present a claim to the Employment Tribunal under section 23 of the Employment Rights Act 1996.',
      }),
    );
    expect(text).toContain('Please pay by bank transfer to the account in the enclosed letter.');
    expect(text).toContain('present a claim to the Employment Tribunal under section 23');
    expect(text).not.toContain('competent employment tribunal or court');
  });
});

describe('complaint to a labour inspectorate', () => {
  it('sets out complainant, employer, agency, breaches with evidence and amounts, and asks for confidentiality', async () => {
    const { text } = await renderText('inspectorate_complaint', londonCase({ yourReference: 'FWA-C-2026-118' }));

    expect(text).toContain('PRIVATE AND CONFIDENTIAL');
    expect(text).toContain('Fair Work Agency For the attention of Complaints and Intelligence Team PO Box 4000 Leeds LS1 1AA');
    expect(text).toContain('Your reference FWA-C-2026-118');
    expect(text).toContain('Complaint about Bright Star Hospitality Ltd');
    expect(text).toContain('on behalf of Łukasz Nowak, who authorised us to do so on 2 March 2026');
    expect(text).toContain('Contact Amina Okafor, a.okafor@cp.example.org, tel. +44 20 7946 0123');
    expect(text).toContain('Please contact the worker only through us.');
    expect(text).toContain('Registration number 01234567');
    expect(text).toContain('Workers affected 14');
    expect(text).toContain('QuickStaff Recruitment Ltd');
    expect(text).toContain('1. Wages not paid');
    expect(text).toContain('When 2 to 27 February 2026');
    expect(text).toContain('Evidence Rota messages Bank statements');
    expect(text).toContain('Amount owed £1,953.60');
    expect(text).toContain('3. Illegal fee for a uniform');
    expect(text).toContain('Total £3,471.12');
    expect(text).toContain('inspect the employer’s workplaces and records;');
    expect(text).toContain('impose the sanctions the law provides');
    expect(text).toContain('identity is kept confidential');
  });

  it('leaves the worker’s name out when it is withheld', async () => {
    const snapshot = londonCase();
    snapshot.complaint = { ...snapshot.complaint!, withholdWorkerName: true, requests: ['inspection'] };
    snapshot.enclosures = ['Rota messages'];
    const { text } = await renderText('inspectorate_complaint', snapshot);
    expect(text).not.toContain('Łukasz');
    expect(text).not.toContain('Nowak');
    expect(text).toContain('on behalf of a worker of Bright Star Hospitality Ltd');
    expect(text).toContain('Name withheld for the worker’s protection');
    expect(text).toContain('inspect the employer’s workplaces and records;');
    expect(text).not.toContain('impose the sanctions');
  });
});

describe('request for a statement of interest (US)', () => {
  it('is dated and formatted in the US locale, cites the open matter, and names no individual worker', async () => {
    const { text } = await renderText('statement_of_interest', chicagoCase());

    // 21:15 in Chicago on 10 March is already 11 March in UTC: the letter is dated where it is written.
    expect(text).toContain('Date March 10, 2026');
    expect(text).toContain('Our reference CHI-2026-00007');
    expect(text).toContain('U.S. Department of Labor, Wage and Hour Division');
    expect(text).toContain('Prairie Poultry Processing LLC at 800 Industrial Drive, Cicero, IL 60804');
    expect(text).toContain('open matter WHD-1987654');
    expect(text).toContain('witnesses or potential witnesses');
    expect(text).toContain('Fear of immigration enforcement');
    expect(text).toContain('issue a statement of interest in support of deferred action, for a period of two years');
    expect(text).toContain('deductions for protective equipment');
    expect(text).toContain('Attachments');
    expect(text).toContain('Sincerely, Rosa Delgado Organizer Chicago Worker Center');
    expect(text).not.toContain('Nguyễn');
    expect(text).not.toContain(IMMIGRATION_SITUATION);
  });

  it('carries the notice that DALE stopped taking new requests, for the template page', () => {
    expect(describeLetterKind('statement_of_interest').notice).toMatch(/stopped taking new requests in 2025/);
    expect(describeLetterKind('referral').notice).toBeUndefined();
  });
});

describe('referral letter', () => {
  it('contains the chosen fields and the consent, and nothing that was not chosen', async () => {
    const { text } = await renderText('referral', londonCase());

    expect(text).toContain('Migrant Rights Advice Centre For the attention of Duty adviser 45 Advice Street London N1 9ZZ');
    expect(text).toContain('referrals@mrac.example.org (secure)');
    expect(text).toContain('We would like to refer Łukasz Nowak to Migrant Rights Advice Centre.');
    expect(text).toContain('needs regulated immigration advice');
    expect(text).toContain('Please offer him an appointment');
    expect(text).toContain('Name Łukasz Nowak');
    expect(text).toContain('Preferred language Polish');
    expect(text).toContain('Phone or messaging +44 7700 900123 (WhatsApp)');
    expect(text).toContain('Issues Wage theft / unpaid wages, Unlawful deductions and illegal fees');
    expect(text).toContain('Summary of the case Łukasz worked as a kitchen porter');
    expect(text).toContain('Łukasz Nowak consented on 2 March 2026 to our sharing the information in this letter');
    expect(text).toContain('Please reply by 20 March 2026 to Amina Okafor');

    expect(text).not.toContain(IMMIGRATION_SITUATION);
    expect(text).not.toContain('Immigration situation');
    // The nationality is also the language here, so its label is what must be absent.
    expect(text).not.toContain('Nationality');
    expect(text).not.toContain('Standard Visitor');
    expect(text).not.toContain('778812');
    expect(text).not.toContain('1991');
    expect(text).not.toContain('Bright Star');
    expect(text).not.toContain('Total');
  });

  it('shares the immigration situation only when the counsellor chose it', async () => {
    const snapshot = londonCase();
    snapshot.referral = { ...snapshot.referral!, sharedFields: ['immigrationSituation', 'visa', 'amountsOwed'] };
    const { text } = await renderText('referral', snapshot);
    expect(text).toContain(`Immigration situation ${IMMIGRATION_SITUATION}`);
    expect(text).toContain('Visa Standard Visitor, expires 31 August 2025');
    expect(text).toContain('Total: £3,471.12');
  });

  it('does not name the person when the name was not chosen', async () => {
    const snapshot = londonCase();
    snapshot.referral = { ...snapshot.referral!, sharedFields: ['caseTypes'], reason: 'Unpaid wages.', request: 'Legal advice.' };
    snapshot.enclosures = ['Payslips'];
    const { text } = await renderText('referral', snapshot);
    expect(text).not.toContain('Łukasz');
    expect(text).not.toContain('Nowak');
    expect(text).toContain('refer a person we are supporting');
    expect(text).toContain('The person consented on 2 March 2026');
  });
});

describe('case summary for the worker', () => {
  it('says what the case is about, what was done, what comes next, every deadline and where to get help', async () => {
    const { text } = await renderText('worker_summary', londonCase({ yourReference: 'FWA-C-2026-118' }));

    expect(text).toContain('PRIVATE AND CONFIDENTIAL Łukasz Nowak');
    expect(text).toContain('Dear Łukasz Nowak,');
    expect(text).toContain('Summary of your case LDN-2026-00042');
    expect(text).toContain('was not paid for his last four weeks');
    expect(text).toContain('2 March 2026: We met, listened to what happened and opened your case.');
    expect(text).toContain('Wait for the employer’s answer (who: your counsellor, by 24 March 2026)');
    expect(text).toContain('Bring your bank statements for March (who: you)');
    // Soonest first, whatever order the case lists them in.
    expect(text.indexOf('24 March 2026 Employer to pay')).toBeGreaterThan(0);
    expect(text.indexOf('24 March 2026 Employer to pay')).toBeLessThan(text.indexOf('26 May 2026 Start ACAS early conciliation'));
    expect(text).toContain('If this date is missed: The claim to the employment tribunal may be out of time and lost.');
    expect(text).toContain('Total £3,471.12');
    expect(text).toContain('Your counsellor is Amina Okafor at London Migrant Workers Contact Point');
    expect(text).toContain('Phone +44 20 7946 0123');
    expect(text).toContain('Modern Slavery and Exploitation Helpline: 08000 121 700');
    // The inspectorate's reference is not the worker's.
    expect(text).not.toContain('FWA-C-2026-118');
  });

  it('is written in the snapshot’s language, never in English in place of one without strings', () => {
    // The person's language does not decide (the form chose the letter's language): English, no warning.
    const english = composeLetter('worker_summary', londonCase({ person: { ...londonCase().person, preferredLanguage: 'pl' } }));
    expect(english.language).toBe('en');
    expect(english.warnings).toEqual([]);
    // Tigrinya has no letter strings: refused, nothing composed.
    expect(() => composeLetter('worker_summary', { ...londonCase(), language: 'ti' })).toThrow(LetterLanguageError);
  });
});

describe('what never appears in a letter', () => {
  it('has no place in the snapshot for restricted notes or safety flags, and drops them from what is stored', () => {
    const snapshot: LetterSnapshot = {
      ...londonCase(),
      // @ts-expect-error: restricted notes are not part of a letter snapshot, by design
      restrictedNotes: [{ text: 'RESTRICTED-NOTE-7731', restricted: true }],
    };
    // @ts-expect-error: nor are safety flags part of the person a letter names
    snapshot.person = { ...snapshot.person, safetyFlags: ['SAFETY-FLAG-do not call'] };
    for (const kind of LETTER_KINDS) {
      const stored = minimiseSnapshot(kind, snapshot);
      expect(Object.keys(stored), kind).not.toContain('restrictedNotes');
      expect(Object.keys(stored.person), kind).not.toContain('safetyFlags');
      expect(JSON.stringify(stored), kind).not.toMatch(/RESTRICTED-NOTE|SAFETY-FLAG/);
      // What every letter prints stays.
      expect(stored, kind).toMatchObject({ caseReference: 'LDN-2026-00042', person: { displayName: 'Łukasz Nowak' } });
    }
  });

  it('prints no restricted note, safety flag or (unchosen) immigration situation, even if the app passed them', async () => {
    const leaky = {
      ...londonCase(),
      notes: [{ restricted: true, text: 'RESTRICTED-NOTE-7731 employer threatened to call immigration' }],
      restrictedNotes: ['RESTRICTED-NOTE-7731'],
      safetyFlags: ['SAFETY-FLAG-do not call, employer controls phone'],
    } as LetterSnapshot;
    for (const kind of LETTER_KINDS) {
      const snapshot = kind === 'statement_of_interest' ? { ...chicagoCase(), ...leaky, contactPoint: chicagoCase().contactPoint } : leaky;
      const { text } = await renderText(kind, snapshot);
      expect(text, kind).not.toContain('RESTRICTED-NOTE');
      expect(text, kind).not.toContain('SAFETY-FLAG');
      expect(text, kind).not.toContain('threatened');
      expect(text, kind).not.toContain(IMMIGRATION_SITUATION);
    }
  });
});
