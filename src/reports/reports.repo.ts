/**
 * The aggregate queries behind the contact-point report. They return true counts: only reports.service.ts turns
 * them into what may be published (suppression.ts), and nothing here ever reads a name, a note or free text.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import type { Bucket } from './periods.js';
import type { Count } from './suppression.js';

/**
 * Which cases count (DESIGN §2, issue 7): those of a person whose CURRENT consent (the newest record) includes
 * anonymised statistics, and anonymous advice contacts, which have no person at all. The latter are counted: no
 * personal record was ever made, so there is nobody whose refusal we would be overriding, and leaving them out would
 * hide the demand for walk-in advice that desks need to show. Small-cell suppression covers them like everyone else.
 * One index seek per case (consents_person: person_id, id), so the newest record is read, never scanned for.
 */
const counted = (alias: string) =>
  sql.raw(
    `(${alias}.person_id is null or coalesce((select instr(k.scopes, '"anonymised_statistics"') from consents k where k.person_id = ${alias}.person_id order by k.id desc limit 1), 0) > 0)`,
  );

/** The person behind a case, for counting distinct people: an anonymous contact is a person of its own. */
const who = (alias: string) => sql.raw(`coalesce(${alias}.person_id, -${alias}.id)`);

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return String(n);
};

/** A VALUES list of integers, written as literals: all of them are ours (ids, instants, indexes), never user text. */
function values(rows: readonly (readonly number[])[]): SQL {
  return sql.raw(`values ${rows.map((r) => `(${r.map(int).join(', ')})`).join(', ')}`);
}

export type MonthIndex = number;

export type OpenedFigures = {
  total: Count;
  byMonth: Map<MonthIndex, Count>;
  bySector: Map<string | null, Count>;
  byNationality: Map<string | null, Count>;
  byJurisdiction: Map<string, Count>;
  byCaseType: Map<string, Count>;
  claimed: Map<string, Count & { sum: number }>;
  /** Parties named in at least `partyMin` counted cases of at least `partyMin` people. */
  parties: Map<number, Count>;
};

type AggRow = { dim: string; k: string | number | null; n: number; people: number; amount: number | null };

/**
 * Cases opened in the period: every breakdown from ONE pass over the cases, which the buckets reach through the
 * (contact_point_id, opened_at) index, month by month and contact point by contact point.
 */
export function openedFigures(db: DbOrTx, buckets: readonly Bucket[], monthIndex: ReadonlyMap<string, number>, partyMin: number): OpenedFigures {
  const out: OpenedFigures = {
    total: { cases: 0, people: 0 },
    byMonth: new Map(),
    bySector: new Map(),
    byNationality: new Map(),
    byJurisdiction: new Map(),
    byCaseType: new Map(),
    claimed: new Map(),
    parties: new Map(),
  };
  if (buckets.length === 0) return out;
  const rows = db.all<AggRow>(sql`
    with buckets(cp, m, lo, hi) as (${values(buckets.map((b) => [b.contactPointId, monthIndex.get(b.month)!, b.from, b.to]))}),
    cohort as materialized (
      select c.id as id, b.m as m, ${who('c')} as who, c.sector as sector, c.jurisdiction_country as country,
             c.currency as currency, c.amount_claimed_minor as claimed, p.nationality as nationality
      from buckets b
      join cases c on c.contact_point_id = b.cp and c.opened_at >= b.lo and c.opened_at < b.hi
      left join people p on p.id = c.person_id
      where ${counted('c')}
    )
    select 'total' as dim, null as k, count(*) as n, count(distinct who) as people, null as amount from cohort
    union all select 'month', m, count(*), count(distinct who), null from cohort group by m
    union all select 'sector', sector, count(*), count(distinct who), null from cohort group by sector
    union all select 'nationality', nationality, count(*), count(distinct who), null from cohort group by nationality
    union all select 'jurisdiction', country, count(*), count(distinct who), null from cohort group by country
    union all select 'claimed', currency, count(*), count(distinct who), sum(claimed) from cohort
      where claimed is not null and currency is not null group by currency
    -- (case_id, case_type) and (case_id, party_id) are primary keys: count(*) counts distinct cases.
    union all select 'type', t.case_type, count(*), count(distinct cohort.who), null from cohort
      join case_types t on t.case_id = cohort.id group by t.case_type
    union all select 'party', l.party_id, count(*), count(distinct cohort.who), null from cohort
      join case_parties l on l.case_id = cohort.id group by l.party_id
      having count(*) >= ${partyMin} and count(distinct cohort.who) >= ${partyMin}
  `);
  for (const r of rows) {
    const count: Count = { cases: r.n, people: r.people };
    switch (r.dim) {
      case 'total':
        out.total = count;
        break;
      case 'month':
        out.byMonth.set(Number(r.k), count);
        break;
      case 'sector':
        out.bySector.set(r.k === null ? null : String(r.k), count);
        break;
      case 'nationality':
        out.byNationality.set(r.k === null ? null : String(r.k), count);
        break;
      case 'jurisdiction':
        out.byJurisdiction.set(String(r.k), count);
        break;
      case 'claimed':
        out.claimed.set(String(r.k), { ...count, sum: r.amount ?? 0 });
        break;
      case 'type':
        out.byCaseType.set(String(r.k), count);
        break;
      case 'party':
        out.parties.set(Number(r.k), count);
        break;
    }
  }
  return out;
}

