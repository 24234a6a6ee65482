import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { auditLog, type AuditAction } from './audit.table.js';

export type AuditEntry = {
  userId: string | null;
  action: AuditAction;
  targetType: string;
  targetId?: string | number | null;
  contactPointId?: number | null;
  fields?: string[] | null;
  clientAddress?: string | null;
  /** An update of a versioned record: its version after the change. */
  version?: number | null;
};

export function recordAudit(db: Tx, entry: AuditEntry, at: number): void {
  db.insert(auditLog)
    .values({
      at,
      userId: entry.userId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId == null ? null : String(entry.targetId),
      contactPointId: entry.contactPointId ?? null,
      fields: entry.fields ?? null,
      clientAddress: entry.clientAddress ?? null,
      targetVersion: entry.version ?? null,
    })
    .run();
}

export function listAuditFor(db: DbOrTx, targetType: string, targetId: string, limit = 100) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

export type RecordChange = { at: number; by: string | null; fields: string[] };

/** The updates of a record after its version `version`, oldest first, with who made each: what a stale form missed. */
export function changesSince(db: DbOrTx, targetType: string, targetId: string, version: number, limit = 50): RecordChange[] {
  return db
    .select({ at: auditLog.at, by: users.displayName, fields: auditLog.fields })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId), eq(auditLog.action, 'update'), gt(auditLog.targetVersion, version)))
    .orderBy(asc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ at: r.at, by: r.by, fields: r.fields ?? [] }));
}
