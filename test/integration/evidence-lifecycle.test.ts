/**
 * Evidence files follow their case (issue 15, item 5): retention and erasure delete them (the rows say so, the bytes
 * are gone from DATA_DIR/evidence), a backup holds them and a restore brings them back, still opening under the key.
 */
import { TextWriter, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { takeBackup } from '../../src/backup/backup.service.js';
import { restoreBackup } from '../../src/backup/restore.service.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { evidenceFiles } from '../../src/evidence/evidence.table.js';
import { migrationsDir } from '../../src/paths.js';
import { runRetention } from '../../src/retention/retention.service.js';
import { TestClock } from '../helpers/clock.js';
import { createTestApp, signIn, TEST_EVIDENCE_KEY, TEST_TOTP_KEY, textOf, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { payslipPdf } from '../helpers/evidence-files.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
const scratch: string[] = [];

beforeEach(async () => {
  t = await createTestApp();
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const stored = (dir = t.dir) => (existsSync(join(dir, 'evidence')) ? readdirSync(join(dir, 'evidence')).sort() : []);
/** What the store holds for these files: each file and its thumbnail (a PDF's first page, drawn by pdftoppm). */
const storedFor = (...rows: { storageId: string; thumbStorageId: string | null }[]) => rows.flatMap((r) => [r.storageId, r.thumbStorageId ?? 'no thumbnail']).sort();

async function attach(caseId: number, filename: string, bytes: Buffer = payslipPdf()) {
  await counsellor.get(`/cases/${caseId}/evidence`);
  const res = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [{ name: 'category', value: 'payslip' }, { name: 'files', filename, bytes }]);
  expect(res.statusCode).toBe(303);
}

describe('evidence files follow the case', () => {
  it('retention: an anonymised case’s files are deleted, bytes and names', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, caseTypes: ['information_only'], status: 'open' });
    await attach(kase.id, 'payslip-aurelio.pdf');
    expect(stored()).toEqual(storedFor(...t.db.select().from(evidenceFiles).all()));
    t.db.$client.prepare("update cases set status = 'closed', closed_at = ? where id = ?").run(t.clock.now(), kase.id);

    t.clock.set('2030-11-24T06:00:00Z');
    const report = await runRetention(t.db, t.clock.now(), { source: 'schedule' });
    expect(report.cases.map((c) => c.reference)).toEqual([kase.reference]);
    expect(stored()).toEqual([]);
    const [row] = t.db.select().from(evidenceFiles).where(eq(evidenceFiles.caseId, kase.id)).all();
    expect(row).toMatchObject({ name: '', deletedFor: 'retention' });
    expect(row!.purgedAt).not.toBeNull();
  });

  it('erasure: every file of the person’s cases is deleted', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Erased Person' });
    const a = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    const b = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    const other = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await attach(a.id, 'a.pdf');
    await attach(b.id, 'b.pdf');
    await attach(other.id, 'someone-else.pdf');
    expect(stored()).toEqual(storedFor(...t.db.select().from(evidenceFiles).all()));
    expect(stored()).toHaveLength(6);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    await supervisor.get(`/people/${person.id}/erase`);
    const res = await supervisor.post(`/people/${person.id}/erase`, { reason: 'Asked at the desk on 20 November, in person.', confirm: String(person.id) });
    expect(res.statusCode).toBe(303);
    const left = t.db.select().from(evidenceFiles).all();
    expect(left.filter((r) => r.deletedAt === null).map((r) => r.name)).toEqual(['someone-else.pdf']);
    expect(stored()).toEqual(storedFor(left.find((r) => r.name === 'someone-else.pdf')!));
    expect(textOf((await counsellor.get(`/cases/${a.id}/evidence`)).body)).toContain('No files attached yet.');
  });

  it('a backup holds the files and a restore on another machine brings them back, opening under the same key', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const pdf = payslipPdf();
    await attach(kase.id, 'payslip.pdf', pdf);
    const [row] = t.db.select().from(evidenceFiles).all();
    const out = mkdtempSync(join(tmpdir(), 'uniondesk-evidence-backup-'));
    scratch.push(out);
    const backup = await takeBackup({ db: t.db, databasePath: t.config.databasePath, dataDir: t.config.dataDir, outDir: out, key: undefined, keep: 5, now: t.clock.now(), wholeAtOnce: true });
    expect(backup.manifest.members.map((m) => m.path)).toContain(`evidence/${row!.storageId}`);

    const target = mkdtempSync(join(tmpdir(), 'uniondesk-evidence-restore-'));
    scratch.push(target);
    const restored = await restoreBackup({ archive: backup.file, databasePath: join(target, 'desk.sqlite'), dataDir: target, key: undefined, migrationsDir, now: t.clock.now() });
    // The file and its thumbnail.
    expect(restored.evidenceFiles).toBe(2);
    expect(stored(target)).toEqual(storedFor(row!));

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECOND_FACTOR: 'off', TOTP_KEY: TEST_TOTP_KEY, EVIDENCE_KEY: TEST_EVIDENCE_KEY, DATABASE_PATH: join(target, 'desk.sqlite') });
    const db = openDatabase(config.databasePath);
    const app = await buildApp({ config, db, clock: new TestClock(), logger: false });
    try {
      const there = await signIn(app, 'counsellor@demo.test');
      expect(textOf((await there.get(`/cases/${kase.id}/evidence`)).body)).toContain('payslip.pdf');
      const res = await there.get(`/cases/${kase.id}/evidence/${row!.id}/download`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(pdf)).toBe(true);
    } finally {
      await app.close();
      db.$client.close();
    }
    // Under another key the restored file does not open: it is refused, never served as something else.
    const wrongKey = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECOND_FACTOR: 'off', TOTP_KEY: TEST_TOTP_KEY, EVIDENCE_KEY: Buffer.alloc(32, 1).toString('base64'), DATABASE_PATH: join(target, 'desk.sqlite') });
    const db2 = openDatabase(wrongKey.databasePath);
    const app2 = await buildApp({ config: wrongKey, db: db2, clock: new TestClock(), logger: false });
    try {
      const there = await signIn(app2, 'counsellor@demo.test');
      const res = await there.get(`/cases/${kase.id}/evidence/${row!.id}/download`);
      expect(res.statusCode).toBe(500);
      expect(res.rawPayload.includes(Buffer.from('%PDF'))).toBe(false);
      expect(textOf(res.body)).toContain('Something went wrong');
    } finally {
      await app2.close();
      db2.$client.close();
    }
  });

  it('the person’s data export lists their files: name, type, size, fingerprint, date (not the bytes)', async () => {
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id });
    const pdf = payslipPdf();
    await attach(kase.id, 'payslip-may.pdf', pdf);
    await counsellor.get(`/people/${person.id}/export`);
    const res = await counsellor.post(`/people/${person.id}/export`, { reviewed: 'on' });
    expect(res.statusCode).toBe(200);
    const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(res.rawPayload)));
    const entries = await reader.getEntries();
    const text = async (name: string) => (entries.find((e) => e.filename === name) as { getData(w: TextWriter): Promise<string> }).getData(new TextWriter());
    const data = JSON.parse(await text('person.json'));
    const html = textOf(await text('person.html'));
    await reader.close();
    expect(data.cases[0].evidence).toEqual([
      { name: 'payslip-may.pdf', type: 'application/pdf', bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), category: 'payslip', description: '', addedAt: '2026-11-24T10:00:00.000Z', addedBy: 'Amira Haddad' },
    ]);
    expect(html).toContain('payslip-may.pdf');
    expect(html).toContain('The evidence files themselves are not in this export');
    expect(html).toContain('File attached');
    expect(html).not.toContain('evidence_added');
    expect(entries.map((e) => e.filename).filter((n) => n.includes('payslip'))).toEqual([]);
  });

  it('a transfer moves the files ticked with the case: the receiving desk opens them, the sending desk gets 404', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    const pdf = payslipPdf();
    await attach(kase.id, 'payslip.pdf', pdf);
    const [row] = t.db.select().from(evidenceFiles).all();
    const url = `/cases/${kase.id}/evidence/${row!.id}/download`;
    const luis = await signIn(t.app, 'counsellor2@demo.test');
    expect((await luis.get(url)).statusCode).toBe(404);

    // Each file to tick says what it is, how big and when it was added: two files of one name can be told apart.
    const form = textOf((await counsellor.get(`/cases/${kase.id}/transfer`)).body);
    expect(form).toMatch(/payslip\.pdf \(Payslip, [\d,.]+ (bytes|KB), \d{1,2} \w{3} \d{4}, \d{2}:\d{2}\s?\)/);
    expect((await counsellor.post(`/cases/${kase.id}/transfers`, { toContactPointId: String(d.chi.id), reason: 'The worker has moved to Chicago and wants to go on with the claim there.', evidenceIds: [String(row!.id)] })).statusCode).toBe(303);
    const marisol = await signIn(t.app, 'supervisor2@demo.test');
    const id = t.db.$client.prepare('select id from transfers order by id desc limit 1').pluck().get() as number;
    await marisol.get(`/transfers/${id}`);
    expect((await marisol.post(`/transfers/${id}/decision`, { decision: 'accept', assignee: d.counsellor2.id, note: '' })).statusCode).toBe(303);

    const there = await luis.get(url);
    expect(there.statusCode).toBe(200);
    expect(there.rawPayload.equals(pdf)).toBe(true);
    expect(textOf((await luis.get(`/cases/${kase.id}/evidence`)).body)).toContain('payslip.pdf');
    expect((await counsellor.get(url)).statusCode).toBe(404);
  });

  it('at start, unfinished uploads and files no held row names are removed; held files stay', async () => {
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    await attach(kase.id, 'kept.pdf');
    await attach(kase.id, 'deleted.pdf');
    const [kept, deleted] = t.db.select().from(evidenceFiles).all();
    // A deletion that committed but whose bytes were still on disk at a stop.
    t.db.update(evidenceFiles).set({ deletedAt: t.clock.now(), purgedAt: t.clock.now(), name: '' }).where(eq(evidenceFiles.id, deleted!.id)).run();
    const orphan = randomUUID();
    writeFileSync(join(t.dir, 'evidence', orphan), 'stored, never recorded');
    mkdirSync(join(t.dir, 'evidence-incoming'), { recursive: true });
    writeFileSync(join(t.dir, 'evidence-incoming', randomUUID()), 'half an upload');
    expect(stored()).toEqual([...storedFor(kept!, deleted!), orphan].sort());

    const again = await buildApp({ config: t.config, db: t.db, clock: t.clock, logger: false });
    await again.ready();
    await again.close();
    expect(stored()).toEqual(storedFor(kept!));
    expect(existsSync(join(t.dir, 'evidence-incoming'))).toBe(false);
  });
});
