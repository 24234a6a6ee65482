import { z } from 'zod';
import { caseTypes } from '../cases/catalogue.js';
import { withVersion } from '../shared/versions.js';
import { MAX_MONTHS, MIN_MONTHS } from './retention.data.js';

export const CaseTypeParam = z.object({ caseType: z.enum(caseTypes) });

/** Whole months, as typed: "72", not "72.5", "6y" or "1e2". */
const months = z
  .string('validation.required')
  .trim()
  .min(1, 'validation.required')
  .regex(/^\d{1,4}$/, 'retention.validation.months')
  .transform(Number)
  .refine((n) => n >= MIN_MONTHS && n <= MAX_MONTHS, 'retention.validation.monthsRange');

export const PeriodForm = withVersion(z.object({ months }));
export const periodFields = ['months'];

const reason = z.string('validation.required').trim().min(1, 'validation.required').max(500, 'validation.tooLong');

/** Setting or clearing a legal hold: which (from the form the page showed), why, and the case version it was shown at. */
export const HoldForm = withVersion(z.object({ hold: z.enum(['set', 'clear'], 'validation.invalid_value'), reason }));

/**
 * Erasure: a reason (the request, without naming the person) and the person's number typed again, so that no slip
 * of a click erases anyone.
 */
export const EraseForm = (personNumber: number) =>
  z.object({
    reason: z.string('validation.required').trim().min(10, 'retention.validation.reasonShort').max(500, 'validation.tooLong'),
    confirm: z
      .string('retention.validation.confirm')
      .trim()
      .refine((v) => v === String(personNumber), 'retention.validation.confirm'),
  });
