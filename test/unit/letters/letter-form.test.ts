import { describe, expect, it } from 'vitest';
import { documentFileName } from '../../../src/documents/documents.service.js';
import { jurisdictionTemplate, urgentHelpLines } from '../../../src/letters/jurisdictions.js';
import { ENGLISH } from '../../../src/letters/letter-strings.js';
import { addDays, addressLines, localDate } from '../../../src/letters/letter-from-case.js';
import { LetterForm, amountForInput, formValuesFromBody, letterFieldErrors, parseAmount } from '../../../src/letters/letters.schema.js';

describe('amounts typed in the letter form', () => {
  it.each([
    ['1953.60', 'GBP', 195360],
    ['1,953.6', 'GBP', 195360],
    ['£ 1 953.60', 'GBP', 195360],
    ['150', 'GBP', 15000],
    ['-150.00', 'GBP', -15000],
    ['0.10', 'USD', 10],
    ['12345', 'JPY', 12345],
  ])('%s %s is %i minor units', (input, currency, minor) => {
    expect(parseAmount(input, currency)).toBe(minor);
  });

  it.each([['12.345', 'GBP'], ['lots', 'GBP'], ['1.5', 'JPY'], ['1e5', 'GBP'], ['', 'GBP'], ['--1', 'GBP'], ['99999999999999', 'GBP']])('refuses %s in %s', (input, currency) => {
    expect(parseAmount(input, currency)).toBeNull();
  });

  it('shows minor units back as the form expects them', () => {
    expect(amountForInput(347112, 'GBP')).toBe('3471.12');
    expect(amountForInput(5, 'GBP')).toBe('0.05');
    expect(amountForInput(-15000, 'EUR')).toBe('-150.00');
    expect(amountForInput(12345, 'JPY')).toBe('12345');
    expect(parseAmount(amountForInput(347112, 'GBP'), 'GBP')).toBe(347112);
  });
});

describe('the letter form schema', () => {
  const base = { kind: 'letter_before_claim', currency: 'GBP' };

  it('zips table rows, drops blank lines and converts amounts', () => {
    const parsed = LetterForm.parse({ ...base, itemPeriod: ['March', '', ''], itemDescription: ['Unpaid hours', 'Fee', ''], itemAmount: ['100.50', '20', ''] });
    expect(parsed.items).toEqual([
      { period: 'March', description: 'Unpaid hours', amountMinor: 10050 },
      { period: '', description: 'Fee', amountMinor: 2000 },
    ]);
  });

  it('takes a single row sent as a plain string', () => {
    expect(LetterForm.parse({ ...base, itemDescription: 'Fee', itemAmount: '20' }).items).toEqual([{ period: '', description: 'Fee', amountMinor: 2000 }]);
  });

  it('reports each bad cell with its line, and a missing currency once', () => {
    const result = LetterForm.safeParse({ kind: 'letter_before_claim', itemDescription: ['A', '', 'C'], itemAmount: ['1', '2', ''], doneDate: ['2026-02-30'] });
    expect(result.success).toBe(false);
    expect(letterFieldErrors(result.error!)).toEqual({
      currency: 'letters.validation.currencyNeeded',
      'items.1.description': 'letters.validation.itemDescription',
      'items.2.amount': 'letters.validation.itemAmount',
      'done.0.date': 'letters.validation.date',
    });
  });

  it('shows a too-long cell in its table row', () => {
    expect(letterFieldErrors(LetterForm.safeParse({ ...base, itemDescription: ['ok', 'x'.repeat(301)], itemAmount: ['1', '2'] }).error!)).toEqual({
      'items.1.description': 'letters.validation.tooLong',
    });
    expect(letterFieldErrors(LetterForm.safeParse({ ...base, itemAmount: Array.from({ length: 41 }, () => '1') }).error!)).toMatchObject({ items: 'letters.validation.tooManyRows' });
  });

  it('refuses an unknown kind and an unknown request', () => {
    expect(LetterForm.safeParse({ kind: 'referral' }).success).toBe(false);
    expect(letterFieldErrors(LetterForm.safeParse({ kind: 'inspectorate_complaint', requests: ['jail'] }).error!)).toMatchObject({ requests: 'letters.validation.request' });
  });

  it('gives the form back as typed after a refusal', () => {
    const values = formValuesFromBody({ personName: 'X', itemPeriod: ['a', 'b'], itemDescription: 'only one', withholdName: 'on', requests: 'inspection' });
    expect(values.items).toEqual([
      { period: 'a', description: 'only one', amount: '' },
      { period: 'b', description: '', amount: '' },
    ]);
    expect(values.withholdName).toBe(true);
    expect(values.requests).toEqual(['inspection']);
    expect(values.personName).toBe('X');
  });
});

