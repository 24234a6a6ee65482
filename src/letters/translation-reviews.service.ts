import { recordAudit } from '../audit/audit.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { notFound } from '../shared/errors.js';
import { REVIEWED_LANGUAGES } from './letter-language.js';
import type { TranslationSnapshot } from './letter-snapshot.js';
import { DEFAULT_LETTER_LANGUAGE, letterWording, primaryLanguage } from './letter-strings.js';
import * as repo from './translation-reviews.repo.js';
import type { ReviewInput } from './translation-reviews.schema.js';
import type { TranslationReview } from './translation-reviews.table.js';

/**
 * A native speaker of the desk approves the wording of the letters in one language (issue 14). The approval holds
 * for the wording it was given for (its SHA-256): when a translator changes a text, the language shows as reviewed
 * for an earlier wording, and its letters are marked "not reviewed" again until someone approves the new one.
 */

export type ReviewState = 'current' | 'earlier' | 'none';

export interface LanguageReview {
  language: string;
  state: ReviewState;
  review: TranslationReview | null;
}

function stateOf(language: string, review: TranslationReview | undefined): LanguageReview {
  const wording = letterWording(language);
  const state: ReviewState = !review ? 'none' : wording !== null && review.wording === wording ? 'current' : 'earlier';
  return { language, state, review: review ?? null };
}

/** Every letter language with its review, in the order of REVIEWED_LANGUAGES. */
export function languageReviews(db: DbOrTx): LanguageReview[] {
  const rows = new Map(repo.listTranslationReviews(db).map((r) => [r.language, r]));
  return REVIEWED_LANGUAGES.map((language) => stateOf(language, rows.get(language)));
}

export function languageReview(db: DbOrTx, language: string): LanguageReview | null {
  if (!REVIEWED_LANGUAGES.includes(language)) return null;
  return stateOf(language, repo.findTranslationReview(db, language));
}

/** Who approved the current wording of a language, for a letter being made in it; null: not reviewed. */
export function currentReview(db: DbOrTx, language: string): { reviewedBy: string; reviewedOn: string } | null {
  const state = languageReview(db, primaryLanguage(language));
  return state?.state === 'current' && state.review ? { reviewedBy: state.review.reviewerName, reviewedOn: state.review.reviewedOn } : null;
}

/** What a letter made in `language` records of its translation (no English parts): null for English. */
export function letterTranslation(db: DbOrTx, language: string): TranslationSnapshot | null {
  if (primaryLanguage(language) === DEFAULT_LETTER_LANGUAGE) return null;
  const review = currentReview(db, language);
  return { reviewedBy: review?.reviewedBy ?? null, reviewedOn: review?.reviewedOn ?? null, englishParts: [] };
}

export type ReviewResult =
  | { ok: true; review: TranslationReview | null }
  | { ok: false; stale: true; current: LanguageReview };

const currentVersion = (row: TranslationReview | undefined) => row?.version ?? 0;

/** Records (or renews) the approval of the language's current wording; a form loaded before a change is stale (409). */
export function recordReview(db: Db, language: string, input: ReviewInput, who: { actorId: string; clientAddress: string | null }, now: number): Promise<ReviewResult> {
  return write(db, (tx): ReviewResult => {
    const before = repo.findTranslationReview(tx, language);
    if (input.version === null || input.version !== currentVersion(before)) return { ok: false, stale: true, current: stateOf(language, before) };
    // Every reviewed language is a registered translation (REVIEWED_LANGUAGES), so it has a wording.
    const wording = letterWording(language);
    if (!wording) throw notFound();
    const values = { reviewerName: input.reviewerName, reviewedOn: input.reviewedOn, note: input.note, wording, setBy: who.actorId, setAt: now };
    const row = before ? repo.updateTranslationReview(tx, language, before.version, values) : repo.insertTranslationReview(tx, language, values);
    if (!row) return { ok: false, stale: true, current: stateOf(language, repo.findTranslationReview(tx, language)) };
    recordAudit(
      tx,
      { userId: who.actorId, action: before ? 'update' : 'create', targetType: 'translation_review', targetId: language, fields: ['reviewerName', 'reviewedOn', 'note', 'wording'], clientAddress: who.clientAddress, version: row.version },
      now,
    );
    return { ok: true, review: row };
  });
}

/** Withdraws the approval: the language's letters are marked "not reviewed" again. */
export function withdrawReview(db: Db, language: string, version: number | null, who: { actorId: string; clientAddress: string | null }, now: number): Promise<ReviewResult> {
  return write(db, (tx): ReviewResult => {
    const before = repo.findTranslationReview(tx, language);
    if (!before || version !== before.version || !repo.deleteTranslationReview(tx, language, before.version))
      return { ok: false, stale: true, current: stateOf(language, before) };
    recordAudit(tx, { userId: who.actorId, action: 'remove', targetType: 'translation_review', targetId: language, fields: ['reviewerName', 'reviewedOn', 'note', 'wording'], clientAddress: who.clientAddress }, now);
    return { ok: true, review: null };
  });
}
