import { z } from 'zod';
import { checkRegionOf, isCountryCode, regionField } from '../contact-points/contact-points.schema.js';
import { perDay } from '../shared/clock.js';
import { asList } from '../shared/form.js';
import { caseTypes, currencies, gcmObjectives, outcomes, priorities, sectors } from './catalogue.js';
import type { TimelineCursor } from './cases.repo.js';
import { moves, type Move } from './lifecycle.js';
import { withVersion } from '../shared/versions.js';

const text = (max: number) => z.string('validation.invalid_type').trim().max(max, 'validation.tooLong').default('');
const requiredText = (max: number, message = 'validation.required') => z.string(message).trim().min(1, message).max(max, 'validation.tooLong');
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** An optional choice from a catalogue: '' means not recorded; anything else must be in the catalogue. */
const optionalEnum = <T extends readonly string[]>(values: T, message = 'validation.invalid_value') =>
  z
    .string('validation.invalid_type')
    .trim()
    .default('')
    .transform((v, ctx): T[number] | null => {
      if (v === '') return null;
      if (!values.includes(v)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return v;
    });

const MIN_DATE = '1950-01-01';
const MAX_DATE = '2100-12-31';

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The latest calendar date it may be anywhere on Earth (UTC+14 is never more than a day ahead of UTC). */
const latestToday = (now: number) => new Date(now + 24 * 3600_000).toISOString().slice(0, 10);

/** An optional YYYY-MM-DD date: a real calendar date within a plausible range (not after `notAfter` when given). */
const optionalDate = (opts: { notAfter?: string } = {}) =>
  z
    .string('validation.invalid_type')
    .trim()
    .default('')
    .transform((v, ctx) => {
      if (v === '') return null;
      if (!isRealDate(v)) {
        ctx.addIssue({ code: 'custom', message: 'casePage.validation.date' });
        return z.NEVER;
      }
      if (v < MIN_DATE || v > MAX_DATE) {
        ctx.addIssue({ code: 'custom', message: 'casePage.validation.dateRange' });
        return z.NEVER;
      }
      if (opts.notAfter && v > opts.notAfter) {
        ctx.addIssue({ code: 'custom', message: 'casePage.validation.dateFuture' });
        return z.NEVER;
      }
      return v;
    });

/** Largest amount accepted, in major units: far above any wage claim, well inside exact integer range. */
const MAX_AMOUNT_MAJOR = 100_000_000;

/**
 * An optional amount typed as "1234.56" or "1,234.56", returned in minor units (pence, cents) so sums stay exact.
 * The messages say what is wrong: negative, not a number, more than two decimals, too large.
 */
export const optionalAmount = z
  .string('validation.invalid_type')
  .default('')
  .transform((raw, ctx) => {
    let v = raw.replace(/\s+/g, '');
    if (v === '') return null;
    if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(v)) v = v.replace(/,/g, '');
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (/^[-−]\s*\d/.test(v)) return fail('casePage.validation.amountNegative');
    if (!/^\d+(\.\d+)?$/.test(v)) return fail('casePage.validation.amountNumber');
    const [whole = '', fraction = ''] = v.split('.');
    if (fraction.length > 2) return fail('casePage.validation.amountDecimals');
    if (whole.replace(/^0+/, '').length > String(MAX_AMOUNT_MAJOR).length || Number(whole) > MAX_AMOUNT_MAJOR) return fail('casePage.validation.amountTooLarge');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  });

const currency = optionalEnum(currencies, 'casePage.validation.currency');

export const caseFields = [
  'caseTypes',
  'sector',
  'priority',
  'jurisdictionCountry',
  'jurisdictionRegion',
  'summary',
  'employmentStart',
  'employmentEnd',
  'amountClaimed',
  'amountRecovered',
  'currency',
  'gcmObjectives',
] as const;
export type CaseField = (typeof caseFields)[number];

