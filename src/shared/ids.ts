import { z } from 'zod';

/** A plain decimal integer: no sign, no leading zero, no spaces, no exponent, no hex; at most 16 digits. */
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

/**
 * A record id as typed in a URL or a form, or null. "46" is 46; "046", " 46", "+46", "46.0", "4.6e1" and "0x2e" are
 * not ids at all, though a lenient parser (Number, z.coerce) would open record 46 under each of those names.
 */
export function parseId(value: unknown): number | null {
  if (typeof value !== 'string' || !DECIMAL_ID.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}

/** A form or query field that names a record to open: a plain decimal id (parseId), as a number. */
export const idField = (message = 'validation.invalid_value') =>
  z.string(message).transform((value, ctx) => {
    const id = parseId(value);
    if (id === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return id;
  });
