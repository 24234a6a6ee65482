import { z } from 'zod';
import { asList } from '../shared/form.js';
import { compareDates, isIsoDate } from './compute.js';
import { deadlineStatuses } from './deadlines.table.js';
import { EARLIEST_TRIGGER_DATE, LATEST_TRIGGER_DATE, RULE_STATUSES } from './rules.schema.js';
import { withVersion } from '../shared/versions.js';

const V = 'deadlines.validation';

export const RuleParam = z.object({ ruleId: z.string().regex(/^[a-z]{2}(?:-[a-z0-9]+)+$/).max(80) });

/** A calendar date a deadline may fall on; the same bounds as trigger dates (typing errors, not history). */
export const dueDateField = z
  .string(`${V}.dateRequired`)
  .trim()
  .min(1, `${V}.dateRequired`)
  .refine((v) => isIsoDate(v), `${V}.dateInvalid`)
  .refine((v) => !isIsoDate(v) || compareDates(v, EARLIEST_TRIGGER_DATE) >= 0, `${V}.dateTooEarly`)
  .refine((v) => !isIsoDate(v) || compareDates(v, LATEST_TRIGGER_DATE) <= 0, `${V}.dateTooLate`);

const optionalDate = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || isIsoDate(v), `${V}.dateInvalid`)
  .refine((v) => v === '' || !isIsoDate(v) || compareDates(v, EARLIEST_TRIGGER_DATE) >= 0, `${V}.dateTooEarly`)
  .refine((v) => v === '' || !isIsoDate(v) || compareDates(v, LATEST_TRIGGER_DATE) <= 0, `${V}.dateTooLate`)
  .transform((v) => (v === '' ? null : v));

const reason = z.string(`${V}.reasonRequired`).trim().min(3, `${V}.reasonRequired`).max(500, 'validation.tooLong');
const ruleId = z.string().trim().regex(/^[a-z]{2}(?:-[a-z0-9]+)+$/, `${V}.unknownRule`).max(80);

/** Which proposal the counsellor acts on, and the date they saw (a stale page is refused, not silently changed). */
export const ProposalForm = z.object({ ruleId, computed: dueDateField });
export const EditProposalForm = ProposalForm.extend({ dueDate: dueDateField, reason });

/** A deadline added by hand: the counsellor's own, or a contractual one (a collective agreement) with its source. */
export const manualDeadlineKinds = ['manual', 'contract'] as const;

export const ManualDeadlineForm = z
  .object({
    title: z.string(`${V}.titleRequired`).trim().min(1, `${V}.titleRequired`).max(120, 'validation.tooLong'),
    dueDate: dueDateField,
    reminderLeadDays: z.preprocess(
      (v) => (v === undefined || v === '' ? 14 : v),
      z.coerce.number(`${V}.leadDays`).int(`${V}.leadDays`).min(0, `${V}.leadDays`).max(365, `${V}.leadDays`),
    ),
    kind: z.preprocess((v) => (v === undefined || v === '' ? 'manual' : v), z.enum(manualDeadlineKinds, 'validation.invalid_value')),
    sourceCitation: z
      .string('validation.invalid_type')
      .trim()
      .max(300, 'validation.tooLong')
      .default('')
      .transform((v) => (v === '' ? null : v)),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'contract' && f.sourceCitation === null) ctx.addIssue({ code: 'custom', path: ['sourceCitation'], message: `${V}.contractSource` });
  }, { when: () => true });

/** A deadline's new date and why, with the version of the deadline it was changed from. */
export const EditDeadlineForm = withVersion(z.object({ dueDate: dueDateField, reason }));

export const deadlineContexts = ['dashboard', 'list', 'case'] as const;
export type DeadlineContext = (typeof deadlineContexts)[number];
/** A change of a deadline's state; cancelling a legal deadline needs a reason, which stays on the timeline. */
export const StatusForm = z
  .object({
    status: z.enum(deadlineStatuses, `${V}.statusInvalid`),
    context: z.enum(deadlineContexts).catch('case'),
    reason: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(500, 'validation.tooLong')),
  })
  .superRefine((form, ctx) => {
    if (form.status === 'cancelled' && form.reason.length < 3) ctx.addIssue({ code: 'custom', path: ['reason'], message: `${V}.cancelReason` });
  });

export const listWindows = ['all', 'overdue', 'today', 'week', 'month'] as const;
export const ListQuery = z.object({
  status: z.enum([...deadlineStatuses, 'all']).catch('open'),
  when: z.enum(listWindows).catch('all'),
  owner: z.enum(['mine', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  /** What the last plain (no-JavaScript) save did, said once on the page it came back to. */
  notice: z.enum(['status']).optional().catch(undefined),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .default('')
    .transform((v) => (v === '' ? null : v));
const requiredText = (max: number) => z.string('validation.required').trim().min(1, 'validation.required').max(max, 'validation.tooLong');

export const VersionDatesForm = z.object({
  validFrom: optionalDate,
  validTo: optionalDate,
  status: z.enum(RULE_STATUSES, 'validation.invalid_value'),
  statusNote: optionalText(1000),
  endPrevious: z.preprocess((v) => asList(v).includes('on'), z.boolean()),
  /** "I checked this version against the law now": sets its last check to today, by the administrator. */
  markChecked: z.preprocess((v) => asList(v).includes('on'), z.boolean()),
});

export const NewVersionForm = z.object({
  title: requiredText(200),
  periodAmount: z.preprocess(
    (v) => (v === undefined || v === '' ? null : v),
    z.coerce.number(`${V}.periodAmount`).int(`${V}.periodAmount`).min(1, `${V}.periodAmount`).max(1000, `${V}.periodAmount`).nullable(),
  ),
  validFrom: optionalDate,
  validTo: optionalDate,
  explanation: requiredText(4000),
  nonWorkingDays: requiredText(1000),
  citation: requiredText(400),
  url: optionalText(400),
  toVerify: optionalText(1000),
  endPrevious: z.preprocess((v) => asList(v).includes('on'), z.boolean()),
  markChecked: z.preprocess((v) => asList(v).includes('on'), z.boolean()),
});
