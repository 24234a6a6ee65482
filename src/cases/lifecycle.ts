import type { CaseStatus } from './catalogue.js';

/**
 * The case lifecycle (issue 3): intake → open → awaiting outcome → closure requested → closed, and reopen.
 * Pure rules only: who may make a move is asked of the policy with the action named here.
 */
export const moves = ['open', 'await_outcome', 'resume', 'request_closure', 'approve_closure', 'send_back', 'reopen'] as const;
export type Move = (typeof moves)[number];

/** What the counsellor must give with the move; the form refuses it without. */
export type Requirement = 'outcome' | 'note' | 'comment' | 'reason' | 'confirmation';

type Rule = {
  from: readonly CaseStatus[];
  /** `previous`: the status the case had when closure was requested. */
  to: CaseStatus | 'previous';
  /** The policy action the actor needs on the case. */
  permission: 'case.update' | 'case.approveClosure';
  requires: readonly Requirement[];
};

export const rules: Record<Move, Rule> = {
  open: { from: ['intake'], to: 'open', permission: 'case.update', requires: [] },
  await_outcome: { from: ['open'], to: 'awaiting_outcome', permission: 'case.update', requires: [] },
  resume: { from: ['awaiting_outcome'], to: 'open', permission: 'case.update', requires: [] },
  request_closure: { from: ['open', 'awaiting_outcome'], to: 'closure_requested', permission: 'case.update', requires: ['outcome', 'note'] },
  // Closure is a supervisor's decision (DESIGN §1): the counsellor who worked the case does not close it alone.
  approve_closure: { from: ['closure_requested'], to: 'closed', permission: 'case.approveClosure', requires: ['comment', 'confirmation'] },
  send_back: { from: ['closure_requested'], to: 'previous', permission: 'case.approveClosure', requires: ['comment'] },
  reopen: { from: ['closed'], to: 'open', permission: 'case.update', requires: ['reason'] },
};

/** Where a closure request goes back to when a supervisor refuses it. */
const sendBackTargets: readonly CaseStatus[] = ['open', 'awaiting_outcome'];

export type MoveResult = { ok: true; to: CaseStatus } | { ok: false };

/**
 * The status a case reaches by `move` from `from`, or a refusal. `beforeRequest` is the status the case had
 * when its closure was requested (sending back returns there; anything else, or unknown, goes back to open).
 */
export function nextStatus(from: CaseStatus, move: Move, beforeRequest?: CaseStatus | null): MoveResult {
  const rule = rules[move];
  if (!rule || !rule.from.includes(from)) return { ok: false };
  if (rule.to !== 'previous') return { ok: true, to: rule.to };
  return { ok: true, to: beforeRequest && sendBackTargets.includes(beforeRequest) ? beforeRequest : 'open' };
}

/** The moves the lifecycle offers from a status, in the order the page shows them. */
export function movesFrom(from: CaseStatus): Move[] {
  return moves.filter((m) => rules[m].from.includes(from));
}

export const isMove = (value: unknown): value is Move => typeof value === 'string' && (moves as readonly string[]).includes(value);
