import { describe, expect, it } from 'vitest';
import { fontCoverage, sanitiseText } from '../../../src/letters/fonts.js';
import { containsRtl } from '../../../src/letters/rtl.js';
import { londonCase, renderText } from './fixtures.js';

const withName = (displayName: string, latinTransliteration?: string) =>
  londonCase({ person: { ...londonCase().person, displayName, latinTransliteration } });

describe('names in Latin, Cyrillic and Greek scripts', () => {
  const names = ['Ayşe Çerkezoğlu', 'Łukasz Wójcik', 'Nguyễn Văn Thành', 'Ștefan Țurcanu', 'Олена Шевченко', 'Γιώργος Παπαδόπουλος'];

  for (const name of names) {
    it(`keeps ${name} intact, in regular and bold text`, async () => {
      const { text, warnings } = await renderText('letter_before_claim', withName(name));
      // The subject line is bold, the body regular: both fonts must carry every letter.
      expect(text).toContain(`Letter before claim: wages owed to ${name}`);
      expect(text).toContain(`Please pay ${name} the total of £3,471.12`);
      expect(warnings).toEqual([]);
    });
  }

  it('accepts decomposed input (NFD), as some keyboards and databases produce it', async () => {
    const { text, warnings } = await renderText('letter_before_claim', withName('Nguyễn Văn Thành'.normalize('NFD')));
    expect(text).toContain('Please pay Nguyễn Văn Thành the total');
    expect(warnings).toEqual([]);
  });
});

describe('containsRtl', () => {
  it('finds Arabic, Hebrew and right-to-left marks, and nothing else', () => {
    expect(containsRtl('محمد علي')).toBe(true);
    expect(containsRtl('Worker: דוד כהן')).toBe(true);
    expect(containsRtl('Syriac ܐܠܗܐ')).toBe(true);
    expect(containsRtl('abc\u200F')).toBe(true);
    expect(containsRtl('Łukasz Олена Γιώργος Nguyễn 123 <&>')).toBe(false);
    expect(containsRtl('')).toBe(false);
  });
});

describe('right-to-left names', () => {
  it('uses the Latin transliteration of an Arabic name, without a warning', async () => {
    const { text, warnings } = await renderText('letter_before_claim', withName('محمد عبد الله', 'Mohammed Abdullah'));
    expect(text).toContain('Letter before claim: wages owed to Mohammed Abdullah');
    expect(text).not.toMatch(/[\u0600-\u06FF]/);
    expect(warnings).toEqual([]);
  });

  it('prints an Arabic name without a Latin spelling as written, in order, without a warning', async () => {
    const { text, warnings } = await renderText('letter_before_claim', withName('محمد الأحمد'));
    expect(warnings).toEqual([]);
    expect(text.normalize('NFKC')).toContain('wages owed to ' + 'محمد الأحمد'.normalize('NFKC'));
    expect(text.normalize('NFKC')).toContain('We act for ' + 'محمد الأحمد'.normalize('NFKC') + ', who on');
  });

  it('prints “عبد الله” so that its text reads back in order (no Allah ligature glyph, whose letters extract backwards)', async () => {
    const { text, warnings } = await renderText('letter_before_claim', withName('عبد الله'));
    expect(warnings).toEqual([]);
    expect(text.normalize('NFKC')).toContain('wages owed to عبد الله');
    expect(text.normalize('NFKC')).not.toContain('اهلل');
  });

  it('prints a Hebrew name as written, without a warning', async () => {
    const { text, warnings } = await renderText('worker_summary', withName('דוד כהן'));
    expect(warnings).toEqual([]);
    expect(text).toContain('דוד כהן');
  });

  it('lays right-to-left text elsewhere in the letter out without a warning (a party, a typed fact)', async () => {
    const snapshot = londonCase({ facts: ['The manager, שרה לוי, signed the rota.'] });
    snapshot.employer = { ...snapshot.employer!, name: 'مطعم النجمة' };
    const { text, warnings } = await renderText('letter_before_claim', snapshot);
    expect(warnings).toEqual([]);
    const normalised = text.normalize('NFKC');
    expect(normalised).toContain('The manager, שרה לוי, signed the rota.');
    expect(normalised).toContain('مطعم النجمة'.normalize('NFKC'));
  });
});

describe('text the font cannot show, and markup characters', () => {
  it('knows the font lacks these emoji, so the tests below mean something', () => {
    const covered = fontCoverage();
    expect(covered.has(0x1f9ba)).toBe(false); // 🦺 safety vest
    expect(covered.has(0x1f44d)).toBe(false); // 👍
    expect(covered.has('ș'.codePointAt(0)!)).toBe(true);
    expect(covered.has('ễ'.codePointAt(0)!)).toBe(true);
  });

  it('drops emoji, keeps the rest, and warns', async () => {
    const snapshot = londonCase({ facts: ['He was given no vest 🦺 and told “ok 👍🏽” about the hours.'] });
    const { text, warnings } = await renderText('letter_before_claim', snapshot);
    expect(text).toContain('He was given no vest and told “ok ” about the hours.');
    expect(text).not.toContain('🦺');
    expect(warnings).toEqual([expect.objectContaining({ code: 'unsupported-characters', message: expect.stringContaining('U+1F9BA') })]);
  });

  it('replaces letters of an unsupported script by "?" so that a name visibly lacks something', async () => {
    const { text, warnings } = await renderText('worker_summary', withName('王小明 Wang'));
    expect(text).toContain('Dear ??? Wang,');
    expect(warnings.map((warning) => warning.code)).toEqual(['unsupported-characters']);
  });

  it('prints <, & and quotes as typed, and survives control characters', async () => {
    const snapshot = londonCase({
      facts: ['Paid < £100 & no payslips; manager said "<script>alert(1)</script>" & \'no\'.\u0000\u0007\u001b[31m'],
    });
    snapshot.employer = { ...snapshot.employer!, name: 'Smith & <Sons> Ltd' };
    const { text, warnings } = await renderText('letter_before_claim', snapshot);
    expect(text).toContain('Paid < £100 & no payslips; manager said "<script>alert(1)</script>" & \'no\'.');
    expect(text).toContain('Smith & <Sons> Ltd');
    expect(warnings).toEqual([]);
  });

  it('sanitises without losing line breaks, and keeps an emoji the font has', () => {
    expect(sanitiseText('a\r\nb\tc\u200Fd').text).toBe('a\nb cd');
    // A symbol the font has, with its emoji variation selector, is no reason for a warning.
    expect(sanitiseText('I ❤️ it').dropped).toEqual([]);
    expect(sanitiseText('I ❤️ it').text).toContain('❤');
  });
});
