import type { LetterKind } from './letter-snapshot.js';
import { DEFAULT_LETTER_LANGUAGE, letterStringsFor, primaryLanguage } from './letter-strings.js';
import { LETTER_TRANSLATIONS, SUMMARY_TRANSLATIONS } from './strings/index.js';

/**
 * Which language a letter is written in. A letter to an authority or an employer is written in the official language
 * of the case's jurisdiction (a French inspectorate reads French), a referral in a language the partner works in, the
 * worker's summary in the worker's own language. The counsellor may choose any other language that has the strings of
 * the letter; a language without them is refused (never English in its place).
 */

/** Languages of workers the worker summary (only) is written in: those of SUMMARY_TRANSLATIONS. */
export const SUMMARY_ONLY_LANGUAGES: readonly string[] = Object.keys(SUMMARY_TRANSLATIONS);
/**
 * Every language whose letter wording a native speaker of the desk reviews (English is the source): the registered
 * translations, the UI's languages (every letter) first.
 */
export const REVIEWED_LANGUAGES: readonly string[] = [...Object.keys(LETTER_TRANSLATIONS), ...SUMMARY_ONLY_LANGUAGES];

/** Letters to an authority or an employer: they go out in the jurisdiction's official language. */
const OFFICIAL_LETTERS: readonly LetterKind[] = ['letter_before_claim', 'inspectorate_complaint', 'statement_of_interest'];

const OFFICIAL_LANGUAGE: Readonly<Record<string, string>> = {
  FR: 'fr',
  ES: 'es',
  IT: 'it',
  DE: 'de',
  AT: 'de',
  NL: 'nl',
  PT: 'pt',
  GB: 'en',
  IE: 'en',
  US: 'en',
  AU: 'en',
};

/** Countries of several official languages: the contact point's own when it is one of them, else the first. */
const SEVERAL_OFFICIAL: Readonly<Record<string, readonly string[]>> = {
  BE: ['fr', 'nl', 'de'],
  CH: ['de', 'fr', 'it'],
};

export interface LanguageContext {
  jurisdictionCountry: string;
  /** The contact point's default locale (contact_points.default_locale). */
  contactPointLocale: string;
  /** people.languages, the preferred first (already falling back to people.preferred_language). */
  personLanguages?: readonly string[];
  /** partners.languages of a referral's partner. */
  partnerLanguages?: readonly string[];
}

/** The official language of a jurisdiction for a letter to its authorities. */
export function officialLanguage(country: string, contactPointLocale: string): string {
  const code = country.trim().toUpperCase();
  const local = primaryLanguage(contactPointLocale) || DEFAULT_LETTER_LANGUAGE;
  const several = SEVERAL_OFFICIAL[code];
  if (several) return several.includes(local) ? local : several[0]!;
  return OFFICIAL_LANGUAGE[code] ?? local;
}

/**
 * The language a new letter of this kind starts in. It may have no strings yet (the form then says so and offers
 * the languages that have them); the referral, sent without a form, takes the first language that has them.
 */
export function defaultLetterLanguage(kind: LetterKind, context: LanguageContext): string {
  const local = primaryLanguage(context.contactPointLocale) || DEFAULT_LETTER_LANGUAGE;
  if (OFFICIAL_LETTERS.includes(kind)) return officialLanguage(context.jurisdictionCountry, context.contactPointLocale);
  if (kind === 'worker_summary') return primaryLanguage(context.personLanguages?.[0]) || local;
  return referralLanguage(context.partnerLanguages ?? [], context.contactPointLocale);
}

/** The language a letter's form opens in: the default when the letter exists in it, else the next one it exists in. */
export function openingLetterLanguage(kind: LetterKind, context: LanguageContext): string {
  const candidates = [defaultLetterLanguage(kind, context), ...(kind === 'worker_summary' ? (context.personLanguages ?? []) : []), context.contactPointLocale];
  return candidates.map(primaryLanguage).find((language) => letterStringsFor(language, kind)) ?? DEFAULT_LETTER_LANGUAGE;
}

/**
 * A referral: a language the partner works in that we have the letter in — the contact point's own when the partner
 * works in it too (the counsellor writes the reason and the request in it), else the partner's first — else the
 * contact point's, else English.
 */
export function referralLanguage(partnerLanguages: readonly string[], contactPointLocale: string): string {
  const local = primaryLanguage(contactPointLocale);
  const partner = partnerLanguages.map(primaryLanguage).filter(Boolean);
  const candidates = [...(partner.includes(local) ? [local] : []), ...partner, local];
  return candidates.find((language) => letterStringsFor(language, 'referral')) ?? DEFAULT_LETTER_LANGUAGE;
}

/** A person's languages, the preferred first: people.languages, else the older single preferred_language. */
export function personLanguages(person: { languages?: readonly string[] | null; preferredLanguage?: string | null } | null | undefined): string[] {
  const list = (person?.languages ?? []).map(primaryLanguage).filter(Boolean);
  if (list.length) return [...new Set(list)];
  const single = primaryLanguage(person?.preferredLanguage);
  return single ? [single] : [];
}
