import { ftsQuery } from '../cases/case-list.schema.js';
import { looksLikePhone, phoneSearchKeys } from './phone.js';

/**
 * The FTS5 query of what a user typed, over the case search row: every word as a prefix anywhere (ftsQuery), or,
 * for a phone number, one of its keys in the contacts column (src/search/phone.ts), whatever format it was typed in.
 * `countries` are the searcher's contact points' countries. Returns '' (matches nothing) when nothing can be searched.
 */
export function caseSearchMatch(q: string, countries: readonly string[], columns?: readonly ('people' | 'contacts' | 'reference' | 'parties' | 'notes' | 'summary')[]): string {
  const words = ftsQuery(q);
  const scoped = words && columns ? `{${columns.join(' ')}} : (${words})` : words;
  const keys = looksLikePhone(q) ? phoneSearchKeys(q, countries) : [];
  const phone = keys.length ? `contacts : (${keys.map((k) => `"${k}"*`).join(' OR ')})` : null;
  if (scoped && phone) return `(${scoped}) OR (${phone})`;
  return scoped ?? phone ?? '';
}
