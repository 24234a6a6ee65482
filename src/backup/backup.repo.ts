import { desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { backupRuns, type NewBackupRun } from './backup.table.js';

export function insertBackupRun(tx: Tx, run: NewBackupRun): void {
  tx.insert(backupRuns).values(run).run();
}

export function lastSuccessfulBackup(db: DbOrTx) {
  return db.select().from(backupRuns).where(eq(backupRuns.ok, true)).orderBy(desc(backupRuns.startedAt), desc(backupRuns.id)).limit(1).get();
}

export function recentBackupRuns(db: DbOrTx, limit = 10) {
  return db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt), desc(backupRuns.id)).limit(limit).all();
}
