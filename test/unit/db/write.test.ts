import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/client.js';
import { queuedWrites, watchWrites, write, writeIfFree, writeTrouble, writeWhenFree } from '../../../src/db/write.js';

let dir: string;
let db: Db;
let other: Database.Database;
let logs: { level: string; obj: object; msg: string }[];
const log = {
  error: (obj: object, msg: string) => logs.push({ level: 'error', obj, msg }),
  info: (obj: object, msg: string) => logs.push({ level: 'info', obj, msg }),
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-write-'));
  db = openDatabase(join(dir, 'w.sqlite'));
  db.run(sql`create table t (x text not null)`);
  other = new Database(join(dir, 'w.sqlite'));
  logs = [];
  watchWrites(db, { log, patienceMs: { save: 200 } });
});
afterEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => db.all<{ x: string }>(sql`select x from t order by rowid`).map((r) => r.x);
const insert = (x: string | null) => (tx: Parameters<Parameters<typeof write>[1]>[0]) => tx.run(sql`insert into t (x) values (${x})`);
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('write', () => {
  it('waits for another connection’s lock without blocking, then writes', async () => {
    other.exec('BEGIN IMMEDIATE');
    let done = false;
    const pending = write(db, insert('a'), { kind: 'signIn' }).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    other.exec('ROLLBACK');
    await pending;
    expect(rows()).toEqual(['a']);
  });

  it('gives up with a 503 after its patience; nothing of the unit ran', async () => {
    other.exec('BEGIN IMMEDIATE');
    let ran = 0;
    await expect(write(db, () => (ran += 1))).rejects.toMatchObject({ statusCode: 503, messageKey: 'errors.writeUnavailable.busy' });
    expect(ran).toBe(0);
    expect(writeTrouble(db)).toMatchObject({ fault: 'busy' });
  });

  it('answers a full disk at once with a 503, also when drizzle wraps the error of SQLite; space returning clears it', async () => {
    db.$client.pragma(`max_page_count = ${db.$client.pragma('page_count', { simple: true }) as number}`);
    await expect(write(db, insert('x'.repeat(10_000)))).rejects.toMatchObject({ statusCode: 503, messageKey: 'errors.writeUnavailable.full' });
    expect(writeTrouble(db)).toMatchObject({ fault: 'full' });
    expect(rows()).toEqual([]);
    db.$client.pragma('max_page_count = 1073741823');
    await write(db, insert('x'.repeat(10_000)));
    expect(writeTrouble(db)).toBeNull();
  });

  it('refuses to run inside another transaction (it would neither wait nor commit on its own)', async () => {
    db.$client.exec('BEGIN');
    await expect(write(db, insert('a'))).rejects.toThrow('inside another transaction');
    db.$client.exec('ROLLBACK');
  });
});

describe('writeIfFree', () => {
  it('skips while the database is locked', () => {
    other.exec('BEGIN IMMEDIATE');
    expect(writeIfFree(db, insert('a'))).toBe(false);
    other.exec('ROLLBACK');
    expect(writeIfFree(db, insert('b'))).toBe(true);
    expect(rows()).toEqual(['b']);
  });
});

describe('writeWhenFree', () => {
  it('keeps units while the database is locked and writes them in order when it frees', async () => {
    other.exec('BEGIN IMMEDIATE');
    for (const x of ['a', 'b', 'c']) writeWhenFree(db, insert(x));
    expect(queuedWrites(db)).toBe(3);
    other.exec('ROLLBACK');
    await until(() => queuedWrites(db) === 0);
    expect(rows()).toEqual(['a', 'b', 'c']);
  });

  it('drops a broken unit (logged without what it wrote) and writes the others', async () => {
    other.exec('BEGIN IMMEDIATE');
    writeWhenFree(db, insert('a'));
    writeWhenFree(db, insert(null));
    writeWhenFree(db, insert('c'));
    other.exec('ROLLBACK');
    await until(() => queuedWrites(db) === 0);
    expect(rows()).toEqual(['a', 'c']);
    expect(logs.filter((l) => l.msg === 'a queued database write failed and was dropped')).toEqual([
      { level: 'error', obj: { code: 'SQLITE_CONSTRAINT_NOTNULL' }, msg: 'a queued database write failed and was dropped' },
    ]);
  });

  it('writes what is still queued when closed, waiting for the lock', async () => {
    const writes = watchWrites(db, { log });
    other.exec('BEGIN IMMEDIATE');
    writeWhenFree(db, insert('a'));
    setTimeout(() => other.exec('ROLLBACK'), 50);
    await writes.close();
    expect(rows()).toEqual(['a']);
  });

  it('logs what it could not write before closing', async () => {
    const writes = watchWrites(db, { log });
    other.exec('BEGIN IMMEDIATE');
    writeWhenFree(db, insert('a'));
    await writes.close(100);
    expect(logs.at(-1)).toMatchObject({ obj: { lost: 1 }, msg: 'queued database writes lost at shutdown: the database did not take them' });
  });
});
