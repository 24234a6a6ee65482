import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { appendEvent, caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { AppError } from '../shared/errors.js';
import { isCurrent, savedRow } from '../shared/versions.js';
import * as repo from './retention.repo.js';

export type HoldResult = { ok: true; changed: boolean } | { ok: false; stale: true; current: Case };

/** Refuses (403, audited) a legal hold change by someone who may see the case but not hold it. */
export function assertMayHold(db: Db, actor: Actor, kase: Case, clientAddress: string | null, now: number): void {
  if (can(actor, 'case.legalHold', kase)) return;
  auditSoon(db, { userId: actor.id, action: 'permission_denied', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, clientAddress }, now);
  throw new AppError(403, 'retention.hold.supervisorOnly');
}

/**
 * Sets or clears a case's legal hold (a supervisor, with a reason), from a case page loaded at `version`. While
 * held, retention never anonymises the case and its person cannot be erased. The reason goes on the timeline (case
 * content), the audit entry names the field only.
 */
export function changeLegalHold(db: Db, actor: Actor, caseId: number, input: { hold: boolean; reason: string; version: number | null }, clientAddress: string | null, now: number): Promise<HoldResult> {
  return write(db, (tx): HoldResult => {
    const kase = caseFor(tx, actor, caseId, 'case.legalHold');
    if (input.hold === (kase.legalHoldSince !== null)) return { ok: true, changed: false };
    if (!isCurrent(input.version, kase)) return { ok: false, stale: true, current: kase };
    const saved = savedRow(repo.setLegalHold(tx, kase.id, input.hold ? { since: now, by: actor.id, reason: input.reason } : null, kase.version));
    appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'legal_hold', body: input.reason, data: { hold: input.hold } }, now);
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['legalHold'], clientAddress, version: saved.version }, now);
    return { ok: true, changed: true };
  });
}
