import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { caseTypesOf, partiesOfCase } from '../cases/cases.repo.js';
import { appendEvent, caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import { todayIn } from '../deadlines/compute.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { ContactPoint } from '../contact-points/contact-points.table.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { documentForDownload, storeLetter } from '../documents/documents.service.js';
import { translator } from '../i18n/index.js';
import { composeLetter, MissingLetterFactsError } from '../letters/letter-content.js';
import { isValidLocale } from '../letters/letter-format.js';
import type { ContactPointSnapshot, LetterSnapshot, ReferralField } from '../letters/letter-snapshot.js';
import { letterLocale } from '../letters/letter-from-case.js';
import { paperSizeFor } from '../letters/jurisdictions.js';
import { referralLanguage } from '../letters/letter-language.js';
import { renderLetterPdf } from '../letters/pdf.js';
import { letterTranslation } from '../letters/translation-reviews.service.js';
import { findPartner, partnersForReferral } from '../partners/partners.repo.js';
import type { Partner } from '../partners/partners.table.js';
import { currentConsent, findPerson } from '../people/people.repo.js';
import type { Consent } from '../people/people.table.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { findUser } from '../users/users.repo.js';
import { awaitingStatuses, isOverdue, listOrder, moveRules, movesFrom, transition, type ReferralStatus } from './referral-states.js';
import { fieldAvailability, firewallFieldsFor, phoneIsUnsafe, referralSnapshot, sharedDetails, SENSITIVE_FIELDS, unshareable, type ShareFacts } from './referral-share.js';
import * as repo from './referrals.repo.js';
import type { MoveInput, ReferralInput } from './referrals.schema.js';
import type { Referral } from './referrals.table.js';
import { transfersToDecide } from '../transfers/transfers.service.js';
import { isCurrent, savedRow, staleResult, type Stale } from '../shared/versions.js';

const tr = translator('en');

// ---- reading the case into what a referral may share

const lines = (text: string | null | undefined) =>
  (text ?? '')
    .split(/\n|,/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The case's facts in words, as a partner would read them (the letter is in English, like the app). */
export function shareFactsOf(db: DbOrTx, kase: Case): ShareFacts {
  const person = kase.personId ? findPerson(db, kase.personId) : undefined;
  const employer = partiesOfCase(db, kase.id).find((p) => p.role === 'employer');
  const t = tr.t;
  return {
    person: person
      ? {
          displayName: person.name || person.alias || '',
          preferredLanguage: person.preferredLanguage,
          preferredLanguageName: tr.languageName(person.preferredLanguage),
          interpreterNeeded: person.interpreterNeeded,
          contact: [person.phone, person.messagingHandle].filter(Boolean).join(' · '),
          nationality: person.nationality ? tr.countryName(person.nationality) : '',
          gender: person.gender ?? '',
          dateOfBirth: person.birthDate ?? (person.birthYear ? String(person.birthYear) : ''),
          immigrationSituation: person.immigrationStatus === 'unknown' ? '' : t(`cases.immigration.${person.immigrationStatus}`),
          visaType: person.visaType ?? '',
          visaExpiry: person.visaExpiry ?? '',
          unionMembership: person.unionName
            ? [person.unionName, person.unionNumber ? t('referrals.share.memberNumber', { number: person.unionNumber }) : '', person.unionSince ? t('referrals.share.memberSince', { since: person.unionSince }) : '']
                .filter(Boolean)
                .join(', ')
            : '',
          safetyFlags: person.safetyFlags,
        }
      : null,
    caseTypes: caseTypesOf(db, kase.id).map((c) => t(`cases.caseTypes.${c}`)),
    sector: kase.sector ? t(`cases.sectors.${kase.sector}`) : '',
    summary: kase.summary,
    employer: employer ? { name: employer.name, addressLines: lines(employer.address) } : null,
    employment: kase.employmentStart ? { start: kase.employmentStart, ...(kase.employmentEnd ? { end: kase.employmentEnd } : {}) } : null,
    amounts:
      kase.amountClaimedMinor !== null && kase.currency
        ? { currency: kase.currency, items: [{ description: t('referrals.share.amountClaimed'), amountMinor: kase.amountClaimedMinor }] }
        : null,
    deadlines: repo.openDeadlinesOfCase(db, kase.id),
  };
}

/** The consent in force, and whether it lets us share chosen details with partners. */
export function sharingConsent(db: DbOrTx, kase: Case): { consent: Consent | null; ok: boolean } {
  const consent = kase.personId ? (currentConsent(db, kase.personId) ?? null) : null;
  return { consent, ok: !!consent?.scopes.includes('share_with_partners') };
}

export const addDays = (isoDate: string, days: number) => {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function contactPointOf(db: DbOrTx, kase: Case): ContactPoint {
  const cp = findContactPoint(db, kase.contactPointId);
  if (!cp) throw notFound();
  return cp;
}

export const todayAtCase = (db: DbOrTx, kase: Case, now: number) => todayIn(contactPointOf(db, kase).timezone, now);

// ---- the referral form

export function referralFormData(db: DbOrTx, kase: Case, opts: { all: boolean; current?: Partner }, now: number) {
  const facts = shareFactsOf(db, kase);
  const { consent, ok } = sharingConsent(db, kase);
  const fit = { country: kase.jurisdictionCountry, language: facts.person?.preferredLanguage ?? null };
  const list = partnersForReferral(db, fit, opts.all);
  // A draft keeps its partner on the list even when it no longer fits (or was made inactive).
  if (opts.current && !list.some((p) => p.id === opts.current!.id)) list.unshift(opts.current);
  return {
    partners: list,
    all: opts.all,
    fit,
    availability: fieldAvailability(facts),
    sensitive: SENSITIVE_FIELDS,
    phoneUnsafe: phoneIsUnsafe(facts),
    anonymous: facts.person === null,
    consent,
    consentOk: ok,
    personId: kase.personId,
    today: todayAtCase(db, kase, now),
  };
}

export type ReferralResult = { ok: true; referral: Referral } | { ok: false; errors: FieldErrors };

/** Checks that do not depend on the referral's state: the partner, the fields, and (to send) consent and follow-up date. */
function check(db: DbOrTx, kase: Case, input: Pick<ReferralInput, 'partnerId' | 'sharedFields' | 'followUpOn' | 'firewallAck'>, sending: boolean, now: number): FieldErrors {
  const errors: FieldErrors = {};
  const partner = findPartner(db, input.partnerId);
  if (!partner) errors.partnerId = 'referrals.validation.partnerUnknown';
  else if (!partner.active) errors.partnerId = 'referrals.validation.partnerInactive';
  const bad = unshareable(shareFactsOf(db, kase), input.sharedFields);
  if (bad.some((b) => b.why === 'anonymous')) errors.sharedFields = 'referrals.validation.anonymous';
  else if (bad.length) errors.sharedFields = 'referrals.validation.notRecorded';
  else if (partner && !input.firewallAck && firewallFieldsFor(partner.kind, input.sharedFields).length) errors.sharedFields = 'referrals.validation.firewall';
  if (sending) {
    if (!sharingConsent(db, kase).ok) errors._consent = kase.personId ? 'referrals.validation.noConsent' : 'referrals.validation.noPerson';
    if (input.followUpOn === null) errors.followUpOn = 'referrals.validation.followUpRequired';
    else if (input.followUpOn < todayAtCase(db, kase, now)) errors.followUpOn = 'referrals.validation.followUpPast';
  } else if (input.followUpOn !== null && input.followUpOn < todayAtCase(db, kase, now)) errors.followUpOn = 'referrals.validation.followUpPast';
  if (kase.status === 'closed') errors._form = 'referrals.validation.caseClosed';
  return errors;
}

const eventData = (referral: Referral, partner: Partner | undefined, extra: Record<string, unknown>) => ({
  referralId: referral.id,
  partnerId: referral.partnerId,
  partner: partner?.name ?? '',
  ...extra,
});

/** Creates a referral as a draft, or sends it at once; refused (nothing saved) with field messages. */
export function createReferral(db: Db, actor: Actor, caseId: number, input: ReferralInput, clientAddress: string | null, now: number, documentId: number | null = null): Promise<ReferralResult> {
  return write(db, (tx) => createReferralIn(tx, actor, caseId, input, clientAddress, now, documentId));
}

function createReferralIn(tx: Tx, actor: Actor, caseId: number, input: ReferralInput, clientAddress: string | null, now: number, documentId: number | null): ReferralResult {
  const kase = caseFor(tx, actor, caseId, 'case.refer');
  const sending = input.intent === 'send';
  const errors = check(tx, kase, input, sending, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  const consent = sharingConsent(tx, kase).consent;
  const referral = repo.insertReferral(tx, {
    caseId: kase.id,
    partnerId: input.partnerId,
    status: sending ? 'sent' : 'draft',
    reason: input.reason,
    request: input.request,
    sharedFields: input.sharedFields,
    followUpOn: input.followUpOn,
    consentId: sending ? consent!.id : null,
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
    ...(sending ? { sentAt: now, sentBy: actor.id } : {}),
  });
  const partner = findPartner(tx, referral.partnerId);
  appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'referral_change', data: eventData(referral, partner, { from: null, to: referral.status, followUpOn: referral.followUpOn, ...(sending && documentId ? { documentId } : {}) }) }, now);
  recordAudit(
    tx,
    { userId: actor.id, action: 'create', targetType: 'referral', targetId: referral.id, contactPointId: kase.contactPointId, fields: ['partnerId', 'reason', 'request', 'sharedFields', 'followUpOn', 'status'], clientAddress },
    now,
  );
  return { ok: true, referral };
}

/** A referral the actor may work on, with its case; 404 for anyone who may not see the case. */
export function referralFor(db: DbOrTx, actor: Actor | null, id: number): { referral: Referral; kase: Case } {
  const referral = repo.findReferral(db, id);
  if (!referral) throw notFound();
  const kase = caseFor(db, actor, referral.caseId, 'case.refer');
  return { referral, kase };
}

export type DraftResult = ReferralResult | Stale<Referral>;

/**
 * Saves a draft's changes (and sends it when asked), from a form loaded at `version`; only a draft can be edited. If
 * the draft changed since, nothing is written and the result says what changed (src/shared/versions.ts).
 */
export function updateDraft(db: Db, actor: Actor, id: number, input: ReferralInput, version: number | null, clientAddress: string | null, now: number, documentId: number | null = null): Promise<DraftResult> {
  return write(db, (tx) => updateDraftIn(tx, actor, id, input, version, clientAddress, now, documentId));
}

function updateDraftIn(tx: Tx, actor: Actor, id: number, input: ReferralInput, version: number | null, clientAddress: string | null, now: number, documentId: number | null): DraftResult {
  const { referral, kase } = referralFor(tx, actor, id);
  if (referral.status !== 'draft') throw conflict('referrals.errors.notDraft');
  if (!isCurrent(version, referral)) return staleResult(tx, { type: 'referral', id: referral.id }, referral, version);
  const sending = input.intent === 'send';
  const errors = check(tx, kase, input, sending, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  const fields = (['partnerId', 'reason', 'request', 'sharedFields', 'followUpOn'] as const).filter((f) => JSON.stringify(referral[f]) !== JSON.stringify(input[f]));
  let updated = savedRow(
    repo.updateReferral(
      tx,
      id,
      { partnerId: input.partnerId, reason: input.reason, request: input.request, sharedFields: input.sharedFields, followUpOn: input.followUpOn, updatedAt: now },
      referral.version,
    ),
  );
  if (fields.length)
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'referral', targetId: id, contactPointId: kase.contactPointId, fields: [...fields], clientAddress, version: updated.version }, now);
  if (sending) updated = applyMove(tx, actor, updated, kase, { move: 'send', note: '', followUpOn: input.followUpOn }, clientAddress, now, documentId);
  return { ok: true, referral: updated };
}

function applyMove(tx: Tx, actor: Actor, referral: Referral, kase: Case, input: MoveInput, clientAddress: string | null, now: number, documentId: number | null = null): Referral {
  const step = transition(referral.status, input.move);
  if (!step.ok) throw conflict('referrals.errors.moveNotAllowed');
  const rule = moveRules[input.move];
  const followUpOn = rule.followUp === 'cleared' ? null : (input.followUpOn ?? (rule.followUp === 'optional' ? referral.followUpOn : null));
  const values: Partial<Referral> = { status: step.to, followUpOn, updatedAt: now };
  if (input.move === 'send') Object.assign(values, { sentAt: now, sentBy: actor.id, consentId: sharingConsent(tx, kase).consent!.id });
  if (input.move === 'accept' || input.move === 'decline') values.respondedAt = now;
  if ((['declined', 'completed', 'withdrawn'] as ReferralStatus[]).includes(step.to)) values.closedAt = now;
  const updated = savedRow(repo.updateReferral(tx, referral.id, values));
  appendEvent(
    tx,
    {
      caseId: kase.id,
      userId: actor.id,
      kind: 'referral_change',
      body: input.note || null,
      data: eventData(referral, findPartner(tx, referral.partnerId), { from: step.from, to: step.to, followUpOn, ...(documentId ? { documentId } : {}) }),
    },
    now,
  );
  const fields = ['status', ...(followUpOn !== referral.followUpOn ? ['followUpOn'] : []), ...(input.note ? ['note'] : [])];
  recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'referral', targetId: referral.id, contactPointId: kase.contactPointId, fields, clientAddress, version: updated.version }, now);
  return updated;
}

