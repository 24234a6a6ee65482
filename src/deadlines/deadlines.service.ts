/**
 * Deadlines of a case: trigger dates, the proposals computed from them, confirmed and manual deadlines, and their
 * status. Every change is one transaction with a timeline event (deadline_change) and an audit entry.
 */
import { recordAudit } from '../audit/audit.repo.js';
import { can, type Actor } from '../auth/policy.js';
import { caseTypesOf } from '../cases/cases.repo.js';
import { appendEvent, caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import { localHolidaysOf } from '../contact-points/contact-point-holidays.repo.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { findPerson } from '../people/people.repo.js';
import { notFound } from '../shared/errors.js';
import {
  addDays,
  applicableRuleIds,
  calendarFor,
  compareDates,
  computeFromCatalogue,
  inEnglish,
  type Say,
  crossFieldProblems,
  inputFieldsFor,
  isInForce,
  ruleTriggerField,
  selectRuleVersion,
  todayIn,
  triggerDateProblem,
  type DeadlineDue,
  type DeadlineInputs,
  type IsoDate,
  type LookBack,
  type StepMessage,
} from './compute.js';
import * as repo from './deadlines.repo.js';
import type { LocalHoliday } from './holidays.js';
import { effectiveRegion } from './regions.js';
import type { Deadline, DeadlineStatus } from './deadlines.table.js';
import { TRIGGER_FIELDS, type TriggerField } from './rules.data.js';
import type { DeadlineRule, TriggerFieldId } from './rules.schema.js';
import { effectiveCatalogue, ruleFingerprint } from './rules.service.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

/**
 * Days before the due date from which a deadline is in the owner's daily reminders. A rule's own reminders (visa
 * expiry: 90, 30 and 7 days before) come on those days as well.
 */
export const DEFAULT_LEAD_DAYS = 14;

export type ActorRef = { actor: Actor; clientAddress: string | null };

export function timeZoneOf(db: DbOrTx, contactPointId: number): string {
  return findContactPoint(db, contactPointId)?.timezone ?? 'UTC';
}

/** Today at the case's contact point: limits end on calendar days where the desk is. */
export function caseToday(db: DbOrTx, kase: Case, now: number): IsoDate {
  return todayIn(timeZoneOf(db, kase.contactPointId), now);
}

/** The time zone a user's "today" is counted in: their (first) contact point's. */
export function userTimeZone(db: DbOrTx, actor: Actor): string {
  const first = actor.contactPointIds[0];
  return first === undefined ? 'UTC' : timeZoneOf(db, first);
}

// ——— What applies to a case ———

/** The version of a rule that names it on the case page: the one in force today, else the newest with a start date. */
export function displayVersion(catalogue: readonly DeadlineRule[], ruleId: string, today: IsoDate): DeadlineRule {
  const versions = catalogue.filter((r) => r.id === ruleId).sort((a, b) => a.version - b.version);
  return (
    versions.find((v) => isInForce(v, today)) ??
    [...versions].reverse().find((v) => v.validFrom !== null) ??
    versions[0]!
  );
}

/** Where a case's deadlines are counted: whose public holidays close a day, and which local holidays too. */
export type CasePlace = { region: string | null; localHolidays: LocalHoliday[] };

/**
 * The case's effective region (its own, else its contact point's) and its contact point's local holidays. Those are
 * the holidays of the desk's own place (Spain: of the court's seat), so they count only while the case is counted in
 * that place — a case that names another region of the country, or another country, does not get them.
 */
export function placeOfCase(db: DbOrTx, kase: Case): CasePlace {
  const cp = findContactPoint(db, kase.contactPointId);
  const region = effectiveRegion(kase, cp);
  const atDesk = !!cp && cp.country === kase.jurisdictionCountry && (cp.region ?? null) === region;
  return { region, localHolidays: atDesk ? localHolidaysOf(db, kase.contactPointId).map((h) => ({ date: h.date, name: h.name })) : [] };
}

function applicableRules(db: DbOrTx, kase: Case, catalogue: readonly DeadlineRule[], today: IsoDate, place: CasePlace): DeadlineRule[] {
  const ids = applicableRuleIds(
    {
      country: kase.jurisdictionCountry,
      region: place.region,
      caseTypes: caseTypesOf(db, kase.id),
    },
    catalogue,
  );
  return ids.map((id) => displayVersion(catalogue, id, today));
}

export type TriggerFormField = TriggerField & { mustBePast: boolean; value: string };

/** The dates the case form asks for: every date its rules read, plus any entered before its case types changed. */
function triggerFormFields(rules: readonly DeadlineRule[], inputs: DeadlineInputs): TriggerFormField[] {
  const wanted = new Set<TriggerFieldId>();
  const past = new Set<TriggerFieldId>(['acas_day_a', 'acas_day_b']);
  // A rule's own name for its trigger (an administrator's rule) labels the field when every rule reading it agrees.
  const named = new Map<TriggerFieldId, string | null>();
  for (const rule of rules) {
    for (const f of inputFieldsFor(rule)) wanted.add(f.id);
    if (rule.triggerMustBePast) past.add(rule.trigger);
    const had = named.get(rule.trigger);
    named.set(rule.trigger, had === undefined || had === rule.triggerLabel ? rule.triggerLabel : null);
  }
  for (const id of Object.keys(inputs) as TriggerFieldId[]) wanted.add(id);
  return TRIGGER_FIELDS.filter((f) => wanted.has(f.id)).map((f) => ({ ...f, label: named.get(f.id) ?? f.label, mustBePast: past.has(f.id), value: inputs[f.id] ?? '' }));
}

export type Proposal = {
  ruleId: string;
  rule: DeadlineRule;
  result: DeadlineDue;
};

export type CaseComputation = {
  today: IsoDate;
  place: CasePlace;
  catalogue: readonly DeadlineRule[];
  inputs: DeadlineInputs;
  rules: DeadlineRule[];
  fields: TriggerFormField[];
  /** Computed deadlines waiting for the counsellor to confirm, edit or dismiss. */
  proposals: Proposal[];
  /** Look-back dates (arrears recoverable from): information, not deadlines. */
  lookBacks: LookBack[];
  /** Rules whose date is not entered yet. */
  waiting: { ruleId: string; title: string; field: TriggerField }[];
  /** Rules that could not be computed from the entered dates, with the reason in plain English. */
  problems: { ruleId: string; title: string; message: string }[];
  dismissed: number;
};

function computeForCase(
  db: DbOrTx,
  kase: Case,
  existing: readonly Deadline[],
  now: number,
  say: Say = inEnglish,
): CaseComputation {
  const today = caseToday(db, kase, now);
  const catalogue = effectiveCatalogue(db);
  const inputs = repo.triggerDatesOf(db, kase.id);
  const place = placeOfCase(db, kase);
  const rules = applicableRules(db, kase, catalogue, today, place);
  const dismissals = repo.dismissalsOf(db, kase.id);
  const proposals: Proposal[] = [];
  const lookBacks: LookBack[] = [];
  const waiting: CaseComputation['waiting'] = [];
  const problems: CaseComputation['problems'] = [];
  let dismissed = 0;

  for (const rule of rules) {
    if (inputs[rule.trigger] === undefined) {
      waiting.push({ ruleId: rule.id, title: rule.title, field: ruleTriggerField(rule) });
      continue;
    }
    const computed = computeFromCatalogue(rule.id, inputs, { today, catalogue, ...place, say });
    if (!computed.ok) {
      problems.push({ ruleId: rule.id, title: rule.title, message: Object.values(computed.errors)[0] ?? '' });
      continue;
    }
    if (computed.result.kind === 'look_back') {
      lookBacks.push(computed.result);
      continue;
    }
    const due = computed.result.dueDate;
    const hidden =
      existing.some((d) => d.ruleId === rule.id && (d.status === 'open' || d.computedDueDate === due)) ||
      dismissals.some((x) => x.ruleId === rule.id && x.dueDate === due);
    if (dismissals.some((x) => x.ruleId === rule.id && x.dueDate === due)) dismissed += 1;
    if (!hidden) proposals.push({ ruleId: rule.id, rule: computed.result.rule, result: computed.result });
  }
  proposals.sort((a, b) => compareDates(a.result.dueDate, b.result.dueDate));
  return { today, place, catalogue, inputs, rules, fields: triggerFormFields(rules, inputs), proposals, lookBacks, waiting, problems, dismissed };
}

// ——— Notices on confirmed deadlines ———

export type DeadlineNotice =
  | { kind: 'inputs_changed'; recomputed: IsoDate | null; problem: string | null }
  /** Same dates and rule, another result: the region or the local holidays it was counted with changed since. */
  | { kind: 'calendar_changed'; recomputed: IsoDate; place: string | null }
  | { kind: 'rule_changed'; version: number; nowVersion: number | null; recomputed: IsoDate | null };

/** The dates this deadline's rule reads, as stored on it and as entered on the case now. */
function relevantInputs(rule: Pick<DeadlineRule, 'trigger' | 'acasStopTheClock' | 'cappedBy'>, inputs: DeadlineInputs): DeadlineInputs {
  return Object.fromEntries(inputFieldsFor(rule).flatMap((f) => (inputs[f.id] === undefined ? [] : [[f.id, inputs[f.id]]])));
}

function sameInputs(a: DeadlineInputs, b: DeadlineInputs): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<TriggerFieldId>;
  return [...keys].every((k) => a[k] === b[k]);
}

