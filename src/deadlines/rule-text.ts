/**
 * The rule catalogue's own words in the reader's language: titles, explanations, status notes, weekend and extension
 * notes, the alternative period's label, the trigger fields' labels and hints. rules.data.ts is written (and was
 * reviewed) in English; `rule-texts/<lang>.json` maps each English text, word for word, to its translation. Keyed by
 * the English itself, so a text an administrator changed (or wrote) has no translation and is shown as written, in
 * English, marked so — never a translation of an older wording. A rule's explanation written in its own country's
 * language (`explanations.de` of a German rule) comes first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeadlineRule } from './rules.schema.js';
import { RULES, TRIGGER_FIELDS } from './rules.data.js';

/** `npm run build` copies src/deadlines/rule-texts to dist/deadlines/rule-texts. */
const TEXTS_DIR = fileURLToPath(new URL('./rule-texts/', import.meta.url));

const loaded = new Map<string, ReadonlyMap<string, string>>();

/** English text → translation, for `lang`; empty for English and for a language with no file. */
export function ruleTextsIn(lang: string): ReadonlyMap<string, string> {
  let texts = loaded.get(lang);
  if (!texts) {
    const file = `${TEXTS_DIR}${lang}.json`;
    const ok = /^[a-z]{2,3}$/.test(lang) && lang !== 'en' && existsSync(file);
    texts = ok ? new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) : new Map();
    loaded.set(lang, texts);
  }
  return texts;
}

/** A catalogue text in `lang`, or the text as written when it has no translation (English, an administrator's words). */
export function ruleTextIn(text: string, lang: string): string {
  return ruleTextsIn(lang).get(text) ?? text;
}

/** Whether `text` reads in `lang`: English for English, else a translation exists. */
export function ruleTextReads(text: string, lang: string): boolean {
  return lang === 'en' || ruleTextsIn(lang).has(text);
}

const TITLES = new Set(RULES.map((r) => r.title));

/** A rule title of the catalogue, in English, that has no translation into `lang` (a worker-only language). */
export function isUntranslatedTitle(text: string, lang: string): boolean {
  return lang !== 'en' && TITLES.has(text) && !ruleTextsIn(lang).has(text);
}

/**
 * A rule's explanation for a reader of `lang`: the one written in that language, else the translation of the English,
 * else the English. `lang` says which it is (a view marks English with lang="en"); `translated` that it is a
 * translation of the reviewed English, not the rule's own words.
 */
export function ruleExplanation(rule: Pick<DeadlineRule, 'explanation' | 'explanations'>, lang: string): { text: string; lang: string; translated: boolean } {
  const own = (rule.explanations as Record<string, string | undefined>)[lang];
  if (own) return { text: own, lang, translated: false };
  const translated = ruleTextsIn(lang).get(rule.explanation);
  return translated ? { text: translated, lang, translated: true } : { text: rule.explanation, lang: 'en', translated: false };
}

/**
 * Every English text of the base catalogue a translation into `lang` must have: what rule-texts/<lang>.json is
 * checked against (test/unit/deadlines/rule-texts.test.ts). An explanation the rule has in `lang` needs none.
 */
export function catalogueTexts(lang: string, rules: readonly DeadlineRule[] = RULES): Set<string> {
  const texts = new Set<string>();
  const add = (s: string | null | undefined) => s && texts.add(s);
  for (const r of rules) {
    add(r.title);
    if (!(r.explanations as Record<string, string | undefined>)[lang]) add(r.explanation);
    add(r.statusNote);
    add(r.nonWorkingDays);
    add(r.extension);
    add(r.nextBusinessDayNote);
    add(r.toVerify);
    add(r.triggerLabel);
    add(r.alternativePeriod?.label);
    add(r.alternativePeriod?.explanation);
  }
  for (const f of TRIGGER_FIELDS) {
    add(f.label);
    add(f.hint);
  }
  return texts;
}
