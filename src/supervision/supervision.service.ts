import { listCollectives } from '../collective/collective.repo.js';
/**
 * The supervisor's desk (issue 7): caseload figures per counsellor, moving cases between counsellors, and the
 * closure decisions. Assignment and closure go through the case page's own service (assignCase, moveCase), so the
 * timeline events and audit entries are exactly those of a change made on the case page.
 */
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import type { CaseListField } from '../cases/case-list.schema.js';
import { moveForms, type MoveInput } from '../cases/case-page.schema.js';
import { assertMayAssign, assertMoveAllowed, assignableUsers, assignInUnit, moveCase } from '../cases/case-page.service.js';
import type { CaseStatus } from '../cases/catalogue.js';
import { displayNamesOf, lastStatusChangeInto } from '../cases/cases.repo.js';
import { caseFor } from '../cases/cases.service.js';
import { findContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { addDays, todayIn } from '../deadlines/compute.js';
import { notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { closureChecklists, type ClosureChecklist } from './closure-checklist.js';
import * as repo from './supervision.repo.js';

export const IDLE_DAYS = 30;
/** "Due this week": today and the seven days after it, at the case's contact point. */
export const SOON_DAYS = 7;
const DAY = 86_400_000;

/** The contact points whose caseload the actor supervises: those where the policy lets them assign cases. */
export function supervisedContactPoints(db: DbOrTx, actor: Actor) {
  const ids = actor.contactPointIds.filter((contactPointId) => can(actor, 'case.assign', { contactPointId }));
  return findContactPoints(db, ids).sort((a, b) => a.name.localeCompare(b.name));
}

function supervisedContactPoint(db: DbOrTx, actor: Actor, contactPointId: number) {
  const cp = supervisedContactPoints(db, actor).find((c) => c.id === contactPointId);
  if (!cp) throw notFound();
  return cp;
}

// ---- links to the lists the figures count

/** A case list URL, with the case list's own query parameter names (case-list.schema.ts). */
export function caseListHref(params: Partial<Record<CaseListField, string>>): string {
  return `/cases?${new URLSearchParams(params as Record<string, string>).toString()}`;
}

const holderParam = (userId: string | null) => userId ?? 'unassigned';

// ---- the dashboard

export const activeStatuses = ['intake', 'open', 'awaiting_outcome', 'closure_requested'] as const satisfies readonly CaseStatus[];
type ActiveStatus = (typeof activeStatuses)[number];

export type Figure = { n: number; href: string };

export type CaseloadRow = {
  /** null: the unassigned cases (or, for the total row, everyone). */
  userId: string | null;
  name: string | null;
  kind: 'staff' | 'former' | 'unassigned' | 'total';
  active: Figure;
  byStatus: Record<ActiveStatus, Figure>;
  overdue: Figure;
  dueSoon: Figure;
  idle: Figure;
  transfers: Figure;
};

export type ContactPointCaseload = {
  contactPoint: { id: number; name: string; timezone: string };
  today: string;
  rows: CaseloadRow[];
  incomingTransfers: Figure;
  closuresWaiting: number;
  groups: ReturnType<typeof listCollectives>;
};

function row(userId: string | null, name: string | null, kind: CaseloadRow['kind'], c: Omit<Tally, never>): CaseloadRow {
  const assigned = kind === 'total' ? {} : { assigned: holderParam(userId) };
  return {
    userId,
    name,
    kind,
    active: { n: c.active, href: caseListHref({ status: 'active', ...assigned }) },
    byStatus: Object.fromEntries(activeStatuses.map((s) => [s, { n: c.byStatus[s], href: caseListHref({ status: s, ...assigned }) }])) as Record<ActiveStatus, Figure>,
    // The case list cannot filter by deadline; the deadline list, due soonest first, holds exactly these.
    overdue: { n: c.overdue, href: '/deadlines?status=open&when=overdue' },
    dueSoon: { n: c.dueSoon, href: '/deadlines?status=open&when=week' },
    // The case list cannot filter by idleness: the holder's active cases, least recently active first.
    idle: { n: c.idle, href: caseListHref({ status: 'active', ...assigned, sort: 'activity', dir: 'asc' }) },
    transfers: { n: c.transfers, href: '/transfers' },
  };
}

type Tally = { active: number; byStatus: Record<ActiveStatus, number>; overdue: number; dueSoon: number; idle: number; transfers: number };
const emptyTally = (): Tally => ({ active: 0, byStatus: { intake: 0, open: 0, awaiting_outcome: 0, closure_requested: 0 }, overdue: 0, dueSoon: 0, idle: 0, transfers: 0 });

/**
 * Per counsellor of each supervised contact point: active cases (all but closed) and their statuses, open deadlines
 * overdue and due within a week, cases idle for IDLE_DAYS+, and transfers proposed but not yet accepted — each
 * counted on the case's assignee. Counsellors who hold cases but no longer work there are listed too, so their
 * cases are not forgotten.
 */
export function caseloadDashboard(db: DbOrTx, actor: Actor, now: number): ContactPointCaseload[] {
  return supervisedContactPoints(db, actor).map((cp) => {
    const today = todayIn(cp.timezone, now);
    const tallies = new Map<string | null, Tally>();
    const tally = (id: string | null) => tallies.get(id) ?? tallies.set(id, emptyTally()).get(id)!;
    for (const r of repo.activeCaseCounts(db, cp.id, now - IDLE_DAYS * DAY)) {
      const t = tally(r.assignedTo);
      t.active += r.n;
      t.idle += r.idle;
      if (r.status in t.byStatus) t.byStatus[r.status as ActiveStatus] += r.n;
    }
    for (const r of repo.deadlineCounts(db, cp.id, today, addDays(today, SOON_DAYS))) {
      const t = tally(r.assignedTo);
      t.overdue += r.overdue;
      t.dueSoon += r.soon;
    }
    for (const r of repo.outgoingTransferCounts(db, cp.id)) tally(r.assignedTo).transfers += r.n;

    const staff = targetsAt(db, cp.id);
    const staffIds = new Set(staff.map((u) => u.id));
    const formerIds = [...tallies.keys()].filter((id): id is string => id !== null && !staffIds.has(id));
    const formerNames = displayNamesOf(db, formerIds);

    const total = emptyTally();
    for (const t of tallies.values()) {
      total.active += t.active;
      total.idle += t.idle;
      total.overdue += t.overdue;
      total.dueSoon += t.dueSoon;
      total.transfers += t.transfers;
      for (const s of activeStatuses) total.byStatus[s] += t.byStatus[s];
    }
    const rows = [
      ...staff.map((u) => row(u.id, u.displayName, 'staff', tallies.get(u.id) ?? emptyTally())),
      ...formerIds.map((id) => row(id, formerNames.get(id) ?? null, 'former', tallies.get(id)!)),
      row(null, null, 'unassigned', tallies.get(null) ?? emptyTally()),
      row(null, null, 'total', total),
    ];
    return {
      contactPoint: { id: cp.id, name: cp.name, timezone: cp.timezone },
      today,
      rows,
      incomingTransfers: { n: repo.incomingTransferCount(db, cp.id), href: '/transfers' },
      closuresWaiting: total.byStatus.closure_requested,
      // Collective cases (issue 15): each open group of the desk with how many workers are in it now.
      groups: listCollectives(db, [cp.id]).filter((g) => g.status === 'open'),
    };
  });
}

// ---- moving cases between counsellors

const MAX_LISTED = 200;

/** The panel for moving cases away from one holder: their active cases, and who can take them. */
export function reassignPanel(db: DbOrTx, actor: Actor, contactPointId: number, from: string) {
  const cp = supervisedContactPoint(db, actor, contactPointId);
  const holder = from === 'unassigned' ? null : from;
  const targets = targetsAt(db, cp.id).filter((u) => u.id !== holder);
  const name = holder ? (displayNamesOf(db, [holder]).get(holder) ?? null) : null;
  if (holder && name === null) throw notFound();
  return { contactPoint: { id: cp.id, name: cp.name }, from: { id: from, name }, cases: repo.activeCasesOf(db, cp.id, holder, MAX_LISTED), targets, limit: MAX_LISTED };
}

/** Staff who may be given cases of the contact point: the case page's own rule (assignableUsers), asked for the desk. */
function targetsAt(db: DbOrTx, contactPointId: number) {
  const probe = { contactPointId } as Parameters<typeof assignableUsers>[1];
  return assignableUsers(db, probe);
}

export type ConfirmResult =
  | {
      ok: true;
      contactPoint: { id: number; name: string };
      cases: ReturnType<typeof repo.casesForConfirmation>;
      target: { id: string; displayName: string };
      /** Whom the cases are taken from, as they are assigned now (null: unassigned), each with how many. */
      sources: { name: string | null; n: number }[];
    }
  | { ok: false; errors: FieldErrors };

/** The confirmation step: the chosen cases (all of the contact point, else 404) and the counsellor they go to. */
export function reassignConfirmation(db: DbOrTx, actor: Actor, contactPointId: number, caseIds: readonly number[], to: string): ConfirmResult {
  const cp = supervisedContactPoint(db, actor, contactPointId);
  const found = repo.casesForConfirmation(db, caseIds, [cp.id]);
  // A case of another desk, or one that does not exist: the same answer as on its own page.
  if (found.length !== caseIds.length) throw notFound();
  const target = targetsAt(db, cp.id).find((u) => u.id === to);
  if (!target) return { ok: false, errors: { to: 'supervision.validation.toInvalid' } };
  if (found.every((c) => c.assignedTo === to)) return { ok: false, errors: { to: 'supervision.validation.sameCounsellor' } };
  const sources = new Map<string | null, number>();
  for (const c of found) if (c.assignedTo !== to) sources.set(c.assigneeName, (sources.get(c.assigneeName) ?? 0) + 1);
  return {
    ok: true,
    contactPoint: { id: cp.id, name: cp.name },
    cases: found,
    target: { id: target.id, displayName: target.displayName },
    sources: [...sources].map(([name, n]) => ({ name, n })),
  };
}

class Refused extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}

export type ReassignResult = { ok: true; moved: number } | { ok: false; errors: FieldErrors };

/**
 * Gives every chosen case to `to`, all or none: one write unit, with assignCase's own checks first and its
 * assignment (event and audit entry) for each case inside.
 */
export async function reassignCases(
  db: Db,
  actor: Actor,
  contactPointId: number,
  caseIds: readonly number[],
  to: string,
  reason: string,
  clientAddress: string | null,
  now: number,
): Promise<ReassignResult> {
  const check = reassignConfirmation(db, actor, contactPointId, caseIds, to);
  if (!check.ok) return check;
  const mayAssign = new Map(caseIds.map((id) => [id, assertMayAssign(db, actor, id, to, now)]));
  try {
    const moved = await write(
      db,
      (tx) => {
        let n = 0;
        for (const id of caseIds) {
          const result = assignInUnit(tx, actor, id, to, mayAssign.get(id)!, clientAddress, now, reason);
          if (!result.ok) throw new Refused(result.error);
          if (result.changed) n += 1;
        }
        return n;
      },
    );
    return { ok: true, moved };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, errors: { to: 'supervision.validation.toInvalid' } };
    throw error;
  }
}

