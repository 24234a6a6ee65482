import { z } from 'zod';
import { batchLetterKinds, type BatchCommon } from './batch-letters.table.js';

const text = (max: number) => z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().trim().max(max, 'batchLetters.validation.tooLong'));

/**
 * What is written once for the whole batch. A letter before claim needs the job, the workplace and the agreed pay,
 * which no case holds: the crew shares them, so the counsellor gives them here (the same limits as the letter form).
 */
export const BatchForm = z
  .object({
    kind: z.enum(batchLetterKinds, 'batchLetters.validation.kind'),
    jobTitle: text(200),
    workplace: text(300),
    payAgreed: text(500),
    facts: text(10_000),
    counsellorEmail: text(200).refine((v) => v === '' || z.email().safeParse(v).success, 'batchLetters.validation.email'),
    counsellorPhone: text(40),
    // Asked before any worker summary is made, as for a single one (letters.schema WorkerPaperForm): a paper found by an
    // employer or landlord who controls a worker can put them in danger.
    safeToKeep: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  })
  .superRefine((form, ctx) => {
    if (form.kind === 'worker_summary' && !form.safeToKeep) ctx.addIssue({ code: 'custom', path: ['safeToKeep'], message: 'batchLetters.validation.safeToKeep' });
    if (form.kind !== 'letter_before_claim') return;
    for (const field of ['jobTitle', 'workplace', 'payAgreed'] as const) if (form[field] === '') ctx.addIssue({ code: 'custom', path: [field], message: `batchLetters.validation.${field}` });
  })
  .transform(({ kind, safeToKeep: _asked, ...rest }): { kind: (typeof batchLetterKinds)[number]; common: BatchCommon } => {
    // Only what was given replaces the pre-filled value, and only the fields the kind prints.
    const fields =
      kind === 'letter_before_claim'
        ? (['jobTitle', 'workplace', 'payAgreed', 'facts', 'counsellorEmail', 'counsellorPhone'] as const)
        : kind === 'collective_letter'
          ? (['facts', 'counsellorEmail', 'counsellorPhone'] as const)
          : (['counsellorEmail', 'counsellorPhone'] as const);
    return { kind, common: Object.fromEntries(fields.filter((f) => rest[f] !== '').map((f) => [f, rest[f]])) };
  });

export const batchFormFields = ['kind', 'jobTitle', 'workplace', 'payAgreed', 'facts', 'counsellorEmail', 'counsellorPhone'] as const;
