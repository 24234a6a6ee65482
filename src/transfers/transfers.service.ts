import { reassignOpenDeadlines } from '../deadlines/deadlines.repo.js';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { activeUsersOfContactPoint, caseTypesOf, findCase, refreshSearchRow, updateCase } from '../cases/cases.repo.js';
import { appendEvent, caseFor } from '../cases/cases.service.js';
import { endMembershipOnTransfer } from '../collective/collective.service.js';
import type { Case } from '../cases/cases.table.js';
import { findContactPoint, listActiveContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { findPerson } from '../people/people.repo.js';
import { conflict, notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { findUser } from '../users/users.repo.js';
import * as repo from './transfers.repo.js';
import type { DecideInput, ProposeInput } from './transfers.schema.js';
import type { Transfer } from './transfers.table.js';
import { savedRow } from '../shared/versions.js';
import { markDeleted } from '../evidence/evidence.repo.js';
import { evidenceOfCase, purgeDeletedEvidence } from '../evidence/evidence.service.js';

/** A case in these states is being worked and can change hands; a closed one (or one awaiting closure) cannot. */
const transferable: readonly Case['status'][] = ['intake', 'open', 'awaiting_outcome'];

export type TransferResult = { ok: true; transfer: Transfer } | { ok: false; errors: FieldErrors };

const cpName = (db: DbOrTx, id: number) => findContactPoint(db, id)?.name ?? '';

/** Where a case can go: every active contact point of the network but its own. */
export function destinationsFor(db: DbOrTx, kase: Case) {
  return listActiveContactPoints(db).filter((cp) => cp.id !== kase.contactPointId);
}

/** The transfer section of a case: the proposal under way, or the form to make one. */
export function transferSectionData(db: DbOrTx, actor: Actor, kase: Case) {
  const pending = repo.pendingTransferOfCase(db, kase.id) ?? null;
  return {
    kase: { id: kase.id, reference: kase.reference, status: kase.status, contactPointId: kase.contactPointId },
    pending: pending ? { ...pending, toName: cpName(db, pending.toContactPointId), proposedByName: findUser(db, pending.proposedBy)?.displayName ?? '' } : null,
    mayPropose: !pending && transferable.includes(kase.status) && can(actor, 'case.transfer', kase),
    destinations: destinationsFor(db, kase),
    files: evidenceOfCase(db, actor, kase).map((f) => ({ id: f.id, name: f.name, category: f.category, byteSize: f.byteSize, addedAt: f.addedAt })),
    keptCount: pending?.keptEvidenceIds?.length ?? 0,
  };
}

/** The counsellor proposes handing the case to another contact point; nothing moves until its supervisor accepts. */
export function proposeTransfer(db: Db, actor: Actor, caseId: number, input: ProposeInput, clientAddress: string | null, now: number): Promise<TransferResult> {
  return write(
    db,
    (tx): TransferResult => {
      const kase = caseFor(tx, actor, caseId, 'case.transfer');
      if (!transferable.includes(kase.status)) return { ok: false, errors: { _form: 'transfers.validation.notTransferable' } };
      if (repo.pendingTransferOfCase(tx, kase.id)) return { ok: false, errors: { _form: 'transfers.validation.pending' } };
      const to = findContactPoint(tx, input.toContactPointId);
      if (!to) return { ok: false, errors: { toContactPointId: 'transfers.validation.unknown' } };
      if (to.id === kase.contactPointId) return { ok: false, errors: { toContactPointId: 'transfers.validation.same' } };
      if (!to.active) return { ok: false, errors: { toContactPointId: 'transfers.validation.inactive' } };
      // The files the proposer may see are the choice; a restricted note's attachment they may not read moves with its note.
      const held = evidenceOfCase(tx, actor, kase).map((f) => f.id);
      if (input.evidenceIds.some((id) => !held.includes(id))) return { ok: false, errors: { evidenceIds: 'evidence.share.validation.file' } };
      const transfer = repo.insertTransfer(tx, {
        keptEvidenceIds: held.filter((id) => !input.evidenceIds.includes(id)),
        caseId: kase.id,
        fromContactPointId: kase.contactPointId,
        toContactPointId: to.id,
        reason: input.reason,
        proposedBy: actor.id,
        proposedAt: now,
      });
      appendEvent(
        tx,
        { caseId: kase.id, userId: actor.id, kind: 'transfer', body: input.reason, data: { transferId: transfer.id, status: 'proposed', from: kase.contactPointId, to: to.id, fromName: cpName(tx, kase.contactPointId), toName: to.name } },
        now,
      );
      recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'transfer', targetId: transfer.id, contactPointId: kase.contactPointId, fields: ['toContactPointId', 'reason', 'evidenceIds'], clientAddress }, now);
      return { ok: true, transfer };
    },
  );
}

