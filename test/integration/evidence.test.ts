/**
 * Evidence files on a case (issue 15): upload with limits enforced while streaming, type by bytes, location data
 * removed from photos, encrypted at rest, listed, downloaded by those who may see the case (404 for others),
 * audited, deleted with a reason.
 */
import { createServer, type Server } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { evidenceFiles } from '../../src/evidence/evidence.table.js';
import { createTestApp, signIn, textOf, type Agent, type MultipartPart, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';
import { EICAR, EXE, HTML_PAGE, SVG_IMAGE, docx, hasGpsTag, odt, payslipPdf, photoWithGps, plainPng, plainZip, xlsx } from '../helpers/evidence-files.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
let caseId: number;

async function setUp(env: Record<string, string> = {}) {
  t = await createTestApp(env);
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  caseId = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }).id;
  await counsellor.get(`/cases/${caseId}/evidence`);
}
afterEach(async () => {
  await t?.close();
});

const rows = () => t.db.select().from(evidenceFiles).where(eq(evidenceFiles.caseId, caseId)).all();
const evidenceDir = () => join(t.dir, 'evidence');
const storedNames = () => (existsSync(evidenceDir()) ? readdirSync(evidenceDir()).sort() : []);
/** What the store holds for a file: the file and its thumbnail (a PDF's first page, drawn by pdftoppm). */
const storedFor = (row: { storageId: string; thumbStorageId: string | null }) => [row.storageId, row.thumbStorageId ?? 'no thumbnail'].sort();
const incoming = () => (existsSync(join(t.dir, 'evidence-incoming')) ? readdirSync(join(t.dir, 'evidence-incoming')) : []);

const file = (filename: string, bytes: Buffer | string, type = 'application/octet-stream'): MultipartPart => ({ name: 'files', filename, bytes, type });
const upload = (files: MultipartPart[], fields: Record<string, string> = { category: 'payslip' }, agent = counsellor) =>
  agent.postMultipart(`/cases/${caseId}/evidence`, [...Object.entries(fields).map(([name, value]) => ({ name, value })), ...files]);

function expectNothingStored() {
  expect(rows()).toEqual([]);
  expect(storedNames()).toEqual([]);
  expect(incoming()).toEqual([]);
}

