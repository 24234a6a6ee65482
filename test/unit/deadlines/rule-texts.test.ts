/**
 * The rule catalogue in every UI language (issue 14, item 1): src/deadlines/rule-texts/<lang>.json translates each
 * English text of rules.data.ts word for word. A text added or reworded in the catalogue fails here until every
 * language has it; a translation of a text that is gone (a stale wording) fails too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueTexts, isUntranslatedTitle, ruleExplanation, ruleTextIn } from '../../../src/deadlines/rule-text.js';
import { RULES } from '../../../src/deadlines/rules.data.js';

const LANGUAGES = ['fr', 'es', 'it', 'de', 'nl', 'pt', 'ar'] as const;
const fileOf = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../src/deadlines/rule-texts/${lang}.json`, import.meta.url), 'utf8'));
const numbers = (text: string) => (text.match(/\d+/g) ?? []).sort().join(',');
const rule = (id: string) => RULES.find((r) => r.id === id)!;

describe.each(LANGUAGES)('rule texts in %s', (lang) => {
  const file = fileOf(lang);
  const wanted = catalogueTexts(lang);

  it('translate every title, explanation, note and field label of the catalogue, and nothing else', () => {
    expect([...wanted].filter((text) => !(text in file))).toEqual([]);
    expect(Object.keys(file).filter((text) => !wanted.has(text))).toEqual([]);
    expect(wanted.size).toBeGreaterThan(170);
  });

  it('are real translations: not empty, not the English, with the same numbers (periods, sections, years)', () => {
    for (const [english, translated] of Object.entries(file)) {
      expect(translated.trim(), english).not.toBe('');
      if (english.length > 24) expect(translated, english).not.toBe(english);
      expect(numbers(translated), english).toBe(numbers(english));
    }
  });
});

describe('a rule text for the reader', () => {
  it('is the translation, or the text as written when there is none (English, an administrator’s own words)', () => {
    const title = rule('uk-et-unfair-dismissal').title;
    expect(ruleTextIn(title, 'fr')).not.toBe(title);
    expect(ruleTextIn(title, 'fr')).toContain('employment tribunal');
    expect(ruleTextIn(title, 'en')).toBe(title);
    expect(ruleTextIn('Letter to the landlord', 'fr')).toBe('Letter to the landlord');
    expect(ruleTextIn(title, 'ro')).toBe(title);
  });

  it('explains a rule in its own country’s words first, else translated from the English, else in English', () => {
    const kschg = rule('de-kschg-klage');
    expect(ruleExplanation(kschg, 'de')).toEqual({ text: kschg.explanations.de, lang: 'de', translated: false });
    const fr = ruleExplanation(kschg, 'fr');
    expect(fr).toMatchObject({ lang: 'fr', translated: true });
    expect(fr.text).toContain('Arbeitsgericht');
    expect(ruleExplanation(kschg, 'ro')).toEqual({ text: kschg.explanation, lang: 'en', translated: false });
    expect(ruleExplanation({ explanation: 'Changed by an administrator.', explanations: {} }, 'fr')).toEqual({ text: 'Changed by an administrator.', lang: 'en', translated: false });
  });

  it('knows which rule titles a worker-only language lacks', () => {
    const title = rule('uk-et-wages').title;
    expect(isUntranslatedTitle(title, 'ro')).toBe(true);
    expect(isUntranslatedTitle(title, 'fr')).toBe(false);
    expect(isUntranslatedTitle(title, 'en')).toBe(false);
    expect(isUntranslatedTitle('A deadline the counsellor typed', 'ro')).toBe(false);
  });
});
