import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { nextVersion } from '../db/versions.js';
import { translationReviews, type TranslationReview } from './translation-reviews.table.js';

export function listTranslationReviews(db: DbOrTx): TranslationReview[] {
  return db.select().from(translationReviews).all();
}

export function findTranslationReview(db: DbOrTx, language: string): TranslationReview | undefined {
  return db.select().from(translationReviews).where(eq(translationReviews.language, language)).get();
}

export type ReviewValues = Pick<TranslationReview, 'reviewerName' | 'reviewedOn' | 'wording' | 'note' | 'setBy' | 'setAt'>;

export function insertTranslationReview(tx: Tx, language: string, values: ReviewValues): TranslationReview {
  return tx.insert(translationReviews).values({ language, ...values }).returning().get();
}

/** Updates the review of a language only at the version the form was loaded with. */
export function updateTranslationReview(tx: Tx, language: string, version: number, values: ReviewValues): TranslationReview | undefined {
  return tx
    .update(translationReviews)
    .set({ ...values, version: nextVersion(translationReviews.version) })
    .where(and(eq(translationReviews.language, language), eq(translationReviews.version, version)))
    .returning()
    .get();
}

export function deleteTranslationReview(tx: Tx, language: string, version: number): boolean {
  return tx.delete(translationReviews).where(and(eq(translationReviews.language, language), eq(translationReviews.version, version))).run().changes > 0;
}
