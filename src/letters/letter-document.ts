/**
 * A letter ready to print: every string already composed, translated and formatted. The PDF
 * renderer knows nothing about cases or languages; it lays this structure out.
 */

export interface LabelledValue {
  label: string;
  value: string;
}

export interface AmountRow {
  period?: string;
  description: string;
  /** Formatted, e.g. "£1,234.50". */
  amount: string;
}

export type LetterBlock =
  | { type: 'paragraph'; text: string }
  /** A heading kept together with the start of what follows it; sections may nest once. */
  | { type: 'section'; heading: string; blocks: LetterBlock[] }
  | { type: 'list'; items: string[]; numbered?: boolean }
  /** Label and value side by side, e.g. the fields of a referral. */
  | { type: 'fields'; rows: LabelledValue[] }
  /** Itemised amounts with a total; `columns` are the header labels. */
  | {
      type: 'amounts';
      columns: { period: string; description: string; amount: string };
      rows: AmountRow[];
      total: LabelledValue;
    };

export type LetterWarningCode =
  /** A worker's name is right-to-left and no Latin transliteration was given. */
  | 'rtl-name'
  /**
   * Some other text is right-to-left. No longer given (the renderer lays right-to-left text out
   * with the bidi algorithm); kept because stored documents may carry it.
   */
  | 'rtl-text'
  /** Characters the font cannot draw (emoji, rare scripts) were left out or replaced by "?". */
  | 'unsupported-characters'
  /** The letter is not in the language asked for, because no translation exists yet. */
  | 'translation-missing';

export interface LetterWarning {
  code: LetterWarningCode;
  /** For the counsellor, in English for now. */
  message: string;
}

export interface LetterDocument {
  /** BCP 47 language of the text, written to the PDF for screen readers. */
  language: string;
  /**
   * Layout direction; by default that of `language` (Arabic and Urdu right to left). In a
   * right-to-left letter every box mirrors: text starts at the right, the details column, the
   * amount column and the page number are on the left.
   */
  direction?: 'ltr' | 'rtl';
  /** The paper of the case's jurisdiction (US Letter in the US and Canada); A4 when absent. */
  paper?: 'A4' | 'LETTER';
  /**
   * ISO 8601 instant the letter was made. It becomes the PDF creation date, so rendering the same
   * document twice gives the same bytes (pdfkit would otherwise stamp the current time).
   */
  createdAt: string;
  /** PDF metadata. */
  title: string;
  author: string;

  /** First page only. */
  letterhead: {
    union: string;
    contactPoint: string;
    addressLines: string[];
    /** e.g. "Tel. +44 20 7611 2500", "Email london@example.org". */
    contactLines: string[];
  };
  /** e.g. "PRIVATE AND CONFIDENTIAL", above the recipient. */
  marking?: string;
  recipient: string[];
  /** Already formatted in the contact point's locale. */
  date: LabelledValue;
  /** "Our reference", "Your reference". */
  references: LabelledValue[];
  subject: string;
  salutation?: string;
  body: LetterBlock[];
  closing?: string;
  signature: { name: string; lines: string[] };
  enclosures?: { heading: string; items: string[] };
  footer: {
    /** On every page, e.g. union and contact point. */
    text: string;
    /** On every page after the first, e.g. "Our reference LDN-2026-00042". */
    continuation: string;
    /** Only when there is more than one page; `{page}` and `{pages}` are filled in. */
    pageLabel: string;
  };
  /** Found while composing; the renderer adds its own. */
  warnings?: LetterWarning[];
}
