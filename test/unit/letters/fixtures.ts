import { composeLetter } from '../../../src/letters/letter-content.js';
import type { LetterKind, LetterSnapshot } from '../../../src/letters/letter-snapshot.js';
import { renderLetterPdf } from '../../../src/letters/pdf.js';
import type { RenderedLetter } from '../../../src/letters/pdf.js';
import { flat, pdfPages } from '../../helpers/pdf-text.js';

/**
 * Realistic snapshots for letter tests: a London case (England and Wales, GBP) that has every
 * fact each letter needs, and a Chicago worker centre for the US deferred-action request.
 * Sensitive fields that no letter may print unless chosen are filled in on purpose.
 */

export const IMMIGRATION_SITUATION = 'Undocumented (overstayed visitor visa)';

export function londonCase(overrides: Partial<LetterSnapshot> = {}): LetterSnapshot {
  return {
    generatedAt: '2026-03-10T09:30:00Z',
    contactPoint: {
      name: 'London Migrant Workers Contact Point',
      union: 'Hospitality and Care Workers Union',
      country: 'GB',
      city: 'London',
      addressLines: ['128 Example Road', 'London WC1X 8AB'],
      email: 'london@cp.example.org',
      phone: '+44 20 7946 0000',
      locale: 'en-GB',
      timezone: 'Europe/London',
    },
    counsellor: { name: 'Amina Okafor', role: 'Migrant workers’ counsellor', email: 'a.okafor@cp.example.org', phone: '+44 20 7946 0123' },
    caseReference: 'LDN-2026-00042',
    person: {
      displayName: 'Łukasz Nowak',
      preferredLanguage: 'en',
      preferredLanguageName: 'Polish',
      interpreterNeeded: false,
      contact: '+44 7700 900123 (WhatsApp)',
      nationality: 'Polish',
      gender: 'Man',
      dateOfBirth: '1991',
      immigrationSituation: IMMIGRATION_SITUATION,
      visaType: 'Standard Visitor',
      visaExpiry: '2025-08-31',
      unionMembership: 'Member no. 778812 since 2025',
    },
    employer: {
      name: 'Bright Star Hospitality Ltd',
      attention: 'The Managing Director',
      addressLines: ['Unit 4, 17 Harbour Street', 'London E14 9XY'],
      sector: 'Hospitality',
      registrationNumber: '01234567',
    },
    agency: { name: 'QuickStaff Recruitment Ltd', addressLines: ['2 Market Lane', 'Croydon CR0 1AA'] },
    jurisdiction: 'England and Wales',
    caseTypes: ['Wage theft / unpaid wages', 'Unlawful deductions and illegal fees'],
    sector: 'Hospitality',
    summary:
      'Łukasz worked as a kitchen porter at a hotel in east London. He was not paid for his last four weeks, received no holiday pay, and £150 was taken from his first wage as a "uniform fee".',
    employment: {
      jobTitle: 'kitchen porter',
      workplace: 'The Harbour Hotel, London E14',
      start: '2025-09-01',
      end: '2026-02-27',
      payAgreed: '£12.21 an hour for 40 hours a week, paid weekly',
      payReceived: '£400 a week in cash, with no payslips, until 30 January 2026 and nothing after that',
    },
    amounts: {
      currency: 'GBP',
      items: [
        { period: '2–27 February 2026', description: 'Unpaid hours (160 h at £12.21)', amountMinor: 195360 },
        { period: 'September 2025 – February 2026', description: 'Holiday pay not paid (14 days)', amountMinor: 136752 },
        { period: '5 September 2025', description: 'Unlawful deduction: "uniform fee"', amountMinor: 15000 },
      ],
    },
    legalBasis: [
      'Wages not paid when due are an unlawful deduction from wages under section 13 of the Employment Rights Act 1996 (Part II).',
      'Pay below the National Minimum Wage breaches the National Minimum Wage Act 1998, and the arrears are recoverable as a deduction.',
      'Holiday pay is due under regulations 13, 13A and 16 of the Working Time Regulations 1998.',
    ],
    facts: ['Mr Nowak kept a daily record of his hours, which matches the rota messages sent by the kitchen manager.'],
    workerAuthorisedOn: '2026-03-02',
    responseDeadline: '2026-03-24',
    enclosures: ['Rota messages from the kitchen manager (12 pages)', 'Bank statements, September 2025 to February 2026', 'Mr Nowak’s own record of hours'],
    deadlines: [
      {
        title: 'Start ACAS early conciliation',
        due: '2026-05-26',
        ifMissed: 'The claim to the employment tribunal may be out of time and lost.',
      },
      { title: 'Employer to pay the amount claimed', due: '2026-03-24', ifMissed: 'We start the tribunal claim.' },
    ],
    recipient: {
      name: 'Fair Work Agency',
      attention: 'Complaints and Intelligence Team',
      addressLines: ['PO Box 4000', 'Leeds LS1 1AA'],
    },
    complaint: {
      breaches: [
        {
          title: 'Wages not paid',
          dates: '2 to 27 February 2026',
          details: 'No wages were paid for the last four weeks of employment.',
          evidence: ['Rota messages', 'Bank statements'],
          amountMinor: 195360,
        },
        { title: 'No holiday pay', dates: 'September 2025 to February 2026', evidence: ['Bank statements'], amountMinor: 136752 },
        { title: 'Illegal fee for a uniform', dates: '5 September 2025', amountMinor: 15000 },
      ],
      workersAffected: 14,
    },
    referral: {
      partner: {
        name: 'Migrant Rights Advice Centre',
        attention: 'Duty adviser',
        addressLines: ['45 Advice Street', 'London N1 9ZZ'],
        secureContact: 'referrals@mrac.example.org (secure)',
      },
      reason: 'Mr Nowak needs regulated immigration advice before he can bring a tribunal claim.',
      request: 'Please offer him an appointment with an immigration adviser, with a Polish interpreter if possible.',
      replyBy: '2026-03-20',
      consentDate: '2026-03-02',
      sharedFields: ['name', 'preferredLanguage', 'contact', 'caseTypes', 'caseSummary'],
    },
    progress: {
      done: [
        { date: '2026-03-02', text: 'We met, listened to what happened and opened your case.' },
        { date: '2026-03-10', text: 'We wrote to Bright Star Hospitality asking them to pay what they owe you.' },
      ],
      nextSteps: [
        { action: 'Wait for the employer’s answer', who: 'your counsellor', by: '2026-03-24' },
        { action: 'Bring your bank statements for March', who: 'you' },
      ],
    },
    urgentHelp: ['Emergency (police, ambulance): 999', 'Modern Slavery and Exploitation Helpline: 08000 121 700 (24 hours, free)'],
    ...overrides,
  };
}

