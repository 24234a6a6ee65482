/**
 * After an erasure (or a retention run), what SQLite itself keeps of the old values must go too:
 * - free space in the file: `secure_delete` (client.ts) zeroes what a delete or an update frees;
 * - the search index: case_search deletes with FTS5 `secure-delete` (drizzle/0009);
 * - index samples that ANALYZE stores in sqlite_stat4 (names, in the people indexes and the FTS term index);
 * - the write-ahead log: every change is first written to the -wal file as a copy of the whole page, and a checkpoint
 *   copies it into the database but leaves the bytes in the -wal file, where later writes overwrite them in time.
 *   The app must not truncate the log (Litestream: DESIGN §5), so after a RESTART checkpoint it writes zeros over it.
 */
import { statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { walScrub } from './retention.table.js';

export type Checkpoint = { busy: number; log: number; checkpointed: number };

/** PASSIVE copies what it can; RESTART also lets the next write start the log from its beginning, if no reader is in it. */
export function walCheckpoint(db: Db, mode: 'PASSIVE' | 'RESTART'): Checkpoint {
  const [row] = db.$client.pragma(`wal_checkpoint(${mode})`) as Checkpoint[];
  return row ?? { busy: 1, log: -1, checkpointed: -1 };
}

/** The size of the database's -wal file in bytes; 0 for a database without one (in memory, or not in WAL mode). */
export function walFileSize(db: Db): number {
  const file = db.$client.name;
  if (!file || file === ':memory:') return 0;
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

export const autoCheckpoint = (db: Db): number => Number(db.$client.pragma('wal_autocheckpoint', { simple: true }));

/** Automatic checkpoints would restart the log mid-scrub (and the zeros would then cover its start only, again and again). */
export function setAutoCheckpoint(db: Db, pages: number): void {
  if (!Number.isSafeInteger(pages) || pages < 0) throw new RangeError('wal_autocheckpoint');
  db.$client.pragma(`wal_autocheckpoint = ${pages}`);
}

/** Writes `bytes` of zeros as new pages (each write unit appends them to the log again: no checkpoint runs meanwhile). */
export function fillScrub(db: Tx, bytes: number): void {
  db.run(sql`insert into wal_scrub (id, filler) values (1, zeroblob(${bytes})) on conflict(id) do update set filler = zeroblob(${bytes})`);
}

export function emptyScrub(db: Tx): void {
  db.delete(walScrub).run();
}

/**
 * ANALYZE (seed-bulk runs it; an operator may) keeps sample keys of each index in sqlite_stat4: names from the people
 * indexes and terms from the search index. They are dropped; the planner keeps the row counts of sqlite_stat1.
 */
export function dropIndexSamples(db: Tx): void {
  const has = db.get<{ n: number }>(sql`select count(*) as n from sqlite_schema where type = 'table' and name = 'sqlite_stat4'`);
  if (has?.n) db.run(sql`delete from sqlite_stat4 where tbl in ('people', 'case_search_idx', 'case_search_content', 'consents')`);
}