/** The sending side withdraws its proposal before the receiving supervisor has decided. */
export function cancelTransfer(db: Db, actor: Actor, id: number, clientAddress: string | null, now: number): Promise<Transfer> {
  return write(
    db,
    (tx) => {
      const transfer = repo.findTransfer(tx, id);
      if (!transfer) throw notFound();
      const kase = caseFor(tx, actor, transfer.caseId, 'case.transfer');
      if (transfer.status !== 'proposed' || kase.contactPointId !== transfer.fromContactPointId) throw conflict('transfers.errors.decided');
      const updated = repo.updateTransfer(tx, id, { status: 'cancelled', decidedBy: actor.id, decidedAt: now });
      appendEvent(
        tx,
        { caseId: kase.id, userId: actor.id, kind: 'transfer', data: { transferId: id, status: 'cancelled', from: transfer.fromContactPointId, to: transfer.toContactPointId, fromName: cpName(tx, transfer.fromContactPointId), toName: cpName(tx, transfer.toContactPointId) } },
        now,
      );
      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'transfer', targetId: id, contactPointId: transfer.fromContactPointId, fields: ['status'], clientAddress }, now);
      return updated;
    },
  );
}

/** Who may be given the case at the receiving contact point: its active users whom the policy lets work cases there. */
export function receivingCaseworkers(db: DbOrTx, contactPointId: number) {
  return activeUsersOfContactPoint(db, contactPointId).filter((u) => can({ id: u.id, role: u.role, contactPointIds: [contactPointId] }, 'case.update', { contactPointId }));
}

export type TransferView =
  | { side: 'receiver'; transfer: Transfer }
  | { side: 'sender'; transfer: Transfer };

/**
 * A transfer as the actor may see it: the receiving supervisor (who decides) or the sending contact point.
 * Anyone else gets 404, like for a case they may not see.
 */
export function transferFor(db: DbOrTx, actor: Actor | null, id: number): TransferView {
  const transfer = repo.findTransfer(db, id);
  if (!transfer) throw notFound();
  if (can(actor, 'transfer.accept', { contactPointId: transfer.toContactPointId })) return { side: 'receiver', transfer };
  if (can(actor, 'case.view', { contactPointId: transfer.fromContactPointId })) return { side: 'sender', transfer };
  throw notFound();
}

/** Reading a proposal shows case content (the reason, the issues): it is an audited view. */
export function recordTransferView(db: Db, actor: Actor, transfer: Transfer, clientAddress: string | null, now: number) {
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'transfer', targetId: transfer.id, contactPointId: actor.contactPointIds.includes(transfer.toContactPointId) ? transfer.toContactPointId : transfer.fromContactPointId, clientAddress }, now);
}

/** What the receiving supervisor sees to decide: the reason written for them, and no more of the case than staffing needs. */
export function decisionPageData(db: DbOrTx, transfer: Transfer) {
  const kase = findCase(db, transfer.caseId)!;
  const person = kase.personId ? findPerson(db, kase.personId) : undefined;
  return {
    transfer,
    reference: kase.reference,
    caseTypes: caseTypesOf(db, kase.id),
    language: person ? { preferredLanguage: person.preferredLanguage, interpreterNeeded: person.interpreterNeeded } : null,
    fromName: cpName(db, transfer.fromContactPointId),
    toName: cpName(db, transfer.toContactPointId),
    proposedByName: findUser(db, transfer.proposedBy)?.displayName ?? '',
    decidedByName: transfer.decidedBy ? (findUser(db, transfer.decidedBy)?.displayName ?? '') : '',
    caseworkers: receivingCaseworkers(db, transfer.toContactPointId),
  };
}