// ---- closure decisions

export type ClosureItem = ReturnType<typeof repo.casesAwaitingClosure>[number] & {
  caseTypes: string[];
  contactPointName: string;
  requestedAt: number | null;
  requestedBy: string | null;
  requestNote: string | null;
  checklist: ClosureChecklist;
};

/** The queue shows this many requests at a time, those waiting longest: a page to work through, not a wall. */
export const QUEUE_SIZE = 25;

/** Closure requests waiting at the actor's contact points, with what was asked (outcome, amounts, the counsellor's note). */
export function closureQueue(db: DbOrTx, actor: Actor): { items: ClosureItem[]; total: number } {
  const cps = actor.contactPointIds.filter((contactPointId) => can(actor, 'case.approveClosure', { contactPointId }));
  const names = new Map(findContactPoints(db, cps).map((c) => [c.id, c.name]));
  const items = repo.casesAwaitingClosure(db, cps, QUEUE_SIZE);
  const types = repo.caseTypesOfCases(db, items.map((i) => i.id));
  const requests = new Map(items.map((i) => [i.id, lastStatusChangeInto(db, i.id, 'closure_requested')]));
  const requesters = displayNamesOf(db, [...requests.values()].flatMap((e) => (e?.userId ? [e.userId] : [])));
  const checklists = closureChecklists(db, items);
  const shown = items
    .map((i) => {
      const e = requests.get(i.id);
      return {
        ...i,
        caseTypes: types.get(i.id) ?? [],
        contactPointName: names.get(i.contactPointId) ?? '',
        requestedAt: e?.at ?? null,
        requestedBy: e?.userId ? (requesters.get(e.userId) ?? null) : null,
        requestNote: e?.body ?? null,
        checklist: checklists.get(i.id)!,
      };
    })
    .sort((a, b) => (a.requestedAt ?? 0) - (b.requestedAt ?? 0) || a.id - b.id);
  return { items: shown, total: items.length < QUEUE_SIZE ? items.length : repo.countAwaitingClosure(db, cps) };
}

