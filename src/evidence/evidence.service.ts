import { createHash } from 'node:crypto';
import { auditSoon } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/policy.js';
import { caseFor, appendEvent } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { scanWithClamd } from './clamd.js';
import * as repo from './evidence.repo.js';
import { UploadFields, type UploadFieldsInput } from './evidence.schema.js';
import type { EvidenceCategory, EvidenceRow } from './evidence.table.js';
import { withoutLocation } from './photos.js';
import { sniff } from './sniff.js';
import { clearIncoming, commitStaged, discardStaged, evidenceStore, newStorageId, readStored, removeStored, stage, storedIds, type EvidenceStore } from './store.js';

export type EvidenceSettings = { store: EvidenceStore; maxFileBytes: number; maxCaseBytes: number; clamdSocket: string | undefined };

/**
 * The store of this process, set once by buildApp (and by `npm run retention`): retention and erasure run inside
 * write units that know only the database, and remove the files of the cases they anonymise right after they commit.
 */
let configured: EvidenceSettings | null = null;

export function configureEvidence(config: { dir: string; key: Buffer; maxFileBytes: number; maxCaseBytes: number; clamdSocket: string | undefined }): EvidenceSettings {
  configured = { store: evidenceStore(config), maxFileBytes: config.maxFileBytes, maxCaseBytes: config.maxCaseBytes, clamdSocket: config.clamdSocket };
  return configured;
}

/** The settings of this process (the group page shows its limits: src/collective/shared.service.ts). */
export const evidenceSettings = (): EvidenceSettings | null => configured;

/** A part of a multipart upload, as the route hands it over (no Fastify types here). */
export type UploadPart =
  | { type: 'field'; fieldname: string; value: unknown }
  | { type: 'file'; fieldname: string; filename: string; file: AsyncIterable<Buffer> & { resume(): unknown } };

/** Why an upload was refused: the status, a message key, and the file it is about. Nothing of the upload was kept. */
export type UploadRefusal = { status: 413 | 422 | 503; messageKey: string; file: string | null; errors: FieldErrors; values: Record<string, string> };
export type UploadResult = { ok: true; added: number } | ({ ok: false } & UploadRefusal);

const FILE_FIELD = 'files';
const NAME_MAX = 200;