function moveErrors(tx: DbOrTx, referral: Referral, kase: Case, input: MoveInput, now: number): FieldErrors {
  const rule = moveRules[input.move];
  const errors: FieldErrors = {};
  if (rule.noteRequired && !input.note) errors.note = 'referrals.validation.noteRequired';
  // A draft was saved only past the firewall warning (check on save), so sending it does not ask again.
  if (input.move === 'send') Object.assign(errors, check(tx, kase, { ...referral, followUpOn: input.followUpOn, firewallAck: true }, true, now));
  else if (rule.followUp !== 'cleared' && input.followUpOn !== null && input.followUpOn < todayAtCase(tx, kase, now)) errors.followUpOn = 'referrals.validation.followUpPast';
  return errors;
}

/**
 * Moves a referral to its next state. A move the state machine does not allow is a conflict (409, nothing
 * changes); a missing note or date, or a send without consent, comes back as field messages.
 */
export function moveReferral(db: Db, actor: Actor, id: number, input: MoveInput, clientAddress: string | null, now: number, documentId: number | null = null): Promise<ReferralResult> {
  return write(db, (tx) => moveReferralIn(tx, actor, id, input, clientAddress, now, documentId));
}

function moveReferralIn(tx: Tx, actor: Actor, id: number, input: MoveInput, clientAddress: string | null, now: number, documentId: number | null): ReferralResult {
  const { referral, kase } = referralFor(tx, actor, id);
  if (!transition(referral.status, input.move).ok) throw conflict('referrals.errors.moveNotAllowed');
  const errors = moveErrors(tx, referral, kase, input, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, referral: applyMove(tx, actor, referral, kase, input, clientAddress, now, documentId) };
}

