import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { listCases, type CaseListRow } from '../cases/case-list.repo.js';
import type { Db } from '../db/client.js';
import { partyNameKey, type PartyWithCount } from '../parties/parties.repo.js';
import { foldName } from '../people/people.repo.js';
import { maskPhone } from '../people/people.service.js';
import { caseSearchMatch } from './match.js';
import * as repo from './search.repo.js';

export type PersonHit = { id: number; contactPointId: number; name: string | null; alias: string | null; phoneMasked: string | null; caseCount: number };
export type CaseHit = CaseListRow & { summary: string };
export type Group<T> = { rows: T[]; more: boolean };
export type SearchResults = { people: Group<PersonHit>; cases: Group<CaseHit>; parties: Group<PartyWithCount>; total: number };

export type Searcher = { actor: Actor; countries: readonly string[]; clientAddress: string | null };

/**
 * People, cases and parties matching `term`, each group limited to `limit`, and only what the searcher may see: the
 * contact points come from the policy, and every row is asked again, as its own page would ask (case.view), so a
 * person or case of another desk never shows. Restricted notes are not in the index; an anonymised case names no one.
 * The people shown are personal data on screen: each is audited as viewed (never the search term).
 */
export function search(db: Db, who: Searcher, term: string, limit: number, now: number): SearchResults {
  const { actor } = who;
  const empty = { people: { rows: [], more: false }, cases: { rows: [], more: false }, parties: { rows: [], more: false }, total: 0 };
  if (!term || !can(actor, 'search.use')) return empty;
  const visible = actor.contactPointIds.filter((contactPointId) => can(actor, 'case.view', { contactPointId }));

  const personMatch = caseSearchMatch(term, who.countries, ['people', 'contacts']);
  const personIds = repo.matchingPersonIds(db, visible, personMatch, limit + 1);
  const folded = foldName(term);
  const label = (p: repo.PersonResult) => foldName(p.name ?? p.alias);
  const persons = repo
    .peopleByIds(db, personIds.slice(0, limit))
    .filter((p) => p.anonymisedAt === null && can(actor, 'case.view', { contactPointId: p.contactPointId }))
    .sort((a, b) => Number(!label(b).startsWith(folded)) - Number(!label(a).startsWith(folded)) || label(a).localeCompare(label(b)) || a.id - b.id)
    .map((p) => ({ id: p.id, contactPointId: p.contactPointId, name: p.name, alias: p.alias, phoneMasked: maskPhone(p.phone), caseCount: p.caseCount }));

  const caseMatch = caseSearchMatch(term, who.countries);
  const page = caseMatch ? listCases(db, { contactPointIds: visible, match: caseMatch }, { sort: 'activity', dir: 'desc' }, { limit, offset: 0, countCap: limit }) : { rows: [], hasNext: false };
  const summaries = repo.summariesOf(
    db,
    page.rows.map((r) => r.id),
  );
  const caseRows = page.rows.filter((r) => can(actor, 'case.view', { contactPointId: r.contactPointId })).map((r) => ({ ...r, summary: summaries.get(r.id) ?? '' }));

  // The party register is shared by every desk's case workers (parties.routes.ts asks case.list).
  const partyRows = can(actor, 'case.list') ? repo.matchingParties(db, partyNameKey(term), term, limit + 1) : [];
  partyRows.sort((a, b) => a.nameKey.localeCompare(b.nameKey) || a.id - b.id);

  if (persons.length)
    auditSoon(
      db,
      persons.map((p) => ({ userId: actor.id, action: 'view' as const, targetType: 'person', targetId: p.id, contactPointId: p.contactPointId, fields: ['search'], clientAddress: who.clientAddress })),
      now,
    );

  const results = {
    people: { rows: persons, more: personIds.length > limit },
    cases: { rows: caseRows, more: page.hasNext },
    parties: { rows: partyRows.slice(0, limit), more: partyRows.length > limit },
  };
  return { ...results, total: results.people.rows.length + results.cases.rows.length + results.parties.rows.length };
}
