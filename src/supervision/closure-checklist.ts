/**
 * What a supervisor checks before approving a closure (issue 16 item 10): the outcome and amounts the counsellor
 * reports, the deadlines still open and the referrals not yet finished. Approving changes none of them: open
 * deadlines stay open (their reminders go on) and referrals keep their status, so the list says so before the tick.
 */
import type { DbOrTx } from '../db/client.js';
import * as repo from './supervision.repo.js';

/** The soonest open deadlines shown by name; the rest are counted. */
export const CHECKLIST_DEADLINES = 3;

type CaseFigures = { id: number; outcome: string | null; amountClaimedMinor: number | null; amountRecoveredMinor: number | null; currency: string | null };

export type ClosureChecklist = {
  outcome: string | null;
  amountClaimedMinor: number | null;
  amountRecoveredMinor: number | null;
  currency: string | null;
  openDeadlines: { count: number; next: { id: number; title: string; dueDate: string }[] };
  openReferrals: { id: number; status: string; partnerName: string }[];
};

function byCase<T extends { caseId: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r]);
  return out;
}

/** The checklists of several cases at once (the closure queue shows up to 25), by case id. */
export function closureChecklists(db: DbOrTx, cases: readonly CaseFigures[]): Map<number, ClosureChecklist> {
  const ids = cases.map((c) => c.id);
  const deadlines = byCase(repo.openDeadlinesOfCases(db, ids));
  const referrals = byCase(repo.openReferralsOfCases(db, ids));
  return new Map(
    cases.map((c) => {
      const open = deadlines.get(c.id) ?? [];
      return [
        c.id,
        {
          outcome: c.outcome,
          amountClaimedMinor: c.amountClaimedMinor,
          amountRecoveredMinor: c.amountRecoveredMinor,
          currency: c.currency,
          openDeadlines: { count: open.length, next: open.slice(0, CHECKLIST_DEADLINES).map(({ id, title, dueDate }) => ({ id, title, dueDate })) },
          openReferrals: (referrals.get(c.id) ?? []).map(({ id, status, partnerName }) => ({ id, status, partnerName })),
        },
      ];
    }),
  );
}

export const closureChecklist = (db: DbOrTx, kase: CaseFigures): ClosureChecklist => closureChecklists(db, [kase]).get(kase.id)!;
