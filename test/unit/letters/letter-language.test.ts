import { describe, expect, it } from 'vitest';
import { defaultLetterLanguage, officialLanguage, personLanguages, referralLanguage, REVIEWED_LANGUAGES } from '../../../src/letters/letter-language.js';
import { letterLanguagesFor, letterStringsFor, letterWording } from '../../../src/letters/letter-strings.js';

describe('the language a letter starts in', () => {
  it('a letter to an authority or employer: the official language of the jurisdiction', () => {
    expect(['FR', 'ES', 'IT', 'DE', 'AT', 'NL', 'PT', 'GB', 'IE', 'US', 'AU'].map((c) => officialLanguage(c, 'en'))).toEqual(['fr', 'es', 'it', 'de', 'de', 'nl', 'pt', 'en', 'en', 'en', 'en']);
    // Belgium and Switzerland: the contact point's language when it is one of the country's, else French / German.
    expect([officialLanguage('BE', 'nl'), officialLanguage('BE', 'de'), officialLanguage('BE', 'en')]).toEqual(['nl', 'de', 'fr']);
    expect([officialLanguage('CH', 'it'), officialLanguage('CH', 'fr-CH'), officialLanguage('CH', 'en')]).toEqual(['it', 'fr', 'de']);
    // Elsewhere the contact point's own.
    expect(officialLanguage('PL', 'pl')).toBe('pl');
    const context = { jurisdictionCountry: 'FR', contactPointLocale: 'en', personLanguages: ['ar'] };
    for (const kind of ['letter_before_claim', 'inspectorate_complaint', 'statement_of_interest'] as const) expect(defaultLetterLanguage(kind, context)).toBe('fr');
  });

  it('the worker summary: the person’s first language, else the older preferred_language, else the contact point’s', () => {
    expect(defaultLetterLanguage('worker_summary', { jurisdictionCountry: 'FR', contactPointLocale: 'fr', personLanguages: ['ro', 'fr'] })).toBe('ro');
    expect(personLanguages({ languages: [], preferredLanguage: 'uk-UA' })).toEqual(['uk']);
    expect(personLanguages({ languages: ['ar', 'fr', 'ar'], preferredLanguage: 'en' })).toEqual(['ar', 'fr']);
    expect(defaultLetterLanguage('worker_summary', { jurisdictionCountry: 'GB', contactPointLocale: 'en', personLanguages: [] })).toBe('en');
  });

  it('a referral: the contact point’s language when the partner works in it, else a partner language we have, else the contact point’s', () => {
    expect(referralLanguage(['es', 'en'], 'en')).toBe('en');
    expect(referralLanguage(['fr', 'ar'], 'en')).toBe('fr');
    // Tigrinya and Vietnamese have no letter strings: the contact point's language.
    expect(referralLanguage(['ti', 'vi'], 'de')).toBe('de');
  });
});

describe('the registry of letter strings', () => {
  it('a UI language writes every letter; a worker-only language the worker summary only; otherwise none', () => {
    expect(letterStringsFor('fr', 'inspectorate_complaint')?.inspectorateComplaint.subject).toBe('Plainte contre {employer}');
    expect(letterStringsFor('ro', 'worker_summary')?.workerSummary.title).not.toBe(letterStringsFor('en', 'worker_summary')?.workerSummary.title);
    expect(letterStringsFor('ro', 'letter_before_claim')).toBeNull();
    expect(letterStringsFor('ti', 'worker_summary')).toBeNull();
    expect(letterLanguagesFor('worker_summary')).toEqual(expect.arrayContaining(['en', 'fr', 'ro']));
    expect(letterLanguagesFor('referral')).not.toContain('ro');
  });

  it('the wording hash changes with the wording and exists only for a translation', () => {
    expect(letterWording('fr')).toMatch(/^[0-9a-f]{64}$/);
    expect(letterWording('fr')).not.toBe(letterWording('de'));
    expect(letterWording('fr')).toBe(letterWording('fr-BE'));
    expect(letterWording('en')).toBeNull();
    expect(REVIEWED_LANGUAGES).toHaveLength(16);
  });
});
