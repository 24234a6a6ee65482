import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog } from '../audit/audit.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { partnerLinks, type PartnerLink } from './partner-links.table.js';

export function insertLink(db: Tx, values: typeof partnerLinks.$inferInsert): PartnerLink {
  return db.insert(partnerLinks).values(values).returning().get();
}

export function findLinkByHash(db: DbOrTx, tokenHash: string): PartnerLink | undefined {
  return db.select().from(partnerLinks).where(eq(partnerLinks.tokenHash, tokenHash)).get();
}

export function findLink(db: DbOrTx, id: number): PartnerLink | undefined {
  return Number.isSafeInteger(id) ? db.select().from(partnerLinks).where(eq(partnerLinks.id, id)).get() : undefined;
}

/** Revokes a link that is not revoked yet; false when it already was. */
export function revokeLink(db: Tx, id: number, by: string, now: number): boolean {
  return db.update(partnerLinks).set({ revokedAt: now, revokedBy: by }).where(and(eq(partnerLinks.id, id), sql`${partnerLinks.revokedAt} is null`)).run().changes === 1;
}

/** The links of a referral, newest first, with who made them. */
export function linksOfReferral(db: DbOrTx, referralId: number) {
  return db
    .select({ link: partnerLinks, createdByName: users.displayName })
    .from(partnerLinks)
    .leftJoin(users, eq(users.id, partnerLinks.createdBy))
    .where(eq(partnerLinks.referralId, referralId))
    .orderBy(desc(partnerLinks.createdAt), desc(partnerLinks.id))
    .all()
    .map((r) => ({ ...r.link, createdByName: r.createdByName }));
}

/** The links made for these cases (the person's data export), oldest first. */
export function linksOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db.select().from(partnerLinks).where(inArray(partnerLinks.caseId, [...caseIds])).orderBy(partnerLinks.createdAt, partnerLinks.id).all();
}

/** How many files were downloaded through each link: its `export` audit entries. */
export function downloadCounts(db: DbOrTx, linkIds: readonly number[]): Map<number, number> {
  if (!linkIds.length) return new Map();
  const rows = db
    .select({ id: auditLog.targetId, n: sql<number>`count(*)` })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'partner_link'), inArray(auditLog.targetId, linkIds.map(String)), eq(auditLog.action, 'export')))
    .groupBy(auditLog.targetId)
    .all();
  return new Map(rows.map((r) => [Number(r.id), r.n]));
}

/** Every link of a case goes when the case is anonymised (retention or erasure): the partner's way in, and its record. */
export function deleteLinksOfCase(db: Tx, caseId: number): number {
  return db.delete(partnerLinks).where(eq(partnerLinks.caseId, caseId)).run().changes;
}
