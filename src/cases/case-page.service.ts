import { regionOnForm } from '../deadlines/regions.js';
import { nextOpenDeadline, reassignOpenDeadlines } from '../deadlines/deadlines.repo.js';
import { todayIn } from '../deadlines/compute.js';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon, recentViewsPanel } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { currentConsent, findPerson } from '../people/people.repo.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { contactPointsOfUser, findUser } from '../users/users.repo.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';
import { formatTimelineCursor, type CaseEditInput, type CaseField, type MoveInput, type TimelineEntryInput } from './case-page.schema.js';
import type { CaseStatus, CaseType } from './catalogue.js';
import * as repo from './cases.repo.js';
import { appendEvent, caseFor } from './cases.service.js';
import type { Case } from './cases.table.js';
import { movesFrom, nextStatus, rules, type Move } from './lifecycle.js';
import { groupOnCase } from '../collective/collective.service.js';
import { attachmentsOfEvents } from '../evidence/evidence.repo.js';
import { closureChecklist } from '../supervision/closure-checklist.js';

export type TimelineItem = ReturnType<typeof repo.timelineOfCase>[number];

/**
 * Entries per page of the timeline. Nearly every case has fewer (the bulk seed's cases have 2–10), so it shows
 * whole; a long-running case shows its latest 50 (at ~330 bytes each, about 17 KB) and loads older ones on request.
 */
export const TIMELINE_PAGE_SIZE = 50;

/** The policy's answer for restricted entries, as a query filter: restricted notes only for their author and the contact point's supervisors. */
export function timelineFilter(actor: Actor, kase: Case): repo.TimelineFilter | null {
  const mayRead = (restricted: boolean, authorId: string) => can(actor, 'note.view', { contactPointId: kase.contactPointId, authorId, restricted });
  if (!mayRead(false, '')) return null;
  // '' is nobody's id: a restricted entry of another author, or of the system.
  if (mayRead(true, '')) return { restricted: 'all' };
  return mayRead(true, actor.id) ? { restricted: 'own', authorId: actor.id } : { restricted: 'none' };
}

export type TimelinePage = {
  entries: TimelineItem[];
  names: ReturnType<typeof namesForTimeline>;
  /** The next page: entries older than the last one shown, and how many there are. */
  older: { cursor: string; count: number } | null;
};

/** One page of the timeline the actor may read, newest first: the latest entries, or those older than `before`. */
export function timelinePage(db: DbOrTx, actor: Actor, kase: Case, before?: repo.TimelineCursor): TimelinePage {
  const filter = timelineFilter(actor, kase);
  if (!filter) return { entries: [], names: namesForTimeline(db, []), older: null };
  const rows = repo.timelineOfCase(db, kase.id, filter, { limit: TIMELINE_PAGE_SIZE + 1, before });
  const page = rows.slice(0, TIMELINE_PAGE_SIZE);
  const last = page.at(-1);
  const cursor = last && rows.length > page.length ? { at: last.at, id: last.id } : null;
  // The filter only narrows the query; each entry shown is still one the policy lets this actor read.
  const entries = page.filter((e) => can(actor, 'note.view', { contactPointId: kase.contactPointId, authorId: e.userId ?? '', restricted: e.restricted }));
  return {
    entries,
    names: namesForTimeline(db, entries),
    older: cursor ? { cursor: formatTimelineCursor(cursor), count: repo.countTimeline(db, kase.id, filter, cursor) } : null,
  };
}

