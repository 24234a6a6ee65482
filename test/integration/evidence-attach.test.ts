/**
 * Files attached from a timeline entry, and thumbnails (issue 15, evidence items 1 and 4): the case page's quick-add
 * form carries files, which go through the evidence upload's checks and become evidence files of the case linked to
 * the entry; all or nothing; a restricted note's attachments only for who may read the note; thumbnails of photos and
 * of a PDF's first page, sealed in the store, served under the file's own 404 rule.
 */
import { TextWriter, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { caseEvents } from '../../src/cases/cases.table.js';
import { evidenceFiles } from '../../src/evidence/evidence.table.js';
import { insertUser, setUserContactPoints } from '../../src/users/users.repo.js';
import { DEMO_PASSWORD, createTestApp, signIn, textOf, type Agent, type MultipartPart, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';
import { HTML_PAGE, hasGpsTag, payslipPdf, photoWithGps } from '../helpers/evidence-files.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent; // Amira Haddad, London
let caseId: number;

async function setUp(env: Record<string, string> = {}) {
  t = await createTestApp(env);
  d = demo(t.db);
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  caseId = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }).id;
  await counsellor.get(`/cases/${caseId}`);
}
afterEach(async () => {
  await t?.close();
});

/** A second London counsellor, who may see the case but not Amira's restricted notes. */
async function colleague(): Promise<Agent> {
  const id = randomUUID();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  t.db.transaction((tx) => insertUser(tx, { id, email: 'colleague@demo.test', displayName: 'Piotr Zielinski', role: 'counsellor', languages: ['en'], passwordHash, passwordChangedAt: t.clock.now(), createdAt: t.clock.now() }));
  t.db.transaction((tx) => setUserContactPoints(tx, id, [d.ldn.id]));
  return signIn(t.app, 'colleague@demo.test');
}

const files = () => t.db.select().from(evidenceFiles).where(eq(evidenceFiles.caseId, caseId)).all();
const entries = () => t.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).all().filter((e) => e.kind === 'note' || e.kind === 'call' || e.kind === 'meeting');
const folder = (name: string) => (existsSync(join(t.dir, name)) ? readdirSync(join(t.dir, name)) : []);
const file = (filename: string, bytes: Buffer | string, type = 'application/octet-stream'): MultipartPart => ({ name: 'files', filename, bytes, type });

/** The quick-add form as the browser sends it: the entry's fields, the attachment fields, then the files. */
function addEntry(body: string, attached: MultipartPart[], fields: Record<string, string> = {}, agent = counsellor, headers: Record<string, string> = {}) {
  const all = { kind: 'note', body, occurredOn: '', occurredTime: '', attachCategory: 'other', ...fields };
  return agent.postMultipart(`/cases/${caseId}/notes`, [...Object.entries(all).map(([name, value]) => ({ name, value })), ...(attached.length ? attached : [file('', '')])], { headers });
}

/** A photo far larger than a thumbnail, with a GPS position in its EXIF. */
const bigPhoto = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();

