import { describe, expect, it } from 'vitest';
import { readCmap, loadFontBytes } from '../../../src/letters/fonts.js';
import { fill, formatDate, formatInstantDate, formatMoney, isIsoDate } from '../../../src/letters/letter-format.js';
import { minimiseSnapshot } from '../../../src/letters/letter-snapshot.js';
import { ENGLISH } from '../../../src/letters/letter-strings.js';
import { IMMIGRATION_SITUATION, londonCase } from './fixtures.js';

// Intl separates currency and number with a no-break space in some locales.
const spaces = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

describe('money', () => {
  it('formats minor units exactly, in the locale and currency', () => {
    expect(formatMoney(347112, 'GBP', 'en-GB')).toBe('£3,471.12');
    expect(formatMoney(1234550, 'USD', 'en-US')).toBe('$12,345.50');
    expect(spaces(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(formatMoney(-15000, 'GBP', 'en-GB')).toBe('-£150.00');
    expect(formatMoney(5, 'GBP', 'en-GB')).toBe('£0.05');
    expect(formatMoney(1500, 'JPY', 'en-GB')).toBe('JP¥1,500');
    // Beyond what a double holds to the penny once divided by 100.
    expect(formatMoney(9007199254740991, 'GBP', 'en-GB')).toBe('£90,071,992,547,409.91');
  });
});

describe('dates', () => {
  it('formats a calendar day in the locale, never shifted by a time zone', () => {
    expect(formatDate('2026-03-24', 'en-GB')).toBe('24 March 2026');
    expect(formatDate('2026-03-24', 'en-US')).toBe('March 24, 2026');
    expect(formatDate('2026-01-01', 'en-US')).toBe('January 1, 2026');
  });

  it('dates an instant by the contact point’s clock', () => {
    expect(formatInstantDate('2026-03-11T03:15:00Z', 'en-US', 'America/Chicago')).toBe('March 10, 2026');
    expect(formatInstantDate('2026-03-10T23:30:00Z', 'en-GB', 'Europe/Warsaw')).toBe('11 March 2026');
  });

  it('accepts only real calendar days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-3-1')).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });
});

describe('fill', () => {
  it('fills placeholders and refuses to print one it has no value for', () => {
    expect(fill('Page {page} of {pages}', { page: '2', pages: '3' })).toBe('Page 2 of 3');
    expect(() => fill('Dear {name},', {})).toThrow(/\{name\}/);
  });

  it('every English string uses only the placeholders its letter provides (no typos like {wroker})', () => {
    const placeholders = new Set(JSON.stringify(ENGLISH).match(/\{\w+\}/g));
    expect([...placeholders].sort()).toEqual(
      [
        '{authorisedOn}', '{characters}', '{city}', '{consentDate}', '{contact}', '{contactPoint}', '{counsellor}', '{currency}',
        '{date}', '{deadline}', '{due}', '{email}', '{employer}', '{end}', '{expiry}', '{ifMissed}', '{jobTitle}', '{jurisdiction}',
        '{language}', '{parts}', '{matter}', '{name}', '{number}', '{page}', '{pages}', '{partner}', '{payAgreed}', '{payReceived}',
        '{period}', '{person}', '{phone}', '{reference}', '{replyBy}', '{start}', '{text}', '{title}', '{total}', '{union}',
        '{visa}', '{who}', '{worker}', '{workersCovered}', '{workplace}', '{worksite}', '{action}',
      ].sort(),
    );
  });
});

describe('font coverage', () => {
  it('reads the fonts’ character maps', () => {
    const cmap = readCmap(loadFontBytes().bold);
    for (const char of 'AzÇğŁșțễĂОлΓώ€£') expect(cmap.has(char.codePointAt(0)!), char).toBe(true);
    expect(cmap.has(0x4e00)).toBe(false); // 一: no CJK in DejaVu
  });
});

describe('minimiseSnapshot', () => {
  it('stores nothing a letter before claim does not print', () => {
    const stored = minimiseSnapshot('letter_before_claim', londonCase());
    expect(stored.person).toEqual({ displayName: 'Łukasz Nowak', preferredLanguage: 'en' });
    expect(JSON.stringify(stored)).not.toContain(IMMIGRATION_SITUATION);
    expect(stored.referral).toBeUndefined();
    expect(stored.complaint).toBeUndefined();
    expect(stored.summary).toBeUndefined();
    expect(stored.amounts?.items).toHaveLength(3);
  });

  it('stores for a referral only what was chosen for sharing', () => {
    const snapshot = londonCase();
    snapshot.referral = { ...snapshot.referral!, sharedFields: ['contact', 'visa', 'caseSummary'] };
    const stored = minimiseSnapshot('referral', snapshot);
    expect(stored.person).toEqual({
      displayName: 'Łukasz Nowak',
      preferredLanguage: 'en',
      contact: '+44 7700 900123 (WhatsApp)',
      visaType: 'Standard Visitor',
      visaExpiry: '2025-08-31',
    });
    expect(stored.summary).toBe(snapshot.summary);
    expect(stored.employer).toBeUndefined();
    expect(stored.amounts).toBeUndefined();
  });
});
