import { historyOf, recordAudit } from '../audit/audit.repo.js';
import { can, type Actor } from '../auth/policy.js';
import type { PartyKind } from '../cases/catalogue.js';
import { partiesOfCase, refreshSearchRow } from '../cases/cases.repo.js';
import { appendEvent } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { conflict, notFound } from '../shared/errors.js';
import type { PartyInput } from './parties.schema.js';
import * as repo from './parties.repo.js';
import type { Party } from './parties.table.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

type Who = { actorId: string; clientAddress: string | null };

/** Links inside the caller's transaction: the timeline says who and when, the search finds the case by the party's name. */
function link(tx: Tx, kase: Case, party: Party, role: PartyKind, who: Who, now: number) {
  const before = repo.findCaseParty(tx, kase.id, party.id);
  if (before?.role === role) return;
  repo.linkPartyToCase(tx, kase.id, party.id, role);
  appendEvent(tx, { caseId: kase.id, userId: who.actorId, kind: 'party_change', data: { action: 'linked', partyId: party.id, role } }, now);
  refreshSearchRow(tx, kase.id);
  recordAudit(tx, { userId: who.actorId, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['parties'], clientAddress: who.clientAddress }, now);
}

export function linkExistingParty(db: Db, kase: Case, partyId: number, role: PartyKind, who: Who, now: number): Promise<Party> {
  return write(
    db,
    (tx) => {
      const party = repo.findParty(tx, partyId);
      if (!party) throw notFound();
      link(tx, kase, party, role, who, now);
      return party;
    },
  );
}

export type CreateAndLinkResult = { ok: true; party: Party } | { ok: false; duplicates: repo.PartyWithCount[] };

/**
 * Creates a party and links it to the case, unless parties with a likely-same name exist and the counsellor
 * has not yet confirmed that this one is different: a second "Bright Future Recruitment" would split the evidence.
 */
export function createAndLinkParty(db: Db, kase: Case, input: PartyInput, role: PartyKind, confirmNew: boolean, who: Who, now: number): Promise<CreateAndLinkResult> {
  return write(
    db,
    (tx) => {
      if (!confirmNew) {
        const duplicates = repo.likelyDuplicates(tx, input.name);
        if (duplicates.length) return { ok: false as const, duplicates };
      }
      const party = repo.insertParty(tx, { ...input, createdAt: now, createdBy: who.actorId });
      const fields = Object.entries(input)
        .filter(([, v]) => v !== null && v !== '')
        .map(([k]) => k);
      recordAudit(tx, { userId: who.actorId, action: 'create', targetType: 'party', targetId: party.id, fields, clientAddress: who.clientAddress }, now);
      link(tx, kase, party, role, who, now);
      return { ok: true as const, party };
    },
  );
}

/** Removes the link (the party stays in the register), the reason on the timeline; 404 when the party is not linked to this case. */
export function unlinkParty(db: Db, kase: Case, partyId: number, reason: string, who: Who, now: number): Promise<void> {
  return write(
    db,
    (tx) => {
      const linked = repo.findCaseParty(tx, kase.id, partyId);
      if (!linked) throw notFound();
      repo.unlinkPartyFromCase(tx, kase.id, partyId);
      appendEvent(tx, { caseId: kase.id, userId: who.actorId, kind: 'party_change', body: reason, data: { action: 'unlinked', partyId, role: linked.role } }, now);
      refreshSearchRow(tx, kase.id);
      recordAudit(tx, { userId: who.actorId, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['parties'], clientAddress: who.clientAddress }, now);
    },
  );
}

/** How long the one who removed a party may put it back with one click, instead of a modal before the removal. */
export const UNDO_MS = 10 * 60_000;

export type UndoableUnlink = { partyId: number; name: string; role: PartyKind; eventId: number; until: number };

/**
 * The removal `actorId` may still undo: the latest change of this party on the case is their removal, made less than
 * UNDO_MS ago (by the injected clock), and nobody linked the party again since.
 */
export function undoableUnlink(db: DbOrTx, kase: Case, partyId: number, actorId: string, now: number): UndoableUnlink | null {
  const last = repo.lastPartyChange(db, kase.id, partyId);
  if (!last || last.userId !== actorId || last.data?.action !== 'unlinked' || now - last.at >= UNDO_MS) return null;
  if (repo.findCaseParty(db, kase.id, partyId)) return null;
  const party = repo.findParty(db, partyId);
  if (!party) return null;
  return { partyId, name: party.name, role: last.data.role as PartyKind, eventId: last.id, until: last.at + UNDO_MS };
}

