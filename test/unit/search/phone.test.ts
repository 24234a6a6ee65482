import { describe, expect, it } from 'vitest';
import { caseSearchMatch } from '../../../src/search/match.js';
import { contactSearchText, looksLikePhone, phoneKeys, phoneSearchKeys } from '../../../src/search/phone.js';

describe('phone keys', () => {
  it('gives one number the same keys however it was typed', () => {
    const international = ['+44 7700 900123', '+447700900123', '0044 7700 900123', '+44 (0)7700 900123', '+44-7700-900-123'];
    for (const typed of international) expect(phoneKeys(typed), typed).toEqual(['447700900123', '7700900123']);
    for (const typed of ['07700 900123', '07700900123', '(07700) 900-123', '7700 900123']) expect(phoneKeys(typed), typed).toEqual(['7700900123']);
  });

  it('takes off the country code whatever its length, and an Italian zero on both sides', () => {
    expect(phoneKeys('+1 312 555 0199')).toEqual(['13125550199', '3125550199']);
    expect(phoneKeys('+351 912 345 678')).toEqual(['351912345678', '912345678']);
    expect(phoneKeys('+39 06 1234 5678')).toEqual(['390612345678', '612345678']);
    expect(phoneKeys('06 1234 5678')).toEqual(['612345678']);
  });

  it('ignores what is too short to be a number', () => {
    expect(phoneKeys('12345')).toEqual([]);
    expect(phoneKeys('')).toEqual([]);
    expect(phoneKeys(null)).toEqual([]);
  });

  it("rebuilds the international key of a national number in the searcher's countries", () => {
    expect(phoneSearchKeys('07700 900123', ['GB'])).toEqual(['7700900123', '447700900123']);
    expect(phoneSearchKeys('(312) 555-0199', ['US', 'GB'])).toEqual(['3125550199', '13125550199', '443125550199']);
    expect(phoneSearchKeys('+44 7700 900123', ['US'])).toEqual(['447700900123', '7700900123']);
  });

  it('tells a phone number from a reference or a name', () => {
    expect(looksLikePhone('+44 7700 900123')).toBe(true);
    expect(looksLikePhone('(0)7700-900123')).toBe(true);
    expect(looksLikePhone('LDN-2026-00042')).toBe(false);
    expect(looksLikePhone('2026')).toBe(false);
    expect(looksLikePhone('Nowak')).toBe(false);
  });

  it('indexes the keys and the handle without its @', () => {
    expect(contactSearchText('+44 7700 900123', '@zofia_k')).toBe('447700900123 7700900123 zofia_k');
    expect(contactSearchText(null, null)).toBe('');
  });
});

describe('the search query', () => {
  it('searches words everywhere, or only in the person columns, and a phone in the contacts column', () => {
    expect(caseSearchMatch('Nowak', ['GB'])).toBe('"Nowak"*');
    expect(caseSearchMatch('Nowak', ['GB'], ['people', 'contacts'])).toBe('{people contacts} : ("Nowak"*)');
    expect(caseSearchMatch('07700 900123', ['GB'])).toBe('("07700"* "900123"*) OR (contacts : ("7700900123"* OR "447700900123"*))');
  });

  it('turns FTS5 operators into text, and searches nothing for punctuation alone', () => {
    expect(caseSearchMatch('a" OR b', [])).toBe('"a"""* "OR"* "b"*');
    expect(caseSearchMatch('-- ::', [])).toBe('');
  });
});
