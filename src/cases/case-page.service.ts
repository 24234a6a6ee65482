import { reassignOpenDeadlines } from '../deadlines/deadlines.repo.js';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { currentConsent, findPerson } from '../people/people.repo.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { contactPointsOfUser, findUser } from '../users/users.repo.js';
import type { CaseEditInput, CaseField, MoveInput, TimelineEntryInput } from './case-page.schema.js';
import type { CaseStatus, CaseType } from './catalogue.js';
import * as repo from './cases.repo.js';
import { appendEvent, caseFor } from './cases.service.js';
import type { Case } from './cases.table.js';
import { movesFrom, nextStatus, rules, type Move } from './lifecycle.js';

export type TimelineItem = ReturnType<typeof repo.timelineOfCase>[number];

/** Events the actor may read: restricted notes only for their author and the contact point's supervisors. */
export function visibleTimeline(db: DbOrTx, actor: Actor, kase: Case): TimelineItem[] {
  return repo
    .timelineOfCase(db, kase.id)
    .filter((e) => can(actor, 'note.view', { contactPointId: kase.contactPointId, authorId: e.userId ?? '', restricted: e.restricted }));
}

/** Names for the ids that events refer to: the counsellors of an assignment, the party of a party change. */
export function namesForTimeline(db: DbOrTx, events: readonly TimelineItem[]) {
  const userIds: string[] = [];
  const partyIds: number[] = [];
  for (const e of events) {
    if (!e.data) continue;
    if (e.kind === 'assignment') for (const v of [e.data.from, e.data.to]) if (typeof v === 'string') userIds.push(v);
    if (e.kind === 'party_change' && typeof e.data.partyId === 'number') partyIds.push(e.data.partyId);
  }
  return { users: Object.fromEntries(repo.displayNamesOf(db, userIds)), parties: Object.fromEntries(repo.partyNamesOf(db, partyIds)) };
}

/** Staff who may be given the case: active users of its contact point whom the policy lets work it. */
export function assignableUsers(db: DbOrTx, kase: Case) {
  return repo
    .activeUsersOfContactPoint(db, kase.contactPointId)
    .filter((u) => can({ id: u.id, role: u.role, contactPointIds: [kase.contactPointId] }, 'case.update', kase));
}

/** What every page about a case shows at its top: the person (for the safety banner) and the contact point. */
export function caseHeader(db: DbOrTx, kase: Case) {
  const contactPoint = findContactPoint(db, kase.contactPointId);
  if (!contactPoint) throw notFound();
  return { contactPoint, person: (kase.personId ? findPerson(db, kase.personId) : undefined) ?? null };
}

/** Everything the case page shows, already filtered by what the actor may see. */
export function casePageData(db: Db, actor: Actor, kase: Case) {
  const { contactPoint, person } = caseHeader(db, kase);
  const timeline = visibleTimeline(db, actor, kase);
  const assignee = kase.assignedTo ? findUser(db, kase.assignedTo) : undefined;
  const mayAssign = can(actor, 'case.assign', kase);
  const mayUpdate = can(actor, 'case.update', kase);
  return {
    kase,
    contactPoint,
    person,
    consent: person ? (currentConsent(db, person.id) ?? null) : null,
    caseTypes: repo.caseTypesOf(db, kase.id),
    parties: repo.partiesOfCase(db, kase.id),
    assignee: assignee ? { id: assignee.id, displayName: assignee.displayName } : null,
    timeline,
    names: namesForTimeline(db, timeline),
    moves: movesFrom(kase.status).filter((m) => can(actor, rules[m].permission, kase)),
    awaitingSupervisor: kase.status === 'closure_requested' && !can(actor, 'case.approveClosure', kase),
    mayEdit: mayUpdate && kase.status !== 'closed',
    mayUpdate,
    mayAssign,
    mayTake: !mayAssign && mayUpdate && kase.assignedTo === null,
    assignees: mayAssign ? assignableUsers(db, kase) : [],
  };
}

export function recordCaseView(db: Db, actor: Actor, kase: Case, clientAddress: string | null) {
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, clientAddress });
}

