import PDFDocument from 'pdfkit';
import { FONT_FILES, loadFontBytes, sanitiseText } from './fonts.js';
import type { FontWeight } from './fonts.js';
import type { AmountRow, LabelledValue, LetterBlock, LetterDocument, LetterWarning } from './letter-document.js';
import { fill, isIsoInstant } from './letter-format.js';
import { ENGLISH } from './letter-strings.js';
import { containsRtl, splitDirectionalRuns } from './rtl.js';

/**
 * Lays a composed letter out as an A4 PDF with pdfkit: letterhead on the first page only, text
 * that flows onto further pages, "Page n of N" and the reference in the footer of multi-page
 * letters. Pure: no database, no HTTP, no clock.
 */

export interface RenderedLetter {
  pdf: Buffer;
  /** The composer's warnings plus the renderer's (right-to-left text, characters left out). */
  warnings: LetterWarning[];
  pageCount: number;
}

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGINS = { top: 56, bottom: 78, left: 70, right: 70 };
const LEFT = MARGINS.left;
const WIDTH = PAGE.width - MARGINS.left - MARGINS.right;
const COLOURS = { text: '#1b1f24', muted: '#59626e', accent: '#1d3c5e', rule: '#c5cdd8' };

interface TextStyle {
  weight?: FontWeight;
  size?: number;
  colour?: string;
  align?: 'left' | 'right' | 'center' | 'justify';
  lineGap?: number;
}

const BODY: TextStyle = { size: 10.5, lineGap: 2.5 };
const HEADING: TextStyle = { ...BODY, weight: 'bold', colour: COLOURS.accent };
const SUBHEADING: TextStyle = { ...BODY, weight: 'bold' };
const LABEL: TextStyle = { ...BODY, colour: COLOURS.muted };
const SMALL: TextStyle = { size: 8.5, lineGap: 1.5, colour: COLOURS.muted };
const TABLE_HEAD: TextStyle = { size: 8.5, lineGap: 1, weight: 'bold', colour: COLOURS.muted };
const TABLE: TextStyle = { size: 10, lineGap: 1.5 };
const FOOTER: TextStyle = { size: 7.5, lineGap: 0, colour: COLOURS.muted };
const PARAGRAPH_GAP = 8;

class LetterLayout {
  private rtlSeen = false;
  private readonly dropped: string[] = [];

  constructor(private readonly doc: Doc) {}

  render(letter: LetterDocument): void {
    this.letterhead(letter.letterhead);
    this.addressAndDetails(letter);
    this.write(letter.subject, LEFT, this.doc.y, WIDTH, { ...BODY, weight: 'bold', size: 11 });
    this.doc.y += 12;
    if (letter.salutation) {
      this.write(letter.salutation, LEFT, this.doc.y, WIDTH, BODY);
      this.doc.y += PARAGRAPH_GAP;
    }
    this.blocks(letter.body, 0);
    this.signOff(letter);
    if (letter.enclosures && letter.enclosures.items.some((item) => item.trim())) {
      this.doc.y += 16;
      this.keepTogether(this.lineHeight(BODY) * 2 + 4);
      this.write(letter.enclosures.heading, LEFT, this.doc.y, WIDTH, SUBHEADING);
      this.doc.y += 3;
      this.list(letter.enclosures.items, false);
    }
    this.footers(letter);
  }

  warnings(fromComposer: readonly LetterWarning[]): LetterWarning[] {
    const strings = ENGLISH.warnings;
    const warnings = [...fromComposer];
    // One warning about right-to-left text is enough; the composer's is the more specific.
    if (this.rtlSeen && !warnings.some((warning) => warning.code.startsWith('rtl'))) {
      warnings.push({ code: 'rtl-text', message: strings.rtlText });
    }
    if (this.dropped.length > 0) {
      const characters = [...new Set(this.dropped)]
        .map((grapheme) => {
          const codes = Array.from(grapheme, (char) => `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`);
          return `${grapheme} (${codes.join(' ')})`;
        })
        .join(', ');
      warnings.push({ code: 'unsupported-characters', message: fill(strings.unsupportedCharacters, { characters }) });
    }
    return warnings;
  }

  // ---- text primitives -------------------------------------------------------------------

  private prepare(text: string): string {
    if (containsRtl(text)) this.rtlSeen = true;
    const { text: clean, dropped } = sanitiseText(text);
    this.dropped.push(...dropped);
    return clean.trim();
  }

