import { describe, expect, it } from 'vitest';
import { familyFor, fontCoverage } from '../../../src/letters/fonts.js';
import { renderLetterPdf } from '../../../src/letters/pdf.js';
import { isolateNumberGroups, languageDirection, layoutText } from '../../../src/letters/rtl.js';
import type { BaseDirection, LaidLine } from '../../../src/letters/rtl.js';
import { flat, pdfPages } from '../../helpers/pdf-text.js';
import { contentStreams, lineOf, pdfItems } from '../../helpers/pdf-items.js';
import type { PdfTextItem } from '../../helpers/pdf-items.js';
import { arabicLetter, englishLetter } from './script-fixtures.js';

/** A4 with 70 pt side margins, as pdf.ts lays letters out. */
const LEFT_MARGIN = 70;
const RIGHT_MARGIN = 595.28 - 70;

/** One character, one point: enough to see where lines break and how runs are ordered. */
const lay = (text: string, base: BaseDirection, width = Infinity, maxLines?: number): LaidLine[] =>
  layoutText(text, { base, width, maxLines, measure: (run) => Array.from(run).length });
/** Each run as "level:text", left to right. */
const runs = (line: LaidLine | undefined): string[] => (line?.runs ?? []).map((run) => `${run.level}:${run.text}`);

const nfkc = (text: string): string => flat(text).normalize('NFKC');

