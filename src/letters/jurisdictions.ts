/**
 * What a letter says that depends on the law of the place: the legal basis of a wage claim, what
 * follows non-payment, and where a worker finds urgent help. Pre-filled into the letter form, where
 * the counsellor can change every word before generating. Each text names its statute so that a
 * reviewer can check it; `{worker}` is replaced by the worker's name when the letter is made.
 *
 * Reviewed against the statutes as published (legislation.gov.uk, uscode.house.gov, ilga.gov,
 * leginfo.legislature.ca.gov, nysenate.gov, legislation.gov.au). Not legal advice: a template.
 */

import { isKnownRegion, regionName } from '../deadlines/holidays.js';
import { ISO_REGION } from '../deadlines/regions.js';
import { fill } from './letter-format.js';
import type { LetterStrings } from './letter-strings.js';

/** A line of "If you need help urgently": a key of the letters' `urgentHelp` strings, and its numbers as written. */
export interface UrgentHelpLine {
  key: keyof LetterStrings['urgentHelp'];
  values: Record<string, string>;
}

export interface JurisdictionTemplate {
  /** How the letter names the jurisdiction: "England and Wales", "Illinois". */
  name: string;
  /** The name is English only (a region Intl cannot name in the letter's language). */
  nameIsEnglish?: boolean;
  /** In English only: statute texts exist in English and no other language. */
  legalBasis: string[];
  escalation?: string;
  urgentHelp: UrgentHelpLine[];
}

const line = (key: UrgentHelpLine['key'], values: Record<string, string>): UrgentHelpLine => ({ key, values });

/** The urgent-help lines in a letter language's words. */
export function urgentHelpLines(lines: readonly UrgentHelpLine[], strings: LetterStrings['urgentHelp']): string[] {
  return lines.map((l) => fill(strings[l.key], l.values));
}

const GREAT_BRITAIN: Omit<JurisdictionTemplate, 'name'> = {
  legalBasis: [
    'Wages that were due and not paid, and any deduction not authorised by statute, by the contract or by the worker in writing beforehand, are unlawful deductions from wages under section 13 of the Employment Rights Act 1996 (Part II).',
    'Every hour worked must be paid at least at the National Minimum Wage or National Living Wage (National Minimum Wage Act 1998 and National Minimum Wage Regulations 2015). Arrears are recoverable as an unlawful deduction and are due at the current rate (section 17 of the Act).',
    'Holiday pay, including pay for leave not taken when the employment ends, is due under regulations 13, 13A, 14 and 16 of the Working Time Regulations 1998.',
    'An employer must give an itemised pay statement with every payment of wages (section 8 of the Employment Rights Act 1996) and keep records showing that the minimum wage was paid (regulation 59 of the National Minimum Wage Regulations 2015).',
  ],
  escalation:
    'If the total is not paid in full by that date, we will, without further notice, help {worker} start early conciliation with Acas and bring a claim to the Employment Tribunal under section 23 of the Employment Rights Act 1996, and report the failure to pay the minimum wage to the enforcement authority.',
  urgentHelp: [
    line('emergencyServices', { number: '999' }),
    line('ukModernSlavery', { number: '08000 121 700' }),
    line('samaritans', { number: '116 123' }),
  ],
};

const NORTHERN_IRELAND: Omit<JurisdictionTemplate, 'name'> = {
  legalBasis: [
    'Wages that were due and not paid, and any deduction not authorised by statute, by the contract or by the worker in writing beforehand, are unlawful deductions from wages under Article 45 of the Employment Rights (Northern Ireland) Order 1996 (Part IV).',
    'Every hour worked must be paid at least at the National Minimum Wage or National Living Wage (National Minimum Wage Act 1998 and National Minimum Wage Regulations 2015).',
    'Holiday pay is due under the Working Time Regulations (Northern Ireland) 2016.',
  ],
  escalation:
    'If the total is not paid in full by that date, we will, without further notice, help {worker} bring a claim to the Industrial Tribunal after early conciliation with the Labour Relations Agency.',
  urgentHelp: GREAT_BRITAIN.urgentHelp,
};

const US_FEDERAL_BASIS = [
  'The Fair Labor Standards Act requires at least the federal minimum wage for every hour worked (29 U.S.C. § 206) and overtime at one and a half times the regular rate for hours over 40 in a workweek (29 U.S.C. § 207). An employer who violates these provisions is liable for the unpaid wages and an equal amount as liquidated damages (29 U.S.C. § 216(b)).',
  'Employers must keep accurate records of the hours worked and the wages paid (29 U.S.C. § 211(c); 29 C.F.R. Part 516), and may not discharge or discriminate against a worker for asserting these rights (29 U.S.C. § 215(a)(3)).',
];

const US_URGENT = [
  line('emergency', { number: '911' }),
  line('usTrafficking', { number: '1-888-373-7888', text: '233733' }),
  line('usCrisis', { number: '988' }),
];

const US_ESCALATION =
  'If the total is not paid in full by that date, we will, without further notice, help {worker} file a wage claim with the state labor department or the U.S. Department of Labor, Wage and Hour Division, or bring an action in court.';

