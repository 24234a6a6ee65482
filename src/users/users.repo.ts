import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { contactPoints } from '../contact-points/contact-points.table.js';
import { passwordTokens, userContactPoints, users, type Role } from './users.table.js';
import { atVersion, nextVersion } from '../db/versions.js';

export function findUserByEmail(db: DbOrTx, email: string) {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUser(db: DbOrTx, id: string) {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function contactPointsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({ id: contactPoints.id, name: contactPoints.name, refPrefix: contactPoints.refPrefix, timezone: contactPoints.timezone, country: contactPoints.country })
    .from(userContactPoints)
    .innerJoin(contactPoints, eq(contactPoints.id, userContactPoints.contactPointId))
    .where(eq(userContactPoints.userId, userId))
    .orderBy(asc(contactPoints.name))
    .all();
}

export function listUsersWithContactPoints(db: DbOrTx) {
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      awaitingConfirmation: users.awaitingConfirmation,
      hasPassword: users.passwordHash,
      cpName: contactPoints.name,
    })
    .from(users)
    .leftJoin(userContactPoints, eq(userContactPoints.userId, users.id))
    .leftJoin(contactPoints, eq(contactPoints.id, userContactPoints.contactPointId))
    .orderBy(asc(users.displayName))
    .all();
  const byId = new Map<string, { id: string; email: string; displayName: string; role: Role; active: boolean; awaitingConfirmation: boolean; hasPassword: boolean; contactPoints: string[] }>();
  for (const r of rows) {
    const u = byId.get(r.id) ?? { ...r, hasPassword: r.hasPassword !== null, contactPoints: [] };
    if (r.cpName) u.contactPoints.push(r.cpName);
    byId.set(r.id, u);
  }
  return [...byId.values()];
}

/** Accounts awaiting confirmation with a contact point among `contactPointIds`, each with all of its contact points. */
export function listAwaitingConfirmation(db: DbOrTx, contactPointIds: readonly number[]) {
  return listActiveAccountsAt(db, contactPointIds, true);
}

/** The active, confirmed accounts with a contact point among these, each with all its contact points. */
export function listConfirmedAccounts(db: DbOrTx, contactPointIds: readonly number[]) {
  return listActiveAccountsAt(db, contactPointIds, false);
}

function listActiveAccountsAt(db: DbOrTx, contactPointIds: readonly number[], awaiting: boolean) {
  if (!contactPointIds.length) return [];
  const rows = db
    .select({ id: users.id, email: users.email, displayName: users.displayName, role: users.role, createdAt: users.createdAt, cpId: contactPoints.id, cpName: contactPoints.name })
    .from(users)
    .innerJoin(userContactPoints, eq(userContactPoints.userId, users.id))
    .innerJoin(contactPoints, eq(contactPoints.id, userContactPoints.contactPointId))
    .where(and(eq(users.awaitingConfirmation, awaiting), eq(users.active, true)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .all();
  const byId = new Map<string, { id: string; email: string; displayName: string; role: Role; createdAt: number; contactPointIds: number[]; contactPoints: string[] }>();
  for (const { cpId, cpName, ...u } of rows) {
    const entry = byId.get(u.id) ?? { ...u, contactPointIds: [], contactPoints: [] };
    entry.contactPointIds.push(cpId);
    entry.contactPoints.push(cpName);
    byId.set(u.id, entry);
  }
  return [...byId.values()].filter((u) => u.contactPointIds.some((cp) => contactPointIds.includes(cp)));
}

export function insertUser(db: Tx, values: typeof users.$inferInsert) {
  return db.insert(users).values(values).returning().get();
}

/** A new version of the account (src/db/versions.ts); from a form loaded at `expectedVersion`, only if still at it. */
export function updateUser(db: Tx, id: string, values: Partial<Omit<typeof users.$inferInsert, 'version'>>, expectedVersion?: number) {
  return db
    .update(users)
    .set({ ...values, version: nextVersion(users.version) })
    .where(atVersion(eq(users.id, id), users.version, expectedVersion))
    .returning()
    .get();
}

export function setUserContactPoints(db: Tx, userId: string, contactPointIds: readonly number[]) {
  db.delete(userContactPoints).where(eq(userContactPoints.userId, userId)).run();
  for (const contactPointId of contactPointIds) db.insert(userContactPoints).values({ userId, contactPointId }).run();
}

export function insertPasswordToken(db: Tx, values: typeof passwordTokens.$inferInsert) {
  db.insert(passwordTokens).values(values).run();
}

export function findUsablePasswordToken(db: DbOrTx, tokenHash: string, now: number) {
  return db
    .select()
    .from(passwordTokens)
    .where(and(eq(passwordTokens.tokenHash, tokenHash), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .get();
}

export function markPasswordTokenUsed(db: Tx, tokenHash: string, now: number) {
  return db
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.tokenHash, tokenHash), isNull(passwordTokens.usedAt)))
    .run().changes;
}

/** Older links die when a new one is issued: only the newest link handed over works. */
export function revokePasswordTokens(db: Tx, userId: string, now: number) {
  db.update(passwordTokens).set({ usedAt: now }).where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt))).run();
}

export function countUsersForDashboard(db: DbOrTx, now: number) {
  const all = db.select({ active: users.active, hasPassword: users.passwordHash }).from(users).all();
  const pending = db
    .select({ userId: passwordTokens.userId })
    .from(passwordTokens)
    .where(and(isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .all();
  return {
    activeUsers: all.filter((u) => u.active).length,
    pendingInvites: new Set(pending.map((p) => p.userId)).size,
  };
}
