import { isSupportedLocale, translator } from '../i18n/index.js';
import type { LetterBlock, LetterDocument } from '../letters/letter-document.js';
import { fill, formatDate, formatInstantDate } from '../letters/letter-format.js';
import { addDays, addressLines, letterLocale, localDate } from '../letters/letter-from-case.js';
import { paperSizeFor } from '../letters/jurisdictions.js';
import { officialLanguage } from '../letters/letter-language.js';
import { DEFAULT_LETTER_LANGUAGE, ENGLISH, letterStringsFor } from '../letters/letter-strings.js';

/**
 * One letter to the group's party on behalf of all its workers. It names only the workers whose consent lets the desk
 * give their identity to someone outside it (`share_with_partners`); the others are counted, never named.
 */
export type CollectiveLetterFacts = {
  group: { reference: string; title: string; summary: string };
  party: { name: string; address: string | null };
  contactPoint: { name: string; unionName: string; city: string; address: string; email: string | null; phone: string | null; country: string; defaultLocale: string; timezone: string };
  counsellor: { name: string; email?: string; phone?: string };
  facts?: string;
  named: string[];
  unnamedCount: number;
  now: number;
};

/** The language of the collective letter: the official one of the desk's country, when the UI has its sentences; else English. */
export function collectiveLetterLanguage(cp: { country: string; defaultLocale: string }): string {
  const official = officialLanguage(cp.country, cp.defaultLocale);
  return isSupportedLocale(official) ? official : DEFAULT_LETTER_LANGUAGE;
}

const paragraph = (text: string): LetterBlock => ({ type: 'paragraph', text });

export function composeCollectiveLetter(f: CollectiveLetterFacts): LetterDocument {
  const cp = f.contactPoint;
  const language = collectiveLetterLanguage(cp);
  const t = translator(language, cp.country, cp.timezone).t;
  const k = (key: string, values: Record<string, string> = {}) => t(`batchLetters.collectiveLetter.${key}`, { ...values, interpolation: { escapeValue: false } });
  const common = (letterStringsFor(language, 'letter_before_claim') ?? ENGLISH).common;
  const locale = letterLocale(cp.country, language);
  const union = cp.unionName.trim();
  const total = f.named.length + f.unnamedCount;
  const replyBy = formatDate(addDays(localDate(cp.timezone, f.now), 14), locale);
  const story = (f.facts?.trim() || f.group.summary.trim()).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const reply = [f.counsellor.email, f.counsellor.phone, cp.email, cp.phone].find((v) => v?.trim())?.trim() ?? '';
  const body: LetterBlock[] = [
    paragraph(k('intro', { party: f.party.name, union, total: String(total) })),
    ...story.map(paragraph),
    { type: 'section', heading: k('namedHeading'), blocks: f.named.length ? [{ type: 'list', items: f.named, numbered: true }] : [paragraph(k('noneNamed'))] },
    ...(f.unnamedCount ? [paragraph(k('unnamed', { n: String(f.unnamedCount) }))] : []),
    paragraph(k('request', { date: replyBy, reference: f.group.reference, contact: reply })),
  ];
  return {
    language,
    // The paper of the desk's country, as every letter of its cases (A4; Letter in the US and Canada).
    paper: paperSizeFor(cp.country),
    createdAt: new Date(f.now).toISOString(),
    // No personal name in the PDF's metadata.
    title: `${k('title')} · ${f.group.reference}`,
    author: `${union} · ${cp.name.trim()}`,
    letterhead: {
      union,
      contactPoint: cp.name.trim(),
      addressLines: addressLines(cp.address),
      contactLines: [cp.phone?.trim() ? fill(common.phoneLine, { phone: cp.phone.trim() }) : '', cp.email?.trim() ? fill(common.emailLine, { email: cp.email.trim() }) : ''].filter(Boolean),
    },
    recipient: [f.party.name, ...addressLines(f.party.address)],
    date: { label: common.date, value: formatInstantDate(new Date(f.now).toISOString(), locale, cp.timezone) },
    references: [{ label: common.ourReference, value: f.group.reference }],
    subject: k('subject', { title: f.group.title }),
    salutation: common.dearUnnamed,
    body,
    closing: common.closingUnnamed,
    signature: { name: f.counsellor.name, lines: [common.counsellorRole, cp.name.trim(), union] },
    footer: { text: fill(common.footer, { union, contactPoint: cp.name.trim(), city: cp.city.trim() }), continuation: fill(common.continuation, { reference: f.group.reference }), pageLabel: common.pageLabel },
  };
}
