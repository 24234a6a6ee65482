import { parse as parseCsv } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { caseExportCsv, caseExportFileName, caseExportTable } from '../../src/cases/case-export.service.js';
import { CaseListQuery } from '../../src/cases/case-list.schema.js';
import { cases } from '../../src/cases/cases.table.js';
import { deadlines } from '../../src/deadlines/deadlines.table.js';
import { translator } from '../../src/i18n/index.js';
import { createTestApp, signIn, type Agent, type TestApp } from '../helpers/app.js';
import { demo, makeCase, makePerson } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let counsellor: Agent;
let supervisor: Agent;
const fx: Record<string, { id: number; reference: string }> = {};

/** The CSV as a spreadsheet reads it: the header, then one object per row. */
function csvRows(body: string): Record<string, string>[] {
  return parseCsv(body.replace(/^\uFEFF/, ''), { columns: true, relax_column_count: true }) as Record<string, string>[];
}
const refs = (body: string) => csvRows(body).map((r) => r.Reference);

async function sheetOf(raw: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(raw as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

const exportsAudited = () => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'export'), eq(auditLog.targetType, 'case_list'))).all();

beforeAll(async () => {
  t = await createTestApp();
  d = demo(t.db);
  const ldn = d.ldn.id;
  const by = d.counsellor.id;
  // 2026-11-24T10:00Z is the test clock: opened a day before in London's zone.
  const opened = Date.parse('2026-11-23T23:30:00Z');
  fx.mineOpen = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'open', priority: 'high', caseTypes: ['wage_theft', 'holiday_sick_pay'] }, opened);
  const alias = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: null, alias: 'Tigerlily' });
  fx.mineAlias = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'intake', personId: alias.id });
  const formula = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: '=HYPERLINK("http://evil.test","click")' });
  fx.formula = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'open', personId: formula.id });
  fx.supervisors = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'open', assignedTo: d.supervisor.id });
  fx.closed = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'closed' });
  const searched = makePerson(t.db, { contactPointId: ldn, recordedBy: by, name: 'Zanzibar Kowalczyk' });
  fx.searched = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'open', personId: searched.id });
  fx.anonymised = makeCase(t.db, { contactPointId: ldn, createdBy: by, status: 'closed' });
  t.db.update(cases).set({ anonymisedAt: t.clock.now() }).where(eq(cases.id, fx.anonymised.id)).run();
  fx.chicago = makeCase(t.db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, status: 'open' });
  const now = t.clock.now();
  const deadline = (caseId: number, dueDate: string, status: 'open' | 'done' = 'open') =>
    t.db.insert(deadlines).values({ caseId, title: 'ET1', dueDate, source: 'manual', status, reminderLeadDays: 3, createdAt: now, updatedAt: now }).run();
  deadline(fx.mineOpen.id, '2027-01-15');
  deadline(fx.mineOpen.id, '2026-12-20');
  deadline(fx.mineOpen.id, '2026-12-01', 'done');
  counsellor = await signIn(t.app, 'counsellor@demo.test');
  supervisor = await signIn(t.app, 'supervisor@demo.test');
});
afterAll(async () => {
  await t?.close();
});