// ---- sending: the letter is stored as an immutable document, then the referral is marked sent

/**
 * Stores the letter of a referral being sent in the document store (immutable, with its SHA-256), and sends the
 * referral (`send`, given the letter's id) in the same write unit: the letter and the send are saved together, or
 * neither is. Rendering is slow and asynchronous, so it happens before that unit, which checks everything again: if
 * the send is refused there (consent withdrawn, or the draft saved by someone else, in between), the stored letter
 * stays on the case's timeline as generated, unsent.
 */
async function sendWithLetter<R extends DraftResult>(
  db: Db,
  actor: Actor,
  kase: Case,
  draft: ReferralDraft,
  clientAddress: string | null,
  now: number,
  send: (tx: Tx, documentId: number) => R,
): Promise<R | ReferralResult> {
  const consent = sharingConsent(db, kase).consent;
  const snapshot = partnerSnapshot(db, actor, { ...draft, consentId: consent?.id ?? null, sentBy: actor.id }, kase, now);
  let sent: R | null = null;
  try {
    await storeLetter(db, { kase, kind: 'referral', snapshot, actorId: actor.id, clientAddress, alsoWrite: (tx, documentId) => void (sent = send(tx, documentId)) }, now);
  } catch (error) {
    if (error instanceof MissingLetterFactsError) return { ok: false, errors: { _form: 'referrals.errors.letterMissing' } };
    throw error;
  }
  return sent!;
}