export function chicagoCase(overrides: Partial<LetterSnapshot> = {}): LetterSnapshot {
  return {
    ...londonCase(),
    generatedAt: '2026-03-10T21:15:00-06:00',
    contactPoint: {
      name: 'Chicago Worker Center',
      union: 'Midwest Food Workers Union',
      country: 'US',
      city: 'Chicago',
      addressLines: ['1500 W Example Ave', 'Chicago, IL 60608'],
      email: 'help@workercenter.example.org',
      phone: '+1 312 555 0147',
      locale: 'en-US',
      timezone: 'America/Chicago',
    },
    counsellor: { name: 'Rosa Delgado', role: 'Organizer', email: 'rosa@workercenter.example.org' },
    caseReference: 'CHI-2026-00007',
    person: { displayName: 'Nguyễn Văn Thành', immigrationSituation: IMMIGRATION_SITUATION },
    employer: { name: 'Prairie Poultry Processing LLC', addressLines: ['800 Industrial Drive', 'Cicero, IL 60804'] },
    recipient: {
      name: 'U.S. Department of Labor, Wage and Hour Division',
      attention: 'District Director',
      addressLines: ['Chicago District Office', '230 Example Street, Suite 530', 'Chicago, IL 60604'],
    },
    amounts: { currency: 'USD', items: [{ description: 'Unpaid overtime', amountMinor: 1234550 }] },
    statementOfInterest: {
      agencyMatter: 'WHD-1987654',
      worksiteAddress: ['800 Industrial Drive', 'Cicero, IL 60804'],
      dispute: [
        'Workers on the deboning line report unpaid overtime and deductions for protective equipment since January 2025.',
        'Your agency opened an investigation in November 2025.',
      ],
      period: 'two years',
    },
    enclosures: ['Letter from the Wage and Hour Division confirming the open matter', 'Declaration of the worker center'],
    ...overrides,
  };
}

export interface RenderedText extends RenderedLetter {
  pages: string[];
  /** All pages with whitespace made single spaces, for `toContain` on wrapped sentences. */
  text: string;
}

/** Composes, renders and reads back a letter. */
export async function renderText(kind: LetterKind, snapshot: LetterSnapshot): Promise<RenderedText> {
  const rendered = await renderLetterPdf(composeLetter(kind, snapshot));
  const pages = await pdfPages(rendered.pdf);
  return { ...rendered, pages, text: flat(pages.join('\n')) };
}
