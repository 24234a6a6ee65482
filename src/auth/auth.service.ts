import { generateIdFromEntropySize } from 'lucia';
import type { Db, Tx } from '../db/client.js';
import { write, writeIfFree } from '../db/write.js';
import { sha256 } from '../shared/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { contactPointsOfUser, findUser, findUserByEmail } from '../users/users.repo.js';
import type { Role } from '../users/users.table.js';
import { addressThrottled, noteAddressFailure } from './address-throttle.js';
import * as repo from './auth.repo.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, type AppLucia } from './lucia.js';
import { dummyVerify, verifyPassword } from './passwords.js';
import type { SecondFactorService } from './second-factor.service.js';

/** Per-account throttle: this many failures within the window lock the account's sign-in for the rest of it. */
export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
/** Extending a session costs a write; once a minute keeps the idle limit exact to the minute. */
const TOUCH_INTERVAL_MS = 60 * 1000;

const sessionHandle = (key: string) => sha256(key).slice(0, 20);
/**
 * The sessions table is keyed on the SHA-256 of the id the cookie carries (issue 12, security review e): a copy of the
 * database holds no session anyone could sign in with. Past the cookie, the app knows a session by this key only.
 */
export const sessionKey = (cookieValue: string) => sha256(cookieValue);

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
  contactPoints: { id: number; name: string; refPrefix: string; timezone: string; country: string }[];
};

/**
 * Writes a new session's row (keyed on the hash) and returns the cookie's secret and the row's key. The row is
 * written here, not by lucia.createSession, so that its times come from the app's clock.
 */
export function startSession(tx: Tx, userId: string, userAgent: string, now: number): { cookieValue: string; key: string } {
  const cookieValue = generateIdFromEntropySize(25);
  const key = sessionKey(cookieValue);
  repo.insertSession(tx, { id: key, userId, expiresAt: Math.floor((now + IDLE_TIMEOUT_MS) / 1000), createdAt: now, lastSeenAt: now, userAgent: userAgent.slice(0, 200) });
  return { cookieValue, key };
}

