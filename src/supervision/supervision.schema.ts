import { z } from 'zod';
import { asList } from '../shared/form.js';
import { idField } from '../shared/ids.js';

const V = 'supervision.validation';

const contactPointId = idField();
/** A user id (random UUID) or the unassigned cases. Whether the user works at the contact point is the service's question. */
const holder = z.union([z.literal('unassigned'), z.uuid()]);

/** Whose cases the reassignment panel lists. */
export const ReassignQuery = z.object({ cp: contactPointId, from: holder });

/** At most this many cases move in one go: a page of checkboxes, not a hidden mass operation. */
export const MAX_REASSIGN = 200;

export const ReassignForm = z.object({
  cp: contactPointId,
  from: holder,
  cases: z.preprocess(
    asList,
    z
      .array(idField(`${V}.cases`), `${V}.cases`)
      .min(1, `${V}.casesRequired`)
      .max(MAX_REASSIGN, `${V}.tooMany`)
      .transform((ids) => [...new Set(ids)]),
  ),
  to: z.preprocess((v) => (v === '' ? undefined : v), z.uuid(`${V}.toRequired`)),
  // The second step: the supervisor has seen which cases go to whom.
  confirm: z.preprocess((v) => v === 'yes', z.boolean()),
});
export type ReassignInput = z.infer<typeof ReassignForm>;

/** The confirmation step's reason: moving someone's cases is a click that hurts (issue 16 item 4); it goes on each case's timeline. */
export const ReassignReason = z.object({
  reason: z.string(`${V}.reasonRequired`).trim().min(1, `${V}.reasonRequired`).max(2000, 'validation.tooLong'),
});

/** Which decision a closure form carries; its own fields are checked by the case page's move forms. */
export const ClosureDecision = z.object({ move: z.enum(['approve_closure', 'send_back']) });

export const DashboardNotice = z
  .object({
    notice: z.enum(['reassigned', 'approved', 'sentBack', 'confirmed']).optional(),
    n: z.coerce.number().int().min(0).max(100_000).optional(),
  })
  .catch({});
