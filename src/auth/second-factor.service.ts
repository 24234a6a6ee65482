import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { recordAudit } from '../audit/audit.repo.js';
import type { SecondFactorPolicy } from '../config.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import type { Role } from '../users/users.table.js';
import { deleteAllUserSessions, deleteSession } from './auth.repo.js';
import { startSession } from './auth.service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { formatRecoveryCode, groupSecret, newRecoveryCode, open, readSecondFactorInput, seal } from './second-factor.crypto.js';
import * as repo from './second-factor.repo.js';
import type { SecondFactorStep } from './second-factor.table.js';

/** The password alone opens a half-signed session for this long; then the sign-in starts again. */
export const HALF_SIGNED_MS = 5 * 60 * 1000;
/** This many wrong codes lock the account's second step for CODE_LOCK_MS from the last of them. */
export const CODE_MAX_FAILURES = 5;
export const CODE_LOCK_MS = 15 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'UnionDesk';
const PERIOD_S = 30;
/** ±1 time step: the phone's clock may be up to 30 seconds off, and the user takes time to type. */
const WINDOW = 1;

export type SecondFactorStatus = { enabledAt: number; recoveryCodesLeft: number };
export type Outcome = 'ok' | 'wrong' | 'reused' | 'throttled';

/** Who must have a second factor under SECOND_FACTOR. Anyone may set one up; whoever has one is always asked for it. */
export function mustHaveSecondFactor(policy: SecondFactorPolicy, role: Role): boolean {
  if (policy === 'everyone') return true;
  if (policy === 'admins-supervisors') return role === 'admin' || role === 'supervisor';
  return false;
}

const totpOf = (secret: string, label = 'UnionDesk') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secret) });

/**
 * The time step at which `token` is the code of `secret`, within ±WINDOW steps of `now`; null if it is none of them.
 * `now` is the app's clock: otpauth would read the machine's if no timestamp were given.
 */
export function acceptedStep(secret: string, token: string, now: number): number | null {
  const delta = totpOf(secret).validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD_S, timestamp: now }) + delta;
}

// What a sealed value is for, so that it opens nowhere else: the stored secret of one user; an enrolment offer to one session.
const storedContext = (userId: string) => `second-factor:${userId}`;
const offerContext = (userId: string, sessionId: string) => `enrolment:${userId}:${sessionId}`;

export function secondFactorStatus(db: DbOrTx, userId: string): SecondFactorStatus | null {
  const factor = repo.findSecondFactor(db, userId);
  return factor ? { enabledAt: factor.enabledAt, recoveryCodesLeft: repo.countUnusedRecoveryCodes(db, userId) } : null;
}

function codeThrottled(db: DbOrTx, userId: string, now: number): boolean {
  const t = repo.getCodeThrottle(db, userId);
  return !!t && t.failures >= CODE_MAX_FAILURES && now - t.windowStart < CODE_LOCK_MS;
}

function noteCodeFailure(tx: Tx, userId: string, now: number) {
  const t = repo.getCodeThrottle(tx, userId);
  if (!t || now - t.windowStart >= CODE_LOCK_MS) return repo.saveCodeThrottle(tx, userId, 1, now);
  const failures = t.failures + 1;
  // The lock lasts 15 minutes from the failure that reached the limit, however the earlier ones were spread.
  repo.saveCodeThrottle(tx, userId, failures, failures >= CODE_MAX_FAILURES ? now : t.windowStart);
}

async function newRecoveryCodes() {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  // argon2id, as passwords (~0.5 s for ten on the 2-core machine): 50 random bits each cannot be guessed offline
  // from a stolen database, and the codes keep working even if TOTP_KEY is lost.
  return { shown: codes.map(formatRecoveryCode), hashes: await Promise.all(codes.map((c) => hashPassword(c))) };
}

/** The id of the unused recovery code that `code` is, or null. */
async function matchRecoveryCode(db: Db, userId: string, code: string): Promise<number | null> {
  const unused = repo.unusedRecoveryCodes(db, userId);
  const matches = await Promise.all(unused.map((r) => verifyPassword(r.codeHash, code)));
  return unused[matches.indexOf(true)]?.id ?? null;
}

export type Offer = { ticket: string; secret: string; qr: string };

