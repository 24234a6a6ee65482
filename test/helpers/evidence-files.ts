import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { zipFiles } from '../../src/shared/zip.js';

/** Files as a counsellor would attach them, made in memory. */

/** A small real PDF (one page, one line). */
export function payslipPdf(): Buffer {
  const body = 'BT /F1 12 Tf 72 720 Td (Payslip March 2026) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A JPEG photo carrying a GPS position (51°30′N 0°7′W, central London) in its EXIF. */
export function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
}

export function plainPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#38c' } }).png().toBuffer();
}

/** True when JPEG/TIFF bytes hold a GPS IFD pointer (EXIF tag 0x8825) in either byte order. */
export function hasGpsTag(bytes: Buffer): boolean {
  return bytes.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])) || bytes.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));
}

export const HTML_PAGE = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
export const SVG_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
/** A Windows executable's first bytes (the MZ header and the DOS stub message). */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.from('This program cannot be run in DOS mode.'), Buffer.alloc(64)]);
/** The EICAR anti-virus test file: harmless, and found by every scanner. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export async function docx(): Promise<Buffer> {
  const types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const doc = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Contract</w:t></w:r></w:p></w:body></w:document>';
  return Buffer.from(await zipFiles([{ path: '[Content_Types].xml', bytes: Buffer.from(types) }, { path: 'word/document.xml', bytes: Buffer.from(doc) }], null));
}

export async function odt(): Promise<Buffer> {
  return Buffer.from(await zipFiles([{ path: 'mimetype', bytes: Buffer.from('application/vnd.oasis.opendocument.text') }, { path: 'content.xml', bytes: Buffer.from('<office:document-content/>') }], null));
}

export async function xlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Hours').addRow(['Week', 'Hours']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An ordinary zip archive (not an office document). */
export async function plainZip(): Promise<Buffer> {
  return Buffer.from(await zipFiles([{ path: 'notes.txt', bytes: Buffer.from('hello') }], null));
}