/** A new referral from the form: saved as a draft, or sent with its letter stored. */
export async function submitNewReferral(db: Db, actor: Actor, caseId: number, input: ReferralInput, clientAddress: string | null, now: number): Promise<ReferralResult> {
  if (input.intent !== 'send') return createReferral(db, actor, caseId, input, clientAddress, now);
  const kase = caseFor(db, actor, caseId, 'case.refer');
  const errors = check(db, kase, input, true, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  return sendWithLetter(db, actor, kase, input, clientAddress, now, (tx, documentId) => createReferralIn(tx, actor, caseId, input, clientAddress, now, documentId));
}

/** A draft's form saved again, and sent when asked. A stale form stores no letter: updateDraft refuses it before any write. */
export async function submitDraft(db: Db, actor: Actor, id: number, input: ReferralInput, version: number | null, clientAddress: string | null, now: number): Promise<DraftResult> {
  if (input.intent !== 'send') return updateDraft(db, actor, id, input, version, clientAddress, now);
  const { referral, kase } = referralFor(db, actor, id);
  if (referral.status !== 'draft') throw conflict('referrals.errors.notDraft');
  if (!isCurrent(version, referral)) return staleResult(db, { type: 'referral', id: referral.id }, referral, version);
  const errors = check(db, kase, input, true, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  return sendWithLetter(db, actor, kase, input, clientAddress, now, (tx, documentId) => updateDraftIn(tx, actor, id, input, version, clientAddress, now, documentId));
}

/** A change of state from the referral page; sending stores the letter with it. */
export async function submitMove(db: Db, actor: Actor, id: number, input: MoveInput, clientAddress: string | null, now: number): Promise<ReferralResult> {
  if (input.move !== 'send') return moveReferral(db, actor, id, input, clientAddress, now);
  const { referral, kase } = referralFor(db, actor, id);
  if (!transition(referral.status, input.move).ok) throw conflict('referrals.errors.moveNotAllowed');
  const errors = moveErrors(db, referral, kase, input, now);
  if (Object.keys(errors).length) return { ok: false, errors };
  return sendWithLetter(db, actor, kase, { ...referral, followUpOn: input.followUpOn }, clientAddress, now, (tx, documentId) => moveReferralIn(tx, actor, id, input, clientAddress, now, documentId));
}

/** Sets the next follow-up date of a referral still waiting on the partner. */
export function changeFollowUp(db: Db, actor: Actor, id: number, followUpOn: string, clientAddress: string | null, now: number): Promise<ReferralResult> {
  return write(
    db,
    (tx): ReferralResult => {
      const { referral, kase } = referralFor(tx, actor, id);
      if (!awaitingStatuses.includes(referral.status)) throw conflict('referrals.errors.notAwaiting');
      if (followUpOn < todayAtCase(tx, kase, now)) return { ok: false, errors: { followUpOn: 'referrals.validation.followUpPast' } };
      if (followUpOn === referral.followUpOn) return { ok: true, referral };
      const updated = savedRow(repo.updateReferral(tx, id, { followUpOn, updatedAt: now }));
      appendEvent(
        tx,
        {
          caseId: kase.id,
          userId: actor.id,
          kind: 'referral_change',
          data: eventData(referral, findPartner(tx, referral.partnerId), { from: referral.status, to: referral.status, followUpOn, previousFollowUpOn: referral.followUpOn }),
        },
        now,
      );
      recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'referral', targetId: id, contactPointId: kase.contactPointId, fields: ['followUpOn'], clientAddress, version: updated.version }, now);
      return { ok: true, referral: updated };
    },
  );
}

