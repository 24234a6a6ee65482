/** CSV as RFC 4180 describes it (pure). */

export type CsvCell = string | number | null;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula: a party named
 * "=HYPERLINK(…)" would become a link in the reader's spreadsheet (OWASP "CSV injection"). Such text gets a
 * leading apostrophe; numbers are written as numbers.
 */
export function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = formulaSafe(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The file: a byte-order mark (so that spreadsheets read UTF-8 names as such), then CRLF-terminated rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
