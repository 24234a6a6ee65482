/**
 * Files of a whole group (issue 15): uploaded once on the group page, shown in each member case's documents list.
 * They go through the one evidence pipeline (src/evidence: limits while streaming, type by bytes, location removed,
 * malware scan, sealed store) as files with no case, linked to the group (collective_files). They count against a
 * limit of their own, the size of the case limit. A worker's erasure never removes them: they are the group's, not
 * that worker's (a worker's own payslip belongs on their own case).
 */
import { auditSoon } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/policy.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { markDeleted } from '../evidence/evidence.repo.js';
import { purgeDeletedEvidence, receiveFiles, storedBytes, type EvidenceSettings, type UploadPart, type UploadResult } from '../evidence/evidence.service.js';
import type { EvidenceRow } from '../evidence/evidence.table.js';
import { conflict, notFound } from '../shared/errors.js';
import { insertEntry } from './collective.repo.js';
import { collectiveFor } from './collective.service.js';
import type { Collective } from './collective.table.js';
import * as repo from './shared.repo.js';

export function receiveGroupUpload(db: Db, settings: EvidenceSettings, actor: Actor, group: Collective, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<UploadResult> {
  return receiveFiles(
    db,
    settings,
    actor,
    {
      caseId: null,
      contactPointId: group.contactPointId,
      heldBytes: (d) => repo.bytesHeldByGroup(d, group.id),
      recorded: (tx, rows, fields) => {
        repo.linkFilesToGroup(tx, group.id, rows.map((r) => r.id));
        insertEntry(tx, { collectiveId: group.id, at: now, userId: actor.id, kind: 'evidence_added', body: '', data: { count: rows.length, category: fields.category } });
      },
    },
    parts,
    clientAddress,
    now,
  );
}

export const filesOfGroup = repo.filesOfGroup;
export const groupFilesOfCase = repo.groupFilesOfCase;

function groupFileFor(db: DbOrTx, actor: Actor | null, groupId: number, id: number, action: 'case.view' | 'case.update'): { group: Collective; row: EvidenceRow } {
  const group = collectiveFor(db, actor, groupId, action);
  const row = Number.isSafeInteger(id) ? repo.findFileOfGroup(db, group.id, id) : undefined;
  if (!row) throw notFound();
  return { group, row };
}

/**
 * A group file's bytes, for whoever may see the group — the same people who may see its member cases (a case is in
 * a group only while it is at the group's desk). Every download is an audited export, written without waiting.
 */
export async function groupFileForDownload(db: Db, settings: EvidenceSettings, actor: Actor, groupId: number, id: number, clientAddress: string | null, now: number) {
  const { group, row } = groupFileFor(db, actor, groupId, id, 'case.view');
  const bytes = await storedBytes(settings, row);
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'evidence', targetId: row.id, contactPointId: group.contactPointId, clientAddress }, now);
  return { row, bytes };
}

/** Deletes a group file with a reason: a shared entry on the group (shown on each member's timeline); the bytes go. */
export async function deleteGroupFile(db: Db, settings: EvidenceSettings, actor: Actor, groupId: number, id: number, input: { reason: string; version: number }, clientAddress: string | null, now: number) {
  await write(db, (tx) => {
    const { group, row } = groupFileFor(tx, actor, groupId, id, 'case.update');
    if (!markDeleted(tx, row.id, { userId: actor.id, reason: input.reason, kind: 'deleted' }, input.version, now)) throw conflict('evidence.errors.changedSince');
    insertEntry(tx, { collectiveId: group.id, at: now, userId: actor.id, kind: 'evidence_deleted', body: input.reason, data: { category: row.category } });
    recordAudit(tx, { userId: actor.id, action: 'remove', targetType: 'evidence', targetId: row.id, contactPointId: group.contactPointId, fields: ['file'], clientAddress }, now);
  });
  await purgeDeletedEvidence(db, now, settings);
}
