import type { LetterTexts, SummaryTexts } from '../letter-strings.js';
import { de } from './de.js';
import { fr } from './fr.js';
import { ro } from './ro.js';

/**
 * The translations of the letters, one file per language (ISO 639-1 code). A UI language (fr, es, it, de, nl, pt,
 * ar) translates every letter (`LetterTexts`); a language of workers only (ro, pl, uk, ru, tr, tl, ne, bn, ur) the
 * worker summary (`SummaryTexts`). English is in ../letter-strings.ts.
 */
export const LETTER_TRANSLATIONS: Readonly<Record<string, LetterTexts>> = { fr, de };

export const SUMMARY_TRANSLATIONS: Readonly<Record<string, SummaryTexts>> = { ro };
