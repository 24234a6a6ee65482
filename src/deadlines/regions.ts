/**
 * Regions are ISO 3166-2 codes (DE-BY, ES-MD, AU-NSW, US-CA): a contact point's and a case's are chosen from the
 * regions date-holidays keeps calendars for. Cases from before recorded their region as the counsellor typed it
 * ("England", "Illinois", "CA"); this still reads the common spellings; anything else counts as "region not recorded",
 * so that every rule of the country is proposed — a proposal the counsellor dismisses is better than a limit nobody sees.
 */
import { isKnownRegion, regionNameIn, regionsOf } from './holidays.js';

const GB: Record<string, string> = {
  england: 'GB-ENG',
  wales: 'GB-WLS',
  cymru: 'GB-WLS',
  scotland: 'GB-SCT',
  'northern ireland': 'GB-NIR',
  'england and wales': 'GB-EAW',
  'great britain': 'GB-GBN',
};

const US_STATES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', 'district of columbia': 'DC', 'washington dc': 'DC', 'washington d.c.': 'DC', florida: 'FL',
  georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY',
  louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI', minnesota: 'MN',
  mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH',
  'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH',
  oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC',
  'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA',
  'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'puerto rico': 'PR',
};

const AU: Record<string, string> = {
  'new south wales': 'AU-NSW', victoria: 'AU-VIC', queensland: 'AU-QLD', 'western australia': 'AU-WA',
  'south australia': 'AU-SA', tasmania: 'AU-TAS', 'australian capital territory': 'AU-ACT',
  'northern territory': 'AU-NT', nsw: 'AU-NSW', vic: 'AU-VIC', qld: 'AU-QLD', wa: 'AU-WA', sa: 'AU-SA',
  tas: 'AU-TAS', act: 'AU-ACT', nt: 'AU-NT',
};

/** Codes that name groups of regions rather than one calendar: the tribunal rules of Great Britain use them. */
const GROUPS = new Set(['GB-GBN', 'GB-EAW']);

export const ISO_REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/** "Bayern" and "bayern", "Comunidad de Madrid" and "comunidad de madrid": names compared without case or accents. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** A region ISO 3166-2 code of `country` that the holiday calendars know (or a Great Britain group code). */
export function isRegionOf(country: string, code: string): boolean {
  return code.startsWith(`${country}-`) && (isKnownRegion(code) || GROUPS.has(code));
}

/** The ISO 3166-2 code of a case's region, or null when it is not recorded or not recognised. */
export function regionCode(country: string, region: string | null | undefined): string | null {
  if (!region) return null;
  const text = region.trim();
  if (ISO_REGION.test(text)) return isRegionOf(country, text) ? text : null;
  const key = fold(text);
  if (key === '') return null;
  if (country === 'GB' && GB[key]) return GB[key];
  if (country === 'AU' && AU[key]) return AU[key];
  if (country === 'US') {
    const upper = text.toUpperCase();
    if (/^[A-Z]{2}$/.test(upper) && Object.values(US_STATES).includes(upper)) return `US-${upper}`;
    const state = US_STATES[key];
    if (state) return `US-${state}`;
  }
  // Any other country date-holidays knows: its region's code without the country ("BY") or its name ("Bavaria", "Bayern").
  const regions = regionsOf(country);
  const bare = text.toUpperCase();
  return regions.find((r) => r.code === `${country}-${bare}`)?.code ?? regions.find((r) => fold(r.name) === key || fold(r.localName) === key)?.code ?? null;
}

/**
 * A stored case region as its form's select shows it: its code when it is one of the list (an older typed name
 * read through regionCode), else none chosen, with the typed text said beside the field rather than kept silently.
 */
export function regionOnForm(country: string, stored: string | null | undefined): { value: string; legacy: string | null } {
  if (!stored) return { value: '', legacy: null };
  const code = regionCode(country, stored);
  return code && isKnownRegion(code) ? { value: code, legacy: null } : { value: '', legacy: stored };
}

/**
 * The regions a form offers for a country, named for a reader of `lang` (English names for English, else as the
 * region names itself: "Bayern", "Comunidad de Madrid") and in that reader's alphabetical order.
 */
export function regionChoices(country: string, lang = 'en'): { code: string; name: string }[] {
  const collator = new Intl.Collator(lang);
  return regionsOf(country)
    .map(({ code }) => ({ code, name: regionNameIn(code, lang) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** A stored region as a page shows it: "Bavaria (DE-BY)" for a code, the typed text of an older case as it was. */
export function regionLabel(region: string | null | undefined, lang = 'en'): string {
  if (!region) return '';
  return ISO_REGION.test(region) && isKnownRegion(region) ? `${regionNameIn(region, lang)} (${region})` : region;
}

/**
 * The region whose holidays a case's deadlines count: the case's own, else its contact point's when the case is in
 * the contact point's country; null: nationwide.
 */
export function effectiveRegion(kase: { jurisdictionCountry: string; jurisdictionRegion: string | null }, contactPoint: { country: string; region: string | null } | null | undefined): string | null {
  const own = regionCode(kase.jurisdictionCountry, kase.jurisdictionRegion);
  if (own) return own;
  if (!contactPoint?.region || contactPoint.country !== kase.jurisdictionCountry) return null;
  return contactPoint.region;
}
