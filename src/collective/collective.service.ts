import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { appendEvent, caseFor, yearIn } from '../cases/cases.service.js';
import type { PartyKind } from '../cases/catalogue.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { translator } from '../i18n/index.js';
import { findParty, insertParty } from '../parties/parties.repo.js';
import { findPerson } from '../people/people.repo.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';
import * as repo from './collective.repo.js';
import { sharedDeadlinesForNewMember } from './shared-deadlines.service.js';
import { sharedOnGroup } from './shared.service.js';
import type { CollectiveEditInput, EntryInput, NewCollectiveInput } from './collective.schema.js';
import type { Collective } from './collective.table.js';

type GroupAction = 'case.view' | 'case.update';

/** A group the actor may act on, or 404 — the same rule, and the same answer, as for a case (DESIGN §1). */
export function collectiveFor(db: DbOrTx, actor: Actor | null, id: number, action: GroupAction = 'case.view'): Collective {
  const group = Number.isSafeInteger(id) ? repo.findCollective(db, id) : undefined;
  if (!group || !can(actor, action, { contactPointId: group.contactPointId })) throw notFound();
  return group;
}

/** Contact points at which the actor may open a group: those where they may open cases. */
export const groupContactPointIds = (actor: Actor) => actor.contactPointIds.filter((contactPointId) => can(actor, 'case.create', { contactPointId }));

export const formatGroupReference = (prefix: string, year: number, n: number) => `${prefix}-G-${year}-${String(n).padStart(3, '0')}`;

type Who = { actor: Actor; clientAddress: string | null; now: number };

function partyFor(tx: Tx, input: NewCollectiveInput, who: Who): number {
  if (input.partyId !== null) {
    if (!findParty(tx, input.partyId)) throw new AppError(422, 'collective.validation.party');
    return input.partyId;
  }
  const party = insertParty(tx, { name: input.partyName!, kind: input.partyKind as PartyKind, createdAt: who.now, createdBy: who.actor.id });
  recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'party', targetId: party.id, fields: ['name', 'kind'], clientAddress: who.clientAddress }, who.now);
  return party.id;
}

/** Joins cases to a group inside the caller's transaction: each must be a case of the group's desk the actor may work, in no group now. */
export function joinCasesIn(tx: Tx, group: Collective, caseIds: readonly number[], who: Who): number {
  const already = repo.casesInAGroup(tx, caseIds);
  let joined = 0;
  for (const caseId of new Set(caseIds)) {
    const kase = caseFor(tx, who.actor, caseId, 'case.update');
    if (kase.contactPointId !== group.contactPointId) throw notFound();
    if (already.has(caseId)) throw conflict('collective.errors.alreadyInGroup');
    repo.insertMember(tx, { collectiveId: group.id, caseId, joinedAt: who.now, joinedBy: who.actor.id });
    appendEvent(tx, { caseId, userId: who.actor.id, kind: 'collective', data: { action: 'joined', collectiveId: group.id, reference: group.reference } }, who.now);
    sharedDeadlinesForNewMember(tx, who, group, caseId);
    joined += 1;
  }
  if (joined) recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: ['members'], clientAddress: who.clientAddress }, who.now);
  return joined;
}

/** A new group, with the cases chosen from the desk's own, in one IMMEDIATE transaction (the reference is read and bumped). */
export function createCollective(db: Db, input: NewCollectiveInput, who: Who): Promise<Collective> {
  return write(db, (tx) => {
    if (!can(who.actor, 'case.create', { contactPointId: input.contactPointId })) throw notFound();
    const cp = findContactPoint(tx, input.contactPointId);
    if (!cp) throw notFound();
    const year = yearIn(cp.timezone, who.now);
    const reference = formatGroupReference(cp.refPrefix, year, repo.bumpCollectiveSequence(tx, cp.id, year));
    const partyId = partyFor(tx, input, who);
    const group = repo.insertCollective(tx, { reference, contactPointId: cp.id, partyId, title: input.title, summary: input.summary, createdAt: who.now, createdBy: who.actor.id });
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'collective', targetId: group.id, contactPointId: cp.id, fields: ['title', 'summary', 'partyId'], clientAddress: who.clientAddress }, who.now);
    joinCasesIn(tx, group, input.caseIds, who);
    return group;
  });
}

