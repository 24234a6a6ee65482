import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { recordAudit } from '../audit/audit.repo.js';
import { deleteAllUserSessions, deleteOtherSessions } from '../auth/auth.repo.js';
import { can, givesCaseAccess, type Actor } from '../auth/policy.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { findContactPoint, findContactPoints } from '../contact-points/contact-points.repo.js';
import { conflict, notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { newToken, sha256 } from '../shared/tokens.js';
import { defaultLocale, translator, type SupportedLocale } from '../i18n/index.js';
import type { Mail } from '../mail/mailer.js';
import type { UserInput } from './users.schema.js';
import * as repo from './users.repo.js';
import type { UserRow } from './users.table.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

export const PASSWORD_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

type Result = { ok: true; user: UserRow } | { ok: false; errors: FieldErrors };

function checkContactPoints(db: DbOrTx, ids: readonly number[]): FieldErrors | null {
  const found = findContactPoints(db, ids);
  if (found.length !== ids.length || found.some((cp) => !cp.active)) return { contactPointIds: 'validation.contactPointUnknown' };
  return null;
}

function issueToken(db: Tx, userId: string, actorId: string | null, now: number): string {
  const token = newToken();
  repo.revokePasswordTokens(db, userId, now);
  repo.insertPasswordToken(db, { tokenHash: sha256(token), userId, expiresAt: now + PASSWORD_LINK_LIFETIME_MS, createdBy: actorId, createdAt: now });
  return token;
}

/**
 * An administrator creates the account; the user sets a password through the one-time link returned. An account
 * with case access gets no link yet: it waits for a supervisor of its contact points (confirmUser), so that an
 * administrator cannot reach case content by creating a counsellor and opening the link themselves (issue 12, c).
 */
export function createUser(db: Db, input: UserInput, actorId: string, now: number) {
  return write(db, (tx): (Result & { token?: string }) => {
    if (repo.findUserByEmail(tx, input.email)) return { ok: false, errors: { email: 'validation.emailTaken' } };
    const cpErrors = checkContactPoints(tx, input.contactPointIds);
    if (cpErrors) return { ok: false, errors: cpErrors };
    const { contactPointIds, ...fields } = input;
    const awaitingConfirmation = givesCaseAccess(input.role);
    const locale = input.locale || localeOfContactPoints(tx, contactPointIds);
    const user = repo.insertUser(tx, { ...fields, locale, id: randomUUID(), createdAt: now, awaitingConfirmation });
    repo.setUserContactPoints(tx, user.id, contactPointIds);
    const token = awaitingConfirmation ? undefined : issueToken(tx, user.id, actorId, now);
    recordAudit(tx, { userId: actorId, action: 'create', targetType: 'user', targetId: user.id, fields: Object.keys(input) }, now);
    return { ok: true, user, token };
  });
}

/** A new account's language when the administrator leaves it to the contact point: that of its first one. */
function localeOfContactPoints(tx: Tx, contactPointIds: readonly number[]): string {
  const first = contactPointIds[0] === undefined ? undefined : findContactPoint(tx, contactPointIds[0]);
  return first?.defaultLocale ?? defaultLocale;
}

/** A user's own choice of language (My account). Not audited: it changes what the user reads, nothing they may do. */
export function setOwnLocale(db: Db, userId: string, locale: SupportedLocale) {
  return write(db, (tx) => {
    const before = repo.findUser(tx, userId);
    if (!before) throw notFound();
    if (before.locale !== locale) repo.updateUser(tx, userId, { locale });
  });
}

export type UserEditResult = Result | Stale<UserRow>;

/** Saves an account from the administrator's form loaded at `version`; if it changed since, nothing is written (src/shared/versions.ts). */
export function updateUser(db: Db, id: string, input: UserInput, version: number | null, actorId: string, now: number): Promise<UserEditResult> {
  return write(db, (tx): UserEditResult => {
    const before = repo.findUser(tx, id);
    if (!before) throw notFound();
    if (!isCurrent(version, before)) return staleResult(tx, { type: 'user', id }, before, version);
    const clash = repo.findUserByEmail(tx, input.email);
    if (clash && clash.id !== id) return { ok: false, errors: { email: 'validation.emailTaken' } };
    if (id === actorId && (!input.active || input.role !== before.role))
      return { ok: false, errors: { role: 'validation.cannotDemoteSelf' } };
    const cpErrors = checkContactPoints(tx, input.contactPointIds);
    if (cpErrors) return { ok: false, errors: cpErrors };
    const beforeCps = repo.contactPointsOfUser(tx, id).map((c) => c.id).sort();
    const { contactPointIds, ...given } = input;
    const rest = { ...given, locale: given.locale || localeOfContactPoints(tx, contactPointIds) };
    // Case access the account did not have (a case-work role, or another contact point) waits for a supervisor
    // again, and links handed out before stop working: the administrator's edit alone opens no case.
    const gainsCaseAccess =
      givesCaseAccess(input.role) && (!givesCaseAccess(before.role) || contactPointIds.some((cp) => !beforeCps.includes(cp)));
    const awaitingConfirmation = givesCaseAccess(input.role) && (gainsCaseAccess || before.awaitingConfirmation);
    if (gainsCaseAccess) repo.revokePasswordTokens(tx, id, now);
    // An account without case access may have been given its password through a link its administrator saw: once it
    // gains case access that password is dropped, and the account's own person sets a new one through a link the
    // supervisor issues (or the e-mail sends) after the confirmation — else the administrator could sign in to cases.
    const dropPassword = givesCaseAccess(input.role) && !givesCaseAccess(before.role) && before.passwordHash !== null;
    const fields = { ...rest, awaitingConfirmation, ...(dropPassword ? { passwordHash: null } : {}) };
    const user = savedRow(repo.updateUser(tx, id, fields, before.version));
    repo.setUserContactPoints(tx, id, contactPointIds);
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(fields[k]));
    if (JSON.stringify(beforeCps) !== JSON.stringify([...contactPointIds].sort())) changed.push('contactPointIds' as never);
    // A disabled user, or one whose role or contact points changed, loses every session at once.
    if (!user.active || changed.some((f) => f === 'active' || f === 'role' || (f as string) === 'contactPointIds')) deleteAllUserSessions(tx, id);
    if (changed.length) recordAudit(tx, { userId: actorId, action: 'update', targetType: 'user', targetId: id, fields: changed, version: user.version }, now);
    return { ok: true, user };
  });
}

