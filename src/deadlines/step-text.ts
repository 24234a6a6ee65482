/**
 * The deadline engine's sentences in the reader's language. The engine (compute.ts, holidays.ts) gives each step,
 * closed day and alternative as a StepMessage — a key of the deadlineSteps catalogue with ISO dates, holiday and region
 * codes — and this words them with the reader's translator: dates by Intl, holiday names from date-holidays in the
 * reader's language (else the country's own), region names as the region names itself. A step stored before steps
 * carried a message (or an ACAS step, which has none yet) is shown as stored, in English; so is every step for an
 * English reader, whose sentences are the engine's own.
 */
import type { Translator } from '../i18n/index.js';
import type { Alternative, ComputationStep, MsgValue, StepMessage } from './compute.js';
import { holidayNameIn, regionNameIn } from './holidays.js';

export interface DeadlineTexts {
  message(m: StepMessage): string;
  step(s: Pick<ComputationStep, 'date' | 'source' | 'text' | 'message'>): string;
  alternative(a: Pick<Alternative, 'text' | 'message'>): string;
  place(calendar: { place: string; placeMessage?: StepMessage }): string;
  /** A trigger field's phrase ("receipt of the notice of dismissal") in the reader's language. */
  event(field: string, phrase?: string): string;
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
    if (typeof v === 'string' || typeof v === 'number') return v;
    if ('holiday' in v) return holidayNameIn(v.holiday.country, v.holiday.region, v.holiday.date, tr.lang, v.holiday.name);
    if ('date' in v) return tr.date(v.date, 'long');
    // Intl's full style names the weekday: "Freitag, 5. Juni 2026".
    if ('weekdayDate' in v) return tr.date(v.weekdayDate, 'full');
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
  return {
    message,
    event,
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