describe('attaching files', () => {
  beforeEach(() => setUp());

  it('attaches several files at once; the list shows name, type, size, category, description, who and when', async () => {
    const res = await upload([file('payslip-march.pdf', payslipPdf(), 'application/pdf'), file('hours.csv', 'week,hours\n1,62\n2,58\n', 'text/csv')], { category: 'payslip', description: 'March payslip and hours' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${caseId}/evidence?added=2`);
    const page = textOf((await counsellor.get(res.headers.location as string)).body);
    expect(page).toContain('2 files were attached.');
    expect(page).toMatch(/payslip-march\.pdf .*March payslip and hours .*PDF 593 bytes Payslip .*Amira Haddad/);
    expect(page).toContain('hours.csv');
    expect(page).toContain('CSV table');
    expect(rows().map((r) => [r.name, r.mimeType, r.category])).toEqual([
      ['payslip-march.pdf', 'application/pdf', 'payslip'],
      ['hours.csv', 'text/csv', 'payslip'],
    ]);
    // The case page shows the card with the upload form; the timeline says what was attached.
    const casePage = textOf((await counsellor.get(`/cases/${caseId}`)).body);
    expect(casePage).toContain('Attach files');
    expect(casePage).toContain('attached 2 files (Payslip)');
  });

  it('stores each file encrypted under a random name outside the web root, with the SHA-256 of what was sent', async () => {
    const pdf = payslipPdf();
    await upload([file('payslip.pdf', pdf)]);
    const [row] = rows();
    expect(row!.storageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(storedNames()).toEqual(storedFor(row!));
    const onDisk = readFileSync(join(evidenceDir(), row!.storageId));
    expect(onDisk.includes(Buffer.from('Payslip March 2026'))).toBe(false);
    expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(row!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    // Downloading gives back the very bytes.
    const res = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`);
    expect(res.rawPayload.equals(pdf)).toBe(true);
  });

  it('accepts each allowed kind, decided by its bytes', async () => {
    const files = [
      file('contract.docx', await docx()),
      file('contract.odt', await odt()),
      file('hours.xlsx', await xlsx()),
      file('notes.txt', 'Worked 62 hours, paid for 40.\n'),
      file('site.png', await plainPng()),
    ];
    const res = await upload(files, { category: 'contract' });
    expect(res.statusCode).toBe(303);
    expect(rows().map((r) => r.mimeType)).toEqual([
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/plain',
      'image/png',
    ]);
    const page = textOf((await counsellor.get(`/cases/${caseId}/evidence`)).body);
    for (const label of ['Word document', 'OpenDocument text', 'Excel spreadsheet', 'Plain text', 'PNG image']) expect(page).toContain(label);
  });

  it('removes the GPS position from a photo unless asked to keep it', async () => {
    const photo = await photoWithGps();
    expect(hasGpsTag(photo)).toBe(true);
    await upload([file('passport-held.jpg', photo, 'image/jpeg')], { category: 'identity_document_held' });
    const [row] = rows();
    const stored = (await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`)).rawPayload;
    expect(hasGpsTag(stored)).toBe(false);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect((await sharp(stored).metadata()).width).toBe(64);
    expect(textOf((await counsellor.get(`/cases/${caseId}/evidence`)).body)).toContain('Location data removed');

    await upload([file('kept.jpg', photo, 'image/jpeg')], { category: 'photo', keepLocation: '1' });
    const kept = rows().find((r) => r.name === 'kept.jpg')!;
    expect(hasGpsTag((await counsellor.get(`/cases/${caseId}/evidence/${kept.id}/download`)).rawPayload)).toBe(true);
  });

  it('refuses an HTML page renamed .png, and says which file', async () => {
    const res = await upload([file('payslip.pdf', payslipPdf()), file('photo.png', HTML_PAGE, 'image/png')]);
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Nothing was attached.');
    expect(text).toContain('photo.png is not a type of file that can be attached');
    // The good file sent with it is not kept either.
    expectNothingStored();
  });

  it.each([
    ['drawing.svg', SVG_IMAGE],
    ['setup.exe', EXE],
    ['archive.zip', 'zip'],
    ['page.txt', '  <html><body>hi</body></html>'],
    ['binary.txt', 'abc\u0000def'],
    ['latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
  ])('refuses %s', async (name, bytes) => {
    const body = bytes === 'zip' ? await plainZip() : bytes;
    const res = await upload([file(name, body)]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(`${name} is not a type of file that can be attached`);
    expectNothingStored();
  });

  it('refuses an upload without a file, or without a category, keeping what was typed', async () => {
    const none = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [
      { name: 'category', value: 'payslip' },
      { name: 'description', value: 'Pay for May' },
      { name: 'files', filename: '', bytes: '' },
    ]);
    expect(none.statusCode).toBe(422);
    expect(textOf(none.body)).toContain('Choose at least one file.');
    expect(none.body).toContain('Pay for May');
    const noCategory = await upload([file('payslip.pdf', payslipPdf())], { description: 'Pay for June' });
    expect(noCategory.statusCode).toBe(422);
    expect(textOf(noCategory.body)).toContain('Choose what the files are evidence of.');
    expect(noCategory.body).toContain('Pay for June');
    expectNothingStored();
  });

  it('refuses an upload without the CSRF token (403), storing nothing', async () => {
    const res = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [{ name: 'category', value: 'payslip' }, file('payslip.pdf', payslipPdf())], { csrf: false });
    expect(res.statusCode).toBe(403);
    expectNothingStored();
    const wrong = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [{ name: '_csrf', value: 'x.y' }, { name: 'category', value: 'payslip' }, file('payslip.pdf', payslipPdf())], { csrf: false });
    expect(wrong.statusCode).toBe(403);
    expectNothingStored();
  });

  it('takes the token from htmx’s header too, and answers htmx with the card', async () => {
    const res = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [{ name: 'category', value: 'message' }, file('chat.txt', 'You will not be paid.')], {
      csrf: false,
      headers: { 'hx-request': 'true', 'x-csrf-token': counsellor.htmxCsrf },
    });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('The file was attached.');
    expect(textOf(res.body)).toContain('chat.txt');
    expect(rows()).toHaveLength(1);
  });
});

describe('limits', () => {
  beforeEach(() => setUp({ EVIDENCE_MAX_FILE_MB: '0.01', EVIDENCE_MAX_CASE_MB: '0.025' }));

  it('refuses a file over the file limit (413) by name, and keeps nothing of the upload', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11_000, 0x20)]);
    const res = await upload([file('small.txt', 'fine'), file('scan.pdf', big)]);
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('scan.pdf is larger than 10 KB, the most a file may be.');
    expectNothingStored();
  });

  it('accepts a file exactly at the limit', async () => {
    const exact = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.round(0.01 * 1024 * 1024) - 9, 0x20)]);
    expect((await upload([file('exact.pdf', exact)])).statusCode).toBe(303);
    expect(rows()).toHaveLength(1);
  });

  it('refuses what would take the case over its limit (413), counting what it already holds', async () => {
    const nine = (n: string) => file(n, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(9_000, 0x20)]));
    expect((await upload([nine('a.pdf'), nine('b.pdf')])).statusCode).toBe(303);
    const res = await upload([nine('c.pdf')]);
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('c.pdf would take this case over 26 KB, the most a case may hold.');
    expect(rows().map((r) => r.name)).toEqual(['a.pdf', 'b.pdf']);
    // Not PDFs pdftoppm can draw: no thumbnails.
    expect(storedNames()).toHaveLength(2);
  });
});

describe('who may open a file', () => {
  beforeEach(() => setUp());

  it('another contact point’s user gets 404 for the file, the list and the upload, as for a file that does not exist', async () => {
    await upload([file('payslip.pdf', payslipPdf())]);
    const [row] = rows();
    const other = await signIn(t.app, 'counsellor2@demo.test');
    const missing = await counsellor.get(`/cases/${caseId}/evidence/${row!.id + 99}/download`);
    expect(missing.statusCode).toBe(404);
    for (const url of [`/cases/${caseId}/evidence/${row!.id}/download`, `/cases/${caseId}/evidence/${row!.id}/view`, `/cases/${caseId}/evidence`]) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(textOf(res.body)).toContain('Page not found There is nothing here, or you do not have access to it.');
      expect(textOf(missing.body)).toContain('Page not found There is nothing here, or you do not have access to it.');
      expect(res.body).not.toContain('payslip.pdf');
    }
    await other.get('/');
    const post = await upload([file('x.txt', 'x')], { category: 'other' }, other);
    expect(post.statusCode).toBe(404);
    expect(rows()).toHaveLength(1);
  });

  it('downloads as an attachment with nosniff; previews images and PDFs sandboxed; audits each', async () => {
    await upload([file('Lohnabrechnung März.pdf', payslipPdf())]);
    const [row] = rows();
    const dl = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="Lohnabrechnung M_rz.pdf"; filename*=UTF-8''Lohnabrechnung%20M%C3%A4rz.pdf`);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    const view = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/view`);
    expect(view.headers['content-type']).toBe('application/pdf');
    expect(view.headers['content-disposition']).toMatch(/^inline; /);
    expect(view.headers['content-security-policy']).toMatch(/^sandbox; /);
    await new Promise((r) => setTimeout(r, 50));
    const audited = t.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'evidence'), eq(auditLog.action, 'export'))).all();
    expect(audited.map((a) => [a.userId, a.targetId])).toEqual([
      [d.counsellor.id, String(row!.id)],
      [d.counsellor.id, String(row!.id)],
    ]);
  });

  it('a text file is never shown inline, even from the preview address', async () => {
    await upload([file('notes.txt', 'hello')]);
    const [row] = rows();
    const view = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/view`);
    expect(view.headers['content-disposition']).toMatch(/^attachment; /);
    expect(view.headers['content-type']).toBe('application/octet-stream');
  });
});