/** What the sending contact point sees of a proposal of its own (before it is accepted). */
export function senderPageData(db: DbOrTx, transfer: Transfer) {
  const stub = transfer.status === 'accepted' ? (repo.stubOfTransfer(db, transfer.id) ?? null) : null;
  return {
    transfer: stub ? null : transfer,
    stub,
    reference: stub ? stub.caseReference : findCase(db, transfer.caseId)!.reference,
    toName: cpName(db, transfer.toContactPointId),
    proposedByName: findUser(db, transfer.proposedBy)?.displayName ?? '',
  };
}

/**
 * The receiving supervisor's decision. On acceptance the case, its history, referrals and deadlines become the
 * receiving contact point's, the sending one keeps only a stub, and the person goes along (see movePersonWithCase).
 */
export async function decideTransfer(db: Db, actor: Actor, id: number, input: DecideInput, clientAddress: string | null, now: number): Promise<TransferResult> {
  const result = await decideTransferIn(db, actor, id, input, clientAddress, now);
  // The bytes of files kept back go from disk once their deletion has committed.
  if (result.ok && result.transfer.status === 'accepted' && result.transfer.keptEvidenceIds?.length) await purgeDeletedEvidence(db, now);
  return result;
}

function decideTransferIn(db: Db, actor: Actor, id: number, input: DecideInput, clientAddress: string | null, now: number): Promise<TransferResult> {
  return write(
    db,
    (tx): TransferResult => {
      const transfer = repo.findTransfer(tx, id);
      if (!transfer || !can(actor, 'transfer.accept', { contactPointId: transfer.toContactPointId })) throw notFound();
      if (transfer.status !== 'proposed') throw conflict('transfers.errors.decided');
      const kase = findCase(tx, transfer.caseId);
      if (!kase || kase.contactPointId !== transfer.fromContactPointId) throw conflict('transfers.errors.decided');
      if (!transferable.includes(kase.status)) throw conflict('transfers.errors.notTransferable');
      const names = { from: transfer.fromContactPointId, to: transfer.toContactPointId, fromName: cpName(tx, transfer.fromContactPointId), toName: cpName(tx, transfer.toContactPointId) };

      if (input.decision === 'decline') {
        if (!input.note) return { ok: false, errors: { note: 'transfers.validation.declineNote' } };
        const updated = repo.updateTransfer(tx, id, { status: 'declined', decidedBy: actor.id, decidedAt: now, decisionNote: input.note });
        appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'transfer', body: input.note, data: { transferId: id, status: 'declined', ...names } }, now);
        recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'transfer', targetId: id, contactPointId: transfer.toContactPointId, fields: ['status', 'decisionNote'], clientAddress }, now);
        return { ok: true, transfer: updated };
      }

      const to = findContactPoint(tx, transfer.toContactPointId);
      if (!to?.active) throw conflict('transfers.errors.inactive');
      const assignee = input.assignee || null;
      if (assignee && !receivingCaseworkers(tx, to.id).some((u) => u.id === assignee)) return { ok: false, errors: { assignee: 'transfers.validation.assignee' } };

      const personChange = movePersonWithCase(tx, actor, kase, to.id, now);
      const moved = savedRow(updateCase(tx, kase.id, { contactPointId: to.id, assignedTo: assignee, ...(personChange.personId !== kase.personId ? { personId: personChange.personId } : {}) }));
      reassignOpenDeadlines(tx, kase.id, assignee, actor.id, now);
      const updated = repo.updateTransfer(tx, id, { status: 'accepted', decidedBy: actor.id, decidedAt: now, decisionNote: input.note || null });
      repo.insertStub(tx, {
        contactPointId: transfer.fromContactPointId,
        toContactPointId: to.id,
        transferId: id,
        caseReference: kase.reference,
        caseOpenedAt: kase.openedAt,
        proposedAt: transfer.proposedAt,
        transferredAt: now,
      });
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'transfer', body: input.note || null, data: { transferId: id, status: 'accepted', ...names, person: personChange.how } }, now);
      endMembershipOnTransfer(tx, kase.id, to.name, { actor, clientAddress, now });
      keepBack(tx, actor, kase, transfer, names.fromName, clientAddress, now);
      if (kase.assignedTo !== assignee) appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'assignment', data: { from: kase.assignedTo, to: assignee } }, now);
      refreshSearchRow(tx, kase.id);

      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'transfer', targetId: id, contactPointId: to.id, fields: ['status', ...(input.note ? ['decisionNote'] : [])], clientAddress }, now);
      recordAudit(
        tx,
        { userId: actor.id, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: to.id, fields: ['contactPointId', 'assignedTo', ...(personChange.how === 'copied' ? ['personId'] : [])], clientAddress, version: moved.version },
        now,
      );
      if (personChange.how === 'moved')
        recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'person', targetId: personChange.personId, contactPointId: to.id, fields: ['contactPointId'], clientAddress, version: personChange.version }, now);
      if (personChange.how === 'copied')
        recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'person', targetId: personChange.personId, contactPointId: to.id, fields: ['copiedFrom', 'consents'], clientAddress }, now);
      return { ok: true, transfer: updated };
    },
  );
}

