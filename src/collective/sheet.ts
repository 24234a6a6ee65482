import { parse as parseCsv } from 'csv-parse/sync';
import { configure, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { currencies } from '../cases/catalogue.js';
import { moneyField } from '../cases/intake.schema.js';
import { countryCodes, isKnownLanguage, isRealDate } from '../people/people.schema.js';

/**
 * Bulk intake from a spreadsheet (issue 15): a CSV or XLSX file of workers, one a row, the first row naming the
 * columns. Parsing is by maintained parsers (csv-parse, exceljs); what a file is, is decided by its bytes.
 */

export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
export const MAX_SHEET_ROWS = 5000;
export const MAX_SHEET_COLUMNS = 60;
/** What an XLSX may unpack to: a 5 MB file of compressed XML could otherwise expand to gigabytes in memory. */
export const MAX_XLSX_UNPACKED = 100 * 1024 * 1024;

configure({ useWebWorkers: false });

/** What a column of the sheet can be mapped to ('' = not imported). */
export const sheetFields = [
  'name',
  'alias',
  'phone',
  'nationality',
  'language',
  'consentStore',
  'consentShare',
  'consentStatistics',
  'consentDate',
  'employmentStart',
  'employmentEnd',
  'amountClaimed',
  'currency',
] as const;
export type SheetField = (typeof sheetFields)[number];
export type Mapping = (SheetField | '')[];

/** Header words (English and the desks' other languages) that name each field, folded to lower-case letters and digits. */
const headerWords: Record<SheetField, string[]> = {
  name: ['name', 'fullname', 'legalname', 'nom', 'nombre', 'nome', 'naam'],
  alias: ['alias', 'nickname', 'chosenname', 'pseudonyme', 'apodo', 'spitzname', 'roepnaam', 'apelido'],
  phone: ['phone', 'telephone', 'mobile', 'tel', 'telefono', 'telefon', 'telefoon', 'telefone', 'whatsapp'],
  nationality: ['nationality', 'nationalite', 'nacionalidad', 'nazionalita', 'staatsangehorigkeit', 'nationaliteit', 'nacionalidade', 'country'],
  language: ['language', 'preferredlanguage', 'langue', 'idioma', 'lingua', 'sprache', 'taal'],
  consentStore: ['consentstore', 'store', 'consenttostore', 'consent'],
  consentShare: ['consentshare', 'sharewithpartners', 'share', 'consentsharewithpartners'],
  consentStatistics: ['consentstatistics', 'anonymisedstatistics', 'statistics', 'consentanonymisedstatistics'],
  consentDate: ['consentdate', 'consentgivenon', 'dateofconsent'],
  employmentStart: ['employmentstart', 'startdate', 'start', 'from', 'debut'],
  employmentEnd: ['employmentend', 'enddate', 'end', 'to', 'fin'],
  amountClaimed: ['amountclaimed', 'amount', 'claimed', 'owed', 'unpaidwages', 'montant', 'importe', 'betrag', 'bedrag'],
  currency: ['currency', 'devise', 'moneda', 'valuta', 'wahrung', 'moeda'],
};

const foldHeader = (h: string) =>
  h
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The mapping guessed from the header row: each column to the field its header names, each field at most once. */
export function guessMapping(headers: readonly string[]): Mapping {
  const taken = new Set<SheetField>();
  return headers.map((h) => {
    const key = foldHeader(h);
    const field = sheetFields.find((f) => !taken.has(f) && headerWords[f].includes(key));
    if (!field) return '';
    taken.add(field);
    return field;
  });
}

export type Sheet = { headers: string[]; rows: string[][] };
export type SheetProblem = 'notSpreadsheet' | 'empty' | 'tooManyRows' | 'tooManyColumns' | 'noHeader' | 'unpackedTooLarge';
export type ParsedSheet = { ok: true; sheet: Sheet } | { ok: false; problem: SheetProblem };

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** Text a person could have saved as CSV: valid UTF-8 without NUL bytes (a binary file is neither). */
function asText(b: Buffer): string | null {
  if (b.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return null;
  }
}

/** An XLSX cell as the sheet shows it: dates as YYYY-MM-DD, formulas by their result, rich text as its text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The sizes the ZIP's own directory declares, summed; null when it is not a ZIP at all. Read before exceljs unpacks anything. */
async function unpackedSize(buffer: Buffer): Promise<number | null> {
  try {
    const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(buffer)));
    const entries = await reader.getEntries();
    await reader.close();
    return entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  } catch {
    return null;
  }
}

