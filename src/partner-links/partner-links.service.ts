import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import type { Actor } from '../auth/policy.js';
import { findCase } from '../cases/cases.repo.js';
import { appendEvent } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { findEvidenceOfCase, listEvidenceOfCase } from '../evidence/evidence.repo.js';
import { evidenceOfCase, storedBytes } from '../evidence/evidence.service.js';
import type { EvidenceSettings } from '../evidence/evidence.service.js';
import { findPartner } from '../partners/partners.repo.js';
import { findReferral } from '../referrals/referrals.repo.js';
import { referralFor, sharingConsent } from '../referrals/referrals.service.js';
import type { Referral } from '../referrals/referrals.table.js';
import { conflict, notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { newToken, sha256 } from '../shared/tokens.js';
import * as repo from './partner-links.repo.js';
import { DEFAULT_LINK_DAYS, MAX_LINK_DAYS, TOKEN, type ShareFilesInput } from './partner-links.schema.js';
import type { PartnerLink } from './partner-links.table.js';

const DAY_MS = 86_400_000;

/** A referral shares files only while the partner is working on it: sent, or accepted. */
const SHARING_STATES: readonly Referral['status'][] = ['sent', 'accepted'];

export type LinkState = 'active' | 'expired' | 'revoked' | 'ended';

/**
 * Why a link no longer works, or 'active'. Every condition is checked at each use, so a link dies the moment its
 * referral ends, the person withdraws consent to share with partners, the case is transferred away or anonymised.
 */
function stateOf(db: DbOrTx, link: PartnerLink, now: number): { state: LinkState; referral?: Referral; kase?: Case } {
  if (link.revokedAt !== null) return { state: 'revoked' };
  if (now >= link.expiresAt) return { state: 'expired' };
  const referral = findReferral(db, link.referralId);
  const kase = findCase(db, link.caseId);
  if (!referral || !SHARING_STATES.includes(referral.status)) return { state: 'ended' };
  if (!kase || kase.anonymisedAt !== null || kase.contactPointId !== link.contactPointId) return { state: 'ended' };
  if (!sharingConsent(db, kase).ok) return { state: 'ended' };
  return { state: 'active', referral, kase };
}

// ---- on the referral page

/** The sharing card of a referral page: the case's files to choose from, and the links made so far. */
export function sharingCardData(db: DbOrTx, actor: Actor, referral: Referral, kase: Case, now: number) {
  const links = repo.linksOfReferral(db, referral.id);
  const downloads = repo.downloadCounts(db, links.map((l) => l.id));
  // Only files the actor may see are offered (a restricted note's attachment only to who may read the note).
  const files = evidenceOfCase(db, actor, kase);
  const names = new Map(listEvidenceOfCase(db, kase.id).map((f) => [f.id, f.name]));
  return {
    files: files.map((f) => ({ id: f.id, name: f.name, mimeType: f.mimeType, byteSize: f.byteSize, category: f.category, addedAt: f.addedAt })),
    mayShare: SHARING_STATES.includes(referral.status) && sharingConsent(db, kase).ok && kase.anonymisedAt === null,
    defaultDays: DEFAULT_LINK_DAYS,
    maxDays: MAX_LINK_DAYS,
    links: links.map((l) => ({
      id: l.id,
      createdAt: l.createdAt,
      createdByName: l.createdByName,
      expiresAt: l.expiresAt,
      revokedAt: l.revokedAt,
      state: stateOf(db, l, now).state,
      downloads: downloads.get(l.id) ?? 0,
      fileNames: l.evidenceIds.map((id) => names.get(id)).filter((n): n is string => !!n),
    })),
  };
}

export type CreateLinkResult = { ok: true; link: PartnerLink; token: string; fileNames: string[] } | { ok: false; errors: FieldErrors };

/**
 * Makes a link for the partner of a sent or accepted referral to the files chosen. The token is returned once, to be
 * shown once; only its hash is kept. A file that is not one the case holds refuses the whole request, nothing saved.
 */
export function createPartnerLink(db: Db, actor: Actor, referralId: number, input: ShareFilesInput, clientAddress: string | null, now: number): Promise<CreateLinkResult> {
  return write(db, (tx): CreateLinkResult => {
    const { referral, kase } = referralFor(tx, actor, referralId);
    if (!SHARING_STATES.includes(referral.status)) throw conflict('evidence.share.errors.notSent');
    if (!sharingConsent(tx, kase).ok) return { ok: false, errors: { _form: 'evidence.share.validation.noConsent' } };
    const ids = [...new Set(input.evidenceIds)];
    const visible = new Map(evidenceOfCase(tx, actor, kase).map((f) => [f.id, f]));
    const files = ids.map((id) => visible.get(id));
    if (files.some((f) => !f)) return { ok: false, errors: { evidenceIds: 'evidence.share.validation.file' } };
    const token = newToken();
    const link = repo.insertLink(tx, {
      referralId: referral.id,
      caseId: kase.id,
      contactPointId: kase.contactPointId,
      tokenHash: sha256(token),
      evidenceIds: ids,
      createdAt: now,
      createdBy: actor.id,
      expiresAt: now + input.expiresInDays * DAY_MS,
    });
    const partner = findPartner(tx, referral.partnerId);
    const fileNames = files.map((f) => f!.name);
    // The file names go in the entry's text, which anonymisation clears (the structured data keeps only ids and counts).
    appendEvent(
      tx,
      { caseId: kase.id, userId: actor.id, kind: 'evidence_shared', body: fileNames.join('\n'), data: { referralId: referral.id, partnerId: referral.partnerId, partner: partner?.name ?? '', linkId: link.id, count: ids.length, expiresAt: link.expiresAt } },
      now,
    );
    recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'partner_link', targetId: link.id, contactPointId: kase.contactPointId, fields: ['evidenceIds', 'expiresAt'], clientAddress }, now);
    return { ok: true, link, token, fileNames };
  });
}

