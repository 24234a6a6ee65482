import PDFDocument from 'pdfkit';
import { FAMILIES, FAMILY_SCALE, FONT_FILES, LINE_METRICS, loadFamilyBytes, sanitiseText } from './fonts.js';
import type { FontFamily, FontWeight } from './fonts.js';
import type { AmountRow, LabelledValue, LetterBlock, LetterDocument, LetterWarning } from './letter-document.js';
import { fill, isIsoInstant } from './letter-format.js';
import { ENGLISH } from './letter-strings.js';
import { languageDirection, layoutText } from './rtl.js';
import type { BaseDirection, LaidLine } from './rtl.js';

/**
 * Lays a composed letter out as a PDF with pdfkit, on A4 or US Letter (`letter.paper`): letterhead on the first page only, text
 * that flows onto further pages, "Page n of N" and the reference in the footer of multi-page
 * letters. A letter in a right-to-left language (Arabic, Urdu) is laid out mirrored: every box
 * and alignment flips, text starts at the right. Lines are broken and ordered here (rtl.ts: the
 * Unicode bidi algorithm), each run drawn in the font of its script. Pure: no database, no HTTP,
 * no clock.
 */

export interface RenderedLetter {
  pdf: Buffer;
  /** The composer's warnings plus the renderer's (characters left out). */
  warnings: LetterWarning[];
  pageCount: number;
}

type Doc = PDFKit.PDFDocument;

/** Points: ISO 216 A4 (210 × 297 mm) and US Letter (8.5 × 11 in), the sizes pdfkit writes as the MediaBox. */
const PAGES = { A4: { width: 595.28, height: 841.89 }, LETTER: { width: 612, height: 792 } } as const;
const MARGINS = { top: 54, bottom: 72, left: 70, right: 70 };
const LEFT = MARGINS.left;
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
/** Room for a handwritten signature. */
const SIGNATURE_SPACE = 34;

interface WriteOptions {
  /** Paragraph direction: the document's (default) or, for names and addresses, from the text. */
  base?: BaseDirection;
  /** At most this many lines, the last ending in "…" when cut. */
  maxLines?: number;
}

/** The pdfkit name a family's font is registered under (DejaVu Sans: the document's default and "bold"). */
function fontName(family: FontFamily, weight: FontWeight): string {
  if (family === 'latin') return weight === 'bold' ? 'bold' : FONT_FILES.regular;
  return `${family}-${weight}`;
}

/**
 * The OpenType features a whole run is laid out with: the font's defaults, but for Arabic without the optional
 * ligatures (liga). Noto Naskh draws "الله" as one ligature glyph when liga is on, and text extraction (pdf.js) then
 * reads its three letters backwards ("اهلل"); without it the word is still joined and shaped (lam-alef is rlig).
 */