describe('attaching files from a timeline entry', () => {
  it('a note with a PDF attached: the entry and the file exist, linked; the timeline and the documents list show it; the download gives the bytes', async () => {
    await setUp();
    const pdf = payslipPdf();
    const res = await addEntry('Amira brought her March payslip: 48 hours paid of 62 worked.', [file('payslip-march.pdf', pdf, 'application/pdf')], { attachCategory: 'payslip' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${caseId}?notice=entryAdded#timeline`);

    const [entry] = entries();
    expect(entry).toMatchObject({ kind: 'note', body: 'Amira brought her March payslip: 48 hours paid of 62 worked.', userId: d.counsellor.id, restricted: false });
    const [row] = files();
    expect(row).toMatchObject({ name: 'payslip-march.pdf', mimeType: 'application/pdf', category: 'payslip', eventId: entry!.id, byteSize: pdf.length, addedBy: d.counsellor.id });
    // Sealed in the store like any evidence file; no "attached a file" entry besides the note itself.
    expect(folder('evidence')).toContain(row!.storageId);
    expect(readFileSync(join(t.dir, 'evidence', row!.storageId)).includes(Buffer.from('%PDF'))).toBe(false);
    expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'evidence_added')).all()).toEqual([]);

    const page = await counsellor.get(res.headers.location as string);
    const text = textOf(page.body);
    expect(text).toContain('Added to the timeline.');
    expect(text).toMatch(/Amira brought her March payslip: 48 hours paid of 62 worked\. payslip-march\.pdf \(593 bytes\)/);
    expect(page.body).toContain(`href="/cases/${caseId}/evidence/${row!.id}/download"`);

    const list = textOf((await counsellor.get(`/cases/${caseId}/evidence`)).body);
    expect(list).toContain('payslip-march.pdf');
    expect(list).toContain('Attached to the entry of 24 Nov 2026');

    const download = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="payslip-march.pdf"/);
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });

  it('a note without files is an entry as before; several files at once; a photo loses its GPS position', async () => {
    await setUp();
    expect((await addEntry('Phoned the agency; no answer.', [], { kind: 'call' })).statusCode).toBe(303);
    expect(entries().map((e) => e.kind)).toEqual(['call']);
    expect(files()).toEqual([]);

    const res = await addEntry('Photos of the passport the employer holds, and the payslip.', [file('passport.jpg', await photoWithGps(), 'image/jpeg'), file('payslip.pdf', payslipPdf())], { attachCategory: 'identity_document_held' });
    expect(res.statusCode).toBe(303);
    const note = entries().find((e) => e.kind === 'note')!;
    expect(files().map((f) => [f.name, f.eventId, f.category, f.locationRemoved])).toEqual([
      ['passport.jpg', note.id, 'identity_document_held', true],
      ['payslip.pdf', note.id, 'identity_document_held', false],
    ]);
    const photo = files()[0]!;
    const bytes = (await counsellor.get(`/cases/${caseId}/evidence/${photo.id}/download`)).rawPayload;
    expect(hasGpsTag(bytes)).toBe(false);
  });

  it('an HTML file renamed .png: 422 naming it, the note as typed in the form, and nothing saved — neither the entry nor any file', async () => {
    await setUp();
    const res = await addEntry('Screenshots of the WhatsApp messages from the manager.', [file('payslip.pdf', payslipPdf()), file('screenshot.png', HTML_PAGE, 'image/png')], { kind: 'meeting', occurredOn: '2026-11-20', restricted: 'on' });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Nothing was saved: neither the entry nor any of its files.');
    expect(text).toContain('screenshot.png is not a type of file that can be attached.');
    // What was typed is back in the form.
    expect(res.body).toMatch(/<textarea[^>]*name="body"[^>]*>Screenshots of the WhatsApp messages from the manager\.<\/textarea>/);
    expect(res.body).toMatch(/name="kind" value="meeting" checked/);
    expect(res.body).toContain('value="2026-11-20"');
    expect(res.body).toMatch(/name="restricted" id="f-restricted"[^>]*checked/);
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
    expect(folder('evidence')).toEqual([]);
    expect(folder('evidence-incoming')).toEqual([]);
    // The same with htmx: the form alone, swapped in place, with the same message.
    const again = await addEntry('Screenshots again.', [file('screenshot.png', HTML_PAGE, 'image/png')], {}, counsellor, { 'hx-request': 'true' });
    expect(again.statusCode).toBe(422);
    expect(again.body).not.toContain('<html');
    expect(again.body).toContain('id="entry-form"');
    expect(textOf(again.body)).toContain('screenshot.png is not a type of file that can be attached.');
    expect(entries()).toEqual([]);
  });

  it('a file over the limit: 413 naming it and the limit, the note kept, nothing saved', async () => {
    await setUp({ EVIDENCE_MAX_FILE_MB: '0.01' });
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20_000, 0x20)]);
    const res = await addEntry('The contract, 40 pages.', [file('contract.pdf', big)]);
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('contract.pdf is larger than 10 KB, the most a file may be.');
    expect(res.body).toContain('>The contract, 40 pages.</textarea>');
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
  });

  it('a note longer than any form sends (past the multipart field limit): 413, nothing saved', async () => {
    await setUp();
    const res = await addEntry('Pasted in full. '.repeat(5000), [file('payslip.pdf', payslipPdf())]);
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('too large');
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
    expect(folder('evidence-incoming')).toEqual([]);
  });

  it('an entry whose own fields are wrong reads no file and saves nothing (422 with the field message)', async () => {
    await setUp();
    const res = await addEntry('   ', [file('payslip.pdf', payslipPdf())]);
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Write the note or what was said.');
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
    expect(folder('evidence-incoming')).toEqual([]);
  });

  it('without the form’s CSRF token: 403, nothing saved', async () => {
    await setUp();
    const res = await counsellor.postMultipart(`/cases/${caseId}/notes`, [{ name: 'kind', value: 'note' }, { name: 'body', value: 'Forged.' }, file('payslip.pdf', payslipPdf())], { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
  });

  it('with htmx: the fresh form, the new entry with its attachment, and the evidence card reloaded out of band', async () => {
    await setUp();
    const res = await addEntry('Timesheet for October.', [file('october.pdf', payslipPdf())], { attachCategory: 'timesheet' }, counsellor, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('hx-swap-oob="afterbegin:#timeline-list"');
    expect(textOf(res.body)).toContain('october.pdf');
    expect(res.body).toMatch(/<section class="card evidence" id="case-evidence"[^>]* hx-swap-oob="true" hx-get="\/cases\/\d+\/evidence"/);
  });

  it('a restricted note’s attachment: its author and the supervisor open it; another counsellor of the desk gets 404 and never sees it listed', async () => {
    await setUp();
    const piotr = await colleague();
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    const res = await addEntry('Medical letter about the injury at work.', [file('medical-letter.pdf', payslipPdf()), file('wound.jpg', await photoWithGps())], { restricted: 'on' });
    expect(res.statusCode).toBe(303);
    const [pdfRow, photoRow] = files();
    expect(photoRow!.thumbStorageId).not.toBeNull();
    const urls = (id: number) => ['download', 'view', 'thumbnail'].map((what) => `/cases/${caseId}/evidence/${id}/${what}`);

    for (const url of [...urls(pdfRow!.id), ...urls(photoRow!.id)]) {
      expect((await counsellor.get(url)).statusCode, url).toBe(200);
      expect((await supervisor.get(url)).statusCode, url).toBe(200);
      const refused = await piotr.get(url);
      expect(refused.statusCode, url).toBe(404);
      // Exactly the answer for a file that does not exist.
      expect(textOf(refused.body)).toBe(textOf((await piotr.get(`/cases/${caseId}/evidence/999999/download`)).body));
    }
    const listed = textOf((await piotr.get(`/cases/${caseId}/evidence`)).body);
    expect(listed).not.toContain('medical-letter.pdf');
    expect(listed).not.toContain('wound.jpg');
    expect(listed).toContain('No files attached yet.');
    expect(textOf((await piotr.get(`/cases/${caseId}`)).body)).not.toContain('medical-letter.pdf');
    // Nor may he delete it.
    await piotr.get(`/cases/${caseId}/evidence`);
    expect((await piotr.post(`/cases/${caseId}/evidence/${pdfRow!.id}/delete`, { reason: 'x', version: '1' })).statusCode).toBe(404);
    expect(files().every((f) => f.deletedAt === null)).toBe(true);
    // The author and the supervisor see both in the list.
    for (const agent of [counsellor, supervisor]) expect(textOf((await agent.get(`/cases/${caseId}/evidence`)).body)).toMatch(/medical-letter\.pdf[\s\S]*wound\.jpg|wound\.jpg[\s\S]*medical-letter\.pdf/);
  });
});

describe('attachments and the rest of the house', () => {
  it('a full disk: 503 that gives back the typed text (not the files), and nothing saved', async () => {
    await setUp();
    const sqlite = t.db.$client;
    // The database file may not grow, as on a full disk; a note longer than a page needs new pages. The free pages a
    // migration left (0021 rebuilds the search table) would take it without growing: VACUUM gives them back first.
    sqlite.exec('VACUUM');
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    const body = `Marisol read out her diary. ${'Twelve hours at the packing line, no break. '.repeat(120)}`;
    const res = await addEntry(body, [file('diary.pdf', payslipPdf())]);
    sqlite.pragma('max_page_count = 1073741823');
    expect(res.statusCode).toBe(503);
    const text = textOf(res.body);
    expect(text).toContain('Nothing was saved: the server’s disk is full.');
    expect(text).toContain('Marisol read out her diary.');
    expect(text).toContain('The files you chose were not kept');
    expect(text).not.toContain('Send again');
    expect(entries()).toEqual([]);
    expect(files()).toEqual([]);
    expect(folder('evidence')).toEqual([]);
    expect(folder('evidence-incoming')).toEqual([]);
  });

  it('the person’s data export lists a restricted note’s attachment only when the note itself goes in', async () => {
    await setUp();
    const person = makePerson(t.db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id });
    caseId = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id }).id;
    await counsellor.get(`/cases/${caseId}`);
    expect((await addEntry('Told me about the clinic visit.', [file('clinic-letter.pdf', payslipPdf())], { restricted: 'on' })).statusCode).toBe(303);
    expect((await addEntry('Brought the contract.', [file('contract.pdf', payslipPdf())])).statusCode).toBe(303);
    const noteId = entries().find((e) => e.restricted)!.id;
    const listed = async (form: Record<string, string>) => {
      await counsellor.get(`/people/${person.id}/export`);
      const res = await counsellor.post(`/people/${person.id}/export`, { reviewed: 'on', ...form });
      expect(res.statusCode).toBe(200);
      const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(res.rawPayload)));
      const json = (await reader.getEntries()).find((e) => e.filename === 'person.json') as { getData(w: TextWriter): Promise<string> };
      const data = JSON.parse(await json.getData(new TextWriter()));
      await reader.close();
      return (data.cases[0].evidence as { name: string }[]).map((e) => e.name).sort();
    };
    expect(await listed({})).toEqual(['contract.pdf']);
    expect(await listed({ include: String(noteId) })).toEqual(['clinic-letter.pdf', 'contract.pdf']);
  });
});

