import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import type { PartnerFilterInput, PartnerInput } from './partners.schema.js';
import { partners, type Partner } from './partners.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function findPartner(db: DbOrTx, id: number): Partner | undefined {
  return Number.isSafeInteger(id) ? db.select().from(partners).where(eq(partners.id, id)).get() : undefined;
}

const hasLanguage = (language: string) =>
  // "pt" also finds a partner listing "pt-BR", and the other way round.
  sql`exists (select 1 from json_each(${partners.languages}) where value = ${language} or value like ${`${language}-%`} or ${language} like value || '-%')`;

/** The directory, filtered; inactive partners only when asked (the administrator's view). */
export function listPartners(db: DbOrTx, filter: Omit<PartnerFilterInput, 'notice'>, opts: { includeInactive?: boolean } = {}): Partner[] {
  const where: SQL[] = [];
  if (!opts.includeInactive) where.push(eq(partners.active, true));
  if (filter.kind) where.push(eq(partners.kind, filter.kind));
  if (filter.country) where.push(eq(partners.country, filter.country));
  if (filter.language) where.push(hasLanguage(filter.language));
  if (filter.service) where.push(sql`exists (select 1 from json_each(${partners.services}) where instr(lower(value), lower(${filter.service})) > 0)`);
  return db
    .select()
    .from(partners)
    .where(and(...where))
    .orderBy(asc(partners.country), asc(partners.name))
    .all();
}

/** Values the directory's filters offer: those some partner actually has. */
export function partnerFacets(db: DbOrTx, opts: { includeInactive?: boolean } = {}) {
  const rows = db
    .select({ country: partners.country, languages: partners.languages, services: partners.services })
    .from(partners)
    .where(opts.includeInactive ? undefined : eq(partners.active, true))
    .all();
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    countries: sorted(rows.map((r) => r.country)),
    languages: sorted(rows.flatMap((r) => r.languages)),
    services: sorted(rows.flatMap((r) => r.services.map((s) => s.toLowerCase()))),
  };
}

/** Active partners for a referral: those in the case's country speaking the person's language, unless `all`. */
export function partnersForReferral(db: DbOrTx, fit: { country: string; language: string | null }, all: boolean): Partner[] {
  if (all) return listPartners(db, {});
  return listPartners(db, { country: fit.country, language: fit.language ?? undefined });
}

export function insertPartner(db: Tx, input: PartnerInput, actorId: string, now: number): Partner {
  return db
    .insert(partners)
    .values({ ...input, createdAt: now, createdBy: actorId, updatedAt: now, updatedBy: actorId })
    .returning()
    .get();
}

/** A new version of the partner (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updatePartnerRow(db: Tx, id: number, input: PartnerInput, actorId: string, now: number, expectedVersion?: number): Partner | undefined {
  return db
    .update(partners)
    .set({ ...input, updatedAt: now, updatedBy: actorId, version: nextVersion(partners.version) })
    .where(atVersion(eq(partners.id, id), partners.version, expectedVersion))
    .returning()
    .get();
}
