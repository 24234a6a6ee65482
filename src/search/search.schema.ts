import { z } from 'zod';
import { SEARCH_MAX_LENGTH } from '../cases/case-list.schema.js';

export { SEARCH_MAX_LENGTH };
/** Results per group; the rest are a link away ("more in the case list"). */
export const GROUP_LIMIT = 10;

/** GET /search?q=: one term. Anything but one string of at most SEARCH_MAX_LENGTH characters is refused (422), never searched. */
export const SearchQuery = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).default(''),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** What arrived as q, for re-showing in the box after a 422 (a repeated q shows its first value). */
export function typedTerm(query: unknown): string {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>).q : undefined;
  const first = Array.isArray(q) ? q[0] : q;
  return typeof first === 'string' ? first : '';
}