// ---- what the partner receives: one snapshot for the page and the letter

function localeOf(country: string): string {
  const tag = `en-${country}`;
  return isValidLocale(tag) ? tag : 'en-GB';
}

export function contactPointSnapshot(cp: ContactPoint): ContactPointSnapshot {
  return {
    name: cp.name,
    union: cp.unionName,
    country: cp.country,
    city: cp.city,
    addressLines: lines(cp.address),
    ...(cp.email ? { email: cp.email } : {}),
    ...(cp.phone ? { phone: cp.phone } : {}),
    locale: localeOf(cp.country),
    timezone: cp.timezone,
  };
}

/** The referral as the partner receives it; only the chosen fields are in it. */
/** What a letter is made from: a saved referral, or the form of one being sent. */
export type ReferralDraft = Pick<Referral, 'partnerId' | 'reason' | 'request' | 'sharedFields' | 'followUpOn'> & Partial<Pick<Referral, 'consentId' | 'sentBy'>>;

export function partnerSnapshot(db: DbOrTx, actor: Actor, referral: ReferralDraft, kase: Case, now: number): LetterSnapshot {
  const partner = findPartner(db, referral.partnerId);
  if (!partner) throw notFound();
  const signer = findUser(db, referral.sentBy ?? actor.id) ?? findUser(db, actor.id);
  // The consent that let it be sent; for a draft, the one in force now (if any).
  const consent = referral.consentId ? (repo.findConsent(db, referral.consentId) ?? null) : sharingConsent(db, kase).consent;
  // In a language the partner works in (src/letters/letter-language.ts), dated and formatted in it.
  const cp = contactPointOf(db, kase);
  const language = referralLanguage(partner.languages, cp.defaultLocale);
  const snapshot = referralSnapshot({
    facts: shareFactsOf(db, kase),
    sharedFields: referral.sharedFields,
    generatedAt: new Date(now).toISOString(),
    contactPoint: contactPointSnapshot(cp),
    counsellor: { name: signer?.displayName ?? '', role: signer ? tr.t(`roles.${signer.role}`) : undefined },
    caseReference: kase.reference,
    partner: {
      name: partner.name,
      ...(partner.contactName ? { attention: partner.contactName } : {}),
      addressLines: lines(partner.address),
      // A phone number is never broken across two lines.
      secureContact: [partner.email, partner.phone.trim().replace(/ /g, '\u00A0')].filter(Boolean).join(' · '),
    },
    reason: referral.reason,
    request: referral.request,
    ...(referral.followUpOn ? { replyBy: referral.followUpOn } : {}),
    ...(consent?.scopes.includes('share_with_partners') ? { consentDate: consent.givenOn } : {}),
  });
  // The paper of the case's jurisdiction, as every letter of the case (A4; Letter in the US and Canada).
  return { ...snapshot, paper: paperSizeFor(kase.jurisdictionCountry), language, translation: letterTranslation(db, language), contactPoint: { ...snapshot.contactPoint, locale: letterLocale(cp.country, language) } };
}