  private style(style: TextStyle): void {
    this.doc
      .font(style.weight === 'bold' ? 'bold' : FONT_FILES.regular)
      .fontSize(style.size ?? BODY.size!)
      .fillColor(style.colour ?? COLOURS.text);
  }

  /** Draws text from (x, y); afterwards doc.y is below it, on a later page if it flowed over. */
  private write(text: string, x: number, y: number, width: number, style: TextStyle, extra: PDFKit.Mixins.TextOptions = {}): void {
    const clean = this.prepare(text);
    if (!clean) return;
    this.style(style);
    const options: PDFKit.Mixins.TextOptions = { width, align: style.align ?? 'left', lineGap: style.lineGap ?? 0, ...extra };
    if (!containsRtl(clean)) {
      this.doc.text(clean, x, y, options);
      return;
    }
    // Each right-to-left run is its own fragment of one continued text (see rtl.ts).
    const runs = splitDirectionalRuns(clean);
    runs.forEach((run, index) => {
      const runOptions = { ...options, continued: index < runs.length - 1 };
      if (index === 0) this.doc.text(run.text, x, y, runOptions);
      else this.doc.text(run.text, runOptions);
    });
  }

  private height(text: string, width: number, style: TextStyle): number {
    const clean = sanitiseText(text).text.trim();
    if (!clean) return 0;
    this.style(style);
    return this.doc.heightOfString(clean, { width, lineGap: style.lineGap ?? 0 });
  }