// ---- editing the case's details

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** The case's current values as the edit form names them (amounts in minor units). */
export function editableValues(kase: Case, types: readonly CaseType[]): CaseEditInput {
  return {
    caseTypes: [...types],
    sector: kase.sector,
    priority: kase.priority,
    jurisdictionCountry: kase.jurisdictionCountry,
    jurisdictionRegion: kase.jurisdictionRegion,
    summary: kase.summary,
    employmentStart: kase.employmentStart,
    employmentEnd: kase.employmentEnd,
    amountClaimed: kase.amountClaimedMinor,
    amountRecovered: kase.amountRecoveredMinor,
    currency: kase.currency as CaseEditInput['currency'],
    gcmObjectives: [...kase.gcmObjectives],
  };
}

/**
 * Saves the changed fields of a case. The timeline and the audit log get the NAMES of the fields changed,
 * never their values (DESIGN §2: a log is read by more people than the case). IMMEDIATE: the diff is read
 * and written in one go, so two editors never overwrite each other's change unrecorded.
 */
export function updateCaseDetails(db: Db, actor: Actor, caseId: number, input: CaseEditInput, clientAddress: string | null, now = Date.now()): Promise<CaseField[]> {
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, actor, caseId, 'case.update');
      if (kase.status === 'closed') throw conflict('casePage.errors.editClosed');
      const before = editableValues(kase, repo.caseTypesOf(tx, kase.id));
      const changed = (Object.keys(input) as CaseField[]).filter((f) => {
        const a = before[f];
        const b = input[f];
        return Array.isArray(a) && Array.isArray(b) ? !sameSet(a, b) : a !== b;
      });
      if (changed.length === 0) return [];
      const { caseTypes, amountClaimed, amountRecovered, ...columns } = input;
      repo.updateCase(tx, kase.id, { ...columns, amountClaimedMinor: amountClaimed, amountRecoveredMinor: amountRecovered });
      if (changed.includes('caseTypes')) repo.setCaseTypes(tx, kase.id, caseTypes);
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'field_change', data: { fields: changed } }, now);
      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: changed, clientAddress }, now);
      return changed;
    },
  );
}

// ---- the timeline

/** Adds a note, call or meeting. Events are append-only: there is no edit and no delete. IMMEDIATE: the search row is read and rewritten. */
export function addTimelineEntry(db: Db, actor: Actor, caseId: number, input: TimelineEntryInput, clientAddress: string | null, now = Date.now()) {
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, actor, caseId, 'case.update');
      const when = input.occurredOn ? { occurredOn: input.occurredOn, ...(input.occurredTime ? { occurredTime: input.occurredTime } : {}) } : null;
      const event = appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: input.kind, restricted: input.restricted, body: input.body, data: when }, now);
      const fields = ['kind', 'body', ...(input.restricted ? ['restricted'] : []), ...(when ? Object.keys(when) : [])];
      recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'case_event', targetId: event.id, contactPointId: kase.contactPointId, fields, clientAddress }, now);
      return { ...event, authorName: findUser(tx, actor.id)?.displayName ?? null };
    },
  );
}

// ---- lifecycle

function refuse(db: Db, actor: Actor, kase: Case, targetId: string, messageKey: string): never {
  auditSoon(db, { userId: actor.id, action: 'permission_denied', targetType: 'case', targetId, contactPointId: kase.contactPointId });
  throw new AppError(403, messageKey);
}

/**
 * Refuses, before any form is read, a move the actor may not make (403, audited) or that the case's status
 * does not allow (409). moveCase checks the status again inside its transaction.
 */
export function assertMoveAllowed(db: Db, actor: Actor, kase: Case, move: Move): void {
  if (!can(actor, rules[move].permission, kase))
    refuse(db, actor, kase, String(kase.id), rules[move].permission === 'case.approveClosure' ? 'casePage.errors.supervisorOnly' : 'errors.forbidden');
  if (!nextStatus(kase.status, move).ok) throw conflict('casePage.errors.refused');
}

