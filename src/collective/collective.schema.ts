import { z } from 'zod';
import { partyKinds } from '../cases/catalogue.js';
import { asList } from '../shared/form.js';
import { parseId } from '../shared/ids.js';
import { withVersion } from '../shared/versions.js';
import { collectiveStatuses } from './collective.table.js';

const requiredText = (max: number, message = 'validation.required') => z.string(message).trim().min(1, message).max(max, 'validation.tooLong');
const text = (max: number) => z.string('validation.invalid_type').trim().max(max, 'validation.tooLong').default('');

/** Case ids chosen with checkboxes: each a plain decimal id, at most 2,000 at once. */
const caseIdList = z.preprocess(
  (v) => asList(v),
  z
    .array(z.string())
    .max(2000, 'collective.validation.tooManyCases')
    .transform((list, ctx) => {
      const ids = list.map((s) => parseId(s));
      if (ids.some((id) => id === null)) {
        ctx.addIssue({ code: 'custom', message: 'validation.invalid_value' });
        return z.NEVER;
      }
      return ids as number[];
    }),
);

const optionalId = z.preprocess((v) => (v === undefined || v === '' ? null : v), z.union([z.null(), z.string().transform((s, ctx) => parseId(s) ?? (ctx.addIssue({ code: 'custom', message: 'validation.invalid_value' }), z.NEVER))]));

/** A new group: its title and shared summary, its party (an existing one, or a new one by name and kind), and the cases that join it. */
export const NewCollectiveForm = z
  .object({
    contactPointId: z.string('validation.required').transform((s, ctx) => parseId(s) ?? (ctx.addIssue({ code: 'custom', message: 'validation.invalid_value' }), z.NEVER)),
    title: requiredText(200, 'collective.validation.title'),
    summary: text(5000),
    partyId: optionalId,
    partyName: text(200).transform((v) => v || null),
    partyKind: z.enum(partyKinds, 'validation.invalid_value').default('employer'),
    caseIds: caseIdList.default([]),
  })
  .superRefine((v, ctx) => {
    if (v.partyId === null && !v.partyName) ctx.addIssue({ code: 'custom', path: ['partyName'], message: 'collective.validation.party' });
  });
export type NewCollectiveInput = z.output<typeof NewCollectiveForm>;

export const collectiveFields = ['title', 'summary', 'status'] as const;
export const CollectiveEditForm = z.object({
  title: requiredText(200, 'collective.validation.title'),
  summary: text(5000),
  status: z.enum(collectiveStatuses, 'validation.invalid_value'),
});
export type CollectiveEditInput = z.output<typeof CollectiveEditForm>;
export const CollectiveEditPost = withVersion(CollectiveEditForm);

export const AddMembersForm = z.object({ caseIds: caseIdList.refine((l) => l.length > 0, 'collective.validation.chooseCases') });

export const LeaveForm = z.object({
  caseId: z.string().transform((s, ctx) => parseId(s) ?? (ctx.addIssue({ code: 'custom', message: 'validation.invalid_value' }), z.NEVER)),
  reason: requiredText(1000, 'collective.validation.reason'),
});

/** ?page= of the group's member list: a bad or missing value is the first page (the service clamps it to the last). */
export const GroupPageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1) }).catch({ page: 1 });

export const EntryForm = z.object({
  kind: z.enum(['note', 'call', 'meeting'], 'validation.invalid_value').default('note'),
  body: requiredText(10_000, 'casePage.validation.bodyRequired'),
});
export type EntryInput = z.output<typeof EntryForm>;

/** A shared deadline: a catalogue rule and the group's common trigger date (checked against the rule by the engine). */
const isoDate = z.string('collective.shared.deadlines.errors.date').trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'collective.shared.deadlines.errors.date');
export const SharedDeadlineForm = z.object({
  ruleId: z.string('collective.shared.deadlines.errors.rule').trim().min(1, 'collective.shared.deadlines.errors.rule').max(100, 'collective.shared.deadlines.errors.rule'),
  triggerDate: isoDate,
});
export const SharedTriggerPost = withVersion(z.object({ triggerDate: isoDate }));