export function createAuthService(db: Db, lucia: AppLucia, opts: { refuseDemoAccounts: boolean; secondFactor?: SecondFactorService }) {
  function throttled(email: string, now: number): boolean {
    const t = repo.getThrottle(db, email);
    return !!t && t.failures >= ACCOUNT_MAX_FAILURES && now - t.windowStart < ACCOUNT_WINDOW_MS;
  }

  function noteFailure(tx: Tx, email: string, now: number) {
    const t = repo.getThrottle(tx, email);
    if (!t || now - t.windowStart >= ACCOUNT_WINDOW_MS) repo.saveThrottle(tx, email, 1, now);
    else repo.saveThrottle(tx, email, t.failures + 1, t.windowStart);
  }

  async function checkCredentials(
    email: string,
    password: string,
    clientAddress: string,
    now: number,
  ): Promise<{ kind: 'ok'; userId: string; role: Role } | { kind: 'wrong'; userId: string | null } | { kind: 'throttled'; scope: 'address' | 'account' }> {
    // Before the password is checked: a refused guess must tell nothing.
    if (addressThrottled(db, clientAddress, now)) return { kind: 'throttled', scope: 'address' };
    if (throttled(email, now)) return { kind: 'throttled', scope: 'account' };
    const user = findUserByEmail(db, email);
    const usable = user && user.active && !user.awaitingConfirmation && user.passwordHash && !(opts.refuseDemoAccounts && email.endsWith('@demo.test'));
    const ok = usable ? await verifyPassword(user.passwordHash!, password) : await dummyVerify(password);
    return ok && user ? { kind: 'ok', userId: user.id, role: user.role } : { kind: 'wrong', userId: user?.id ?? null };
  }

  return {
    /**
     * Checks the password, then writes the outcome in one unit: the throttle and a login_failed entry, or the new
     * session, the end of the one the browser had before (rotation) and the login entry. A sign-in waits for a held
     * lock rather than fail (write.ts, kind 'signIn'). When a second step is owed (second-factor.service.ts), the new
     * session is half signed in and `login` waits for that step.
     */
    async login(
      email: string,
      password: string,
      clientAddress: string,
      userAgent: string,
      now: number,
      previous: { sessionId: string; userId: string } | null = null,
    ) {
      const result = await checkCredentials(email, password, clientAddress, now);
      if (result.kind === 'throttled') return result;
      if (result.kind === 'wrong') {
        await write(
          db,
          (tx) => {
            noteFailure(tx, email, now);
            noteAddressFailure(tx, clientAddress, now);
            recordAudit(tx, { userId: result.userId, action: 'login_failed', targetType: 'user', targetId: result.userId, clientAddress }, now);
          },
          { kind: 'signIn' },
        );
        return { kind: 'wrong' as const };
      }
      const { cookieValue, secondFactor } = await write(
        db,
        (tx) => {
          repo.clearThrottle(tx, email);
          if (previous) {
            repo.deleteSession(tx, previous.sessionId);
            recordAudit(tx, { userId: previous.userId, action: 'logout', targetType: 'user', targetId: previous.userId, clientAddress }, now);
          }
          const { cookieValue, key } = startSession(tx, result.userId, userAgent, now);
          const secondFactor = opts.secondFactor?.stepAtSignIn(tx, { id: result.userId, role: result.role }, key, now) ?? null;
          if (!secondFactor) recordAudit(tx, { userId: result.userId, action: 'login', targetType: 'user', targetId: result.userId, clientAddress }, now);
          return { cookieValue, secondFactor };
        },
        { kind: 'signIn' },
      );
      return { kind: 'ok' as const, userId: result.userId, cookie: lucia.createSessionCookie(cookieValue), secondFactor };
    },

    /**
     * The session behind a cookie, with both ASVS limits applied; null when there is none or it has ended. Its
     * `sessionId` is the table's key (the hash), which is what logout, the account page and rotation pass back.
     * Checked here against the app's clock rather than by lucia.validateSession, which reads the machine's clock.
     * Runs on every request, so its writes never wait: while the database is busy an ended session's row stays
     * (it is refused all the same) and an active one is not extended this time.
     */
    validate(cookieValue: string, now: number) {
      const session = repo.findSessionWithUser(db, sessionKey(cookieValue));
      if (!session) return null;
      const ended =
        !session.active || session.expiresAt * 1000 <= now || now - session.createdAt >= ABSOLUTE_TIMEOUT_MS || now - session.lastSeenAt >= IDLE_TIMEOUT_MS;
      if (ended) {
        writeIfFree(db, (tx) => repo.deleteSession(tx, session.id));
        return null;
      }
      const row = findUser(db, session.userId)!;
      // A half-signed session (password only) owes its second step, or has ended if it took too long.
      const step = opts.secondFactor?.stepOf(session.id, row, now) ?? null;
      if (step === 'expired') {
        writeIfFree(db, (tx) => repo.deleteSession(tx, session.id));
        return null;
      }
      if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
        const expiresAt = Math.min(now + IDLE_TIMEOUT_MS, session.createdAt + ABSOLUTE_TIMEOUT_MS);
        writeIfFree(db, (tx) => repo.touchSession(tx, session.id, now, Math.floor(expiresAt / 1000)));
      }
      const current: CurrentUser = {
        id: row.id,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        locale: row.locale,
        contactPoints: contactPointsOfUser(db, row.id),
      };
      return { sessionId: session.id, user: current, secondFactorStep: step };
    },

    logout(sessionId: string, userId: string, clientAddress: string, now: number) {
      return write(db, (tx) => {
        repo.deleteSession(tx, sessionId);
        recordAudit(tx, { userId, action: 'logout', targetType: 'user', targetId: userId, clientAddress }, now);
      });
    },

    /** Sessions are shown by a handle derived from their key, which itself never goes into a page. */
    listSessions(userId: string, currentSessionId: string | null) {
      return repo.listUserSessions(db, userId).map(({ id, ...s }) => ({ ...s, handle: sessionHandle(id), current: id === currentSessionId }));
    },
    async endSession(userId: string, handle: string) {
      const target = repo.listUserSessions(db, userId).find((s) => sessionHandle(s.id) === handle);
      return !!target && (await write(db, (tx) => repo.deleteUserSession(tx, userId, target.id))) > 0;
    },
    endOtherSessions: (userId: string, keep: string) => write(db, (tx) => repo.deleteOtherSessions(tx, userId, keep)),
    blankCookie: () => lucia.createBlankSessionCookie(),
    newSessionCookie: (cookieValue: string) => lucia.createSessionCookie(cookieValue),
    cookieName: lucia.sessionCookieName,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
