import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { TEST_EVIDENCE_KEY, TEST_TOTP_KEY } from '../helpers/app.js';
import { cleanEnv } from '../helpers/env.js';
import { freePort } from '../helpers/server-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-startup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A generous limit that only catches a hang (the bug: a DATABASE_PATH under /proc spun at 100% CPU for ever).
const HANG = 15_000;

/** Starts the real server as an operator would, and returns what they see. */
function startServer(env: Record<string, string>, entry = 'src/server.ts') {
  const started = performance.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    env: { ...cleanEnv(), NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '1', TOTP_KEY: TEST_TOTP_KEY, EVIDENCE_KEY: TEST_EVIDENCE_KEY, ...env },
    encoding: 'utf8',
    timeout: HANG,
  });
  return { status: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr, ms: performance.now() - started };
}

/** One line on stderr, exit 1, no stack trace, no hang. */
function expectOneLine(run: ReturnType<typeof startServer>, pattern: RegExp) {
  expect(run.signal, `killed after ${HANG} ms: it hung`).toBeNull();
  expect(run.status).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  // stdout holds the log, if anything: no error was logged there instead (or as well).
  const logged = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number });
  expect(logged.filter((l) => l.level >= 50)).toEqual([]);
}

function migratedDatabase(name: string) {
  const path = join(dir, name);
  const db = openDatabase(path);
  migrateDatabase(db);
  // Everything into the main file, so that the file alone is the database.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  return { path, db };
}

describe('a server that cannot start says why in one line and exits 1', () => {
  it('when the port is already in use', async () => {
    const port = await freePort();
    const other = createServer().listen(port, '127.0.0.1');
    await once(other, 'listening');
    try {
      const run = startServer({ PORT: String(port), DATABASE_PATH: join(dir, 'desk.sqlite') });
      expectOneLine(run, new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use\\. .*set PORT to a free port\\.$`));
    } finally {
      other.close();
    }
  });

  it('when DATABASE_PATH is under /proc, where no folder can be made (it used to spin for ever)', () => {
    const run = startServer({ DATABASE_PATH: '/proc/uniondesk/desk.sqlite' });
    expectOneLine(run, /^DATABASE_PATH \/proc\/uniondesk\/desk\.sqlite: cannot create the folder \/proc\/uniondesk \(ENOENT\)\. Create it, or set DATABASE_PATH/);
  });

  it('when DATABASE_PATH is a folder', () => {
    const run = startServer({ DATABASE_PATH: dir });
    expectOneLine(run, /: this is a folder, not a file\. Set DATABASE_PATH to a file inside it, e\.g\. .*uniondesk\.sqlite\.$/);
  });

  it('when DATABASE_PATH is in a folder where no file can be created (/proc itself, even for root)', () => {
    const run = startServer({ DATABASE_PATH: '/proc/uniondesk.sqlite' });
    expectOneLine(run, /^DATABASE_PATH \/proc\/uniondesk\.sqlite: cannot open the database for writing: .*\(SQLITE_CANTOPEN\)\. .*give this user write access to the folder/);
  });

  it('when a part of DATABASE_PATH is a file, not a folder', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'a file\n');
    const run = startServer({ DATABASE_PATH: join(file, 'data', 'desk.sqlite') });
    expectOneLine(run, new RegExp(`: ${file.replace(/[.]/g, '\\.')} is a file, not a folder\\. Set DATABASE_PATH to a file in a folder this user can write`));
  });

  it('when DATABASE_PATH is a file that is not SQLite (SQLITE_NOTADB)', () => {
    const path = join(dir, 'desk.sqlite');
    writeFileSync(path, 'name,case\n'.repeat(200));
    expectOneLine(startServer({ DATABASE_PATH: path }), /: this file is not a SQLite database\. Set DATABASE_PATH to the UnionDesk database file/);
  });

  it('when the database file is damaged (a copy cut short: SQLITE_CORRUPT)', () => {
    const { path, db } = migratedDatabase('desk.sqlite');
    const pageSize = db.$client.pragma('page_size', { simple: true }) as number;
    db.$client.close();
    truncateSync(path, pageSize);
    expectOneLine(startServer({ DATABASE_PATH: path }), /: the database file is damaged \(SQLITE_CORRUPT\)\. Keep a copy of it for diagnosis, then restore the latest backup/);
  });

  it('when the database was migrated by a newer version, and leaves it untouched', () => {
    const { path, db } = migratedDatabase('desk.sqlite');
    const known = (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
    // What a later release's migration leaves behind: a row this build's journal does not have.
    db.$client.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-a-newer-release', ?)").run(Date.UTC(2031, 0, 15));
    db.$client.close();
    const run = startServer({ DATABASE_PATH: path });
    expectOneLine(run, /: the database was migrated by a newer UnionDesk \(1 migration\(s\) this version does not know, the newest from 2031-01-15\)\. Run that newer version, or restore a backup/);
    const after = openDatabase(path);
    expect(after.$client.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: known + 1 });
    after.$client.close();
  });

  it('when a setting is invalid', () => {
    expectOneLine(startServer({ PORT: 'eighty', LOG_LEVEL: 'loud' }), /^Invalid configuration: PORT: .*; LOG_LEVEL: .*\. See the configuration table in README\.md\.$/);
  });

  it('when production has no TOTP_KEY, or SECOND_FACTOR is not one of its values', () => {
    expectOneLine(
      startServer({ TOTP_KEY: '', DATABASE_PATH: join(dir, 'desk.sqlite') }),
      /^Invalid configuration: TOTP_KEY: must be set in production, 32 random bytes in base64 \(openssl rand -base64 32\)\. See the configuration table in README\.md\.$/,
    );
    expectOneLine(
      startServer({ SECOND_FACTOR: 'admins', DATABASE_PATH: join(dir, 'desk.sqlite') }),
      /^Invalid configuration: SECOND_FACTOR: must be admins-supervisors, everyone or off\. See the configuration table in README\.md\.$/,
    );
  });

  it('when production has no EVIDENCE_KEY, or it is not a key', () => {
    expectOneLine(
      startServer({ EVIDENCE_KEY: '', DATABASE_PATH: join(dir, 'desk.sqlite') }),
      /^Invalid configuration: EVIDENCE_KEY: must be set in production \(or EVIDENCE_KEY_FILE\), 32 bytes written as 64 hex digits or 44 base64 characters \(make one with: openssl rand -base64 32\)\. See the configuration table in README\.md\.$/,
    );
    expectOneLine(startServer({ EVIDENCE_KEY: 'short', DATABASE_PATH: join(dir, 'desk.sqlite') }), /^Invalid configuration: EVIDENCE_KEY: must be 32 bytes written as 64 hex digits or 44 base64 characters/);
    expectOneLine(
      startServer({ EVIDENCE_KEY: '', EVIDENCE_KEY_FILE: join(dir, 'missing.key'), DATABASE_PATH: join(dir, 'desk.sqlite') }),
      /^Invalid configuration: EVIDENCE_KEY_FILE .*missing\.key: cannot read the file \(ENOENT\)\. See the configuration table in README\.md\.$/,
    );
  });

  it('the demo too', () => {
    mkdirSync(join(dir, 'demo.sqlite'));
    const run = startServer({ NODE_ENV: 'development', DATABASE_PATH: join(dir, 'demo.sqlite') }, 'src/demo.ts');
    expectOneLine(run, /: this is a folder, not a file\./);
  });
});