describe('deleting a file', () => {
  beforeEach(() => setUp());

  it('needs a reason; leaves a timeline entry with it; the bytes are gone', async () => {
    await upload([file('wrong-person.pdf', payslipPdf())]);
    const [row] = rows();
    const url = `/cases/${caseId}/evidence/${row!.id}/delete`;
    const refused = await counsellor.post(url, { reason: '  ', version: String(row!.version) });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Say why the file is being deleted.');
    expect(storedNames()).toEqual(storedFor(row!));

    const res = await counsellor.post(url, { reason: 'Uploaded to the wrong case', version: String(row!.version) });
    expect(res.statusCode).toBe(303);
    expect(textOf((await counsellor.get(res.headers.location as string)).body)).toContain('The file was deleted.');
    expect(storedNames()).toEqual([]);
    const after = rows()[0]!;
    expect(after).toMatchObject({ name: '', deletedBy: d.counsellor.id, deletedReason: 'Uploaded to the wrong case', deletedFor: 'deleted' });
    expect(after.purgedAt).not.toBeNull();
    const casePage = textOf((await counsellor.get(`/cases/${caseId}`)).body);
    expect(casePage).toContain('deleted a file (Payslip)');
    expect(casePage).toContain('Uploaded to the wrong case');
    expect(casePage).not.toContain('wrong-person.pdf');
    expect((await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`)).statusCode).toBe(404);
    const event = t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'evidence_deleted'))).get();
    expect(event?.body).toBe('Uploaded to the wrong case');
  });

  it('another contact point’s user cannot delete it (404)', async () => {
    await upload([file('payslip.pdf', payslipPdf())]);
    const [row] = rows();
    const other = await signIn(t.app, 'counsellor2@demo.test');
    const res = await other.post(`/cases/${caseId}/evidence/${row!.id}/delete`, { reason: 'x', version: '1' });
    expect(res.statusCode).toBe(404);
    expect(storedNames()).toEqual(storedFor(row!));
  });
});

describe('malware scan (CLAMD_SOCKET)', () => {
  let server: Server;
  let socketPath: string;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** A stand-in for clamd speaking INSTREAM: FOUND for the EICAR string, OK for anything else. */
  function fakeClamd(path: string) {
    server = createServer((socket) => {
      let data = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (!data.subarray(0, 10).equals(Buffer.from('zINSTREAM\0'))) return;
        let at = 10;
        const body: Buffer[] = [];
        while (at + 4 <= data.length) {
          const n = data.readUInt32BE(at);
          if (n === 0) {
            const scanned = Buffer.concat(body).toString('latin1');
            socket.end(scanned.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
            return;
          }
          if (at + 4 + n > data.length) return;
          body.push(data.subarray(at + 4, at + 4 + n));
          at += 4 + n;
        }
      });
    });
    return new Promise<void>((r) => server.listen(path, r));
  }

  it('refuses the EICAR test file by name, and accepts a clean one', async () => {
    socketPath = join((await import('node:os')).tmpdir(), `clamd-${process.pid}-${Date.now()}.sock`);
    await fakeClamd(socketPath);
    await setUp({ CLAMD_SOCKET: socketPath });
    const res = await upload([file('invoice.txt', EICAR)], { category: 'other' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('invoice.txt was refused: the malware scanner found something harmful in it.');
    expectNothingStored();
    expect((await upload([file('clean.txt', 'nothing here')], { category: 'other' })).statusCode).toBe(303);
    expect(rows()).toHaveLength(1);
  });

  it('refuses (503) when the scanner does not answer, storing nothing', async () => {
    await setUp({ CLAMD_SOCKET: '/nonexistent/clamd.sock' });
    const res = await upload([file('clean.txt', 'nothing here')], { category: 'other' });
    expect(res.statusCode).toBe(503);
    expect(textOf(res.body)).toContain('could not be checked for malware');
    expectNothingStored();
  });
});
