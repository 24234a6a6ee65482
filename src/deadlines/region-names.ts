/**
 * English names of the regions whose names date-holidays gives only in their own language ("Bayern",
 * "Comunidad de Madrid"): the steps of a computation are written in English ("4 June 2026 is Corpus Christi, a public
 * holiday in Bavaria"). Regions not listed keep date-holidays' name.
 */
export const ENGLISH_REGION_NAMES: Readonly<Record<string, string>> = {
  'DE-BB': 'Brandenburg',
  'DE-BE': 'Berlin',
  'DE-BW': 'Baden-Württemberg',
  'DE-BY': 'Bavaria',
  'DE-HB': 'Bremen',
  'DE-HE': 'Hesse',
  'DE-HH': 'Hamburg',
  'DE-MV': 'Mecklenburg-Western Pomerania',
  'DE-NI': 'Lower Saxony',
  'DE-NW': 'North Rhine-Westphalia',
  'DE-RP': 'Rhineland-Palatinate',
  'DE-SH': 'Schleswig-Holstein',
  'DE-SL': 'Saarland',
  'DE-SN': 'Saxony',
  'DE-ST': 'Saxony-Anhalt',
  'DE-TH': 'Thuringia',
  'ES-AN': 'Andalusia',
  'ES-AR': 'Aragon',
  'ES-CE': 'Ceuta',
  'ES-MC': 'Region of Murcia',
  'ES-MD': 'Community of Madrid',
  'ES-ML': 'Melilla',
  'ES-NC': 'Navarre',
  'IT-32': 'South Tyrol',
};
