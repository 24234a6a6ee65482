/**
 * The deadline engine's sentences in the reader's language. The engine (compute.ts, holidays.ts) gives each step,
 * closed day and alternative as a StepMessage — a key of the deadlineSteps catalogue with ISO dates, holiday and region
 * codes — and this words them with the reader's translator: dates by Intl, holiday names from date-holidays in the
 * reader's language (else the country's own), region names as the region names itself. A step stored before steps
 * carried a message is shown as stored, in English; so is every step for an
 * English reader, whose sentences are the engine's own.
 */
import type { Translator } from '../i18n/index.js';
import type { DeadlineRule } from './rules.schema.js';
import type { Alternative, ComputationStep, DeadlineResult, MsgValue, Say, StepMessage } from './compute.js';
import { holidayNameIn, regionNameIn } from './holidays.js';
import { ruleExplanation, ruleTextIn } from './rule-text.js';

export interface DeadlineTexts {
  message(m: StepMessage): string;
  step(s: Pick<ComputationStep, 'date' | 'source' | 'text' | 'message'>): string;
  alternative(a: Pick<Alternative, 'text' | 'message'>): string;
  place(calendar: { place: string; placeMessage?: StepMessage }): string;
  /** A trigger field's phrase ("receipt of the notice of dismissal") in the reader's language. */
  event(field: string, phrase?: string): string;
  /** A result's warnings and notes in the reader's language (English: the engine's own). */
  warnings(r: Pick<DeadlineResult, 'warnings' | 'said'>): string[];
  notes(r: Pick<DeadlineResult, 'notes' | 'said'>): string[];
  /** The rule catalogue's own words (a title, a note, a field's label) in the reader's language, else as written. */
  rule(text: string): string;
  explanation(rule: Pick<DeadlineRule, 'explanation' | 'explanations'>): { text: string; lang: string; translated: boolean };
  /** Errors of the dates entered, worded for the reader (computeFromCatalogue's `say`). */
  say: Say;
}

export function deadlineTexts(tr: Translator): DeadlineTexts {
  const { t } = tr;
  const join = (parts: string[], how: 'and' | 'semicolon' | 'comma') => {
    if (how === 'semicolon') return parts.join(t('deadlineSteps.separator.semicolon'));
    if (how === 'comma') return parts.join(t('deadlineSteps.separator.comma'));
    return new Intl.ListFormat(tr.lang, { type: 'conjunction' }).format(parts);
  };
  const placeName = (country: string, region: string | null) =>
    region ? regionNameIn(region, tr.lang) : tr.countryName(country);
  const value = (v: MsgValue): string | number => {
    if (typeof v === 'number') return v;
    // A plain string is a name, a code or the rule catalogue's own words (a status note, a field's label).
    if (typeof v === 'string') return ruleTextIn(v, tr.lang);
    if ('holiday' in v) return holidayNameIn(v.holiday.country, v.holiday.region, v.holiday.date, tr.lang, v.holiday.name);
    if ('date' in v) return tr.date(v.date, 'long');
    // Intl's full style names the weekday: "Freitag, 5. Juni 2026".
    if ('weekdayDate' in v) return tr.date(v.weekdayDate, 'full');
    if ('monthOf' in v) return new Intl.DateTimeFormat(tr.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${v.monthOf}T00:00:00Z`));
    if ('place' in v) return placeName(v.place.country, v.place.region);
    if ('field' in v) return v.phrase ?? event(v.field);
    if ('msg' in v) return message(v.msg);
    return join(v.list.map(message), v.join);
  };
  function event(field: string, phrase?: string): string {
    if (phrase) return phrase;
    return t(`deadlineSteps.event.${field}`, { defaultValue: field });
  }
  function message(m: StepMessage): string {
    const values: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(m.values ?? {})) values[k] = value(v);
    return t(`deadlineSteps.${m.key}`, values) as string;
  }
  const english = tr.lang === 'en';
  return {
    message,
    event,
    warnings: (r) => (english || !r.said ? r.warnings : r.said.warnings.map(message)),
    notes: (r) => (english || !r.said ? r.notes : r.said.notes.map(message)),
    rule: (text) => ruleTextIn(text, tr.lang),
    explanation: (rule) => ruleExplanation(rule, tr.lang),
    say: (text, m) => (english ? text : message(m)),
    step(s) {
      // English readers get the engine's own English sentences, word for word as they were always stored.
      if (!s.message || tr.lang === 'en') return s.text;
      const date = tr.date(s.date, 'long');
      const description = message(s.message);
      return s.source
        ? t('deadlineSteps.line.sourced', { date, description, source: s.source })
        : t('deadlineSteps.line.plain', { date, description });
    },
    alternative(a) {
      return a.message && tr.lang !== 'en' ? message(a.message) : a.text;
    },
    place(calendar) {
      return calendar.placeMessage && tr.lang !== 'en' ? message(calendar.placeMessage) : calendar.place;
    },
  };
}
