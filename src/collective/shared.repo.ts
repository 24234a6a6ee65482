import { and, asc, desc, eq, inArray, isNull, sql, sum } from 'drizzle-orm';
import { caseTypeLinks, cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { atVersion, nextVersion } from '../db/versions.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { heldFileColumns } from '../evidence/evidence.repo.js';
import { evidenceFiles } from '../evidence/evidence.table.js';
import { users } from '../users/users.table.js';
import { collectiveMembers, collectives } from './collective.table.js';
import { collectiveDeadlineLinks, collectiveDeadlines, collectiveFiles } from './shared.table.js';

// ——— Shared files ———

const fileColumns = { ...heldFileColumns, collectiveId: collectiveFiles.collectiveId };

export function linkFilesToGroup(tx: Tx, collectiveId: number, evidenceIds: readonly number[]): void {
  if (evidenceIds.length) tx.insert(collectiveFiles).values(evidenceIds.map((evidenceId) => ({ evidenceId, collectiveId }))).run();
}

/** A group's files still held, newest first. */
export function filesOfGroup(db: DbOrTx, collectiveId: number) {
  return db
    .select(fileColumns)
    .from(collectiveFiles)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, collectiveFiles.evidenceId))
    .leftJoin(users, eq(users.id, evidenceFiles.addedBy))
    .where(and(eq(collectiveFiles.collectiveId, collectiveId), isNull(evidenceFiles.deletedAt)))
    .orderBy(desc(evidenceFiles.addedAt), desc(evidenceFiles.id))
    .all();
}

export type GroupFileRow = ReturnType<typeof filesOfGroup>[number];

export function findFileOfGroup(db: DbOrTx, collectiveId: number, id: number) {
  return db
    .select({ file: evidenceFiles })
    .from(collectiveFiles)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, collectiveFiles.evidenceId))
    .where(and(eq(collectiveFiles.collectiveId, collectiveId), eq(collectiveFiles.evidenceId, id), isNull(evidenceFiles.deletedAt)))
    .get()?.file;
}

/** Bytes a group holds (its limit is the case limit, EVIDENCE_MAX_CASE_MB). */
export function bytesHeldByGroup(db: DbOrTx, collectiveId: number): number {
  const row = db
    .select({ n: sum(evidenceFiles.byteSize) })
    .from(collectiveFiles)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, collectiveFiles.evidenceId))
    .where(and(eq(collectiveFiles.collectiveId, collectiveId), isNull(evidenceFiles.deletedAt)))
    .get();
  return Number(row?.n ?? 0);
}

/** The files of the group a case is in now (a case that left, or moved to another desk, shows none), with the group. */
export function groupFilesOfCase(db: DbOrTx, caseId: number) {
  return db
    .select({ ...fileColumns, reference: collectives.reference })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .innerJoin(collectiveFiles, eq(collectiveFiles.collectiveId, collectives.id))
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, collectiveFiles.evidenceId))
    .leftJoin(users, eq(users.id, evidenceFiles.addedBy))
    .where(and(eq(collectiveMembers.caseId, caseId), isNull(collectiveMembers.leftAt), isNull(evidenceFiles.deletedAt)))
    .orderBy(desc(evidenceFiles.addedAt), desc(evidenceFiles.id))
    .all();
}

// ——— Shared deadlines ———

export function insertGroupDeadline(tx: Tx, values: typeof collectiveDeadlines.$inferInsert) {
  return tx.insert(collectiveDeadlines).values(values).returning().get();
}

export function findGroupDeadline(db: DbOrTx, collectiveId: number, id: number) {
  return db
    .select()
    .from(collectiveDeadlines)
    .where(and(eq(collectiveDeadlines.collectiveId, collectiveId), eq(collectiveDeadlines.id, id)))
    .get();
}

export function updateGroupDeadline(tx: Tx, id: number, values: { triggerDate: string; updatedAt: number; updatedBy: string }, expectedVersion: number) {
  return tx
    .update(collectiveDeadlines)
    .set({ ...values, version: nextVersion(collectiveDeadlines.version) })
    .where(atVersion(eq(collectiveDeadlines.id, id), collectiveDeadlines.version, expectedVersion))
    .returning()
    .get();
}

