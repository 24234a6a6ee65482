/**
 * The server's own backups (BACKUP_DIR, BACKUP_EVERY): taken on the app's connection, so the server's writes during
 * the copy do not restart it (snapshot.ts). The timer only asks "is one due?" once a minute; `tick(now)` answers on
 * the app's clock, which is how tests drive it without waiting hours.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { lastSuccessfulBackup, recentBackupRuns } from './backup.repo.js';
import type { BackupRun } from './backup.table.js';
import { backupErrorOf, recordBackup, takeBackup, type BackupResult, type FailureReason } from './backup.service.js';

type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void; warn(obj: object, msg: string): void };

/** How often the timer looks whether a backup is due. */
export const CHECK_EVERY_MS = 60_000;
/** After a failure, the next try waits this long (or one interval, when that is shorter). */
export const RETRY_AFTER_MS = 15 * 60_000;

export type BackupStatus = {
  schedule: { everyMs: number; dir: string; keep: number; encrypted: boolean } | null;
  lastSuccess: BackupRun | null;
  /** The latest attempt, when it failed (after the last success). */
  lastFailure: { at: number; reason: FailureReason; detail: string | null } | null;
  running: boolean;
  /** Scheduled, and no backup yet, or the last one is older than two intervals. */
  stale: 'never' | 'old' | null;
};

export type Backups = ReturnType<typeof createBackups>;

export function createBackups(db: Db, config: Config, opts: { clock: Clock; log: Log }) {
  const { backup } = config;
  const everyMs = backup.dir ? backup.everyMs : undefined;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupResult | null> | null = null;
  let abort: AbortController | null = null;
  /** A failure that could not be recorded in the database (a full disk fails both). */
  let unrecorded: { at: number; reason: FailureReason; detail: string | null } | null = null;

  function lastFailure(lastOk: BackupRun | undefined) {
    const [latest] = recentBackupRuns(db, 1);
    const recorded = latest && !latest.ok ? { at: latest.startedAt, reason: (latest.reason ?? 'failed') as FailureReason, detail: latest.detail } : null;
    const candidates = [recorded, unrecorded].filter((f) => f && (!lastOk || f.at >= lastOk.startedAt)) as NonNullable<typeof recorded>[];
    return candidates.sort((a, b) => b.at - a.at)[0] ?? null;
  }

  function due(now: number): boolean {
    if (!everyMs) return false;
    const ok = lastSuccessfulBackup(db);
    if (ok && now - ok.startedAt < everyMs) return false;
    const failed = lastFailure(ok);
    return !(failed && now - failed.at < Math.min(everyMs, RETRY_AFTER_MS));
  }

  async function run(now: number): Promise<BackupResult | null> {
    abort = new AbortController();
    const started = performance.now();
    try {
      const result = await takeBackup({
        db,
        databasePath: config.databasePath,
        dataDir: config.dataDir,
        outDir: backup.dir!,
        key: backup.key,
        keep: backup.keep,
        now,
        wholeAtOnce: false,
        signal: abort.signal,
      });
      opts.log.info(
        { file: result.fileName, bytes: result.bytes, rows: result.rows, tables: result.tables, encrypted: result.encrypted, restarts: result.copy.restarts, removed: result.removed.length, ms: Math.round(result.ms.total) },
        'backup taken',
      );
      await recordBackup(db, { startedAt: now, finishedAt: opts.clock.now(), trigger: 'schedule' }, { ok: true, result }).catch((error: unknown) =>
        opts.log.warn({ code: backupErrorOf(error).detail }, 'backup taken, but not recorded in the database'),
      );
      unrecorded = null;
      return result;
    } catch (error) {
      const failure = backupErrorOf(error);
      if (failure.reason === 'interrupted') {
        opts.log.warn({ ms: Math.round(performance.now() - started) }, 'backup interrupted: the server is stopping');
        return null;
      }
      // The reason and an error code only: an error's message may quote a path or, from SQLite, a value.
      opts.log.error({ reason: failure.reason, code: failure.detail }, 'backup failed');
      unrecorded = { at: now, reason: failure.reason, detail: failure.detail ?? null };
      await recordBackup(db, { startedAt: now, finishedAt: opts.clock.now(), trigger: 'schedule' }, { ok: false, error: failure }).catch(() => {});
      return null;
    } finally {
      abort = null;
    }
  }

  return {
    /** Starts the timer (a running server only: tests call tick). */
    start() {
      if (!everyMs || timer) return;
      timer = setInterval(() => void this.tick(opts.clock.now()), CHECK_EVERY_MS);
      timer.unref();
      opts.log.info({ dir: backup.dir, every: `${everyMs / 60_000}m`, keep: backup.keep, encrypted: !!backup.key }, 'scheduled backups on');
    },

    /** Takes a backup when one is due at `now`; resolves with it, or null when none was due (or it failed). */
    async tick(now: number): Promise<BackupResult | null> {
      if (running || !due(now)) return null;
      running = run(now);
      try {
        return await running;
      } finally {
        running = null;
      }
    },

    /** Stops the timer, and a backup under way (its partial files are removed). */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      abort?.abort();
      await running?.catch(() => null);
    },

    status(now: number): BackupStatus {
      const lastOk = lastSuccessfulBackup(db) ?? null;
      const stale = !everyMs ? null : !lastOk ? 'never' : now - lastOk.startedAt > 2 * everyMs ? 'old' : null;
      return {
        schedule: everyMs && backup.dir ? { everyMs, dir: backup.dir, keep: backup.keep, encrypted: !!backup.key } : null,
        lastSuccess: lastOk,
        lastFailure: lastFailure(lastOk ?? undefined),
        running: running !== null,
        stale,
      };
    },
  };
}
