/**
 * Shared deadlines (issue 15): where the trigger is common to a whole group (the date of a mass dismissal, the day the
 * crew was last paid), a deadline is set once on the group from a catalogue rule and that date. It is made on every
 * case in the group as an ordinary deadline of that case — the date becomes the case's trigger date and the rule is
 * computed for the case's own place (region, its desk's local holidays) and its other dates (ACAS), exactly as on the
 * case page (src/deadlines/deadlines.service.ts, setRuleDeadlineIn). The counsellor marks it done on the case.
 * Moving the group's date recomputes the member deadlines still open; a case that joins later gets the group's open
 * deadlines; a case that leaves keeps its deadline, as its own (the group no longer moves it).
 */
import { recordAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/policy.js';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import { findCase } from '../cases/cases.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { applicableRuleIds, computeFromCatalogue, inEnglish, todayIn, type Say } from '../deadlines/compute.js';
import { effectiveRegion } from '../deadlines/regions.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import { deadlinesOfCase } from '../deadlines/deadlines.repo.js';
import { displayVersion, ruleIdsForCase, setRuleDeadlineIn, timeZoneOf } from '../deadlines/deadlines.service.js';
import type { DeadlineRule, TriggerFieldId } from '../deadlines/rules.schema.js';
import { effectiveCatalogue } from '../deadlines/rules.service.js';
import { notFound } from '../shared/errors.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';
import { insertEntry } from './collective.repo.js';
import { collectiveFor } from './collective.service.js';
import type { Collective } from './collective.table.js';
import * as repo from './shared.repo.js';
import type { CollectiveDeadline } from './shared.table.js';

type Who = { actor: Actor; clientAddress: string | null; now: number };
export type SharedDeadlineResult = { ok: true; deadline: CollectiveDeadline; cases: number } | { ok: false; errors: Record<string, string> };

const memberCases = (db: DbOrTx, groupId: number): Case[] => repo.currentMemberCaseIds(db, groupId).flatMap((id) => findCase(db, id) ?? []);

/** Rules that may apply to at least one case in the group now, in catalogue order (the group form offers these). */
export function ruleChoices(db: DbOrTx, group: Collective, now: number): DeadlineRule[] {
  const catalogue = effectiveCatalogue(db);
  const today = todayIn(timeZoneOf(db, group.contactPointId), now);
  const ids = [...new Set(catalogue.map((r) => r.id))];
  // One read of the members' distinct jurisdictions and case types (a group may hold thousands of cases).
  const cp = findContactPoint(db, group.contactPointId);
  const applies = new Set(
    repo.memberScopes(db, group.id).flatMap((s) => applicableRuleIds({ country: s.jurisdictionCountry, region: effectiveRegion(s, cp), caseTypes: [s.caseType] }, catalogue)),
  );
  return ids.filter((id) => applies.has(id)).map((id) => displayVersion(catalogue, id, today)).filter((r) => r.computation !== 'look_back');
}

/** The group's date checked against the rule (a real date; in the past where the rule's event must have happened). */
function checkTrigger(db: DbOrTx, group: Collective, ruleId: string, triggerDate: string, now: number, say: Say): { ok: true; rule: DeadlineRule } | { ok: false; errors: Record<string, string> } {
  const catalogue = effectiveCatalogue(db);
  const rule = catalogue.find((r) => r.id === ruleId);
  if (!rule) return { ok: false, errors: { ruleId: 'collective.shared.deadlines.errors.rule' } };
  const today = todayIn(timeZoneOf(db, group.contactPointId), now);
  const computed = computeFromCatalogue(ruleId, { [rule.trigger]: triggerDate }, { today, catalogue, say });
  if (!computed.ok) return { ok: false, errors: { triggerDate: Object.values(computed.errors)[0] ?? 'collective.shared.deadlines.errors.date' } };
  if (computed.result.kind !== 'deadline') return { ok: false, errors: { ruleId: 'collective.shared.deadlines.errors.rule' } };
  return { ok: true, rule: computed.result.rule };
}

/**
 * Makes the group deadline on one case, unless the case already has one from it, or an open deadline of the same
 * rule of its own (never two of one limit), or the rule does not apply to it (another country), or its own dates
 * make it impossible to compute. Returns whether it was made.
 */
function applyToCase(tx: Tx, who: Who, group: Collective, gd: CollectiveDeadline, caseId: number, linked: ReadonlySet<number>, catalogue: readonly DeadlineRule[]): boolean {
  if (linked.has(caseId)) return false;
  const kase = caseFor(tx, who.actor, caseId, 'case.update');
  if (!ruleIdsForCase(tx, kase, catalogue).includes(gd.ruleId)) return false;
  if (deadlinesOfCase(tx, kase.id).some((d) => d.ruleId === gd.ruleId && d.status === 'open')) return false;
  const made = setRuleDeadlineIn(tx, who, kase, gd.ruleId, { field: gd.triggerField as TriggerFieldId, date: gd.triggerDate }, null, { collectiveId: group.id, collectiveReference: group.reference }, who.now);
  if (!made.ok) return false;
  repo.insertLink(tx, { collectiveDeadlineId: gd.id, caseId: kase.id, deadlineId: made.value.id, createdAt: who.now });
  return true;
}

export function setSharedDeadline(db: Db, groupId: number, input: { ruleId: string; triggerDate: string }, who: Who, say: Say = inEnglish): Promise<SharedDeadlineResult> {
  return write(db, (tx): SharedDeadlineResult => {
    const group = collectiveFor(tx, who.actor, groupId, 'case.update');
    const checked = checkTrigger(tx, group, input.ruleId, input.triggerDate, who.now, say);
    if (!checked.ok) return checked;
    // One shared deadline per rule: a second would be made on no case (each already has it), an empty row on the page.
    if (repo.groupDeadlinesOf(tx, group.id).some((d) => d.ruleId === input.ruleId)) return { ok: false, errors: { ruleId: 'collective.shared.deadlines.errors.already' } };
    const catalogue = effectiveCatalogue(tx);
    const cases = memberCases(tx, group.id).filter((k) => ruleIdsForCase(tx, k, catalogue).includes(input.ruleId));
    if (!cases.length) return { ok: false, errors: { ruleId: 'collective.shared.deadlines.errors.noMember' } };
    const { rule } = checked;
    const gd = repo.insertGroupDeadline(tx, {
      collectiveId: group.id,
      ruleId: rule.id,
      title: rule.title,
      triggerField: rule.trigger,
      triggerDate: input.triggerDate,
      createdAt: who.now,
      createdBy: who.actor.id,
      updatedAt: who.now,
      updatedBy: who.actor.id,
    });
    let made = 0;
    for (const kase of cases) if (applyToCase(tx, who, group, gd, kase.id, new Set(), catalogue)) made += 1;
    insertEntry(tx, { collectiveId: group.id, at: who.now, userId: who.actor.id, kind: 'deadline_set', body: '', data: { title: rule.title, date: input.triggerDate, cases: made } });
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'collective_deadline', targetId: gd.id, contactPointId: group.contactPointId, fields: ['ruleId', 'triggerDate'], clientAddress: who.clientAddress, version: gd.version }, who.now);
    return { ok: true, deadline: gd, cases: made };
  });
}

