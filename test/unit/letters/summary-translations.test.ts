/**
 * Every registered translation of the letters (issue 14) against the English strings: the UI languages'
 * LETTER_TRANSLATIONS (every letter) and the workers' languages' SUMMARY_TRANSLATIONS (the worker summary). Per
 * language and key: the same sections and keys, the same {placeholders}, no empty string, nothing left as in English
 * (but for strings that are only placeholders and punctuation, and a few words the language shares), the letters of
 * the script the language writes (names of services kept as they are named), no numbers the English does not have,
 * NFC text and no bidi control characters (the PDF renderer orders right-to-left text itself).
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../src/letters/letter-strings.js';
import { LETTER_TRANSLATIONS, SUMMARY_TRANSLATIONS } from '../../../src/letters/strings/index.js';

type Flat = Record<string, string>;

function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else flatten(v, key, out);
  }
  return out;
}

const UI_LANGUAGES = ['fr', 'es', 'it', 'de', 'nl', 'pt', 'ar'];
const WORKER_LANGUAGES = ['ro', 'pl', 'uk', 'ru', 'tr', 'tl', 'ne', 'bn', 'ur'];

const LETTER_SECTIONS = Object.keys(ENGLISH).filter((s) => s !== 'facts' && s !== 'warnings');
const SUMMARY_SECTIONS = ['common', 'workerSummary', 'urgentHelp'];

/** The script a language writes (Unicode script names); every other language here writes Latin letters. */
const SCRIPT: Record<string, string> = { uk: 'Cyrillic', ru: 'Cyrillic', ne: 'Devanagari', bn: 'Bengali', ur: 'Arabic', ar: 'Arabic' };

/** Services keep the name they go by (in urgentHelp), whatever the script around them; longest first. */
const SERVICE_NAMES = [
  'Modern Slavery and Exploitation Helpline',
  'National Human Trafficking Hotline',
  '988 Suicide & Crisis Lifeline',
  '1800RESPECT',
  'Samaritans',
  'Lifeline',
  // US legal terms an Arabic letter to a US agency names as the agency does, translated beside them.
  'deferred action for labor enforcement',
  'statement of interest',
  'deferred action',
];
/** Abbreviations a non-Latin text may write in Latin letters besides those of the English string (DHS, DALE). */
const LATIN_ABBREVIATIONS = new Set(['SMS']);

/** Words a translation may keep exactly as in English. */
const SAME_IN_EVERY_LANGUAGE = new Set(['Email', 'E-mail']);
const SAME_IN: Record<string, readonly string[]> = {
  ro: ['Total'],
  fr: ['Date', 'Description', 'Total', 'Contact', 'Visa'],
  es: ['Total', 'Sector', 'Visa', 'Tel. {phone}', '{email}, tel. {phone}', 'tel. {phone}', 'No'],
  it: ['Tel. {phone}', '{email}, tel. {phone}', 'tel. {phone}', 'No'],
  pt: ['Total', 'Tel. {phone}', '{email}, tel. {phone}', 'tel. {phone}'],
  de: ['Name', 'Tel. {phone}'],
  nl: ['Sector', 'Tel. {phone}', '{email}, tel. {phone}', 'tel. {phone}'],
};

/** Letters the other language writes in place of the right one: Urdu ی ک ہ, Arabic ي ك ه. */
const WRONG_LETTERS: Record<string, RegExp> = {
  ur: /[\u064A\u0643\u0647]/u,
  ar: /[\u06CC\u06A9\u06C1\u06BE\u06D2\u06BA\u0679\u0688\u0691]/u,
};

const PLACEHOLDER = /\{[^{}]*\}/g;
/** The placeholders a string uses, each once: a translation may name the worker twice where English names them once. */
const placeholders = (text: string) => [...new Set(text.match(PLACEHOLDER) ?? [])].sort();
const withoutPlaceholders = (text: string) => text.replace(PLACEHOLDER, ' ');
const hasLetters = (text: string) => /\p{L}/u.test(withoutPlaceholders(text));

/** Digit runs as numbers in ASCII digits, whatever digits they are written in (٢٠٢٥ → 2025). */
const numbers = (text: string) =>
  [...withoutPlaceholders(text).matchAll(/\p{Nd}+/gu)].map((m) => [...m[0]].map(digitValue).join(''));

/** The value of a decimal digit of any script: its place in its run of ten (a script's digits are consecutive, zero first). */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  let zero = code;
  while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
  return (code - zero) % 10;
}

