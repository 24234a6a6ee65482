import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { deadlines } from '../deadlines/deadlines.table.js';
import { people } from '../people/people.table.js';
import { userContactPoints, users } from '../users/users.table.js';
import type { CaseStatus, CaseType, Priority, SafetyFlag, Sector } from './catalogue.js';
import type { ListSort } from './case-list.schema.js';
import { caseTypeLinks, cases } from './cases.table.js';

export type CaseListFilter = {
  /** The contact points whose cases the actor may list; decided by the caller (policy), never here. */
  contactPointIds: readonly number[];
  status?: CaseStatus | 'active';
  caseType?: CaseType;
  sector?: Sector;
  priority?: Priority;
  /** A user id, or null for unassigned cases. */
  assignedTo?: string | null;
  /** A safe FTS5 query (see ftsQuery); matches nothing when it is the empty string. */
  match?: string;
};

/**
 * How a search joins the list. FTS5 cannot tell the query planner how many rows match, so we count (up to a limit):
 * a few hundred matches are best looked up by id and sorted; thousands (a common word) are best used as a filter
 * while the cases are read in the page's order, which stops after one page.
 */
export type SearchMode = 'lookup' | 'filter';
export const SEARCH_LOOKUP_LIMIT = 2000;

export type CaseListOrder = { sort: ListSort; dir: 'asc' | 'desc' };

export type CaseListRow = {
  id: number;
  reference: string;
  contactPointId: number;
  status: CaseStatus;
  priority: Priority;
  openedAt: number;
  lastActivityAt: number;
  personName: string | null;
  personAlias: string | null;
  safetyFlags: SafetyFlag[] | null;
  assignedTo: string | null;
  assigneeName: string | null;
  caseTypes: CaseType[];
};

/** Urgent first. An index on exactly this expression (with contact_point_id before it) serves the priority sort. */
export const priorityRank = sql`(case ${cases.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`;

function conditions(f: CaseListFilter, mode: SearchMode): SQL[] {
  const cpIds = sql.join(
    f.contactPointIds.map((id) => sql`${id}`),
    sql`, `,
  );
  // Looking up a few search matches by id must not turn into a scan of the contact point's cases, which SQLite
  // would choose without table statistics (no ANALYZE): the unary + takes the contact point index out of the choice.
  const lookup = f.match !== undefined && mode === 'lookup';
  const where: SQL[] = [lookup ? sql`+${cases.contactPointId} in (${cpIds})` : inArray(cases.contactPointId, [...f.contactPointIds])];
  if (f.status === 'active') where.push(ne(cases.status, 'closed'));
  else if (f.status) where.push(eq(cases.status, f.status));
  if (f.sector) where.push(eq(cases.sector, f.sector));
  if (f.priority) where.push(eq(cases.priority, f.priority));
  if (f.assignedTo === null) where.push(isNull(cases.assignedTo));
  else if (f.assignedTo) where.push(eq(cases.assignedTo, f.assignedTo));
  // EXISTS, not IN: the cases of the contact point drive the query (in page order), not every case of that type in the database.
  if (f.caseType) where.push(sql`exists (select 1 from ${caseTypeLinks} where ${caseTypeLinks.caseId} = ${cases.id} and ${caseTypeLinks.caseType} = ${f.caseType})`);
  // The FTS table's rowid is the case id; restricted notes are never in it, so they cannot be searched.
  // The unary + keeps SQLite from driving the query by the matches (filter mode).
  if (f.match !== undefined)
    where.push(mode === 'lookup' ? sql`${cases.id} in (select rowid from case_search where case_search match ${f.match})` : sql`+${cases.id} in (select rowid from case_search where case_search match ${f.match})`);
  return where;
}

function ordering({ sort, dir }: CaseListOrder): SQL[] {
  const by = dir === 'asc' ? asc : desc;
  const key = { activity: cases.lastActivityAt, opened: cases.openedAt, reference: cases.reference, priority: priorityRank }[sort];
  // Priority ties are broken by activity; the id last keeps pages stable when values tie.
  return sort === 'priority' ? [by(key), by(cases.lastActivityAt), by(cases.id)] : [by(key), by(cases.id)];
}

/** The ids of one page (plus one more, to know whether a next page exists), from the cases table alone. */
export function pageIdsQuery(db: DbOrTx, filter: CaseListFilter, order: CaseListOrder, limit: number, offset: number, mode: SearchMode = 'lookup') {
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(and(...conditions(filter, mode)))
    .orderBy(...ordering(order))
    .limit(limit)
    .offset(offset);
}

/** How many cases match, counting no further than `cap + 1` (shown as "1,000+"). */
export function countQuery(db: DbOrTx, filter: CaseListFilter, cap: number, mode: SearchMode = 'lookup') {
  const matching = db
    .select({ one: sql`1` })
    .from(cases)
    .where(and(...conditions(filter, mode)))
    .limit(cap + 1)
    .as('matching');
  return db.select({ n: sql<number>`count(*)` }).from(matching);
}

export function searchModeFor(db: DbOrTx, match: string | undefined): SearchMode {
  if (!match) return 'lookup';
  const row = db.get<{ n: number }>(sql`select count(*) as n from (select 1 from case_search where case_search match ${match} limit ${SEARCH_LOOKUP_LIMIT})`);
  return row.n < SEARCH_LOOKUP_LIMIT ? 'lookup' : 'filter';
}

export type CaseListPage = { rows: CaseListRow[]; hasNext: boolean; /** Exact up to `countCap`; `countCap + 1` means "more". */ total: number };

