/**
 * Which days are not business days, per jurisdiction: weekends, the public holidays of a country or of one of its
 * regions (from date-holidays, which keeps national and regional calendars, e.g. DE-BY, ES-MD, AU-NSW, US-CA), days a
 * rule itself closes (24 and 31 December for Spain's "días hábiles") and the local holidays a contact point adds
 * (a city's patron saint). Only holidays of type "public" count: a "bank" holiday (Christmas Eve in Germany) or an
 * observance is a working day for a court or a tribunal.
 */
import Holidays from 'date-holidays';
// compute.ts imports this module too: only functions are used from it, at call time, so the cycle is harmless.
import { dayOfWeek, type IsoDate, type StepMessage } from './compute.js';
import { ENGLISH_REGION_NAMES } from './region-names.js';

import type { HolidayScope, RestDay } from './rules.schema.js';

export interface LocalHoliday {
  date: IsoDate;
  name: string;
}

export interface ClosedDay {
  date: IsoDate;
  /** "Saturday", "Corpus Christi, a public holiday in Bavaria", "not a working day under LOPJ art. 182.1". */
  reason: string;
  /** The same reasons as data (one each), for the reader's language. */
  reasons: StepMessage[];
}

export interface BusinessCalendarSpec {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 3166-2 (e.g. DE-BY), or null: nationwide holidays only. */
  region: string | null;
  restDays: readonly RestDay[];
  holidays: HolidayScope;
  /** Month-day (MM-DD) closed every year by the rule itself, e.g. 12-24. */
  alsoClosed: readonly string[];
  /** The contact point's own local holidays, counted when the rule says local holidays count. */
  localHolidays: readonly LocalHoliday[];
  /** The law on counting days and moving last days, cited on the steps: "BGB §193". */
  source: string;
}

export interface BusinessCalendar {
  spec: BusinessCalendarSpec;
  /** "Bavaria (DE-BY)", "Germany (nationwide holidays only)". */
  place: string;
  /** The place as data, for the reader's language. */
  placeMessage: StepMessage;
  /** Why `date` is not a business day, or null when it is one. */
  closed(date: IsoDate): ClosedDay | null;
}

const holidayCache = new Map<string, Map<IsoDate, string>>();
const holidaysByPlace = new Map<string, Holidays>();

function library(country: string, state: string | undefined): Holidays {
  const key = `${country}-${state ?? ''}`;
  let hd = holidaysByPlace.get(key);
  if (!hd) {
    hd = state ? new Holidays(country, state, { types: ['public'] }) : new Holidays(country, { types: ['public'] });
    holidaysByPlace.set(key, hd);
  }
  return hd;
}

