import { readFileSync } from 'node:fs';
import { fontsDir } from '../paths.js';

/**
 * The letter fonts and what they can draw. DejaVu Sans covers Latin (Turkish, Polish, Romanian
 * with comma-below ș ț, Vietnamese), Cyrillic, Greek, Hebrew and basic Arabic; Noto Naskh Arabic
 * draws Arabic and Urdu (ٹ ڈ ڑ ں ے ہ ھ), Noto Sans Devanagari Nepali and Hindi, Noto Sans Bengali
 * Bengali. See static/fonts/README.md for their licences.
 */

export const FONT_FILES = {
  regular: `${fontsDir}DejaVuSans.ttf`,
  bold: `${fontsDir}DejaVuSans-Bold.ttf`,
} as const;

export type FontWeight = keyof typeof FONT_FILES;

/** A typeface in two weights; `latin` is the default, the others draw one script each. */
export type FontFamily = 'latin' | 'arabic' | 'devanagari' | 'bengali';

export const FAMILY_FILES: Record<FontFamily, Record<FontWeight, string>> = {
  latin: FONT_FILES,
  arabic: { regular: `${fontsDir}NotoNaskhArabic-Regular.ttf`, bold: `${fontsDir}NotoNaskhArabic-Bold.ttf` },
  devanagari: { regular: `${fontsDir}NotoSansDevanagari-Regular.ttf`, bold: `${fontsDir}NotoSansDevanagari-Bold.ttf` },
  bengali: { regular: `${fontsDir}NotoSansBengali-Regular.ttf`, bold: `${fontsDir}NotoSansBengali-Bold.ttf` },
};

export const FAMILIES = Object.keys(FAMILY_FILES) as FontFamily[];

/**
 * The script whose characters go to each script font (the latin family takes everything else).
 * Script_Extensions, so that the Arabic comma ، and the danda । count as their scripts'.
 */
const FAMILY_SCRIPT: Partial<Record<FontFamily, RegExp>> = {
  arabic: /\p{Script_Extensions=Arabic}/u,
  devanagari: /\p{Script_Extensions=Devanagari}/u,
  bengali: /\p{Script_Extensions=Bengali}/u,
};
/** Characters of no script of their own: spaces, punctuation, digits, marks. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

let familyBytes: Partial<Record<FontFamily, Record<FontWeight, Buffer>>> = {};
let coverageByFamily: Partial<Record<FontFamily, Set<number>>> = {};
let coverage: Set<number> | undefined;

/** Read once per process: a render then costs no disk access for fonts. */
export function loadFamilyBytes(family: FontFamily): Record<FontWeight, Buffer> {
  const files = FAMILY_FILES[family];
  familyBytes[family] ??= { regular: readFileSync(files.regular), bold: readFileSync(files.bold) };
  return familyBytes[family];
}

/** The latin family (DejaVu Sans), the document's default. */
export function loadFontBytes(): Record<FontWeight, Buffer> {
  return loadFamilyBytes('latin');
}

/** Code points that both weights of a family can draw. */
export function familyCoverage(family: FontFamily): Set<number> {
  let covered = coverageByFamily[family];
  if (!covered) {
    const fonts = loadFamilyBytes(family);
    const bold = readCmap(fonts.bold);
    covered = new Set([...readCmap(fonts.regular)].filter((codePoint) => bold.has(codePoint)));
    coverageByFamily[family] = covered;
  }
  return covered;
}

/** Code points that some family can draw in both weights. */
export function fontCoverage(): Set<number> {
  coverage ??= new Set(FAMILIES.flatMap((family) => [...familyCoverage(family)]));
  return coverage;
}

/** For tests: forget what was read. */
export function resetFontCache(): void {
  familyBytes = {};
  coverageByFamily = {};
  coverage = undefined;
}

/**
 * The family that draws a character. A character of Arabic, Devanagari or Bengali script goes to
 * its script's font (a danda, which both Indic scripts use, to the one before it); a neutral
 * (space, punctuation, digit, combining mark) stays in `previous` when that font has it, so that a
 * vowel sign or a comma is drawn with its word; everything else is DejaVu Sans, or failing that
 * whichever font has the character.
 */
export function familyFor(char: string, previous?: FontFamily): FontFamily {
  const codePoint = char.codePointAt(0) as number;
  const covers = (family: FontFamily): boolean => familyCoverage(family).has(codePoint);
  if (previous && FAMILY_SCRIPT[previous]?.test(char) && covers(previous)) return previous;
  for (const family of FAMILIES) {
    if (FAMILY_SCRIPT[family]?.test(char) && covers(family)) return family;
  }
  if (previous && NEUTRAL.test(char) && covers(previous)) return previous;
  if (covers('latin')) return 'latin';
  return FAMILIES.find(covers) ?? 'latin';
}

/**
 * Naskh's letters are small for their point size beside DejaVu Sans's: Arabic text is set larger,
 * so that an Arabic name in an English sentence looks the size of its neighbours.
 */
export const FAMILY_SCALE: Record<FontFamily, number> = { latin: 1, arabic: 1.12, devanagari: 1, bengali: 1 };

export interface LineMetrics {
  /** Above the baseline, in em. */
  ascender: number;
  /** Below the baseline, in em (positive). */
  descender: number;
}

/**
 * How much room a family's text needs above and below the baseline, in em. DejaVu Sans's own
 * metrics (the lines of a letter in Latin script keep pdfkit's spacing). Noto's metrics leave room
 * for stacked marks that letters do not use (Naskh's are 1.7 em): these figures are what the
 * glyphs of ordinary text reach, with vowel signs, measured on rendered samples.
 */