describe('the case list as CSV', () => {
  it("holds exactly what the counsellor's list shows for their own open cases, named by the filters and today's date", async () => {
    const res = await counsellor.get('/cases/export.csv?assigned=me&status=open');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-mine-open-2026-11-24.csv"');
    expect(refs(res.body).sort()).toEqual([fx.mineOpen!.reference, fx.formula!.reference, fx.searched!.reference].sort());
    const row = csvRows(res.body).find((r) => r.Reference === fx.mineOpen!.reference)!;
    expect(row).toMatchObject({
      Status: 'Open',
      Priority: 'High',
      'Assigned counsellor': d.counsellor.displayName,
      'Contact point': d.ldn.name,
      // Opened 23:30 UTC on 23 Nov is the 23rd in London (GMT in November).
      Opened: '2026-11-23',
      'Next deadline': '2026-12-20',
      'Open deadlines': '2',
    });
    expect(row['Case type']).toContain(';');
  });

  it("never holds another contact point's cases, with or without filters", async () => {
    for (const url of ['/cases/export.csv', '/cases/export.csv?status=open', '/cases/export.csv?q=case']) {
      const res = await counsellor.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(refs(res.body), url).not.toContain(fx.chicago!.reference);
    }
  });

  it('names the person by alias when there is no name, and an anonymised case as anonymised', async () => {
    const rows = csvRows((await counsellor.get('/cases/export.csv')).body);
    expect(rows.find((r) => r.Reference === fx.mineAlias!.reference)!.Person).toBe('Tigerlily');
    const anon = rows.find((r) => r.Reference === fx.anonymised!.reference)!;
    expect(anon.Person).toBe('Anonymised record');
  });

  it('escapes a name a spreadsheet would run as a formula', async () => {
    const res = await counsellor.get('/cases/export.csv?status=open');
    const row = csvRows(res.body).find((r) => r.Reference === fx.formula!.reference)!;
    expect(row.Person).toBe(`'=HYPERLINK("http://evil.test","click")`);
  });

  it('says "search" in the file name, never the words searched for, and finds the searched case', async () => {
    const res = await counsellor.get('/cases/export.csv?q=Zanzibar');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-search-2026-11-24.csv"');
    expect(res.headers['content-disposition']).not.toMatch(/zanzibar/i);
    expect(refs(res.body)).toEqual([fx.searched!.reference]);
  });

  it("gives a supervisor the supervisor's own cases as theirs", async () => {
    const res = await supervisor.get('/cases/export.csv?assigned=me');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-mine-2026-11-24.csv"');
    expect(refs(res.body)).toEqual([fx.supervisors!.reference]);
    const other = await supervisor.get(`/cases/export.csv?assigned=${d.counsellor.id}&status=intake`);
    expect(other.headers['content-disposition']).toMatch(/^attachment; filename="cases-assigned-[a-z-]+-intake-2026-11-24\.csv"$/);
    expect(refs(other.body)).toEqual([fx.mineAlias!.reference]);
  });

  it('refuses a bad filter with 422 and a clear message, and records no export', async () => {
    const before = exportsAudited().length;
    for (const url of ['/cases/export.csv?status=bogus', '/cases/export.xlsx?priority=very', `/cases/export.csv?assigned=${d.counsellor2.id}`, `/cases/export.csv?q=${'x'.repeat(300)}`]) {
      const res = await counsellor.get(url);
      expect(res.statusCode, url).toBe(422);
      expect(res.headers['content-disposition'], url).toBeUndefined();
      expect(res.body, url).toContain('a filter has a value that is not allowed');
    }
    expect(exportsAudited().length).toBe(before);
  });

  it('refuses those who may not list cases, and an unknown format', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get('/cases/export.csv')).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/cases/export.csv' })).statusCode).toBe(303);
    expect((await counsellor.get('/cases/export.pdf')).statusCode).toBe(404);
  });

  it('audits the download: who, the filters by name (a search never by its words) and the row count', async () => {
    const before = exportsAudited().length;
    await counsellor.get('/cases/export.csv?q=Zanzibar&status=open');
    const entries = exportsAudited();
    expect(entries.length).toBe(before + 1);
    const entry = entries.at(-1)!;
    expect(entry).toMatchObject({ userId: d.counsellor.id, contactPointId: d.ldn.id, targetId: null });
    expect(entry.fields).toEqual(['format=csv', 'rows=1', 'q', 'status=open']);
    expect(JSON.stringify(entry)).not.toMatch(/zanzibar/i);
  });
});

describe('the case list as XLSX', () => {
  it('holds the same cases, dates as date cells, counts as numbers, formulas escaped', async () => {
    const res = await counsellor.get('/cases/export.xlsx?assigned=me&status=open');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-mine-open-2026-11-24.xlsx"');
    const sheet = await sheetOf(res.rawPayload);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('Reference');
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r[1]).sort()).toEqual([fx.mineOpen!.reference, fx.formula!.reference, fx.searched!.reference].sort());
    const row = rows.find((r) => r[1] === fx.mineOpen!.reference)!;
    const col = (name: string) => header.indexOf(name) + 1;
    expect(row[col('Opened')]).toEqual(new Date('2026-11-23T00:00:00Z'));
    expect(row[col('Next deadline')]).toEqual(new Date('2026-12-20T00:00:00Z'));
    expect(row[col('Open deadlines')]).toBe(2);
    const formula = rows.find((r) => r[1] === fx.formula!.reference)!;
    expect(formula[col('Person')]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    // Nothing in the workbook is a formula cell.
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(exportsAudited().at(-1)!.fields).toEqual(['format=xlsx', 'rows=3', 'status=open', 'assigned=me']);
  });
});

describe('the cap', () => {
  it('stops at the cap, says so in the file and in its name', async () => {
    const tr = translator('en');
    const query = CaseListQuery.parse({});
    const filter = { contactPointIds: [d.ldn.id] };
    const file = await caseExportTable(t.db, tr, filter, { sort: 'activity', dir: 'desc' }, new Map([[d.ldn.id, 'Europe/London']]), 3);
    expect(file.count).toBe(3);
    expect(file.capped).toBe(true);
    const csv = caseExportCsv(tr, file, 3);
    expect(csv.trimEnd().split('\r\n').at(-1)).toBe('Only the first 3 cases are in this file. Narrow the filters to export the others.');
    expect(caseExportFileName(query, { today: '2026-11-24', format: 'csv', capped: true, cap: 3 })).toBe('cases-first-3-2026-11-24.csv');
    const all = await caseExportTable(t.db, tr, filter, { sort: 'activity', dir: 'desc' }, new Map(), 50);
    expect(all.capped).toBe(false);
  });
});

describe('the download links on the list', () => {
  it('carry the filters of the list as shown', async () => {
    const res = await counsellor.get('/cases?assigned=me&status=open&q=Zanzibar&page=1');
    expect(res.body).toContain('href="/cases/export.csv?q=Zanzibar&amp;status=open&amp;assigned=me"');
    expect(res.body).toContain('href="/cases/export.xlsx?q=Zanzibar&amp;status=open&amp;assigned=me"');
  });
});
