import { createHash } from 'node:crypto';
import { auditSoon } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { can, type Actor } from '../auth/policy.js';
import { TimelineEntryForm, type TimelineEntryInput } from '../cases/case-page.schema.js';
import { addTimelineEntryIn } from '../cases/case-page.service.js';
import { caseFor, appendEvent } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { scanWithClamd } from './clamd.js';
import * as repo from './evidence.repo.js';
import { AttachFields, UploadFields, type AttachFieldsInput, type UploadFieldsInput } from './evidence.schema.js';
import type { EvidenceCategory, EvidenceRow } from './evidence.table.js';
import { withoutLocation } from './photos.js';
import { sniff } from './sniff.js';
import { makeThumbnail } from './thumbnails.js';
import { clearIncoming, commitStaged, discardStaged, evidenceStore, newStorageId, readStored, removeStored, stage, storedIds, type EvidenceStore } from './store.js';

/** `pdftoppm`: the program that draws a PDF's first page for its thumbnail (null: PDFs get none). */
export type EvidenceSettings = { store: EvidenceStore; maxFileBytes: number; maxCaseBytes: number; clamdSocket: string | undefined; pdftoppm: string | null };

/**
 * The store of this process, set once by buildApp (and by `npm run retention`): retention and erasure run inside
 * write units that know only the database, and remove the files of the cases they anonymise right after they commit.
 */
let configured: EvidenceSettings | null = null;

export function configureEvidence(config: { dir: string; key: Buffer; maxFileBytes: number; maxCaseBytes: number; clamdSocket: string | undefined; pdftoppm?: string | null }): EvidenceSettings {
  configured = { store: evidenceStore(config), maxFileBytes: config.maxFileBytes, maxCaseBytes: config.maxCaseBytes, clamdSocket: config.clamdSocket, pdftoppm: config.pdftoppm ?? null };
  return configured;
}

/** The settings of this process (the group page shows its limits: src/collective/shared.service.ts). */
export const evidenceSettings = (): EvidenceSettings | null => configured;

/** A part of a multipart upload, as the route hands it over (no Fastify types here). */
export type UploadPart =
  | { type: 'field'; fieldname: string; value: unknown; valueTruncated?: boolean }
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

type Staged = { storageId: string; thumbStorageId: string | null; name: string; mimeType: string; byteSize: number; sha256: string; storedSha256: string; locationRemoved: boolean };

/** What a form says of its own fields when its first file arrives: accepted (with the files' options), or its messages. */
type FormCheck<T> = (fields: Record<string, string>) => { ok: true; form: T; keepLocation: boolean } | { ok: false; errors: FieldErrors };

/** The files of an upload (none, when it carried none), checked and sealed in the incoming folder, and its form. */
type Received<T> = { ok: true; form: T; fields: Record<string, string>; staged: Staged[]; bytes: number } | ({ ok: false } & UploadRefusal);

const stagedIds = (staged: readonly Staged[]) => staged.flatMap((s) => (s.thumbStorageId ? [s.storageId, s.thumbStorageId] : [s.storageId]));

/**
 * Reads an upload's parts: the form's fields, then its files. The fields come first (the forms put the file input
 * last), and are checked by `check` when the first file arrives, so that a refused form reads no file. Every file is
 * checked while the request streams in: its size (the file limit, and what the case already holds against the case
 * limit), its type by its bytes, a photo's location data, and the malware scan when there is one; an accepted file is
 * sealed into the incoming folder with its thumbnail. Any refusal discards what was staged and reads the rest of the
 * request without keeping it.
 */
async function readFiles<T>(settings: EvidenceSettings, heldBytes: (db: DbOrTx) => number, db: Db, parts: AsyncIterable<UploadPart>, check: FormCheck<T>): Promise<Received<T>> {
  const { store } = settings;
  const fields: Record<string, string> = {};
  const staged: Staged[] = [];
  const held = heldBytes(db);
  let incoming = 0;
  let refusal: Omit<UploadRefusal, 'values' | 'errors'> | null = null;
  let accepted: { form: T; keepLocation: boolean } | null = null;
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
      if (!accepted) {
        const result = check(fields);
        if (!result.ok) {
          fieldProblems = result.errors;
          refusal = { status: 422, messageKey: 'evidence.errors.fields', file: null };
          await drain(part);
          continue;
        }
        accepted = result;
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
      if (type.kind === 'image' && !accepted.keepLocation) {
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
      const entry: Staged = { storageId, thumbStorageId: null, name, mimeType: type.mime, byteSize: stored.length, sha256: sha256(bytes), storedSha256: sha256(stored), locationRemoved };
      staged.push(entry);
      // Made from the stored bytes: a photo's thumbnail is of the photo without its location.
      const thumb = await makeThumbnail(stored, type.mime, settings.pdftoppm);
      if (thumb) {
        const thumbId = newStorageId();
        await stage(store, thumbId, thumb);
        entry.thumbStorageId = thumbId;
      }
      incoming += stored.length;
    }
    if (!refusal && !accepted) {
      const result = check(fields);
      if (result.ok) return { ok: true, form: result.form, fields, staged: [], bytes: 0 };
      fieldProblems = result.errors;
      refusal = { status: 422, messageKey: 'evidence.errors.fields', file: null };
    }
    if (refusal) {
      await discardStaged(store, stagedIds(staged));
      return { ok: false, ...refusal, errors: fieldProblems, values: fields };
    }
  } catch (error) {
    await discardStaged(store, stagedIds(staged));
    throw error;
  }
  return { ok: true, form: accepted!.form, fields, staged, bytes: incoming };
}