export const LINE_METRICS: Record<FontFamily, LineMetrics> = {
  latin: { ascender: 1901 / 2048, descender: 483 / 2048 },
  arabic: { ascender: 0.98, descender: 0.45 },
  devanagari: { ascender: 0.93, descender: 0.3 },
  bengali: { ascender: 0.93, descender: 0.3 },
};

/**
 * Reads the code points a TrueType font maps to a real glyph from its `cmap` table (formats 4
 * and 12, the Windows/Unicode subtables every modern font has). We read it ourselves because
 * fontkit is pdfkit's dependency, not ours, and a missing glyph in pdfkit prints an empty box
 * rather than failing, so we must know beforehand.
 */
export function readCmap(font: Buffer): Set<number> {
  const codePoints = new Set<number>();
  const numTables = font.readUInt16BE(4);
  let cmapOffset = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (font.toString('latin1', record, record + 4) === 'cmap') cmapOffset = font.readUInt32BE(record + 8);
  }
  if (cmapOffset < 0) throw new Error('Font has no cmap table');

  const subtables = font.readUInt16BE(cmapOffset + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < subtables; i++) {
    const record = cmapOffset + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmapOffset + font.readUInt32BE(record + 4);
    const format = font.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 = offset;
    if (format === 4 && format4 < 0) format4 = offset;
  }

  if (format4 >= 0) {
    const segCount = font.readUInt16BE(format4 + 6) / 2;
    const endCodes = format4 + 14;
    const startCodes = endCodes + segCount * 2 + 2;
    const idDeltas = startCodes + segCount * 2;
    const idRangeOffsets = idDeltas + segCount * 2;
    for (let segment = 0; segment < segCount; segment++) {
      const end = font.readUInt16BE(endCodes + segment * 2);
      const start = font.readUInt16BE(startCodes + segment * 2);
      const delta = font.readInt16BE(idDeltas + segment * 2);
      const rangeOffsetAt = idRangeOffsets + segment * 2;
      const rangeOffset = font.readUInt16BE(rangeOffsetAt);
      for (let codePoint = start; codePoint <= end && codePoint !== 0xffff; codePoint++) {
        let glyph: number;
        if (rangeOffset === 0) {
          glyph = (codePoint + delta) & 0xffff;
        } else {
          glyph = font.readUInt16BE(rangeOffsetAt + rangeOffset + (codePoint - start) * 2);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) codePoints.add(codePoint);
      }
    }
  }
  if (format12 >= 0) {
    const groups = font.readUInt32BE(format12 + 12);
    for (let group = 0; group < groups; group++) {
      const record = format12 + 16 + group * 12;
      const start = font.readUInt32BE(record);
      const end = font.readUInt32BE(record + 4);
      const firstGlyph = font.readUInt32BE(record + 8);
      for (let codePoint = start; codePoint <= end; codePoint++) {
        if (firstGlyph + (codePoint - start) !== 0) codePoints.add(codePoint);
      }
    }
  }
  return codePoints;
}

export interface SanitisedText {
  text: string;
  /** What could not be drawn: each grapheme as it was in the input. */
  dropped: string[];
}

/** Marks, embeddings, overrides and isolates: they have no glyph, but they steer the bidi algorithm. */
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
const BIDI_CONTROL = /^[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]$/;

/** True for a bidi mark, embedding, override or isolate (which the renderer does not draw). */
export function isBidiControl(char: string): boolean {
  return BIDI_CONTROL.test(char);
}
const FORMAT = /\p{Cf}/u;
/**
 * Invisible helpers that change nothing when left out: joiners and other format characters
 * (tag characters are among them), variation selectors, emoji skin tones.
 */
function isIgnorable(char: string): boolean {
  const codePoint = char.codePointAt(0) as number;
  return (
    FORMAT.test(char) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0xe0100 && codePoint <= 0xe01ef) ||
    (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff)
  );
}
const CONTROL = /[\p{Cc}]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

let segmenter: Intl.Segmenter | undefined;

/**
 * Makes any text safe for the letter fonts: NFC (so Vietnamese uses the font's precomposed
 * letters), controls removed, line breaks normalised, and every grapheme the fonts cannot draw
 * left out. An undrawable letter becomes "?" so that a name visibly lacks something instead of
 * silently changing; an undrawable symbol (an emoji) is dropped. Bidi controls are removed unless
 * `keepBidiControls` (the renderer runs the bidi algorithm with them, then leaves them out).
 */
export function sanitiseText(input: string, options: { keepBidiControls?: boolean } = {}): SanitisedText {
  const fonts = fontCoverage();
  const covered = options.keepBidiControls
    ? { has: (codePoint: number) => fonts.has(codePoint) || isBidiControl(String.fromCodePoint(codePoint)) }
    : fonts;
  const normalised = input
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[^\P{Cc}\n]/gu, '');
  const text = options.keepBidiControls ? normalised : normalised.replace(BIDI_CONTROLS, '');

  let allCovered = true;
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    if (char !== '\n' && !covered.has(codePoint)) {
      allCovered = false;
      break;
    }
  }
  if (allCovered) return { text, dropped: [] };

  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const dropped: string[] = [];
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (segment === '\n') {
      out += segment;
      continue;
    }
    const chars = Array.from(segment);
    const drawable = chars.filter((char) => covered.has(char.codePointAt(0) as number));
    const missing = chars.filter((char) => !covered.has(char.codePointAt(0) as number));
    if (missing.every((char) => isIgnorable(char) || CONTROL.test(char))) {
      out += drawable.join('');
      continue;
    }
    dropped.push(segment);
    if (LETTER_OR_NUMBER.test(segment)) out += '?';
  }
  // Dropping an emoji between two words must not leave a double space behind.
  return { text: out.replace(/ {2,}/g, ' '), dropped };
}