/** Puts back a party just removed, with its role: an event of its own on the timeline; 409 once the undo has expired. */
export function undoUnlink(db: Db, kase: Case, partyId: number, who: Who, now: number): Promise<void> {
  return write(db, (tx) => {
    const undo = undoableUnlink(tx, kase, partyId, who.actorId, now);
    if (!undo) throw conflict('parties.errors.undoExpired');
    repo.linkPartyToCase(tx, kase.id, partyId, undo.role);
    appendEvent(tx, { caseId: kase.id, userId: who.actorId, kind: 'party_change', data: { action: 'relinked', partyId, role: undo.role, undoOf: undo.eventId } }, now);
    refreshSearchRow(tx, kase.id);
    recordAudit(tx, { userId: who.actorId, action: 'update', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['parties'], clientAddress: who.clientAddress }, now);
  });
}

export type PartyEditResult = { ok: true; party: Party } | Stale<Party>;

/**
 * A party is shared, but only desks whose cases name it may change it (issue 12, security review d): otherwise any
 * desk could rename the employer of another desk's cases. To everyone else it answers 404, like a missing record.
 */
function mayEdit(db: DbOrTx, actor: Actor, partyId: number): boolean {
  const namedAt = repo.countCasesNamingPartyByContactPoint(db, partyId).map((r) => r.contactPointId);
  return can(actor, 'party.update', { namedAt });
}

/** The party for its edit form; 404 when it does not exist or this user's desk may not change it. */
export function editableParty(db: DbOrTx, actor: Actor, partyId: number): Party {
  const party = repo.findParty(db, partyId);
  if (!party || !mayEdit(db, actor, partyId)) throw notFound();
  return party;
}

/**
 * Saves the party's details, from a form loaded at `version` (if the party changed since, nothing is written: see
 * src/shared/versions.ts); a new name is re-indexed in every case that names the party, at every contact point.
 */
export function updatePartyDetails(db: Db, actor: Actor, partyId: number, input: PartyInput, version: number | null, who: Who, now: number): Promise<PartyEditResult> {
  return write(
    db,
    (tx): PartyEditResult => {
      const before = repo.findParty(tx, partyId);
      if (!before || !mayEdit(tx, actor, partyId)) throw notFound();
      if (!isCurrent(version, before)) return staleResult(tx, { type: 'party', id: partyId }, before, version);
      const fields = (Object.keys(input) as (keyof PartyInput)[]).filter((k) => (before[k] ?? null) !== (input[k] ?? null));
      if (!fields.length) return { ok: true, party: before };
      const party = savedRow(repo.updateParty(tx, partyId, input, before.version));
      if (fields.includes('name')) for (const caseId of repo.caseIdsNamingParty(tx, partyId)) refreshSearchRow(tx, caseId);
      recordAudit(tx, { userId: who.actorId, action: 'update', targetType: 'party', targetId: partyId, fields, clientAddress: who.clientAddress, version: party.version }, now);
      return { ok: true, party };
    },
  );
}

/**
 * A party's evidence for one user: how many cases name it across the whole deployment (a number, which
 * identifies no one) and, of those, only the cases the policy lets this user see.
 */
export function partyEvidence(db: DbOrTx, actor: Actor, partyId: number) {
  const party = repo.findParty(db, partyId);
  if (!party) throw notFound();
  const total = repo.countCasesNamingParty(db, partyId);
  const visible = repo.casesNamingParty(db, partyId, actor.contactPointIds).filter((c) => can(actor, 'case.view', { contactPointId: c.contactPointId }));
  const ownCount = repo
    .countCasesNamingPartyByContactPoint(db, partyId)
    .filter((r) => can(actor, 'case.view', { contactPointId: r.contactPointId }))
    .reduce((sum, r) => sum + r.n, 0);
  return { party, total, visible, ownCount, editable: mayEdit(db, actor, partyId), history: historyOf(db, 'party', String(partyId)) };
}

export const partiesLinkedTo = (db: DbOrTx, caseId: number) => partiesOfCase(db, caseId);