/** How many closure requests wait at the actor's contact points: the queue's counter, sent again after each decision. */
export function closuresWaitingFor(db: DbOrTx, actor: Actor): number {
  return repo.countAwaitingClosure(db, actor.contactPointIds.filter((contactPointId) => can(actor, 'case.approveClosure', { contactPointId })));
}

/** The queue shows case content (outcomes, the counsellors' notes): each case in it is audited as viewed, as on its own page. */
export function recordQueueView(db: Db, actor: Actor, items: readonly ClosureItem[], clientAddress: string | null, now: number) {
  auditSoon(
    db,
    items.map((i) => ({ userId: actor.id, action: 'view' as const, targetType: 'case', targetId: i.id, contactPointId: i.contactPointId, clientAddress })),
    now,
  );
}

export type ClosureMove = 'approve_closure' | 'send_back';
export type DecisionResult = { ok: true; reference: string } | { ok: false; errors: FieldErrors };

/**
 * Approves or sends back a closure request with the case page's own rules: who may (assertMoveAllowed: 403, audited),
 * from which status (409), what the form must hold (its move forms), and the change itself (moveCase).
 */
export async function decideClosure(db: Db, actor: Actor, caseId: number, move: ClosureMove, body: Record<string, unknown>, clientAddress: string | null, now: number): Promise<DecisionResult> {
  const kase = caseFor(db, actor, caseId, 'case.view');
  assertMoveAllowed(db, actor, kase, move, now);
  const parsed = moveForms[move].safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  await moveCase(db, actor, caseId, move, parsed.data as MoveInput, clientAddress, now);
  return { ok: true, reference: kase.reference };
}