/**
 * Why an open rule deadline may no longer be right. It keeps its date and rule version until the counsellor
 * recomputes it: a limit must never move without someone deciding so.
 */
export function noticesFor(d: Deadline, computation: Pick<CaseComputation, 'catalogue' | 'inputs' | 'today' | 'place'>, say: Say = inEnglish): DeadlineNotice[] {
  if (d.source !== 'rule' || d.status !== 'open' || !d.ruleId || d.ruleVersion === null) return [];
  const { catalogue, inputs, today, place } = computation;
  const applied = catalogue.find((r) => r.id === d.ruleId && r.version === d.ruleVersion) ?? catalogue.find((r) => r.id === d.ruleId);
  if (!applied) return [];
  const current = relevantInputs(applied, inputs);
  const recompute = computeFromCatalogue(d.ruleId, current, { today, catalogue, ...place, say });
  const recomputed = recompute.ok && recompute.result.kind === 'deadline' ? recompute.result.dueDate : null;
  const notices: DeadlineNotice[] = [];
  if (!sameInputs(d.inputs ?? {}, current))
    notices.push({ kind: 'inputs_changed', recomputed, problem: recompute.ok ? null : (Object.values(recompute.errors)[0] ?? null) });
  const sameVersion = catalogue.find((r) => r.id === d.ruleId && r.version === d.ruleVersion);
  const nowApplies = d.triggerDate ? selectRuleVersion(catalogue, d.ruleId, d.triggerDate) : null;
  const changed = !sameVersion || ruleFingerprint(sameVersion) !== d.ruleFingerprint || (nowApplies?.version ?? null) !== d.ruleVersion;
  if (changed) notices.push({ kind: 'rule_changed', version: d.ruleVersion, nowVersion: nowApplies?.version ?? null, recomputed });
  if (notices.length === 0 && recomputed !== null && d.computedDueDate !== null && recomputed !== d.computedDueDate && recompute.ok)
    notices.push({ kind: 'calendar_changed', recomputed, place: recompute.result.calendar?.place ?? null });
  return notices;
}