describe('thumbnails', () => {
  it('of a JPEG: a WebP at most 160 pixels wide, without the GPS position, sealed in the store, shown in the documents list', async () => {
    await setUp();
    await counsellor.get(`/cases/${caseId}/evidence`);
    const res = await counsellor.postMultipart(`/cases/${caseId}/evidence`, [{ name: 'category', value: 'photo' }, file('bunk-room.jpg', await bigPhoto(), 'image/jpeg')]);
    expect(res.statusCode).toBe(303);
    const [row] = files();
    expect(row!.thumbStorageId).toMatch(/^[0-9a-f-]{36}$/);
    const sealed = readFileSync(join(t.dir, 'evidence', row!.thumbStorageId!));
    expect(sealed.includes(Buffer.from('WEBP'))).toBe(false);

    const thumb = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toBe('no-store');
    expect(thumb.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(160);
    expect(meta.height).toBeLessThanOrEqual(160);
    expect(meta.exif).toBeUndefined();

    const list = await counsellor.get(`/cases/${caseId}/evidence`);
    expect(list.body).toContain(`<img class="thumb" src="/cases/${caseId}/evidence/${row!.id}/thumbnail" alt=""`);
  });

  it('of a PDF: its first page, when pdftoppm is installed', async () => {
    await setUp();
    await addEntry('Payslip.', [file('payslip.pdf', payslipPdf())]);
    const [row] = files();
    expect(row!.thumbStorageId).not.toBeNull();
    const thumb = await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    // A US letter page, upright: 160 pixels high.
    expect(meta.height).toBe(160);
    expect(meta.width).toBeLessThan(160);
    // The timeline entry shows it.
    expect((await counsellor.get(`/cases/${caseId}`)).body).toContain(`src="/cases/${caseId}/evidence/${row!.id}/thumbnail"`);
  });

  it('without pdftoppm, a PDF has none: the list shows an icon, the thumbnail URL is a 404, the file itself is kept', async () => {
    await setUp({ PDFTOPPM: '/nonexistent/pdftoppm' });
    await addEntry('Payslip.', [file('payslip.pdf', payslipPdf())]);
    const [row] = files();
    expect(row).toMatchObject({ name: 'payslip.pdf', thumbStorageId: null });
    expect(folder('evidence')).toEqual([row!.storageId]);
    expect((await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`)).statusCode).toBe(404);
    const list = await counsellor.get(`/cases/${caseId}/evidence`);
    expect(list.body).toContain('thumb--icon fileicon--pdf');
    expect(list.body).not.toContain('/thumbnail"');
    expect((await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/download`)).rawPayload.equals(payslipPdf())).toBe(true);
  });

  it('another contact point’s user gets 404 for a thumbnail, the same as for one that does not exist', async () => {
    await setUp();
    await addEntry('Photo.', [file('photo.jpg', await photoWithGps())]);
    const [row] = files();
    expect((await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`)).statusCode).toBe(200);
    const chicago = await signIn(t.app, 'counsellor2@demo.test');
    const res = await chicago.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(res.body)).toBe(textOf((await chicago.get(`/cases/${caseId}/evidence/999999/thumbnail`)).body));
  });

  it('goes with its file: deleting the file removes both from the store', async () => {
    await setUp();
    await addEntry('Photo.', [file('photo.jpg', await photoWithGps())]);
    const [row] = files();
    expect(folder('evidence').sort()).toEqual([row!.storageId, row!.thumbStorageId!].sort());
    await counsellor.get(`/cases/${caseId}/evidence`);
    expect((await counsellor.post(`/cases/${caseId}/evidence/${row!.id}/delete`, { reason: 'Wrong case', version: String(row!.version) })).statusCode).toBe(303);
    expect(folder('evidence')).toEqual([]);
    expect((await counsellor.get(`/cases/${caseId}/evidence/${row!.id}/thumbnail`)).statusCode).toBe(404);
  });
});
