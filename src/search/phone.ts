/**
 * Phone numbers as the search compares them. A number is typed as "+44 7700 900123", "0044 7700 900123",
 * "07700 900123" or "(0)7700-900123", and stored however the counsellor typed it. Both sides are reduced to digits:
 * a leading "+" or "00" marks an international number, whose country calling code (E.164 codes form a prefix-free set,
 * so the first one that fits is the one) is taken off to leave the national number; national numbers lose their trunk
 * zero. "447700900123" and "7700900123" are then the two keys of the number, and the searcher's own countries' codes
 * rebuild the international key of a number typed nationally.
 */

/** ISO 3166-1 alpha-2 → ITU-T E.164 country calling code, for the countries a contact point may be in. */
const callingCodeOf: Record<string, string> = Object.fromEntries(
  (
    'US1 CA1 PR1 DO1 JM1 TT1 BS1 BB1 RU7 KZ7 EG20 ZA27 GR30 NL31 BE32 FR33 ES34 HU36 IT39 RO40 CH41 AT43 GB44 DK45 SE46 NO47 PL48 DE49 ' +
    'PE51 MX52 CU53 AR54 BR55 CL56 CO57 VE58 MY60 AU61 ID62 PH63 NZ64 SG65 TH66 JP81 KR82 VN84 CN86 TR90 IN91 PK92 AF93 LK94 MM95 IR98 ' +
    'MA212 DZ213 TN216 LY218 GM220 SN221 MR222 ML223 GN224 CI225 BF226 NE227 TG228 BJ229 MU230 LR231 SL232 GH233 NG234 TD235 CF236 CM237 ' +
    'CV238 ST239 GQ240 GA241 CG242 CD243 AO244 GW245 SC248 SD249 RW250 ET251 SO252 DJ253 KE254 TZ255 UG256 BI257 MZ258 ZM260 MG261 ZW263 ' +
    'NA264 MW265 LS266 BW267 SZ268 KM269 ER291 AW297 GI350 PT351 LU352 IE353 IS354 AL355 MT356 CY357 FI358 BG359 LT370 LV371 EE372 MD373 ' +
    'AM374 BY375 AD376 MC377 SM378 UA380 RS381 ME382 XK383 HR385 SI386 BA387 MK389 CZ420 SK421 LI423 BZ501 GT502 SV503 HN504 NI505 CR506 ' +
    'PA507 HT509 BO591 GY592 EC593 PY595 SR597 UY598 TL670 PG675 FJ679 KP850 HK852 MO853 KH855 LA856 BD880 TW886 MV960 LB961 JO962 SY963 ' +
    'IQ964 KW965 SA966 YE967 OM968 PS970 AE971 IL972 BH973 QA974 BT975 MN976 NP977 TJ992 TM993 AZ994 GE995 KG996 UZ998'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), entry.slice(2)]),
);
const callingCodes = new Set(Object.values(callingCodeOf));

export function callingCode(country: string | null | undefined): string | undefined {
  return country ? callingCodeOf[country.toUpperCase()] : undefined;
}

/** A term that is a phone number (or the start of one): digits with the usual separators, at least six digits. */
export function looksLikePhone(term: string): boolean {
  return /^\s*\+?[\d\s().\-/]+$/.test(term) && term.replace(/\D/g, '').length >= 6;
}

/** The keys of one number (see the top of this file); [] when it has too few digits to be one. */
export function phoneKeys(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const international = /^\s*(\+|00)/.test(raw);
  const all = raw.replace(/\(0\)/g, '').replace(/\D/g, '');
  const digits = international && !raw.trim().startsWith('+') ? all.slice(2) : all;
  if (digits.length < 6) return [];
  if (!international) {
    const national = digits.replace(/^0+/, '');
    return national ? [national] : [];
  }
  const keys = [digits];
  for (const length of [1, 2, 3]) {
    const code = digits.slice(0, length);
    if (callingCodes.has(code)) {
      // "+39 06…" keeps its zero in Italy, but its national form is typed "06…" too: both lose it here.
      const national = digits.slice(length).replace(/^0+/, '');
      if (national.length >= 4) keys.push(national);
      break;
    }
  }
  return keys;
}

/**
 * The keys to look for when a user searches for `term`: the keys of the term itself, and for a nationally typed number
 * the international key in each of the searcher's countries ("07700 900123" at a UK desk is also 447700900123).
 */
export function phoneSearchKeys(term: string, countries: readonly string[]): string[] {
  const keys = new Set(phoneKeys(term));
  if (!/^\s*(\+|00)/.test(term))
    for (const national of [...keys])
      for (const country of countries) {
        const code = callingCode(country);
        if (code) keys.add(code + national);
      }
  return [...keys];
}

/** The text a case's search row holds for its person's phone and messaging handle. */
export function contactSearchText(phone: string | null | undefined, handle: string | null | undefined): string {
  return [...phoneKeys(phone), handle ? handle.replace(/^@+/, '') : ''].filter(Boolean).join(' ');
}