/** The public holidays of a country (and region) in one year, by date, with their English names. */
export function publicHolidays(country: string, region: string | null, year: number): Map<IsoDate, string> {
  const state = region ? region.slice(country.length + 1) : undefined;
  const key = `${country}-${state ?? ''}-${year}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  const days = new Map<IsoDate, string>();
  for (const h of library(country, state).getHolidays(year, 'en')) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    if (!days.has(date)) days.set(date, h.name);
  }
  holidayCache.set(key, days);
  return days;
}

let statesCache: Map<string, Record<string, string>> | null = null;

/** The regions date-holidays knows for a country, as ISO 3166-2 codes with their English and date-holidays' names. */
export function regionsOf(country: string): { code: string; name: string; localName: string }[] {
  statesCache ??= new Map();
  let states = statesCache.get(country);
  if (!states) {
    states = (new Holidays().getStates(country, 'en') as Record<string, string> | undefined) ?? {};
    statesCache.set(country, states);
  }
  return Object.entries(states).map(([code, name]) => ({ code: `${country}-${code}`, name: ENGLISH_REGION_NAMES[`${country}-${code}`] ?? name, localName: name }));
}

/** True when date-holidays has a calendar for the region (ISO 3166-2). */
export function isKnownRegion(region: string): boolean {
  const country = region.slice(0, 2);
  return regionsOf(country).some((r) => r.code === region);
}

export function regionName(region: string): string {
  return regionsOf(region.slice(0, 2)).find((r) => r.code === region)?.name ?? region;
}

export function countryName(country: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}


/** The calendar a rule's last day and working days are counted in, for one place. */
export function businessCalendar(spec: BusinessCalendarSpec): BusinessCalendar {
  const usesRegion = spec.holidays === 'regional' && spec.region !== null && isKnownRegion(spec.region);
  const holidayRegion = usesRegion ? spec.region : null;
  const place = holidayRegion
    ? `${regionName(holidayRegion)} (${holidayRegion})`
    : spec.holidays === 'regional'
      ? `${countryName(spec.country)} (nationwide holidays only: no region chosen)`
      : countryName(spec.country);
  const placeMessage: StepMessage = holidayRegion
    ? { key: 'place.region', values: { place: { place: { country: spec.country, region: holidayRegion } }, code: holidayRegion } }
    : spec.holidays === 'regional'
      ? { key: 'place.nationwideOnly', values: { place: { place: { country: spec.country, region: null } } } }
      : { key: 'place.country', values: { place: { place: { country: spec.country, region: null } } } };
  const where = holidayRegion ? regionName(holidayRegion) : countryName(spec.country);
  const local = new Map(spec.localHolidays.map((h) => [h.date, h.name]));
  return {
    spec,
    place,
    placeMessage,
    closed(date) {
      const name = dayOfWeek(date);
      const weekday = name === 'Saturday' ? 'saturday' : name === 'Sunday' ? 'sunday' : null;
      const holiday = publicHolidays(spec.country, holidayRegion, Number(date.slice(0, 4))).get(date);
      const reasons: string[] = [];
      const parts: StepMessage[] = [];
      const here = { place: { country: spec.country, region: holidayRegion } };
      if (weekday && spec.restDays.includes(weekday)) {
        reasons.push(`a ${name}`);
        parts.push({ key: `closed.${weekday}` });
      }
      if (holiday) {
        reasons.push(`${holiday}, a public holiday in ${where}`);
        parts.push({ key: 'closed.holiday', values: { holiday: { holiday: { country: spec.country, region: holidayRegion, date, name: holiday } }, place: here } });
      }
      const localName = local.get(date);
      if (localName) {
        reasons.push(`${localName}, a local holiday of the contact point`);
        parts.push({ key: 'closed.local', values: { name: localName } });
      }
      const monthDay = date.slice(5);
      if (spec.alsoClosed.includes(monthDay) && !holiday && !localName) {
        reasons.push(`not a working day under ${spec.source}`);
        parts.push({ key: 'closed.rule', values: { source: spec.source } });
      }
      return reasons.length ? { date, reason: reasons.join(' and '), reasons: parts } : null;
    },
  };
}

/**
 * A public holiday's name in `lang` when date-holidays has one, else in the country's own language, else `fallback`
 * (the English name stored with the step). date-holidays answers an unknown language with some other one, so a name
 * is taken as `lang`'s only when it differs from what a language it cannot know gets.
 */
export function holidayNameIn(country: string, region: string | null, date: IsoDate, lang: string, fallback: string): string {
  const hd = library(country, region ? region.slice(country.length + 1) : undefined);
  const year = Number(date.slice(0, 4));
  const nameIn = (l: string) => hd.getHolidays(year, l).find((h) => h.type === 'public' && h.date.slice(0, 10) === date)?.name;
  if (lang === 'en') return nameIn('en') ?? fallback;
  const asked = nameIn(lang);
  const unknown = nameIn('zz');
  if (asked && asked !== unknown) return asked;
  const own = hd.getLanguages()[0];
  return (own ? nameIn(own) : undefined) ?? asked ?? fallback;
}

/**
 * A region's name for a reader of `lang`: the English name for English, else date-holidays' name (the region's own,
 * "Bayern", "Comunidad de Madrid"), which is also how German, Spanish… readers name it.
 */
export function regionNameIn(region: string, lang: string): string {
  const found = regionsOf(region.slice(0, 2)).find((r) => r.code === region);
  if (!found) return region;
  return lang === 'en' ? found.name : found.localName;
}
