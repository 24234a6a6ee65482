import { z } from 'zod';
import { asList } from '../shared/form.js';
import { idField } from '../shared/ids.js';

export const DEFAULT_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 30;

/** A token as the app hands it out: 32 random bytes in base64url (43 characters). Anything else is a link that does not exist. */
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Sharing files with the partner: which files (none ticked by default), and for how many days the link works. */
export const ShareFilesForm = z.object({
  evidenceIds: z.preprocess(asList, z.array(idField('evidence.share.validation.file')).min(1, 'evidence.share.validation.noFile').max(200, 'evidence.share.validation.file')),
  expiresInDays: z
    .string('evidence.share.validation.days')
    .trim()
    .regex(/^[0-9]{1,3}$/, 'evidence.share.validation.days')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_LINK_DAYS, 'evidence.share.validation.days'),
});
export type ShareFilesInput = z.infer<typeof ShareFilesForm>;
