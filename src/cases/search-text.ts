import { contactSearchText } from '../search/phone.js';

/**
 * FTS5's unicode61 tokenizer (remove_diacritics 2) folds é→e and ễ→e but not letters that are not a base letter plus
 * an accent: Polish ł, Vietnamese đ, Turkish ı, Nordic ø and æ, German ß. Names are indexed twice — as written and
 * folded — so that "Lukasz" finds "Łukasz" and "Yilmaz" finds "Yılmaz".
 */
const letters: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D' };
const pattern = new RegExp(`[${Object.keys(letters).join('')}]`, 'g');

export function foldForSearch(text: string): string {
  return text.replace(pattern, (c) => letters[c] ?? c);
}

const withFolded = (text: string) => {
  const folded = foldForSearch(text);
  return folded === text ? text : `${text} ${folded}`;
};

/**
 * The columns of a case's case_search row. Restricted notes must not be passed in: the index would reveal them.
 * `contacts` holds the person's phone keys and messaging handle (src/search/phone.ts); an anonymised case passes none.
 */
export function searchRow(input: { names: (string | null | undefined)[]; parties: string[]; notes: (string | null)[]; summary?: string | null; phone?: string | null; handle?: string | null }) {
  return {
    people: withFolded(input.names.filter(Boolean).join(' ')),
    parties: withFolded(input.parties.join(' ')),
    notes: input.notes.filter(Boolean).join('\n'),
    summary: input.summary ?? '',
    contacts: contactSearchText(input.phone, input.handle),
  };
}
