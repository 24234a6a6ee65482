import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { users } from '../users/users.table.js';
import { loginThrottle, sessions } from './auth.table.js';

export function getThrottle(db: DbOrTx, email: string) {
  return db.select().from(loginThrottle).where(eq(loginThrottle.email, email)).get();
}

export function saveThrottle(db: Tx, email: string, failures: number, windowStart: number) {
  db.insert(loginThrottle)
    .values({ email, failures, windowStart })
    .onConflictDoUpdate({ target: loginThrottle.email, set: { failures, windowStart } })
    .run();
}

export function clearThrottle(db: Tx, email: string) {
  db.delete(loginThrottle).where(eq(loginThrottle.email, email)).run();
}

/** A session with whether its user is still active (and not awaiting confirmation); undefined for an unknown id. */
export function findSessionWithUser(db: DbOrTx, id: string) {
  return db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      active: sql<boolean>`${users.active} = 1 and ${users.awaitingConfirmation} = 0`.mapWith(Boolean),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
}

export function insertSession(db: Tx, values: typeof sessions.$inferInsert) {
  db.insert(sessions).values(values).run();
}

export function deleteSession(db: Tx, id: string) {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

export function touchSession(db: Tx, id: string, lastSeenAt: number, expiresAtSeconds: number) {
  db.update(sessions).set({ lastSeenAt, expiresAt: expiresAtSeconds }).where(eq(sessions.id, id)).run();
}

export function listUserSessions(db: DbOrTx, userId: string) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt))
    .all();
}

export function deleteUserSession(db: Tx, userId: string, sessionId: string) {
  return db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).run().changes;
}

export function deleteOtherSessions(db: Tx, userId: string, keepSessionId: string) {
  db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run();
}

export function deleteAllUserSessions(db: Tx, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
