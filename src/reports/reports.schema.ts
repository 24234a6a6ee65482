import { z } from 'zod';
import { addDays, isIsoDate } from '../deadlines/compute.js';
import type { FieldErrors } from '../shared/form.js';
import { idField } from '../shared/ids.js';

const V = 'reports.validation';

/** The longest period a report covers: ten years of months is already a long table. */
export const MAX_PERIOD_DAYS = 3660;
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2100-12-31';

export const tableIds = ['months', 'case-types', 'sectors', 'nationalities', 'jurisdictions', 'outcomes', 'wages', 'referrals', 'closure-time', 'parties', 'collective'] as const;
export type TableId = (typeof tableIds)[number];

// A field left empty arrives as ''; absent and empty both mean "the default".
const blankToUndefined = (v: unknown) => (v === '' || v === undefined ? undefined : v);

const date = z.preprocess(
  blankToUndefined,
  z
    .string(`${V}.date`)
    .trim()
    .refine((v) => isIsoDate(v), `${V}.date`)
    .refine((v) => !isIsoDate(v) || (v >= EARLIEST_DATE && v <= LATEST_DATE), `${V}.dateRange`)
    .optional(),
);

export const ReportQuery = z
  .object({
    from: date,
    to: date,
    // A contact point id; which ids the actor may ask for is decided by the policy, in the route.
    cp: z.preprocess(blankToUndefined, idField(`${V}.contactPoint`).optional()),
  })
  .superRefine((q, ctx) => {
    // Object checks run even when a field failed: only two real dates are compared (addDays throws on anything else).
    if (!q.from || !q.to || !isIsoDate(q.from) || !isIsoDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `${V}.inverted` });
    else if (addDays(q.from, MAX_PERIOD_DAYS) < q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `${V}.tooLong` });
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const TableParam = z.object({ table: z.enum(tableIds) });

/** The period shown when none is asked for: the last twelve months, this one included. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const back = m - 11;
  const from = back > 0 ? `${y}-${String(back).padStart(2, '0')}-01` : `${y - 1}-${String(back + 12).padStart(2, '0')}-01`;
  return { from, to: today };
}

/** The period asked for, with defaults filled in; refused when the result runs backwards or is too long. */
export function resolvePeriod(query: ReportQuery, today: string): { ok: true; period: { from: string; to: string } } | { ok: false; errors: FieldErrors } {
  const fallback = defaultPeriod(today);
  const to = query.to ?? (query.from && query.from > today ? query.from : fallback.to);
  const from = query.from ?? (query.to && query.to < fallback.from ? defaultPeriod(query.to).from : fallback.from);
  if (from > to) return { ok: false, errors: { to: `${V}.inverted` } };
  if (addDays(from, MAX_PERIOD_DAYS) < to) return { ok: false, errors: { to: `${V}.tooLong` } };
  return { ok: true, period: { from, to } };
}