describe('bidi layout of a line (rtl.ts)', () => {
  it('keeps the comma after an Arabic name in an English sentence, outside the Arabic run', () => {
    expect(runs(lay('Dear محمد الأحمد, who on 2 March', 'ltr')[0])).toEqual(['0:Dear ', '1:محمد الأحمد', '0:, who on 2 March']);
    expect(runs(lay('محمد الأحمد, who on 2 March', 'ltr')[0])).toEqual(['1:محمد الأحمد', '0:, who on 2 March']);
  });

  it('orders a right-to-left paragraph from the right, Latin names and numbers kept in their own order', () => {
    const [line] = lay('إلى السيد Łukasz Nowak في 24 مارس 2026', 'rtl');
    // Left to right as drawn: the end of the sentence is on the left.
    expect(runs(line)).toEqual(['2:2026', '1:مارس ', '1: ', '2:24', '1:في ', '1: ', '2:Łukasz Nowak', '1:إلى السيد ']);
    expect(line?.rtl).toBe(true);
  });

  it('mirrors brackets in right-to-left text, and reverses a run fontkit would leave in order', () => {
    // ")" and "(" of the logical text become "(" and ")" as drawn; punctuation alone is reversed by us.
    const [line] = lay('المادة 13 (Employment Rights Act 1996).', 'rtl');
    expect(runs(line)).toEqual(['1:.', '1:(', '2:Employment Rights Act 1996', '1:)', '1: ', '2:13', '1:المادة ']);
    // Each mirrored bracket carries the character of the text, for extraction.
    expect(line?.runs.filter((run) => run.actual).map((run) => [run.text, run.actual])).toEqual([
      ['(', ')'],
      [')', '('],
    ]);
    expect(line?.runs.find((run) => run.text === 'المادة ')?.whole).toBe(true);
  });

  it('hands Arabic-Indic digits over reversed, since fontkit reverses them and bidi keeps them in order', () => {
    const [line] = lay('العدد ١٢٣', 'rtl');
    expect(line?.runs.map((run) => [run.text, run.whole])).toEqual([
      ['٣٢١', true],
      ['العدد ', true],
    ]);
  });

  it('keeps a phone number and an ISO date in order inside Arabic', () => {
    expect(isolateNumberGroups('هاتف +44 20 7946 0000')).toBe('هاتف \u2066+44 20 7946 0000\u2069');
    expect(runs(lay('هاتف +44 20 7946 0000', 'auto')[0])).toEqual(['2:+44 20 7946 0000', '1:هاتف ']);
    expect(runs(lay('بتاريخ 2026-03-24', 'rtl')[0])).toEqual(['2:2026-03-24', '1:بتاريخ ']);
    // Single numbers and amounts are left to the algorithm.
    expect(isolateNumberGroups('£3,471.12 and 40 hours')).toBe('£3,471.12 and 40 hours');
    // A reference is a word of its own: LDN-2026-00042 reads left to right as it is.
    expect(isolateNumberGroups('مرجعنا LDN-2026-00042')).toBe('مرجعنا LDN-2026-00042');
  });

  it('takes the direction of "auto" text from its first strong letter', () => {
    expect(lay('Bright Star Hospitality Ltd.', 'auto')[0]?.rtl).toBe(false);
    expect(lay('عناية: المدير العام', 'auto')[0]?.rtl).toBe(true);
  });

  it('breaks a right-to-left paragraph in logical order: the first words are on the first line', () => {
    const lines = lay('واحد اثنان ثلاثة أربعة خمسة ستة', 'rtl', 17);
    // Each line is one Arabic run, handed over in logical order (fontkit reverses it as it shapes).
    expect(lines.map((line) => line.runs.map((run) => run.text).join(''))).toEqual(['واحد اثنان ثلاثة', 'أربعة خمسة ستة']);
    expect(lines.every((line) => line.width <= 17)).toBe(true);
  });

  it('breaks a word longer than the line between graphemes, and ends a cut text with "…"', () => {
    expect(lay('abcdefghij', 'ltr', 4).map((line) => runs(line))).toEqual([['0:abcd'], ['0:efgh'], ['0:ij']]);
    const cut = lay('one two three four five six', 'ltr', 9, 2);
    expect(cut.map((line) => line.runs.map((run) => run.text).join(''))).toEqual(['one two', 'three fo…']);
  });

  it('gives each script its font, and punctuation the font of its neighbour on the same level', () => {
    const families = (text: string, base: BaseDirection = 'ltr') => lay(text, base)[0]?.runs.map((run) => `${run.family}:${run.text}`);
    expect(families('Nepali: नेपाली भाषा।')).toEqual(['latin:Nepali: ', 'devanagari:नेपाली भाषा।']);
    expect(families('বাংলা, ok')).toEqual(['bengali:বাংলা, ', 'latin:ok']);
    // The Arabic comma after a Latin name inside Arabic is an Arabic comma.
    expect(families('إلى Łukasz Nowak، الذي', 'rtl')).toEqual(['arabic:، الذي', 'latin:Łukasz Nowak', 'arabic:إلى ']);
    expect(families('ٹرک ڈرائیور', 'rtl')).toEqual(['arabic:ٹرک ڈرائیور']);
    // Noto Naskh has no brackets: they come from DejaVu Sans.
    expect(families('(محمد)', 'rtl')).toEqual(['latin:(', 'arabic:محمد', 'latin:)']);
    expect(lay('(محمد)', 'rtl')[0]?.runs.map((run) => run.actual)).toEqual([')', undefined, '(']);
    expect(familyFor('क')).toBe('devanagari');
  });

  it('derives a letter’s direction from its language', () => {
    expect(['ar', 'ur', 'ar-EG', 'fa', 'he'].map(languageDirection)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en-GB', 'fr', 'ne', 'bn', 'ro'].map(languageDirection)).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
});

/** The items of one line, given a piece of text on it. */
function lineWith(items: readonly PdfTextItem[], text: string): PdfTextItem[] {
  const found = items.find((item) => item.str.includes(text));
  if (!found) throw new Error(`No text item with "${text}" in: ${items.map((item) => item.str).join(' | ')}`);
  return lineOf(items, found.y);
}

describe('an English letter with an Arabic name (the reported bug)', () => {
  it('draws the comma after the name, where it belongs in the English sentence', async () => {
    const { pdf, warnings } = await renderLetterPdf(
      englishLetter(['We act for محمد الأحمد, who on 2 March 2026 authorised the union to act.'], { salutation: 'Dear محمد الأحمد,' }),
    );
    expect(warnings).toEqual([]);
    const [page] = await pdfItems(pdf);
    for (const start of ['Dear', 'We act for']) {
      const line = lineWith(page!, start);
      const name = line.findIndex((item) => item.str === 'محمد الأحمد');
      expect(name).toBeGreaterThan(0);
      const [before, arabic, after] = [line[name - 1]!, line[name]!, line[name + 1]!];
      // Left to right: the English words, the name (drawn right to left, whole), then the comma.
      expect(before.str.trim()).toBe(start);
      expect(before.right).toBeLessThanOrEqual(arabic.x + 0.5);
      expect(after.str.startsWith(',')).toBe(true);
      expect(after.x).toBeGreaterThanOrEqual(arabic.right - 0.5);
      expect(arabic.font).toBe('NotoNaskhArabic-Regular');
      expect(after.font).toBe('DejaVuSans');
    }
    // Extracted, the comma stays after the name too (drawn as one run of one font, pdf.js read it
    // as ",محمد الأحمد Dear").
    const text = nfkc((await pdfPages(pdf))[0]!);
    expect(text).toContain(nfkc('Dear محمد الأحمد,'));
    expect(text).toContain(nfkc('We act for محمد الأحمد, who on 2 March 2026'));
  });
});

describe('a letter in Arabic, right to left', () => {
  it('right-aligns every line of the text at the right margin, and fits it between the margins', async () => {
    const { pdf, pageCount, warnings } = await renderLetterPdf(arabicLetter());
    expect(warnings).toEqual([]);
    expect(pageCount).toBe(2);
    const [first] = await pdfItems(pdf);
    const subject = lineWith(first!, 'إنذار قبل رفع دعوى')[0]!.y;
    const table = lineWith(first!, 'البيان')[0]!.y;
    const baselines = [...new Set(first!.filter((item) => item.y >= subject && item.y < table).map((item) => Math.round(item.y * 10) / 10))];
    // Subject, salutation, a paragraph, a heading, two paragraphs of three lines, two list items.
    expect(baselines.length).toBeGreaterThanOrEqual(10);
    for (const y of baselines) {
      const line = lineOf(first!, y);
      const text = line.map((item) => item.str).join(' ');
      expect({ text, right: Math.max(...line.map((item) => item.right)) }).toEqual({ text, right: expect.closeTo(RIGHT_MARGIN, 0) });
      expect(Math.min(...line.map((item) => item.x))).toBeGreaterThanOrEqual(LEFT_MARGIN - 0.5);
    }
  });

  it('mirrors the page: letterhead name right, details and amounts left, page number left', async () => {
    const { pdf } = await renderLetterPdf(arabicLetter());
    const [first, second] = await pdfItems(pdf);
    const at = (items: readonly PdfTextItem[], text: string) => items.find((item) => item.str === text) ?? items.find((item) => item.str.includes(text))!;
    expect(at(first!, 'نقابة عمال الضيافة والرعاية').right).toBeCloseTo(RIGHT_MARGIN, 0);
    expect(at(first!, '128 Example Road').x).toBeCloseTo(LEFT_MARGIN, 0);
    expect(at(first!, 'Bright Star Hospitality Ltd').right).toBeCloseTo(RIGHT_MARGIN, 0);
    // Amount column on the left, its figures aligned to its left edge; the period column on the right.
    expect(at(first!, '£1,953.60').x).toBeCloseTo(LEFT_MARGIN, 0);
    expect(at(first!, '£3,471.12').x).toBeCloseTo(LEFT_MARGIN, 0);
    expect(at(first!, 'الفترة').right).toBeCloseTo(RIGHT_MARGIN, 0);
    // Footer: the union on the right, "page n of N" (and the reference after page 1) on the left.
    const pageLabel = lineWith(first!, 'الصفحة').filter((item) => item.x < 300);
    expect(pageLabel.map((item) => item.str)).toEqual(['2', 'من', '1', 'الصفحة']);
    expect(pageLabel[0]!.x).toBeCloseTo(LEFT_MARGIN, 0);
    expect(at(second!, 'LDN-2026-00042').x).toBeGreaterThan(LEFT_MARGIN);
    expect(at(second!, 'نقابة عمال الضيافة والرعاية').right).toBeCloseTo(RIGHT_MARGIN, 0);
    // The enclosures list: bullet at the right margin, item to its left.
    const bullet = lineWith(second!, 'كشوف الحساب المصرفي').sort((a, b) => b.right - a.right);
    expect(bullet[0]!.str).toBe('•');
    expect(bullet[0]!.right).toBeCloseTo(RIGHT_MARGIN, 0);
  });

  it('keeps Latin names, references, numbers and dates readable and in order inside the Arabic', async () => {
    const { pdf } = await renderLetterPdf(arabicLetter());
    const [first] = await pdfItems(pdf);
    const opening = lineWith(first!, 'Łukasz Nowak');
    expect(opening.map((item) => item.str)).toContain('Łukasz Nowak');
    const phone = lineWith(first!, '+44 20 7946 0000');
    expect(phone.map((item) => item.str)).toEqual(['+44 20 7946 0000', 'هاتف']);
    const date = lineWith(first!, 'التاريخ').filter((item) => item.str !== 'التاريخ');
    // "10 مارس 2026" read from the right: the day at the right, the year at the left.
    expect(date.map((item) => item.str)).toEqual(['2026', 'مارس', '10']);
    const text = nfkc((await pdfPages(pdf)).join(' '));
    for (const words of ['نكتب إليكم', 'كان الأجر المتفق عليه', 'LDN-2026-00042', 'Employment Rights Act 1996', 'المجموع']) {
      expect(text).toContain(nfkc(words));
    }
  });

  it('lays out an Urdu letter right to left in Noto Naskh, with the letters Arabic lacks', async () => {
    const urdu = 'ہم Łukasz Nowak کی طرف سے لکھ رہے ہیں۔ ٹرک ڈرائیور بڑے گھر میں ہیں';
    const { pdf, warnings } = await renderLetterPdf(arabicLetter({ language: 'ur', body: [{ type: 'paragraph', text: urdu }] }));
    expect(warnings).toEqual([]);
    const [first] = await pdfItems(pdf);
    const line = lineWith(first!, 'لکھ');
    expect(line.map((item) => item.str)).toContain('Łukasz Nowak');
    expect(Math.max(...line.map((item) => item.right))).toBeCloseTo(RIGHT_MARGIN, 0);
    const urduItems = line.filter((item) => /[ٹڈڑںےہھ]/.test(item.str));
    expect(urduItems.length).toBeGreaterThan(0);
    expect(new Set(urduItems.map((item) => item.font))).toEqual(new Set(['NotoNaskhArabic-Regular']));
  });

  it('is laid out left to right when the document says so, whatever its language', async () => {
    const { pdf } = await renderLetterPdf(arabicLetter({ direction: 'ltr' }));
    const [first] = await pdfItems(pdf);
    expect(lineWith(first!, 'نقابة عمال الضيافة والرعاية')[0]!.x).toBeCloseTo(LEFT_MARGIN, 0);
  });
});

describe('Nepali and Bengali', () => {
  const nepali = 'तपाईंको ज्याला भुक्तानी भएको छैन। क्षतिपूर्ति, श्रमिक, प्रधानमन्त्री, कार्यालय २०८२।';
  const bengali = 'আপনার মজুরি পরিশোধ করা হয়নি। শ্রমিক, ক্ষতিপূরণ, রাষ্ট্র, স্ত্রী, কৌশল ১২৩৪।';

  it('can draw every letter of both scripts', () => {
    const covered = fontCoverage();
    for (const char of `${nepali}${bengali}ٹڈڑںےہھ`) expect({ char, covered: covered.has(char.codePointAt(0)!) }).toEqual({ char, covered: true });
  });

  it('draws each in its Noto font, without a missing-glyph warning, with its text in reading order', async () => {
    const { pdf, warnings } = await renderLetterPdf(englishLetter([`Nepali: ${nepali}`, `Bengali: ${bengali}`], { subject: `Bold: ${nepali}` }));
    expect(warnings).toEqual([]);
    const [first] = await pdfItems(pdf);
    const fonts = (text: string) => new Set(lineWith(first!, text).filter((item) => !/^[A-Za-z: ]+$/.test(item.str)).map((item) => item.font));
    expect(fonts('Nepali:')).toEqual(new Set(['NotoSansDevanagari-Regular']));
    expect(fonts('Bengali:')).toEqual(new Set(['NotoSansBengali-Regular']));
    expect(fonts('Bold:')).toEqual(new Set(['NotoSansDevanagari-Bold']));
    // A pre-base vowel sign (ि in क्षतिपूर्ति) is drawn before its consonant: the run carries its text
    // as ActualText, which copy and pdftotext read (pdf.js, which these tests use, reads glyphs).
    const streams = contentStreams(pdf);
    for (const text of [nepali, bengali]) {
      const hex = Buffer.from(`\uFEFF${text}`, 'utf16le').swap16().toString('hex').toUpperCase();
      expect(streams).toContain(`/ActualText <${hex}>`);
    }
    expect(streams).toMatch(/BT\n\/Span <<\/ActualText <[0-9A-F]+>>> BDC\n[\s\S]*?EMC\nET/);
  });
});