export type CollectiveEditResult = { ok: true; changed: string[] } | Stale<Collective>;

/** Saves the title, summary and status from a form loaded at `version`; a stale form writes nothing (src/shared/versions.ts). */
export function updateCollectiveDetails(db: Db, id: number, input: CollectiveEditInput, version: number | null, who: Who): Promise<CollectiveEditResult> {
  return write(db, (tx): CollectiveEditResult => {
    const group = collectiveFor(tx, who.actor, id, 'case.update');
    if (!isCurrent(version, group)) return staleResult(tx, { type: 'collective', id: group.id }, group, version);
    const changed = (Object.keys(input) as (keyof CollectiveEditInput)[]).filter((f) => input[f] !== group[f]);
    if (!changed.length) return { ok: true, changed: [] };
    const saved = savedRow(repo.updateCollective(tx, group.id, input, group.version));
    recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: changed, clientAddress: who.clientAddress, version: saved.version }, who.now);
    return { ok: true, changed };
  });
}

export function addMembers(db: Db, id: number, caseIds: readonly number[], who: Who): Promise<number> {
  return write(db, (tx) => joinCasesIn(tx, collectiveFor(tx, who.actor, id, 'case.update'), caseIds, who));
}

/**
 * A worker leaves the group (or a counsellor takes a case out of it): the membership is ended, not deleted, with the
 * reason; their own case goes on. The reason is on the worker's timeline, never in the audit log.
 */
export function leaveGroup(db: Db, id: number, caseId: number, reason: string, who: Who): Promise<void> {
  return write(db, (tx) => {
    const group = collectiveFor(tx, who.actor, id, 'case.update');
    const kase = caseFor(tx, who.actor, caseId, 'case.update');
    const member = repo.activeMembership(tx, kase.id);
    if (!member || member.collectiveId !== group.id) throw notFound();
    endMembershipIn(tx, group, member.id, kase.id, reason, who);
  });
}

/** The one way a membership ends (leaving, or a transfer): ended with the reason, on the worker's timeline, audited. */
function endMembershipIn(tx: Tx, group: Collective, memberId: number, caseId: number, reason: string, who: Who): void {
  repo.endMembership(tx, memberId, { leftAt: who.now, leftBy: who.actor.id, leftReason: reason });
  appendEvent(tx, { caseId, userId: who.actor.id, kind: 'collective', body: reason, data: { action: 'left', collectiveId: group.id, reference: group.reference } }, who.now);
  recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: ['members'], clientAddress: who.clientAddress }, who.now);
}

/**
 * An accepted transfer takes the case out of its group, inside the transfer's transaction: the group is the sending
 * desk's, the case now the receiver's. The reason names the receiving contact point, written in the group desk's
 * language (it is a record, like a letter). No-op for a case in no group.
 */
export function endMembershipOnTransfer(tx: Tx, caseId: number, toContactPointName: string, who: Who): void {
  const member = repo.activeMembership(tx, caseId);
  const group = member ? repo.findCollective(tx, member.collectiveId) : undefined;
  if (!member || !group) return;
  const reason = translator(findContactPoint(tx, group.contactPointId)?.defaultLocale).t('collective.misc.transferredTo', { contactPoint: toContactPointName });
  endMembershipIn(tx, group, member.id, caseId, reason, who);
}

/** A shared entry: written once, on the group; every member case shows it on its timeline (collective.repo.ts). */
export function addSharedEntry(db: Db, id: number, input: EntryInput, who: Who) {
  return write(db, (tx) => {
    const group = collectiveFor(tx, who.actor, id, 'case.update');
    const entry = repo.insertEntry(tx, { collectiveId: group.id, at: who.now, userId: who.actor.id, kind: input.kind, body: input.body });
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'collective_entry', targetId: entry.id, contactPointId: group.contactPointId, fields: ['kind', 'body'], clientAddress: who.clientAddress }, who.now);
    return entry;
  });
}

