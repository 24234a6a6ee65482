import type { LetterTexts, SummaryTexts } from '../letter-strings.js';
import { ar } from './ar.js';
import { bn } from './bn.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ne } from './ne.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { tl } from './tl.js';
import { tr } from './tr.js';
import { uk } from './uk.js';
import { ur } from './ur.js';

/**
 * The translations of the letters, one file per language (ISO 639-1 code). A UI language (fr, es, it, de, nl, pt,
 * ar) translates every letter (`LetterTexts`); a language of workers only (ro, pl, uk, ru, tr, tl, ne, bn, ur) the
 * worker summary (`SummaryTexts`). English is in ../letter-strings.ts.
 */
export const LETTER_TRANSLATIONS: Readonly<Record<string, LetterTexts>> = { fr, es, it, de, nl, pt, ar };

export const SUMMARY_TRANSLATIONS: Readonly<Record<string, SummaryTexts>> = { ro, pl, uk, ru, tr, ur, tl, ne, bn };
