import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const backupTriggers = ['schedule', 'command'] as const;

/**
 * One row per backup attempt, for the administrator's Backups page. Written after the copy was taken, so an archive
 * never holds its own row. Holds no personal data: a failure is a reason code and an error code, never a message.
 */
export const backupRuns = sqliteTable(
  'backup_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The moment of the copy (the archive's name carries it). */
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    trigger: text('trigger', { enum: backupTriggers }).notNull(),
    fileName: text('file_name'),
    byteSize: integer('byte_size'),
    rowCount: integer('row_count'),
    tableCount: integer('table_count'),
    encrypted: integer('encrypted', { mode: 'boolean' }).notNull().default(false),
    /** Why it failed: a key of backups.reason.* (diskFull, notWritable, integrity …). */
    reason: text('reason'),
    /** The error code behind it (ENOSPC, SQLITE_CORRUPT …), never its message. */
    detail: text('detail'),
  },
  (t) => [index('backup_runs_started').on(t.startedAt)],
);

export type BackupRun = typeof backupRuns.$inferSelect;
export type NewBackupRun = typeof backupRuns.$inferInsert;