/** Moves a case along its lifecycle (lifecycle.ts): one status change event with the comment, one audit entry. */
export function moveCase(db: Db, actor: Actor, caseId: number, move: Move, input: MoveInput, clientAddress: string | null, now = Date.now()): Promise<CaseStatus> {
  assertMoveAllowed(db, actor, caseFor(db, actor, caseId, 'case.view'), move);
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, actor, caseId, 'case.view');
      const beforeRequest = move === 'send_back' ? (repo.lastStatusChangeInto(tx, kase.id, 'closure_requested')?.data?.from as CaseStatus | undefined) : undefined;
      const result = nextStatus(kase.status, move, beforeRequest);
      if (!result.ok) throw conflict('casePage.errors.refused');
      const set: Partial<Case> = { status: result.to };
      const fields: string[] = ['status'];
      if (move === 'request_closure') {
        Object.assign(set, { outcome: input.outcome, outcomeNote: input.note });
        fields.push('outcome', 'outcomeNote');
        if (input.amountRecovered != null) {
          Object.assign(set, { amountRecoveredMinor: input.amountRecovered, currency: input.currency });
          fields.push('amountRecovered', 'currency');
        }
      }
      if (move === 'approve_closure') set.closedAt = now;
      if (move === 'reopen') set.closedAt = null;
      repo.updateCase(tx, kase.id, set);
      const body = input.note ?? input.reason ?? input.comment ?? null;
      const data: Record<string, unknown> = { from: kase.status, to: result.to, move };
      if (move === 'request_closure') data.outcome = input.outcome;
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'status_change', body, data }, now);
      // Closure decisions are audited like any change of the case: the field names, never the comment.
      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields, clientAddress }, now);
      return result.to;
    },
  );
}

// ---- assignment

export type AssignResult = { ok: true; changed: boolean } | { ok: false; error: string };

/**
 * A supervisor gives the case to any counsellor or supervisor of its contact point (or to nobody); a counsellor
 * may only take an unassigned case for themselves.
 */
export function assignCase(db: Db, actor: Actor, caseId: number, assigneeId: string | null, clientAddress: string | null, now = Date.now()): Promise<AssignResult> {
  const mayAssign = assertMayAssign(db, actor, caseId, assigneeId);
  return write(db, (tx) => assignInUnit(tx, actor, caseId, assigneeId, mayAssign, clientAddress, now));
}

/** Refuses (403, audited) an assignment the actor may not make; true when they may give the case to anyone. */
export function assertMayAssign(db: Db, actor: Actor, caseId: number, assigneeId: string | null): boolean {
  const seen = caseFor(db, actor, caseId, 'case.view');
  const mayAssign = can(actor, 'case.assign', seen);
  const takesForSelf = assigneeId === actor.id && can(actor, 'case.update', seen);
  if (!mayAssign && !takesForSelf) refuse(db, actor, seen, String(seen.id), 'casePage.errors.assignSupervisorOnly');
  return mayAssign;
}

/** The assignment inside the caller's write unit: assignCase's, or the supervisor's bulk reassignment (all or none). */
export function assignInUnit(tx: Tx, actor: Actor, caseId: number, assigneeId: string | null, mayAssign: boolean, clientAddress: string | null, now: number): AssignResult {
  const kase = caseFor(tx, actor, caseId, 'case.view');
  if (!mayAssign && kase.assignedTo !== null) throw conflict('casePage.errors.alreadyAssigned');
  if (assigneeId !== null && !isAssignable(tx, kase, assigneeId)) return { ok: false, error: 'casePage.validation.assignee' };
  if (kase.assignedTo === assigneeId) return { ok: true, changed: false };
  repo.updateCase(tx, kase.id, { assignedTo: assigneeId });
  // Reminders follow the case: its open deadlines belong to the new counsellor.
  reassignOpenDeadlines(tx, kase.id, assigneeId, actor.id, now);
  appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'assignment', data: { from: kase.assignedTo, to: assigneeId } }, now);
  recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['assignedTo'], clientAddress }, now);
  return { ok: true, changed: true };
}

function isAssignable(db: DbOrTx, kase: Case, userId: string): boolean {
  const user = findUser(db, userId);
  if (!user || !user.active) return false;
  const contactPointIds = contactPointsOfUser(db, user.id).map((c) => c.id);
  return can({ id: user.id, role: user.role, contactPointIds }, 'case.update', kase);
}