/** Names for the ids that events refer to: the counsellors of an assignment, the party of a party change, the files attached. */
export function namesForTimeline(db: DbOrTx, events: readonly TimelineItem[]) {
  const userIds: string[] = [];
  const partyIds: number[] = [];
  for (const e of events) {
    if (!e.data) continue;
    if (e.kind === 'assignment') for (const v of [e.data.from, e.data.to]) if (typeof v === 'string') userIds.push(v);
    if (e.kind === 'party_change' && typeof e.data.partyId === 'number') partyIds.push(e.data.partyId);
  }
  // The files attached to an entry are seen with it: these entries are already those the actor may read.
  const files: Record<number, ReturnType<typeof attachmentsOfEvents>> = {};
  for (const f of attachmentsOfEvents(db, events.filter((e) => e.kind === 'note' || e.kind === 'call' || e.kind === 'meeting').map((e) => e.id))) (files[f.eventId!] ??= []).push(f);
  return { users: Object.fromEntries(repo.displayNamesOf(db, userIds)), parties: Object.fromEntries(repo.partyNamesOf(db, partyIds)), files };
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

/** The soonest open deadline, and whether it has passed at the contact point (today counted in its time zone). */
function nextDeadlineOf(db: DbOrTx, caseId: number, timeZone: string, now: number) {
  const next = nextOpenDeadline(db, caseId);
  if (!next) return null;
  const today = todayIn(timeZone, now);
  return { ...next, overdue: next.dueDate < today, dueToday: next.dueDate === today };
}

/** Everything the case page shows, already filtered by what the actor may see. */
export function casePageData(db: Db, actor: Actor, kase: Case, now: number) {
  const { contactPoint, person } = caseHeader(db, kase);
  const timeline = timelinePage(db, actor, kase);
  const assignee = kase.assignedTo ? findUser(db, kase.assignedTo) : undefined;
  const mayAssign = can(actor, 'case.assign', kase);
  // An anonymised case (src/retention) takes no more entries, edits or moves.
  const mayUpdate = can(actor, 'case.update', kase) && kase.anonymisedAt === null;
  const moves = kase.anonymisedAt === null ? movesFrom(kase.status).filter((m) => can(actor, rules[m].permission, kase)) : [];
  return {
    kase,
    contactPoint,
    person,
    consent: person ? (currentConsent(db, person.id) ?? null) : null,
    caseTypes: repo.caseTypesOf(db, kase.id),
    parties: repo.partiesOfCase(db, kase.id),
    nextDeadline: nextDeadlineOf(db, kase.id, contactPoint.timezone, now),
    assignee: assignee ? { id: assignee.id, displayName: assignee.displayName } : null,
    timeline: timeline.entries,
    names: timeline.names,
    olderTimeline: timeline.older,
    moves,
    // Shown with the approval form: what the supervisor checks before closing (issue 16 item 10).
    closureChecklist: moves.includes('approve_closure') ? closureChecklist(db, kase) : null,
    awaitingSupervisor: kase.status === 'closure_requested' && !can(actor, 'case.approveClosure', kase),
    mayEdit: mayUpdate && kase.status !== 'closed',
    mayUpdate,
    mayAssign,
    mayTake: !mayAssign && mayUpdate && kase.assignedTo === null,
    assignees: mayAssign ? assignableUsers(db, kase) : [],
    recentViews: recentViewsPanel(db, actor, { type: 'case', id: kase.id, contactPointId: kase.contactPointId, reference: kase.reference }),
    mayHold: can(actor, 'case.legalHold', kase) && kase.anonymisedAt === null,
    legalHoldBy: kase.legalHoldBy ? (repo.displayNamesOf(db, [kase.legalHoldBy]).get(kase.legalHoldBy) ?? null) : null,
    // The group the case is in (issue 15): its party, and the entries shared with every member.
    ...groupOnCase(db, kase.id),
  };
}

/** A page of older timeline entries, with what every page about a case shows at its top. */
export function olderTimelineData(db: DbOrTx, actor: Actor, kase: Case, before: repo.TimelineCursor) {
  const page = timelinePage(db, actor, kase, before);
  return { kase, ...caseHeader(db, kase), timeline: page.entries, names: page.names, olderTimeline: page.older };
}

/** The audit entry of a view of the case (its page, or an older page of its timeline); the page never waits for it. */
export function recordCaseView(db: Db, actor: Actor, kase: Case, clientAddress: string | null, now: number) {
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, clientAddress }, now);
}

// ---- editing the case's details

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

function storedRegion(kase: Case): string | null {
  const shown = regionOnForm(kase.jurisdictionCountry, kase.jurisdictionRegion);
  return shown.legacy ?? (shown.value || null);
}