const words = () => ({ yes: tr.t('referrals.share.yes'), no: tr.t('referrals.share.no'), total: tr.t('referrals.share.total'), since: tr.t('referrals.share.since'), until: tr.t('referrals.share.until') });

/** Everything the referral page shows, already limited to what the partner receives plus the referral's own history. */
export function referralPageData(db: DbOrTx, actor: Actor, referral: Referral, kase: Case, now: number) {
  const partner = findPartner(db, referral.partnerId)!;
  const snapshot = partnerSnapshot(db, actor, referral, kase, now);
  const { ok: consentOk } = sharingConsent(db, kase);
  const today = todayAtCase(db, kase, now);
  const person = kase.personId ? findPerson(db, kase.personId) : undefined;
  return {
    referral,
    // Only what the safety banner needs: a page about a person always shows their safety flags.
    person: person ? { safetyFlags: person.safetyFlags, safetyNote: person.safetyNote } : null,
    kase: { id: kase.id, reference: kase.reference, status: kase.status },
    partner,
    personId: kase.personId,
    consentOk,
    consentDate: snapshot.referral?.consentDate ?? null,
    shared: sharedDetails(snapshot, words()),
    history: repo.referralHistory(db, kase.id, referral.id),
    moves: movesFrom(referral.status),
    overdue: isOverdue(referral, today),
    today,
    suggestedFollowUp: addDays(today, 14),
    letterStored: sentLetterDocumentId(db, referral) !== null,
    mayLetter: referral.status !== 'withdrawn' && (consentOk || sentLetterDocumentId(db, referral) !== null),
  };
}