/** The name as shown and offered on download: no folders, no control characters, not too long. */
export function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.replace(/[\u0000-\u001F\u007F"]/g, '').trim();
  if (name.length <= NAME_MAX) return name || 'file';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, NAME_MAX - ext.length) + ext;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Reads a file part up to `max` bytes; past that it stops keeping bytes and says so (the rest is read and dropped). */
async function readUpTo(file: AsyncIterable<Buffer>, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of file) {
    if (over) continue;
    size += chunk.length;
    if (size > max) {
      over = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  return over ? null : Buffer.concat(chunks, size);
}

async function drain(part: UploadPart): Promise<void> {
  if (part.type === 'file') for await (const _ of part.file) void _;
}

type Staged = { storageId: string; name: string; mimeType: string; byteSize: number; sha256: string; storedSha256: string; locationRemoved: boolean };

/**
 * One upload of one or several files to a case. Every file is checked while the request streams in: its size (the
 * file limit, and what the case already holds against the case limit), its type by its bytes, a photo's location
 * data, and the malware scan when there is one. Accepted files are sealed into the incoming folder; only when every
 * file of the upload passed are they moved into the store and recorded, in one write unit with a timeline entry.
 * Any refusal keeps nothing. The form's fields come before the files (views/evidence/_upload.eta orders them so).
 */
export function receiveUpload(db: Db, settings: EvidenceSettings, actor: Actor, kase: Case, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<UploadResult> {
  return receiveFiles(db, settings, actor, {
    caseId: kase.id,
    contactPointId: kase.contactPointId,
    heldBytes: (tx) => repo.bytesHeldForCase(tx, kase.id),
    recorded: (tx, rows, fields) => appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'evidence_added', data: { evidenceIds: rows.map((r) => r.id), count: rows.length, category: fields.category } }, now),
  }, parts, clientAddress, now);
}

/**
 * Where an upload's files go: a case (caseId), or a collective case's group (caseId null; `recorded` links the rows
 * to the group, src/collective/shared-evidence.service.ts). `heldBytes` is what counts against the case limit.
 */
export type UploadTarget = {
  caseId: number | null;
  contactPointId: number;
  heldBytes: (db: DbOrTx) => number;
  recorded: (tx: Tx, rows: EvidenceRow[], fields: UploadFieldsInput) => void;
};

/** The one upload pipeline (limits while streaming, type by bytes, location removed, scan, sealed store). */
export async function receiveFiles(db: Db, settings: EvidenceSettings, actor: Actor, target: UploadTarget, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<UploadResult> {
  const { store } = settings;
  const fields: Record<string, string> = {};
  const staged: Staged[] = [];
  const held = target.heldBytes(db);
  let incoming = 0;
  let refusal: Omit<UploadRefusal, 'values' | 'errors'> | null = null;
  let parsed: UploadFieldsInput | null = null;
  let fieldProblems: FieldErrors = {};
  try {
    for await (const part of parts) {
      if (refusal) {
        await drain(part);
        continue;
      }
      if (part.type === 'field') {
        if (typeof part.value === 'string' && part.fieldname !== '_csrf') fields[part.fieldname] = part.value;
        continue;
      }
      // A file input left empty still sends a part, with no name and no bytes.
      if (part.fieldname !== FILE_FIELD || !part.filename) {
        await drain(part);
        continue;
      }
      if (!parsed) {
        const result = UploadFields.safeParse(fields);
        if (!result.success) {
          fieldProblems = fieldErrors(result.error);
          refusal = { status: 422, messageKey: 'evidence.errors.fields', file: null };
          await drain(part);
          continue;
        }
        parsed = result.data;
      }
      const name = cleanName(part.filename);
      const bytes = await readUpTo(part.file, settings.maxFileBytes);
      if (!bytes) {
        refusal = { status: 413, messageKey: 'evidence.errors.fileTooLarge', file: name };
        continue;
      }
      const type = await sniff(bytes, name);
      if (!type) {
        refusal = { status: 422, messageKey: bytes.length ? 'evidence.errors.typeRefused' : 'evidence.errors.empty', file: name };
        continue;
      }
      let stored = bytes;
      let locationRemoved = false;
      if (type.kind === 'image' && !parsed.keepLocation) {
        const clean = await withoutLocation(bytes, type.mime);
        if (!clean) {
          refusal = { status: 422, messageKey: 'evidence.errors.locationNotRemovable', file: name };
          continue;
        }
        stored = clean.bytes;
        locationRemoved = clean.removed;
      }
      if (held + incoming + stored.length > settings.maxCaseBytes) {
        refusal = { status: 413, messageKey: 'evidence.errors.caseFull', file: name };
        continue;
      }
      if (settings.clamdSocket) {
        // The file as it was uploaded is scanned: what the person sent is what is judged.
        const scan = await scanWithClamd(settings.clamdSocket, bytes);
        if ('unavailable' in scan) {
          refusal = { status: 503, messageKey: 'evidence.errors.scannerUnavailable', file: name };
          continue;
        }
        if (!scan.clean) {
          refusal = { status: 422, messageKey: 'evidence.errors.malware', file: name };
          continue;
        }
      }
      const storageId = newStorageId();
      await stage(store, storageId, stored);
      staged.push({ storageId, name, mimeType: type.mime, byteSize: stored.length, sha256: sha256(bytes), storedSha256: sha256(stored), locationRemoved });
      incoming += stored.length;
    }
    if (!refusal && !staged.length) {
      const result = UploadFields.safeParse(fields);
      fieldProblems = { ...(result.success ? {} : fieldErrors(result.error)), files: 'evidence.errors.noFile' };
      refusal = { status: 422, messageKey: 'evidence.errors.fields', file: null };
    }
    if (refusal) {
      await discardStaged(store, staged.map((s) => s.storageId));
      return { ok: false, ...refusal, errors: fieldProblems, values: fields };
    }
  } catch (error) {
    await discardStaged(store, staged.map((s) => s.storageId));
    throw error;
  }

  const ids = staged.map((s) => s.storageId);
  // Into the store before the rows are written: an acknowledged upload has its bytes; a crash in between leaves
  // files no row names, which the next start removes.
  await commitStaged(store, ids);
  try {
    const fieldsOk = parsed!;
    await write(db, (tx) => {
      // Another upload to the same case may have committed since this one began.
      if (target.heldBytes(tx) + incoming > settings.maxCaseBytes) throw new AppError(413, 'evidence.errors.caseFullNow');
      const rows = staged.map((s) =>
        repo.insertEvidence(tx, { ...s, caseId: target.caseId, category: fieldsOk.category, description: fieldsOk.description, addedAt: now, addedBy: actor.id }),
      );
      target.recorded(tx, rows, fieldsOk);
      for (const r of rows) recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'evidence', targetId: r.id, contactPointId: target.contactPointId, fields: ['name', 'category', 'description'], clientAddress }, now);
    });
  } catch (error) {
    for (const id of ids) await removeStored(store, id);
    throw error;
  }
  return { ok: true, added: staged.length };
}

