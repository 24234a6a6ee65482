/**
 * The queries of retention, legal hold and erasure. Anonymising keeps the statistical skeleton of a case (its types,
 * sector, jurisdiction country, dates, amounts, outcome, parties, referral states, the person row with nationality and
 * the consent scopes) — everything src/reports counts — and removes the rest of what a person wrote or was told.
 */
import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { AnonymisationReason, CaseType } from '../cases/catalogue.js';
import { collectiveMembers } from '../collective/collective.table.js';
import { caseEvents, cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { atVersion, nextVersion } from '../db/versions.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { documents } from '../documents/documents.table.js';
import { consents, people } from '../people/people.table.js';
import { referrals } from '../referrals/referrals.table.js';
import { transfers } from '../transfers/transfers.table.js';
import { users } from '../users/users.table.js';
import { erasures, retentionPeriods, retentionRuns, type RetentionPeriodRow } from './retention.table.js';

// ---- settings

export function periodRows(db: DbOrTx): RetentionPeriodRow[] {
  return db.select().from(retentionPeriods).all();
}

export function periodRowsWithEditor(db: DbOrTx) {
  return db
    .select({ caseType: retentionPeriods.caseType, months: retentionPeriods.months, updatedAt: retentionPeriods.updatedAt, version: retentionPeriods.version, updatedBy: users.displayName })
    .from(retentionPeriods)
    .leftJoin(users, eq(users.id, retentionPeriods.updatedBy))
    .all();
}

export function findPeriod(db: DbOrTx, caseType: CaseType): RetentionPeriodRow | undefined {
  return db.select().from(retentionPeriods).where(eq(retentionPeriods.caseType, caseType)).get();
}

/**
 * Saves a period from a form loaded at `expectedVersion` (0: the type had no row yet, it showed the default);
 * undefined when the row is no longer at that version (someone saved meanwhile).
 */
export function savePeriod(db: Tx, caseType: CaseType, months: number, by: string, now: number, expectedVersion: number) {
  if (expectedVersion === 0)
    return db.insert(retentionPeriods).values({ caseType, months, updatedAt: now, updatedBy: by }).onConflictDoNothing().returning().get();
  return db
    .update(retentionPeriods)
    .set({ months, updatedAt: now, updatedBy: by, version: nextVersion(retentionPeriods.version) })
    .where(atVersion(eq(retentionPeriods.caseType, caseType), retentionPeriods.version, expectedVersion))
    .returning()
    .get();
}

// ---- what falls due

export type DueCase = {
  id: number;
  reference: string;
  contactPointId: number;
  personId: number | null;
  closedAt: number;
  months: number;
  /** YYYY-MM-DD (UTC): the first day the case may be anonymised. */
  dueOn: string;
  legalHoldSince: number | null;
};

export type DueQuery = {
  months: ReadonlyMap<CaseType, number>;
  /** The period of a case with no type. */
  fallbackMonths: number;
  /** Cases due on or before this day (YYYY-MM-DD, UTC). */
  until: string;
  /** No case closed after this instant can be due by `until` (a cheap bound, so the index skips the recent ones). */
  closedBefore: number;
  /** Keyset: cases after this (closedAt, id), in the order of the cases_retention index. */
  after?: { closedAt: number; id: number };
  limit: number;
  /** Only this case (the re-check inside a write unit). */
  caseId?: number;
};

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new RangeError('not an integer');
  return String(n);
};

/**
 * Closed cases not yet anonymised whose period (the longest of their types') ends by `until`, oldest closure first,
 * held ones included (the caller tells them apart). The due day is computed by SQLite's date arithmetic: "+N months"
 * on the UTC day of closing (31 March + 1 month is 1 May, as JavaScript's Date does it too).
 */