async function readXlsx(buffer: Buffer): Promise<string[][] | 'tooLarge' | null> {
  const size = await unpackedSize(buffer);
  if (size === null) return null;
  if (size > MAX_XLSX_UNPACKED) return 'tooLarge';
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  let tooWide = false;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > MAX_SHEET_ROWS + 1) return;
    const cells: string[] = [];
    const count = row.cellCount;
    if (count > MAX_SHEET_COLUMNS) tooWide = true;
    for (let c = 1; c <= Math.min(count, MAX_SHEET_COLUMNS + 1); c += 1) cells.push(cellText(row.getCell(c).value).trim());
    rows.push(cells);
  });
  return tooWide ? [new Array<string>(MAX_SHEET_COLUMNS + 1).fill('x')] : rows;
}

function readCsv(text: string): string[][] | null {
  try {
    // The separator a spreadsheet saved with: ';' in much of Europe, ',' elsewhere (the first line decides).
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || undefined);
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    const records: string[][] = parseCsv(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, to: MAX_SHEET_ROWS + 2 });
    return records;
  } catch {
    return null;
  }
}

/** The header row and the data rows of an uploaded file, or why it cannot be read. Nothing is kept of a refused file. */
export async function readSheet(buffer: Buffer): Promise<ParsedSheet> {
  if (buffer.length === 0) return { ok: false, problem: 'empty' };
  let rows: string[][] | null;
  if (isZip(buffer)) {
    const read = await readXlsx(buffer);
    if (read === 'tooLarge') return { ok: false, problem: 'unpackedTooLarge' };
    rows = read;
  } else {
    const text = asText(buffer);
    rows = text === null ? null : readCsv(text);
  }
  if (rows === null) return { ok: false, problem: 'notSpreadsheet' };
  const nonEmpty = rows.filter((r) => r.some((c) => c !== ''));
  if (nonEmpty.length === 0) return { ok: false, problem: 'empty' };
  if (nonEmpty.some((r) => r.length > MAX_SHEET_COLUMNS)) return { ok: false, problem: 'tooManyColumns' };
  const [headers, ...data] = nonEmpty as [string[], ...string[][]];
  if (data.length > MAX_SHEET_ROWS) return { ok: false, problem: 'tooManyRows' };
  if (data.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, sheet: { headers: headers.map((h) => h.trim()), rows: data } };
}

/** A mapping that can build people: a name or an alias column, and the `store` consent column, each field once. */
export function mappingProblem(mapping: Mapping): string | null {
  const used = mapping.filter(Boolean);
  if (new Set(used).size !== used.length) return 'collective.import.errors.mappedTwice';
  if (!used.includes('name') && !used.includes('alias')) return 'collective.import.errors.noNameColumn';
  if (!used.includes('consentStore')) return 'collective.import.errors.noConsentColumn';
  return null;
}

// ---- one row

const yes = new Set(['yes', 'y', 'true', '1', 'x', 'oui', 'si', 'sí', 'ja', 'sim', 'نعم']);
const no = new Set(['', 'no', 'n', 'false', '0', 'non', 'nein', 'nee', 'não', 'nao', 'لا']);

const yesNo = z.string().transform((v, ctx) => {
  const folded = v.trim().toLowerCase();
  if (yes.has(folded)) return true;
  if (no.has(folded)) return false;
  ctx.addIssue({ code: 'custom', message: 'collective.import.problems.yesNo' });
  return z.NEVER;
});