/**
 * Files the sender did not tick go no further: the sending contact point keeps nothing of a case it hands over
 * (only a stub), so a file kept back is deleted from the case as it moves — the least data, held by no one. The
 * receiving side's timeline says how many were kept back, never what they were.
 */
function keepBack(tx: Tx, actor: Actor, kase: Case, transfer: Transfer, fromName: string, clientAddress: string | null, now: number) {
  const kept = (transfer.keptEvidenceIds ?? []).filter((fileId) => markDeleted(tx, fileId, { userId: actor.id, reason: null, kind: 'kept_back' }, null, now));
  if (!kept.length) return;
  appendEvent(tx, { caseId: kase.id, userId: null, kind: 'evidence_deleted', data: { keptBack: true, count: kept.length, fromName, transferId: transfer.id } }, now);
  for (const fileId of kept) recordAudit(tx, { userId: actor.id, action: 'remove', targetType: 'evidence', targetId: fileId, contactPointId: transfer.fromContactPointId, fields: ['file'], clientAddress }, now);
}

/**
 * People belong to one contact point. When the person has no other case left at the sending contact point, their
 * record moves with the case: the sender keeps nothing of them. When other cases of theirs stay behind, the sender
 * still needs the record for those, so the receiver gets a copy (with the consent history, which goes where their
 * data goes) and the two desks' records then live apart — neither sees the other's.
 */
function movePersonWithCase(tx: Tx, actor: Actor, kase: Case, toContactPointId: number, now: number): { personId: number | null; how: 'none' | 'moved' | 'copied'; version?: number } {
  if (!kase.personId) return { personId: null, how: 'none' };
  if (repo.otherCasesOfPersonAt(tx, kase.personId, kase.contactPointId, kase.id).length === 0) {
    return { personId: kase.personId, how: 'moved', version: repo.movePerson(tx, kase.personId, toContactPointId, now) };
  }
  return { personId: repo.copyPerson(tx, kase.personId, toContactPointId, actor.id, now).id, how: 'copied' };
}

/** The transfers page: proposals to decide, own proposals in progress, and the stubs of cases handed over. */
export function transferLists(db: DbOrTx, actor: Actor) {
  const deciding = actor.contactPointIds.filter((id) => can(actor, 'transfer.accept', { contactPointId: id }));
  const sending = actor.contactPointIds.filter((id) => can(actor, 'case.view', { contactPointId: id }));
  const name = (id: number) => cpName(db, id);
  return {
    incoming: repo.incomingTransfers(db, deciding).map((t) => ({ ...t, fromName: name(t.fromContactPointId) })),
    outgoing: repo.outgoingTransfers(db, sending).map((t) => ({ ...t, toName: name(t.toContactPointId) })),
    stubs: repo.stubsOf(db, sending).map((s) => ({ ...s, toName: name(s.toContactPointId) })),
  };
}

/** Proposals waiting for the actor's decision (the dashboard). */
export function transfersToDecide(db: DbOrTx, actor: Actor) {
  const deciding = actor.contactPointIds.filter((id) => can(actor, 'transfer.accept', { contactPointId: id }));
  return repo.incomingTransfers(db, deciding).map((t) => ({ ...t, fromName: cpName(db, t.fromContactPointId) }));
}
