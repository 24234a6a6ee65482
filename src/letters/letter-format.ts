/**
 * Formatting of dates and money for letters. Everything goes through Intl in the contact point's
 * locale, so a letter from London reads "3 March 2026" and "£1,234.50" and one from Chicago
 * "March 3, 2026" and "$1,234.50".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as stored for due dates: `YYYY-MM-DD`, and a real day of the calendar. */
export function isIsoDate(value: string | undefined): boolean {
  if (value === undefined) return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An instant with an explicit offset (ISO 8601), so its calendar day is never a guess. */
export function isIsoInstant(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function isValidLocale(locale: string | undefined): boolean {
  if (!locale) return false;
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

export function isValidTimeZone(timeZone: string | undefined): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** ISO 4217 codes, as the runtime's Intl maintains them: Intl throws a RangeError for a code not shaped like one. */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string | undefined): boolean {
  return code !== undefined && ISO_4217.has(code);
}

/**
 * A due date is a calendar day, not an instant: it is formatted in UTC so that no time zone
 * can move it to the day before.
 */
export function formatDate(isoDate: string, locale: string): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not a calendar date: ${isoDate}`);
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc);
}

/** The day an instant falls on at the contact point, e.g. the date a letter was issued. */
export function formatInstantDate(isoInstant: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    new Date(isoInstant),
  );
}

/**
 * Digits after the decimal point of a currency, as Intl (CLDR) knows them: 2 for GBP, 0 for JPY.
 * Amounts are carried as integers of this minor unit so that adding them up never meets
 * binary floating point.
 */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const negative = amountMinor < 0;
  const units = Math.abs(amountMinor).toString().padStart(digits + 1, '0');
  const whole = units.slice(0, units.length - digits);
  const fraction = units.slice(units.length - digits);
  // A decimal string is formatted exactly by Intl; dividing by 100 first could print 0.1 + 0.2 wrongly.
  const decimal = `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}` as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal);
}

export function isMinorAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Fills `{name}` placeholders. A placeholder without a value is a programming error (a template
 * and its caller disagree), so it throws rather than print "{name}" in a letter.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Letter template needs {${key}}: ${template}`);
    return value;
  });
}
