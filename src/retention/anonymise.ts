import { deleteCollectiveLettersNaming } from '../batch-letters/batch-letters.repo.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { AnonymisationReason } from '../cases/catalogue.js';
import { refreshSearchRow } from '../cases/cases.repo.js';
import { appendEvent } from '../cases/cases.service.js';
import type { Tx } from '../db/client.js';
import { markCaseEvidenceDeleted } from '../evidence/evidence.repo.js';
import * as repo from './retention.repo.js';
import { deleteLinksOfCase } from '../partner-links/partner-links.repo.js';

/** What the audit entry of an anonymised case names (field names, never values). */
export const ANONYMISED_CASE_FIELDS = ['summary', 'outcomeNote', 'jurisdictionRegion', 'employmentPeriod', 'timelineTexts', 'deadlineTitles', 'referralTexts', 'transferTexts', 'documents'];
/** What the audit entry of an anonymised person names. */
export const ANONYMISED_PERSON_FIELDS = [...Object.keys(repo.anonymousPerson).filter((f) => f !== 'phoneDigits'), 'consentNotes'];

type Who = { actorId: string | null; clientAddress: string | null };

/**
 * Removes a case's content inside the caller's write unit, with its timeline event (no text) and its audit entry.
 * The search row is rewritten from what is left: the reference and the parties.
 */
export function anonymiseCaseIn(tx: Tx, kase: { id: number; contactPointId: number }, reason: AnonymisationReason, who: Who, now: number): void {
  repo.anonymiseCaseContent(tx, kase.id, reason, now);
  // The evidence files' names go now; their bytes right after the commit (purgeDeletedEvidence, src/evidence).
  markCaseEvidenceDeleted(tx, kase.id, reason, now);
  // A collective letter to the party that names this worker goes with them (it is stored on the group, src/batch-letters).
  deleteCollectiveLettersNaming(tx, kase.id);
  // The partner's links to the case's files go too: with the files gone they could serve nothing, and they name the referral.
  deleteLinksOfCase(tx, kase.id);
  appendEvent(tx, { caseId: kase.id, userId: who.actorId, kind: 'anonymised', data: { reason } }, now);
  refreshSearchRow(tx, kase.id);
  recordAudit(tx, { userId: who.actorId, action: 'anonymise', targetType: 'case', targetId: kase.id, contactPointId: kase.contactPointId, fields: ANONYMISED_CASE_FIELDS, clientAddress: who.clientAddress }, now);
}

/** Clears the person's identifying fields inside the caller's write unit, audited by field name. */
export function anonymisePersonIn(tx: Tx, person: { id: number; contactPointId: number }, reason: AnonymisationReason, who: Who, now: number): void {
  repo.anonymisePersonRecord(tx, person.id, reason, now);
  recordAudit(
    tx,
    { userId: who.actorId, action: reason === 'erasure' ? 'erase' : 'anonymise', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, fields: ANONYMISED_PERSON_FIELDS, clientAddress: who.clientAddress },
    now,
  );
}