/** A date as a sheet holds it: YYYY-MM-DD (XLSX dates arrive so), or DD/MM/YYYY as typed in most of the world. */
const sheetDate = (message: string) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim();
    if (v === '') return null;
    const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(v);
    const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : v;
    if (!isRealDate(iso) || iso < '1950-01-01' || iso > '2100-12-31') {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return iso;
  });

const countrySet = new Set(countryCodes);
const limited = (max: number) => z.string().transform((v, ctx) => {
  const t = v.trim();
  if (t.length > max) {
    ctx.addIssue({ code: 'custom', message: 'collective.import.problems.tooLong' });
    return z.NEVER;
  }
  return t || null;
});

/** A row of the sheet, by field: every problem is a key of collective.import.problems, shown in the preview. */
export const SheetRow = (today: string) =>
  z
    .object({
      name: limited(200),
      alias: limited(200),
      phone: limited(40),
      nationality: z.string().transform((v, ctx) => {
        const c = v.trim().toUpperCase();
        if (c === '') return null;
        if (!countrySet.has(c)) {
          ctx.addIssue({ code: 'custom', message: 'collective.import.problems.nationality' });
          return z.NEVER;
        }
        return c;
      }),
      language: z.string().transform((v, ctx) => {
        const l = v.trim().toLowerCase();
        if (l === '') return null;
        if (!isKnownLanguage(l)) {
          ctx.addIssue({ code: 'custom', message: 'collective.import.problems.language' });
          return z.NEVER;
        }
        return l;
      }),
      consentStore: yesNo,
      consentShare: yesNo,
      consentStatistics: yesNo,
      consentDate: sheetDate('collective.import.problems.date'),
      employmentStart: sheetDate('collective.import.problems.date'),
      employmentEnd: sheetDate('collective.import.problems.date'),
      amountClaimed: moneyField.transform((v) => v ?? null),
      currency: z.string().transform((v, ctx) => {
        const c = v.trim().toUpperCase();
        if (c === '') return null;
        if (!(currencies as readonly string[]).includes(c)) {
          ctx.addIssue({ code: 'custom', message: 'collective.import.problems.currency' });
          return z.NEVER;
        }
        return c as (typeof currencies)[number];
      }),
    })
    .superRefine((r, ctx) => {
      if (!r.name && !r.alias) ctx.addIssue({ code: 'custom', path: ['name'], message: 'collective.import.problems.noName' });
      if (r.consentStore === false) ctx.addIssue({ code: 'custom', path: ['consentStore'], message: 'collective.import.problems.noStoreConsent' });
      if (r.consentDate && r.consentDate > today) ctx.addIssue({ code: 'custom', path: ['consentDate'], message: 'collective.import.problems.dateFuture' });
      if (r.employmentStart && r.employmentEnd && r.employmentEnd < r.employmentStart) ctx.addIssue({ code: 'custom', path: ['employmentEnd'], message: 'collective.import.problems.endBeforeStart' });
      if (r.amountClaimed !== null && !r.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'collective.import.problems.currencyMissing' });
    });
export type SheetRowValues = z.output<ReturnType<typeof SheetRow>>;

/** The fields of one data row under a mapping (unmapped fields are empty). */
export function rowFields(row: readonly string[], mapping: Mapping): Record<SheetField, string> {
  const out = Object.fromEntries(sheetFields.map((f) => [f, ''])) as Record<SheetField, string>;
  mapping.forEach((field, i) => {
    if (field) out[field] = row[i] ?? '';
  });
  return out;
}

// ---- the template

export const templateHeaders = ['name', 'alias', 'phone', 'nationality', 'language', 'consent_store', 'consent_share', 'consent_statistics', 'consent_date', 'employment_start', 'employment_end', 'amount_claimed', 'currency'];
const templateExample = ['Maria Ionescu', '', '+44 7700 900123', 'RO', 'ro', 'yes', 'no', 'yes', '2026-11-20', '2026-03-01', '2026-10-31', '1250.00', 'GBP'];

export const templateCsv = () => `${templateHeaders.join(',')}\r\n${templateExample.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')}\r\n`;

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('workers');
  sheet.addRow(templateHeaders);
  sheet.addRow(templateExample);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
