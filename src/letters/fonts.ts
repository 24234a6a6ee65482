import { readFileSync } from 'node:fs';
import { fontsDir } from '../paths.js';

/**
 * The letter fonts and what they can draw. DejaVu Sans covers Latin (Turkish, Polish, Romanian
 * with comma-below ș ț, Vietnamese), Cyrillic, Greek, and basic Arabic and Hebrew; see
 * static/fonts/README.md for its licence.
 */

export const FONT_FILES = {
  regular: `${fontsDir}DejaVuSans.ttf`,
  bold: `${fontsDir}DejaVuSans-Bold.ttf`,
} as const;

export type FontWeight = keyof typeof FONT_FILES;

let fontBytes: Record<FontWeight, Buffer> | undefined;
let coverage: Set<number> | undefined;

/** Read once per process: a render then costs no disk access for fonts. */
export function loadFontBytes(): Record<FontWeight, Buffer> {
  fontBytes ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  return fontBytes;
}

/** Code points that both the regular and the bold font can draw. */
export function fontCoverage(): Set<number> {
  if (!coverage) {
    const fonts = loadFontBytes();
    const regular = readCmap(fonts.regular);
    const bold = readCmap(fonts.bold);
    coverage = new Set([...regular].filter((codePoint) => bold.has(codePoint)));
  }
  return coverage;
}

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

// Bidi controls have no glyph and pdfkit does no bidi; by the time we sanitise, direction is known.
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
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
 * silently changing; an undrawable symbol (an emoji) is dropped.
 */
export function sanitiseText(input: string): SanitisedText {
  const covered = fontCoverage();
  const text = input
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[^\P{Cc}\n]/gu, '')
    .replace(BIDI_CONTROLS, '');

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