export const CaseEditForm = z
  .object({
    caseTypes: z.preprocess(
      asList,
      z.array(z.enum(caseTypes, 'casePage.validation.caseType')).min(1, 'casePage.validation.caseTypesRequired').max(caseTypes.length, 'validation.tooMany'),
    ),
    sector: optionalEnum(sectors),
    priority: z.enum(priorities, 'validation.invalid_value'),
    jurisdictionCountry: z
      .string('validation.countryCode')
      .trim()
      .toUpperCase()
      .refine(isCountryCode, 'validation.countryCode'),
    jurisdictionRegion: regionField,
    summary: text(5000),
    employmentStart: optionalDate(),
    employmentEnd: optionalDate(),
    amountClaimed: optionalAmount,
    amountRecovered: optionalAmount,
    currency,
    gcmObjectives: z.preprocess(asList, z.array(z.enum(gcmObjectives, 'validation.invalid_value')).max(gcmObjectives.length, 'validation.tooMany')),
  })
  .superRefine((f, ctx) => {
    checkRegionOf('jurisdictionCountry', 'jurisdictionRegion')(f, ctx);
    if (f.employmentStart && f.employmentEnd && f.employmentEnd < f.employmentStart)
      ctx.addIssue({ code: 'custom', path: ['employmentEnd'], message: 'casePage.validation.endBeforeStart' });
    if ((f.amountClaimed !== null || f.amountRecovered !== null) && !f.currency)
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'casePage.validation.currencyRequired' });
  });
export type CaseEditInput = z.infer<typeof CaseEditForm>;
/** The case edit form as posted: the details and the version of the case they were edited from. */
export const CaseEditPost = withVersion(CaseEditForm);

export const entryKinds = ['note', 'call', 'meeting'] as const;

export const TimelineEntryForm = perDay((now) => z
  .object({
    kind: z.enum(entryKinds, 'validation.invalid_value').default('note'),
    body: requiredText(10_000, 'casePage.validation.bodyRequired'),
    restricted: checkbox,
    occurredOn: optionalDate({ notAfter: latestToday(now) }),
    occurredTime: z
      .string('validation.invalid_type')
      .trim()
      .default('')
      .refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'casePage.validation.time')
      .transform((v) => v || null),
  })
  .superRefine((f, ctx) => {
    if (f.occurredTime && !f.occurredOn) ctx.addIssue({ code: 'custom', path: ['occurredOn'], message: 'casePage.validation.timeNeedsDate' });
  }));
export type TimelineEntryInput = z.infer<ReturnType<typeof TimelineEntryForm>>;

/**
 * `?before=<at>-<id>` on the timeline: the entries older than that entry, in the timeline's order. A keyset
 * cursor of an instant and an event id (nothing personal in the URL); anything else is a malformed request.
 */
export const TimelineQuery = z.object({
  before: z
    .string()
    .regex(/^\d{1,16}-\d{1,16}$/)
    .transform((v, ctx): TimelineCursor => {
      const [at, id] = v.split('-').map(Number) as [number, number];
      if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id)) {
        ctx.addIssue({ code: 'custom', message: 'errors.badRequest' });
        return z.NEVER;
      }
      return { at, id };
    })
    .optional(),
});
export const formatTimelineCursor = (c: TimelineCursor) => `${c.at}-${c.id}`;

export const MoveField = z.object({ move: z.enum(moves) });

const closureRequest = z
  .object({
    outcome: z.enum(outcomes, 'casePage.validation.outcomeRequired'),
    amountRecovered: optionalAmount,
    currency,
    note: requiredText(5000, 'casePage.validation.closureNoteRequired'),
  })
  .superRefine((f, ctx) => {
    if (f.amountRecovered !== null && !f.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'casePage.validation.currencyRequired' });
  });

/** What each lifecycle move asks for (lifecycle.ts `requires`), field by field. */
export const moveForms = {
  open: z.object({}),
  await_outcome: z.object({}),
  resume: z.object({}),
  request_closure: closureRequest,
  // Named apart from send_back's comment: both forms are on the page at once.
  // Closing is a click that hurts (issue 16 items 4, 10): a reason for the timeline, and the checklist ticked as read.
  approve_closure: z
    .object({
      approvalComment: requiredText(5000, 'casePage.validation.approvalRequired'),
      checklistChecked: checkbox.refine((v) => v, 'casePage.validation.checklistRequired'),
    })
    .transform((f) => ({ comment: f.approvalComment })),
  send_back: z.object({ comment: requiredText(5000, 'casePage.validation.commentRequired') }),
  reopen: z.object({ reason: requiredText(5000, 'casePage.validation.reasonRequired') }),
} satisfies Record<Move, z.ZodType>;

export type MoveInput = {
  outcome?: (typeof outcomes)[number];
  amountRecovered?: number | null;
  currency?: string | null;
  note?: string;
  comment?: string | null;
  reason?: string;
};

export const AssignForm = z.object({
  // '' = nobody; user ids are random UUIDs, checked against the contact point's staff by the service.
  assignee: z
    .string('validation.invalid_type')
    .trim()
    .max(64, 'casePage.validation.assignee')
    .default('')
    .transform((v) => v || null),
});
