/**
 * The life of a referral, as pure rules (no database): draft → sent → accepted or declined; accepted → completed;
 * anything not yet finished may be withdrawn. The service applies these inside its transactions.
 */
export const referralStatuses = ['draft', 'sent', 'accepted', 'declined', 'completed', 'withdrawn'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const referralMoves = ['send', 'accept', 'decline', 'complete', 'withdraw'] as const;
export type ReferralMove = (typeof referralMoves)[number];

type Rule = {
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  /** A decline says why (the partner's answer); a withdrawal says why we stopped. */
  noteRequired: boolean;
  /** `required`: a referral awaiting a reply must say when to chase it; `cleared`: nothing more to chase. */
  followUp: 'required' | 'optional' | 'cleared';
};

export const moveRules: Readonly<Record<ReferralMove, Rule>> = {
  send: { from: ['draft'], to: 'sent', noteRequired: false, followUp: 'required' },
  accept: { from: ['sent'], to: 'accepted', noteRequired: false, followUp: 'optional' },
  decline: { from: ['sent'], to: 'declined', noteRequired: true, followUp: 'cleared' },
  complete: { from: ['accepted'], to: 'completed', noteRequired: false, followUp: 'cleared' },
  withdraw: { from: ['draft', 'sent', 'accepted'], to: 'withdrawn', noteRequired: true, followUp: 'cleared' },
};

/** States from which nothing more happens. */
export const finalStatuses: readonly ReferralStatus[] = ['declined', 'completed', 'withdrawn'];

/** States in which the partner has the referral and we are waiting on them: these have follow-up dates. */
export const awaitingStatuses: readonly ReferralStatus[] = ['sent', 'accepted'];

export function movesFrom(status: ReferralStatus): ReferralMove[] {
  return referralMoves.filter((m) => moveRules[m].from.includes(status));
}

export type Transition = { ok: true; from: ReferralStatus; to: ReferralStatus } | { ok: false; from: ReferralStatus; move: ReferralMove };

/** The state a move leads to from `status`, or a refusal when the move is not allowed from there. */
export function transition(status: ReferralStatus, move: ReferralMove): Transition {
  return moveRules[move].from.includes(status) ? { ok: true, from: status, to: moveRules[move].to } : { ok: false, from: status, move };
}

/** A referral whose follow-up date has passed while we still wait on the partner. `today` is YYYY-MM-DD at its contact point. */
export function isOverdue(referral: { status: ReferralStatus; followUpOn: string | null }, today: string): boolean {
  return awaitingStatuses.includes(referral.status) && referral.followUpOn !== null && referral.followUpOn < today;
}

/** Order of the referrals page: overdue follow-ups first (the longest overdue on top), then by state, then soonest follow-up. */
export function listOrder(a: { status: ReferralStatus; followUpOn: string | null; id: number }, b: typeof a, today: string): number {
  const overdueA = isOverdue(a, today);
  const od = Number(isOverdue(b, today)) - Number(overdueA);
  if (od) return od;
  const st = overdueA ? 0 : referralStatuses.indexOf(a.status) - referralStatuses.indexOf(b.status);
  if (st) return st;
  if (a.followUpOn !== b.followUpOn) return (a.followUpOn ?? '9999') < (b.followUpOn ?? '9999') ? -1 : 1;
  return b.id - a.id;
}
