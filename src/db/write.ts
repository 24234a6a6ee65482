/**
 * The one way the app writes (DESIGN §4: a held lock or a full disk never freezes the server).
 *
 * better-sqlite3 is synchronous: SQLite's own busy wait (busy_timeout) would stop the whole server while another
 * process holds the write lock. So the connection never waits (busy_timeout = 0, client.ts), and a write unit that
 * finds the lock taken waits here, on a timer, and tries again. Trying again is safe: a unit is one IMMEDIATE
 * transaction, which takes the lock in BEGIN, before the unit's first statement runs — a refused unit has run nothing.
 * A full disk (SQLITE_FULL) fails at once: the transaction is rolled back, so nothing of the unit was saved.
 *
 * Three ways in, one per kind of write:
 * - write(): a change the user asked for — waits a few seconds for the lock, then 503 (nothing saved).
 * - writeWhenFree(): a record a read leaves behind (the audit entry of a view) — never delays the read; when the
 *   database is busy or full it is kept in memory, in order, and written as soon as the database takes writes again.
 * - writeIfFree(): bookkeeping that may be skipped (a session's last-seen time) — one try, no wait.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { systemClock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { Db, Tx } from './client.js';

export type WriteFault = 'busy' | 'full';
export type WriteKind = 'save' | 'signIn';
type Unit = (tx: Tx) => void;
type Log = { error(obj: object, msg: string): void; info(obj: object, msg: string): void };

/** How long a write waits for the lock before it gives up with a 503; a sign-in waits longer rather than fail. */
const PATIENCE_MS: Record<WriteKind, number> = { save: 5_000, signIn: 20_000 };
/** Retry delays grow to this; short enough that a write gets in soon after the lock frees. */
export const MAX_RETRY_DELAY_MS = 100;
/** Queued records are written in transactions of at most this many, so a long backlog never holds the event loop. */
const FLUSH_CHUNK = 200;
/** Beyond this many queued records the newest are dropped (and counted in the log): memory is not unlimited. */
const QUEUE_LIMIT = 20_000;
/** A failing database is logged once per this interval, not once per request. */
const LOG_INTERVAL_MS = 60_000;

type State = {
  log: Log | null;
  now: () => number;
  patienceMs: Record<WriteKind, number>;
  trouble: { fault: WriteFault; since: number; loggedAt: number; unlogged: number } | null;
  queue: Unit[];
  dropped: number;
  flushTimer: NodeJS.Timeout | null;
  flushDelayMs: number;
  flushing: boolean;
  /** writeBatch is running: write units become savepoints of its transaction. */
  batch: boolean;
};

const states = new WeakMap<Database.Database, State>();

function stateOf(db: Db): State {
  let s = states.get(db.$client);
  if (!s) {
    s = { log: null, now: systemClock.now, patienceMs: { ...PATIENCE_MS }, trouble: null, queue: [], dropped: 0, flushTimer: null, flushDelayMs: 0, flushing: false, batch: false };
    states.set(db.$client, s);
  }
  return s;
}

/** The code of an error of SQLite, also when drizzle wrapped it (db.run of raw SQL throws a DrizzleError with it as cause). */
function sqliteCodeOf(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return null;
}

