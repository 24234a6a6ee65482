import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of each page of a PDF, as pdf.js reads it: one string per page, a line break where
 * pdf.js sees the end of a line. NFC so that tests can compare names with accents directly.
 */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of (detaches) the array it is given: hand it a copy.
  const document = await getDocument({
    data: new Uint8Array(pdf),
    verbosity: 0,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text.normalize('NFC'));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** The document information dictionary (Title, Author, CreationDate ...) and the language. */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, unknown>> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const { info } = await document.getMetadata();
    const { lang } = await (await document.getPage(1)).getTextContent();
    return { ...(info as Record<string, unknown>), Language: lang };
  } finally {
    await document.destroy();
  }
}

/** All pages, separated by a form feed. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPages(pdf)).join('\f');
}

/** Text with every run of whitespace made one space: wrapped lines read as written. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}
