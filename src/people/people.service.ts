import { recordAudit } from '../audit/audit.repo.js';
import { auditPersonView, recentViewsPanel } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { refreshSearchRow } from '../cases/cases.repo.js';
import { caseTypes } from '../cases/catalogue.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { conflict, notFound } from '../shared/errors.js';
import * as repo from './people.repo.js';
import type { ConsentInput, PersonInput } from './people.schema.js';
import type { Person } from './people.table.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

type PersonAction = 'case.view' | 'case.update' | 'case.create' | 'person.export';

/**
 * A person the actor may act on, or 404 — the same answer as for a person who does not exist (DESIGN §1).
 * A person belongs to one contact point; access follows the cases of that contact point.
 */
export function personFor(db: DbOrTx, actor: Actor | null, id: number, action: PersonAction = 'case.view'): Person {
  const person = Number.isSafeInteger(id) && id > 0 ? repo.findPerson(db, id) : undefined;
  if (!person || !can(actor, action, { contactPointId: person.contactPointId })) throw notFound();
  // An anonymised or erased record (src/retention) is kept for the statistics only: nothing is added to it.
  if (person.anonymisedAt !== null && action !== 'case.view') throw conflict('retention.errors.anonymisedPerson');
  return person;
}

/** Contact points at which the actor may take in a worker. */
export function intakeContactPointIds(actor: Actor): number[] {
  return actor.contactPointIds.filter((contactPointId) => can(actor, 'case.create', { contactPointId }));
}

/** "+44 7700 900123" → "+•• •••• •••123": enough to recognise a number on a shared screen, not to dial it. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const total = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen += 1;
    return seen > total - 3 ? d : '•';
  });
}

export type PersonHit = { id: number; name: string | null; alias: string | null; nationality: string | null; phoneMasked: string | null; caseCount: number };

const toHit = (p: repo.PersonSummary): PersonHit => ({
  id: p.id,
  name: p.name,
  alias: p.alias,
  nationality: p.nationality,
  phoneMasked: maskPhone(p.phone),
  caseCount: p.caseCount,
});

export const SEARCH_LIMIT = 20;

export function searchForIntake(db: Db, actor: Actor, term: string): { hits: PersonHit[]; more: boolean } {
  const rows = repo.searchPeople(db, intakeContactPointIds(actor), term, SEARCH_LIMIT + 1);
  return { hits: rows.slice(0, SEARCH_LIMIT).map(toHit), more: rows.length > SEARCH_LIMIT };
}

export type Duplicate = PersonHit & { samePhone: boolean };

export function likelyDuplicates(db: Db, contactPointId: number, candidate: { name: string | null; alias: string | null; phone: string | null }): Duplicate[] {
  const digits = repo.phoneDigits(candidate.phone);
  return repo.findDuplicatePeople(db, contactPointId, candidate).map((p) => ({
    ...toHit(p),
    samePhone: !!digits && !!p.phoneDigits && (p.phoneDigits === digits || (digits.length >= 9 && p.phoneDigits.slice(-9) === digits.slice(-9))),
  }));
}

/** Names of the fields that hold something: what an audit entry may say about a new record. */
function filledFields(input: Record<string, unknown>): string[] {
  return Object.entries(input)
    .filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k);
}

const consentValues = (personId: number, consent: ConsentInput, actorId: string, now: number) => ({
  personId,
  givenOn: consent.consentGivenOn,
  scopes: consent.consentScopes,
  note: consent.consentNote,
  recordedBy: actorId,
  createdAt: now,
});

/** A new person and the consent given at intake, in one transaction: there is never a person without a consent record. */
export function createPerson(db: Db, contactPointId: number, input: PersonInput, consent: ConsentInput, actorId: string, clientAddress: string | null, now: number): Promise<Person> {
  return write(db, (tx) => {
    const person = repo.insertPerson(tx, { ...input, contactPointId, createdAt: now, updatedAt: now, createdBy: actorId });
    repo.insertConsent(tx, consentValues(person.id, consent, actorId, now));
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'person', targetId: person.id, contactPointId, fields: [...filledFields(input), 'consent'], clientAddress }, now);
    return person;
  });
}

export type PersonEditResult = { ok: true; changed: string[] } | Stale<Person>;

/**
 * Saves the changed fields, from a form loaded at `version`; returns their names. If the record changed since, nothing
 * is written (src/shared/versions.ts). Name, alias, phone and handle changes are carried into the case search index.
 */
export function updatePersonRecord(db: Db, actor: Actor, personId: number, input: PersonInput, version: number | null, clientAddress: string | null, now: number): Promise<PersonEditResult> {
  return write(
    db,
    (tx): PersonEditResult => {
      // Access again, inside the transaction: a transfer may have taken the person to another contact point meanwhile.
      const person = personFor(tx, actor, personId, 'case.update');
      if (!isCurrent(version, person)) return staleResult(tx, { type: 'person', id: person.id }, person, version);
      const changed = (Object.keys(input) as (keyof PersonInput)[]).filter((k) => JSON.stringify(input[k] ?? null) !== JSON.stringify(person[k] ?? null));
      if (!changed.length) return { ok: true, changed: [] };
      const saved = savedRow(repo.updatePerson(tx, person.id, { ...Object.fromEntries(changed.map((k) => [k, input[k]])), updatedAt: now }, person.version));
      if (changed.some((f) => f === 'name' || f === 'alias' || f === 'phone' || f === 'messagingHandle')) for (const caseId of repo.caseIdsOfPerson(tx, person.id)) refreshSearchRow(tx, caseId);
      recordAudit(
        tx,
        { userId: actor.id, action: 'update', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, fields: changed, clientAddress, version: saved.version },
        now,
      );
      return { ok: true, changed };
    },
  );
}

/** Consent is never edited: a new record is added and the newest applies. */
export function recordConsent(db: Db, person: Person, consent: ConsentInput, actorId: string, clientAddress: string | null, now: number): Promise<void> {
  return write(db, (tx) => {
    repo.insertConsent(tx, consentValues(person.id, consent, actorId, now));
    recordAudit(tx, { userId: actorId, action: 'update', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, fields: ['consent'], clientAddress }, now);
  });
}

/** The audit entry of a look at the record; with it, the check for someone opening many records within an hour. */
export function recordPersonView(db: Db, person: Person, actorId: string, clientAddress: string | null, now: number) {
  auditPersonView(db, { userId: actorId, action: 'view', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, clientAddress }, now);
}

/** What the person page shows besides the record: the cases the actor may open, and the consent history. */
export function personPageData(db: DbOrTx, actor: Actor, person: Person) {
  const cases = repo
    .casesOfPerson(db, person.id)
    .filter((c) => can(actor, 'case.view', { contactPointId: c.contactPointId }))
    .map((c) => ({ ...c, caseTypes: [...c.caseTypes].sort((a, b) => caseTypes.indexOf(a) - caseTypes.indexOf(b)) }));
  const consents = repo.consentHistoryWithRecorder(db, person.id);
  const recentViews = recentViewsPanel(db, actor, { type: 'person', id: person.id, contactPointId: person.contactPointId });
  return { cases, consents, consent: consents[0] ?? null, recentViews };
}

export const allowsStoring = (consent: { scopes: readonly string[] } | null | undefined) => !!consent?.scopes.includes('store');
