import ExcelJS from 'exceljs';
import type { Agent } from './app.js';

/** A workbook of one sheet, built with exceljs as a spreadsheet program would save it. */
export async function xlsxOf(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('workers');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const workerHeader = ['Name', 'Alias', 'Phone', 'Nationality', 'Consent store', 'Consent share', 'Consent statistics', 'Consent date', 'Amount claimed', 'Currency'];

/** A worker row under workerHeader. */
export const workerRow = (i: number, over: Partial<Record<'name' | 'alias' | 'consentStore' | 'consentDate' | 'amount' | 'currency' | 'phone', string>> = {}) => [
  over.name ?? `Worker ${i}`,
  over.alias ?? '',
  over.phone ?? '',
  'RO',
  over.consentStore ?? 'yes',
  'no',
  'yes',
  over.consentDate ?? '2026-11-20',
  over.amount ?? `${100 + (i % 50)}.50`,
  over.currency ?? 'GBP',
];

/** Posts a file as a browser's multipart form does, with the page's CSRF token in a field. */
export async function uploadSheet(agent: Agent, url: string, file: Buffer, opts: { filename?: string; caseType?: string; csrf?: string } = {}) {
  const boundary = '----uniondesk-test-boundary';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    part('_csrf', opts.csrf ?? agent.csrf) +
      part('caseType', opts.caseType ?? 'wage_theft') +
      `--${boundary}\r\nContent-Disposition: form-data; name="sheet"; filename="${opts.filename ?? 'workers.xlsx'}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const payload = Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return agent.app.inject({ method: 'POST', url, payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