export function dueCases(db: DbOrTx, q: DueQuery): DueCase[] {
  const periods = [...q.months].map(([type, months]) => sql`(${type}, ${sql.raw(int(months))})`);
  const monthsOf = sql`coalesce((select max(p.months) from case_types ct join periods p on p.case_type = ct.case_type where ct.case_id = c.id), ${sql.raw(int(q.fallbackMonths))})`;
  const dueOn = sql`date(c.closed_at / 1000, 'unixepoch', '+' || (${monthsOf}) || ' months')`;
  return db.all<DueCase>(sql`
    with periods(case_type, months) as (values ${sql.join(periods, sql`, `)})
    select c.id as id, c.reference as reference, c.contact_point_id as contactPointId, c.person_id as personId, c.closed_at as closedAt,
           ${monthsOf} as months, ${dueOn} as dueOn, c.legal_hold_since as legalHoldSince
    from cases c indexed by cases_retention
    where c.status = 'closed' and c.anonymised_at is null and c.closed_at <= ${q.closedBefore}
      ${q.after ? sql`and (c.closed_at, c.id) > (${q.after.closedAt}, ${q.after.id})` : sql``}
      ${q.caseId !== undefined ? sql`and c.id = ${q.caseId}` : sql``}
      and ${dueOn} <= ${q.until}
    order by c.closed_at, c.id
    limit ${q.limit}
  `);
}

/** What anonymising a case would remove, in counts (the dry run says these, never the content). */
export function contentCounts(db: DbOrTx, caseId: number) {
  const n = (q: ReturnType<typeof sql>) => db.get<{ n: number }>(q)?.n ?? 0;
  return {
    timelineTexts: n(sql`select count(*) as n from case_events where case_id = ${caseId} and body is not null`),
    documents: n(sql`select count(*) as n from documents where case_id = ${caseId} and anonymised_at is null`),
    referrals: n(sql`select count(*) as n from referrals where case_id = ${caseId}`),
    transfers: n(sql`select count(*) as n from transfers where case_id = ${caseId}`),
  };
}

/** The person's cases whose content is still there (not anonymised), besides `except`. */
export function liveCasesOfPerson(db: DbOrTx, personId: number, except: readonly number[] = []): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(cases)
      .where(and(eq(cases.personId, personId), isNull(cases.anonymisedAt), except.length ? sql`${cases.id} not in (${sql.join(except.map((id) => sql`${id}`), sql`, `)})` : undefined))
      .get()?.n ?? 0
  );
}

// ---- anonymising

/**
 * Removes the content of one case: free text of the case, every timeline entry's text (restricted notes too), the
 * counsellors' own deadline titles, referral reasons and requests, transfer reasons, and the stored documents' PDFs
 * and snapshots. Keeps the skeleton the reports count. The caller refreshes the search row afterwards.
 */
export function anonymiseCaseContent(db: Tx, caseId: number, reason: AnonymisationReason, now: number) {
  db.update(cases)
    .set({ summary: '', outcomeNote: null, jurisdictionRegion: null, employmentStart: null, employmentEnd: null, anonymisedAt: now, anonymisedFor: reason, version: nextVersion(cases.version) })
    .where(eq(cases.id, caseId))
    .run();
  // Structured detail stays (statuses, ids, dates, field names); a deadline's title may be the counsellor's own words.
  db.update(caseEvents)
    .set({ body: null, data: sql`case when json_type(${caseEvents.data}, '$.title') is not null then json_remove(${caseEvents.data}, '$.title') else ${caseEvents.data} end` })
    .where(eq(caseEvents.caseId, caseId))
    .run();
  db.update(deadlines)
    .set({
      title: sql`case when ${deadlines.source} in ('manual', 'contract') then '' else ${deadlines.title} end`,
      sourceCitation: sql`case when ${deadlines.source} = 'contract' then null else ${deadlines.sourceCitation} end`,
      editReason: null,
      version: nextVersion(deadlines.version),
    })
    .where(eq(deadlines.caseId, caseId))
    .run();
  db.update(referrals).set({ reason: '', request: '', version: nextVersion(referrals.version) }).where(eq(referrals.caseId, caseId)).run();
  db.update(transfers).set({ reason: '', decisionNote: null }).where(eq(transfers.caseId, caseId)).run();
  // Why the worker left a collective case is their own story (issue 15); the membership's dates stay.
  db.update(collectiveMembers).set({ leftReason: null }).where(eq(collectiveMembers.caseId, caseId)).run();
  // The only update a document allows (the trigger of drizzle/0009): its content removed, the record of it kept.
  db.update(documents)
    .set({ pdf: Buffer.alloc(0), snapshot: {}, anonymisedAt: now })
    .where(and(eq(documents.caseId, caseId), isNull(documents.anonymisedAt)))
    .run();
}

