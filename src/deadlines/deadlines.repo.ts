import { and, asc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { people } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import type { DeadlineInputs } from './compute.js';
import { caseTriggerDates, deadlineDismissals, deadlines, reminderDigests, ruleVersionChanges, calendarFeeds, type Deadline, type DeadlineStatus, type NewDeadline } from './deadlines.table.js';
import type { DeadlineRule } from './rules.schema.js';
import { TRIGGER_FIELD_IDS, type TriggerFieldId } from './rules.schema.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function triggerDatesOf(db: DbOrTx, caseId: number): DeadlineInputs {
  const rows = db.select().from(caseTriggerDates).where(eq(caseTriggerDates.caseId, caseId)).all();
  const known = new Set<string>(TRIGGER_FIELD_IDS);
  return Object.fromEntries(rows.filter((r) => known.has(r.field)).map((r) => [r.field as TriggerFieldId, r.date]));
}

export function setTriggerDate(db: Tx, caseId: number, field: TriggerFieldId, date: string | null, userId: string, now: number) {
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

export function insertDeadline(db: Tx, values: NewDeadline): Deadline {
  return db.insert(deadlines).values(values).returning().get();
}

/** A new version of the deadline (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updateDeadline(db: Tx, id: number, values: Partial<Omit<NewDeadline, 'version'>>, expectedVersion?: number): Deadline | undefined {
  return db
    .update(deadlines)
    .set({ ...values, version: nextVersion(deadlines.version) })
    .where(atVersion(eq(deadlines.id, id), deadlines.version, expectedVersion))
    .returning()
    .get();
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

/** The case's soonest open deadline (what the case page's summary shows without loading the deadlines section). */
export function nextOpenDeadline(db: DbOrTx, caseId: number): Pick<Deadline, 'id' | 'title' | 'dueDate'> | undefined {
  return db
    .select({ id: deadlines.id, title: deadlines.title, dueDate: deadlines.dueDate })
    .from(deadlines)
    .where(and(eq(deadlines.caseId, caseId), eq(deadlines.status, 'open')))
    .orderBy(asc(deadlines.dueDate), asc(deadlines.id))
    .limit(1)
    .get();
}

export function dismissalsOf(db: DbOrTx, caseId: number) {
  return db.select().from(deadlineDismissals).where(eq(deadlineDismissals.caseId, caseId)).all();
}

export function insertDismissal(db: Tx, values: typeof deadlineDismissals.$inferInsert) {
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
export function reassignOpenDeadlines(db: Tx, caseId: number, ownerId: string | null, actorId: string, now: number) {
  db.update(deadlines)
    .set({ ownerId, updatedAt: now, updatedBy: actorId, version: nextVersion(deadlines.version) })
    .where(and(eq(deadlines.caseId, caseId), eq(deadlines.status, 'open')))
    .run();
}

/** Active users who own an open deadline: the people a reminder digest may go to. */
export function openDeadlineOwners(db: DbOrTx) {
  return db
    .selectDistinct({ id: users.id, role: users.role, email: users.email, locale: users.locale })
    .from(deadlines)
    .innerJoin(users, eq(users.id, deadlines.ownerId))
    .where(and(eq(deadlines.status, 'open'), eq(users.active, true)))
    .all();
}

/** Records that today's digest is being sent; false when it already was (once a day, across restarts). */
export function claimDigest(db: Tx, userId: string, day: string, deadlineCount: number, now: number): boolean {
  return db.insert(reminderDigests).values({ userId, day, claimedAt: now, deadlineCount }).onConflictDoNothing().run().changes > 0;
}

export function markDigestSent(db: Tx, userId: string, day: string, now: number) {
  db.update(reminderDigests).set({ sentAt: now }).where(and(eq(reminderDigests.userId, userId), eq(reminderDigests.day, day))).run();
}

/** A send that failed gives the day back, so the next run tries again. */
export function releaseDigest(db: Tx, userId: string, day: string) {
  db.delete(reminderDigests).where(and(eq(reminderDigests.userId, userId), eq(reminderDigests.day, day), isNull(reminderDigests.sentAt))).run();
}

export function ruleChanges(db: DbOrTx) {
  return db.select().from(ruleVersionChanges).orderBy(asc(ruleVersionChanges.ruleId), asc(ruleVersionChanges.version)).all();
}

export function saveRuleChange(db: Tx, rule: DeadlineRule, added: boolean, actorId: string, now: number) {
  db.insert(ruleVersionChanges)
    .values({ ruleId: rule.id, version: rule.version, added, rule, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId })
    .onConflictDoUpdate({ target: [ruleVersionChanges.ruleId, ruleVersionChanges.version], set: { rule, updatedAt: now, updatedBy: actorId } })
    .run();
}

export function activeFeed(db: DbOrTx, userId: string) {
  return db
    .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .get();
}

export function revokeFeeds(db: Tx, userId: string, now: number): number {
  return db
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .run().changes;
}

export function insertFeed(db: Tx, userId: string, tokenHash: string, now: number) {
  return db.insert(calendarFeeds).values({ userId, tokenHash, createdAt: now }).returning().get();
}

/** The user behind a feed token's hash, if the feed is not revoked. */
export function feedOwner(db: DbOrTx, tokenHash: string) {
  return db
    .select({ feedId: calendarFeeds.id, userId: users.id, role: users.role, active: users.active, locale: users.locale })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)))
    .get();
}

export function markFeedUsed(db: Tx, feedId: number, now: number) {
  db.update(calendarFeeds).set({ lastUsedAt: now }).where(eq(calendarFeeds.id, feedId)).run();
}
