/**
 * A contact point's local holidays (a city's patron saint): days that are not business days for the rules that count
 * local holidays (Spain's "días hábiles" leave out the local holidays of the court's seat). Each change is audited;
 * deadlines already confirmed keep their date and show that a new computation would differ.
 */
import { recordAudit } from '../audit/audit.repo.js';
import { can, type Actor } from '../auth/policy.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import * as repo from './contact-point-holidays.repo.js';
import type { LocalHolidayInput } from './contact-point-holidays.schema.js';
import { findContactPoint } from './contact-points.repo.js';
import type { ContactPoint, ContactPointHoliday } from './contact-points.table.js';

export type Who = { actor: Actor; clientAddress: string | null };

/** The contact point whose local holidays the actor manages; 404 for one they may not, exactly as for none. */
export function holidaysContactPoint(db: DbOrTx, actor: Actor, id: number): ContactPoint {
  const cp = findContactPoint(db, id);
  if (!cp || !can(actor, 'contactPoint.holidays', { contactPointId: cp.id })) throw notFound();
  return cp;
}

export function addLocalHoliday(db: Db, who: Who, contactPointId: number, input: LocalHolidayInput, now: number): Promise<{ ok: true; holiday: ContactPointHoliday } | { ok: false; errors: FieldErrors }> {
  return write(db, (tx) => {
    const cp = holidaysContactPoint(tx, who.actor, contactPointId);
    if (repo.findLocalHolidayOn(tx, cp.id, input.date)) return { ok: false as const, errors: { date: 'contactPoints.holidays.validation.duplicate' } };
    const holiday = repo.insertLocalHoliday(tx, { contactPointId: cp.id, date: input.date, name: input.name, createdAt: now, createdBy: who.actor.id });
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'contact_point_holiday', targetId: holiday.id, contactPointId: cp.id, fields: ['date', 'name'], clientAddress: who.clientAddress }, now);
    return { ok: true as const, holiday };
  });
}

/** Removes one local holiday; false when it is not one of this contact point's (already removed, or never there). */
export function removeLocalHoliday(db: Db, who: Who, contactPointId: number, id: number, now: number): Promise<boolean> {
  return write(db, (tx) => {
    const cp = holidaysContactPoint(tx, who.actor, contactPointId);
    const holiday = repo.findLocalHoliday(tx, cp.id, id);
    if (!holiday) return false;
    repo.deleteLocalHoliday(tx, holiday.id);
    recordAudit(tx, { userId: who.actor.id, action: 'remove', targetType: 'contact_point_holiday', targetId: holiday.id, contactPointId: cp.id, fields: ['date', 'name'], clientAddress: who.clientAddress }, now);
    return true;
  });
}
