import bidiModule from 'bidi-js';
import type { Bidi, EmbeddingLevels } from 'bidi-js';
import { familyFor, isBidiControl } from './fonts.js';
import type { FontFamily } from './fonts.js';

/**
 * Bidirectional text for the letter PDFs. pdfkit has no bidi layout (its issue #219) and breaks
 * lines in logical order, so the renderer does it here: for each paragraph the Unicode
 * Bidirectional Algorithm (UAX #9, by bidi-js) resolves embedding levels, lines are broken in
 * logical order by measured width, and each line is reordered into visual runs, each of one level
 * and one font, which pdf.ts draws left to right at computed positions.
 *
 * What fontkit (under pdfkit) does to a run, and how we compensate:
 * - it shapes Arabic (joining forms) and Indic conjuncts, in logical order, as it must;
 * - it reverses the glyphs of any string whose first letter with a script of its own is of a
 *   right-to-left script (Arabic, Hebrew …), whatever the bidi level says;
 * - pdfkit hands it a string word by word (split after each space), so a several-word run would
 *   be reversed word by word, in the wrong word order: such runs are laid out whole (pdfkit does
 *   that when given OpenType `features`, see `VisualRun.whole`);
 * - it mirrors nothing: "(" stays "(" in a right-to-left run; bidi-js's mirroring map does it.
 * So a run is handed over in logical order when fontkit's reversal is the one the bidi level asks
 * for, and with its graphemes reversed otherwise (a run of only punctuation at a right-to-left
 * level; Arabic-Indic digits, which fontkit takes for right-to-left but bidi keeps in order).
 */

// JavaScript regexes cannot ask for Bidi_Class, so the right-to-left scripts stand in for it.
// Only scripts from Unicode 11 or older: a newer name would be a SyntaxError on an older Node.
const RTL_SCRIPTS = [
  'Arabic',
  'Hebrew',
  'Syriac',
  'Thaana',
  'Nko',
  'Samaritan',
  'Mandaic',
  'Adlam',
  'Hanifi_Rohingya',
  'Mende_Kikakui',
  'Old_South_Arabian',
  'Old_North_Arabian',
  'Imperial_Aramaic',
  'Phoenician',
  'Avestan',
  'Kharoshthi',
  'Manichaean',
  'Nabataean',
  'Palmyrene',
  'Psalter_Pahlavi',
  'Inscriptional_Pahlavi',
  'Inscriptional_Parthian',
  'Hatran',
  'Old_Hungarian',
  'Lydian',
  'Cypriot',
  'Sogdian',
  'Old_Sogdian',
];

// RLM, ALM and the right-to-left embeddings, overrides and isolates say "right to left" too.
const RTL_CONTROLS = '\\u200F\\u061C\\u202B\\u202E\\u2067';
const RTL_SCRIPT_CLASS = RTL_SCRIPTS.map((script) => `\\p{Script=${script}}`).join('');
const RTL_CHAR = new RegExp(`[${RTL_SCRIPT_CLASS}${RTL_CONTROLS}]`, 'u');
const RTL_LETTER = new RegExp(`^[${RTL_SCRIPT_CLASS}]`, 'u');
/** What fontkit skips when it guesses a string's script. */
const NO_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

