import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { recoveryCodes, secondFactorPending, secondFactorThrottle, secondFactors, type SecondFactorStep } from './second-factor.table.js';

export function findSecondFactor(db: DbOrTx, userId: string) {
  return db.select().from(secondFactors).where(eq(secondFactors.userId, userId)).get();
}

export function insertSecondFactor(db: Tx, values: typeof secondFactors.$inferInsert) {
  db.insert(secondFactors).values(values).run();
}

export function setLastStep(db: Tx, userId: string, lastStep: number) {
  db.update(secondFactors).set({ lastStep }).where(eq(secondFactors.userId, userId)).run();
}

/** Removes the factor, its recovery codes and its throttle; the number of factors removed (0 or 1). */
export function deleteSecondFactor(db: Tx, userId: string): number {
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  db.delete(secondFactorThrottle).where(eq(secondFactorThrottle.userId, userId)).run();
  return db.delete(secondFactors).where(eq(secondFactors.userId, userId)).run().changes;
}

export function replaceRecoveryCodes(db: Tx, userId: string, codeHashes: readonly string[]) {
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  for (const codeHash of codeHashes) db.insert(recoveryCodes).values({ userId, codeHash }).run();
}

export function unusedRecoveryCodes(db: DbOrTx, userId: string) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all();
}

export function countUnusedRecoveryCodes(db: DbOrTx, userId: string): number {
  return db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
}

/** 1 when this call used the code, 0 when it was used already (or by a request that won the race). */
export function useRecoveryCode(db: Tx, userId: string, id: number, now: number): number {
  return db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.id, id), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .run().changes;
}

export function findPending(db: DbOrTx, sessionId: string) {
  return db.select().from(secondFactorPending).where(eq(secondFactorPending.sessionId, sessionId)).get();
}

export function insertPending(db: Tx, sessionId: string, step: SecondFactorStep, createdAt: number) {
  db.insert(secondFactorPending).values({ sessionId, step, createdAt }).run();
}

export function getCodeThrottle(db: DbOrTx, userId: string) {
  return db.select().from(secondFactorThrottle).where(eq(secondFactorThrottle.userId, userId)).get();
}

export function saveCodeThrottle(db: Tx, userId: string, failures: number, windowStart: number) {
  db.insert(secondFactorThrottle)
    .values({ userId, failures, windowStart })
    .onConflictDoUpdate({ target: secondFactorThrottle.userId, set: { failures, windowStart } })
    .run();
}

export function clearCodeThrottle(db: Tx, userId: string) {
  db.delete(secondFactorThrottle).where(eq(secondFactorThrottle.userId, userId)).run();
}
