/** Caseload figures of one contact point, grouped by the counsellor a case is assigned to (null: nobody). */
import { and, asc, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { CaseStatus } from '../cases/catalogue.js';
import { caseTypeLinks, cases } from '../cases/cases.table.js';
import type { DbOrTx } from '../db/client.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { partners } from '../partners/partners.table.js';
import { finalStatuses } from '../referrals/referral-states.js';
import { referrals } from '../referrals/referrals.table.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';

export type StatusCount = { assignedTo: string | null; status: CaseStatus; n: number; idle: number };

/** Cases not closed, by assignee and status; `idle`: of those, how many have had no timeline event since `idleBefore`. */
export function activeCaseCounts(db: DbOrTx, contactPointId: number, idleBefore: number): StatusCount[] {
  return db.all<StatusCount>(sql`
    select assigned_to as assignedTo, status, count(*) as n, coalesce(sum(last_activity_at < ${idleBefore}), 0) as idle
    from cases where contact_point_id = ${contactPointId} and status <> 'closed'
    group by assigned_to, status
  `);
}

/**
 * Open deadlines due by `dueTo`, by the assignee of their case: `overdue` before `today`, `soon` from today to dueTo.
 * Read through deadlines_status_due (status, due_date): the open deadlines due soon, not every deadline of the desk.
 */
export function deadlineCounts(db: DbOrTx, contactPointId: number, today: string, dueTo: string) {
  return db.all<{ assignedTo: string | null; overdue: number; soon: number }>(sql`
    select c.assigned_to as assignedTo, coalesce(sum(d.due_date < ${today}), 0) as overdue, coalesce(sum(d.due_date >= ${today}), 0) as soon
    from deadlines d join cases c on c.id = d.case_id
    where d.status = 'open' and d.due_date <= ${dueTo} and c.contact_point_id = ${contactPointId}
    group by c.assigned_to
  `);
}

/** Transfers this contact point proposed that the receiving one has not yet decided, by the case's assignee. */
export function outgoingTransferCounts(db: DbOrTx, contactPointId: number) {
  return db.all<{ assignedTo: string | null; n: number }>(sql`
    select c.assigned_to as assignedTo, count(*) as n
    from transfers t join cases c on c.id = t.case_id
    where t.from_contact_point_id = ${contactPointId} and t.status = 'proposed'
    group by c.assigned_to
  `);
}

/** Transfers proposed TO this contact point, waiting for its supervisor. */
export function incomingTransferCount(db: DbOrTx, contactPointId: number): number {
  return db.get<{ n: number }>(sql`select count(*) as n from transfers where to_contact_point_id = ${contactPointId} and status = 'proposed'`)?.n ?? 0;
}

/** The active cases a counsellor (or nobody) holds at a contact point, for choosing which to move; longest idle first. */
export function activeCasesOf(db: DbOrTx, contactPointId: number, assignedTo: string | null, limit: number) {
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      priority: cases.priority,
      lastActivityAt: cases.lastActivityAt,
      assignedTo: cases.assignedTo,
      personName: people.name,
      personAlias: people.alias,
    })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .where(and(eq(cases.contactPointId, contactPointId), ne(cases.status, 'closed'), assignedTo === null ? isNull(cases.assignedTo) : eq(cases.assignedTo, assignedTo)))
    .orderBy(asc(cases.lastActivityAt), asc(cases.id))
    .limit(limit)
    .all();
}

/** Cases by id with what the confirmation step shows; ids outside `contactPointIds` are not returned. */
export function casesForConfirmation(db: DbOrTx, ids: readonly number[], contactPointIds: readonly number[]) {
  if (ids.length === 0 || contactPointIds.length === 0) return [];
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      status: cases.status,
      assignedTo: cases.assignedTo,
      assigneeName: users.displayName,
      personName: people.name,
      personAlias: people.alias,
    })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(and(inArray(cases.id, [...ids]), inArray(cases.contactPointId, [...contactPointIds])))
    .orderBy(asc(cases.reference))
    .all();
}

export function countAwaitingClosure(db: DbOrTx, contactPointIds: readonly number[]): number {
  if (contactPointIds.length === 0) return 0;
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(cases)
      .where(and(inArray(cases.contactPointId, [...contactPointIds]), eq(cases.status, 'closure_requested')))
      .get()?.n ?? 0
  );
}

/** Cases waiting for a supervisor's closure decision at these contact points, longest waiting first. */
export function casesAwaitingClosure(db: DbOrTx, contactPointIds: readonly number[], limit: number) {
  if (contactPointIds.length === 0) return [];
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      assignedTo: cases.assignedTo,
      assigneeName: users.displayName,
      personName: people.name,
      personAlias: people.alias,
      outcome: cases.outcome,
      outcomeNote: cases.outcomeNote,
      amountClaimedMinor: cases.amountClaimedMinor,
      amountRecoveredMinor: cases.amountRecoveredMinor,
      currency: cases.currency,
      openedAt: cases.openedAt,
      lastActivityAt: cases.lastActivityAt,
    })
    .from(cases)
    .leftJoin(people, eq(people.id, cases.personId))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(and(inArray(cases.contactPointId, [...contactPointIds]), eq(cases.status, 'closure_requested')))
    .orderBy(asc(cases.lastActivityAt), asc(cases.id))
    .limit(limit)
    .all();
}

export function caseTypesOfCases(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string[]>();
  const out = new Map<number, string[]>();
  for (const l of db.select().from(caseTypeLinks).where(inArray(caseTypeLinks.caseId, [...ids])).all()) out.set(l.caseId, [...(out.get(l.caseId) ?? []), l.caseType]);
  return out;
}

/** Open deadlines of these cases, soonest first: what stays open when a case closes (approving does not touch them). */
export function openDeadlinesOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ id: deadlines.id, caseId: deadlines.caseId, title: deadlines.title, dueDate: deadlines.dueDate })
    .from(deadlines)
    .where(and(inArray(deadlines.caseId, [...caseIds]), eq(deadlines.status, 'open')))
    .orderBy(asc(deadlines.dueDate), asc(deadlines.id))
    .all();
}

/** Referrals of these cases not yet in a final status, with the partner's name. */
export function openReferralsOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ id: referrals.id, caseId: referrals.caseId, status: referrals.status, partnerName: partners.name })
    .from(referrals)
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .where(and(inArray(referrals.caseId, [...caseIds]), notInArray(referrals.status, [...finalStatuses])))
    .orderBy(asc(referrals.id))
    .all();
}
