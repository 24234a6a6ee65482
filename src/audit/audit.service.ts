import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { can, type Actor } from '../auth/policy.js';
import { findCaseByReference } from '../cases/cases.repo.js';
import { DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR } from '../config.js';
import { findContactPoint, listContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import type { Translator } from '../i18n/index.js';
import { writeWhenFree } from '../db/write.js';
import { addDays } from '../deadlines/compute.js';
import { toCsv, type CsvCell } from '../reports/csv.js';
import { wallClockInstant } from '../reports/periods.js';
import {
  allUsers,
  auditEntryAt,
  casesByIds,
  countAudit,
  extendFlag,
  flagsFor,
  insertFlag,
  latestFlagOf,
  listAuditPage,
  peopleByIds,
  personViewsWithin,
  recentViewsOf,
  recordAudit,
  usersOfContactPoints,
  type AuditCursor,
  type AuditEntry,
  type AuditFilter,
  type AuditRow,
  type AuditScope,
} from './audit.repo.js';
import { COUNT_CAP, EXPORT_CAP, PAGE_SIZE, filterFields, formatWallTime, wallTimeOf, type AuditField, type AuditQuery, type RecordFilter, type WallTime } from './audit.schema.js';

/**
 * The audit entries a read leaves behind (a view, a download, a refusal), in one transaction. The page never waits
 * for them: while another process holds the lock or the disk is full they are kept and written when the database
 * takes writes again, with the time of the read (write.ts, writeWhenFree).
 */
export function auditSoon(db: Db, entries: AuditEntry | readonly AuditEntry[], at: number): void {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  writeWhenFree(db, (tx) => {
    for (const entry of list) recordAudit(tx, entry, at);
  });
}

// ---- opening many person records within an hour (the pattern of someone copying records out)

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How long a flag stays on the supervisors' pages after its episode ended. */
export const FLAG_DAYS = 30;

const settings = new WeakMap<Database.Database, { personViewsPerHour: number }>();

/** The limit of AUDIT_PERSON_VIEWS_PER_HOUR for this database's app (buildApp sets it, as watchWrites sets the log). */
export function configureAudit(db: Db, opts: { personViewsPerHour: number }): void {
  settings.set(db.$client, { ...opts });
}

/**
 * The audit entry of a look at a person's record, and with it (in the same write unit, so never a wait of its own)
 * the check whether this look takes the user over the limit of distinct person records within an hour.
 */
export function auditPersonView(db: Db, entry: AuditEntry & { userId: string }, at: number): void {
  const limit = settings.get(db.$client)?.personViewsPerHour ?? DEFAULT_AUDIT_PERSON_VIEWS_PER_HOUR;
  writeWhenFree(db, (tx) => {
    recordAudit(tx, entry, at);
    noteBulkViewing(tx, entry.userId, entry.contactPointId ?? null, at, limit);
  });
}

/**
 * Any hour in which more than `limit` distinct records were opened also holds more than `limit` in the hour that
 * ends at its last view, so checking the hour up to each view finds every such hour. An hour over the limit that
 * overlaps the user's latest flag extends it (one flag per episode); otherwise it raises a new one.
 */
function noteBulkViewing(tx: Tx, userId: string, contactPointId: number | null, at: number, limit: number): void {
  const { n, first } = personViewsWithin(tx, userId, at - HOUR_MS, at);
  if (n <= limit) return;
  const last = latestFlagOf(tx, userId);
  if (last && last.windowEnd > at - HOUR_MS) extendFlag(tx, last.id, Math.max(last.windowEnd, at), Math.max(last.peak, n));
  else insertFlag(tx, { userId, contactPointId, windowStart: first ?? at, windowEnd: at, peak: n, threshold: limit, raisedAt: at });
}

/** The contact points whose audit entries the actor may read (the policy decides, one by one). */
const auditDesksOf = (actor: Actor) => actor.contactPointIds.filter((contactPointId) => can(actor, 'audit.view', { contactPointId }));

/** The time zone a reader filters and reads times in: their (first) contact point's, as every page shows them; UTC without one. */
export function readerTimeZone(db: DbOrTx, actor: Actor): string {
  const home = actor.contactPointIds[0];
  return (home !== undefined && findContactPoint(db, home)?.timezone) || 'UTC';
}

/** The flags a supervisor is shown (the /supervision panel and their dashboard); null for anyone who is not told. */
export function bulkViewPanel(db: DbOrTx, actor: Actor | null, now: number) {
  if (!actor) return null;
  const desks = auditDesksOf(actor);
  if (!desks.length) return null;
  const timeZone = readerTimeZone(db, actor);
  return {
    days: FLAG_DAYS,
    flags: flagsFor(db, desks, now - FLAG_DAYS * DAY_MS, 20).map((f) => ({
      ...f,
      href: auditHref({ user: f.userId, action: 'view', record: 'person', from: wallTimeOf(f.windowStart, timeZone), to: wallTimeOf(f.windowEnd, timeZone) }),
    })),
  };
}

// ---- "who has opened this record" on a person's and a case's page

export const RECENT_VIEWS = 10;

/** The latest views of a person or a case, for the supervisors of its contact point only; null for anyone else. */
export function recentViewsPanel(db: DbOrTx, actor: Actor | null, record: { type: 'case' | 'person'; id: number; contactPointId: number; reference?: string }) {
  if (!actor || !can(actor, 'audit.view', { contactPointId: record.contactPointId })) return null;
  return {
    views: recentViewsOf(db, record.type, String(record.id), auditDesksOf(actor), RECENT_VIEWS),
    href: auditHref({ record: record.type === 'case' && record.reference ? record.reference : `${record.type}:${record.id}` }),
  };
}

// ---- the audit log page and its CSV

/** What one reader may see: whose entries, which users they may filter by, and the time zone of their dates. */
export type AuditReader = { actor: Actor; scope: AuditScope; users: { id: string; displayName: string }[]; timeZone: string; metadataOnly: boolean };

/** The reader's scope as the policy grants it: every entry (as metadata) or their contact points' entries; null for no one. */
export function auditReader(db: DbOrTx, actor: Actor): AuditReader | null {
  if (can(actor, 'audit.all'))
    return { actor, scope: { kind: 'all', contactPointIds: listContactPoints(db).map((c) => c.id) }, users: allUsers(db), timeZone: readerTimeZone(db, actor), metadataOnly: true };
  const desks = auditDesksOf(actor);
  if (!desks.length) return null;
  const users = usersOfContactPoints(db, desks);
  return { actor, scope: { kind: 'desks', contactPointIds: desks, userIds: users.map((u) => u.id) }, users, timeZone: readerTimeZone(db, actor), metadataOnly: false };
}

export type AuditLinkValues = Partial<Record<'user' | 'action' | 'record' | 'from' | 'to', string>>;

/** The address of the audit page with these filters (only those given), e.g. from a flag or a record's panel. */
export function auditHref(values: AuditLinkValues, base = '/audit'): string {
  const params = new URLSearchParams();
  for (const name of filterFields) if (values[name]) params.set(name, values[name]);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export type ResolvedFilter = {
  filter: AuditFilter;
  /** Fields the service found wrong (a user outside the scope, an end before the start). */
  invalid: AuditField[];
  /** The filter names no entry (a case reference nobody has): the page is empty without asking the database. */
  matchesNothing: boolean;
};

const endOf = (w: WallTime, timeZone: string) => (w.time ? wallClockInstant(w.date, w.time, timeZone) + 60_000 : wallClockInstant(addDays(w.date, 1), '00:00', timeZone));

/** The parsed query as a filter of the reader's scope: dates in their time zone, a case reference as its case. */
export function resolveFilter(db: DbOrTx, reader: AuditReader, query: AuditQuery): ResolvedFilter {
  const invalid: AuditField[] = [];
  const filter: AuditFilter = {};
  let matchesNothing = false;
  if (query.user) {
    if (reader.users.some((u) => u.id === query.user)) filter.userId = query.user;
    else invalid.push('user');
  }
  if (query.action) filter.action = query.action;
  if (query.record) {
    const target = targetOf(db, query.record);
    if (target) filter.target = target;
    else matchesNothing = true;
  }
  if (query.from) filter.from = wallClockInstant(query.from.date, query.from.time ?? '00:00', reader.timeZone);
  if (query.to) {
    const to = endOf(query.to, reader.timeZone);
    if (filter.from !== undefined && to <= filter.from) invalid.push('to');
    else filter.to = to;
  }
  return { filter, invalid, matchesNothing };
}

function targetOf(db: DbOrTx, record: RecordFilter): AuditFilter['target'] | null {
  if (record.kind === 'target') return record.id === undefined ? { type: record.type } : { type: record.type, id: record.id };
  const kase = findCaseByReference(db, record.reference);
  return kase ? { type: 'case', id: String(kase.id) } : null;
}

/** The page's cursor from ?before= / ?after= (an entry id); undefined for the newest page or an unknown id. */
export function cursorOf(db: DbOrTx, query: AuditQuery): { cursor?: AuditCursor; unknown: AuditField | null } {
  const dir = query.before !== undefined ? 'before' : query.after !== undefined ? 'after' : null;
  if (!dir) return { unknown: null };
  const id = (dir === 'before' ? query.before : query.after)!;
  const at = auditEntryAt(db, id);
  return at === undefined ? { unknown: dir } : { cursor: { at, id, dir }, unknown: null };
}

/** What an entry is about, as the reader may see it: a case by its reference, a person by name only where the policy lets the reader open them. */
export type RecordLabel =
  | { kind: 'case'; id: string; reference: string | null; href: string | null }
  | { kind: 'person'; id: string; name: string | null; href: string | null }
  | { kind: 'user'; id: string; name: string | null }
  | { kind: 'other'; type: string; id: string | null };

export type AuditListRow = Omit<AuditRow, 'targetType' | 'targetId'> & { who: string | null; record: RecordLabel; contactPoint: string | null };

const numericIds = (rows: readonly AuditRow[], type: string) => [...new Set(rows.filter((r) => r.targetType === type && /^\d+$/.test(r.targetId ?? '')).map((r) => Number(r.targetId)))];

/** Names for a page of entries: users always (staff, not case content); cases by reference; people by name where allowed. */
function labelled(db: DbOrTx, reader: AuditReader, rows: readonly AuditRow[]): AuditListRow[] {
  const names = new Map(reader.users.map((u) => [u.id, u.displayName]));
  const missing = [...new Set(rows.flatMap((r) => [r.userId, r.targetType === 'user' ? r.targetId : null]).filter((id): id is string => !!id && !names.has(id)))];
  if (missing.length) for (const u of allUsers(db)) if (missing.includes(u.id)) names.set(u.id, u.displayName);
  const kases = casesByIds(db, numericIds(rows, 'case'));
  // An administrator's page never reads a person's name at all: metadata only.
  const persons = reader.metadataOnly ? new Map() : peopleByIds(db, numericIds(rows, 'person'));
  const prefixes = new Map(listContactPoints(db).map((c) => [c.id, c.refPrefix]));
  const mayOpen = (contactPointId: number) => can(reader.actor, 'case.view', { contactPointId });
  return rows.map(({ targetType, targetId, ...row }) => {
    let record: RecordLabel;
    if (targetType === 'case' && targetId) {
      const k = kases.get(Number(targetId));
      record = { kind: 'case', id: targetId, reference: k?.reference ?? null, href: k && mayOpen(k.contactPointId) ? `/cases/${targetId}` : null };
    } else if (targetType === 'person' && targetId) {
      const p = persons.get(Number(targetId));
      const open = !!p && mayOpen(p.contactPointId);
      record = { kind: 'person', id: targetId, name: open ? (p.name ?? p.alias) : null, href: open ? `/people/${targetId}` : null };
    } else if (targetType === 'user' && targetId) record = { kind: 'user', id: targetId, name: names.get(targetId) ?? null };
    else record = { kind: 'other', type: targetType, id: targetId };
    return { ...row, who: row.userId ? (names.get(row.userId) ?? null) : null, record, contactPoint: row.contactPointId ? (prefixes.get(row.contactPointId) ?? null) : null };
  });
}

export type AuditListing = { rows: AuditListRow[]; hasOlder: boolean; hasNewer: boolean; /** Exact up to COUNT_CAP; COUNT_CAP + 1 means more. */ total: number };

/** One page of the filtered log, newest first, keyset-paged: never an OFFSET, never a count past COUNT_CAP. */
export function auditListing(db: DbOrTx, reader: AuditReader, resolved: ResolvedFilter, cursor: AuditCursor | undefined): AuditListing {
  if (resolved.matchesNothing) return { rows: [], hasOlder: false, hasNewer: false, total: 0 };
  const page = listAuditPage(db, reader.scope, resolved.filter, { limit: PAGE_SIZE + 1, cursor });
  const more = page.length > PAGE_SIZE;
  // Read upwards (after), the extra row is the newest one; read downwards, the oldest.
  const rows = cursor?.dir === 'after' ? page.slice(more ? 1 : 0) : page.slice(0, PAGE_SIZE);
  return {
    rows: labelled(db, reader, rows),
    hasOlder: cursor?.dir === 'after' ? true : more,
    hasNewer: cursor?.dir === 'after' ? more : cursor !== undefined,
    total: countAudit(db, reader.scope, resolved.filter, COUNT_CAP),
  };
}

/** The CSV's columns; the header row names them in the downloader's language (exports.audit.*). */
export const csvColumns = ['timeUtc', 'timeLocal', 'user', 'userId', 'action', 'recordType', 'recordId', 'caseReference', 'contactPoint', 'fields', 'clientAddress'] as const;
const EXPORT_CHUNK = 2000;

/**
 * The filtered log as CSV, newest first, at most `cap` entries (the last line says so when there were more). Read
 * in chunks with a turn of the event loop between them, so a large export never holds up other requests. The file
 * names no person, even for a supervisor: it leaves the system, and the id finds the record. Its header row, actions,
 * record types and the note of a capped file are in the downloader's language (`tr`).
 */
export async function auditCsv(
  db: DbOrTx,
  reader: AuditReader,
  resolved: ResolvedFilter,
  tr: Translator,
  opts: { cap?: number } = {},
): Promise<{ csv: string; rows: number; capped: boolean }> {
  const cap = opts.cap ?? EXPORT_CAP;
  const out: CsvCell[][] = [];
  let capped = false;
  if (!resolved.matchesNothing) {
    const csvReader = { ...reader, metadataOnly: true };
    let cursor: AuditCursor | undefined;
    for (;;) {
      const chunk = listAuditPage(db, reader.scope, resolved.filter, { limit: Math.min(EXPORT_CHUNK, cap - out.length + 1), cursor });
      const room = cap - out.length;
      for (const row of labelled(db, csvReader, chunk.slice(0, room))) out.push(csvRow(tr, row, reader.timeZone));
      if (chunk.length > room) {
        capped = true;
        break;
      }
      if (chunk.length < EXPORT_CHUNK) break;
      const last = chunk[chunk.length - 1]!;
      cursor = { at: last.at, id: last.id, dir: 'before' };
      await nextTurn();
    }
  }
  const rows = out.length;
  if (capped) out.push([tr.t('audit.csv.capped', { count: cap })]);
  return { csv: toCsv(csvColumns.map((c) => tr.t(`exports.audit.${c}`)), out), rows, capped };
}

function csvRow(tr: Translator, row: AuditListRow, timeZone: string): CsvCell[] {
  const r = row.record;
  const type = r.kind === 'other' ? r.type : r.kind;
  return [
    new Date(row.at).toISOString(),
    wallTimeOf(row.at, timeZone).replace('T', ' '),
    row.who,
    row.userId,
    tr.t(`audit.actions.${row.action}`, { defaultValue: row.action }),
    tr.t(`audit.types.${type}`, { defaultValue: type }),
    r.id,
    r.kind === 'case' ? r.reference : null,
    row.contactPoint,
    row.fields?.join(' ') ?? null,
    row.clientAddress,
  ];
}

/** The CSV's file name, from the filters applied: uniondesk-audit-action-view-from-2026-11-01.csv. */
export function csvFileName(reader: AuditReader, query: AuditQuery, resolved: ResolvedFilter, capped: boolean, cap = EXPORT_CAP): string {
  const parts = ['uniondesk-audit'];
  const slug = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).toLowerCase();
  if (resolved.filter.userId) parts.push('user', slug(reader.users.find((u) => u.id === resolved.filter.userId)?.displayName ?? '') || 'user');
  if (query.action) parts.push(query.action.replaceAll('_', '-'));
  if (query.record) parts.push(slug(query.record.kind === 'reference' ? query.record.reference : [query.record.type, query.record.id].filter(Boolean).join('-')));
  if (query.from && resolved.filter.from !== undefined) parts.push('from', slug(formatWallTime(query.from)));
  if (query.to && resolved.filter.to !== undefined) parts.push('to', slug(formatWallTime(query.to)));
  if (capped) parts.push('newest', String(cap));
  return `${parts.join('-')}.csv`;
}

/** The export itself is on the record: which filters were used (their names, never their values). */
export function recordAuditExport(db: Db, reader: AuditReader, query: AuditQuery, clientAddress: string | null, now: number): void {
  const used = filterFields.filter((f) => query[f] !== undefined);
  const desks = reader.scope.kind === 'desks' ? reader.scope.contactPointIds : [];
  auditSoon(db, { userId: reader.actor.id, action: 'export', targetType: 'audit_log', contactPointId: desks.length === 1 ? desks[0] : null, fields: used, clientAddress }, now);
}
