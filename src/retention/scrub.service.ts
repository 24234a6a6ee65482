import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import * as scrub from './scrub.repo.js';

/** Zeros written per write unit: about a thousand pages, a few milliseconds of work, then other requests get in. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export type ScrubResult = { walScrubbed: boolean; walBytes: number };

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

const running = new WeakMap<object, Promise<unknown>>();

/**
 * Makes what was just anonymised or erased unreadable in the database's files: the index samples, then the
 * write-ahead log (scrub.repo.ts). Never truncates the log (Litestream): a RESTART checkpoint copies every page
 * into the database and lets the next write start the log again from its beginning; zeros are then written over
 * its whole length, chunk by chunk, and checkpointed. While another reader holds the log (Litestream does, between
 * its own checkpoints; a long export may) the checkpoint cannot restart it: the log is then left to be overwritten
 * by later writes, and the result says so. Runs one at a time per database.
 */
export function scrubFreedData(db: Db, log?: Log): Promise<ScrubResult> {
  const previous = running.get(db.$client) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => scrubNow(db, log));
  running.set(db.$client, next);
  return next;
}

async function scrubNow(db: Db, log?: Log): Promise<ScrubResult> {
  await write(db, (tx) => scrub.dropIndexSamples(tx));
  const first = scrub.walCheckpoint(db, 'RESTART');
  const walBytes = scrub.walFileSize(db);
  if (first.busy) {
    log?.warn({ walBytes }, 'the write-ahead log is in use by another reader: erased values stay in it until later writes overwrite it');
    return { walScrubbed: false, walBytes };
  }
  if (walBytes === 0) return { walScrubbed: true, walBytes };
  const pages = scrub.autoCheckpoint(db);
  scrub.setAutoCheckpoint(db, 0);
  try {
    for (let written = 0; written < walBytes + CHUNK_BYTES; written += CHUNK_BYTES) {
      await write(db, (tx) => scrub.fillScrub(tx, CHUNK_BYTES));
      await nextTurn();
    }
    await write(db, (tx) => scrub.emptyScrub(tx));
  } finally {
    scrub.setAutoCheckpoint(db, pages);
  }
  scrub.walCheckpoint(db, 'PASSIVE');
  log?.info({ walBytes }, 'write-ahead log overwritten after anonymising');
  return { walScrubbed: true, walBytes };
}
