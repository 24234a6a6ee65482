import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle';
import { Lucia, TimeSpan } from 'lucia';
import type { Db } from '../db/client.js';
import { users } from '../users/users.table.js';
import { sessions } from './auth.table.js';

/**
 * Lifetimes follow OWASP ASVS 4.0.3 level 2 (3.3.2), as DESIGN §3 says: 30 minutes idle, 12 hours absolute.
 * Lucia only knows a sliding window; the absolute limit and minute-by-minute idle extension are ours (sessions.ts).
 */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

export function createLucia(db: Db, secureCookies: boolean) {
  const adapter = new DrizzleSQLiteAdapter(db, sessions, users);
  const lucia = new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, 'm'),
    sessionCookie: {
      // Under https `__Host-`: Secure, Path=/ and no Domain, so no sibling domain can plant a session cookie.
      name: secureCookies ? '__Host-uniondesk_session' : 'uniondesk_session',
      // A browser-session cookie: the server decides expiry, so the cookie need not be re-sent on each extension.
      expires: false,
      attributes: { secure: secureCookies, sameSite: 'lax' },
    },
    getSessionAttributes: (a) => ({ createdAt: a.createdAt, lastSeenAt: a.lastSeenAt }),
    getUserAttributes: (a) => ({ active: a.active }),
  });
  return { lucia, adapter };
}

export type AppLucia = ReturnType<typeof createLucia>['lucia'];

declare module 'lucia' {
  interface Register {
    Lucia: AppLucia;
    // The adapter passes drizzle rows through, so these are the tables' property names.
    DatabaseSessionAttributes: { createdAt: number; lastSeenAt: number; userAgent: string };
    DatabaseUserAttributes: { active: boolean };
  }
}