// ——— The case page ———

export type CaseDeadlineRow = ReturnType<typeof repo.deadlinesOfCase>[number] & {
  notices: DeadlineNotice[];
  /** The business-day calendar the stored date was counted in ("Bayern (DE-BY)"), or null for a rule without one. */
  calendarPlace: string | null;
  /** The same place as data, for the reader's language (step-text.ts). */
  calendarPlaceMessage: StepMessage | null;
  /** The rule's note on extending the time (never computed as the deadline). */
  extension: string | null;
};

/** What a stored rule deadline shows beside its date, from the version it was computed with. */
function storedRuleDetails(d: Deadline, catalogue: readonly DeadlineRule[]): Pick<CaseDeadlineRow, 'calendarPlace' | 'calendarPlaceMessage' | 'extension'> {
  const applied = d.source === 'rule' ? catalogue.find((r) => r.id === d.ruleId && r.version === d.ruleVersion) : undefined;
  if (!applied) return { calendarPlace: null, calendarPlaceMessage: null, extension: null };
  const calendar = calendarFor(applied, { region: d.region });
  return { calendarPlace: calendar?.place ?? null, calendarPlaceMessage: calendar?.placeMessage ?? null, extension: applied.extension };
}

/** `say` words the problems of the entered dates for the reader (deadlineTexts(tr).say); English by default. */
export function caseDeadlinesView(db: DbOrTx, actor: Actor, caseId: number, now: number, say: Say = inEnglish) {
  const kase = caseFor(db, actor, caseId, 'case.view');
  const rows = repo.deadlinesOfCase(db, kase.id);
  const computation = computeForCase(db, kase, rows, now, say);
  const person = kase.personId ? (findPerson(db, kase.personId) ?? null) : null;
  return {
    kase,
    person,
    canUpdate: can(actor, 'case.update', { contactPointId: kase.contactPointId }),
    ...computation,
    deadlines: rows.map((d): CaseDeadlineRow => ({ ...d, notices: noticesFor(d, computation, say), ...storedRuleDetails(d, computation.catalogue) })),
  };
}