/**
 * One page of the case list and the (capped) number of matches. The page's ids are chosen on the cases table and
 * its indexes alone; people, users and case types are then read for those 25 rows, not for every matching case.
 */
export function listCases(db: DbOrTx, filter: CaseListFilter, order: CaseListOrder, page: { limit: number; offset: number; countCap: number }): CaseListPage {
  if (filter.contactPointIds.length === 0 || filter.match === '') return { rows: [], hasNext: false, total: 0 };
  const mode = searchModeFor(db, filter.match);
  const ids = pageIdsQuery(db, filter, order, page.limit + 1, page.offset, mode)
    .all()
    .map((r) => r.id);
  const total = countQuery(db, filter, page.countCap, mode).get()?.n ?? 0;
  const hasNext = ids.length > page.limit;
  const pageIds = ids.slice(0, page.limit);
  if (pageIds.length === 0) return { rows: [], hasNext, total };

  const details = db
    .select({
      id: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      status: cases.status,
      priority: cases.priority,
      openedAt: cases.openedAt,
      lastActivityAt: cases.lastActivityAt,
      personName: people.name,
      personAlias: people.alias,
      safetyFlags: people.safetyFlags,
      assignedTo: cases.assignedTo,
      assigneeName: users.displayName,
    })
    .from(cases)
    // An anonymised case (src/retention) names no one, even when its person keeps a record for another case.
    .leftJoin(people, and(eq(people.id, cases.personId), isNull(cases.anonymisedAt)))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(inArray(cases.id, pageIds))
    .all();
  const types = new Map<number, CaseType[]>();
  for (const link of db.select().from(caseTypeLinks).where(inArray(caseTypeLinks.caseId, pageIds)).all()) {
    types.set(link.caseId, [...(types.get(link.caseId) ?? []), link.caseType]);
  }
  const byId = new Map(details.map((d) => [d.id, d]));
  return { rows: pageIds.map((id) => ({ ...byId.get(id)!, caseTypes: types.get(id) ?? [] })), hasNext, total };
}

/** Everyone a case of these contact points can be assigned to, for the "assigned to" filter. */
export function assigneesOf(db: DbOrTx, contactPointIds: readonly number[]) {
  if (contactPointIds.length === 0) return [];
  return db
    .selectDistinct({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userContactPoints, eq(userContactPoints.userId, users.id))
    .where(and(inArray(userContactPoints.contactPointId, [...contactPointIds]), inArray(users.role, ['counsellor', 'supervisor'])))
    .orderBy(asc(users.displayName))
    .all();
}

export type CaseExportRow = CaseListRow & {
  anonymised: boolean;
  contactPointName: string;
  /** The earliest due date (YYYY-MM-DD) of the case's open deadlines. */
  nextDeadline: string | null;
  openDeadlines: number;
};

/**
 * The ids of every case the list's filter matches, in the list's order, up to `cap` (and whether there were more):
 * the same conditions as the list, so that a file never holds a case its page would not show.
 */
export function exportCaseIds(db: DbOrTx, filter: CaseListFilter, order: CaseListOrder, cap: number): { ids: number[]; capped: boolean } {
  if (filter.contactPointIds.length === 0 || filter.match === '') return { ids: [], capped: false };
  const mode = searchModeFor(db, filter.match);
  const ids = pageIdsQuery(db, filter, order, cap + 1, 0, mode)
    .all()
    .map((r) => r.id);
  return { ids: ids.slice(0, cap), capped: ids.length > cap };
}

/** The columns of a file for these cases (a few hundred at a time: far below SQLite's limit of bound parameters), in the order given. */
export function exportCaseRows(db: DbOrTx, ids: readonly number[]): CaseExportRow[] {
  if (ids.length === 0) return [];
  const details = db
    .select({
      id: cases.id,
      reference: cases.reference,
      contactPointId: cases.contactPointId,
      contactPointName: contactPoints.name,
      status: cases.status,
      priority: cases.priority,
      openedAt: cases.openedAt,
      lastActivityAt: cases.lastActivityAt,
      anonymisedAt: cases.anonymisedAt,
      personName: people.name,
      personAlias: people.alias,
      safetyFlags: people.safetyFlags,
      assignedTo: cases.assignedTo,
      assigneeName: users.displayName,
      nextDeadline: sql<string | null>`(select min(${deadlines.dueDate}) from ${deadlines} where ${deadlines.caseId} = ${cases.id} and ${deadlines.status} = 'open')`,
      openDeadlines: sql<number>`(select count(*) from ${deadlines} where ${deadlines.caseId} = ${cases.id} and ${deadlines.status} = 'open')`,
    })
    .from(cases)
    // An anonymised case names no one, as in the list.
    .leftJoin(people, and(eq(people.id, cases.personId), isNull(cases.anonymisedAt)))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .innerJoin(contactPoints, eq(contactPoints.id, cases.contactPointId))
    .where(inArray(cases.id, [...ids]))
    .all();
  const types = new Map<number, CaseType[]>();
  for (const link of db.select().from(caseTypeLinks).where(inArray(caseTypeLinks.caseId, [...ids])).all()) types.set(link.caseId, [...(types.get(link.caseId) ?? []), link.caseType]);
  const byId = new Map(details.map((d) => [d.id, d]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { anonymisedAt, ...d } = row;
    return [{ ...d, anonymised: anonymisedAt !== null, caseTypes: types.get(id) ?? [] }];
  });
}