export type MoveResult = SharedDeadlineResult | Stale<CollectiveDeadline>;

/**
 * A new common date, from a form loaded at `version` (a stale form writes nothing). The member deadlines still open
 * are recomputed, each for its own case; those done or missed stay as they are.
 */
export function moveSharedTrigger(db: Db, groupId: number, id: number, input: { triggerDate: string }, version: number | null, who: Who, say: Say = inEnglish): Promise<MoveResult> {
  return write(db, (tx): MoveResult => {
    const group = collectiveFor(tx, who.actor, groupId, 'case.update');
    const gd = Number.isSafeInteger(id) ? repo.findGroupDeadline(tx, group.id, id) : undefined;
    if (!gd) throw notFound();
    if (!isCurrent(version, gd)) return staleResult(tx, { type: 'collective_deadline', id: gd.id }, gd, version);
    const checked = checkTrigger(tx, group, gd.ruleId, input.triggerDate, who.now, say);
    if (!checked.ok) return checked;
    if (gd.triggerDate === input.triggerDate) return { ok: true, deadline: gd, cases: 0 };
    const saved = savedRow(repo.updateGroupDeadline(tx, gd.id, { triggerDate: input.triggerDate, updatedAt: who.now, updatedBy: who.actor.id }, gd.version));
    let moved = 0;
    for (const m of repo.memberDeadlines(tx, group.id)) {
      if (m.collectiveDeadlineId !== gd.id || m.deadline.status !== 'open') continue;
      const kase = caseFor(tx, who.actor, m.caseId, 'case.update');
      const from = { collectiveId: group.id, collectiveReference: group.reference };
      if (setRuleDeadlineIn(tx, who, kase, gd.ruleId, { field: gd.triggerField as TriggerFieldId, date: input.triggerDate }, m.deadline, from, who.now).ok) moved += 1;
    }
    insertEntry(tx, { collectiveId: group.id, at: who.now, userId: who.actor.id, kind: 'deadline_moved', body: '', data: { title: gd.title, from: gd.triggerDate, to: input.triggerDate, cases: moved } });
    recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'collective_deadline', targetId: gd.id, contactPointId: group.contactPointId, fields: ['triggerDate'], clientAddress: who.clientAddress, version: saved.version }, who.now);
    return { ok: true, deadline: saved, cases: moved };
  });
}

/** A case that joins a group gets the group's open deadlines (inside the write that adds it). */
export function sharedDeadlinesForNewMember(tx: Tx, who: Who, group: Collective, caseId: number): void {
  sharedDeadlinesForNewMembers(tx, who, group, [caseId]);
}

/** The group's open shared deadlines, made on cases that join it (one read of the group's deadlines for all of them). */
export function sharedDeadlinesForNewMembers(tx: Tx, who: Who, group: Collective, caseIds: readonly number[]): void {
  const open = repo.openGroupDeadlines(tx, group.id);
  if (!open.length || !caseIds.length) return;
  const linked = repo.linkedCases(tx, open.map((g) => g.id));
  const catalogue = effectiveCatalogue(tx);
  for (const caseId of caseIds) for (const gd of open) applyToCase(tx, who, group, gd, caseId, linked.get(gd.id) ?? new Set(), catalogue);
}

export type GroupDeadlineView = CollectiveDeadline & { members: { caseId: number; reference: string; dueDate: string; status: string; deadlineId: number }[] };

/** The group's deadlines, each with the member deadlines of the cases in the group now. */
export function groupDeadlinesView(db: DbOrTx, group: Collective): GroupDeadlineView[] {
  const members = repo.memberDeadlines(db, group.id);
  return repo.groupDeadlinesOf(db, group.id).map((gd) => ({
    ...gd,
    members: members.filter((m) => m.collectiveDeadlineId === gd.id).map((m) => ({ caseId: m.caseId, reference: m.reference, dueDate: m.deadline.dueDate, status: m.deadline.status, deadlineId: m.deadline.id })),
  }));
}