export type CaseDeadlinesView = ReturnType<typeof caseDeadlinesView>;

// ——— Trigger dates ———

export type FormResult<T = undefined> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * Checks the trigger dates typed on the case form: each on its own (real, 1990 or later, in the past where the rule
 * needs an event that happened), then together for every rule that reads them (Day B after Day A, a cap after the
 * trigger). Messages are plain English from the catalogue, keyed by field id.
 */
export function checkTriggerDates(fields: readonly TriggerFormField[], rules: readonly DeadlineRule[], body: Record<string, unknown>, today: IsoDate, say: Say = inEnglish): FormResult<DeadlineInputs> {
  const errors: Record<string, string> = {};
  const values: DeadlineInputs = {};
  for (const field of fields) {
    const raw = body[field.id];
    if (raw !== undefined && typeof raw !== 'string') {
      errors[field.id] = say(`${field.label}: enter a date as text.`, { key: 'input.notText', values: { label: field.label } });
      continue;
    }
    const value = (raw ?? '').trim();
    if (value === '') continue;
    const problem = triggerDateProblem(value, field.id, field.mustBePast, today, say);
    if (problem) errors[field.id] = problem;
    else values[field.id] = value;
  }
  for (const rule of rules) for (const p of crossFieldProblems(rule, values, say)) errors[p.field] ??= p.message;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: values };
}

/** Saves the case's trigger dates; confirmed deadlines are not moved, they show that they no longer match. */
export function saveTriggerDates(db: Db, who: ActorRef, caseId: number, body: Record<string, unknown>, now: number, say: Say = inEnglish): Promise<FormResult<{ changed: TriggerFieldId[] }>> {
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, who.actor, caseId, 'case.update');
      const today = caseToday(tx, kase, now);
      const catalogue = effectiveCatalogue(tx);
      const before = repo.triggerDatesOf(tx, kase.id);
      const rules = applicableRules(tx, kase, catalogue, today, placeOfCase(tx, kase));
      const fields = triggerFormFields(rules, before);
      const checked = checkTriggerDates(fields, rules, body, today, say);
      if (!checked.ok) return checked;
      const changes: Record<string, { from: string | null; to: string | null }> = {};
      for (const field of fields) {
        const from = before[field.id] ?? null;
        const to = checked.value[field.id] ?? null;
        if (from === to) continue;
        repo.setTriggerDate(tx, kase.id, field.id, to, who.actor.id, now);
        changes[field.id] = { from, to };
      }
      const changed = Object.keys(changes) as TriggerFieldId[];
      if (changed.length) {
        appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'trigger_dates', changes } }, now);
        recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'case_trigger_dates', targetId: kase.id, contactPointId: kase.contactPointId, fields: changed, clientAddress: who.clientAddress }, now);
      }
      return { ok: true as const, value: { changed } };
    },
  );
}

// ——— Proposals ———

/** What a rule deadline stores of its computation (confirmed, recomputed, or set from a group): it explains itself. */
function ruleDeadlineFields(result: DeadlineDue, inputs: DeadlineInputs) {
  const { rule } = result;
  return {
    title: rule.title,
    ruleVersion: rule.version,
    ruleFingerprint: ruleFingerprint(rule),
    triggerField: result.trigger.field,
    triggerDate: result.trigger.date,
    inputs: relevantInputs(rule, inputs),
    computedDueDate: result.dueDate,
    steps: result.steps,
    alternatives: result.alternatives,
    region: result.calendar?.region ?? null,
    explanation: rule.explanation,
    sourceCitation: rule.source.citation,
  };
}

/** The ids of the catalogue rules that may apply to the case (its jurisdiction and case types), as for its proposals. */
export function ruleIdsForCase(db: DbOrTx, kase: Case, catalogue: readonly DeadlineRule[] = effectiveCatalogue(db)): string[] {
  return applicableRuleIds({ country: kase.jurisdictionCountry, region: placeOfCase(db, kase).region, caseTypes: caseTypesOf(db, kase.id) }, catalogue);
}

