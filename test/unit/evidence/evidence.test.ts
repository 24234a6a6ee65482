import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../../src/evidence/evidence.routes.js';
import { cleanName } from '../../../src/evidence/evidence.service.js';
import { isPlainText, sniff } from '../../../src/evidence/sniff.js';
import { seal, unseal } from '../../../src/evidence/store.js';
import { EXE, HTML_PAGE, SVG_IMAGE, docx, odt, payslipPdf, photoWithGps, plainPng, plainZip, xlsx } from '../../helpers/evidence-files.js';

describe('what a file is, by its bytes', () => {
  it('names the accepted kinds whatever the file is called', async () => {
    expect((await sniff(payslipPdf(), 'scan.jpg'))?.mime).toBe('application/pdf');
    expect((await sniff(await photoWithGps(), 'payslip.pdf'))?.mime).toBe('image/jpeg');
    expect((await sniff(await plainPng(), 'x'))?.mime).toBe('image/png');
    expect((await sniff(await docx(), 'a.zip'))?.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await sniff(await xlsx(), 'a.zip'))?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await sniff(await odt(), 'a.zip'))?.mime).toBe('application/vnd.oasis.opendocument.text');
    expect((await sniff(Buffer.from('a,b\n1,2\n'), 'hours.CSV'))?.mime).toBe('text/csv');
    expect((await sniff(Buffer.from('a,b\n1,2\n'), 'hours.txt'))?.mime).toBe('text/plain');
    expect((await sniff(Buffer.from('\uFEFFPagado: 40 h de 62 · مرحبا'), 'notes.txt'))?.mime).toBe('text/plain');
  });

  it('refuses markup, executables, other archives and empty files', async () => {
    for (const [bytes, name] of [
      [Buffer.from(HTML_PAGE), 'photo.png'],
      [Buffer.from(SVG_IMAGE), 'drawing.svg'],
      [Buffer.from('<?xml version="1.0"?><svg/>'), 'a.txt'],
      [Buffer.from('hello <script>alert(1)</script>'), 'a.txt'],
      [EXE, 'payslip.pdf'],
      [await plainZip(), 'contract.docx'],
      [Buffer.alloc(0), 'empty.txt'],
    ] as const)
      expect(await sniff(bytes, name), name).toBeNull();
  });

  it('takes text only as UTF-8 without NUL or other control bytes', () => {
    expect(isPlainText(Buffer.from('line one\r\nline two\tend\f'))).toBe(true);
    expect(isPlainText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(false);
    expect(isPlainText(Buffer.from('a\u0000b'))).toBe(false);
    expect(isPlainText(Buffer.from('a\u001bb'))).toBe(false);
  });
});

describe('the store’s sealing', () => {
  const key = Buffer.alloc(32, 3);
  it('opens only under the same key and for the same storage id, and refuses a changed byte', () => {
    const id = randomUUID();
    const sealed = seal(key, id, Buffer.from('payslip'));
    expect(unseal(key, id, sealed)?.toString()).toBe('payslip');
    expect(sealed.includes(Buffer.from('payslip'))).toBe(false);
    expect(unseal(Buffer.alloc(32, 4), id, sealed)).toBeNull();
    expect(unseal(key, randomUUID(), sealed)).toBeNull();
    const changed = Buffer.from(sealed);
    changed[20] = changed[20]! ^ 1;
    expect(unseal(key, id, changed)).toBeNull();
    expect(unseal(key, id, Buffer.from('short'))).toBeNull();
  });
});

describe('names', () => {
  it('keeps the name as uploaded, without folders or control characters, and not too long', () => {
    expect(cleanName('C:\\Users\\amira\\payslip.pdf')).toBe('payslip.pdf');
    expect(cleanName('../../etc/passwd')).toBe('passwd');
    expect(cleanName('a"b\u0007.txt')).toBe('ab.txt');
    expect(cleanName('')).toBe('file');
    const long = cleanName('x'.repeat(300) + '.pdf');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('offers any script in the download header without breaking it', () => {
    expect(contentDisposition('attachment', 'قسيمة راتب.pdf')).toBe(`attachment; filename="_____ ____.pdf"; filename*=UTF-8''${encodeURIComponent('قسيمة راتب.pdf')}`);
    expect(contentDisposition('attachment', "Amira's (1).pdf")).toBe(`attachment; filename="Amira_s (1).pdf"; filename*=UTF-8''Amira%27s%20%281%29.pdf`);
    expect(contentDisposition('inline', 'a;b\r\n.pdf')).toBe(`inline; filename="a_b__.pdf"; filename*=UTF-8''a%3Bb%0D%0A.pdf`);
  });
});