/** The person's fields that identify or describe them, and what each becomes; nationality stays for the statistics. */
export const anonymousPerson = {
  name: null,
  alias: null,
  phone: null,
  phoneDigits: null,
  messagingHandle: null,
  gender: null,
  birthYear: null,
  birthDate: null,
  immigrationStatus: 'unknown',
  visaType: null,
  visaExpiry: null,
  unionName: null,
  unionNumber: null,
  unionSince: null,
  safetyFlags: [],
  safetyNote: null,
  interpreterNeeded: false,
  // BCP 47 "undetermined".
  preferredLanguage: 'und',
  languages: [],
} as const;

export function anonymisePersonRecord(db: Tx, personId: number, reason: AnonymisationReason, now: number) {
  db.update(people)
    .set({ ...anonymousPerson, safetyFlags: [], languages: [], anonymisedAt: now, anonymisedFor: reason, updatedAt: now, version: nextVersion(people.version) })
    .where(eq(people.id, personId))
    .run();
  // The consent history stays (what was agreed, when, by whom: the reports follow it); its free-text notes go.
  db.update(consents).set({ note: null }).where(eq(consents.personId, personId)).run();
}

// ---- legal hold

export function setLegalHold(db: Tx, caseId: number, hold: { since: number; by: string; reason: string } | null, expectedVersion: number) {
  return db
    .update(cases)
    .set({ legalHoldSince: hold?.since ?? null, legalHoldBy: hold?.by ?? null, legalHoldReason: hold?.reason ?? null, version: nextVersion(cases.version) })
    .where(atVersion(eq(cases.id, caseId), cases.version, expectedVersion))
    .returning()
    .get();
}

/** The cases of a person that are on legal hold (an erasure is refused while there is one). */
export function heldCasesOfPerson(db: DbOrTx, personId: number) {
  return db
    .select({ id: cases.id, reference: cases.reference })
    .from(cases)
    .where(and(eq(cases.personId, personId), sql`${cases.legalHoldSince} is not null`))
    .orderBy(asc(cases.id))
    .all();
}

export function casesOfPersonForErasure(db: DbOrTx, personId: number) {
  return db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, contactPointId: cases.contactPointId, anonymisedAt: cases.anonymisedAt })
    .from(cases)
    .where(eq(cases.personId, personId))
    .orderBy(asc(cases.id))
    .all();
}

/** Closes a case that was still open when its person's data was erased: nothing more can be done on it. */
export function closeForErasure(db: Tx, caseId: number, now: number) {
  db.update(cases).set({ status: 'closed', closedAt: now, version: nextVersion(cases.version) }).where(and(eq(cases.id, caseId), ne(cases.status, 'closed'))).run();
}

/** Partners that received something about the person (referrals sent): they must be told of the erasure (GDPR art. 19). */
export function partnersInformed(db: DbOrTx, personId: number) {
  return db.all<{ partner: string; reference: string; sentAt: number }>(sql`
    select pa.name as partner, c.reference as reference, r.sent_at as sentAt
    from referrals r join cases c on c.id = r.case_id join partners pa on pa.id = r.partner_id
    where c.person_id = ${personId} and r.sent_at is not null
    order by r.sent_at
  `);
}

export function insertErasure(db: Tx, values: typeof erasures.$inferInsert) {
  return db.insert(erasures).values(values).returning().get();
}

export function erasureOf(db: DbOrTx, personId: number) {
  return db
    .select({ erasedAt: erasures.erasedAt, reason: erasures.reason, caseCount: erasures.caseCount, erasedBy: users.displayName })
    .from(erasures)
    .leftJoin(users, eq(users.id, erasures.erasedBy))
    .where(eq(erasures.personId, personId))
    .orderBy(desc(erasures.id))
    .get();
}

// ---- runs

export function insertRun(db: Tx, values: typeof retentionRuns.$inferInsert) {
  db.insert(retentionRuns).values(values).run();
}

/** The latest runs, newest first. */
export function recentRuns(db: DbOrTx, limit: number) {
  return db.select().from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(limit).all();
}

export function anonymisedCaseCount(db: DbOrTx): number {
  return db.select({ n: sql<number>`count(*)` }).from(cases).where(sql`${cases.anonymisedAt} is not null`).get()?.n ?? 0;
}
