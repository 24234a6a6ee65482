import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { recordAudit } from '../audit/audit.repo.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import type { ContactPointInput } from './contact-points.schema.js';
import * as repo from './contact-points.repo.js';
import type { ContactPoint } from './contact-points.table.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

type Result = { ok: true; contactPoint: ContactPoint } | { ok: false; errors: FieldErrors };

function changedFields(before: ContactPoint, after: ContactPointInput): string[] {
  return (Object.keys(after) as (keyof ContactPointInput)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export function createContactPoint(db: Db, input: ContactPointInput, actorId: string, now: number): Promise<Result> {
  return write(db, (tx) => {
    if (repo.findContactPointByPrefix(tx, input.refPrefix)) return { ok: false, errors: { refPrefix: 'validation.refPrefixTaken' } };
    const contactPoint = repo.insertContactPoint(tx, input, now);
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'contact_point', targetId: contactPoint.id, fields: Object.keys(input) }, now);
    return { ok: true, contactPoint };
  });
}

export type ContactPointEditResult = Result | Stale<ContactPoint>;

/** Saves a contact point from the administrator's form loaded at `version`; if it changed since, nothing is written (src/shared/versions.ts). */
export function updateContactPoint(db: Db, id: number, input: ContactPointInput, version: number | null, actorId: string, now: number): Promise<ContactPointEditResult> {
  return write(db, (tx): ContactPointEditResult => {
    const before = repo.findContactPoint(tx, id);
    if (!before) throw notFound();
    if (!isCurrent(version, before)) return staleResult(tx, { type: 'contact_point', id }, before, version);
    const clash = repo.findContactPointByPrefix(tx, input.refPrefix);
    if (clash && clash.id !== id) return { ok: false, errors: { refPrefix: 'validation.refPrefixTaken' } };
    const contactPoint = savedRow(repo.updateContactPoint(tx, id, input, before.version));
    const fields = changedFields(before, input);
    if (fields.length) recordAudit(tx, { userId: actorId, action: 'update', targetType: 'contact_point', targetId: id, fields, version: contactPoint.version }, now);
    return { ok: true, contactPoint };
  });
}