/** The letters (and non-inherited marks) of a text that are not of `script`, after names and abbreviations kept in Latin. */
function foreignLetters(text: string, english: string, script: string): string[] {
  let rest = withoutPlaceholders(text);
  if (script !== 'Latin') {
    for (const name of SERVICE_NAMES) rest = rest.split(name).join(' ');
    const englishWords = new Set(english.match(/\b[A-Z]{2,}\b/g) ?? []);
    rest = rest.replace(/\b[A-Z]{2,}\b/g, (word) => (LATIN_ABBREVIATIONS.has(word) || englishWords.has(word) ? ' ' : word));
  }
  const ofScript = new RegExp(`[\\p{Script_Extensions=${script}}\\p{Script=Inherited}]`, 'u');
  return [...new Set([...rest].filter((ch) => /[\p{L}\p{M}]/u.test(ch) && !ofScript.test(ch)))];
}

const registered: { language: string; kind: string; sections: string[]; texts: unknown }[] = [
  ...Object.entries(LETTER_TRANSLATIONS).map(([language, texts]) => ({ language, kind: 'letters', sections: LETTER_SECTIONS, texts })),
  ...Object.entries(SUMMARY_TRANSLATIONS).map(([language, texts]) => ({ language, kind: 'worker summary', sections: SUMMARY_SECTIONS, texts })),
];

describe('the registers of letter translations', () => {
  it('has the worker summary in the nine languages of workers', () => {
    expect(Object.keys(SUMMARY_TRANSLATIONS).sort()).toEqual([...WORKER_LANGUAGES].sort());
  });

  it('translates whole letters only into the UI languages, and no language in both registers', () => {
    expect(Object.keys(LETTER_TRANSLATIONS).filter((l) => !UI_LANGUAGES.includes(l))).toEqual([]);
    expect(Object.keys(LETTER_TRANSLATIONS).filter((l) => l in SUMMARY_TRANSLATIONS)).toEqual([]);
  });
});

for (const { language, kind, sections, texts } of registered) {
  describe(`${language} (${kind})`, () => {
    const english = flatten(Object.fromEntries(sections.map((s) => [s, ENGLISH[s as keyof typeof ENGLISH]])));
    const translated = flatten(texts);
    const script = SCRIPT[language] ?? 'Latin';
    const sameAllowed = new Set([...SAME_IN_EVERY_LANGUAGE, ...(SAME_IN[language] ?? [])]);
    /** `check` returns what is wrong with one string, or null; the test lists "language key: problem". */
    const problems = (check: (text: string, en: string) => string | null) =>
      Object.entries(translated)
        .filter(([key]) => key in english)
        .map(([key, text]) => {
          const problem = check(text, english[key]!);
          return problem ? `${language} ${key}: ${problem}` : null;
        })
        .filter(Boolean);

    it('has the same sections and keys as English', () => {
      expect(Object.keys(texts as object).sort(), `${language}: sections`).toEqual([...sections].sort());
      const missing = Object.keys(english).filter((k) => !(k in translated)).map((k) => `${language} ${k}: missing`);
      const extra = Object.keys(translated).filter((k) => !(k in english)).map((k) => `${language} ${k}: not in English`);
      expect([...missing, ...extra]).toEqual([]);
    });

    it('keeps every {placeholder} of the English, and no stray brace', () => {
      expect(
        problems((text, en) => {
          const want = placeholders(en).join(' ');
          const got = placeholders(text).join(' ');
          if (want !== got) return `placeholders ${got || '(none)'} instead of ${want || '(none)'}`;
          return /[{}]/.test(text.replace(PLACEHOLDER, '')) ? 'a stray { or }' : null;
        }),
      ).toEqual([]);
    });

    it('has no empty string', () => {
      expect(problems((text) => (text.trim() === '' ? 'empty' : null))).toEqual([]);
    });

    it('leaves nothing as in English but placeholder-only strings and allowed words', () => {
      expect(problems((text, en) => (text === en && hasLetters(en) && !sameAllowed.has(en) ? `still English: "${en}"` : null))).toEqual([]);
    });

    it(`writes ${script} letters (services keep their names)`, () => {
      expect(
        problems((text, en) => {
          const foreign = foreignLetters(text, en, script);
          return foreign.length > 0 ? `letters not in ${script}: ${foreign.join(' ')}` : null;
        }),
      ).toEqual([]);
      if (WRONG_LETTERS[language]) {
        const wrong = WRONG_LETTERS[language];
        expect(problems((text) => (wrong.test(text) ? `letters of another language: ${text.match(new RegExp(wrong, 'gu'))!.join(' ')}` : null))).toEqual([]);
      }
    });

    it('writes no number the English does not have', () => {
      expect(
        problems((text, en) => {
          const english = new Set(numbers(en));
          const invented = numbers(text).filter((n) => !english.has(n));
          return invented.length > 0 ? `numbers not in the English: ${invented.join(' ')}` : null;
        }),
      ).toEqual([]);
    });

    it('is NFC text without bidi control characters', () => {
      expect(
        problems((text) => {
          if (text !== text.normalize('NFC')) return 'not NFC';
          return /\p{Bidi_Control}/u.test(text) ? 'bidi control characters (the renderer orders the text)' : null;
        }),
      ).toEqual([]);
    });
  });
}
