import { and, desc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { loginThrottle, sessions } from './auth.table.js';

export function getThrottle(db: DbOrTx, email: string) {
  return db.select().from(loginThrottle).where(eq(loginThrottle.email, email)).get();
}

export function saveThrottle(db: DbOrTx, email: string, failures: number, windowStart: number) {
  db.insert(loginThrottle)
    .values({ email, failures, windowStart })
    .onConflictDoUpdate({ target: loginThrottle.email, set: { failures, windowStart } })
    .run();
}

export function clearThrottle(db: DbOrTx, email: string) {
  db.delete(loginThrottle).where(eq(loginThrottle.email, email)).run();
}

export function insertSession(db: DbOrTx, session: typeof sessions.$inferInsert) {
  db.insert(sessions).values(session).run();
}

export function findSession(db: DbOrTx, id: string) {
  return db.select().from(sessions).where(eq(sessions.id, id)).get();
}

export function touchSession(db: DbOrTx, id: string, lastSeenAt: number, expiresAtSeconds: number) {
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

export function deleteUserSession(db: DbOrTx, userId: string, sessionId: string) {
  return db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).run().changes;
}

export function deleteOtherSessions(db: DbOrTx, userId: string, keepSessionId: string) {
  db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run();
}

export function deleteAllUserSessions(db: DbOrTx, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