export function groupDeadlinesOf(db: DbOrTx, collectiveId: number) {
  return db.select().from(collectiveDeadlines).where(eq(collectiveDeadlines.collectiveId, collectiveId)).orderBy(asc(collectiveDeadlines.id)).all();
}

export function insertLink(tx: Tx, values: typeof collectiveDeadlineLinks.$inferInsert) {
  tx.insert(collectiveDeadlineLinks).values(values).run();
}

/** Of these group deadlines, the case ids that already have a deadline made from each. */
export function linkedCases(db: DbOrTx, collectiveDeadlineIds: readonly number[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  if (!collectiveDeadlineIds.length) return out;
  const rows = db
    .select({ gd: collectiveDeadlineLinks.collectiveDeadlineId, caseId: collectiveDeadlineLinks.caseId })
    .from(collectiveDeadlineLinks)
    .where(inArray(collectiveDeadlineLinks.collectiveDeadlineId, [...collectiveDeadlineIds]))
    .all();
  for (const r of rows) out.set(r.gd, (out.get(r.gd) ?? new Set()).add(r.caseId));
  return out;
}

/**
 * The member deadlines of a group's deadlines, for the cases in the group now (one who left keeps theirs as their
 * own), each with the case reference and the deadline's date and status.
 */
export function memberDeadlines(db: DbOrTx, collectiveId: number) {
  return db
    .select({
      collectiveDeadlineId: collectiveDeadlineLinks.collectiveDeadlineId,
      caseId: cases.id,
      reference: cases.reference,
      deadline: deadlines,
    })
    .from(collectiveDeadlineLinks)
    .innerJoin(collectiveDeadlines, eq(collectiveDeadlines.id, collectiveDeadlineLinks.collectiveDeadlineId))
    .innerJoin(collectives, eq(collectives.id, collectiveDeadlines.collectiveId))
    .innerJoin(collectiveMembers, and(eq(collectiveMembers.caseId, collectiveDeadlineLinks.caseId), eq(collectiveMembers.collectiveId, collectives.id), isNull(collectiveMembers.leftAt)))
    .innerJoin(cases, and(eq(cases.id, collectiveDeadlineLinks.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .innerJoin(deadlines, eq(deadlines.id, collectiveDeadlineLinks.deadlineId))
    .where(eq(collectiveDeadlines.collectiveId, collectiveId))
    .orderBy(asc(cases.reference))
    .all();
}

/** Case ids in the group now (of the group's own desk). */
export function currentMemberCaseIds(db: DbOrTx, collectiveId: number): number[] {
  return db
    .select({ id: cases.id })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .where(and(eq(collectiveMembers.collectiveId, collectiveId), isNull(collectiveMembers.leftAt), isNull(cases.anonymisedAt)))
    .orderBy(asc(cases.id))
    .all()
    .map((r) => r.id);
}

/** A group deadline is open while it has no member deadline yet, or any of its member deadlines is open. */
export function openGroupDeadlines(db: DbOrTx, collectiveId: number) {
  return db
    .select()
    .from(collectiveDeadlines)
    .where(
      and(
        eq(collectiveDeadlines.collectiveId, collectiveId),
        sql`(not exists (select 1 from collective_deadline_links l where l.collective_deadline_id = ${collectiveDeadlines.id})
          or exists (select 1 from collective_deadline_links l join deadlines d on d.id = l.deadline_id where l.collective_deadline_id = ${collectiveDeadlines.id} and d.status = 'open'))`,
      ),
    )
    .orderBy(asc(collectiveDeadlines.id))
    .all();
}

/** The distinct jurisdictions and case types of the cases in the group now: which rules may apply to some member. */
export function memberScopes(db: DbOrTx, collectiveId: number) {
  return db
    .selectDistinct({ jurisdictionCountry: cases.jurisdictionCountry, jurisdictionRegion: cases.jurisdictionRegion, caseType: caseTypeLinks.caseType })
    .from(collectiveMembers)
    .innerJoin(collectives, eq(collectives.id, collectiveMembers.collectiveId))
    .innerJoin(cases, and(eq(cases.id, collectiveMembers.caseId), eq(cases.contactPointId, collectives.contactPointId)))
    .innerJoin(caseTypeLinks, eq(caseTypeLinks.caseId, cases.id))
    .where(and(eq(collectiveMembers.collectiveId, collectiveId), isNull(collectiveMembers.leftAt), isNull(cases.anonymisedAt)))
    .all();
}