/** The counsellor or supervisor ends a link before it expires; the partner's next visit gets the same 404 as any dead link. */
export function revokePartnerLink(db: Db, actor: Actor, referralId: number, linkId: number, clientAddress: string | null, now: number): Promise<PartnerLink> {
  return write(db, (tx) => {
    const { referral, kase } = referralFor(tx, actor, referralId);
    const link = repo.findLink(tx, linkId);
    if (!link || link.referralId !== referral.id) throw notFound();
    if (!repo.revokeLink(tx, link.id, actor.id, now)) throw conflict('evidence.share.errors.alreadyRevoked');
    const partner = findPartner(tx, referral.partnerId);
    appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'evidence_unshared', data: { referralId: referral.id, partnerId: referral.partnerId, partner: partner?.name ?? '', linkId: link.id } }, now);
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'partner_link', targetId: link.id, contactPointId: kase.contactPointId, fields: ['revokedAt'], clientAddress }, now);
    return link;
  });
}

// ---- the partner's side: no user, the link is the actor

/** An active link by its token, or 404 — the same answer for a token never made, expired, revoked or ended. */
function activeLink(db: DbOrTx, token: string, now: number) {
  if (!TOKEN.test(token)) throw notFound();
  const link = repo.findLinkByHash(db, sha256(token));
  if (!link) throw notFound();
  const { state, referral, kase } = stateOf(db, link, now);
  if (state !== 'active' || !referral || !kase) throw notFound();
  return { link, referral, kase };
}

/** What the partner's page shows: the case reference, the partner's name, the expiry and the files still shared. Audited. */
export function sharedPage(db: Db, token: string, clientAddress: string | null, now: number) {
  const { link, kase, referral } = activeLink(db, token, now);
  const files = listEvidenceOfCase(db, kase.id).filter((f) => link.evidenceIds.includes(f.id));
  auditSoon(db, { userId: null, action: 'view', targetType: 'partner_link', targetId: link.id, contactPointId: link.contactPointId, clientAddress }, now);
  return {
    reference: kase.reference,
    partnerName: findPartner(db, referral.partnerId)?.name ?? '',
    expiresAt: link.expiresAt,
    files: files.map((f) => ({ id: f.id, name: f.name, mimeType: f.mimeType, byteSize: f.byteSize })),
  };
}

/** One shared file's bytes, for download through the link: only a file the link names and the case still holds. Audited. */
export async function sharedFile(db: Db, settings: EvidenceSettings, token: string, fileId: number, clientAddress: string | null, now: number) {
  const { link, kase } = activeLink(db, token, now);
  if (!link.evidenceIds.includes(fileId)) throw notFound();
  const row = findEvidenceOfCase(db, kase.id, fileId);
  if (!row) throw notFound();
  const bytes = await storedBytes(settings, row);
  auditSoon(db, { userId: null, action: 'export', targetType: 'partner_link', targetId: link.id, contactPointId: link.contactPointId, fields: [`evidence:${row.id}`], clientAddress }, now);
  return { row, bytes };
}

// ---- the person's data export

/** The links made for these cases, without their tokens (which are not kept anyway). */
export function linksForExport(db: DbOrTx, caseIds: readonly number[], now: number) {
  return repo.linksOfCases(db, caseIds).map((l) => ({ id: l.id, caseId: l.caseId, referralId: l.referralId, evidenceIds: l.evidenceIds, createdAt: l.createdAt, expiresAt: l.expiresAt, revokedAt: l.revokedAt, state: stateOf(db, l, now).state }));
}

export { deleteLinksOfCase } from './partner-links.repo.js';