/**
 * A rule deadline on a case from a trigger date given from outside the case page — a collective case's shared
 * deadline (src/collective/shared-deadlines.service.ts) — inside the caller's write. The date becomes the case's own
 * trigger date; the deadline is computed as on the case page, for this case's place (region, the desk's local
 * holidays) and with its other dates (ACAS). With `existing` (an open deadline of the rule) it is recomputed instead.
 * `from` goes into each timeline event, saying where the date came from. Nothing is written when it cannot be computed.
 */
export function setRuleDeadlineIn(
  tx: Tx,
  who: ActorRef,
  kase: Case,
  ruleId: string,
  trigger: { field: TriggerFieldId; date: IsoDate },
  existing: Deadline | null,
  from: Record<string, string | number>,
  now: number,
): FormResult<Deadline> {
  const before = repo.triggerDatesOf(tx, kase.id);
  const inputs: DeadlineInputs = { ...before, [trigger.field]: trigger.date };
  const catalogue = effectiveCatalogue(tx);
  const rule = catalogue.find((r) => r.id === ruleId);
  if (!rule) return { ok: false, errors: { _form: 'input.noRule' } };
  const computed = computeFromCatalogue(ruleId, relevantInputs(rule, inputs), { today: caseToday(tx, kase, now), catalogue, ...placeOfCase(tx, kase) });
  if (!computed.ok) return computed;
  if (computed.result.kind !== 'deadline') return { ok: false, errors: { _form: 'lookBack' } };
  const result = computed.result;
  const was = before[trigger.field] ?? null;
  if (was !== trigger.date) {
    repo.setTriggerDate(tx, kase.id, trigger.field, trigger.date, who.actor.id, now);
    appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'trigger_dates', changes: { [trigger.field]: { from: was, to: trigger.date } }, ...from } }, now);
  }
  const fields = ruleDeadlineFields(result, inputs);
  let deadline: Deadline;
  if (existing) {
    deadline = savedRow(repo.updateDeadline(tx, existing.id, { ...fields, dueDate: result.dueDate, editReason: null, updatedAt: now, updatedBy: who.actor.id }));
    appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'recomputed', deadlineId: deadline.id, title: deadline.title, from: existing.dueDate, to: deadline.dueDate, ruleId, ruleVersion: result.rule.version, ...from } }, now);
    recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['dueDate', 'triggerDate'], clientAddress: who.clientAddress, version: deadline.version }, now);
  } else {
    deadline = repo.insertDeadline(tx, {
      caseId: kase.id,
      ...fields,
      dueDate: result.dueDate,
      ruleId,
      ...newRuleDeadline(kase, who.actor.id, now),
    });
    appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'confirmed', deadlineId: deadline.id, title: deadline.title, dueDate: deadline.dueDate, ruleId, ruleVersion: result.rule.version, ...from } }, now);
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['dueDate'], clientAddress: who.clientAddress }, now);
  }
  return { ok: true, value: deadline };
}

/** What every deadline confirmed from a rule starts with: open, owned by the case's counsellor, the default reminder. */
const newRuleDeadline = (kase: Case, userId: string, now: number) => ({
  source: 'rule' as const,
  status: 'open' as const,
  ownerId: kase.assignedTo ?? userId,
  reminderLeadDays: DEFAULT_LEAD_DAYS,
  createdAt: now,
  createdBy: userId,
  updatedAt: now,
  updatedBy: userId,
});

export type ProposalInput = { ruleId: string; computed: IsoDate; dueDate?: IsoDate; reason?: string };

/** The proposal as it stands now, or an error when the page the counsellor saw is out of date. */
function currentProposal(tx: DbOrTx, kase: Case, ruleId: string, computed: IsoDate, now: number): Proposal | null {
  const existing = repo.deadlinesOfCase(tx, kase.id);
  const proposal = computeForCase(tx, kase, existing, now).proposals.find((p) => p.ruleId === ruleId);
  return proposal && proposal.result.dueDate === computed ? proposal : null;
}

