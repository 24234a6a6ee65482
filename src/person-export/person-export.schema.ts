import { z } from 'zod';
import { checkbox } from '../people/people.schema.js';
import { asList } from '../shared/form.js';
import { parseId } from '../shared/ids.js';

/** A zip password is typed once and read by the person: long enough to resist guessing (ASVS 2.1.1's 12 characters). */
export const EXPORT_PASSWORD_MIN = 12;

/**
 * The export form: the restricted notes the counsellor chose to include (ids, each also checked against what this
 * counsellor may read), an optional password for the zip (typed twice), and the confirmation that it was reviewed.
 */
export const ExportForm = z
  .object({
    include: z.preprocess(asList, z.array(z.string()).max(10_000, 'validation.tooMany')).transform((ids) => new Set(ids.map(parseId).filter((id): id is number => id !== null))),
    password: z.string().max(200, 'validation.tooLong').optional().default(''),
    passwordRepeat: z.string().max(200, 'validation.tooLong').optional().default(''),
    reviewed: checkbox.refine((v) => v, 'personExport.validation.reviewed'),
  })
  .superRefine((v, ctx) => {
    if (v.password && v.password.length < EXPORT_PASSWORD_MIN) ctx.addIssue({ code: 'custom', path: ['password'], message: 'personExport.validation.passwordShort' });
    else if (v.password !== v.passwordRepeat) ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'personExport.validation.passwordRepeat' });
  });
