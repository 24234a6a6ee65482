/**
 * Backups and restore with the real commands and a real server process (issue 12, items 1 and 3): the restore drill,
 * a backup taken while the server saves notes, encryption, and the restore's refusals.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readArchive } from '../../src/backup/archive.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { archivesIn, dumpDatabase, rowCounts, runCli } from '../helpers/backup.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { textOf } from '../helpers/app.js';
import { Client, freePort, Proc } from '../helpers/server-process.js';

// Each test starts the CLI and a server as child processes (9 s for the longest on an idle 2-core machine): the
// integration default of 20 s failed all four such tests in CI when the machine was busy. A safety net, not a measure.
vi.setConfig({ testTimeout: 120_000 });

// A fixed day for the seed; the server and the commands run on the real clock, which no assertion depends on.
const NOW = Date.UTC(2026, 2, 10, 12, 0);
const CANARY = 'Wojciecha Kanarkowska';
const KEY = 'a'.repeat(16) + '0123456789abcdef'.repeat(3);
const OTHER_KEY = Buffer.alloc(32, 7).toString('base64');

let dir: string;
let procs: Proc[] = [];
afterEach(() => {
  for (const p of procs) p.kill();
  procs = [];
  rmSync(dir, { recursive: true, force: true });
});

/** A desk's database: the demo logins and one London case of a person called CANARY. */
async function deskDatabase() {
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-backup-'));
  const path = join(dir, 'data', 'desk.sqlite');
  const db = openDatabase(path);
  migrateDatabase(db);
  await seedDemo(db, NOW, { cases: false });
  const { ldn, counsellor } = demo(db);
  const person = makePerson(db, { contactPointId: ldn.id, recordedBy: counsellor.id, name: CANARY }, NOW);
  const kase = makeCase(db, { contactPointId: ldn.id, createdBy: counsellor.id, personId: person.id }, NOW);
  db.$client.close();
  return { path, caseId: kase.id, backups: join(dir, 'backups') };
}

function startServer(path: string, port: number) {
  const p = new Proc(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { PORT: String(port), DATABASE_PATH: path, NODE_ENV: 'development', LOG_LEVEL: 'info' } });
  procs.push(p);
  return p;
}

async function counsellorOn(port: number, caseId: number) {
  const client = new Client(port);
  await client.signIn('counsellor@demo.test', DEMO_PASSWORD);
  await client.get(`/cases/${caseId}`);
  return client;
}

async function addNote(client: Client, caseId: number, body: string) {
  const res = await client.post(`/cases/${caseId}/notes`, { kind: 'note', body });
  if (res.status !== 303) throw new Error(`the note was not saved: ${res.status}`);
}

function notesIn(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("select body from case_events where kind = 'note' order by id").pluck().all() as string[];
  } finally {
    db.close();
  }
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const replacedIn = (folder: string) => readdirSync(folder).filter((n) => n.includes('.replaced-') || n.startsWith('.uniondesk-'));

describe('the restore drill', () => {
  it('write, back up while the server serves, write more, stop, restore: every table holds exactly what it held at the backup', async () => {
    const { path, caseId, backups } = await deskDatabase();
    const port = await freePort();
    const server = startServer(path, port);
    await server.untilLog(/^Server listening/);
    const client = await counsellorOn(port, caseId);
    await addNote(client, caseId, 'Before the backup: the payslips are collected.');

    const atBackup = dumpDatabase(path);
    const made = await runCli('backup', ['--to', backups], { DATABASE_PATH: path });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^Backup written: .*uniondesk-\d{8}T\d{6}Z\.tar \(.* MB, not encrypted\)\./);
    const [archive, ...others] = archivesIn(backups);
    expect(others).toEqual([]);
    // The manifest's counts are the counts of the moment the server was serving at.
    const { manifest } = await readArchive(archive!, undefined);
    const { sqlite_sequence: _seq, ...counted } = rowCounts(atBackup);
    expect(manifest.database.tables).toEqual(counted);

    await addNote(client, caseId, 'After the backup: the employer replied.');
    server.child.kill('SIGTERM');
    expect(await server.exited).toMatchObject({ code: 0 });

    const restored = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const kept = /The database it replaced is kept as (.*desk\.sqlite\.replaced-\d{8}T\d{6}Z)\./.exec(restored.stdout)?.[1];
    expect(kept).toBeDefined();
    // One file each (a reader opening them would add its own -wal and -shm), and no staging left behind.
    expect(readdirSync(dirname(path)).sort()).toEqual([path, kept!].map((p) => p.split('/').at(-1)).sort());
    expect(dumpDatabase(path)).toEqual(atBackup);
    // What was written after the backup is not lost: it stays in the replaced file, its -wal folded in.
    expect(notesIn(kept!)).toEqual(['Before the backup: the payslips are collected.', 'After the backup: the employer replied.']);

    // The counsellor sees the case as it was at the backup.
    const again = startServer(path, port);
    await again.untilLog(/^Server listening/);
    const page = textOf((await (await counsellorOn(port, caseId)).get(`/cases/${caseId}`)).body);
    expect(page).toContain('Before the backup: the payslips are collected.');
    expect(page).not.toContain('After the backup');
  });
});