/** Confirms a proposal as a deadline, with the computed date or (edited) another date and a reason. */
export function confirmProposal(db: Db, who: ActorRef, caseId: number, input: ProposalInput, now: number): Promise<FormResult<Deadline>> {
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, who.actor, caseId, 'case.update');
      const proposal = currentProposal(tx, kase, input.ruleId, input.computed, now);
      if (!proposal) return { ok: false as const, errors: { _form: 'deadlines.case.stale' } };
      const { rule, result } = proposal;
      const edited = input.dueDate !== undefined && input.dueDate !== result.dueDate;
      const deadline = repo.insertDeadline(tx, {
        caseId: kase.id,
        ...ruleDeadlineFields(result, repo.triggerDatesOf(tx, kase.id)),
        dueDate: edited ? input.dueDate! : result.dueDate,
        ruleId: rule.id,
        editReason: edited ? (input.reason ?? null) : null,
        ...newRuleDeadline(kase, who.actor.id, now),
      });
      appendEvent(
        tx,
        {
          caseId: kase.id,
          userId: who.actor.id,
          kind: 'deadline_change',
          body: edited ? (input.reason ?? null) : null,
          data: { action: 'confirmed', deadlineId: deadline.id, title: deadline.title, dueDate: deadline.dueDate, ruleId: rule.id, ruleVersion: rule.version, ...(edited ? { computedDueDate: result.dueDate } : {}) },
        },
        now,
      );
      recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: edited ? ['dueDate', 'editReason'] : ['dueDate'], clientAddress: who.clientAddress }, now);
      return { ok: true as const, value: deadline };
    },
  );
}

export function dismissProposal(db: Db, who: ActorRef, caseId: number, input: { ruleId: string; computed: IsoDate }, now: number): Promise<FormResult> {
  return write(
    db,
    (tx) => {
      const kase = caseFor(tx, who.actor, caseId, 'case.update');
      const proposal = currentProposal(tx, kase, input.ruleId, input.computed, now);
      if (!proposal) return { ok: false as const, errors: { _form: 'deadlines.case.stale' } };
      repo.insertDismissal(tx, { caseId: kase.id, ruleId: input.ruleId, dueDate: input.computed, dismissedAt: now, dismissedBy: who.actor.id });
      appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'dismissed', ruleId: input.ruleId, title: proposal.rule.title, dueDate: input.computed } }, now);
      recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'case_deadline_proposals', targetId: kase.id, contactPointId: kase.contactPointId, fields: ['dismissed'], clientAddress: who.clientAddress }, now);
      return { ok: true as const, value: undefined };
    },
  );
}

// ——— Manual deadlines ———

/**
 * Words of the person's name or alias found in a deadline title. Titles travel in reminder e-mails and calendar
 * feeds, which leave the system: a name there can expose an undocumented worker.
 */
export function nameWordsIn(title: string, person: { name: string | null; alias: string | null } | null): boolean {
  if (!person) return false;
  const words = [person.name, person.alias]
    .filter((s): s is string => !!s)
    .flatMap((s) => s.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3);
  const titleWords = new Set(title.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u));
  return words.some((w) => titleWords.has(w));
}

export function addManualDeadline(
  db: Db,
  who: ActorRef,
  caseId: number,
  input: { title: string; dueDate: IsoDate; reminderLeadDays: number; kind?: 'manual' | 'contract'; sourceCitation?: string | null },
  now: number,
): Promise<FormResult<Deadline>> {
  return write(
    db,
    (tx): FormResult<Deadline> => {
      const kase = caseFor(tx, who.actor, caseId, 'case.update');
      const person = kase.personId ? (findPerson(tx, kase.personId) ?? null) : null;
      if (nameWordsIn(input.title, person)) return { ok: false as const, errors: { title: 'deadlines.validation.titleHasName' } };
      // A contractual limit (a collective agreement's cut-off period) keeps its own source, shown with it.
      const contract = input.kind === 'contract';
      if (contract && !input.sourceCitation) return { ok: false as const, errors: { sourceCitation: 'deadlines.validation.contractSource' } };
      if (contract && nameWordsIn(input.sourceCitation!, person)) return { ok: false as const, errors: { sourceCitation: 'deadlines.validation.sourceHasName' } };
      const deadline = repo.insertDeadline(tx, {
        caseId: kase.id,
        title: input.title,
        dueDate: input.dueDate,
        source: contract ? 'contract' : 'manual',
        sourceCitation: contract ? input.sourceCitation! : null,
        status: 'open',
        ownerId: kase.assignedTo ?? who.actor.id,
        reminderLeadDays: input.reminderLeadDays,
        createdAt: now,
        createdBy: who.actor.id,
        updatedAt: now,
        updatedBy: who.actor.id,
      });
      appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'added', deadlineId: deadline.id, title: deadline.title, dueDate: deadline.dueDate, ...(contract ? { source: 'contract' } : {}) } }, now);
      recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['title', 'dueDate', 'reminderLeadDays', ...(contract ? ['source', 'sourceCitation'] : [])], clientAddress: who.clientAddress }, now);
      return { ok: true as const, value: deadline };
    },
  );
}

