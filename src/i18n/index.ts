import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { localesDir } from '../paths.js';

/** The languages of the UI, in the order the language switches list them. */
export const supportedLocales = ['en', 'fr', 'es', 'it', 'de', 'nl', 'pt', 'ar'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];
export const defaultLocale = 'en';

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

/** A language's name in that language ("Français", "العربية"), for a switch a reader of any of them can use. */
export function ownName(locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * Each language is a folder of JSON files, one per feature; a file's name is its top-level key
 * (locales/en/cases.json holds the `cases.*` keys). Features add their own file without touching the others.
 */
function loadCatalogue(locale: string): Record<string, unknown> {
  const dir = join(localesDir, locale);
  const catalogue: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    catalogue[basename(file, '.json')] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return catalogue;
}

const i18n = i18next.createInstance();
void i18n.init({
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: [...supportedLocales],
  resources: Object.fromEntries(supportedLocales.map((l) => [l, { translation: loadCatalogue(l) }])),
  // Eta escapes every <%= %> output; escaping here as well would double-escape.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
  showSupportNotice: false,
});

function displayName(lang: string, type: 'region' | 'language', code: string): string {
  try {
    return new Intl.DisplayNames([lang], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

function intlLocale(lang: string, region: string | undefined): string {
  try {
    return region ? Intl.getCanonicalLocales(`${lang}-${region}`)[0]! : lang === 'en' ? 'en-GB' : lang;
  } catch {
    return lang;
  }
}

/**
 * `t` with a numeric `count`: the plural form is chosen by the number, and `{{count}}` in the text is written as the
 * reader's locale writes numbers ("12 345" in French, "12.345" in German), never as the bare digits.
 */
function countingT(fixed: TFunction, intl: string): TFunction {
  const numbers = new Intl.NumberFormat(intl);
  const call = fixed as unknown as (...a: unknown[]) => string;
  const counting = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    if (options && typeof options === 'object' && !('replace' in options) && typeof (options as { count?: unknown }).count === 'number') {
      const o = options as Record<string, unknown> & { count: number };
      return call(key, { ...o, replace: { ...o, count: numbers.format(o.count) } }, ...rest);
    }
    return call(key, options, ...rest);
  };
  return counting as unknown as TFunction;
}

export type Translator = {
  lang: string;
  dir: 'ltr' | 'rtl';
  t: TFunction;
  date(value: number | Date | string, style?: 'full' | 'long' | 'medium' | 'short', timeZone?: string): string;
  dateTime(value: number | Date, timeZone?: string): string;
  number(value: number): string;
  money(value: number, currency: string): string;
  countryName(code: string): string;
  languageName(code: string): string;
  /** The time of day at `now` in `timeZone`. */
  localTime(timeZone: string, now: number): string;
};

/**
 * `region` (the user's contact point country) shapes how dates and numbers look: a London desk reads
 * "3 Nov 2026, 14:02", a Chicago one "Nov 3, 2026, 2:02 PM". Text comes from the language alone.
 * Instants are shown in `homeTimeZone` (the contact point's) unless a call names another.
 */
export function translator(locale: string | undefined, region?: string, homeTimeZone?: string): Translator {
  const lang = isSupportedLocale(locale) ? locale : defaultLocale;
  const intl = intlLocale(lang, region);
  const t = countingT(i18n.getFixedT(lang), intl);
  return {
    lang,
    dir: i18n.dir(lang) === 'rtl' ? 'rtl' : 'ltr',
    t,
    date(value, style = 'medium', timeZone = homeTimeZone) {
      // A bare YYYY-MM-DD is a calendar date: show it as written, never shifted by a timezone.
      const d = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : new Date(value);
      return new Intl.DateTimeFormat(intl, { dateStyle: style, timeZone: typeof value === 'string' ? 'UTC' : timeZone }).format(d);
    },
    dateTime(value, timeZone = homeTimeZone) {
      return new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
    },
    number(value) {
      return new Intl.NumberFormat(intl).format(value);
    },
    money(value, currency) {
      return new Intl.NumberFormat(intl, { style: 'currency', currency }).format(value);
    },
    countryName(code) {
      return displayName(lang, 'region', code);
    },
    languageName(code) {
      return displayName(lang, 'language', code);
    },
    localTime(timeZone, now) {
      return new Intl.DateTimeFormat(intl, { timeStyle: 'short', timeZone }).format(now);
    },
  };
}
