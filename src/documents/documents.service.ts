import { sha256 as sha256Of } from '../shared/tokens.js';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import type { Actor } from '../auth/policy.js';
import { appendEvent, caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db, Tx } from '../db/client.js';
import { write } from '../db/write.js';
import { composeLetter } from '../letters/letter-content.js';
import { minimiseSnapshot, type LetterKind, type LetterSnapshot } from '../letters/letter-snapshot.js';
import { renderLetterPdf } from '../letters/pdf.js';
import { notFound } from '../shared/errors.js';
import * as repo from './documents.repo.js';
import type { DocumentTranslation } from './documents.table.js';

/**
 * Revision of the letters' fixed wording (src/letters/letter-strings.ts). Bump it when the wording
 * changes, so that every stored document says which text it was made with.
 */
export const LETTER_TEMPLATE_REVISION = 1;

export type RenderedPdf = { pdf: Buffer; pageCount: number; warnings: string[] };

export type StoreDocumentInput = {
  kase: Pick<Case, 'id' | 'contactPointId'>;
  kind: string;
  template: string;
  language: string;
  /** Who had approved the language's wording and which parts are English; null for an English document. */
  translation?: DocumentTranslation | null;
  /** Stored as it is: pass the minimised snapshot. */
  snapshot: object;
  /** Makes the PDF for the version it will be stored as. */
  render(version: number): Promise<RenderedPdf>;
  actorId: string;
  clientAddress: string | null;
  /** More of the same change, written in the document's own unit: both are saved, or neither (a referral sent with its letter). */
  alsoWrite?(tx: Tx, documentId: number): void;
};

export type StoredDocument = { id: number; caseId: number; kind: string; version: number; sha256: string; pageCount: number; warnings: string[] };


/**
 * Stores a new version of a document, with its timeline event ("letter generated", no personal text)
 * and its audit entry, in one transaction. Rendering is slow and asynchronous, so it runs before the
 * (synchronous, IMMEDIATE) transaction; if another generation took the version meanwhile, it renders again.
 */
export async function storeDocument(db: Db, input: StoreDocumentInput, now: number): Promise<StoredDocument> {
  const { kase, kind } = input;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const version = repo.nextDocumentVersion(db, kase.id, kind);
    const rendered = await input.render(version);
    const sha256 = sha256Of(rendered.pdf);
    const warnings = [...new Set(rendered.warnings)];
    const stored = await write(
      db,
      (tx) => {
        if (repo.nextDocumentVersion(tx, kase.id, kind) !== version) return null;
        const row = repo.insertDocument(tx, {
          caseId: kase.id,
          kind,
          template: input.template,
          language: input.language,
          translation: input.translation ?? null,
          version,
          snapshot: input.snapshot as Record<string, unknown>,
          sha256,
          pdf: rendered.pdf,
          byteSize: rendered.pdf.byteLength,
          pageCount: rendered.pageCount,
          warnings,
          createdAt: now,
          createdBy: input.actorId,
        });
        appendEvent(tx, { caseId: kase.id, userId: input.actorId, kind: 'letter_generated', data: { documentId: row.id, kind, version } }, now);
        recordAudit(tx, { userId: input.actorId, action: 'letter', targetType: 'document', targetId: row.id, contactPointId: kase.contactPointId, clientAddress: input.clientAddress }, now);
        input.alsoWrite?.(tx, row.id);
        return row;
      },
    );
    if (stored) return { id: stored.id, caseId: kase.id, kind, version, sha256, pageCount: rendered.pageCount, warnings };
  }
  throw new Error(`No free version for a ${kind} document of case ${kase.id}`);
}

/**
 * Composes, renders and stores a letter in the snapshot's language. Throws MissingLetterFactsError (nothing stored)
 * when the snapshot lacks a fact the letter needs, LetterLanguageError when the language has no strings for it. The letter is composed from the minimised snapshot, the
 * one that is stored, so that the stored facts always make the stored letter again.
 */
export async function storeLetter(
  db: Db,
  input: { kase: Pick<Case, 'id' | 'contactPointId'>; kind: LetterKind; snapshot: LetterSnapshot; actorId: string; clientAddress: string | null; alsoWrite?: StoreDocumentInput['alsoWrite'] },
  now: number,
): Promise<StoredDocument> {
  const snapshot = minimiseSnapshot(input.kind, input.snapshot);
  const letter = composeLetter(input.kind, snapshot);
  return storeDocument(
    db,
    {
      kase: input.kase,
      kind: input.kind,
      template: `${input.kind}@${LETTER_TEMPLATE_REVISION}`,
      language: letter.language,
      translation: snapshot.translation ?? null,
      snapshot,
      actorId: input.actorId,
      clientAddress: input.clientAddress,
      alsoWrite: input.alsoWrite,
      async render(version) {
        // The version is in the PDF's title, so two versions made from the same facts still differ.
        const rendered = await renderLetterPdf({ ...letter, title: `${letter.title} · v${version}` });
        return { pdf: rendered.pdf, pageCount: rendered.pageCount, warnings: rendered.warnings.map((w) => w.code) };
      },
    },
    now,
  );
}

const FILE_SLUGS: Record<string, string> = {
  letter_before_claim: 'letter-before-claim',
  inspectorate_complaint: 'inspectorate-complaint',
  statement_of_interest: 'statement-of-interest-request',
  referral: 'referral-letter',
  worker_summary: 'case-summary',
};

/** `LDN-2026-00042-letter-before-claim-v2.pdf`: reference, kind and version, nothing personal. */
export function documentFileName(reference: string, kind: string, version: number): string {
  const slug = FILE_SLUGS[kind] ?? kind.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  return `${reference}-${slug}-v${version}.pdf`;
}

export function documentsOfCase(db: Db, caseId: number) {
  return repo.listDocumentsOfCase(db, caseId);
}

/** A document of a case the actor may see, or 404; every download is an audited export. */
export function documentForDownload(db: Db, actor: Actor | null, caseId: number, documentId: number, clientAddress: string | null, now: number) {
  const kase = caseFor(db, actor, caseId, 'case.view');
  const doc = Number.isSafeInteger(documentId) ? repo.findDocumentOfCase(db, kase.id, documentId) : undefined;
  if (!doc) throw notFound();
  auditSoon(db, { userId: actor!.id, action: 'export', targetType: 'document', targetId: doc.id, contactPointId: kase.contactPointId, clientAddress }, now);
  return { doc, fileName: documentFileName(kase.reference, doc.kind, doc.version) };
}