// ——— Changing a deadline ———

/** The deadline and its case, if the actor may change it; 404 otherwise (as for a deadline that does not exist). */
function deadlineFor(tx: DbOrTx, actor: Actor, id: number) {
  const deadline = repo.findDeadline(tx, id);
  if (!deadline) throw notFound();
  const kase = caseFor(tx, actor, deadline.caseId, 'case.update');
  return { deadline, kase };
}

/** The case a deadline belongs to, for a route that only reads. */
export function caseIdOfDeadline(db: DbOrTx, actor: Actor, id: number): number {
  const deadline = repo.findDeadline(db, id);
  if (!deadline) throw notFound();
  return caseFor(db, actor, deadline.caseId, 'case.view').id;
}

export function setDeadlineStatus(db: Db, who: ActorRef, id: number, status: DeadlineStatus, now: number, reason = ''): Promise<Deadline> {
  return write(
    db,
    (tx) => {
      const { deadline, kase } = deadlineFor(tx, who.actor, id);
      if (deadline.status === status) return deadline;
      const updated = savedRow(repo.updateDeadline(tx, deadline.id, { status, statusChangedAt: now, statusChangedBy: who.actor.id, updatedAt: now, updatedBy: who.actor.id }));
      appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', body: reason || null, data: { action: 'status', deadlineId: deadline.id, title: deadline.title, dueDate: deadline.dueDate, from: deadline.status, to: status } }, now);
      recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['status'], clientAddress: who.clientAddress, version: updated.version }, now);
      return updated;
    },
  );
}

export type DeadlineEditResult = { ok: true; deadline: Deadline } | Stale<Deadline>;

/**
 * Moves a deadline's date, from a form loaded at `version`; the reason goes on the deadline and the timeline. If the
 * deadline changed since (done, recomputed, moved, reassigned), nothing is written (src/shared/versions.ts).
 */
export function editDeadline(db: Db, who: ActorRef, id: number, input: { dueDate: IsoDate; reason: string }, version: number | null, now: number): Promise<DeadlineEditResult> {
  return write(
    db,
    (tx): DeadlineEditResult => {
      const { deadline, kase } = deadlineFor(tx, who.actor, id);
      if (!isCurrent(version, deadline)) return staleResult(tx, { type: 'deadline', id: deadline.id }, deadline, version);
      if (deadline.dueDate === input.dueDate) return { ok: true, deadline };
      const updated = savedRow(repo.updateDeadline(tx, deadline.id, { dueDate: input.dueDate, editReason: input.reason, updatedAt: now, updatedBy: who.actor.id }, deadline.version));
      appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', body: input.reason, data: { action: 'edited', deadlineId: deadline.id, title: deadline.title, from: deadline.dueDate, to: input.dueDate } }, now);
      recordAudit(
        tx,
        { userId: who.actor.id, action: 'update', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['dueDate', 'editReason'], clientAddress: who.clientAddress, version: updated.version },
        now,
      );
      return { ok: true, deadline: updated };
    },
  );
}

/**
 * Recomputes a rule deadline from the case's dates as they are now and the version in force for its trigger date
 * now — the counsellor's answer to a "no longer matches" or "rule changed" notice.
 */
export function recomputeDeadline(db: Db, who: ActorRef, id: number, now: number): Promise<FormResult<Deadline>> {
  return write(
    db,
    (tx) => {
      const { deadline, kase } = deadlineFor(tx, who.actor, id);
      if (deadline.source !== 'rule' || !deadline.ruleId || deadline.status !== 'open') return { ok: false as const, errors: { _form: 'deadlines.case.notRecomputable' } };
      const today = caseToday(tx, kase, now);
      const catalogue = effectiveCatalogue(tx);
      const computed = computeFromCatalogue(deadline.ruleId, repo.triggerDatesOf(tx, kase.id), { today, catalogue, ...placeOfCase(tx, kase) });
      if (!computed.ok || computed.result.kind !== 'deadline') return { ok: false as const, errors: { _form: 'deadlines.case.notRecomputable' } };
      const { rule, dueDate } = computed.result;
      const updated = savedRow(repo.updateDeadline(tx, deadline.id, {
        ...ruleDeadlineFields(computed.result, repo.triggerDatesOf(tx, kase.id)),
        dueDate,
        editReason: null,
        updatedAt: now,
        updatedBy: who.actor.id,
      }));
      appendEvent(tx, { caseId: kase.id, userId: who.actor.id, kind: 'deadline_change', data: { action: 'recomputed', deadlineId: deadline.id, title: updated.title, from: deadline.dueDate, to: dueDate, ruleId: rule.id, ruleVersion: rule.version } }, now);
      recordAudit(tx, { userId: who.actor.id, action: 'update', targetType: 'deadline', targetId: deadline.id, contactPointId: kase.contactPointId, fields: ['dueDate', 'ruleVersion', 'steps'], clientAddress: who.clientAddress, version: updated.version }, now);
      return { ok: true as const, value: updated };
    },
  );
}