/** The case's current values as the edit form names them (amounts in minor units). */
export function editableValues(kase: Case, types: readonly CaseType[]): CaseEditInput {
  return {
    caseTypes: [...types],
    sector: kase.sector,
    priority: kase.priority,
    jurisdictionCountry: kase.jurisdictionCountry,
    // An older typed region ("England") reads as its code, so that saving the form unchanged changes nothing.
    jurisdictionRegion: storedRegion(kase),
    summary: kase.summary,
    employmentStart: kase.employmentStart,
    employmentEnd: kase.employmentEnd,
    amountClaimed: kase.amountClaimedMinor,
    amountRecovered: kase.amountRecoveredMinor,
    currency: kase.currency as CaseEditInput['currency'],
    gcmObjectives: [...kase.gcmObjectives],
  };
}

export type CaseEditResult = { ok: true; changed: CaseField[] } | Stale<Case>;

/**
 * Saves the changed fields of a case, from a form loaded at `version`: if the case changed since (an edit, a status
 * move, a reassignment), nothing is written and the result says what changed (src/shared/versions.ts). The timeline
 * and the audit log get the NAMES of the fields changed, never their values (DESIGN §2: a log is read by more people
 * than the case). IMMEDIATE: the version is checked and the case written in one go.
 */
export function updateCaseDetails(db: Db, actor: Actor, caseId: number, input: CaseEditInput, version: number | null, clientAddress: string | null, now: number): Promise<CaseEditResult> {
  return write(
    db,
    (tx): CaseEditResult => {
      const kase = caseFor(tx, actor, caseId, 'case.update');
      if (kase.status === 'closed') throw conflict('casePage.errors.editClosed');
      if (!isCurrent(version, kase)) return staleResult(tx, { type: 'case', id: kase.id }, kase, version);
      const before = editableValues(kase, repo.caseTypesOf(tx, kase.id));
      const changed = (Object.keys(input) as CaseField[]).filter((f) => {
        const a = before[f];
        const b = input[f];
        return Array.isArray(a) && Array.isArray(b) ? !sameSet(a, b) : a !== b;
      });
      if (changed.length === 0) return { ok: true, changed: [] };
      const { caseTypes, amountClaimed, amountRecovered, ...columns } = input;
      const saved = savedRow(repo.updateCase(tx, kase.id, { ...columns, amountClaimedMinor: amountClaimed, amountRecoveredMinor: amountRecovered }, kase.version));
      if (changed.includes('caseTypes')) repo.setCaseTypes(tx, kase.id, caseTypes);
      if (changed.includes('summary')) repo.refreshSearchRow(tx, kase.id);
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'field_change', data: { fields: changed } }, now);
      recordAudit(
        tx,
        { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: changed, clientAddress, version: saved.version },
        now,
      );
      return { ok: true, changed };
    },
  );
}

// ---- the timeline

/** Adds a note, call or meeting. Events are append-only: there is no edit and no delete. IMMEDIATE: the search row is read and rewritten. */
export function addTimelineEntry(db: Db, actor: Actor, caseId: number, input: TimelineEntryInput, clientAddress: string | null, now: number) {
  return write(db, (tx) => addTimelineEntryIn(tx, actor, caseId, input, clientAddress, now));
}

/** addTimelineEntry inside the caller's write unit (an entry written with the files attached to it, src/evidence). */
export function addTimelineEntryIn(tx: Tx, actor: Actor, caseId: number, input: TimelineEntryInput, clientAddress: string | null, now: number) {
  const kase = caseFor(tx, actor, caseId, 'case.update');
  const when = input.occurredOn ? { occurredOn: input.occurredOn, ...(input.occurredTime ? { occurredTime: input.occurredTime } : {}) } : null;
  const event = appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: input.kind, restricted: input.restricted, body: input.body, data: when }, now);
  const fields = ['kind', 'body', ...(input.restricted ? ['restricted'] : []), ...(when ? Object.keys(when) : [])];
  recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'case_event', targetId: event.id, contactPointId: kase.contactPointId, fields, clientAddress }, now);
  return { ...event, authorName: findUser(tx, actor.id)?.displayName ?? null };
}

// ---- lifecycle

function refuse(db: Db, actor: Actor, kase: Case, targetId: string, messageKey: string, now: number): never {
  auditSoon(db, { userId: actor.id, action: 'permission_denied', targetType: 'case', targetId, contactPointId: kase.contactPointId }, now);
  throw new AppError(403, messageKey);
}

