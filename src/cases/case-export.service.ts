import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { auditSoon } from '../audit/audit.service.js';
import type { Actor } from '../auth/policy.js';
import type { Db, DbOrTx } from '../db/client.js';
import type { Translator } from '../i18n/index.js';
import { todayIn } from '../deadlines/compute.js';
import { formulaSafe, toCsv, type CsvCell } from '../reports/csv.js';
import { exportCaseIds, exportCaseRows, type CaseExportRow, type CaseListFilter, type CaseListOrder } from './case-list.repo.js';
import type { CaseListQuery } from './case-list.schema.js';

/** A file holds at most this many cases; past it the file says so, and its name does too. */
export const CASE_EXPORT_CAP = 50_000;

export const caseExportFormats = ['csv', 'xlsx'] as const;
export type CaseExportFormat = (typeof caseExportFormats)[number];

const columns = ['reference', 'status', 'priority', 'caseTypes', 'person', 'assignedTo', 'contactPoint', 'opened', 'lastActivity', 'nextDeadline', 'openDeadlines'] as const;
type Column = (typeof columns)[number];
/** Columns holding a calendar date (YYYY-MM-DD): a date cell in XLSX. */
const dateColumns: ReadonlySet<Column> = new Set(['opened', 'lastActivity', 'nextDeadline']);

export type CaseExportFile = { header: string[]; rows: CsvCell[][]; count: number; capped: boolean };

/** Cases read per step; between steps other requests are served (a file of 50,000 cases takes a while). */
const EXPORT_CHUNK = 500;

/** The cases of the list's filter as the columns of a file, labels in the reader's language, dates in each case's desk's zone. */
export async function caseExportTable(db: DbOrTx, tr: Translator, filter: CaseListFilter, order: CaseListOrder, timeZones: ReadonlyMap<number, string>, cap = CASE_EXPORT_CAP): Promise<CaseExportFile> {
  const { ids, capped } = exportCaseIds(db, filter, order, cap);
  const rows: CaseExportRow[] = [];
  for (let i = 0; i < ids.length; i += EXPORT_CHUNK) {
    if (i > 0) await nextTurn();
    rows.push(...exportCaseRows(db, ids.slice(i, i + EXPORT_CHUNK)));
  }
  const person = (r: CaseExportRow) => (r.anonymised ? tr.t('people.show.anonymised') : (r.personName ?? r.personAlias ?? tr.t('casePage.anonymous')));
  const cells = rows.map((r): CsvCell[] => {
    const zone = timeZones.get(r.contactPointId) ?? 'UTC';
    const value: Record<Column, CsvCell> = {
      reference: r.reference,
      status: tr.t(`cases.statuses.${r.status}`),
      priority: tr.t(`cases.priorities.${r.priority}`),
      caseTypes: r.caseTypes.map((c) => tr.t(`cases.caseTypes.${c}`)).join('; '),
      person: person(r),
      assignedTo: r.assigneeName ?? tr.t('casePage.unassigned'),
      contactPoint: r.contactPointName,
      opened: todayIn(zone, r.openedAt),
      lastActivity: todayIn(zone, r.lastActivityAt),
      nextDeadline: r.nextDeadline,
      openDeadlines: r.openDeadlines,
    };
    return columns.map((c) => value[c]);
  });
  return { header: columns.map((c) => tr.t(`caseExport.columns.${c}`)), rows: cells, count: rows.length, capped };
}

/** The capped note, as the last line of the file. */
const cappedNote = (tr: Translator, cap: number) => tr.t('caseExport.capped', { cap: tr.number(cap) });

export function caseExportCsv(tr: Translator, file: CaseExportFile, cap = CASE_EXPORT_CAP): string {
  return toCsv(file.header, file.capped ? [...file.rows, [cappedNote(tr, cap)]] : file.rows);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The same table as a workbook: dates as date cells (shown YYYY-MM-DD), counts as numbers, all text as plain strings
 * (never a formula). exceljs writes a Date as the serial of its UTC day, so a calendar day is built at UTC midnight.
 * Written row by row with exceljs' streaming writer: a workbook of 50,000 rows held whole takes most of a gigabyte.
 */
export async function caseExportXlsx(tr: Translator, file: CaseExportFile, cap = CASE_EXPORT_CAP): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(tr.t('caseExport.sheetName').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = file.header.map((h, i) => ({ header: formulaSafe(h), width: dateColumns.has(columns[i]!) ? 12 : 22, style: dateColumns.has(columns[i]!) ? { numFmt: 'yyyy-mm-dd' } : {} }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.commit();
  let n = 0;
  for (const row of file.rows) {
    sheet.addRow(row.map((cell, i) => (cell === null ? null : typeof cell === 'number' ? cell : dateColumns.has(columns[i]!) && ISO_DAY.test(cell) ? new Date(`${cell}T00:00:00Z`) : formulaSafe(cell)))).commit();
    if (++n % EXPORT_CHUNK === 0) await nextTurn();
  }
  if (file.capped) sheet.addRow([formulaSafe(cappedNote(tr, cap))]).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(parts);
}

/** The name's words for the filters used; the search text is personal data, so a search is only ever "search". */
export function caseExportFileName(query: CaseListQuery, o: { assigneeName?: string; today: string; format: CaseExportFormat; capped: boolean; cap?: number }): string {
  const slug = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).toLowerCase();
  const parts = ['cases'];
  if (query.assigned === 'me') parts.push('mine');
  else if (query.assigned === 'unassigned') parts.push('unassigned');
  else if (query.assigned) parts.push('assigned', slug(o.assigneeName ?? '') || 'counsellor');
  for (const name of ['status', 'type', 'sector', 'priority'] as const) if (query[name]) parts.push(slug(query[name]));
  if (query.q) parts.push('search');
  if (o.capped) parts.push('first', String(o.cap ?? CASE_EXPORT_CAP));
  parts.push(o.today);
  return `${parts.join('-')}.${o.format}`;
}

/**
 * The download is on the record: who, a summary of the filter (a search as the bare word "q", never its text; the
 * other filters are catalogue values or "me") and how many cases left in which format. Never a value from the file.
 */
export function recordCaseExport(db: Db, actor: Actor, query: CaseListQuery, o: { format: CaseExportFormat; count: number; capped: boolean; clientAddress: string | null; now: number }): void {
  const summary: string[] = [`format=${o.format}`, `rows=${o.count}`];
  if (o.capped) summary.push('capped');
  if (query.q) summary.push('q');
  for (const name of ['status', 'type', 'sector', 'priority'] as const) if (query[name]) summary.push(`${name}=${query[name]}`);
  // A counsellor's id is no secret in the log (every entry names its user); "me" and "unassigned" as they are.
  if (query.assigned) summary.push(`assigned=${query.assigned === actor.id ? 'me' : query.assigned}`);
  const desks = actor.contactPointIds;
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'case_list', contactPointId: desks.length === 1 ? desks[0] : null, fields: summary, clientAddress: o.clientAddress }, o.now);
}
