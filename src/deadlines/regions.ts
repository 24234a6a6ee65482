/**
 * Cases record their region as the counsellor typed it ("England", "Illinois", "CA"); rules name regions by
 * ISO 3166-2 code. This reads the common spellings; anything else counts as "region not recorded", so that every
 * rule of the country is proposed — a proposal the counsellor dismisses is better than a limit nobody sees.
 */

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

/** The ISO 3166-2 code of a case's region, or null when it is not recorded or not recognised. */
export function regionCode(country: string, region: string | null | undefined): string | null {
  if (!region) return null;
  const text = region.trim();
  if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(text)) return text.startsWith(`${country}-`) ? text : null;
  const key = text.toLowerCase().replace(/\s+/g, ' ');
  if (country === 'GB') return GB[key] ?? null;
  if (country === 'AU') return AU[key] ?? null;
  if (country === 'US') {
    const upper = text.toUpperCase();
    if (/^[A-Z]{2}$/.test(upper) && Object.values(US_STATES).includes(upper)) return `US-${upper}`;
    const state = US_STATES[key];
    return state ? `US-${state}` : null;
  }
  return null;
}