/**
 * Moves the staged files into the store, then runs `record` in one write unit; `record` writes what the files come
 * with (a timeline entry) and calls `insertFiles` to write their rows and audit entries, linked to an entry or not.
 * Into the store before the rows: an acknowledged upload has its bytes; a crash in between leaves files no row
 * names, which the next start removes.
 */
async function keepStaged<R>(
  db: Db,
  settings: EvidenceSettings,
  actor: Actor,
  target: StoreTarget,
  received: { staged: Staged[]; bytes: number },
  files: { category: EvidenceCategory; description: string },
  record: (tx: Tx, insertFiles: (eventId: number | null) => EvidenceRow[]) => R,
  clientAddress: string | null,
  now: number,
): Promise<R> {
  const ids = stagedIds(received.staged);
  await commitStaged(settings.store, ids);
  try {
    return await write(db, (tx) => {
      // Another upload to the same case may have committed since this one began.
      if (received.staged.length && target.heldBytes(tx) + received.bytes > settings.maxCaseBytes) throw new AppError(413, 'evidence.errors.caseFullNow');
      const insertFiles = (eventId: number | null) =>
        received.staged.map((s) => {
          const row = repo.insertEvidence(tx, { ...s, caseId: target.caseId, category: files.category, description: files.description, eventId, addedAt: now, addedBy: actor.id });
          recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'evidence', targetId: row.id, contactPointId: target.contactPointId, fields: ['name', 'category', 'description'], clientAddress }, now);
          return row;
        });
      return record(tx, insertFiles);
    });
  } catch (error) {
    for (const id of ids) await removeStored(settings.store, id);
    throw error;
  }
}

/**
 * Where an upload's files go: a case (caseId), or a collective case's group (caseId null; `recorded` links the rows
 * to the group, src/collective/shared-evidence.service.ts). `heldBytes` is what counts against the case limit.
 */
type StoreTarget = { caseId: number | null; contactPointId: number; heldBytes: (db: DbOrTx) => number };
export type UploadTarget = StoreTarget & { recorded: (tx: Tx, rows: EvidenceRow[], fields: UploadFieldsInput) => void };

const caseTarget = (kase: Case): StoreTarget => ({ caseId: kase.id, contactPointId: kase.contactPointId, heldBytes: (db) => repo.bytesHeldForCase(db, kase.id) });

/**
 * One upload of one or several files (the evidence card of a case, or a group's files): at least one file, the
 * category and description shared by all, recorded by the target (an "attached N files" timeline entry). Any refusal
 * keeps nothing.
 */
export async function receiveFiles(db: Db, settings: EvidenceSettings, actor: Actor, target: UploadTarget, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<UploadResult> {
  const check: FormCheck<UploadFieldsInput> = (fields) => {
    const result = UploadFields.safeParse(fields);
    return result.success ? { ok: true, form: result.data, keepLocation: !!result.data.keepLocation } : { ok: false, errors: fieldErrors(result.error) };
  };
  const received = await readFiles(settings, target.heldBytes, db, parts, check);
  if (!received.ok) return received;
  if (!received.staged.length) return { ok: false, status: 422, messageKey: 'evidence.errors.fields', file: null, errors: { files: 'evidence.errors.noFile' }, values: received.fields };
  const form = received.form;
  await keepStaged(db, settings, actor, target, received, form, (tx, insertFiles) => target.recorded(tx, insertFiles(null), form), clientAddress, now);
  return { ok: true, added: received.staged.length };
}

/** An upload to a case's evidence card. */
export function receiveUpload(db: Db, settings: EvidenceSettings, actor: Actor, kase: Case, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<UploadResult> {
  return receiveFiles(db, settings, actor, {
    ...caseTarget(kase),
    recorded: (tx, rows, form) => {
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'evidence_added', data: { evidenceIds: rows.map((r) => r.id), count: rows.length, category: form.category } }, now);
    },
  }, parts, clientAddress, now);
}

export type EntryResult = { ok: true; event: ReturnType<typeof addTimelineEntryIn>; attached: number } | ({ ok: false } & UploadRefusal);