  private lineHeight(style: TextStyle): number {
    this.style(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? 0);
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** Starts a new page unless `height` fits below the current position. */
  private keepTogether(height: number): void {
    const fitsOnAnyPage = height <= this.bottom - MARGINS.top;
    if (this.doc.y + height > this.bottom && fitsOnAnyPage) this.doc.addPage();
  }

  private rule(y: number, colour: string, width: number, from = LEFT, to = LEFT + WIDTH): void {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(colour).stroke().restore();
  }

  // ---- first page -------------------------------------------------------------------------

  private letterhead(head: LetterDocument['letterhead']): void {
    const top = MARGINS.top - 8;
    const rightWidth = 190;
    const leftWidth = WIDTH - rightWidth - 20;
    this.write(head.union, LEFT, top, leftWidth, { weight: 'bold', size: 16, colour: COLOURS.accent, lineGap: 1 });
    this.doc.y += 2;
    this.write(head.contactPoint, LEFT, this.doc.y, leftWidth, { size: 10.5, lineGap: 1 });
    const leftBottom = this.doc.y;

    this.doc.y = top + 2;
    const lines = [...head.addressLines, ...head.contactLines].filter((line) => line.trim());
    this.write(lines.join('\n'), LEFT + WIDTH - rightWidth, top + 2, rightWidth, { ...SMALL, align: 'right' });
    const ruleY = Math.max(leftBottom, this.doc.y) + 10;
    this.rule(ruleY, COLOURS.accent, 1);
    this.doc.y = ruleY + 26;
  }

  private addressAndDetails(letter: LetterDocument): void {
    const top = this.doc.y;
    const detailsWidth = 205;
    const labelWidth = 82;
    const detailsX = LEFT + WIDTH - detailsWidth;
    const addressWidth = WIDTH - detailsWidth - 24;

    let y = top;
    if (letter.marking) {
      this.write(letter.marking, LEFT, y, addressWidth, { weight: 'bold', size: 8.5, colour: COLOURS.accent });
      y = this.doc.y + 6;
    }
    this.doc.y = y;
    this.write(letter.recipient.filter((line) => line.trim()).join('\n'), LEFT, y, addressWidth, { ...BODY, lineGap: 1.5 });
    const addressBottom = this.doc.y;

    let rowY = top;
    for (const row of [letter.date, ...letter.references]) {
      if (!row.value.trim()) continue;
      // Smaller label, larger value: nudge the label down so both sit on one baseline.
      this.write(row.label, detailsX, rowY + 0.9, labelWidth - 6, { ...SMALL, lineGap: 1 });
      const labelBottom = this.doc.y;
      this.write(row.value, detailsX + labelWidth, rowY, detailsWidth - labelWidth, { size: 9.5, lineGap: 1 });
      rowY = Math.max(labelBottom, this.doc.y) + 4;
    }
    this.doc.y = Math.max(addressBottom, rowY) + 28;
  }

  // ---- body ------------------------------------------------------------------------------

  private blocks(blocks: readonly LetterBlock[], depth: number): void {
    for (const block of blocks) {
      switch (block.type) {
        case 'paragraph':
          this.paragraph(block.text);
          break;
        case 'section':
          this.section(block.heading, block.blocks, depth);
          break;
        case 'list':
          this.list(block.items, block.numbered ?? false);
          break;
        case 'fields':
          this.fields(block.rows);
          break;
        case 'amounts':
          this.amounts(block.columns, block.rows, block.total);
          break;
      }
    }
  }

  private paragraph(text: string): void {
    if (!text.trim()) return;
    // No single first line stranded at the foot of a page.
    this.keepTogether(Math.min(this.height(text, WIDTH, BODY), this.lineHeight(BODY) * 2));
    this.write(text, LEFT, this.doc.y, WIDTH, BODY);
    this.doc.y += PARAGRAPH_GAP;
  }

  private section(heading: string, blocks: readonly LetterBlock[], depth: number): void {
    const style = depth === 0 ? HEADING : SUBHEADING;
    if (this.doc.y > MARGINS.top + 1) this.doc.y += depth === 0 ? 6 : 2;
    // A heading keeps at least two lines of what follows.
    this.keepTogether(this.height(heading, WIDTH, style) + 3 + this.lineHeight(BODY) * 2);
    this.write(heading, LEFT, this.doc.y, WIDTH, style);
    this.doc.y += 3;
    this.blocks(blocks, depth + 1);
  }

  private list(items: readonly string[], numbered: boolean): void {
    const indent = numbered ? 20 : 14;
    let number = 0;
    for (const item of items) {
      if (!item.trim()) continue;
      number += 1;
      this.keepTogether(this.lineHeight(BODY));
      const y = this.doc.y;
      this.write(numbered ? `${number}.` : '•', LEFT, y, indent, BODY);
      this.write(item, LEFT + indent, y, WIDTH - indent, BODY);
      this.doc.y += 3;
    }
    this.doc.y += PARAGRAPH_GAP - 3;
  }

  private fields(rows: readonly LabelledValue[]): void {
    const labelWidth = 150;
    const valueWidth = WIDTH - labelWidth;
    for (const row of rows) {
      const height = Math.max(this.height(row.label, labelWidth - 10, LABEL), this.height(row.value, valueWidth, BODY));
      this.keepTogether(height);
      const y = this.doc.y;
      const page = this.pageIndex;
      this.write(row.label, LEFT, y, labelWidth - 10, LABEL);
      const labelBottom = this.doc.y;
      this.doc.y = y;
      this.write(row.value, LEFT + labelWidth, y, valueWidth, BODY);
      // A value longer than a page flows on; then only its own end counts.
      if (this.pageIndex === page) this.doc.y = Math.max(labelBottom, this.doc.y);
      this.doc.y += 4;
    }
    this.doc.y += PARAGRAPH_GAP - 4;
  }

  private amounts(columns: { period: string; description: string; amount: string }, rows: readonly AmountRow[], total: LabelledValue): void {
    const periodWidth = 118;
    const amountWidth = 100;
    const descriptionWidth = WIDTH - periodWidth - amountWidth;
    const pad = 10;
    const descriptionX = LEFT + periodWidth;
    const amountX = LEFT + WIDTH - amountWidth;

    const rowHeight = (row: AmountRow, style: TextStyle): number =>
      Math.max(
        this.height(row.period ?? '', periodWidth - pad, style),
        this.height(row.description, descriptionWidth - pad, style),
        this.height(row.amount, amountWidth, style),
      );
    const cells = (row: AmountRow, style: TextStyle, height: number): void => {
      const y = this.doc.y;
      this.write(row.period ?? '', LEFT, y, periodWidth - pad, style);
      this.write(row.description, descriptionX, y, descriptionWidth - pad, style);
      this.write(row.amount, amountX, y, amountWidth, { ...style, align: 'right' });
      this.doc.y = y + height;
    };
    const headRow: AmountRow = { period: columns.period, description: columns.description, amount: columns.amount };
    const headHeight = rowHeight(headRow, TABLE_HEAD);
    const header = (): void => {
      cells(headRow, TABLE_HEAD, headHeight);
      this.doc.y += 4;
      this.rule(this.doc.y, COLOURS.accent, 0.75);
      this.doc.y += 5;
    };

    const first = rows[0];
    this.keepTogether(headHeight + 9 + (first ? rowHeight(first, TABLE) + 9 : 0));
    header();
    rows.forEach((row, index) => {
      const height = rowHeight(row, TABLE);
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        header();
      }
      cells(row, TABLE, height);
      this.doc.y += 4;
      if (index < rows.length - 1) this.rule(this.doc.y, COLOURS.rule, 0.5);
      this.doc.y += 5;
    });

    const totalRow: AmountRow = { description: total.label, amount: total.value };
    const totalStyle: TextStyle = { ...TABLE, weight: 'bold' };
    const totalHeight = rowHeight(totalRow, totalStyle);
    this.keepTogether(totalHeight + 6);
    this.rule(this.doc.y - 1, COLOURS.accent, 0.75);
    this.doc.y += 5;
    cells(totalRow, totalStyle, totalHeight);
    this.doc.y += PARAGRAPH_GAP + 6;
  }

