import { z } from 'zod';
import { evidenceCategories } from './evidence.table.js';

export const DESCRIPTION_MAX = 500;
export const REASON_MAX = 500;

/** The fields that come with the files of one upload. */
export const UploadFields = z.object({
  category: z.enum(evidenceCategories, { error: 'evidence.errors.category' }),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, { error: 'evidence.errors.descriptionTooLong' })
    .default(''),
  keepLocation: z.literal('1').optional(),
});
export type UploadFieldsInput = z.infer<typeof UploadFields>;

export const DeleteForm = z.object({
  reason: z.string().trim().min(1, { error: 'evidence.errors.reasonRequired' }).max(REASON_MAX, { error: 'evidence.errors.reasonTooLong' }),
  version: z.coerce.number().int().min(1),
});

export const ListQuery = z.object({ added: z.coerce.number().int().min(0).max(1000).optional(), deleted: z.literal('1').optional() }).catch({});

/**
 * The attachment fields of the case page's quick-add form (a note, call or meeting with files): what the files are
 * evidence of ("other" unless chosen), and whether a photo keeps its location data (it does not, unless ticked).
 */
export const AttachFields = z.object({
  attachCategory: z.enum(evidenceCategories, { error: 'evidence.errors.category' }).default('other'),
  keepLocation: z.literal('1').optional(),
});
export type AttachFieldsInput = z.infer<typeof AttachFields>;