/**
 * Refuses, before any form is read, a move the actor may not make (403, audited) or that the case's status
 * does not allow (409). moveCase checks the status again inside its transaction.
 */
export function assertMoveAllowed(db: Db, actor: Actor, kase: Case, move: Move, now: number): void {
  if (!can(actor, rules[move].permission, kase))
    refuse(db, actor, kase, String(kase.id), rules[move].permission === 'case.approveClosure' ? 'casePage.errors.supervisorOnly' : 'errors.forbidden', now);
  if (kase.anonymisedAt !== null) throw conflict('retention.errors.anonymisedCase');
  if (!nextStatus(kase.status, move).ok) throw conflict('casePage.errors.refused');
}

/** Moves a case along its lifecycle (lifecycle.ts): one status change event with the comment, one audit entry. */
export function moveCase(db: Db, actor: Actor, caseId: number, move: Move, input: MoveInput, clientAddress: string | null, now: number): Promise<CaseStatus> {
  assertMoveAllowed(db, actor, caseFor(db, actor, caseId, 'case.view'), move, now);
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, actor, caseId, 'case.view');
      if (kase.anonymisedAt !== null) throw conflict('retention.errors.anonymisedCase');
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
      const saved = savedRow(repo.updateCase(tx, kase.id, set));
      const body = input.note ?? input.reason ?? input.comment ?? null;
      const data: Record<string, unknown> = { from: kase.status, to: result.to, move };
      if (move === 'request_closure') data.outcome = input.outcome;
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'status_change', body, data }, now);
      // Closure decisions are audited like any change of the case: the field names, never the comment.
      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields, clientAddress, version: saved.version }, now);
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
export function assignCase(db: Db, actor: Actor, caseId: number, assigneeId: string | null, clientAddress: string | null, now: number): Promise<AssignResult> {
  const mayAssign = assertMayAssign(db, actor, caseId, assigneeId, now);
  return write(db, (tx) => assignInUnit(tx, actor, caseId, assigneeId, mayAssign, clientAddress, now));
}

/** Refuses (403, audited) an assignment the actor may not make; true when they may give the case to anyone. */
export function assertMayAssign(db: Db, actor: Actor, caseId: number, assigneeId: string | null, now: number): boolean {
  const seen = caseFor(db, actor, caseId, 'case.view');
  const mayAssign = can(actor, 'case.assign', seen);
  const takesForSelf = assigneeId === actor.id && can(actor, 'case.update', seen);
  if (!mayAssign && !takesForSelf) refuse(db, actor, seen, String(seen.id), 'casePage.errors.assignSupervisorOnly', now);
  return mayAssign;
}

/** The assignment inside the caller's write unit: assignCase's, or the supervisor's bulk reassignment (all or none). */
export function assignInUnit(
  tx: Tx,
  actor: Actor,
  caseId: number,
  assigneeId: string | null,
  mayAssign: boolean,
  clientAddress: string | null,
  now: number,
  reason: string | null = null,
): AssignResult {
  const kase = caseFor(tx, actor, caseId, 'case.view');
  if (!mayAssign && kase.assignedTo !== null) throw conflict('casePage.errors.alreadyAssigned');
  if (assigneeId !== null && !isAssignable(tx, kase, assigneeId)) return { ok: false, error: 'casePage.validation.assignee' };
  if (kase.assignedTo === assigneeId) return { ok: true, changed: false };
  const saved = savedRow(repo.updateCase(tx, kase.id, { assignedTo: assigneeId }));
  // Reminders follow the case: its open deadlines belong to the new counsellor.
  reassignOpenDeadlines(tx, kase.id, assigneeId, actor.id, now);
  // A bulk move carries the supervisor's reason (issue 16 item 4): on each case's timeline, never in the audit log.
  appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'assignment', body: reason, data: { from: kase.assignedTo, to: assigneeId } }, now);
  recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['assignedTo'], clientAddress, version: saved.version }, now);
  return { ok: true, changed: true };
}

function isAssignable(db: DbOrTx, kase: Case, userId: string): boolean {
  const user = findUser(db, userId);
  if (!user || !user.active) return false;
  const contactPointIds = contactPointsOfUser(db, user.id).map((c) => c.id);
  return can({ id: user.id, role: user.role, contactPointIds }, 'case.update', kase);
}
