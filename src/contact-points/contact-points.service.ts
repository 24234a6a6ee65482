import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { recordAudit } from '../audit/audit.repo.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import type { ContactPointInput } from './contact-points.schema.js';
import * as repo from './contact-points.repo.js';
import type { ContactPoint } from './contact-points.table.js';

type Result = { ok: true; contactPoint: ContactPoint } | { ok: false; errors: FieldErrors };

function changedFields(before: ContactPoint, after: ContactPointInput): string[] {
  return (Object.keys(after) as (keyof ContactPointInput)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export function createContactPoint(db: Db, input: ContactPointInput, actorId: string, now = Date.now()): Promise<Result> {
  return write(db, (tx) => {
    if (repo.findContactPointByPrefix(tx, input.refPrefix)) return { ok: false, errors: { refPrefix: 'validation.refPrefixTaken' } };
    const contactPoint = repo.insertContactPoint(tx, input, now);
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'contact_point', targetId: contactPoint.id, fields: Object.keys(input) }, now);
    return { ok: true, contactPoint };
  });
}

export function updateContactPoint(db: Db, id: number, input: ContactPointInput, actorId: string, now = Date.now()): Promise<Result> {
  return write(db, (tx) => {
    const before = repo.findContactPoint(tx, id);
    if (!before) throw notFound();
    const clash = repo.findContactPointByPrefix(tx, input.refPrefix);
    if (clash && clash.id !== id) return { ok: false, errors: { refPrefix: 'validation.refPrefixTaken' } };
    const contactPoint = repo.updateContactPoint(tx, id, input)!;
    const fields = changedFields(before, input);
    if (fields.length) recordAudit(tx, { userId: actorId, action: 'update', targetType: 'contact_point', targetId: id, fields }, now);
    return { ok: true, contactPoint };
  });
}
