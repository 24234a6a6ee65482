import { z } from 'zod';
import { caseStatuses, caseTypes, priorities, sectors } from './catalogue.js';

export const PAGE_SIZE = 25;
/** Counting stops here: at a million cases an exact count of a broad filter costs more than the page itself. */
export const COUNT_CAP = 1000;
export const SEARCH_MAX_LENGTH = 200;

export const listSorts = ['activity', 'opened', 'reference', 'priority'] as const;
export type ListSort = (typeof listSorts)[number];
/** `active` = every status but closed: what a counsellor works on. */
export const statusFilters = ['active', ...caseStatuses] as const;

// A select left at "any" arrives as an empty string.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** One schema per query field, so that one bad value is reported and ignored without losing the others. */
const fields = {
  q: z.string().trim().max(SEARCH_MAX_LENGTH).default(''),
  status: optional(z.enum(statusFilters)),
  type: optional(z.enum(caseTypes)),
  sector: optional(z.enum(sectors)),
  priority: optional(z.enum(priorities)),
  // A user id is checked against the people of the actor's contact points by the route.
  assigned: optional(z.union([z.literal('me'), z.literal('unassigned'), z.uuid()])),
  sort: optional(z.enum(listSorts)).transform((v) => v ?? 'activity'),
  dir: optional(z.enum(['asc', 'desc'])).transform((v) => v ?? 'desc'),
  page: optional(z.coerce.number().int().min(1).max(100_000)).transform((v) => v ?? 1),
};

export const CaseListQuery = z.object(fields);
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export type CaseListField = keyof typeof fields;
export const caseListFields = Object.keys(fields) as CaseListField[];

export type ParsedCaseListQuery = {
  query: CaseListQuery;
  /** Fields whose value was not valid and was ignored (the list falls back to the default for each). */
  invalid: CaseListField[];
  /** What arrived, for re-showing in the form. */
  raw: Record<string, string>;
};

/**
 * Parses the list's query string. A bad value (a stale bookmark, a hand-edited URL) never fails the page:
 * the field falls back to its default and is named in `invalid`, which the page shows (and answers 422).
 */
export function parseCaseListQuery(input: unknown): ParsedCaseListQuery {
  const source = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const query: Record<string, unknown> = {};
  const invalid: CaseListField[] = [];
  const raw: Record<string, string> = {};
  for (const name of caseListFields) {
    const value = source[name];
    if (typeof value === 'string') raw[name] = value;
    const parsed = fields[name].safeParse(value);
    if (parsed.success) query[name] = parsed.data;
    else {
      invalid.push(name);
      query[name] = fields[name].parse(undefined);
    }
  }
  return { query: query as CaseListQuery, invalid, raw };
}

/**
 * Turns what a user typed into a safe FTS5 query: each whitespace-separated word becomes a quoted phrase
 * with a prefix star (`"kowal"*`), so FTS5 operators (AND, NEAR, column:, parentheses, quotes) are only ever text.
 * Words without a letter or digit are dropped: they would make empty phrases. Returns null when nothing is left.
 */
export function ftsQuery(q: string): string | null {
  const phrases = q
    .split(/\s+/u)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replaceAll('"', '""')}"*`);
  return phrases.length ? phrases.join(' ') : null;
}