  private signOff(letter: LetterDocument): void {
    const lines = letter.signature.lines.filter((line) => line.trim());
    const needed = (letter.closing ? this.lineHeight(BODY) : 0) + 40 + this.lineHeight(BODY) * (1 + lines.length);
    this.keepTogether(needed);
    this.doc.y += 4;
    if (letter.closing) this.write(letter.closing, LEFT, this.doc.y, WIDTH, BODY);
    // Room for a handwritten signature.
    this.doc.y += 36;
    this.write(letter.signature.name, LEFT, this.doc.y, WIDTH, { ...BODY, weight: 'bold' });
    if (lines.length > 0) this.write(lines.join('\n'), LEFT, this.doc.y, WIDTH, BODY);
  }

  // ---- every page ------------------------------------------------------------------------

  private footers(letter: LetterDocument): void {
    const range = this.doc.bufferedPageRange();
    const pages = range.count;
    for (let index = 0; index < pages; index++) {
      this.doc.switchToPage(range.start + index);
      // The footer sits inside the bottom margin; without this pdfkit would start a new page.
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;

      const y = PAGE.height - 48;
      this.rule(y - 8, COLOURS.rule, 0.5);
      const right =
        pages > 1
          ? [index > 0 ? letter.footer.continuation : '', fill(letter.footer.pageLabel, { page: String(index + 1), pages: String(pages) })]
              .filter((part) => part.trim())
              .join('   ·   ')
          : '';
      const rightWidth = right ? 230 : 0;
      const oneLine = this.lineHeight(FOOTER);
      this.write(letter.footer.text, LEFT, y, WIDTH - rightWidth - (right ? 12 : 0), FOOTER, { height: oneLine, ellipsis: true });
      if (right) this.write(right, LEFT + WIDTH - rightWidth, y, rightWidth, { ...FOOTER, align: 'right' }, { height: oneLine, ellipsis: true });

      this.doc.page.margins.bottom = bottomMargin;
    }
  }
}

/**
 * Renders a composed letter. Never fails on the text itself: right-to-left text, emoji and
 * characters the font lacks become warnings instead. The same document gives the same bytes:
 * the PDF's dates and file id derive from `createdAt`.
 */
export async function renderLetterPdf(letter: LetterDocument): Promise<RenderedLetter> {
  if (!isIsoInstant(letter.createdAt)) throw new RangeError(`Letter createdAt is not an ISO 8601 instant: ${letter.createdAt}`);
  const fonts = loadFontBytes();
  const createdAt = new Date(letter.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    // The regular font is the document's default, so that pdfkit never loads Helvetica.
    font: FONT_FILES.regular,
    lang: letter.language,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: letter.title,
      Author: letter.author,
      Subject: letter.subject,
      Creator: 'UnionDesk',
      Producer: 'UnionDesk (PDFKit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  doc.registerFont('bold', fonts.bold);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layout = new LetterLayout(doc);
  layout.render(letter);
  const pageCount = doc.bufferedPageRange().count;
  doc.end();
  const pdf = await finished;
  return { pdf, warnings: layout.warnings(letter.warnings ?? []), pageCount };
}