/** The fault behind an error of SQLite that waiting or freeing space can cure; null for any other error. */
export function writeFaultOf(error: unknown): WriteFault | null {
  const code = sqliteCodeOf(error);
  if (code?.startsWith('SQLITE_BUSY')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  return null;
}

export const writeUnavailable = (fault: WriteFault, kind: WriteKind = 'save') =>
  new AppError(503, kind === 'signIn' ? `errors.signInUnavailable.${fault}` : `errors.writeUnavailable.${fault}`);

type Attempt<T> = { ok: true; value: T } | { ok: false; fault: WriteFault };

function attempt<T>(db: Db, unit: (tx: Tx) => T): Attempt<T> {
  // Inside another transaction this would become a savepoint of it, which neither waits nor commits on its own.
  if (db.$client.inTransaction && !stateOf(db).batch) throw new Error('a write unit cannot run inside another transaction');
  try {
    return { ok: true, value: db.transaction(unit, { behavior: 'immediate' }) };
  } catch (error) {
    const fault = writeFaultOf(error);
    if (!fault) throw error;
    return { ok: false, fault };
  }
}

const delayFor = (attemptNo: number) => {
  const base = Math.min(MAX_RETRY_DELAY_MS, 5 * 2 ** attemptNo);
  // Jitter, so that several waiting writers do not try in lockstep.
  return base / 2 + Math.random() * (base / 2);
};

/**
 * Runs one write unit (synchronous, one IMMEDIATE transaction) and resolves with its result. While another process
 * holds the lock it waits without blocking the server; after `kind`'s patience, or at once on a full disk, it
 * rejects with a 503 AppError — and then nothing of the unit was saved.
 */
export async function write<T>(db: Db, unit: (tx: Tx) => T, opts: { kind?: WriteKind } = {}): Promise<T> {
  const s = stateOf(db);
  const kind = opts.kind ?? 'save';
  // Monotonic time for the wait: the business clock may be a test's fixed clock.
  const giveUpAt = performance.now() + s.patienceMs[kind];
  for (let n = 0; ; n += 1) {
    const result = attempt(db, unit);
    if (result.ok) {
      recovered(s);
      // The database takes writes again: what reads left queued goes now, not at the end of its backoff.
      if (s.queue.length && !s.flushing) {
        if (s.flushTimer) clearTimeout(s.flushTimer);
        s.flushTimer = null;
        scheduleFlush(db, s, 0);
      }
      return result.value;
    }
    if (result.fault === 'full' || performance.now() >= giveUpAt) {
      failing(s, result.fault);
      throw writeUnavailable(result.fault, kind);
    }
    await sleep(delayFor(n));
  }
}

/**
 * Runs `fill` inside one IMMEDIATE transaction (taken without blocking, as write() does), in which every write unit
 * becomes a savepoint: one write to disk for a whole seeding, all or nothing. Only for a database that serves no
 * requests yet (the demo seed): a request's reads and writes would run inside the open transaction.
 */
export async function writeBatch(db: Db, fill: () => Promise<void>): Promise<void> {
  const s = stateOf(db);
  const giveUpAt = performance.now() + s.patienceMs.save;
  for (let n = 0; ; n += 1) {
    try {
      db.$client.exec('BEGIN IMMEDIATE');
      break;
    } catch (error) {
      const fault = writeFaultOf(error);
      if (!fault) throw error;
      if (fault === 'full' || performance.now() >= giveUpAt) throw writeUnavailable(fault);
      await sleep(delayFor(n));
    }
  }
  s.batch = true;
  try {
    await fill();
    db.$client.exec('COMMIT');
  } catch (error) {
    if (db.$client.inTransaction) db.$client.exec('ROLLBACK');
    throw error;
  } finally {
    s.batch = false;
  }
}

/** One try without waiting; false when the database is busy or full (the unit then did nothing). */
export function writeIfFree(db: Db, unit: Unit): boolean {
  return attempt(db, unit).ok;
}

/**
 * Writes the unit now if the database takes it, else keeps it and writes it when it does (in the order given).
 * The unit must not depend on when it runs: capture times and ids before calling. Kept units live in memory until
 * written, so a kill -9 while the database is unavailable loses them — the price of reads that keep answering.
 */
export function writeWhenFree(db: Db, unit: Unit): void {
  const s = stateOf(db);
  // Inside a write unit it waits for the unit to end (and survives the unit's rollback: a refusal stays on record).
  if (s.queue.length === 0 && !db.$client.inTransaction) {
    const result = attempt(db, unit);
    if (result.ok) return recovered(s);
    if (result.fault === 'full') failing(s, 'full');
  }
  if (s.queue.length >= QUEUE_LIMIT) {
    if (s.dropped++ === 0) s.log?.error({ queued: s.queue.length }, 'queued database writes dropped: the queue is full');
    return;
  }
  s.queue.push(unit);
  scheduleFlush(db, s, 20);
}

function scheduleFlush(db: Db, s: State, delayMs: number) {
  if (s.flushTimer || s.flushing) return;
  s.flushTimer = setTimeout(() => {
    s.flushTimer = null;
    void flushQueue(db, s).catch((error: unknown) => s.log?.error({ err: error }, 'queued database writes could not be written'));
  }, delayMs);
  s.flushTimer.unref();
}

/** Writes what is queued, chunk by chunk; true when the queue is empty. */
async function flushQueue(db: Db, s: State): Promise<boolean> {
  if (s.flushing) return false;
  s.flushing = true;
  try {
    while (s.queue.length) {
      const chunk = s.queue.slice(0, FLUSH_CHUNK);
      let written: { consumed: number; fault: WriteFault | null };
      try {
        const result = attempt(db, (tx) => chunk.forEach((unit) => unit(tx)));
        written = result.ok ? { consumed: chunk.length, fault: null } : { consumed: 0, fault: result.fault };
      } catch {
        // A unit of the chunk is broken (not a fault of the database): write the others one by one.
        written = writeOneByOne(db, s, chunk);
      }
      s.queue.splice(0, written.consumed);
      if (written.fault) {
        if (written.fault === 'full') failing(s, 'full');
        s.flushDelayMs = Math.min(2_000, Math.max(50, s.flushDelayMs * 2));
        s.flushing = false;
        scheduleFlush(db, s, s.flushDelayMs);
        return false;
      }
      s.flushDelayMs = 0;
      recovered(s);
      // Bounded chunks: other requests run between them.
      await nextTurn();
    }
    if (s.dropped) {
      s.log?.error({ dropped: s.dropped }, 'queued database writes dropped: the queue was full');
      s.dropped = 0;
    }
    return true;
  } finally {
    s.flushing = false;
  }
}

/** Writes the units one by one, dropping (and logging) any that fails by itself; stops at a fault of the database. */
function writeOneByOne(db: Db, s: State, chunk: readonly Unit[]): { consumed: number; fault: WriteFault | null } {
  for (const [i, unit] of chunk.entries()) {
    try {
      const result = attempt(db, unit);
      if (!result.ok) return { consumed: i, fault: result.fault };
    } catch (error) {
      // Only the code: the message of an error of SQLite can quote what was written.
      s.log?.error({ code: sqliteCodeOf(error) }, 'a queued database write failed and was dropped');
    }
  }
  return { consumed: chunk.length, fault: null };
}

function failing(s: State, fault: WriteFault) {
  const now = s.now();
  const t = s.trouble;
  if (!t) {
    s.trouble = { fault, since: now, loggedAt: now, unlogged: 0 };
    s.log?.error({ fault, since: new Date(now).toISOString() }, logMessage[fault]);
    return;
  }
  t.unlogged += 1;
  if (t.fault !== fault || now - t.loggedAt >= LOG_INTERVAL_MS) {
    s.log?.error({ fault, since: new Date(t.since).toISOString(), failures: t.unlogged }, logMessage[fault]);
    t.fault = fault;
    t.loggedAt = now;
    t.unlogged = 0;
  }
}

function recovered(s: State) {
  if (!s.trouble) return;
  s.log?.info({ fault: s.trouble.fault, since: new Date(s.trouble.since).toISOString() }, 'database writes work again');
  s.trouble = null;
}

const logMessage: Record<WriteFault, string> = {
  busy: 'database writes failing: the database is locked by another process',
  full: 'database writes failing: disk full',
};

/** Since when, and why, writes fail; null while they work. Cleared by the next write that succeeds. */
export function writeTrouble(db: Db): { fault: WriteFault; since: number } | null {
  const t = stateOf(db).trouble;
  return t ? { fault: t.fault, since: t.since } : null;
}

/** How many records wait in memory to be written. */
export const queuedWrites = (db: Db) => stateOf(db).queue.length;

/**
 * Connects the app to this database's writes: where failures are logged, and the clock of "since".
 * `close` writes what is still queued (waiting up to `patienceMs`) and logs what could not be.
 */
export function watchWrites(db: Db, opts: { log: Log; now?: () => number; patienceMs?: Partial<Record<WriteKind, number>> }) {
  const s = stateOf(db);
  s.log = opts.log;
  if (opts.now) s.now = opts.now;
  Object.assign(s.patienceMs, opts.patienceMs);
  return {
    async close(patienceMs = 5_000) {
      if (s.flushTimer) clearTimeout(s.flushTimer);
      s.flushTimer = null;
      const giveUpAt = performance.now() + patienceMs;
      for (let n = 0; s.queue.length; n += 1) {
        if (await flushQueue(db, s)) break;
        if (s.flushTimer) clearTimeout(s.flushTimer);
        s.flushTimer = null;
        if (performance.now() >= giveUpAt) break;
        await sleep(delayFor(n));
      }
      if (s.queue.length) s.log?.error({ lost: s.queue.length }, 'queued database writes lost at shutdown: the database did not take them');
      if (s.dropped) s.log?.error({ dropped: s.dropped }, 'queued database writes dropped: the queue was full');
      s.queue = [];
      s.dropped = 0;
    },
  };
}
