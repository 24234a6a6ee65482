import type { Db } from '../db/client.js';
import { sha256 } from '../shared/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { contactPointsOfUser, findUser, findUserByEmail } from '../users/users.repo.js';
import type { Role } from '../users/users.table.js';
import * as repo from './auth.repo.js';
import { generateIdFromEntropySize } from 'lucia';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, type AppLucia } from './lucia.js';
import { dummyVerify, verifyPassword } from './passwords.js';

/** Per-account throttle: this many failures within the window lock the account's sign-in for the rest of it. */
export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
/** Extending a session costs a write; once a minute keeps the idle limit exact to the minute. */
const TOUCH_INTERVAL_MS = 60 * 1000;

const sessionHandle = (id: string) => sha256(id).slice(0, 20);

export type LoginResult = { kind: 'ok'; userId: string } | { kind: 'wrong' } | { kind: 'throttled' };

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
  contactPoints: { id: number; name: string; refPrefix: string; timezone: string; country: string }[];
};

export function createAuthService(db: Db, lucia: AppLucia, opts: { refuseDemoAccounts: boolean }) {
  function throttled(email: string, now: number): boolean {
    const t = repo.getThrottle(db, email);
    return !!t && t.failures >= ACCOUNT_MAX_FAILURES && now - t.windowStart < ACCOUNT_WINDOW_MS;
  }

  function noteFailure(email: string, now: number) {
    const t = repo.getThrottle(db, email);
    if (!t || now - t.windowStart >= ACCOUNT_WINDOW_MS) repo.saveThrottle(db, email, 1, now);
    else repo.saveThrottle(db, email, t.failures + 1, t.windowStart);
  }

  async function checkCredentials(email: string, password: string, clientAddress: string, now: number): Promise<LoginResult> {
    if (throttled(email, now)) return { kind: 'throttled' };
    const user = findUserByEmail(db, email);
    const usable = user && user.active && user.passwordHash && !(opts.refuseDemoAccounts && email.endsWith('@demo.test'));
    const ok = usable ? await verifyPassword(user.passwordHash!, password) : await dummyVerify(password);
    if (!ok || !user) {
      noteFailure(email, now);
      recordAudit(db, { userId: user?.id ?? null, action: 'login_failed', targetType: 'user', targetId: user?.id ?? null, clientAddress }, now);
      return { kind: 'wrong' };
    }
    repo.clearThrottle(db, email);
    return { kind: 'ok', userId: user.id };
  }

  return {
    async login(email: string, password: string, clientAddress: string, userAgent: string, now: number) {
      const result = await checkCredentials(email, password, clientAddress, now);
      if (result.kind !== 'ok') return result;
      // The session row is written here, not by lucia.createSession, so that its times come from the app's clock.
      const sessionId = generateIdFromEntropySize(25);
      repo.insertSession(db, {
        id: sessionId,
        userId: result.userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: Math.floor((now + IDLE_TIMEOUT_MS) / 1000),
        userAgent: userAgent.slice(0, 200),
      });
      recordAudit(db, { userId: result.userId, action: 'login', targetType: 'user', targetId: result.userId, clientAddress }, now);
      return { kind: 'ok' as const, userId: result.userId, cookie: lucia.createSessionCookie(sessionId) };
    },

    /**
     * The session behind a cookie, with both ASVS limits applied; null when there is none or it has ended.
     * Checked here against the app's clock rather than by lucia.validateSession, which reads the machine's clock.
     */
    async validate(sessionId: string, now: number) {
      const session = repo.findSession(db, sessionId);
      if (!session) return null;
      const row = findUser(db, session.userId);
      if (!row || !row.active || now - session.createdAt >= ABSOLUTE_TIMEOUT_MS || now - session.lastSeenAt >= IDLE_TIMEOUT_MS) {
        await lucia.invalidateSession(session.id);
        return null;
      }
      if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
        const expiresAt = Math.min(now + IDLE_TIMEOUT_MS, session.createdAt + ABSOLUTE_TIMEOUT_MS);
        repo.touchSession(db, session.id, now, Math.floor(expiresAt / 1000));
      }
      const current: CurrentUser = {
        id: row.id,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        locale: row.locale,
        contactPoints: contactPointsOfUser(db, row.id),
      };
      return { sessionId: session.id, user: current };
    },

    async logout(sessionId: string, userId: string, clientAddress: string, now: number) {
      await lucia.invalidateSession(sessionId);
      recordAudit(db, { userId, action: 'logout', targetType: 'user', targetId: userId, clientAddress }, now);
    },

    /** Sessions are shown by a handle derived from the id: the id itself is the cookie secret and never goes into a page. */
    listSessions(userId: string, currentSessionId: string | null) {
      return repo.listUserSessions(db, userId).map(({ id, ...s }) => ({ ...s, handle: sessionHandle(id), current: id === currentSessionId }));
    },
    endSession(userId: string, handle: string) {
      const target = repo.listUserSessions(db, userId).find((s) => sessionHandle(s.id) === handle);
      return !!target && repo.deleteUserSession(db, userId, target.id) > 0;
    },
    endOtherSessions: (userId: string, keep: string) => repo.deleteOtherSessions(db, userId, keep),
    blankCookie: () => lucia.createBlankSessionCookie(),
    newSessionCookie: (sessionId: string) => lucia.createSessionCookie(sessionId),
    cookieName: lucia.sessionCookieName,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