/**
 * A timeline entry (note, call, meeting) with files attached to it, from the case page's quick-add form: the entry's
 * fields, then any files, each checked as an upload to the evidence card is. The entry and its files are written in
 * one write unit, or — when the entry's fields or any file are refused — nothing at all. The files are the case's
 * evidence, linked to the entry (evidence_files.event_id): an attachment of a restricted note is seen only by those
 * who may read the note.
 */
export async function receiveEntryWithFiles(db: Db, settings: EvidenceSettings, actor: Actor, kase: Case, parts: AsyncIterable<UploadPart>, clientAddress: string | null, now: number): Promise<EntryResult> {
  const check: FormCheck<{ entry: TimelineEntryInput; files: AttachFieldsInput }> = (fields) => {
    const entry = TimelineEntryForm(now).safeParse(fields);
    const files = AttachFields.safeParse(fields);
    if (entry.success && files.success) return { ok: true, form: { entry: entry.data, files: files.data }, keepLocation: !!files.data.keepLocation };
    return { ok: false, errors: { ...(entry.success ? {} : fieldErrors(entry.error)), ...(files.success ? {} : fieldErrors(files.error)) } };
  };
  const received = await readFiles(settings, caseTarget(kase).heldBytes, db, parts, check);
  if (!received.ok) return received;
  const form = received.form;
  const event = await keepStaged(db, settings, actor, caseTarget(kase), received, { category: form.files.attachCategory, description: '' }, (tx, insertFiles) => {
    const event = addTimelineEntryIn(tx, actor, kase.id, form.entry, clientAddress, now);
    insertFiles(event.id);
    return event;
  }, clientAddress, now);
  return { ok: true, event, attached: received.staged.length };
}

/** Whether the actor may see a file: any file of a case they may see, but a restricted note's attachment only with the note. */
function mayViewFile(actor: Actor | null, kase: Case, file: { eventId: number | null; eventRestricted: boolean | null; eventAuthor: string | null }): boolean {
  if (file.eventId === null) return true;
  return !!actor && can(actor, 'note.view', { contactPointId: kase.contactPointId, authorId: file.eventAuthor ?? '', restricted: !!file.eventRestricted });
}

/** The files of a case the actor may see (the case itself already checked), newest first. */
export const evidenceOfCase = (db: DbOrTx, actor: Actor, kase: Case) => repo.listEvidenceOfCase(db, kase.id).filter((f) => mayViewFile(actor, kase, f));
export const evidenceOfCases = repo.evidenceOfCases;

/** A held file of a case the actor may see, or 404 (the same answer as for a case, or a note, that does not exist). */
function fileFor(db: DbOrTx, actor: Actor | null, caseId: number, id: number, action: 'case.view' | 'case.update'): { kase: Case; row: EvidenceRow } {
  const kase = caseFor(db, actor, caseId, action);
  const found = Number.isSafeInteger(id) ? repo.findEvidenceOfCase(db, kase.id, id) : undefined;
  if (!found || !mayViewFile(actor, kase, found)) throw notFound();
  const { eventRestricted: _r, eventAuthor: _a, ...row } = found;
  return { kase, row };
}

export function evidenceFileFor(db: Db, actor: Actor | null, caseId: number, id: number) {
  return fileFor(db, actor, caseId, id, 'case.view').row;
}

/**
 * A held file's bytes, for any download (a case's, a group's, a partner link's). Missing, changed on disk, or under
 * another key: a fault of the server, never shown as the file.
 */
export async function storedBytes(settings: EvidenceSettings, row: { storageId: string }): Promise<Buffer> {
  const bytes = await readStored(settings.store, row.storageId);
  if (!bytes) throw new AppError(500, 'evidence.errors.unreadable');
  return bytes;
}

/** The bytes of a file for a download or a preview, each an audited export. */
export async function evidenceForDownload(db: Db, settings: EvidenceSettings, actor: Actor, caseId: number, id: number, clientAddress: string | null, now: number) {
  const { kase, row } = fileFor(db, actor, caseId, id, 'case.view');
  const bytes = await storedBytes(settings, row);
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'evidence', targetId: row.id, contactPointId: kase.contactPointId, clientAddress }, now);
  return { row, bytes };
}

/**
 * A file's thumbnail, to the same people as the file (404 otherwise, and for a file without one). Not audited: a
 * list of 160-pixel pictures is part of the documents list, which the case view already audits.
 */
export async function evidenceThumbnail(db: Db, settings: EvidenceSettings, actor: Actor, caseId: number, id: number): Promise<Buffer> {
  const { row } = fileFor(db, actor, caseId, id, 'case.view');
  if (!row.thumbStorageId) throw notFound();
  const bytes = await readStored(settings.store, row.thumbStorageId);
  if (!bytes) throw new AppError(500, 'evidence.errors.unreadable');
  return bytes;
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
  for (const r of rows) {
    await removeStored(settings.store, r.storageId);
    if (r.thumbStorageId) await removeStored(settings.store, r.thumbStorageId);
  }
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