describe('npm run backup while the server saves notes', () => {
  it('gives a consistent copy: integrity ok, the counts of its manifest, each note with its audit entry, no save refused', async () => {
    const { path, caseId, backups } = await deskDatabase();
    const port = await freePort();
    const server = startServer(path, port);
    await server.untilLog(/^Server listening/);
    const client = await counsellorOn(port, caseId);

    const acknowledged: string[] = [];
    let backupRunning = false;
    let savedDuringBackup = 0;
    let stop = false;
    const writer = (async () => {
      for (let i = 1; !stop; i += 1) {
        await addNote(client, caseId, `Note ${i} of the busy afternoon.`);
        acknowledged.push(`Note ${i} of the busy afternoon.`);
        if (backupRunning) savedDuringBackup += 1;
      }
    })();
    while (acknowledged.length < 5) await new Promise((r) => setTimeout(r, 10));
    const before = acknowledged.length;
    backupRunning = true;
    const made = await runCli('backup', ['--to', backups], { DATABASE_PATH: path });
    backupRunning = false;
    stop = true;
    await writer;
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(savedDuringBackup).toBeGreaterThan(0);

    const out = join(dir, 'extracted');
    mkdirSync(out);
    const { manifest } = await readArchive(archivesIn(backups)[0]!, undefined, out);
    const copy = join(out, 'uniondesk.sqlite');
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { sqlite_sequence: _seq, ...counted } = rowCounts(dumpDatabase(copy));
      expect(counted).toEqual(manifest.database.tables);
      const notes = db.prepare("select id, body from case_events where kind = 'note' order by id").all() as { id: number; body: string }[];
      const audited = db.prepare("select target_id from audit_log where action = 'create' and target_type = 'case_event'").pluck().all() as string[];
      expect(new Set(audited)).toEqual(new Set(notes.map((n) => String(n.id))));
      // A moment of the afternoon: every note saved before the backup began, then an unbroken run of later ones.
      expect(notes.map((n) => n.body)).toEqual(acknowledged.slice(0, notes.length));
      expect(notes.length).toBeGreaterThanOrEqual(before);
    } finally {
      db.close();
    }
  });
});

describe('an encrypted backup', () => {
  it('holds no readable SQLite page or name; the right key restores it, a wrong key or a changed byte is refused in one line, touching nothing', async () => {
    const { path, backups } = await deskDatabase();
    const made = await runCli('backup', ['--to', backups], { DATABASE_PATH: path, BACKUP_KEY: KEY });
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/uniondesk-\d{8}T\d{6}Z\.tar\.enc \(.* MB, encrypted\)/);
    const [archive] = archivesIn(backups);
    const bytes = readFileSync(archive!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('UDBK');
    for (const plain of ['SQLite format 3', CANARY, 'manifest.json', 'uniondesk.sqlite', 'counsellor@demo.test'])
      expect(bytes.includes(Buffer.from(plain, 'utf8')), plain).toBe(false);
    // The plain copy was staged beside the database, never in the backup folder, and is gone.
    expect(readdirSync(backups)).toEqual([archive!.split('/').at(-1)]);

    const dbBefore = sha(path);
    const wrong = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path, BACKUP_KEY: OTHER_KEY });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe(`Restore refused: ${archive} cannot be decrypted: the key (BACKUP_KEY or BACKUP_KEY_FILE) is not the one it was made with. Nothing was changed.\n`);
    const none = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('is encrypted: set BACKUP_KEY or BACKUP_KEY_FILE');

    for (const offset of [bytes.length >> 1, 30 /* the tag in the header */]) {
      const changed = Buffer.from(bytes);
      changed[offset]! ^= 0x01;
      const tampered = join(dir, `tampered-${offset}.tar.enc`);
      writeFileSync(tampered, changed);
      const res = await runCli('restore', ['--from', tampered], { DATABASE_PATH: path, BACKUP_KEY: KEY });
      expect(res.status).toBe(1);
      expect(res.stderr).toBe(`Restore refused: ${tampered} cannot be decrypted: the archive was changed or damaged after it was made (its authentication tag does not match). Nothing was changed.\n`);
    }
    expect(sha(path)).toBe(dbBefore);
    expect(replacedIn(dirname(path))).toEqual([]);

    const restored = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path, BACKUP_KEY: KEY });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('select name from people where name = ?').pluck().get(CANARY)).toBe(CANARY);
    db.close();
  });

  it('refuses a key file inside the backup folder, and a malformed key, in one line without showing the key', async () => {
    const { path, backups } = await deskDatabase();
    mkdirSync(backups);
    const keyFile = join(backups, 'backup.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const inside = await runCli('backup', ['--to', backups], { DATABASE_PATH: path, BACKUP_KEY_FILE: keyFile });
    expect(inside.status).toBe(1);
    expect(inside.stderr).toBe(`Error: BACKUP_KEY_FILE ${keyFile} is inside ${backups}: keep the key away from the backups it opens.\n`);
    const viaEnv = await runCli('backup', [], { DATABASE_PATH: path, BACKUP_DIR: backups, BACKUP_KEY_FILE: keyFile });
    expect(viaEnv.stderr).toMatch(/^Invalid configuration: BACKUP_KEY_FILE: the key file is inside BACKUP_DIR[^\n]*\n$/);
    const short = await runCli('backup', ['--to', backups], { DATABASE_PATH: path, BACKUP_KEY: 'not-a-key-but-a-secret' });
    expect(short.status).toBe(1);
    expect(short.stderr).toBe('Invalid configuration: BACKUP_KEY: must be 32 bytes written as 64 hex digits or 44 base64 characters (make one with: openssl rand -base64 32). See the configuration table in README.md.\n');
    expect(archivesIn(backups)).toEqual([]);
  });
});

