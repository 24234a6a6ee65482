import { z } from 'zod';

/**
 * The fields are named `otp…` so that the 503 page, which gives back what a form sent, leaves them out
 * (src/plugins/errors.ts): a code and a sealed secret are not text to copy.
 */
const otpField = z.string().trim().min(1, 'validation.required').max(64, 'validation.tooLong');

/** The second step of a sign-in: a 6-digit code or a recovery code. */
export const SecondFactorCodeForm = z.object({ otp: otpField });

/** Confirming a new second factor: a code from the app, and the sealed secret the page offered. */
export const EnrolForm = z.object({ otp: otpField, otpTicket: z.string().max(1000).default('') });
