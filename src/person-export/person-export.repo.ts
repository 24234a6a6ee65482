/** Everything held about one person and their cases, read for their data export (GDPR art. 15). */
import { aliasedTable, and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { auditLog } from '../audit/audit.table.js';
import { caseEvents, caseParties, cases } from '../cases/cases.table.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import type { DbOrTx } from '../db/client.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { documents } from '../documents/documents.table.js';
import { parties } from '../parties/parties.table.js';
import { partners } from '../partners/partners.table.js';
import { referrals } from '../referrals/referrals.table.js';
import { transfers } from '../transfers/transfers.table.js';
import { users } from '../users/users.table.js';

export function casesOfPerson(db: DbOrTx, personId: number) {
  return db
    .select({ kase: cases, assignedName: users.displayName })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(eq(cases.personId, personId))
    .orderBy(asc(cases.openedAt), asc(cases.id))
    .all();
}

export function eventsOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ event: caseEvents, authorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.userId))
    .where(inArray(caseEvents.caseId, [...caseIds]))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .all()
    .map((r) => ({ ...r.event, authorName: r.authorName }));
}

export function deadlinesOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db.select().from(deadlines).where(inArray(deadlines.caseId, [...caseIds])).orderBy(asc(deadlines.dueDate), asc(deadlines.id)).all();
}

/** The documents with their PDFs: the export holds the letters themselves. */
export function documentsOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ doc: documents, createdByName: users.displayName })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.createdBy))
    .where(inArray(documents.caseId, [...caseIds]))
    .orderBy(asc(documents.createdAt), asc(documents.id))
    .all()
    .map((r) => ({ ...r.doc, createdByName: r.createdByName }));
}

const sender = aliasedTable(users, 'sender');

export function referralsOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ referral: referrals, partnerName: partners.name, partnerKind: partners.kind, partnerCountry: partners.country, sentByName: sender.displayName })
    .from(referrals)
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .leftJoin(sender, eq(sender.id, referrals.sentBy))
    .where(inArray(referrals.caseId, [...caseIds]))
    .orderBy(asc(referrals.createdAt), asc(referrals.id))
    .all()
    .map((r) => ({ ...r.referral, partnerName: r.partnerName, partnerKind: r.partnerKind, partnerCountry: r.partnerCountry, sentByName: r.sentByName }));
}

const fromCp = aliasedTable(contactPoints, 'from_cp');
const toCp = aliasedTable(contactPoints, 'to_cp');

export function transfersOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ transfer: transfers, fromName: fromCp.name, toName: toCp.name })
    .from(transfers)
    .innerJoin(fromCp, eq(fromCp.id, transfers.fromContactPointId))
    .innerJoin(toCp, eq(toCp.id, transfers.toContactPointId))
    .where(inArray(transfers.caseId, [...caseIds]))
    .orderBy(asc(transfers.proposedAt))
    .all()
    .map((r) => ({ ...r.transfer, fromName: r.fromName, toName: r.toName }));
}

export function partiesOfCases(db: DbOrTx, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ caseId: caseParties.caseId, name: parties.name, kind: parties.kind, role: caseParties.role })
    .from(caseParties)
    .innerJoin(parties, eq(parties.id, caseParties.partyId))
    .where(inArray(caseParties.caseId, [...caseIds]))
    .orderBy(asc(parties.name))
    .all();
}

/**
 * Who opened, changed or exported the person's record, their cases, letters, referrals and the files shared with partners: the audit entries about
 * them, oldest first, with the user's name (staff; the person has a right to know who processed their data).
 */
export function auditAbout(db: DbOrTx, targets: { personId: number; caseIds: readonly number[]; documentIds: readonly number[]; referralIds: readonly number[]; partnerLinkIds?: readonly number[] }) {
  const of = (type: string, ids: readonly number[]): SQL | undefined => (ids.length ? and(eq(auditLog.targetType, type), inArray(auditLog.targetId, ids.map(String))) : undefined);
  return db
    .select({ at: auditLog.at, action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, fields: auditLog.fields, userName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(or(of('person', [targets.personId]), of('case', targets.caseIds), of('document', targets.documentIds), of('referral', targets.referralIds), of('partner_link', targets.partnerLinkIds ?? [])))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .all();
}

export function contactPointOf(db: DbOrTx, id: number) {
  return db.select().from(contactPoints).where(eq(contactPoints.id, id)).get();
}