export type Totals = { currency: string; claimedMinor: number; recoveredMinor: number; owedMinor: number; workers: number }[];

/** Amounts of the workers still in the group, summed by currency (never across currencies). */
export function totalsByCurrency(members: ReturnType<typeof repo.membersOf>): Totals {
  const by = new Map<string, Totals[number]>();
  for (const m of members) {
    if (m.leftAt !== null || !m.currency || (m.amountClaimedMinor === null && m.amountRecoveredMinor === null)) continue;
    const t = by.get(m.currency) ?? { currency: m.currency, claimedMinor: 0, recoveredMinor: 0, owedMinor: 0, workers: 0 };
    t.claimedMinor += m.amountClaimedMinor ?? 0;
    t.recoveredMinor += m.amountRecoveredMinor ?? 0;
    t.owedMinor += Math.max(0, (m.amountClaimedMinor ?? 0) - (m.amountRecoveredMinor ?? 0));
    t.workers += 1;
    by.set(m.currency, t);
  }
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export const owedMinor = (m: { amountClaimedMinor: number | null; amountRecoveredMinor: number | null }) => Math.max(0, (m.amountClaimedMinor ?? 0) - (m.amountRecoveredMinor ?? 0));

/** Workers listed on one page of the group's page (the totals are always the whole group's). */
export const MEMBERS_PER_PAGE = 50;

/** Everything the group's page shows, the member list one page of it; opening it is an audited view (it names the workers). */
export function collectivePageData(db: Db, actor: Actor, group: Collective, clientAddress: string | null, now: number, page = 1) {
  const members = repo.membersOf(db, group.id);
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, clientAddress }, now);
  const contactPoint = findContactPoint(db, group.contactPointId);
  if (!contactPoint) throw notFound();
  const current = members.filter((m) => m.leftAt === null);
  const pages = Math.max(1, Math.ceil(current.length / MEMBERS_PER_PAGE));
  const shown = Math.min(Math.max(1, page), pages);
  return {
    group,
    contactPoint,
    party: findParty(db, group.partyId) ?? null,
    members: current.slice((shown - 1) * MEMBERS_PER_PAGE, shown * MEMBERS_PER_PAGE),
    memberCount: current.length,
    page: shown,
    pages,
    perPage: MEMBERS_PER_PAGE,
    former: repo.formerMembersOf(db, group.id),
    totals: totalsByCurrency(members),
    entries: repo.entriesOf(db, group.id),
    candidates: can(actor, 'case.update', group) ? repo.candidateCases(db, group.contactPointId) : [],
    mayUpdate: can(actor, 'case.update', group),
    shared: sharedOnGroup(db, actor, group, now),
  };
}

/**
 * The page on which a worker leaves the group (one form, not one per row of a 2,000-worker list): the member, or
 * 404 when the case is not in this group now or the actor may not take it out. It names the worker: an audited view.
 */
export function leavePageData(db: Db, actor: Actor, group: Collective, caseId: number, clientAddress: string | null, now: number) {
  const kase = caseFor(db, actor, caseId, 'case.update');
  const member = repo.activeMembership(db, kase.id);
  if (!member || member.collectiveId !== group.id || kase.contactPointId !== group.contactPointId) throw notFound();
  const person = kase.personId !== null && kase.anonymisedAt === null ? findPerson(db, kase.personId) : undefined;
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, clientAddress }, now);
  return { group, member: { caseId: kase.id, reference: kase.reference, name: person ? person.name || person.alias || null : null } };
}

/** What a member case's page shows of its group: the group, its party, the shared entries. */
export function groupOnCase(db: DbOrTx, caseId: number) {
  const group = repo.groupOfCase(db, caseId) ?? null;
  return { group, sharedEntries: repo.sharedEntriesForCase(db, caseId) };
}

/** A download is a read: its audit entry never waits for the lock (written when the database takes writes, auditSoon). */
export function recordGroupExport(db: Db, actor: Actor, group: Collective, clientAddress: string | null, now: number): void {
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: ['members', 'amounts'], clientAddress }, now);
}