function shaping(family: FontFamily): PDFKit.Mixins.OpenTypeFeatures[] {
  // fontkit takes { feature: on/off } as well as a list; pdfkit's types name only the list, which cannot turn one off.
  return family === 'arabic' ? ({ liga: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[]) : [];
}

class LetterLayout {
  private readonly dropped: string[] = [];
  private readonly widths = new Map<string, number>();

  private readonly width: number;

  constructor(
    private readonly doc: Doc,
    private readonly rtl: boolean,
    private readonly page: { width: number; height: number },
  ) {
    this.width = page.width - MARGINS.left - MARGINS.right;
  }

  render(letter: LetterDocument): void {
    this.letterhead(letter.letterhead);
    this.addressAndDetails(letter);
    this.write(letter.subject, LEFT, this.doc.y, this.width, { ...BODY, weight: 'bold', size: 11 });
    this.doc.y += 12;
    if (letter.salutation) {
      this.write(letter.salutation, LEFT, this.doc.y, this.width, BODY);
      this.doc.y += PARAGRAPH_GAP;
    }
    // The signature never stands alone on a page: the last paragraph goes with it.
    const last = letter.body.at(-1);
    if (last?.type === 'paragraph') {
      this.blocks(letter.body.slice(0, -1), 0);
      this.keepTogether(this.height(last.text, this.width, BODY) + PARAGRAPH_GAP + this.signOffHeight(letter));
      this.paragraph(last.text);
    } else {
      this.blocks(letter.body, 0);
    }
    this.signOff(letter);
    if (letter.enclosures && letter.enclosures.items.some((item) => item.trim())) {
      this.doc.y += 16;
      // A short list of enclosures stays in one piece, with its heading.
      const items = letter.enclosures.items.filter((item) => item.trim());
      const listHeight = items.reduce((sum, item) => sum + this.height(item, this.width - 14, BODY) + 3, 0);
      const whole = this.lineHeight(SUBHEADING) + 3 + listHeight;
      this.keepTogether(whole <= this.pageHeight / 3 ? whole : this.lineHeight(BODY) * 2 + 4);
      this.write(letter.enclosures.heading, LEFT, this.doc.y, this.width, SUBHEADING);
      this.doc.y += 3;
      this.list(letter.enclosures.items, false);
    }
    this.footers(letter);
  }

  warnings(fromComposer: readonly LetterWarning[]): LetterWarning[] {
    const strings = ENGLISH.warnings;
    const warnings = [...fromComposer];
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
    const { text: clean, dropped } = sanitiseText(text, { keepBidiControls: true });
    this.dropped.push(...dropped);
    return clean.trim();
  }

  private style(style: TextStyle): void {
    this.doc
      .font(style.weight === 'bold' ? 'bold' : FONT_FILES.regular)
      .fontSize(style.size ?? BODY.size!)
      .fillColor(style.colour ?? COLOURS.text);
  }

  /** Width of a run as pdfkit draws it, remembered: line breaking measures each word more than once. */
  private measure(text: string, family: FontFamily, whole: boolean, style: TextStyle): number {
    const weight = style.weight ?? 'regular';
    const size = (style.size ?? BODY.size!) * FAMILY_SCALE[family];
    const key = `${family}\u0000${weight}\u0000${size}\u0000${whole ? 1 : 0}\u0000${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      this.doc.font(fontName(family, weight)).fontSize(size);
      width = this.doc.widthOfString(text, whole ? { features: shaping(family) } : {});
      this.widths.set(key, width);
    }
    return width;
  }

  private lines(clean: string, width: number, style: TextStyle, options: WriteOptions): LaidLine[] {
    return layoutText(clean, {
      base: options.base ?? (this.rtl ? 'rtl' : 'ltr'),
      width,
      maxLines: options.maxLines,
      measure: (text, family, whole) => this.measure(text, family, whole, style),
    });
  }

  /**
   * Where a line's baseline is below its top, and its whole height, in points. The baseline is
   * always where DejaVu Sans puts it, so that a bullet and its item, a label and its value, the
   * cells of a table row, share it whatever their scripts; a line holding taller scripts (Naskh's
   * marks and descenders, Indic vowel signs) takes the extra room below it.
   */
  private lineBox(line: LaidLine, style: TextStyle): { ascent: number; height: number } {
    const size = style.size ?? BODY.size!;
    const families = new Set<FontFamily>(['latin', ...line.runs.map((run) => run.family)]);
    let ascent = 0;
    let descent = 0;
    for (const family of families) {
      ascent = Math.max(ascent, LINE_METRICS[family].ascender * FAMILY_SCALE[family] * size);
      descent = Math.max(descent, LINE_METRICS[family].descender * FAMILY_SCALE[family] * size);
    }
    return { ascent: LINE_METRICS.latin.ascender * size, height: ascent + descent + (style.lineGap ?? 0) };
  }

  /**
   * Draws text in the box from x, `width` wide, starting at y; afterwards doc.y is below it, on a
   * later page if it flowed over. Boxes and alignment are given for a left-to-right letter and
   * mirrored for a right-to-left one.
   */
  private write(text: string, x: number, y: number, width: number, style: TextStyle, options: WriteOptions = {}): void {
    const clean = this.prepare(text);
    if (!clean) return;
    const boxX = this.rtl ? this.page.width - x - width : x;
    const align = this.alignment(style);
    let top = y;
    for (const line of this.lines(clean, width, style, options)) {
      const box = this.lineBox(line, style);
      if (top + box.height > this.bottom && top > MARGINS.top + 0.5) {
        this.doc.addPage();
        top = MARGINS.top;
      }
      let runX = align === 'right' ? boxX + width - line.width : align === 'center' ? boxX + (width - line.width) / 2 : boxX;
      for (const run of line.runs) {
        if (!run.text.trim()) {
          runX += run.width;
          continue;
        }
        const size = (style.size ?? BODY.size!) * FAMILY_SCALE[run.family];
        this.doc
          .font(fontName(run.family, style.weight ?? 'regular'))
          .fontSize(size)
          .fillColor(style.colour ?? COLOURS.text);
        const options = { lineBreak: false, baseline: 'alphabetic', ...(run.whole ? { features: shaping(run.family) } : {}) } as const;
        const actual = run.actual ?? (run.family === 'devanagari' || run.family === 'bengali' ? run.text : undefined);
        if (actual !== undefined) this.textWithActualText(run.text, actual, runX, top + box.ascent, options);
        else this.doc.text(run.text, runX, top + box.ascent, options);
        runX += run.width;
      }
      top += box.height;
    }
    this.doc.x = LEFT;
    this.doc.y = top;
  }

  /**
   * Indic shaping puts some vowel signs before their consonant (कि is drawn ि then क), so glyph
   * order is not reading order, and a mirrored bracket is drawn as its twin: such a run carries
   * its text as ActualText, which copying and text extraction use. The marked-content sequence goes inside the text object (BT … ET), where the
   * coordinates it spans are those of its glyphs; pdfkit's markContent would put it outside, in the
   * page's flipped space, where poppler's pdftotext loses the text.
   */
  private textWithActualText(text: string, actual: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
    const doc = this.doc as Doc & { addContent(data: string): Doc };
    const utf16 = Buffer.from(`\uFEFF${actual}`, 'utf16le').swap16().toString('hex').toUpperCase();
    const addContent = doc.addContent;
    // An own property over pdfkit's prototype method, for the length of one text() call.
    doc.addContent = function (this: Doc & { addContent(data: string): Doc }, data: string): Doc {
      if (data === 'ET') addContent.call(this, 'EMC');
      addContent.call(this, data);
      if (data === 'BT') addContent.call(this, `/Span <</ActualText <${utf16}>>> BDC`);
      return this;
    };
    try {
      doc.text(text, x, y, options);
    } finally {
      delete (doc as Partial<Pick<typeof doc, 'addContent'>>).addContent;
    }
  }

  private alignment(style: TextStyle): 'left' | 'right' | 'center' {
    const align = style.align === 'center' ? 'center' : style.align === 'right' ? 'right' : 'left';
    if (!this.rtl || align === 'center') return align;
    return align === 'left' ? 'right' : 'left';
  }

  private height(text: string, width: number, style: TextStyle): number {
    const clean = sanitiseText(text, { keepBidiControls: true }).text.trim();
    if (!clean) return 0;
    return this.lines(clean, width, style, {}).reduce((sum, line) => sum + this.lineBox(line, style).height, 0);
  }

  /** The width the widest line of `text` takes. */
  private textWidth(text: string, style: TextStyle): number {
    const clean = sanitiseText(text, { keepBidiControls: true }).text.trim();
    return Math.max(0, ...this.lines(clean, Infinity, style, {}).map((line) => line.width));
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

  private rule(y: number, colour: string, width: number, start = LEFT, end = LEFT + this.width): void {
    const [from, to] = this.rtl ? [this.page.width - end, this.page.width - start] : [start, end];
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(colour).stroke().restore();
  }

  // ---- first page -------------------------------------------------------------------------

  private letterhead(head: LetterDocument['letterhead']): void {
    const top = MARGINS.top - 8;
    const rightWidth = 190;
    const leftWidth = this.width - rightWidth - 20;
    this.write(head.union, LEFT, top, leftWidth, { weight: 'bold', size: 16, colour: COLOURS.accent, lineGap: 1 }, { base: 'auto' });
    this.doc.y += 2;
    this.write(head.contactPoint, LEFT, this.doc.y, leftWidth, { size: 10.5, lineGap: 1 }, { base: 'auto' });
    const leftBottom = this.doc.y;

    this.doc.y = top + 2;
    const lines = [...head.addressLines, ...head.contactLines].filter((line) => line.trim());
    this.write(lines.join('\n'), LEFT + this.width - rightWidth, top + 2, rightWidth, { ...SMALL, align: 'right' }, { base: 'auto' });
    const ruleY = Math.max(leftBottom, this.doc.y) + 10;
    this.rule(ruleY, COLOURS.accent, 1);
    this.doc.y = ruleY + 22;
  }

  private addressAndDetails(letter: LetterDocument): void {
    const top = this.doc.y;
    const detailsWidth = 205;
    const labelWidth = 82;
    const detailsX = LEFT + this.width - detailsWidth;
    const addressWidth = this.width - detailsWidth - 24;

    let y = top;
    if (letter.marking) {
      this.write(letter.marking, LEFT, y, addressWidth, { weight: 'bold', size: 8.5, colour: COLOURS.accent });
      y = this.doc.y + 6;
    }
    this.doc.y = y;
    this.write(letter.recipient.filter((line) => line.trim()).join('\n'), LEFT, y, addressWidth, { ...BODY, lineGap: 1.5 }, { base: 'auto' });
    const addressBottom = this.doc.y;

    let rowY = top;
    for (const row of [letter.date, ...letter.references]) {
      if (!row.value.trim()) continue;
      // Smaller label, larger value: nudge the label down so both sit on one baseline.
      this.write(row.label, detailsX, rowY + 0.9, labelWidth - 6, { ...SMALL, lineGap: 1 });
      const labelBottom = this.doc.y;
      this.write(row.value, detailsX + labelWidth, rowY, detailsWidth - labelWidth, { size: 9.5, lineGap: 1 }, { base: 'auto' });
      rowY = Math.max(labelBottom, this.doc.y) + 4;
    }
    this.doc.y = Math.max(addressBottom, rowY) + 24;
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
          this.amounts(block);
          break;
      }
    }
  }

  /**
   * The height that must fit on the page for these blocks to start there: a heading is never
   * left alone at the foot of a page, however deeply sections nest.
   */
  private leadHeight(blocks: readonly LetterBlock[], depth: number): number {
    const first = blocks[0];
    if (!first) return 0;
    switch (first.type) {
      case 'paragraph':
        return Math.min(this.height(first.text, this.width, BODY), this.lineHeight(BODY) * 2);
      case 'section':
        return this.sectionGap(depth) + this.height(first.heading, this.width, this.headingStyle(depth)) + 3 + this.leadHeight(first.blocks, depth + 1);
      case 'list':
        return this.lineHeight(BODY);
      case 'fields': {
        const row = first.rows[0];
        return row ? this.fieldHeight(row) : 0;
      }
      case 'amounts': {
        const table = this.tableLayout(first);
        return table.whole <= this.pageHeight ? table.whole : table.head + (table.rows[0] ?? 0);
      }
    }
  }

  private get pageHeight(): number {
    return this.page.height - MARGINS.top - MARGINS.bottom;
  }

  private headingStyle(depth: number): TextStyle {
    return depth === 0 ? HEADING : SUBHEADING;
  }

  private sectionGap(depth: number): number {
    return depth === 0 ? 6 : 2;
  }

  private paragraph(text: string): void {
    if (!text.trim()) return;
    // No single first line stranded at the foot of a page.
    this.keepTogether(Math.min(this.height(text, this.width, BODY), this.lineHeight(BODY) * 2));
    this.write(text, LEFT, this.doc.y, this.width, BODY);
    this.doc.y += PARAGRAPH_GAP;
  }

  private section(heading: string, blocks: readonly LetterBlock[], depth: number): void {
    const style = this.headingStyle(depth);
    this.keepTogether(this.sectionGap(depth) + this.height(heading, this.width, style) + 3 + this.leadHeight(blocks, depth + 1));
    if (this.doc.y > MARGINS.top + 1) this.doc.y += this.sectionGap(depth);
    this.write(heading, LEFT, this.doc.y, this.width, style);
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
      this.doc.y = y;
      this.write(item, LEFT + indent, y, this.width - indent, BODY);
      this.doc.y += 3;
    }
    this.doc.y += PARAGRAPH_GAP - 3;
  }

  private static readonly FIELD_LABEL_WIDTH = 150;

  private fieldHeight(row: LabelledValue): number {
    const labelWidth = LetterLayout.FIELD_LABEL_WIDTH;
    return Math.max(this.height(row.label, labelWidth - 10, LABEL), this.height(row.value, this.width - labelWidth, BODY));
  }

  private fields(rows: readonly LabelledValue[]): void {
    const labelWidth = LetterLayout.FIELD_LABEL_WIDTH;
    for (const row of rows) {
      this.keepTogether(this.fieldHeight(row));
      const y = this.doc.y;
      const page = this.pageIndex;
      this.write(row.label, LEFT, y, labelWidth - 10, LABEL);
      const labelBottom = this.doc.y;
      this.doc.y = y;
      this.write(row.value, LEFT + labelWidth, y, this.width - labelWidth, BODY, { base: 'auto' });
      // A value longer than a page flows on; then only its own end counts.
      if (this.pageIndex === page) this.doc.y = Math.max(labelBottom, this.doc.y);
      this.doc.y += 4;
    }
    this.doc.y += PARAGRAPH_GAP - 4;
  }

  private static readonly TABLE = { periodWidth: 118, amountWidth: 100, pad: 10, rowGap: 9 };

  private tableRowHeight(row: AmountRow, style: TextStyle): number {
    const { periodWidth, amountWidth, pad } = LetterLayout.TABLE;
    return Math.max(
      this.height(row.period ?? '', periodWidth - pad, style),
      this.height(row.description, this.width - periodWidth - amountWidth - pad, style),
      this.height(row.amount, amountWidth, style),
    );
  }

  /** Heights of the header, each row and the total (each with its spacing), and of the whole. */
  private tableLayout(table: Extract<LetterBlock, { type: 'amounts' }>): { head: number; rows: number[]; total: number; whole: number } {
    const { rowGap } = LetterLayout.TABLE;
    const head = this.tableRowHeight({ ...table.columns }, TABLE_HEAD) + rowGap;
    const rows = table.rows.map((row) => this.tableRowHeight(row, TABLE) + rowGap);
    const total = this.tableRowHeight({ description: table.total.label, amount: table.total.value }, { ...TABLE, weight: 'bold' }) + 5;
    return { head, rows, total, whole: head + rows.reduce((sum, height) => sum + height, 0) + total };
  }

  private amounts(table: Extract<LetterBlock, { type: 'amounts' }>): void {
    const { periodWidth, amountWidth, pad } = LetterLayout.TABLE;
    const descriptionWidth = this.width - periodWidth - amountWidth;
    const amountX = LEFT + this.width - amountWidth;
    const layout = this.tableLayout(table);

    const cells = (row: AmountRow, style: TextStyle): void => {
      const y = this.doc.y;
      const height = this.tableRowHeight(row, style);
      this.write(row.period ?? '', LEFT, y, periodWidth - pad, style);
      this.write(row.description, LEFT + periodWidth, y, descriptionWidth - pad, style);
      this.write(row.amount, amountX, y, amountWidth, { ...style, align: 'right' });
      this.doc.y = y + height;
    };
    const header = (): void => {
      cells({ ...table.columns }, TABLE_HEAD);
      this.doc.y += 4;
      this.rule(this.doc.y, COLOURS.accent, 0.75);
      this.doc.y += 5;
    };

    // A table that fits on a page is never split; a longer one repeats its header.
    this.keepTogether(layout.whole <= this.pageHeight ? layout.whole : layout.head + (layout.rows[0] ?? 0));
    header();
    table.rows.forEach((row, index) => {
      if (this.doc.y + (layout.rows[index] ?? 0) > this.bottom) {
        this.doc.addPage();
        header();
      }
      cells(row, TABLE);
      this.doc.y += 4;
      if (index < table.rows.length - 1) this.rule(this.doc.y, COLOURS.rule, 0.5);
      this.doc.y += 5;
    });

    this.keepTogether(layout.total);
    this.rule(this.doc.y - 1, COLOURS.accent, 0.75);
    this.doc.y += 5;
    cells({ description: table.total.label, amount: table.total.value }, { ...TABLE, weight: 'bold' });
    this.doc.y += PARAGRAPH_GAP + 6;
  }

  private signOffHeight(letter: LetterDocument): number {
    const lines = letter.signature.lines.filter((line) => line.trim()).length;
    return 4 + (letter.closing ? this.lineHeight(BODY) : 0) + SIGNATURE_SPACE + this.lineHeight(BODY) * (1 + lines);
  }

  private signOff(letter: LetterDocument): void {
    const lines = letter.signature.lines.filter((line) => line.trim());
    this.keepTogether(this.signOffHeight(letter));
    this.doc.y += 4;
    if (letter.closing) this.write(letter.closing, LEFT, this.doc.y, this.width, BODY);
    this.doc.y += SIGNATURE_SPACE;
    this.write(letter.signature.name, LEFT, this.doc.y, this.width, { ...BODY, weight: 'bold' }, { base: 'auto' });
    if (lines.length > 0) this.write(lines.join('\n'), LEFT, this.doc.y, this.width, BODY, { base: 'auto' });
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

      const y = this.page.height - 50;
      this.rule(y - 7, COLOURS.rule, 0.5);
      const right =
        pages > 1
          ? [index > 0 ? letter.footer.continuation : '', fill(letter.footer.pageLabel, { page: String(index + 1), pages: String(pages) })]
              .filter((part) => part.trim())
              .join('   ·   ')
          : '';
      let rightWidth = 0;
      if (right) {
        rightWidth = Math.min(this.textWidth(right, FOOTER) + 2, this.width / 2);
        this.write(right, LEFT + this.width - rightWidth, y, rightWidth, { ...FOOTER, align: 'right' }, { maxLines: 1 });
      }
      // Two lines at most, so that a long union name cannot push the footer off the page.
      const leftWidth = this.width - rightWidth - (right ? 18 : 0);
      this.write(letter.footer.text, LEFT, y, leftWidth, FOOTER, { maxLines: 2 });

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
  const createdAt = new Date(letter.createdAt);
  const page = PAGES[letter.paper ?? 'A4'];
  const doc = new PDFDocument({
    size: [page.width, page.height],
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
      Creator: 'UnionDesk',
      Producer: 'UnionDesk (PDFKit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  doc.registerFont('bold', loadFamilyBytes('latin').bold);
  for (const family of FAMILIES.filter((name) => name !== 'latin')) {
    const fonts = loadFamilyBytes(family);
    doc.registerFont(fontName(family, 'regular'), fonts.regular);
    doc.registerFont(fontName(family, 'bold'), fonts.bold);
  }

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layout = new LetterLayout(doc, (letter.direction ?? languageDirection(letter.language)) === 'rtl', page);
  layout.render(letter);
  const pageCount = doc.bufferedPageRange().count;
  doc.end();
  const pdf = await finished;
  return { pdf, warnings: layout.warnings(letter.warnings ?? []), pageCount };
}
