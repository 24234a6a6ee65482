import { z } from 'zod';
import type { FieldErrors } from '../shared/form.js';
import { asList } from '../shared/form.js';
import { idField } from '../shared/ids.js';

const text = (max: number) => z.string('validation.invalid_type').trim().max(max, 'validation.tooLong').default('');

export const ProposeForm = z.object({
  toContactPointId: idField('transfers.validation.choose'),
  reason: z.string('validation.required').trim().min(1, 'transfers.validation.reason').max(2000, 'validation.tooLong'),
  /** The evidence files that go with the case; none is ticked unless the counsellor ticks it (the rest is kept back). */
  evidenceIds: z.preprocess(asList, z.array(idField('evidence.share.validation.file')).max(10_000, 'evidence.share.validation.file')),
});
export type ProposeInput = z.infer<typeof ProposeForm>;

export const DecideForm = z.object({
  decision: z.enum(['accept', 'decline'], 'transfers.validation.decision'),
  note: text(2000),
  /** The counsellor who takes the case at the receiving contact point; empty leaves it unassigned. */
  assignee: z.union([z.literal(''), z.uuid('transfers.validation.assignee')]).default(''),
});
export type DecideInput = z.infer<typeof DecideForm>;


export const Notice = z.object({ notice: z.enum(['proposed', 'cancelled', 'declined']).optional() }).catch({});

export function transferFormErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p !== 'number');
    const key = path.length ? path.join('.') : '_form';
    const own = issue.message.startsWith('validation.') || issue.message.startsWith('transfers.validation.');
    out[key] ??= own ? issue.message : `validation.${issue.code}`;
  }
  return out;
}