export const evidenceOfCase = (db: Db, caseId: number) => repo.listEvidenceOfCase(db, caseId);
export const evidenceOfCases = repo.evidenceOfCases;

/** A held file of a case the actor may see, or 404 (the same answer as for a case that does not exist). */
function fileFor(db: DbOrTx, actor: Actor | null, caseId: number, id: number, action: 'case.view' | 'case.update'): { kase: Case; row: EvidenceRow } {
  const kase = caseFor(db, actor, caseId, action);
  const row = Number.isSafeInteger(id) ? repo.findEvidenceOfCase(db, kase.id, id) : undefined;
  if (!row) throw notFound();
  return { kase, row };
}

export function evidenceFileFor(db: Db, actor: Actor | null, caseId: number, id: number) {
  return fileFor(db, actor, caseId, id, 'case.view').row;
}

/** The bytes of a file for a download or a preview, each an audited export. */
export async function evidenceForDownload(db: Db, settings: EvidenceSettings, actor: Actor, caseId: number, id: number, clientAddress: string | null, now: number) {
  const { kase, row } = fileFor(db, actor, caseId, id, 'case.view');
  const bytes = await readStored(settings.store, row.storageId);
  // Missing, changed on disk, or under another key: a fault of the server, never shown as the file.
  if (!bytes) throw new AppError(500, 'evidence.errors.unreadable');
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'evidence', targetId: row.id, contactPointId: kase.contactPointId, clientAddress }, now);
  return { row, bytes };
}

/** Deletes a file with the reason given: a timeline entry says who, when, why and what kind of file; the bytes go. */
export async function deleteEvidence(db: Db, settings: EvidenceSettings, actor: Actor, caseId: number, id: number, input: { reason: string; version: number }, clientAddress: string | null, now: number) {
  await write(db, (tx) => {
    const { kase, row } = fileFor(tx, actor, caseId, id, 'case.update');
    if (!repo.markDeleted(tx, row.id, { userId: actor.id, reason: input.reason, kind: 'deleted' }, input.version, now)) throw conflict('evidence.errors.changedSince');
    appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'evidence_deleted', body: input.reason, data: { category: row.category as EvidenceCategory, mimeType: row.mimeType } }, now);
    recordAudit(tx, { userId: actor.id, action: 'remove', targetType: 'evidence', targetId: row.id, contactPointId: kase.contactPointId, fields: ['file'], clientAddress }, now);
  });
  await purgeDeletedEvidence(db, now, settings);
}

/**
 * Removes from disk the bytes of files deleted in the database (by a person, by retention or by an erasure). Runs
 * after each of those commits, and at start for any left by a stop in between.
 */
export async function purgeDeletedEvidence(db: Db, now: number, settings: EvidenceSettings | null = configured): Promise<number> {
  if (!settings) return 0;
  const rows = repo.unpurged(db);
  for (const r of rows) await removeStored(settings.store, r.storageId);
  if (rows.length) await write(db, (tx) => repo.markPurged(tx, rows.map((r) => r.id), now));
  return rows.length;
}

/**
 * At start: unfinished uploads, files no row names (a stop between storing and recording) and files whose row says
 * deleted (a stop before their removal) are removed.
 */
export async function sweepEvidence(db: Db, now: number, settings: EvidenceSettings): Promise<void> {
  await clearIncoming(settings.store);
  const names = await storedIds(settings.store);
  const known = repo.heldStorageIds(db, names);
  for (const n of names) if (!known.has(n)) await removeStored(settings.store, n);
  await purgeDeletedEvidence(db, now, settings);
}
