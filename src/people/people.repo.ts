import { caseTypesOfCases } from '../cases/cases.repo.js';
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { cases } from '../cases/cases.table.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { consents, people, type Person } from './people.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

export const phoneDigits = (phone: string | null | undefined) => (phone ? phone.replace(/\D/g, '') || null : null);

export function findPerson(db: DbOrTx, id: number): Person | undefined {
  return db.select().from(people).where(eq(people.id, id)).get();
}

export function insertPerson(db: Tx, values: Omit<typeof people.$inferInsert, 'phoneDigits'>) {
  return db
    .insert(people)
    .values({ ...values, phoneDigits: phoneDigits(values.phone) })
    .returning()
    .get();
}

/** A new version of the person (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updatePerson(db: Tx, id: number, values: Partial<Omit<typeof people.$inferInsert, 'phoneDigits' | 'version'>>, expectedVersion?: number) {
  const extra = 'phone' in values ? { phoneDigits: phoneDigits(values.phone) } : {};
  return db
    .update(people)
    .set({ ...values, ...extra, version: nextVersion(people.version) })
    .where(atVersion(eq(people.id, id), people.version, expectedVersion))
    .returning()
    .get();
}

export function insertConsent(db: Tx, values: typeof consents.$inferInsert) {
  return db.insert(consents).values(values).returning().get();
}

/** The consent in force: the newest record. */
export function currentConsent(db: DbOrTx, personId: number) {
  return db.select().from(consents).where(eq(consents.personId, personId)).orderBy(desc(consents.id)).limit(1).get();
}

export function consentHistory(db: DbOrTx, personId: number) {
  return db.select().from(consents).where(eq(consents.personId, personId)).orderBy(desc(consents.id)).all();
}

// ---- Intake search, duplicate detection and the person page.

const foldExtra: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd', ħ: 'h' };