describe('facts from the case', () => {
  it('splits an address into lines: by line breaks, else at its commas', () => {
    expect(addressLines('Unit 4, 17 Harbour Street\nLondon E14 9XY')).toEqual(['Unit 4, 17 Harbour Street', 'London E14 9XY']);
    expect(addressLines('128 Theobalds Road, London WC1X 8TN')).toEqual(['128 Theobalds Road', 'London WC1X 8TN']);
    // A US state or Canadian province stays with its city and postal code.
    expect(addressLines('13 Demo Plaza, Chicago, IL 60604')).toEqual(['13 Demo Plaza', 'Chicago, IL 60604']);
    expect(addressLines('400 University Ave, Toronto, ON M7A 1T7')).toEqual(['400 University Ave', 'Toronto, ON M7A 1T7']);
    expect(addressLines('  ')).toEqual([]);
    expect(addressLines(null)).toEqual([]);
  });

  it('dates the letter by the contact point’s calendar, and counts days across month ends', () => {
    // 00:30 on 1 March in London is still 28 February in Chicago.
    const instant = Date.UTC(2026, 2, 1, 0, 30);
    expect(localDate('Europe/London', instant)).toBe('2026-03-01');
    expect(localDate('America/Chicago', instant)).toBe('2026-02-28');
    expect(addDays('2026-02-20', 14)).toBe('2026-03-06');
    expect(addDays('2026-03-25', 14)).toBe('2026-04-08');
  });

  it('pre-fills the legal basis for the jurisdictions it has reviewed texts for, and leaves it to the counsellor elsewhere', () => {
    const gb = jurisdictionTemplate('GB', null);
    expect(gb.name).toBe('England and Wales');
    expect(gb.legalBasis.join(' ')).toContain('section 13 of the Employment Rights Act 1996');
    expect(jurisdictionTemplate('GB', 'Northern Ireland').legalBasis.join(' ')).toContain('Employment Rights (Northern Ireland) Order 1996');
    const il = jurisdictionTemplate('US', 'Illinois');
    expect(il.name).toBe('Illinois');
    expect(il.legalBasis.join(' ')).toMatch(/Fair Labor Standards Act.*820 ILCS 115/);
    expect(jurisdictionTemplate('us', 'ca').name).toBe('California');
    expect(urgentHelpLines(jurisdictionTemplate('US', null).urgentHelp, ENGLISH.urgentHelp)[0]).toBe('Emergency: 911');
    const de = jurisdictionTemplate('DE', null);
    expect(de).toEqual({ name: 'Germany', legalBasis: [], urgentHelp: [{ key: 'emergency', values: { number: '112' } }] });
    // In another language: the country named by Intl in it; a region or state keeps its English name, marked so.
    expect(jurisdictionTemplate('DE', null, 'fr').name).toBe('Allemagne');
    expect(jurisdictionTemplate('DE', null, 'fr').nameIsEnglish).toBeUndefined();
    expect(jurisdictionTemplate('US', 'Illinois', 'de')).toMatchObject({ name: 'Illinois', nameIsEnglish: true });
    expect(jurisdictionTemplate('GB', null, 'de')).toMatchObject({ name: 'England and Wales', nameIsEnglish: true });
  });

  it('names a downloaded file by reference, kind and version only', () => {
    expect(documentFileName('LDN-2026-00042', 'letter_before_claim', 2)).toBe('LDN-2026-00042-letter-before-claim-v2.pdf');
    expect(documentFileName('CHI-2026-00007', 'worker_summary', 1)).toBe('CHI-2026-00007-case-summary-v1.pdf');
    expect(documentFileName('CHI-2026-00007', 'some new kind', 3)).toBe('CHI-2026-00007-some-new-kind-v3.pdf');
  });
});
