import { z } from 'zod';
import { isIsoDate } from '../deadlines/compute.js';
import { auditActions } from './audit.table.js';

export const PAGE_SIZE = 25;
/** Counting stops here: the log grows without bound, and an exact count of a broad filter would read all of it. */
export const COUNT_CAP = 1000;
/** The most entries one CSV holds (the newest of the filter); the file says so when there were more. */
export const EXPORT_CAP = 50_000;
export const RECORD_MAX_LENGTH = 80;

/** What audit entries are about, as recorded by the features (targetType). */
export const auditTargetTypes = [
  'case',
  'person',
  'case_event',
  'case_trigger_dates',
  'case_deadline_proposals',
  'deadline',
  'document',
  'referral',
  'transfer',
  'party',
  'partner',
  'user',
  'contact_point',
  'contact_point_holiday',
  'deadline_rule',
  'calendar_feed',
  'report',
  'route',
  'audit_log',
  'case_list',
] as const;

/** A record as typed in the filter: a case reference, or a type with or without an id. */
export type RecordFilter = { kind: 'reference'; reference: string } | { kind: 'target'; type: string; id?: string };

const REFERENCE = /^[A-Za-z]{2,10}-\d{4}-\d{3,}$/;
const TYPED = /^([A-Za-z_]+)\s*[:#]\s*([A-Za-z0-9._-]{1,64})$/;

/** "LDN-2026-00042" · "123" (a person) · "person:123", "document:7" · "person" (every person record). */
export function parseRecord(text: string): RecordFilter | null {
  const value = text.trim();
  if (REFERENCE.test(value)) return { kind: 'reference', reference: value.toUpperCase() };
  if (/^\d{1,12}$/.test(value)) return { kind: 'target', type: 'person', id: String(Number(value)) };
  const typed = TYPED.exec(value);
  if (typed) {
    const type = typed[1]!.toLowerCase();
    const id = typed[2]!;
    if (!isTargetType(type)) return null;
    // Ids of the app's own rows are plain numbers (leading zeros dropped); users have uuids, reports and routes names.
    if (/^\d{1,12}$/.test(id)) return { kind: 'target', type, id: String(Number(id)) };
    return type === 'case' || type === 'person' ? null : { kind: 'target', type, id };
  }
  const bare = value.toLowerCase();
  return isTargetType(bare) ? { kind: 'target', type: bare } : null;
}

const isTargetType = (type: string) => (auditTargetTypes as readonly string[]).includes(type);

/** A day (YYYY-MM-DD) or a minute (YYYY-MM-DDTHH:MM) on the reader's wall clock. */
export type WallTime = { date: string; time?: string };

function parseWallTime(text: string): WallTime | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m || !isIsoDate(m[1]!)) return null;
  if (m[2] === undefined) return { date: m[1]! };
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return { date: m[1]!, time: `${m[2]}:${m[3]}` };
}

// A select or box left empty arrives as an empty string.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const wallTime = z.string().transform((v, ctx) => parseWallTime(v) ?? (ctx.addIssue({ code: 'custom', message: 'audit.field.date' }), z.NEVER));
const entryId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** One schema per query field, so that one bad value is reported and ignored without losing the others. */
const fields = {
  // A user id is checked against the users the reader may see by the service.
  user: optional(z.uuid()),
  action: optional(z.enum(auditActions)),
  record: optional(z.string().max(RECORD_MAX_LENGTH).transform((v, ctx) => (v.trim() === '' ? undefined : (parseRecord(v) ?? (ctx.addIssue({ code: 'custom', message: 'audit.field.record' }), z.NEVER))))),
  from: optional(wallTime),
  to: optional(wallTime),
  before: optional(entryId),
  after: optional(entryId),
};

export type AuditField = keyof typeof fields;
export const auditFields = Object.keys(fields) as AuditField[];
/** The fields that choose entries (the cursor only moves through them). */
export const filterFields = ['user', 'action', 'record', 'from', 'to'] as const satisfies readonly AuditField[];
export type AuditQuery = { [K in AuditField]: z.infer<(typeof fields)[K]> };

export type ParsedAuditQuery = {
  query: AuditQuery;
  /** Fields whose value was not valid and was ignored. */
  invalid: AuditField[];
  /** What arrived, for re-showing in the form and building links. */
  raw: Partial<Record<AuditField, string>>;
};

/**
 * Parses the page's query string. A bad value (a stale bookmark, a hand-edited address) never fails the page: the
 * field is ignored and named in `invalid`, which the page shows (and answers 422), as the case list does.
 */
export function parseAuditQuery(input: unknown): ParsedAuditQuery {
  const source = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const query: Record<string, unknown> = {};
  const invalid: AuditField[] = [];
  const raw: Partial<Record<AuditField, string>> = {};
  for (const name of auditFields) {
    const value = source[name];
    if (typeof value === 'string') raw[name] = value;
    const parsed = fields[name].safeParse(value);
    if (parsed.success) query[name] = parsed.data;
    else invalid.push(name);
  }
  return { query: query as AuditQuery, invalid, raw };
}

// Offsets change only on quarter hours of UTC (every zone's offset and transition is a multiple of 15 minutes), so
// one look-up serves a quarter hour: a CSV of 50,000 rows in time order needs a few (STYLE 13: Intl is slow to ask).
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();
const formats = new Map<string, Intl.DateTimeFormat>();

function offsetAt(timeZone: string, instant: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(timeZone, format);
  }
  const n = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(n.year!, n.month! - 1, n.day!, n.hour!, n.minute!) - instant;
}

/** The wall-clock minute of an instant in `timeZone`, as the from/to fields take it (YYYY-MM-DDTHH:MM). */
export function wallTimeOf(instant: number, timeZone: string): string {
  const quarter = Math.floor(instant / QUARTER_MS) * QUARTER_MS;
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 5_000) offsets.clear();
    offset = offsetAt(timeZone, quarter);
    offsets.set(key, offset);
  }
  return new Date(instant + offset).toISOString().slice(0, 16);
}

export const formatWallTime = (w: WallTime) => (w.time ? `${w.date}T${w.time}` : w.date);
