/**
 * Right-to-left text. pdfkit has no bidirectional layout (its issue #219), so Arabic or Hebrew
 * would silently come out in the wrong order. We detect it, warn the counsellor, and lay short
 * right-to-left runs out ourselves in the one way that comes out right with pdfkit (see
 * `splitDirectionalRuns`).
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
const RTL_CLASS = `${RTL_SCRIPTS.map((script) => `\\p{Script=${script}}`).join('')}${RTL_CONTROLS}`;
const RTL_CHAR = new RegExp(`[${RTL_CLASS}]`, 'u');
const RTL_LETTER = new RegExp(`[${RTL_SCRIPTS.map((script) => `\\p{Script=${script}}`).join('')}]`, 'u');
const LETTER = /\p{L}/u;
/** Names and short phrases; about a third of a line. */
const MAX_JOINED_RUN = 40;
const MARK = /\p{M}/u;

/** True when the text holds any character of a right-to-left script (or a right-to-left mark). */
export function containsRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

export interface DirectionalRun {
  text: string;
  rtl: boolean;
}

/**
 * Splits text into left-to-right and right-to-left runs for a left-to-right paragraph.
 *
 * fontkit (under pdfkit) shapes Arabic and reverses the glyphs of any string whose script is
 * right-to-left; pdfkit, however, lays a line out word by word, each word with its trailing space,
 * so a run of several right-to-left words comes out in the wrong word order with its spaces
 * moved. Drawn as a fragment of its own with no-break spaces inside, a run reaches fontkit whole
 * and is reversed as a unit, which is what the bidi algorithm asks for in a left-to-right
 * paragraph. Not handled: digits inside a right-to-left run (they get reversed too), mirrored
 * brackets, and right-to-left paragraphs that wrap over several lines. That is why the letter
 * still warns.
 */
export function splitDirectionalRuns(text: string): DirectionalRun[] {
  const chars = Array.from(text);
  const runs: DirectionalRun[] = [];
  let ltr = '';
  let index = 0;
  while (index < chars.length) {
    const char = chars[index] as string;
    if (!RTL_LETTER.test(char)) {
      ltr += char;
      index += 1;
      continue;
    }
    // The run reaches to the last right-to-left letter before a left-to-right letter or a line end;
    // neutrals (spaces, punctuation) between right-to-left letters belong to the run.
    let end = index;
    let probe = index + 1;
    while (probe < chars.length) {
      const next = chars[probe] as string;
      if (next === '\n' || (LETTER.test(next) && !RTL_LETTER.test(next))) break;
      if (RTL_LETTER.test(next)) end = probe;
      probe += 1;
    }
    // Combining marks (Arabic vowel signs are Script=Inherited) stay on their letter.
    while (end + 1 < chars.length && MARK.test(chars[end + 1] as string)) end += 1;
    if (ltr) runs.push({ text: ltr, rtl: false });
    ltr = '';
    const run = chars.slice(index, end + 1).join('');
    if (run.length <= MAX_JOINED_RUN) {
      runs.push({ text: run.replace(/[ \t]/g, '\u00A0'), rtl: true });
    } else {
      // A long passage joined into one unbreakable word would be chopped mid-word at the margin.
      // Word by word it can wrap and each word comes out right, at the price of the word order.
      for (const part of run.split(/([ \t]+)/)) {
        if (part) runs.push({ text: part, rtl: !/^[ \t]+$/.test(part) });
      }
    }
    index = end + 1;
  }
  if (ltr) runs.push({ text: ltr, rtl: false });
  return runs;
}