export function recordReferralView(db: Db, actor: Actor, referral: Referral, kase: Case, clientAddress: string | null, now: number) {
  auditSoon(db, { userId: actor.id, action: 'view', targetType: 'referral', targetId: referral.id, contactPointId: kase.contactPointId, fields: referral.sharedFields, clientAddress }, now);
}

/** The stored letter of a sent referral: the document its "sent" event points to. */
export function sentLetterDocumentId(db: DbOrTx, referral: Referral): number | null {
  const sent = repo.referralHistory(db, referral.caseId, referral.id).find((e) => e.data?.to === 'sent' && typeof e.data.documentId === 'number');
  return (sent?.data?.documentId as number | undefined) ?? null;
}

/**
 * The referral letter. A sent referral's letter is the stored document, exactly as it was sent (an audited
 * export). A draft's is made on the spot as a preview (audited as a letter) and needs consent in force.
 */
export async function referralLetter(db: Db, actor: Actor, id: number, clientAddress: string | null, now: number): Promise<{ pdf: Buffer; filename: string }> {
  const { referral, kase } = referralFor(db, actor, id);
  if (referral.status === 'withdrawn') throw conflict('referrals.errors.letterWithdrawn');
  const documentId = sentLetterDocumentId(db, referral);
  if (documentId !== null) {
    const { doc, fileName } = documentForDownload(db, actor, kase.id, documentId, clientAddress, now);
    return { pdf: doc.pdf, filename: fileName };
  }
  if (!sharingConsent(db, kase).ok) throw conflict('referrals.errors.letterNoConsent');
  let rendered;
  try {
    rendered = await renderLetterPdf(composeLetter('referral', partnerSnapshot(db, actor, referral, kase, now)));
  } catch (error) {
    if (error instanceof MissingLetterFactsError) throw new AppError(409, 'referrals.errors.letterMissing');
    throw error;
  }
  auditSoon(db, { userId: actor.id, action: 'letter', targetType: 'referral', targetId: referral.id, contactPointId: kase.contactPointId, fields: referral.sharedFields, clientAddress }, now);
  return { pdf: rendered.pdf, filename: `${kase.reference}-referral-letter-draft.pdf` };
}

// ---- lists

/** The contact points' referrals: overdue follow-ups first, then by state. */
export function referralList(db: DbOrTx, actor: Actor, state: string, now: number) {
  const cps = actor.contactPointIds.filter((id) => can(actor, 'case.view', { contactPointId: id }));
  const statuses: ReferralStatus[] =
    state === 'open'
      ? ['draft', 'sent', 'accepted']
      : state === 'finished'
        ? ['declined', 'completed', 'withdrawn']
        : state === 'all'
          ? ['draft', 'sent', 'accepted', 'declined', 'completed', 'withdrawn']
          : [state as ReferralStatus];
  const todays = new Map(cps.map((id) => [id, todayIn(findContactPoint(db, id)?.timezone ?? 'UTC', now)]));
  const rows = repo.referralsOfContactPoints(db, cps, statuses).map((r) => ({ ...r, overdue: isOverdue(r, todays.get(r.contactPointId)!) }));
  return rows.sort((a, b) => listOrder(a, b, todays.get(a.contactPointId)!));
}

/** Overdue follow-ups of the actor's own cases and referrals, for the dashboard. */
export function overdueForUser(db: DbOrTx, actor: Actor, now: number) {
  return actor.contactPointIds
    .filter((id) => can(actor, 'case.refer', { contactPointId: id }))
    .flatMap((id) => repo.overdueFollowUps(db, id, todayIn(findContactPoint(db, id)?.timezone ?? 'UTC', now), actor.id));
}

export type { ReferralField };

/** The dashboard panel of a case worker: their overdue follow-ups and, for a supervisor, transfers to decide. */
export function referralPanel(db: DbOrTx, actor: Actor, now: number) {
  if (!can(actor, 'case.list')) return null;
  return { overdue: overdueForUser(db, actor, now), transfers: transfersToDecide(db, actor) };
}