/** "  María  ŁUKASZ " → "maria lukasz": how names are compared, so that accents and case never hide a duplicate. */
export function foldName(value: string | null | undefined): string {
  if (!value) return '';
  // Most names are plain ASCII: skip the Unicode work, which the search runs once per person of the contact point.
  if (/^[\x20-\x7e]*$/.test(value)) return value.toLowerCase().replace(/\s+/g, ' ').trim();
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łđøßæœıþðħ]/g, (c) => foldExtra[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

const foldingClients = new WeakSet<object>();

/** SQLite's LIKE folds ASCII case only; ud_fold() lets the queries below compare names as foldName does. */
function withFold(db: Db): Db {
  if (!foldingClients.has(db.$client)) {
    db.$client.function('ud_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldName(value) : null));
    foldingClients.add(db.$client);
  }
  return db;
}

/**
 * A name column folded as foldName does. ASCII names are folded by SQLite's own lower(); the JS function is called
 * only for the others, because calling into JS for every person of a large contact point is what makes a search slow.
 */
const foldedColumn = (column: SQLiteColumn) => sql`(case when ${column} glob '*[^ -~]*' then ud_fold(${column}) else lower(${column}) end)`;

// Written out in full: drizzle leaves columns unqualified in a one-table select, which would bind "id" to cases.id here.
const caseCount = sql<number>`(select count(*) from cases as c where c.person_id = "people"."id")`.mapWith(Number);

const personSummary = {
  id: people.id,
  contactPointId: people.contactPointId,
  name: people.name,
  alias: people.alias,
  nationality: people.nationality,
  phone: people.phone,
  phoneDigits: people.phoneDigits,
  caseCount,
};
export type PersonSummary = { id: number; contactPointId: number; name: string | null; alias: string | null; nationality: string | null; phone: string | null; phoneDigits: string | null; caseCount: number };

/**
 * The digit strings to look for in stored numbers. A number is typed as "07911 123…", "+44 (0)7911 123…" or "0044 7911…"
 * and stored in any of those forms: leading zeros are dropped, and after "+" or "00" the first one to three digits
 * (a country code) may be missing from the stored number.
 */
export function phoneSearchDigits(term: string): string[] {
  const international = /^\s*(\+|00)/.test(term);
  const digits = term
    .replace(/\(0\)/g, '')
    .replace(/\D/g, '')
    .replace(/^0+/, '');
  if (digits.length < 4) return [];
  const out = new Set([digits]);
  if (international) for (let cc = 1; cc <= 3; cc += 1) if (digits.length - cc >= 6) out.add(digits.slice(cc).replace(/^0+/, ''));
  return [...out];
}

/** People of the given contact points whose name or alias contains the term, or whose phone contains its digits. */
export function searchPeople(db: Db, contactPointIds: readonly number[], term: string, limit: number): PersonSummary[] {
  const folded = foldName(term);
  if (!contactPointIds.length || !folded) return [];
  // A term without letters is a phone number: no name needs folding for it.
  const matches = /\p{L}/u.test(term) ? [sql`instr(${foldedColumn(people.name)}, ${folded}) > 0`, sql`instr(${foldedColumn(people.alias)}, ${folded}) > 0`] : [];
  for (const digits of phoneSearchDigits(term)) matches.push(sql`instr(${people.phoneDigits}, ${digits}) > 0`);
  if (!matches.length) return [];
  // No ORDER BY: the (contact point, name) index already yields rows by name, and the scan stops at `limit`
  // instead of folding every name of a large contact point; the few rows found are ordered here.
  const rows = withFold(db)
    .select(personSummary)
    .from(people)
    .where(and(inArray(people.contactPointId, [...contactPointIds]), or(...matches)))
    .limit(limit)
    .all();
  const label = (p: PersonSummary) => foldName(p.name ?? p.alias);
  const rank = (p: PersonSummary) => (label(p).startsWith(folded) ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || label(a).localeCompare(label(b)) || a.id - b.id);
}

/**
 * Likely duplicates at one contact point: the same phone (digits, or the last nine, which survive
 * "+44 7700…" against "07700…"), or a name or alias equal to, or a prefix of, the new one (accents and case ignored).
 */
export function findDuplicatePeople(db: Db, contactPointId: number, candidate: { name: string | null; alias: string | null; phone: string | null }, limit = 10): PersonSummary[] {
  const keys = [...new Set([foldName(candidate.name), foldName(candidate.alias)].filter(Boolean))];
  const digits = phoneDigits(candidate.phone);
  const samePhone: SQL[] = [];
  if (digits) {
    samePhone.push(sql`phone_digits = ${digits}`);
    if (digits.length >= 9) samePhone.push(sql`(length(phone_digits) >= 9 and substr(phone_digits, -9) = ${digits.slice(-9)})`);
  }
  const sameName: SQL[] = [];
  const similarName: SQL[] = [];
  for (const name of [sql.raw('fn'), sql.raw('fa')])
    for (const key of keys) {
      sameName.push(sql`${name} = ${key}`);
      // Prefixes of at least three letters: "Maria" finds "María López", and "María López" finds "Maria".
      if (key.length >= 3) similarName.push(sql`(instr(${name}, ${key}) = 1 or (length(${name}) >= 3 and instr(${key}, ${name}) = 1))`);
    }
  const matches = [...samePhone, ...sameName, ...similarName];
  if (!matches.length) return [];
  const any = (conditions: SQL[]) => sql`(${sql.join(conditions, sql` or `)})`;
  const strongestFirst = [samePhone, sameName].filter((c) => c.length).map((c) => sql`${any(c)} desc, `);
  // MATERIALIZED folds each name once per person, not once per comparison. The strongest matches come first.
  const ids = withFold(db)
    .all<{ id: number }>(
      sql`with f as materialized (
            select id, phone_digits, ${foldedColumn(people.name)} as fn, ${foldedColumn(people.alias)} as fa
            from people where contact_point_id = ${contactPointId})
          select id from f where ${any(matches)}
          order by ${sql.join(strongestFirst)}id limit ${limit}`,
    )
    .map((r) => r.id);
  if (!ids.length) return [];
  const found = db.select(personSummary).from(people).where(inArray(people.id, ids)).all();
  return ids.map((id) => found.find((p) => p.id === id)!);
}

export function casesOfPerson(db: DbOrTx, personId: number) {
  const rows = db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, openedAt: cases.openedAt, contactPointId: cases.contactPointId })
    .from(cases)
    .where(eq(cases.personId, personId))
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .all();
  const types = caseTypesOfCases(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, caseTypes: types.get(r.id) ?? [] }));
}

export function caseIdsOfPerson(db: DbOrTx, personId: number): number[] {
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.personId, personId))
    .all()
    .map((r) => r.id);
}

/** Consent records, newest first, with the name of the counsellor who recorded each. */
export function consentHistoryWithRecorder(db: DbOrTx, personId: number) {
  return db
    .select({ id: consents.id, givenOn: consents.givenOn, scopes: consents.scopes, note: consents.note, createdAt: consents.createdAt, recordedBy: users.displayName })
    .from(consents)
    .innerJoin(users, eq(users.id, consents.recordedBy))
    .where(eq(consents.personId, personId))
    .orderBy(desc(consents.id))
    .all();
}

/** Many people at once (bulk intake); their ids in the order given (SQLite numbers one INSERT's rows in VALUES order). */
export function insertPeople(db: Tx, values: Omit<typeof people.$inferInsert, 'phoneDigits'>[]): number[] {
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 200) {
    const chunk = values.slice(i, i + 200).map((v) => ({ ...v, phoneDigits: phoneDigits(v.phone) }));
    ids.push(...db.insert(people).values(chunk).returning({ id: people.id }).all().map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

export function insertConsents(db: Tx, values: (typeof consents.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 200) db.insert(consents).values(values.slice(i, i + 200)).run();
}
