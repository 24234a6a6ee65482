import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { contactPoints } from './contact-points.table.js';
import type { ContactPointInput } from './contact-points.schema.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function listContactPoints(db: DbOrTx) {
  return db.select().from(contactPoints).orderBy(asc(contactPoints.name)).all();
}

export function listActiveContactPoints(db: DbOrTx) {
  return db.select().from(contactPoints).where(eq(contactPoints.active, true)).orderBy(asc(contactPoints.name)).all();
}

export function findContactPoint(db: DbOrTx, id: number) {
  return db.select().from(contactPoints).where(eq(contactPoints.id, id)).get();
}

export function findContactPointByPrefix(db: DbOrTx, refPrefix: string) {
  return db.select().from(contactPoints).where(eq(contactPoints.refPrefix, refPrefix)).get();
}

export function findContactPoints(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.select().from(contactPoints).where(inArray(contactPoints.id, [...ids])).all();
}

export function insertContactPoint(db: Tx, input: ContactPointInput, now: number) {
  return db
    .insert(contactPoints)
    .values({ ...input, createdAt: now })
    .returning()
    .get();
}

/** A new version of the contact point (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updateContactPoint(db: Tx, id: number, input: ContactPointInput, expectedVersion?: number) {
  return db
    .update(contactPoints)
    .set({ ...input, version: nextVersion(contactPoints.version) })
    .where(atVersion(eq(contactPoints.id, id), contactPoints.version, expectedVersion))
    .returning()
    .get();
}
