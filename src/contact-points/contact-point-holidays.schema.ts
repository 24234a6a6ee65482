import { z } from 'zod';
import { isIsoDate } from '../deadlines/compute.js';

const V = 'contactPoints.holidays.validation';

/** The years a local holiday may be in: deadlines are computed for triggers from 1990 and run years ahead. */
export const HOLIDAY_FIRST_DAY = '1990-01-01';
export const HOLIDAY_LAST_DAY = '2100-12-31';

export const LocalHolidayForm = z.object({
  date: z
    .string(`${V}.dateRequired`)
    .trim()
    .min(1, `${V}.dateRequired`)
    .refine(isIsoDate, `${V}.dateInvalid`)
    .refine((d) => !isIsoDate(d) || (d >= HOLIDAY_FIRST_DAY && d <= HOLIDAY_LAST_DAY), `${V}.dateRange`),
  name: z.string(`${V}.nameRequired`).trim().min(1, `${V}.nameRequired`).max(100, `${V}.nameTooLong`),
});
export type LocalHolidayInput = z.infer<typeof LocalHolidayForm>;
