import { z } from 'zod';
import { REFERRAL_FIELDS, type ReferralField } from '../letters/letter-snapshot.js';
import { isIsoDate } from '../letters/letter-format.js';
import { asList, type FieldErrors } from '../shared/form.js';
import { referralMoves, referralStatuses } from './referral-states.js';
import { idField } from '../shared/ids.js';
import { withVersion } from '../shared/versions.js';

const text = (max: number) => z.string('validation.invalid_type').trim().max(max, 'validation.tooLong').default('');
const required = (max: number) => z.string('validation.required').trim().min(1, 'validation.required').max(max, 'validation.tooLong');
/** An optional calendar day: empty means none. */
const optionalDate = z
  .string('validation.invalid_type')
  .trim()
  .default('')
  .refine((v) => v === '' || isIsoDate(v), 'referrals.validation.date')
  .transform((v) => v || null);


export const referralIntents = ['draft', 'send'] as const;

/** The referral form: the counsellor saves a draft or sends at once. */
export const ReferralForm = z.object({
  partnerId: idField('referrals.validation.partner'),
  reason: required(2000),
  request: required(2000),
  sharedFields: z.preprocess(
    asList,
    z
      .array(z.enum(REFERRAL_FIELDS, 'referrals.validation.field'))
      .min(1, 'referrals.validation.nothingShared')
      .transform((fields) => REFERRAL_FIELDS.filter((f) => fields.includes(f)) as ReferralField[]),
  ),
  followUpOn: optionalDate,
  intent: z.enum(referralIntents).catch('draft').default('draft'),
  /** Ticked after the warning: immigration details may go to a labour inspectorate (referral-share FIREWALL_FIELDS). */
  firewallAck: z.preprocess((v) => v === 'yes' || v === true, z.boolean()).optional(),
});
export type ReferralInput = z.infer<typeof ReferralForm>;
export const referralFields = ['partnerId', 'reason', 'request', 'sharedFields', 'followUpOn'] as const;
/** A draft's form as posted: the referral and the version of the draft it was edited from. */
export const DraftForm = withVersion(ReferralForm);

/** A change of state, with its response note and (when still waiting on the partner) the next follow-up date. */
export const MoveForm = z.object({
  move: z.enum(referralMoves, 'referrals.validation.move'),
  note: text(2000),
  followUpOn: optionalDate,
});
export type MoveInput = z.infer<typeof MoveForm>;

export const FollowUpForm = z.object({
  followUpOn: optionalDate.refine((v) => v !== null, 'referrals.validation.followUpRequired'),
});

export const referralListStates = ['open', 'finished', 'all', ...referralStatuses] as const;
export const ReferralListQuery = z.object({
  state: z.enum(referralListStates).catch('open').default('open'),
});

export const NewReferralQuery = z.object({
  all: z
    .string()
    .optional()
    .transform((v) => v === '1')
    .catch(false),
  partnerId: idField().optional().catch(undefined),
});


export const Notice = z.object({ notice: z.enum(['created', 'sent', 'saved', 'moved', 'followUp', 'linkRevoked']).optional() }).catch({});

export function referralFormErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p !== 'number');
    const key = path.length ? path.join('.') : '_form';
    const own = issue.message.startsWith('validation.') || issue.message.startsWith('referrals.validation.');
    out[key] ??= own ? issue.message : `validation.${issue.code}`;
  }
  return out;
}
