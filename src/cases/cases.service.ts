import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { recordAudit, recordAudits } from '../audit/audit.repo.js';
import { can, type Action, type Actor } from '../auth/policy.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import { conflict, notFound } from '../shared/errors.js';
import type { CaseStatus, CaseType, EventKind } from './catalogue.js';
import * as repo from './cases.repo.js';
import type { Case } from './cases.table.js';

export const formatReference = (prefix: string, year: number, n: number) => `${prefix}-${year}-${String(n).padStart(5, '0')}`;

/** The year a case is opened in, in its contact point's time zone (a case opened at 00:30 on 1 January in London is that year's). */
export function yearIn(timeZone: string, at: number): number {
  return Number(yearFormat(timeZone).format(new Date(at)));
}

// STYLE 13: a formatter per time zone, built once (a bulk intake opens thousands of cases in one go).
const yearFormats = new Map<string, Intl.DateTimeFormat>();
function yearFormat(timeZone: string): Intl.DateTimeFormat {
  let f = yearFormats.get(timeZone);
  if (!f) yearFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone })));
  return f;
}

/**
 * A case the actor may act on, or 404 — the same answer as for a case that does not exist (DESIGN §1).
 * Every route that touches a case goes through here.
 */
export function caseFor(db: DbOrTx, actor: Actor | null, id: number, action: Extract<Action, `case.${string}`> = 'case.view'): Case {
  const kase = Number.isSafeInteger(id) ? repo.findCase(db, id) : undefined;
  if (!kase || !can(actor, action, { contactPointId: kase.contactPointId })) throw notFound();
  if (kase.anonymisedAt !== null && changesContent.has(action)) throw conflict('retention.errors.anonymisedCase');
  return kase;
}

/** Actions that add to a case or change it: an anonymised case takes none (its content is gone, src/retention). */
const changesContent: ReadonlySet<Action> = new Set<Action>(['case.update', 'case.letter', 'case.transfer', 'case.legalHold']);

export type NewEvent = {
  caseId: number;
  userId: string | null;
  kind: EventKind;
  restricted?: boolean;
  body?: string | null;
  data?: Record<string, unknown> | null;
};

/** Appends to the timeline and marks the case active; notes also refresh the search index. */
export function appendEvent(tx: Tx, event: NewEvent, now: number) {
  const row = repo.insertEvent(tx, { ...event, restricted: event.restricted ?? false, at: now });
  repo.touchCase(tx, event.caseId, now);
  if (event.body && !event.restricted) repo.refreshSearchRow(tx, event.caseId);
  return row;
}

export type NewCase = {
  contactPointId: number;
  personId: number | null;
  assignedTo: string | null;
  caseTypes: CaseType[];
  jurisdictionCountry: string;
  jurisdictionRegion?: string | null;
  status?: CaseStatus;
} & Partial<Omit<Case, 'id' | 'reference' | 'contactPointId' | 'personId' | 'assignedTo' | 'status' | 'openedAt' | 'lastActivityAt' | 'createdBy'>>;

/**
 * Creates a case with the next reference of its contact point and year. The transaction is IMMEDIATE
 * (STYLE 10) so that two counsellors saving at once never get the same number.
 */
export function createCase(db: Db, input: NewCase, actorId: string, clientAddress: string | null, now: number): Promise<Case> {
  return write(db, (tx) => createCaseIn(tx, input, actorId, clientAddress, now));
}

/** createCase inside the caller's write unit (the demo and test seeders). */
export function createCaseIn(tx: Tx, input: NewCase, actorId: string, clientAddress: string | null, now: number): Case {
  const cp = findContactPoint(tx, input.contactPointId);
  if (!cp) throw notFound();
  const year = yearIn(cp.timezone, now);
  const reference = formatReference(cp.refPrefix, year, repo.bumpSequence(tx, cp.id, year));
  const { caseTypes, ...fields } = input;
  const kase = repo.insertCase(tx, { ...fields, reference, openedAt: now, lastActivityAt: now, createdBy: actorId });
  repo.setCaseTypes(tx, kase.id, caseTypes);
  appendEvent(tx, { caseId: kase.id, userId: actorId, kind: 'status_change', data: { to: kase.status } }, now);
  repo.refreshSearchRow(tx, kase.id);
  recordAudit(tx, { userId: actorId, action: 'create', targetType: 'case', targetId: kase.id, contactPointId: cp.id, fields: Object.keys(input), clientAddress }, now);
  return kase;
}

/**
 * createCaseIn for many cases of one contact point at once (a collective case's bulk intake): the same rows — the
 * next references in order, case types, the opening status event, search row, audit entry — in a few multi-row
 * statements instead of a dozen statements a case. `searchNames` are the worker's name and alias, for the search row.
 * Returns the new cases' ids and references, in the order given. Call inside an IMMEDIATE transaction.
 */
export function createCasesIn(tx: Tx, inputs: readonly (NewCase & { searchNames: (string | null)[]; searchPhone?: string | null; searchHandle?: string | null })[], actorId: string, clientAddress: string | null, now: number): { id: number; reference: string }[] {
  if (!inputs.length) return [];
  const contactPointId = inputs[0]!.contactPointId;
  if (inputs.some((i) => i.contactPointId !== contactPointId)) throw new Error('createCasesIn: cases of one contact point only');
  const cp = findContactPoint(tx, contactPointId);
  if (!cp) throw notFound();
  const year = yearIn(cp.timezone, now);
  const first = repo.bumpSequenceBy(tx, cp.id, year, inputs.length) - inputs.length + 1;
  const rows = inputs.map(({ caseTypes: _types, searchNames: _names, searchPhone: _phone, searchHandle: _handle, ...fields }, i) => ({ ...fields, reference: formatReference(cp.refPrefix, year, first + i), openedAt: now, lastActivityAt: now, createdBy: actorId }));
  const ids = repo.insertCases(tx, rows);
  repo.insertCaseTypeLinks(tx, inputs.flatMap((input, i) => [...new Set(input.caseTypes)].map((caseType) => ({ caseId: ids[i]!, caseType }))));
  repo.insertEvents(tx, rows.map((r, i) => ({ caseId: ids[i]!, userId: actorId, kind: 'status_change' as const, restricted: false, data: { to: r.status ?? 'intake' }, at: now })));
  repo.insertSearchRows(
    tx,
    rows.map((r, i) => ({ caseId: ids[i]!, reference: r.reference, names: inputs[i]!.searchNames, summary: r.summary, phone: inputs[i]!.searchPhone, handle: inputs[i]!.searchHandle })),
  );
  recordAudits(
    tx,
    inputs.map(({ searchNames: _names, searchPhone: _phone, searchHandle: _handle, ...input }, i) => ({ userId: actorId, action: 'create' as const, targetType: 'case', targetId: ids[i]!, contactPointId: cp.id, fields: Object.keys(input), clientAddress })),
    now,
  );
  return rows.map((r, i) => ({ id: ids[i]!, reference: r.reference }));
}
