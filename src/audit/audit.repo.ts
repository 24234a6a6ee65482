import { and, asc, desc, eq, gt, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { cases } from '../cases/cases.table.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { people } from '../people/people.table.js';
import { userContactPoints, users } from '../users/users.table.js';
import { auditFlags, auditLog, type AuditAction, type AuditFlag } from './audit.table.js';

export type AuditEntry = {
  userId: string | null;
  action: AuditAction;
  targetType: string;
  targetId?: string | number | null;
  contactPointId?: number | null;
  fields?: string[] | null;
  clientAddress?: string | null;
  /** An update of a versioned record: its version after the change. */
  version?: number | null;
};

/** The row an audit entry is written as. */
const auditRow = (entry: AuditEntry, at: number) => ({
  at,
  userId: entry.userId,
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId == null ? null : String(entry.targetId),
  contactPointId: entry.contactPointId ?? null,
  fields: entry.fields ?? null,
  clientAddress: entry.clientAddress ?? null,
  targetVersion: entry.version ?? null,
});

export function recordAudit(db: Tx, entry: AuditEntry, at: number): void {
  db.insert(auditLog).values(auditRow(entry, at)).run();
}

export function listAuditFor(db: DbOrTx, targetType: string, targetId: string, limit = 100) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/** Who created and changed a record, newest first, by field name (never values): a shared record's history. */
export function historyOf(db: DbOrTx, targetType: string, targetId: string, limit = 50) {
  return db
    .select({ at: auditLog.at, by: users.displayName, action: auditLog.action, fields: auditLog.fields })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId), inArray(auditLog.action, ['create', 'update'])))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, fields: r.fields ?? [] }));
}

export type RecordChange = { at: number; by: string | null; fields: string[] };

/** The updates of a record after its version `version`, oldest first, with who made each: what a stale form missed. */
export function changesSince(db: DbOrTx, targetType: string, targetId: string, version: number, limit = 50): RecordChange[] {
  return db
    .select({ at: auditLog.at, by: users.displayName, fields: auditLog.fields })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId), eq(auditLog.action, 'update'), gt(auditLog.targetVersion, version)))
    .orderBy(asc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ at: r.at, by: r.by, fields: r.fields ?? [] }));
}

// ---- the audit log page (issue 12: seeing the audit log)

/**
 * Whose entries a reader may see, as the policy decided (audit.service.ts): every entry, or those of some contact
 * points plus the entries that belong to no contact point (sign-ins, refusals) made by those contact points' users.
 */
export type AuditScope =
  | { kind: 'all'; /** Every contact point of the deployment: the lanes of the merge below. */ contactPointIds: readonly number[] }
  | { kind: 'desks'; contactPointIds: readonly number[]; userIds: readonly string[] };

export type AuditFilter = {
  userId?: string;
  action?: AuditAction;
  /** A record (type and id), or every record of a type. */
  target?: { type: string; id?: string };
  /** Instants, [from, to). */
  from?: number;
  to?: number;
};

/** Newest first is (at, id) descending; a page starts just past an entry, going older (before) or newer (after). */
export type AuditCursor = { at: number; id: number; dir: 'before' | 'after' };

export type AuditRow = {
  id: number;
  at: number;
  userId: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  contactPointId: number | null;
  fields: string[] | null;
  clientAddress: string | null;
};

type RawAuditRow = Omit<AuditRow, 'fields'> & { fields: string | null };

const columns = sql.raw('id, at, user_id as userId, action, target_type as targetType, target_id as targetId, contact_point_id as contactPointId, fields, client_address as clientAddress');
/** SQLite allows 500 arms in a compound select; past this many contact points the page is one (slower) query. */
const MAX_LANES = 400;

