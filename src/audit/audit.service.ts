import type { Db } from '../db/client.js';
import { writeWhenFree } from '../db/write.js';
import { recordAudit, type AuditEntry } from './audit.repo.js';

/**
 * The audit entries a read leaves behind (a view, a download, a refusal), in one transaction. The page never waits
 * for them: while another process holds the lock or the disk is full they are kept and written when the database
 * takes writes again, with the time of the read (write.ts, writeWhenFree).
 */
export function auditSoon(db: Db, entries: AuditEntry | readonly AuditEntry[], at: number): void {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  writeWhenFree(db, (tx) => {
    for (const entry of list) recordAudit(tx, entry, at);
  });
}
