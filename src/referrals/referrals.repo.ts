import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { caseEvents, cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { partners } from '../partners/partners.table.js';
import { consents } from '../people/people.table.js';
import { users } from '../users/users.table.js';
import { awaitingStatuses, finalStatuses, type ReferralStatus } from './referral-states.js';
import { referrals, type Referral } from './referrals.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function findReferral(db: DbOrTx, id: number): Referral | undefined {
  return Number.isSafeInteger(id) ? db.select().from(referrals).where(eq(referrals.id, id)).get() : undefined;
}

export function insertReferral(db: Tx, values: typeof referrals.$inferInsert): Referral {
  return db.insert(referrals).values(values).returning().get();
}

/** A new version of the referral (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updateReferral(db: Tx, id: number, values: Partial<Omit<typeof referrals.$inferInsert, 'version'>>, expectedVersion?: number): Referral | undefined {
  return db
    .update(referrals)
    .set({ ...values, version: nextVersion(referrals.version) })
    .where(atVersion(eq(referrals.id, id), referrals.version, expectedVersion))
    .returning()
    .get();
}

const listColumns = {
  id: referrals.id,
  caseId: referrals.caseId,
  status: referrals.status,
  followUpOn: referrals.followUpOn,
  sentAt: referrals.sentAt,
  createdAt: referrals.createdAt,
  closedAt: referrals.closedAt,
  partnerId: partners.id,
  partnerName: partners.name,
  partnerKind: partners.kind,
  caseReference: cases.reference,
  contactPointId: cases.contactPointId,
};

export function referralsOfCase(db: DbOrTx, caseId: number) {
  return db
    .select(listColumns)
    .from(referrals)
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .where(eq(referrals.caseId, caseId))
    .orderBy(desc(referrals.id))
    .all();
}

const FINISHED_LIMIT = 200;

/**
 * Referrals of cases now at these contact points (a transferred case takes its referrals along). Referrals still
 * in progress all come back; finished ones only the newest, for the page stays short at any size.
 */
export function referralsOfContactPoints(db: DbOrTx, contactPointIds: readonly number[], statuses: readonly ReferralStatus[]) {
  if (!contactPointIds.length || !statuses.length) return [];
  const base = () =>
    db
      .select(listColumns)
      .from(referrals)
      .innerJoin(cases, eq(cases.id, referrals.caseId))
      .innerJoin(partners, eq(partners.id, referrals.partnerId));
  const inCps = inArray(cases.contactPointId, [...contactPointIds]);
  const live = statuses.filter((s) => !finalStatuses.includes(s));
  const done = statuses.filter((s) => finalStatuses.includes(s));
  const rows = live.length ? base().where(and(inCps, inArray(referrals.status, live))).all() : [];
  if (done.length)
    rows.push(
      ...base()
        .where(and(inCps, inArray(referrals.status, done)))
        .orderBy(desc(referrals.closedAt), desc(referrals.id))
        .limit(FINISHED_LIMIT)
        .all(),
    );
  return rows;
}

/** Referrals still waiting on the partner whose follow-up date is before `today`, on cases of one contact point that concern `userId`. */
export function overdueFollowUps(db: DbOrTx, contactPointId: number, today: string, userId: string) {
  return db
    .select(listColumns)
    .from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .where(
      and(
        inArray(referrals.status, [...awaitingStatuses]),
        isNotNull(referrals.followUpOn),
        lt(referrals.followUpOn, today),
        eq(cases.contactPointId, contactPointId),
        or(eq(cases.assignedTo, userId), eq(referrals.sentBy, userId), eq(referrals.createdBy, userId)),
      ),
    )
    .orderBy(asc(referrals.followUpOn), asc(referrals.id))
    .limit(50)
    .all();
}

/** The referral's history: its `referral_change` events on the case timeline, oldest first, with who made each. */
export function referralHistory(db: DbOrTx, caseId: number, referralId: number) {
  return db
    .select({ id: caseEvents.id, at: caseEvents.at, body: caseEvents.body, data: caseEvents.data, authorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.userId))
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'referral_change'), sql`json_extract(${caseEvents.data}, '$.referralId') = ${referralId}`))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .all();
}

/** Open deadlines of a case, soonest first: a referral may share them. */
export function openDeadlinesOfCase(db: DbOrTx, caseId: number) {
  return db
    .select({ title: deadlines.title, due: deadlines.dueDate })
    .from(deadlines)
    .where(and(eq(deadlines.caseId, caseId), eq(deadlines.status, 'open')))
    .orderBy(asc(deadlines.dueDate))
    .all();
}

export function findConsent(db: DbOrTx, id: number) {
  return db.select().from(consents).where(eq(consents.id, id)).get();
}