const list = <T>(values: readonly T[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

function filterTerms(f: AuditFilter): SQL[] {
  const w: SQL[] = [];
  if (f.userId !== undefined) w.push(sql`user_id = ${f.userId}`);
  if (f.action) w.push(sql`action = ${f.action}`);
  if (f.target) {
    w.push(sql`target_type = ${f.target.type}`);
    if (f.target.id !== undefined) w.push(sql`target_id = ${f.target.id}`);
  }
  if (f.from !== undefined) w.push(sql`at >= ${f.from}`);
  if (f.to !== undefined) w.push(sql`at < ${f.to}`);
  return w;
}

/** The bound of a keyset page, written so that `at` is an index range and the id only breaks ties. */
function cursorTerm(c: AuditCursor | undefined): SQL[] {
  if (!c) return [];
  return c.dir === 'before' ? [sql`at <= ${c.at} and (at < ${c.at} or id < ${c.id})`] : [sql`at >= ${c.at} and (at > ${c.at} or id > ${c.id})`];
}

/**
 * The scope as one condition, for a query driven by another index (a user's or a record's entries): the unary +
 * keeps SQLite from trading that index for the contact point one.
 */
function scopeTerm(scope: AuditScope): SQL[] {
  if (scope.kind === 'all') return [];
  const byDesk = scope.contactPointIds.length ? sql`+contact_point_id in (${list(scope.contactPointIds)})` : sql`0`;
  const byUser = scope.userIds.length ? sql`(+contact_point_id is null and +user_id in (${list(scope.userIds)}))` : sql`0`;
  return [sql`(${byDesk} or ${byUser})`];
}

const where = (terms: SQL[]) => (terms.length ? sql` where ${sql.join(terms, sql` and `)}` : sql``);

/**
 * The query's arms. A user's or a record's entries are few or indexed by themselves: one arm. Otherwise one arm per
 * contact point and one for entries of none, each read in time order from an index on (contact point, [action or
 * type,] at) — SQLite merges the arms and stops after a page, however rare the filter (MERGE (UNION ALL)).
 */
function arms(scope: AuditScope, f: AuditFilter, c: AuditCursor | undefined): SQL[] {
  const terms = [...filterTerms(f), ...cursorTerm(c)];
  const lanes = scope.contactPointIds.length + 1;
  if (f.userId !== undefined || f.target?.id !== undefined || lanes > MAX_LANES) {
    const all = scope.kind === 'all' ? [] : scopeTerm(scope);
    return [sql`select ${columns} from audit_log${where([...terms, ...all])}`];
  }
  const none = scope.kind === 'all' ? sql`contact_point_id is null` : sql`contact_point_id is null and +user_id in (${scope.userIds.length ? list(scope.userIds) : sql`null`})`;
  return [...scope.contactPointIds.map((cp) => sql`contact_point_id = ${cp}`), none].map((lane) => sql`select ${columns} from audit_log${where([lane, ...terms])}`);
}

/** One page of entries, newest first (an `after` page is read upwards, then turned around). */
export function listAuditPage(db: DbOrTx, scope: AuditScope, filter: AuditFilter, page: { limit: number; cursor?: AuditCursor }): AuditRow[] {
  const up = page.cursor?.dir === 'after';
  const order = up ? sql.raw('at asc, id asc') : sql.raw('at desc, id desc');
  const query = sql`${sql.join(arms(scope, filter, page.cursor), sql` union all `)} order by ${order} limit ${page.limit}`;
  const rows = db.all<RawAuditRow>(query).map((r) => ({ ...r, fields: r.fields ? (JSON.parse(r.fields) as string[]) : null }));
  return up ? rows.reverse() : rows;
}

/** How many entries match, counting no further than `cap + 1`. */
export function countAudit(db: DbOrTx, scope: AuditScope, filter: AuditFilter, cap: number): number {
  const query = sql`select count(*) as n from (${sql.join(arms(scope, filter, undefined), sql` union all `)} limit ${cap + 1})`;
  return db.get<{ n: number }>(query).n;
}

/** Where a page cursor stands: the entry's time (entries are never deleted; an unknown id is a hand-made address). */
export function auditEntryAt(db: DbOrTx, id: number): number | undefined {
  return db.select({ at: auditLog.at }).from(auditLog).where(eq(auditLog.id, id)).get()?.at;
}

/** The users whose entries a desk's reader may filter by: everyone of those contact points, any role. */
export function usersOfContactPoints(db: DbOrTx, contactPointIds: readonly number[]) {
  if (!contactPointIds.length) return [];
  return db
    .selectDistinct({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userContactPoints, eq(userContactPoints.userId, users.id))
    .where(inArray(userContactPoints.contactPointId, [...contactPointIds]))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
}

export function allUsers(db: DbOrTx) {
  return db.select({ id: users.id, displayName: users.displayName }).from(users).orderBy(asc(users.displayName), asc(users.id)).all();
}

/** What the cases and people of a page are called: references, and names with the contact point that holds them. */
export function casesByIds(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return new Map<number, { reference: string; contactPointId: number }>();
  return new Map(
    db
      .select({ id: cases.id, reference: cases.reference, contactPointId: cases.contactPointId })
      .from(cases)
      .where(inArray(cases.id, [...ids]))
      .all()
      .map(({ id, ...c }) => [id, c]),
  );
}

export function peopleByIds(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return new Map<number, { name: string | null; alias: string | null; contactPointId: number }>();
  return new Map(
    db
      .select({ id: people.id, name: people.name, alias: people.alias, contactPointId: people.contactPointId })
      .from(people)
      .where(inArray(people.id, [...ids]))
      .all()
      .map(({ id, ...p }) => [id, p]),
  );
}

/** The latest views of a record recorded at these contact points, with who opened it. */
export function recentViewsOf(db: DbOrTx, targetType: string, targetId: string, contactPointIds: readonly number[], limit: number) {
  if (!contactPointIds.length) return [];
  return db
    .select({ at: auditLog.at, userId: auditLog.userId, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId), eq(auditLog.action, 'view'), inArray(sql`+${auditLog.contactPointId}`, [...contactPointIds])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

// ---- opening many person records within an hour

/** How many distinct person records a user opened in (after, upTo], and when the first of those views was. */
export function personViewsWithin(db: DbOrTx, userId: string, after: number, upTo: number): { n: number; first: number | null } {
  return db.get<{ n: number; first: number | null }>(
    sql`select count(distinct target_id) as n, min(at) as first from audit_log
        where user_id = ${userId} and at > ${after} and at <= ${upTo} and action = 'view' and target_type = 'person'`,
  );
}

export function latestFlagOf(db: DbOrTx, userId: string): AuditFlag | undefined {
  return db.select().from(auditFlags).where(eq(auditFlags.userId, userId)).orderBy(desc(auditFlags.windowEnd)).limit(1).get();
}

export function insertFlag(db: Tx, values: Omit<typeof auditFlags.$inferInsert, 'id'>): void {
  db.insert(auditFlags).values(values).run();
}

export function extendFlag(db: Tx, id: number, windowEnd: number, peak: number): void {
  db.update(auditFlags).set({ windowEnd, peak }).where(eq(auditFlags.id, id)).run();
}

/** Flags of the users of these contact points (or raised at them) whose episode ended at or after `since`, newest first. */
export function flagsFor(db: DbOrTx, contactPointIds: readonly number[], since: number, limit: number) {
  if (!contactPointIds.length) return [];
  const members = db.select({ userId: userContactPoints.userId }).from(userContactPoints).where(inArray(userContactPoints.contactPointId, [...contactPointIds]));
  return db
    .select({ id: auditFlags.id, userId: auditFlags.userId, displayName: users.displayName, windowStart: auditFlags.windowStart, windowEnd: auditFlags.windowEnd, peak: auditFlags.peak, threshold: auditFlags.threshold })
    .from(auditFlags)
    .leftJoin(users, eq(users.id, auditFlags.userId))
    .where(and(gte(auditFlags.windowEnd, since), or(inArray(auditFlags.contactPointId, [...contactPointIds]), inArray(auditFlags.userId, members))))
    .orderBy(desc(auditFlags.windowEnd))
    .limit(limit)
    .all();
}

/** recordAudit for many entries at once (bulk intake), in multi-row INSERTs. */
export function recordAudits(db: Tx, entries: readonly AuditEntry[], at: number): void {
  for (let i = 0; i < entries.length; i += 200) {
    db.insert(auditLog)
      .values(entries.slice(i, i + 200).map((entry) => auditRow(entry, at)))
      .run();
  }
}