/** True when the text holds any character of a right-to-left script (or a right-to-left mark). */
export function containsRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** Languages written right to left (ISO 639-1 and the few 639-3 codes people's lists hold). */
const RTL_LANGUAGES = new Set(['ar', 'ur', 'fa', 'he', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'syr', 'arz', 'ary', 'apc', 'prs']);

/** The direction a document in this BCP 47 language is laid out in. */
export function languageDirection(language: string): 'ltr' | 'rtl' {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/** `ltr`/`rtl` force the paragraph direction; `auto` takes it from the first strong letter (UAX #9 P2). */
export type BaseDirection = 'ltr' | 'rtl' | 'auto';

// bidi-js is a UMD bundle whose types declare an ES default export: Node's ESM loader hands us the
// factory itself, TypeScript (and a bundler that reads the `module` field) a module with `default`.
const bidiFactory: () => Bidi =
  typeof bidiModule === 'function' ? (bidiModule as unknown as () => Bidi) : (bidiModule as unknown as { default: () => Bidi }).default;
const bidi = bidiFactory();

/** A piece of one line, drawn as one pdfkit fragment. */
export interface VisualRun {
  /** What to hand to pdfkit: logical order or reversed (see the file comment), mirrored. */
  text: string;
  family: FontFamily;
  /** The run's bidi embedding level; odd is right to left. */
  level: number;
  /** Lay the run out whole (pass OpenType features), so that fontkit reverses it as one. */
  whole: boolean;
  /** Width in points, as measured. */
  width: number;
  /**
   * For a mirrored bracket or quote (drawn alone): the character of the text, for copying and
   * extraction, which would otherwise read the glyph drawn — ")" for the "(" of a right-to-left run.
   */
  actual?: string;
}

export interface LaidLine {
  /** Left to right, as drawn. */
  runs: VisualRun[];
  width: number;
  /** The paragraph's direction (its base level is odd). */
  rtl: boolean;
}

/** Width in points of `text` in a family, as pdfkit would draw it (`whole`: with features). */
export type Measure = (text: string, family: FontFamily, whole: boolean) => number;

export interface ParagraphOptions {
  base: BaseDirection;
  /** Width lines are broken to; Infinity for no breaking. */
  width: number;
  measure: Measure;
  /** At most this many lines; the last one kept ends in "…" when text was cut. */
  maxLines?: number;
}

/** Digit groups joined by spaces or hyphens, not part of a word: a phone number, an ISO date. */
const NUMBER_GROUPS = /(?<![\p{L}\p{N}\p{M}+-])\+?\d+(?:[ \u00A0-]\d+)+(?![\p{L}\p{N}\p{M}-])/gu;

/**
 * Wraps each run of digit groups (a phone number "+44 20 7946 0000", a date "2026-03-24") in a
 * left-to-right isolate. By UAX #9 alone the groups of a phone number inside Arabic text are
 * ordered right to left, group by group ("0000 7946 20 44+"); a reader expects it as written,
 * as a browser shows it inside <bdi dir="ltr">. Single numbers, amounts and decimals are left to
 * the algorithm (in Arabic, "£3,471.12" reads with the pound sign first, from the right).
 */
export function isolateNumberGroups(text: string): string {
  return text.replace(NUMBER_GROUPS, (match) => `\u2066${match}\u2069`);
}

let graphemes: Intl.Segmenter | undefined;

function graphemeSplit(text: string): string[] {
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/** True when fontkit would take this string for right-to-left and reverse its glyphs. */
export function fontkitReverses(text: string): boolean {
  for (const char of text) {
    if (NO_SCRIPT.test(char)) continue;
    return RTL_LETTER.test(char);
  }
  return false;
}

/** One paragraph (no line breaks inside) with its resolved levels and a font per code unit. */
class Paragraph {
  readonly levels: EmbeddingLevels;
  readonly families: FontFamily[];
  readonly rtl: boolean;

  constructor(
    readonly text: string,
    base: BaseDirection,
  ) {
    this.levels = bidi.getEmbeddingLevels(text, base);
    this.rtl = ((this.levels.paragraphs[0]?.level ?? 0) & 1) === 1;
    this.families = [];
    let previous: FontFamily | undefined;
    let previousLevel = -1;
    for (let index = 0; index < text.length; ) {
      const char = String.fromCodePoint(text.codePointAt(index) as number);
      const level = this.levels.levels[index] as number;
      // A neutral follows the font of its neighbour only within the same level: the comma after an
      // Arabic name in an English sentence is an English comma.
      const family = familyFor(char, level === previousLevel ? previous : undefined);
      for (let unit = 0; unit < char.length; unit++) this.families.push(family);
      if (!isBidiControl(char)) {
        previous = family;
        previousLevel = level;
      }
      index += char.length;
    }
  }

  level(index: number): number {
    return this.levels.levels[index] as number;
  }

  /** Width of the logical range [start, end), piece by piece (a line-breaking estimate). */
  width(start: number, end: number, measure: Measure): number {
    let total = 0;
    let from = start;
    for (let index = start + 1; index <= end; index++) {
      const boundary =
        index === end || this.families[index] !== this.families[from] || (this.level(index) & 1) !== (this.level(from) & 1);
      if (!boundary) continue;
      const piece = this.visible(from, index);
      if (piece) total += measure(piece, this.families[from] as FontFamily, fontkitReverses(piece));
      from = index;
    }
    return total;
  }

  private visible(start: number, end: number): string {
    let out = '';
    for (const char of this.text.slice(start, end)) if (!isBidiControl(char)) out += char;
    return out;
  }

  /** Break opportunities: after each run of spaces. Returns [start, end) of each word with its spaces. */
  words(): Array<[number, number]> {
    const words: Array<[number, number]> = [];
    const pattern = /[^ ]*( +|$)/g;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(this.text)) !== null && match.index < this.text.length) {
      words.push([match.index, match.index + match[0].length]);
      if (match[0].length === 0) pattern.lastIndex += 1;
    }
    return words;
  }

  /** The line [start, end) as visual runs, trailing spaces left out. */
  line(start: number, end: number, measure: Measure): LaidLine {
    while (end > start && this.text[end - 1] === ' ') end -= 1;
    if (end <= start) return { runs: [], width: 0, rtl: this.rtl };
    const order: number[] = [];
    for (let index = start; index < end; index++) order.push(index);
    for (const [from, to] of bidi.getReorderSegments(this.text, this.levels, start, end - 1)) {
      const slice = order.slice((from as number) - start, (to as number) - start + 1).reverse();
      order.splice((from as number) - start, slice.length, ...slice);
    }
    const mirrored = bidi.getMirroredCharactersMap(this.text, this.levels.levels, start, end - 1);
    const visible = order.filter((index) => !isBidiControl(this.text[index] as string));

    const runs: VisualRun[] = [];
    let group: number[] = [];
    const flush = (): void => {
      if (group.length === 0) return;
      const level = this.level(group[0] as number);
      const low = Math.min(...group);
      const high = Math.max(...group);
      let logical = '';
      for (let index = low; index <= high; index++) {
        const char = this.text[index] as string;
        if (!isBidiControl(char)) logical += mirrored.get(index) ?? char;
      }
      const reverses = fontkitReverses(logical);
      const text = reverses === ((level & 1) === 1) ? logical : graphemeSplit(logical).reverse().join('');
      const family = this.families[low] as FontFamily;
      const run: VisualRun = { text, family, level, whole: reverses, width: measure(text, family, reverses) };
      if (low === high && mirrored.has(low)) run.actual = this.text[low];
      runs.push(run);
      group = [];
    };
    for (const index of visible) {
      const last = group.at(-1);
      if (last !== undefined) {
        const level = this.level(last);
        const step = (level & 1) === 1 ? -1 : 1;
        // Surrogate pairs keep their two units together, whichever way the run goes.
        const adjacent = index === last + step || index === last + step * 2;
        const same = this.level(index) === level && this.families[index] === this.families[last];
        // A mirrored character is a run of its own, so that it can carry its own character.
        if (!adjacent || !same || mirrored.has(index) || mirrored.has(last)) flush();
      }
      group.push(index);
    }
    flush();
    return { runs, width: runs.reduce((sum, run) => sum + run.width, 0), rtl: this.rtl };
  }
}

/**
 * Lays text out in lines: each `\n` starts a paragraph, each paragraph is broken to `width` at
 * spaces (a word longer than a line is broken between graphemes) and reordered for display.
 */
export function layoutText(text: string, options: ParagraphOptions): LaidLine[] {
  const lines: Array<LaidLine | { paragraph: Paragraph; start: number; end: number }> = [];
  for (const source of isolateNumberGroups(text).split('\n')) {
    const paragraph = new Paragraph(source, options.base);
    const breaks = breakLines(paragraph, options);
    if (breaks.length === 0) {
      lines.push({ runs: [], width: 0, rtl: paragraph.rtl });
    }
    for (const [start, end] of breaks) lines.push({ paragraph, start, end });
  }
  const maxLines = options.maxLines ?? Infinity;
  const kept = lines.slice(0, maxLines);
  return kept.map((line, index) => {
    if (!('paragraph' in line)) return line;
    if (index === maxLines - 1 && lines.length > maxLines) return ellipsised(line.paragraph.text.slice(line.start), options);
    return line.paragraph.line(line.start, line.end, options.measure);
  });
}

function breakLines(paragraph: Paragraph, options: ParagraphOptions): Array<[number, number]> {
  const { measure, width } = options;
  const lines: Array<[number, number]> = [];
  let lineStart = -1;
  let lineEnd = -1;
  let lineWidth = 0;
  const push = (start: number, end: number): void => void lines.push([start, end]);
  for (const [start, end] of paragraph.words()) {
    let bare = end;
    while (bare > start && paragraph.text[bare - 1] === ' ') bare -= 1;
    const wordWidth = paragraph.width(start, bare, measure);
    const spaced = paragraph.width(start, end, measure);
    if (lineStart >= 0 && lineWidth + wordWidth <= width) {
      lineEnd = end;
      lineWidth += spaced;
      continue;
    }
    if (lineStart >= 0) push(lineStart, lineEnd);
    if (wordWidth <= width) {
      lineStart = start;
      lineEnd = end;
      lineWidth = spaced;
      continue;
    }
    // Longer than a line: as many graphemes as fit on each line, at least one.
    let from = start;
    let at = start;
    for (const grapheme of graphemeSplit(paragraph.text.slice(start, bare))) {
      const next = at + grapheme.length;
      if (at > from && paragraph.width(from, next, measure) > width) {
        push(from, at);
        from = at;
      }
      at = next;
    }
    lineStart = from;
    lineEnd = end;
    lineWidth = paragraph.width(from, end, measure);
  }
  if (lineStart >= 0) push(lineStart, lineEnd);
  return lines;
}

/** The start of `text` that fits on one line with "…" after it. */
function ellipsised(text: string, options: ParagraphOptions): LaidLine {
  const parts = graphemeSplit(text);
  for (let count = parts.length; count > 0; count--) {
    const candidate = `${parts.slice(0, count).join('').trimEnd()}…`;
    const paragraph = new Paragraph(candidate, options.base);
    const line = paragraph.line(0, candidate.length, options.measure);
    if (line.width <= options.width || count === 1) return line;
  }
  return new Paragraph('…', options.base).line(0, 1, options.measure);
}
