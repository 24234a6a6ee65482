import { z } from 'zod';
import { isIsoDate } from './letter-format.js';

/** The administrator's form recording a translation review (/admin/translations/:language). */

/** `version`: the review's version the form was loaded with, 0 when there was none. */
const versionOf = z.preprocess((v) => (typeof v === 'string' && /^(0|[1-9]\d{0,8})$/.test(v) ? Number(v) : null), z.number().nullable());

export const ReviewForm = z.object({
  reviewerName: z.preprocess((v) => v ?? '', z.string('validation.required').trim().min(1, 'validation.required').max(200, 'letterLanguage.validation.tooLong')),
  reviewedOn: z.preprocess(
    (v) => v ?? '',
    z.string('validation.required').trim().min(1, 'validation.required').refine((v) => isIsoDate(v), 'letterLanguage.validation.date'),
  ),
  note: z.preprocess((v) => v ?? '', z.string('letterLanguage.validation.tooLong').trim().max(2000, 'letterLanguage.validation.tooLong')),
  version: versionOf,
});
export type ReviewInput = z.output<typeof ReviewForm>;

export const WithdrawForm = z.object({ version: versionOf });

