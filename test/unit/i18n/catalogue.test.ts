/**
 * Every language's catalogue against the English one (issue 14): the same files and keys (plural keys by the
 * language's CLDR categories), no empty value, the same {{variables}} and $t() references, and no value left in
 * English unless it is a word the language shares (SAME_IN_EVERY_LANGUAGE, or a code or abbreviation).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localesDir } from '../../../src/paths.js';

type Flat = Record<string, string>;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else flatten(v, key, out);
  }
  return out;
}

function catalogue(locale: string): Record<string, Flat> {
  const dir = join(localesDir, locale);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, flatten(JSON.parse(readFileSync(join(dir, f), 'utf8')))]),
  );
}

/** The English keys as a language must have them: `x_one`/`x_other` become one key per plural category. */
function expectedKeys(en: Flat, locale: string): Flat {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const out: Flat = {};
  for (const [key, value] of Object.entries(en)) {
    if (!PLURAL.test(key)) {
      out[key] = value;
      continue;
    }
    const base = key.replace(PLURAL, '');
    for (const c of categories) out[`${base}_${c}`] = en[`${base}_other`] ?? value;
  }
  return out;
}

/** {{variables}} and $t() references, without {{count}} (a plural form may say the number in words). */
const references = (text: string) =>
  [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}|\$t\([^)]*\)/g)]
    .map((m) => m[0].replace(/\s/g, ''))
    .filter((r) => r !== '{{count}}')
    .sort();

/** Words a translation may keep as in English. */
const SAME_IN_EVERY_LANGUAGE = new Set(['UnionDesk', 'Email', 'E-mail', 'OK', 'PDF', 'CSV', 'ZIP', 'URL', 'ID']);
/** Words one language shares with English ("Normal" in Portuguese), compared without case. */
const SAME_IN: Record<string, readonly string[]> = {
  de: [
    'alias', 'backups', 'code', 'details', 'download', 'name', 'name (a–z)', 'name (optional)', 'normal', 'optional.', 'organisation',
    'partner', 'person', 'region', 'status', 'text', 'version',
  ],
  es: ['alias', 'bytes', 'normal', 'sector', 'total'],
  fr: [
    'action', 'actions', 'active', 'agriculture', 'code', 'date', 'description', 'document', 'documents', 'note', 'notes',
    'menu', 'message', 'organisation', 'page', 'pages', 'parties', 'photo', 'service', 'services', 'source', 'supervision', 'tables', 'total', 'type', 'types',
    'version', 'versions', 'visa',
  ],
  it: ['account', 'alias', 'alias “”', 'download', 'file', 'menu', 'partner', 'password', 'record', 'report'],
  nl: [
    'account', 'accounts', 'alias', 'alias “”', 'bytes', 'caseload', 'code', 'contract', 'dashboard', 'document', 'gender', 'intake', 'menu', 'open',
    'partner', 'partners', 'record', 'sector', 'status', 'urgent',
  ],
  pt: ['bytes', 'menu', 'normal', 'supervisor', 'total'],
};
/** The text without its variables, in lower case: "{{count}} pages" → "pages". */
const wordsOf = (value: string) => value.replace(/\{\{[^}]+\}\}|\$t\([^)]*\)/g, '').trim().toLowerCase();
const keptAsIs = (value: string) =>
  SAME_IN_EVERY_LANGUAGE.has(value.trim()) ||
  /^npm run /.test(value) ||
  !/[a-z]{3}/.test(value.replace(/\{\{[^}]+\}\}|\$t\([^)]*\)/g, ''));

const english = catalogue('en');
const languages = readdirSync(localesDir).filter((l) => l !== 'en');

describe.each(languages)('the %s catalogue', (locale) => {
  const translated = catalogue(locale);

  it('has every file and key of the English one, and no other', () => {
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [file, en] of Object.entries(english)) {
      expect(Object.keys(translated[file] ?? {}).sort(), file).toEqual(Object.keys(expectedKeys(en, locale)).sort());
    }
  });

  it('has no empty value, and keeps every variable and reference', () => {
    for (const [file, en] of Object.entries(english)) {
      for (const [key, value] of Object.entries(expectedKeys(en, locale))) {
        const text = translated[file]?.[key] ?? '';
        expect(text.trim(), `${file} ${key}`).not.toBe('');
        expect(references(text), `${file} ${key}`).toEqual(references(value));
      }
    }
  });

  it('leaves nothing in English but shared words, codes and abbreviations', () => {
    const untranslated = Object.entries(english).flatMap(([file, en]) =>
      Object.entries(expectedKeys(en, locale))
        .filter(([key, value]) => translated[file]?.[key] === value && !keptAsIs(value) && !SAME_IN[locale]?.includes(wordsOf(value)))
        .map(([key, value]) => `${file} ${key}: ${value}`),
    );
    expect(untranslated).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('expands English plurals to the categories of the language', () => {
    const en = { 'cases.count_one': '{{count}} case', 'cases.count_other': '{{count}} cases', title: 'Cases' };
    expect(Object.keys(expectedKeys(en, 'ar')).sort()).toEqual(
      ['cases.count_few', 'cases.count_many', 'cases.count_one', 'cases.count_other', 'cases.count_two', 'cases.count_zero', 'title'].sort(),
    );
    expect(Object.keys(expectedKeys(en, 'de')).sort()).toEqual(['cases.count_one', 'cases.count_other', 'title']);
  });

  it('finds a dropped variable and an English leftover', () => {
    expect(references('Hello {{name}}, $t(nav.cases)')).toEqual(['$t(nav.cases)', '{{name}}']);
    expect(references('{{count}} dossiers')).toEqual([]);
    expect(keptAsIs('Email')).toBe(true);
    expect(keptAsIs('DE-BY')).toBe(true);
    expect(keptAsIs('Save the case')).toBe(false);
  });
});
