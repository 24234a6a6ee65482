/**
 * Erasure on request (GDPR art. 17, issue 12 item 6). A supervisor of the person's contact point erases them with a
 * reason and a typed confirmation. Every case of the person is anonymised (retention.repo.ts says what goes) and closed
 * if it was still open; the person's identifying fields are cleared; then what SQLite keeps of old values is
 * scrubbed from the database file, its write-ahead log and the search index (scrub.service.ts). The statistical
 * skeleton stays as it does after retention — counted, as before, only if the person's consent allowed statistics.
 * Refused while any of their cases is on legal hold. The audit entries name the fields, never the values.
 */
import { purgeDeletedEvidence } from '../evidence/evidence.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { appendEvent } from '../cases/cases.service.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { personFor } from '../people/people.service.js';
import type { Person } from '../people/people.table.js';
import { AppError, conflict } from '../shared/errors.js';
import { anonymiseCaseIn, anonymisePersonIn } from './anonymise.js';
import * as repo from './retention.repo.js';
import { scrubFreedData, type ScrubResult } from './scrub.service.js';

/** Refuses (403, audited) an erasure by someone who may see the person but not erase them. */
export function assertMayErase(db: Db, actor: Actor, person: Person, clientAddress: string | null, now: number): void {
  if (can(actor, 'person.erase', person)) return;
  auditSoon(db, { userId: actor.id, action: 'permission_denied', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, clientAddress }, now);
  throw new AppError(403, 'retention.erase.supervisorOnly');
}

/** What the erasure page shows before the supervisor confirms: the cases that go, those on hold, the partners to tell. */
export function erasurePageData(db: DbOrTx, person: Person) {
  const cases = repo.casesOfPersonForErasure(db, person.id);
  return {
    cases,
    held: repo.heldCasesOfPerson(db, person.id),
    partners: repo.partnersInformed(db, person.id),
    erasure: person.anonymisedFor === 'erasure' ? (repo.erasureOf(db, person.id) ?? null) : null,
  };
}

export type EraseResult = { ok: true; cases: number; scrub: ScrubResult } | { ok: false; held: { id: number; reference: string }[] };

export async function erasePerson(db: Db, actor: Actor, personId: number, reason: string, clientAddress: string | null, now: number, log?: Parameters<typeof scrubFreedData>[1]): Promise<EraseResult> {
  const done = await write(db, (tx): { ok: true; cases: number } | { ok: false; held: { id: number; reference: string }[] } => {
    const person = personFor(tx, actor, personId, 'case.view');
    if (!can(actor, 'person.erase', person)) throw new AppError(403, 'retention.erase.supervisorOnly');
    if (person.anonymisedFor === 'erasure') throw conflict('retention.erase.already');
    const held = repo.heldCasesOfPerson(tx, person.id);
    if (held.length) return { ok: false, held };
    const who = { actorId: actor.id, clientAddress };
    const cases = repo.casesOfPersonForErasure(tx, person.id);
    for (const c of cases) {
      if (c.status !== 'closed') {
        repo.closeForErasure(tx, c.id, now);
        appendEvent(tx, { caseId: c.id, userId: actor.id, kind: 'status_change', data: { from: c.status, to: 'closed' } }, now);
        recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'case', targetId: c.id, contactPointId: c.contactPointId, fields: ['status'], clientAddress }, now);
      }
      if (c.anonymisedAt === null) anonymiseCaseIn(tx, c, 'erasure', who, now);
    }
    anonymisePersonIn(tx, person, 'erasure', who, now);
    repo.insertErasure(tx, { personId: person.id, contactPointId: person.contactPointId, reason, caseCount: cases.length, erasedAt: now, erasedBy: actor.id });
    return { ok: true, cases: cases.length };
  });
  if (!done.ok) return done;
  await purgeDeletedEvidence(db, now);
  return { ...done, scrub: await scrubFreedData(db, log) };
}

/** The erasure of a person, for their page: when, by whom (the reason stays on the erasure page). */
export const erasureRecordOf = (db: DbOrTx, personId: number) => repo.erasureOf(db, personId) ?? null;