describe('npm run restore refuses', () => {
  it('a running server, touching nothing; once the server is gone (even killed with -9) it restores, keeping what the -wal held', async () => {
    const { path, caseId, backups } = await deskDatabase();
    expect((await runCli('backup', ['--to', backups], { DATABASE_PATH: path })).status).toBe(0);
    const [archive] = archivesIn(backups);
    const port = await freePort();
    const server = startServer(path, port);
    await server.untilLog(/^Server listening/);
    const client = await counsellorOn(port, caseId);
    await addNote(client, caseId, 'Saved just before the crash.');

    const refused = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `Restore refused: DATABASE_PATH ${path} is open in another program: a running UnionDesk, a sqlite3 session or Litestream. Stop it first (sudo systemctl stop uniondesk), then restore. Nothing was changed.\n`,
    );
    expect(replacedIn(dirname(path))).toEqual([]);
    const page = textOf((await client.get(`/cases/${caseId}`)).body);
    expect(page).toContain('Saved just before the crash.');

    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(`${path}-wal`)).toBe(true);
    const restored = await runCli('restore', ['--from', archive!], { DATABASE_PATH: path });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const kept = /kept as (.*)\.\n/.exec(restored.stdout)![1]!;
    // The -wal the killed server left was folded into the replaced file; its -shm is gone.
    expect(readdirSync(dirname(path)).sort()).toEqual([path, kept].map((p) => p.split('/').at(-1)).sort());
    expect(notesIn(path)).toEqual([]);
    expect(notesIn(kept)).toEqual(['Saved just before the crash.']);
  });

  it('a damaged, truncated or foreign archive, or one from a newer schema, saying why in one line and touching nothing', async () => {
    const { path, backups } = await deskDatabase();
    expect((await runCli('backup', ['--to', backups], { DATABASE_PATH: path })).status).toBe(0);
    const [archive] = archivesIn(backups);
    const bytes = readFileSync(archive!);

    // One byte of the database member changed: the tar still reads, its SHA-256 does not match.
    const changed = Buffer.from(bytes);
    const at = changed.indexOf(Buffer.from('SQLite format 3')) + 5000;
    changed[at]! ^= 0xff;
    writeFileSync(join(dir, 'changed.tar'), changed);
    writeFileSync(join(dir, 'truncated.tar'), bytes.subarray(0, bytes.length >> 1));
    writeFileSync(join(dir, 'notes.tar'), 'These are not the archives you are looking for.\n'.repeat(100));

    // An archive taken from a database a newer UnionDesk migrated.
    const newer = openDatabase(path);
    newer.$client.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', ?)").run(Date.UTC(2031, 0, 1));
    newer.$client.close();
    expect((await runCli('backup', ['--to', join(dir, 'newer')], { DATABASE_PATH: path })).status).toBe(0);
    const [newerArchive] = archivesIn(join(dir, 'newer'));
    const undo = openDatabase(path);
    undo.$client.prepare("delete from __drizzle_migrations where hash = 'from-the-future'").run();
    undo.$client.close();

    const dbBefore = sha(path);
    const cases: [string, string][] = [
      [join(dir, 'changed.tar'), `${join(dir, 'changed.tar')} is damaged: uniondesk.sqlite does not match its SHA-256 in the manifest.`],
      [join(dir, 'truncated.tar'), `${join(dir, 'truncated.tar')} is damaged or incomplete: it cannot be read to its end.`],
      [join(dir, 'notes.tar'), `${join(dir, 'notes.tar')} is not a UnionDesk backup archive.`],
      [join(dir, 'missing.tar'), `--from ${join(dir, 'missing.tar')}: no such file.`],
      [newerArchive!, `${newerArchive} was taken from a newer UnionDesk (1 migration(s) this version does not know). Restore it with that version, or choose an older backup.`],
    ];
    for (const [file, reason] of cases) {
      const res = await runCli('restore', ['--from', file], { DATABASE_PATH: path });
      expect(res.status, file).toBe(1);
      expect(res.stderr).toBe(`Restore refused: ${reason} Nothing was changed.\n`);
    }
    expect(sha(path)).toBe(dbBefore);
    expect(replacedIn(dirname(path))).toEqual([]);
  });
});