/**
 * A new one-time link from the administrator; none for an account still waiting for its confirmation. For an account
 * with case access only when the caller mails it to the account's own address (`mailed`): an administrator is never
 * shown one, or they could set the password and sign in as a counsellor (issue 12, c). A supervisor of its contact
 * points issues it then (issueLinkAsSupervisor).
 */
export function issuePasswordLink(db: Db, userId: string, actorId: string, opts: { mailed: boolean }, now: number): Promise<string> {
  return write(db, (tx) => {
    const user = repo.findUser(tx, userId);
    if (!user || user.awaitingConfirmation) throw notFound();
    if (givesCaseAccess(user.role) && !opts.mailed) throw conflict('admin.users.linkBySupervisorRefused');
    const token = issueToken(tx, userId, actorId, now);
    recordAudit(tx, { userId: actorId, action: 'update', targetType: 'user', targetId: userId, fields: ['passwordLink'] }, now);
    return token;
  });
}

/** The confirmed accounts with case access whose sign-in link this supervisor may issue: every contact point theirs, never their own. */
export function accountsForLinks(db: DbOrTx, actor: Actor) {
  return repo
    .listConfirmedAccounts(db, actor.contactPointIds)
    .filter((u) => givesCaseAccess(u.role) && can(actor, 'user.issueLink', { id: u.id, contactPointIds: u.contactPointIds }));
}

/** A supervisor issues the one-time link of a confirmed account with case access at their contact points (audited). */
export function issueLinkAsSupervisor(db: Db, actor: Actor, userId: string, clientAddress: string, now: number) {
  return write(db, (tx) => {
    const user = repo.findUser(tx, userId);
    const contactPointIds = user ? repo.contactPointsOfUser(tx, user.id).map((c) => c.id) : [];
    if (!user || !user.active || user.awaitingConfirmation || !givesCaseAccess(user.role) || !can(actor, 'user.issueLink', { id: user.id, contactPointIds }))
      throw notFound();
    const token = issueToken(tx, user.id, actor.id, now);
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'user', targetId: user.id, fields: ['passwordLink'], clientAddress }, now);
    return { user, token };
  });
}

