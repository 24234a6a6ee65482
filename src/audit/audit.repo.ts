import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { auditLog, type AuditAction } from './audit.table.js';

export type AuditEntry = {
  userId: string | null;
  action: AuditAction;
  targetType: string;
  targetId?: string | number | null;
  contactPointId?: number | null;
  fields?: string[] | null;
  clientAddress?: string | null;
};

export function recordAudit(db: Tx, entry: AuditEntry, at = Date.now()): void {
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
