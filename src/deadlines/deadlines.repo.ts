import { and, asc, eq, inArray, lte, gte, sql, type SQL } from 'drizzle-orm';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { DbOrTx } from '../db/client.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import type { DeadlineInputs } from './compute.js';
import { caseTriggerDates, deadlineDismissals, deadlines, type Deadline, type DeadlineStatus, type NewDeadline } from './deadlines.table.js';
import { TRIGGER_FIELD_IDS, type TriggerFieldId } from './rules.schema.js';

export function triggerDatesOf(db: DbOrTx, caseId: number): DeadlineInputs {
  const rows = db.select().from(caseTriggerDates).where(eq(caseTriggerDates.caseId, caseId)).all();
  const known = new Set<string>(TRIGGER_FIELD_IDS);
  return Object.fromEntries(rows.filter((r) => known.has(r.field)).map((r) => [r.field as TriggerFieldId, r.date]));
}

export function setTriggerDate(db: DbOrTx, caseId: number, field: TriggerFieldId, date: string | null, userId: string, now: number) {
  if (date === null) {
    db.delete(caseTriggerDates).where(and(eq(caseTriggerDates.caseId, caseId), eq(caseTriggerDates.field, field))).run();
    return;
  }
  db.insert(caseTriggerDates)
    .values({ caseId, field, date, updatedAt: now, updatedBy: userId })
    .onConflictDoUpdate({ target: [caseTriggerDates.caseId, caseTriggerDates.field], set: { date, updatedAt: now, updatedBy: userId } })
    .run();
}

export function findDeadline(db: DbOrTx, id: number): Deadline | undefined {
  return Number.isSafeInteger(id) ? db.select().from(deadlines).where(eq(deadlines.id, id)).get() : undefined;
}

export function insertDeadline(db: DbOrTx, values: NewDeadline): Deadline {
  return db.insert(deadlines).values(values).returning().get();
}

export function updateDeadline(db: DbOrTx, id: number, values: Partial<NewDeadline>): Deadline {
  return db.update(deadlines).set(values).where(eq(deadlines.id, id)).returning().get();
}

/** A case's deadlines, soonest first, each with its owner's and last status changer's names. */
export function deadlinesOfCase(db: DbOrTx, caseId: number) {
  return db
    .select({ deadline: deadlines, ownerName: users.displayName, changedByName: sql<string | null>`(select display_name from users u where u.id = ${deadlines.statusChangedBy})` })
    .from(deadlines)
    .leftJoin(users, eq(users.id, deadlines.ownerId))
    .where(eq(deadlines.caseId, caseId))
    .orderBy(sql`case ${deadlines.status} when 'open' then 0 else 1 end`, asc(deadlines.dueDate), asc(deadlines.id))
    .all()
    .map((r) => ({ ...r.deadline, ownerName: r.ownerName, changedByName: r.changedByName }));
}

export function dismissalsOf(db: DbOrTx, caseId: number) {
  return db.select().from(deadlineDismissals).where(eq(deadlineDismissals.caseId, caseId)).all();
}

export function insertDismissal(db: DbOrTx, values: typeof deadlineDismissals.$inferInsert) {
  db.insert(deadlineDismissals).values(values).onConflictDoNothing().run();
}

export type DeadlineFilter = {
  contactPointIds: readonly number[];
  ownerId?: string | null;
  statuses?: readonly DeadlineStatus[];
  dueFrom?: string | null;
  dueTo?: string | null;
  limit?: number;
  offset?: number;
};

/** Deadlines with what a list shows about each: case reference, person (name or alias), owner, contact point time zone. */
export function listDeadlines(db: DbOrTx, filter: DeadlineFilter) {
  if (filter.contactPointIds.length === 0) return { rows: [], total: 0 };
  const where: SQL[] = [inArray(cases.contactPointId, [...filter.contactPointIds])];
  if (filter.ownerId) where.push(eq(deadlines.ownerId, filter.ownerId));
  if (filter.statuses?.length) where.push(inArray(deadlines.status, [...filter.statuses]));
  if (filter.dueFrom) where.push(gte(deadlines.dueDate, filter.dueFrom));
  if (filter.dueTo) where.push(lte(deadlines.dueDate, filter.dueTo));
  const condition = and(...where);
  const rows = db
    .select({
      id: deadlines.id,
      title: deadlines.title,
      dueDate: deadlines.dueDate,
      status: deadlines.status,
      source: deadlines.source,
      ruleId: deadlines.ruleId,
      ownerId: deadlines.ownerId,
      ownerName: users.displayName,
      statusChangedAt: deadlines.statusChangedAt,
      caseId: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      timezone: contactPoints.timezone,
      personName: people.name,
      personAlias: people.alias,
    })
    .from(deadlines)
    .innerJoin(cases, eq(cases.id, deadlines.caseId))
    .innerJoin(contactPoints, eq(contactPoints.id, cases.contactPointId))
    .leftJoin(people, eq(people.id, cases.personId))
    .leftJoin(users, eq(users.id, deadlines.ownerId))
    .where(condition)
    .orderBy(asc(deadlines.dueDate), asc(deadlines.id))
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(deadlines)
      .innerJoin(cases, eq(cases.id, deadlines.caseId))
      .where(condition)
      .get()?.n ?? 0;
  return { rows, total };
}

export type DeadlineListRow = ReturnType<typeof listDeadlines>['rows'][number];

/** Open deadlines owned by `userId`, due on or before `dueTo`, with the case reference only (what leaves the system). */
export function openDeadlinesOfOwner(db: DbOrTx, userId: string, dueTo?: string) {
  const where: SQL[] = [eq(deadlines.ownerId, userId), eq(deadlines.status, 'open')];
  if (dueTo) where.push(lte(deadlines.dueDate, dueTo));
  return db
    .select({
      id: deadlines.id,
      title: deadlines.title,
      dueDate: deadlines.dueDate,
      reminderLeadDays: deadlines.reminderLeadDays,
      ruleId: deadlines.ruleId,
      ruleVersion: deadlines.ruleVersion,
      caseId: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
    })
    .from(deadlines)
    .innerJoin(cases, eq(cases.id, deadlines.caseId))
    .where(and(...where))
    .orderBy(asc(deadlines.dueDate), asc(deadlines.id))
    .all();
}

/** Open deadlines go to the case's new counsellor, so that reminders follow the case (reassignment, transfer). */
export function reassignOpenDeadlines(db: DbOrTx, caseId: number, ownerId: string | null, actorId: string, now: number) {
  db.update(deadlines)
    .set({ ownerId, updatedAt: now, updatedBy: actorId })
    .where(and(eq(deadlines.caseId, caseId), eq(deadlines.status, 'open')))
    .run();
}