const US_STATES: Record<string, { name: string; basis: string[]; escalation?: string }> = {
  IL: {
    name: 'Illinois',
    basis: [
      'The Illinois Wage Payment and Collection Act (820 ILCS 115) requires the employer to pay all wages earned when due and final compensation at separation, and forbids deductions unless the worker freely consents in writing at the time of the deduction (section 9).',
      'The Illinois Minimum Wage Law (820 ILCS 105) sets the state minimum wage and requires overtime at one and a half times the regular rate; underpaid workers may recover the shortfall with damages (section 12).',
    ],
    escalation:
      'If the total is not paid in full by that date, we will, without further notice, help {worker} file a wage claim with the Illinois Department of Labor or bring an action in court, and report the matter to the U.S. Department of Labor, Wage and Hour Division.',
  },
  CA: {
    name: 'California',
    basis: [
      'California Labor Code sections 201 to 204 require all wages to be paid when due and in full at the end of employment, with waiting-time penalties for late final pay (section 203); section 221 forbids taking back any part of wages paid, and section 226 requires accurate itemised wage statements.',
      'Under Labor Code section 1194 a worker paid less than the minimum wage or overtime may recover the unpaid balance with interest, and liquidated damages under section 1194.2.',
    ],
    escalation:
      'If the total is not paid in full by that date, we will, without further notice, help {worker} file a wage claim with the California Labor Commissioner or bring an action in court.',
  },
  NY: {
    name: 'New York',
    basis: [
      'New York Labor Law section 191 requires wages to be paid when due, and section 193 forbids deductions other than those the law allows or the worker authorises in writing for their own benefit.',
      'Under Labor Law sections 198 and 663 a worker may recover unpaid wages and minimum wage with liquidated damages, interest and costs.',
    ],
    escalation:
      'If the total is not paid in full by that date, we will, without further notice, help {worker} file a claim with the New York State Department of Labor or bring an action in court.',
  },
};

const US_STATE_NAMES: Record<string, string> = { illinois: 'IL', california: 'CA', 'new york': 'NY' };

const AUSTRALIA: JurisdictionTemplate = {
  name: 'Australia',
  legalBasis: [
    'Under the Fair Work Act 2009 an employer must pay an employee in full, in money, at least monthly (section 323), and may deduct only as section 324 permits.',
    'An employer must not contravene a term of a modern award or enterprise agreement (sections 45 and 50) or the National Employment Standards (section 44), including paid annual leave (section 90).',
    'An employer must keep employee records and give a pay slip within one working day of payment (sections 535 and 536), and must not take adverse action against an employee for exercising a workplace right (section 340).',
  ],
  escalation:
    'If the total is not paid in full by that date, we will, without further notice, help {worker} bring a small claim in a court under the Fair Work Act 2009 and report the matter to the Fair Work Ombudsman.',
  urgentHelp: [line('emergency', { number: '000' }), line('auLifeline', { number: '13 11 14' }), line('au1800Respect', { number: '1800 737 732' })],
};

/** EU and EEA: 112 reaches the emergency services everywhere. */
const EMERGENCY_112 = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH'.split(' '));

function countryName(country: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/**
 * The template for a case's jurisdiction; without a reviewed text the legal basis is left for the counsellor. The
 * statute texts are in English only; the name is in `language` where Intl can name the country, else English.
 */
export function jurisdictionTemplate(country: string, region: string | null | undefined, language = 'en'): JurisdictionTemplate {
  const template = englishTemplate(country, region);
  if (language === 'en') return template;
  const code = country.toUpperCase();
  const typed = region?.trim() ?? '';
  // A whole country (no region) is named by Intl in the letter's language; a region or a state keeps its English name.
  if (!typed && !['GB', 'US'].includes(code)) return { ...template, name: countryName(code, language) };
  return { ...template, nameIsEnglish: true };
}

function englishTemplate(country: string, region: string | null | undefined): JurisdictionTemplate {
  const code = country.toUpperCase();
  // A region chosen from the list is an ISO 3166-2 code (GB-SCT, US-IL): the letter names it.
  const typed = region?.trim() ?? '';
  const regionText = ISO_REGION.test(typed) && isKnownRegion(typed) ? regionName(typed) : typed;
  if (code === 'GB') {
    if (/northern\s*ireland|^ni$/i.test(regionText)) return { name: 'Northern Ireland', ...NORTHERN_IRELAND };
    return { name: regionText || 'England and Wales', ...GREAT_BRITAIN };
  }
  if (code === 'US') {
    const stateCode = US_STATE_NAMES[regionText.toLowerCase()] ?? regionText.toUpperCase();
    const state = US_STATES[stateCode];
    if (state) return { name: state.name, legalBasis: [...US_FEDERAL_BASIS, ...state.basis], escalation: state.escalation ?? US_ESCALATION, urgentHelp: US_URGENT };
    return { name: regionText || 'United States', legalBasis: US_FEDERAL_BASIS, escalation: US_ESCALATION, urgentHelp: US_URGENT };
  }
  if (code === 'AU') return AUSTRALIA;
  const name = regionText ? `${regionText}, ${countryName(code, 'en')}` : countryName(code, 'en');
  return { name, legalBasis: [], urgentHelp: EMERGENCY_112.has(code) ? [line('emergency', { number: '112' })] : [] };
}

/** The paper a letter is printed on: US Letter in the United States and Canada, A4 everywhere else (ISO 216). */
export type PaperSize = 'A4' | 'LETTER';
const LETTER_PAPER = new Set(['US', 'CA']);

export function paperSizeFor(country: string): PaperSize {
  return LETTER_PAPER.has(country.toUpperCase()) ? 'LETTER' : 'A4';
}

/**
 * Whether a letter kind exists in a case's jurisdiction. The request for a statement of interest supports a US
 * deferred-action application (DHS, labor enforcement: shared/domain/letters.md §3); it has no meaning elsewhere.
 * Every other form letter is written for any jurisdiction.
 */
export function letterKindFits(kind: string, country: string): boolean {
  return kind !== 'statement_of_interest' || country.toUpperCase() === 'US';
}