export function createSecondFactorService(db: Db, opts: { key: Buffer; policy: SecondFactorPolicy }) {
  const { key, policy } = opts;

  /** Checks a 6-digit code against the user's stored secret (reading only); `unreadable` when TOTP_KEY cannot open it. */
  function checkTotp(db: DbOrTx, userId: string, token: string, now: number): { outcome: 'ok' | 'wrong' | 'reused'; step: number | null; unreadable?: true } {
    const factor = repo.findSecondFactor(db, userId);
    if (!factor) return { outcome: 'wrong', step: null };
    const secret = open(key, factor.secret, storedContext(userId));
    if (secret === null) return { outcome: 'wrong', step: null, unreadable: true };
    const step = acceptedStep(secret, token, now);
    if (step === null) return { outcome: 'wrong', step };
    return { outcome: step > factor.lastStep ? 'ok' : 'reused', step };
  }

  return {
    policy,
    required: (role: Role) => mustHaveSecondFactor(policy, role),

    /** After the right password, in the sign-in's write unit: what the new session must still do, if anything. */
    stepAtSignIn(tx: Tx, user: { id: string; role: Role }, sessionId: string, now: number): SecondFactorStep | null {
      const step = repo.findSecondFactor(tx, user.id) ? 'code' : mustHaveSecondFactor(policy, user.role) ? 'enrol' : null;
      if (step) repo.insertPending(tx, sessionId, step, now);
      return step;
    },

    /**
     * On each request: the step a session still owes, 'expired' when it owed the code for longer than HALF_SIGNED_MS.
     * A session without a pending step whose user must have a factor and has none (the policy changed since it began)
     * owes the enrolment too.
     */
    stepOf(sessionId: string, user: { id: string; role: Role }, now: number): SecondFactorStep | 'expired' | null {
      const pending = repo.findPending(db, sessionId);
      if (pending) return pending.step === 'code' && now - pending.createdAt >= HALF_SIGNED_MS ? 'expired' : pending.step;
      return mustHaveSecondFactor(policy, user.role) && !repo.findSecondFactor(db, user.id) ? 'enrol' : null;
    },

    /**
     * A secret to set up, as a QR code and in groups of four, and the ticket that carries it (sealed, bound to this
     * session) to the confirming form: nothing is stored before the user proves, with a code, that their app has it.
     * Given the ticket of a form being shown again, the same secret.
     */
    async offer(user: { id: string; email: string }, sessionId: string, ticket?: string): Promise<Offer> {
      const reopened = ticket ? open(key, ticket, offerContext(user.id, sessionId)) : null;
      const secret = reopened ?? new Secret({ size: 20 }).base32;
      const svg = await QRCode.toString(totpOf(secret, user.email).toString(), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return {
        ticket: reopened && ticket ? ticket : seal(key, secret, offerContext(user.id, sessionId)),
        secret: groupSecret(secret),
        qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      };
    },

    /**
     * Switches the factor on once `code` matches the offered secret, with ten new recovery codes (returned once, for
     * the page). The session is rotated and the account's other sessions, begun without the factor, end.
     */
    async enrol(input: { user: { id: string }; sessionId: string; ticket: string; code: string; userAgent: string; clientAddress: string; now: number }) {
      const { user, sessionId, now } = input;
      const secret = open(key, input.ticket, offerContext(user.id, sessionId));
      if (secret === null) return { kind: 'offerInvalid' as const };
      const typed = readSecondFactorInput(input.code);
      const step = typed?.kind === 'totp' ? acceptedStep(secret, typed.value, now) : null;
      if (step === null) return { kind: 'wrong' as const };
      const codes = await newRecoveryCodes();
      return write(db, (tx) => {
        if (repo.findSecondFactor(tx, user.id)) return { kind: 'already' as const };
        repo.insertSecondFactor(tx, { userId: user.id, secret: seal(key, secret, storedContext(user.id)), lastStep: step, enabledAt: now });
        repo.replaceRecoveryCodes(tx, user.id, codes.hashes);
        repo.clearCodeThrottle(tx, user.id);
        const signingIn = repo.findPending(tx, sessionId);
        deleteAllUserSessions(tx, user.id);
        const newSessionId = startSession(tx, user.id, input.userAgent, now).cookieValue;
        recordAudit(tx, { userId: user.id, action: 'update', targetType: 'user', targetId: user.id, fields: ['secondFactor'], clientAddress: input.clientAddress }, now);
        // A sign-in that was held for the enrolment is complete only now.
        if (signingIn) recordAudit(tx, { userId: user.id, action: 'login', targetType: 'user', targetId: user.id, clientAddress: input.clientAddress }, now);
        return { kind: 'ok' as const, sessionId: newSessionId, recoveryCodes: codes.shown };
      });
    },

    /**
     * The second step of a sign-in: a current code (not one used before) or an unused recovery code. Right, the
     * half-signed session is replaced by a signed-in one and `login` is audited; wrong, the account's count of wrong
     * codes grows and `login_failed` is audited with the field `second_factor`.
     */
    async completeSignIn(input: { userId: string; sessionId: string; code: string; userAgent: string; clientAddress: string; now: number }) {
      const { userId, now, clientAddress } = input;
      if (codeThrottled(db, userId, now)) return { kind: 'throttled' as const };
      const typed = readSecondFactorInput(input.code);
      // argon2 is asynchronous, so the recovery code is matched before the write unit, which then uses it only if still unused.
      const recoveryId = typed?.kind === 'recovery' ? await matchRecoveryCode(db, userId, typed.value) : null;
      return write(
        db,
        (tx) => {
          if (codeThrottled(tx, userId, now)) return { kind: 'throttled' as const };
          let outcome: 'ok' | 'wrong' | 'reused' = 'wrong';
          let unreadable = false;
          if (typed?.kind === 'totp') {
            const checked = checkTotp(tx, userId, typed.value, now);
            outcome = checked.outcome;
            unreadable = !!checked.unreadable;
            if (outcome === 'ok') repo.setLastStep(tx, userId, checked.step!);
          } else if (recoveryId !== null && repo.findSecondFactor(tx, userId) && repo.useRecoveryCode(tx, userId, recoveryId, now) === 1) outcome = 'ok';
          if (outcome !== 'ok') {
            noteCodeFailure(tx, userId, now);
            recordAudit(tx, { userId, action: 'login_failed', targetType: 'user', targetId: userId, fields: ['second_factor'], clientAddress }, now);
            return { kind: outcome, unreadable };
          }
          repo.clearCodeThrottle(tx, userId);
          deleteSession(tx, input.sessionId);
          const sessionId = startSession(tx, userId, input.userAgent, now).cookieValue;
          recordAudit(tx, { userId, action: 'login', targetType: 'user', targetId: userId, fields: recoveryId !== null ? ['recovery_code'] : null, clientAddress }, now);
          return { kind: 'ok' as const, sessionId, usedRecoveryCode: recoveryId !== null };
        },
        { kind: 'signIn' },
      );
    },

    /** Ten new recovery codes in place of the old ones, for a signed-in user who proves it with a current code. */
    async renewRecoveryCodes(input: { userId: string; code: string; clientAddress: string; now: number }) {
      const { userId, now } = input;
      if (codeThrottled(db, userId, now)) return { kind: 'throttled' as const };
      const typed = readSecondFactorInput(input.code);
      const first = typed?.kind === 'totp' ? checkTotp(db, userId, typed.value, now) : { outcome: 'wrong' as const, step: null };
      // Hashing ten codes takes a while: only for a code that is right as far as a read can tell.
      const codes = first.outcome === 'ok' ? await newRecoveryCodes() : null;
      return write(db, (tx) => {
        if (codeThrottled(tx, userId, now)) return { kind: 'throttled' as const };
        const checked = codes && typed ? checkTotp(tx, userId, typed.value, now) : first;
        if (checked.outcome !== 'ok' || !codes) {
          noteCodeFailure(tx, userId, now);
          return { kind: checked.outcome === 'ok' ? ('wrong' as const) : checked.outcome };
        }
        repo.setLastStep(tx, userId, checked.step!);
        repo.clearCodeThrottle(tx, userId);
        repo.replaceRecoveryCodes(tx, userId, codes.hashes);
        recordAudit(tx, { userId, action: 'update', targetType: 'user', targetId: userId, fields: ['recoveryCodes'], clientAddress: input.clientAddress }, now);
        return { kind: 'ok' as const, recoveryCodes: codes.shown };
      });
    },
  };
}

export type SecondFactorService = ReturnType<typeof createSecondFactorService>;

/**
 * An administrator removes a user's second factor (a lost phone and lost codes): its recovery codes go with it, every
 * session of the user ends, and the user sets up a new one at their next sign-in if the policy requires one.
 * False when the user had none.
 */
export function resetSecondFactor(db: Db, userId: string, actorId: string, clientAddress: string, now: number): Promise<boolean> {
  return write(db, (tx) => {
    if (repo.deleteSecondFactor(tx, userId) === 0) return false;
    deleteAllUserSessions(tx, userId);
    recordAudit(tx, { userId: actorId, action: 'update', targetType: 'user', targetId: userId, fields: ['secondFactor'], clientAddress }, now);
    return true;
  });
}