// ——— Lists: dashboard and /deadlines ———

export const windows = ['overdue', 'today', 'week', 'month'] as const;
export type DeadlineWindow = (typeof windows)[number];

/** Overdue, due today, in the next 7 days, in the 8th to 30th day — counted from the deadline's own desk's today. */
export function windowOf(dueDate: IsoDate, today: IsoDate): DeadlineWindow | null {
  const c = compareDates(dueDate, today);
  if (c < 0) return 'overdue';
  if (c === 0) return 'today';
  if (compareDates(dueDate, addDays(today, 7)) <= 0) return 'week';
  if (compareDates(dueDate, addDays(today, 30)) <= 0) return 'month';
  return null;
}

export type DashboardRow = repo.DeadlineListRow & { window: DeadlineWindow; today: IsoDate };

/**
 * The deadline panels of the home page: a counsellor's own open deadlines; a supervisor's contact points' (whoever
 * owns them). Each is placed by the date today at its own contact point.
 */
export function dashboardDeadlines(db: DbOrTx, actor: Actor, now: number): Record<DeadlineWindow, DashboardRow[]> | null {
  if (!can(actor, 'case.list')) return null;
  const todays = new Map(actor.contactPointIds.map((id) => [id, todayIn(timeZoneOf(db, id), now)]));
  const latest = [...todays.values()].sort().at(-1) ?? todayIn('UTC', now);
  const { rows } = repo.listDeadlines(db, {
    contactPointIds: actor.contactPointIds,
    ownerId: can(actor, 'supervision.view') ? null : actor.id,
    statuses: ['open'],
    dueTo: addDays(latest, 30),
    limit: 1000,
  });
  const panels: Record<DeadlineWindow, DashboardRow[]> = { overdue: [], today: [], week: [], month: [] };
  for (const row of rows) {
    if (!can(actor, 'case.view', { contactPointId: row.contactPointId })) continue;
    const today = todays.get(row.contactPointId) ?? latest;
    const window = windowOf(row.dueDate, today);
    if (window) panels[window].push({ ...row, window, today });
  }
  return panels;
}

export type ListOptions = {
  status: DeadlineStatus | 'all';
  when: 'all' | DeadlineWindow;
  owner: 'mine' | 'all';
  page: number;
};

export const PAGE_SIZE = 50;

/** /deadlines: the deadlines of every case the actor may see, filtered. */
export function deadlineList(db: DbOrTx, actor: Actor, options: ListOptions, now: number) {
  const today = todayIn(userTimeZone(db, actor), now);
  const range: Record<ListOptions['when'], { dueFrom?: string; dueTo?: string }> = {
    all: {},
    overdue: { dueTo: addDays(today, -1) },
    today: { dueFrom: today, dueTo: today },
    week: { dueFrom: addDays(today, 1), dueTo: addDays(today, 7) },
    month: { dueFrom: addDays(today, 8), dueTo: addDays(today, 30) },
  };
  const visible = actor.contactPointIds.filter((id) => can(actor, 'case.view', { contactPointId: id }));
  const { rows, total } = repo.listDeadlines(db, {
    contactPointIds: visible,
    ownerId: options.owner === 'mine' ? actor.id : null,
    statuses: options.status === 'all' ? undefined : [options.status],
    ...range[options.when],
    limit: PAGE_SIZE,
    offset: (options.page - 1) * PAGE_SIZE,
  });
  return {
    today,
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, overdue: r.status === 'open' && compareDates(r.dueDate, todayIn(r.timezone, now)) < 0 })),
  };
}

