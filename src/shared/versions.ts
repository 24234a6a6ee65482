import { createHash } from 'node:crypto';
import { z } from 'zod';
import { changesSince, type RecordChange } from '../audit/audit.repo.js';
import type { DbOrTx } from '../db/client.js';
import { parseId } from './ids.js';

/**
 * Two people editing the same record (DESIGN §4). Every edit form carries, in a hidden field `version`, the version
 * of the record it was loaded with; the service saves only if the record is still at that version, and otherwise
 * answers with what changed meanwhile, writing nothing. The route then shows the form again with a 409: what the
 * user typed, what the record holds now, and the current version, so that saving again is a deliberate choice.
 *
 * A form that carries no version (or a malformed one) is treated as stale: we cannot know what it was based on, and
 * saving it could silently undo someone's change. The user gets the same 409 page and can save again from it.
 * A version is spelled as the page writes it, a plain decimal (the rule of ids, shared/ids.ts): "03" or "3e0" is
 * malformed, not version 3.
 */
export const versionField = z.unknown().optional().transform((value) => parseId(value));

/** An edit form's schema: `input` is what `form` parses, `version` the version it was loaded with (null: unknown). */
export function withVersion<T extends z.ZodType<object>>(form: T) {
  return z
    .object({ version: versionField })
    .and(form)
    .transform(({ version, ...input }) => ({ version, input: input as z.output<T> }));
}

export type { RecordChange };

/** What a save from a stale form gets back instead of a write. */
export type Stale<R> = { ok: false; stale: true; current: R; base: number | null; changes: RecordChange[] };

/** True when a form loaded at `version` may be saved over `row`. */
export const isCurrent = (version: number | null, row: { version: number }) => version !== null && version === row.version;

/** The refusal of a stale save: the record as it is now and, from the audit log, who changed it since `base`. */
export function staleResult<R extends { version: number }>(db: DbOrTx, target: { type: string; id: string | number }, current: R, base: number | null): Stale<R> {
  return { ok: false, stale: true, current, base, changes: base === null ? [] : changesSince(db, target.type, String(target.id), base) };
}

/** The row a conditional update returned. Inside the IMMEDIATE transaction that checked the version it is always there. */
export function savedRow<R>(row: R | undefined): R {
  if (!row) throw new Error('a versioned update found no row at the version just checked');
  return row;
}

export type ConflictView = {
  /** The version the form was loaded with; null when the form carried none. */
  base: number | null;
  changes: RecordChange[];
  /**
   * The form's fields that changed meanwhile, with who changed each last (null: not known). `taken`: the user had
   * not touched the field, so it now shows the other person's value instead of the stale one it was loaded with.
   */
  fields: Record<string, { by: string | null; taken?: boolean }>;
  /** The record now, as form values (what each changed field shows as "now"). */
  current: Record<string, unknown>;
};

const comparable = (v: unknown): string =>
  Array.isArray(v) ? v.map(String).sort().join('\n') : v === true || v === 'on' ? 'on' : v === false || v === null || v === undefined ? '' : String(v).trim();

/** Keys of a form's values that are not fields of the record. */
const notFields = new Set(['version', 'loaded', '_csrf']);

const fingerprint = (v: unknown): string => createHash('sha256').update(comparable(v)).digest('base64url').slice(0, 12);

/**
 * The hidden `loaded` field of an edit form: a short fingerprint of each value the form was opened with, so that a
 * stale save can tell the fields the user changed from those they left alone. A form shown again (422, 409) keeps
 * the fingerprints it carries. Fingerprints, not values: the field repeats nothing the page does not already show.
 */
export function loadedField(values: Record<string, unknown>): string {
  if (typeof values.loaded === 'string') return values.loaded;
  return Object.entries(values)
    .filter(([name]) => !notFields.has(name))
    .map(([name, value]) => `${name}:${fingerprint(value)}`)
    .join(',');
}

function loadedPrints(raw: unknown): Map<string, string> {
  const prints = new Map<string, string>();
  if (typeof raw !== 'string' || raw.length > 10_000) return prints;
  for (const pair of raw.split(',')) {
    const at = pair.indexOf(':');
    if (at > 0) prints.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return prints;
}

/**
 * What the 409 form shows (with the current version, so the next save is deliberate), and which of the form's
 * `fields` changed meanwhile. A field the other person changed and the user left alone shows their value: saving
 * again then keeps their change instead of writing back the stale one. A field both changed keeps what the user
 * typed, with the other person's value beside it. Audit field names that differ from the form's are mapped by
 * `aliases`. Without a known base version, the fields whose saved value differs from what was typed are marked.
 */
export function conflictForm(
  stale: Stale<{ version: number }>,
  o: { current: Record<string, unknown>; typed: Record<string, unknown>; fields: readonly string[]; aliases?: Record<string, string> },
): { values: Record<string, unknown>; conflict: ConflictView } {
  const onForm = new Set(o.fields);
  const fields: ConflictView['fields'] = {};
  const values: Record<string, unknown> = { ...o.typed };
  if (stale.base === null) {
    for (const name of o.fields) if (comparable(o.current[name]) !== comparable(o.typed[name])) fields[name] = { by: null };
  } else {
    const loaded = loadedPrints(o.typed.loaded);
    for (const change of stale.changes)
      for (const field of change.fields) {
        const name = o.aliases?.[field] ?? field;
        if (!onForm.has(name)) continue;
        const untouched = loaded.get(name) === fingerprint(o.typed[name]);
        if (untouched) values[name] = o.current[name];
        fields[name] = { by: change.by, taken: untouched };
      }
  }
  values.version = String(stale.current.version);
  // The next save is judged against the record as it is now.
  values.loaded = loadedField(Object.fromEntries(o.fields.map((name) => [name, o.current[name]])));
  return { values, conflict: { base: stale.base, changes: stale.changes, fields, current: o.current } };
}