export type ClosedCase = { cp: number; openedAt: number; closedAt: number; outcome: string | null; currency: string | null; recovered: number | null; who: number };

/**
 * Cases closed in the period, one row each (a few columns, no text). No index serves closed_at; but closing appends
 * a timeline event, so last_activity_at >= closed_at, and (contact_point_id, status, last_activity_at) skips every
 * case closed and left before the period. The service sorts the rows into months.
 */
export function closedCases(db: DbOrTx, periods: readonly { contactPointId: number; from: number; to: number }[]): ClosedCase[] {
  if (periods.length === 0) return [];
  return db.all<ClosedCase>(sql`
    with periods(cp, lo, hi) as (${values(periods.map((p) => [p.contactPointId, p.from, p.to]))})
    select c.contact_point_id as cp, c.opened_at as openedAt, c.closed_at as closedAt, c.outcome as outcome,
           c.currency as currency, c.amount_recovered_minor as recovered, ${who('c')} as who
    from periods p
    join cases c on c.contact_point_id = p.cp and c.status = 'closed' and c.last_activity_at >= p.lo
    where c.closed_at >= p.lo and c.closed_at < p.hi and ${counted('c')}
  `);
}

/** Referrals sent in the period, by the partner's kind and the referral's status now. */
export function referralFigures(db: DbOrTx, periods: readonly { contactPointId: number; from: number; to: number }[]) {
  if (periods.length === 0) return [];
  return db.all<{ kind: string; status: string; n: number; people: number }>(sql`
    with periods(cp, lo, hi) as (${values(periods.map((p) => [p.contactPointId, p.from, p.to]))})
    select pa.kind as kind, r.status as status, count(*) as n, count(distinct ${who('c')}) as people
    from periods p
    join cases c on c.contact_point_id = p.cp
    join referrals r on r.case_id = c.id
    join partners pa on pa.id = r.partner_id
    where r.sent_at >= p.lo and r.sent_at < p.hi and ${counted('c')}
    group by pa.kind, r.status
  `);
}

/** Names and kinds of parties (organisations: their names may be published). */
export function partiesByIds(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.all<{ id: number; name: string; kind: string }>(sql`select id, name, kind from parties where id in (${sql.raw(ids.map(int).join(', '))})`);
}

/** The newest timeline event and consent record: both rowid maxima, read in O(1) (see the report cache). */
export function dataFingerprint(db: DbOrTx): string {
  const row = db.get<{ e: number | null; k: number | null }>(sql`select (select max(id) from case_events) as e, (select max(id) from consents) as k`);
  return `${row.e}|${row.k}`;
}

/**
 * Collective cases (issue 15): the groups opened in the period, and the workers reached through them — member cases
 * that joined a group in the period, and the distinct people behind them (counted under the same consent rule).
 */
export function collectiveFigures(db: DbOrTx, periods: readonly { contactPointId: number; from: number; to: number }[]): { groups: number; workers: Count } {
  if (periods.length === 0) return { groups: 0, workers: { cases: 0, people: 0 } };
  const g = db.get<{ n: number }>(sql`
    with periods(cp, lo, hi) as (${values(periods.map((p) => [p.contactPointId, p.from, p.to]))})
    select count(*) as n from periods p join collectives g on g.contact_point_id = p.cp and g.created_at >= p.lo and g.created_at < p.hi
  `);
  const w = db.get<{ cases: number; people: number }>(sql`
    with periods(cp, lo, hi) as (${values(periods.map((p) => [p.contactPointId, p.from, p.to]))})
    select count(distinct c.id) as cases, count(distinct ${who('c')}) as people
    from periods p
    join collectives g on g.contact_point_id = p.cp
    join collective_members m on m.collective_id = g.id and m.joined_at >= p.lo and m.joined_at < p.hi
    join cases c on c.id = m.case_id
    where ${counted('c')}
  `);
  return { groups: g?.n ?? 0, workers: { cases: w?.cases ?? 0, people: w?.people ?? 0 } };
}