/** The accounts waiting for this supervisor: those whose every contact point they lead, never their own. */
export function accountsToConfirm(db: DbOrTx, actor: Actor) {
  return repo
    .listAwaitingConfirmation(db, actor.contactPointIds)
    .filter((u) => can(actor, 'user.confirm', { id: u.id, contactPointIds: u.contactPointIds }));
}

/**
 * A supervisor confirms an account an administrator gave case access. When e-mail is on and the account has no
 * password yet, a one-time link is issued for the caller to send to the account's own address (never shown).
 */
export function confirmUser(db: Db, actor: Actor, userId: string, opts: { issueLink: boolean; clientAddress: string }, now: number) {
  return write(db, (tx) => {
    const user = repo.findUser(tx, userId);
    const contactPointIds = user ? repo.contactPointsOfUser(tx, user.id).map((c) => c.id) : [];
    if (!user || !user.active || !user.awaitingConfirmation || !can(actor, 'user.confirm', { id: user.id, contactPointIds })) throw notFound();
    const saved = savedRow(repo.updateUser(tx, user.id, { awaitingConfirmation: false }));
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'user', targetId: user.id, fields: ['confirmed'], version: saved.version, clientAddress: opts.clientAddress }, now);
    const token = opts.issueLink && !user.passwordHash ? issueToken(tx, user.id, actor.id, now) : undefined;
    return { user: saved, token };
  });
}

export function findUserForToken(db: Db, token: string, now: number) {
  const row = repo.findUsablePasswordToken(db, sha256(token), now);
  if (!row) return null;
  const user = repo.findUser(db, row.userId);
  return user?.active && !user.awaitingConfirmation ? user : null;
}

/** Uses the one-time link: sets the password and ends every session the account had. */
export async function setPasswordWithToken(db: Db, token: string, password: string, now: number): Promise<UserRow | null> {
  const passwordHash = await hashPassword(password);
  return write(db, (tx) => {
    const row = repo.findUsablePasswordToken(tx, sha256(token), now);
    const user = row && repo.findUser(tx, row.userId);
    if (!row || !user?.active || user.awaitingConfirmation) return null;
    if (repo.markPasswordTokenUsed(tx, row.tokenHash, now) !== 1) return null;
    const saved = savedRow(repo.updateUser(tx, user.id, { passwordHash, passwordChangedAt: now }));
    deleteAllUserSessions(tx, user.id);
    recordAudit(tx, { userId: user.id, action: 'update', targetType: 'user', targetId: user.id, fields: ['password'], version: saved.version }, now);
    return user;
  });
}

/** Changing the password ends every other session of the account (the current one is kept). */
export async function changePassword(db: Db, userId: string, currentSessionId: string, current: string, password: string, now: number) {
  const user = repo.findUser(db, userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) return { ok: false as const, errors: { current: 'validation.currentPasswordWrong' } };
  const passwordHash = await hashPassword(password);
  await write(db, (tx) => {
    const saved = savedRow(repo.updateUser(tx, userId, { passwordHash, passwordChangedAt: now }));
    deleteOtherSessions(tx, userId, currentSessionId);
    repo.revokePasswordTokens(tx, userId, now);
    recordAudit(tx, { userId, action: 'update', targetType: 'user', targetId: userId, fields: ['password'], version: saved.version }, now);
  });
  return { ok: true as const };
}

/** For the command line: the first administrator, with a password typed by the operator. */
export async function createUserWithPassword(db: Db, input: UserInput, password: string, now: number) {
  const passwordHash = await hashPassword(password);
  return write(db, (tx) => {
    if (repo.findUserByEmail(tx, input.email)) return { ok: false as const, errors: { email: 'validation.emailTaken' } };
    const { contactPointIds, ...fields } = input;
    const user = repo.insertUser(tx, { ...fields, id: randomUUID(), createdAt: now, passwordHash, passwordChangedAt: now });
    repo.setUserContactPoints(tx, user.id, contactPointIds);
    recordAudit(tx, { userId: null, action: 'create', targetType: 'user', targetId: user.id, fields: Object.keys(input) }, now);
    return { ok: true as const, user };
  });
}

/** The one-time link, to the account's own address: the only way it travels for a case-access account when e-mail is on. */
export function passwordLinkMail(user: Pick<UserRow, 'email' | 'locale' | 'displayName'>, link: string): Mail {
  const { t } = translator(user.locale);
  return { to: user.email, subject: t('admin.users.mailSubject'), text: t('admin.users.mailText', { name: user.displayName, link }) };
}
