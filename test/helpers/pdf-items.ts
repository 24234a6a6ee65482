import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One piece of text as pdf.js finds it on a page, with where it is drawn and in which font. */
export interface PdfTextItem {
  /** As pdf.js gives it: right-to-left pieces in logical order. NFC. */
  str: string;
  /** Left edge, points from the page's left. */
  x: number;
  /** Right edge. */
  right: number;
  /** Baseline, points from the page's top. */
  y: number;
  /** The embedded font's name without its subset tag, e.g. "NotoNaskhArabic-Regular". */
  font: string;
  dir: string;
}

/** Every non-blank text item of each page, in the order drawn. */
export async function pdfItems(pdf: Uint8Array): Promise<PdfTextItem[][]> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    verbosity: 0,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    fontExtraProperties: true,
  }).promise;
  try {
    const pages: PdfTextItem[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const height = page.view[3] as number;
      const content = await page.getTextContent();
      // Loads the fonts into commonObjs, where their names are.
      await page.getOperatorList();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const font = (page.commonObjs.get(item.fontName) as { name?: string }).name ?? '';
        const x = item.transform[4] as number;
        items.push({
          str: item.str.normalize('NFC'),
          x,
          right: x + item.width,
          y: height - (item.transform[5] as number),
          font: font.replace(/^[A-Z]{6}\+/, ''),
          dir: item.dir,
        });
      }
      pages.push(items);
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Items on the same baseline (within half a point), left to right. */
export function lineOf(items: readonly PdfTextItem[], y: number): PdfTextItem[] {
  return items.filter((item) => Math.abs(item.y - y) < 0.5).sort((a, b) => a.x - b.x);
}

/** The decompressed content streams of a PDF made by pdfkit (Flate), as latin1 text. */
export function contentStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  let out = '';
  for (const match of text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    try {
      out += inflateSync(Buffer.from(match[1] as string, 'latin1')).toString('latin1');
    } catch {
      // Not Flate (fonts, images): not content.
    }
  }
  return out;
}
