import { describe, expect, it } from 'vitest';
import { composeCollectiveLetter, type CollectiveLetterFacts } from '../../../src/batch-letters/collective-letter.js';

const facts = (country: string, timezone: string): CollectiveLetterFacts => ({
  group: { reference: 'G-2026-001', title: 'Unpaid night shifts', summary: 'Night shifts were not paid.' },
  party: { name: 'Harbour Kitchens Ltd', address: '17 Harbour Street' },
  contactPoint: { name: 'Desk', unionName: 'Union', city: 'City', address: '1 Main Street', email: null, phone: null, country, defaultLocale: 'en', timezone },
  counsellor: { name: 'Amira Haddad' },
  named: ['Ion Rusu'],
  unnamedCount: 0,
  now: Date.parse('2026-11-24T10:00:00Z'),
});

describe('the collective letter’s paper', () => {
  it('follows the desk’s country: Letter in the US and Canada, A4 elsewhere', () => {
    expect(composeCollectiveLetter(facts('US', 'America/Chicago')).paper).toBe('LETTER');
    expect(composeCollectiveLetter(facts('CA', 'America/Toronto')).paper).toBe('LETTER');
    expect(composeCollectiveLetter(facts('GB', 'Europe/London')).paper).toBe('A4');
    expect(composeCollectiveLetter(facts('DE', 'Europe/Berlin')).paper).toBe('A4');
  });
});
