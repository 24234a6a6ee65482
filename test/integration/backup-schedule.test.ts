/**
 * The server's scheduled backups on the test clock, the Backups page, keeping the last N, the evidence folder, and how
 * the online copy behaves under writes (issue 12, items 1 and 2).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/backup/archive.js';
import { takeBackup } from '../../src/backup/backup.service.js';
import { parseBackupKey } from '../../src/backup/key.js';
import { restoreBackup } from '../../src/backup/restore.service.js';
import { copyDatabase } from '../../src/backup/snapshot.js';
import { loggerOptions } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { archivesIn } from '../helpers/backup.js';
import { createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo, makePerson } from '../helpers/factories.js';

const HOUR = 3_600_000;
const KEY = Buffer.alloc(32, 3).toString('base64');
const CANARY = 'Wojciecha Kanarkowska';

let t: TestApp | undefined;
let scratch: string;
afterEach(async () => {
  await t?.close();
  t = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

async function scheduledApp(env: Record<string, string> = {}) {
  scratch = mkdtempSync(join(tmpdir(), 'uniondesk-schedule-'));
  const backups = join(scratch, 'backups');
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  t = await createTestApp({ BACKUP_DIR: backups, BACKUP_EVERY: '6h', BACKUP_KEY: KEY, ...env }, { logger: { ...loggerOptions('info'), stream } });
  const { ldn, counsellor } = demo(t.db);
  makePerson(t.db, { contactPointId: ldn.id, recordedBy: counsellor.id, name: CANARY });
  const logs = () => lines.map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });
  return { t, backups, logs, raw: () => lines.join('') };
}

const backupsPage = async (app: TestApp) => textOf((await (await signIn(app.app, 'admin@demo.test')).get('/admin/backups')).body);

describe('scheduled backups', () => {
  it('are taken once BACKUP_EVERY has passed on the app clock, logged, shown on the Backups page, and warned about when two intervals old', async () => {
    const { t, backups, logs, raw } = await scheduledApp();
    expect(await backupsPage(t)).toContain('No backup has been taken yet.');

    const first = await t.app.backups.tick(t.clock.now());
    expect(first?.fileName).toBe('uniondesk-20261124T100000Z.tar.enc');
    expect(archivesIn(backups).map((p) => basename(p))).toEqual(['uniondesk-20261124T100000Z.tar.enc']);
    let page = await backupsPage(t);
    expect(page).toContain('Last successful backup');
    expect(page).toContain('uniondesk-20261124T100000Z.tar.enc');
    expect(page).toMatch(/[\d,]+ rows in \d+ tables, integrity checked/);
    expect(page).toContain('every 6 hours');
    expect(page).toContain('AES-256-GCM');
    expect(page).not.toContain('No backup has been taken yet');
    expect(page).not.toContain('more than two intervals');

    // Not due before six hours; due at six.
    t.clock.advance(5 * HOUR);
    expect(await t.app.backups.tick(t.clock.now())).toBeNull();
    t.clock.advance(HOUR);
    expect((await t.app.backups.tick(t.clock.now()))?.fileName).toBe('uniondesk-20261124T160000Z.tar.enc');
    expect(archivesIn(backups)).toHaveLength(2);

    // The server was not taking any (stopped, or the timer never came): 12 hours and a minute later it warns.
    t.clock.advance(12 * HOUR);
    expect(await backupsPage(t)).not.toContain('more than two intervals');
    t.clock.advance(60_000);
    page = await backupsPage(t);
    expect(page).toContain('The last successful backup is from');
    expect(page).toContain('more than two intervals (every 6 hours) ago');

    const taken = logs().filter((l) => l.msg === 'backup taken');
    expect(taken.map((l) => l.file)).toEqual(['uniondesk-20261124T100000Z.tar.enc', 'uniondesk-20261124T160000Z.tar.enc']);
    expect(taken[0]).toMatchObject({ encrypted: true, tables: expect.any(Number), rows: expect.any(Number) });
    expect(raw()).not.toContain(CANARY);
  });

  it('say on the Backups page and in the log why the last attempt failed, with no personal data; retry after 15 minutes; clear once one works', async () => {
    const { t, backups, logs, raw } = await scheduledApp();
    // The backup folder's place is taken by a file.
    writeFileSync(backups, `Notes about ${CANARY}\n`);
    expect(await t.app.backups.tick(t.clock.now())).toBeNull();
    let page = await backupsPage(t);
    expect(page).toContain('failed: the backup folder is missing or is not a folder.');
    expect(page).toContain('No backup has been taken yet.');
    expect(logs().filter((l) => l.msg === 'backup failed')).toEqual([expect.objectContaining({ reason: 'folder', code: 'EEXIST' })]);
    expect(raw()).not.toContain(CANARY);
    expect(raw()).not.toContain(backups);

    t.clock.advance(14 * 60_000);
    await t.app.backups.tick(t.clock.now());
    expect(logs().filter((l) => l.msg === 'backup failed')).toHaveLength(1);
    t.clock.advance(60_000);
    await t.app.backups.tick(t.clock.now());
    expect(logs().filter((l) => l.msg === 'backup failed')).toHaveLength(2);

    rmSync(backups);
    t.clock.advance(15 * 60_000);
    expect(await t.app.backups.tick(t.clock.now())).not.toBeNull();
    page = await backupsPage(t);
    expect(page).not.toContain('failed: the backup folder');
    expect(page).not.toContain('No backup has been taken yet.');
    expect(page).toContain('Failed');
    expect(page).toContain('Done');
  });

  it('are off without BACKUP_EVERY: the page says so and still shows the last backup npm run backup recorded; only administrators see it', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'uniondesk-schedule-'));
    t = await createTestApp();
    expect(await t.app.backups.tick(t.clock.now())).toBeNull();
    const result = await takeBackup({ db: t.db, databasePath: t.config.databasePath, dataDir: t.config.dataDir, outDir: scratch, key: undefined, keep: 3, now: t.clock.now(), wholeAtOnce: true });
    const { recordBackup } = await import('../../src/backup/backup.service.js');
    await recordBackup(t.db, { startedAt: t.clock.now(), finishedAt: t.clock.now(), trigger: 'command' }, { ok: true, result });
    const page = await backupsPage(t);
    expect(page).toContain('Off: the server takes no backups of its own.');
    expect(page).toContain(result.fileName);
    expect(page).toContain('npm run backup');
    expect(page).not.toContain('No backup has been taken yet');

    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const refused = await counsellor.get('/admin/backups');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain(result.fileName);
    expect(textOf((await counsellor.get('/')).body)).not.toContain('Backups');
  });
});

describe('keeping the last N', () => {
  it('deletes the oldest archives beyond N after a verified new one, and no file of another name', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'uniondesk-keep-'));
    t = await createTestApp();
    writeFileSync(join(scratch, 'notes.txt'), 'mine');
    writeFileSync(join(scratch, 'uniondesk-before-upgrade.tar'), 'a copy made by hand');
    const take = () =>
      takeBackup({ db: t!.db, databasePath: t!.config.databasePath, dataDir: t!.config.dataDir, outDir: scratch, key: undefined, keep: 3, now: t!.clock.now(), wholeAtOnce: true });
    const removed: string[][] = [];
    for (let i = 0; i < 5; i += 1) {
      removed.push((await take()).removed);
      t.clock.advance(HOUR);
    }
    expect(readdirSync(scratch).sort()).toEqual([
      'notes.txt',
      'uniondesk-20261124T120000Z.tar',
      'uniondesk-20261124T130000Z.tar',
      'uniondesk-20261124T140000Z.tar',
      'uniondesk-before-upgrade.tar',
    ]);
    expect(removed).toEqual([[], [], [], ['uniondesk-20261124T100000Z.tar'], ['uniondesk-20261124T110000Z.tar']]);
    // Two in the same second: the second gets -2 and counts as the newer.
    t.clock.advance(-HOUR);
    expect((await take()).fileName).toBe('uniondesk-20261124T140000Z-2.tar');
    expect(archivesIn(scratch).map((p) => basename(p))).toEqual(['uniondesk-20261124T130000Z.tar', 'uniondesk-20261124T140000Z-2.tar', 'uniondesk-20261124T140000Z.tar']);
  });
});

describe('the evidence folder', () => {
  it('goes into the archive with its hashes, and a restore puts it back, keeping the folder it replaces', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'uniondesk-evidence-'));
    const dataDir = join(scratch, 'data');
    mkdirSync(join(dataDir, 'evidence', '2026', '11'), { recursive: true });
    writeFileSync(join(dataDir, 'evidence', '2026', '11', 'payslip-1.enc'), Buffer.from([1, 2, 3, 4, 5]));
    writeFileSync(join(dataDir, 'evidence', 'contract.enc'), 'sealed');
    t = await createTestApp({ DATA_DIR: dataDir });
    const key = parseBackupKey(KEY)!;
    const result = await takeBackup({ db: t.db, databasePath: t.config.databasePath, dataDir, outDir: join(scratch, 'out'), key, keep: 3, now: t.clock.now(), wholeAtOnce: true });
    const { manifest } = await readArchive(result.file, key);
    expect(manifest.members.map((m) => m.path)).toEqual(['uniondesk.sqlite', 'evidence/2026/11/payslip-1.enc', 'evidence/contract.enc']);
    expect(manifest.members[2]).toEqual({ path: 'evidence/contract.enc', bytes: 6, sha256: createHash('sha256').update('sealed').digest('hex') });

    // Restored on another machine, where an evidence folder already exists.
    const target = join(scratch, 'restored');
    mkdirSync(join(target, 'evidence'), { recursive: true });
    writeFileSync(join(target, 'evidence', 'stray.enc'), 'already here');
    const restored = await restoreBackup({ archive: result.file, databasePath: join(target, 'uniondesk.sqlite'), dataDir: target, key, migrationsDir, now: t.clock.now() });
    expect(restored.evidenceFiles).toBe(2);
    expect(readFileSync(join(target, 'evidence', '2026', '11', 'payslip-1.enc'))).toEqual(Buffer.from([1, 2, 3, 4, 5]));
    expect(readFileSync(join(target, 'evidence', 'contract.enc'), 'utf8')).toBe('sealed');
    expect(existsSync(join(target, 'evidence', 'stray.enc'))).toBe(false);
    expect(readFileSync(join(restored.evidenceReplacedAs!, 'stray.enc'), 'utf8')).toBe('already here');
    expect(restored.replacedAs).toBeNull();
  });
});

describe('the online copy', () => {
  async function appWithCases() {
    scratch = mkdtempSync(join(tmpdir(), 'uniondesk-copy-'));
    t = await createTestApp({}, { seed: 'demo' });
    const pages = t.db.$client.pragma('page_count', { simple: true }) as number;
    expect(pages).toBeGreaterThan(200);
    return t;
  }
  const auditRows = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('select count(*) from audit_log').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  /** Writes one audit row per turn of the event loop (as a busy server would between backup steps) until stopped. */
  function writeEveryTurn(db: Database.Database) {
    const insert = db.prepare("insert into audit_log (at, action, target_type) values (1, 'view', 'case')");
    let stop = false;
    let n = 0;
    const loop = () => {
      if (stop) return;
      insert.run();
      n += 1;
      setImmediate(loop);
    };
    setImmediate(loop);
    return () => ((stop = true), n);
  }

  it('in steps on the serving connection is not restarted by that connection’s writes, and holds them', async () => {
    const t = await appWithCases();
    const dest = join(scratch, 'copy.sqlite');
    const stop = writeEveryTurn(t.db.$client);
    const stats = await copyDatabase(t.db.$client, dest, { wholeAtOnce: false });
    const written = stop();
    expect(written).toBeGreaterThan(0);
    expect(stats.steps).toBeGreaterThan(1);
    expect(stats.restarts).toBe(0);
    expect(auditRows(dest)).toBe(auditRows(t.config.databasePath));
  });

  it('in steps, restarted by another connection’s writes, still ends (its steps grow), with a whole database', async () => {
    const t = await appWithCases();
    const other = new Database(t.config.databasePath);
    try {
      const dest = join(scratch, 'copy.sqlite');
      const stop = writeEveryTurn(other);
      const stats = await copyDatabase(t.db.$client, dest, { wholeAtOnce: false });
      stop();
      expect(stats.restarts).toBeGreaterThan(0);
      const copy = new Database(dest, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
    } finally {
      other.close();
    }
  });

  it('in one step takes no restart whatever another connection writes', async () => {
    const t = await appWithCases();
    const other = new Database(t.config.databasePath);
    try {
      const stop = writeEveryTurn(other);
      const stats = await copyDatabase(t.db.$client, join(scratch, 'copy.sqlite'), { wholeAtOnce: true });
      stop();
      expect(stats).toMatchObject({ restarts: 0 });
    } finally {
      other.close();
    }
  });
});
