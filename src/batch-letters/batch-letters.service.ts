import { setImmediate as nextTurn } from 'node:timers/promises';
import { recordAudit } from '../audit/audit.repo.js';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { caseFor } from '../cases/cases.service.js';
import { collectiveFor } from '../collective/collective.service.js';
import * as groupRepo from '../collective/collective.repo.js';
import type { Collective } from '../collective/collective.table.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { write } from '../db/write.js';
import { documentFileName, storeLetter } from '../documents/documents.service.js';
import { translator } from '../i18n/index.js';
import { MissingLetterFactsError } from '../letters/letter-content.js';
import { factLabels, missingFacts } from '../letters/letter-facts.js';
import { loadLetterFacts, prefillLetterForm, snapshotFromForm, type LetterCaseFacts } from '../letters/letter-from-case.js';
import { openingLetterLanguage } from '../letters/letter-language.js';
import { minimiseSnapshot } from '../letters/letter-snapshot.js';
import { LetterForm, letterFieldErrors, letterFormBody } from '../letters/letters.schema.js';
import { currentReview } from '../letters/translation-reviews.service.js';
import { findParty } from '../parties/parties.repo.js';
import { notFound } from '../shared/errors.js';
import { zipFiles, type ZipFile } from '../shared/zip.js';
import { contactPointsOfUser, findUser } from '../users/users.repo.js';
import * as repo from './batch-letters.repo.js';
import type { BatchCommon, BatchLetterKind, LetterBatch, MemberLetterKind } from './batch-letters.table.js';
import { composeCollectiveLetter } from './collective-letter.js';
import { renderLetterPdf } from '../letters/pdf.js';
import { currentConsent } from '../people/people.repo.js';
import { sha256 } from '../shared/tokens.js';

type Who = { actor: Actor; clientAddress: string | null; now: number };

/** A batch of a group the actor may see, or 404: the group's rule (a batch of another desk's group does not exist). */
export function batchFor(db: Db, actor: Actor | null, collectiveId: number, batchId: number): { group: Collective; batch: LetterBatch } {
  const group = collectiveFor(db, actor, collectiveId);
  const batch = Number.isSafeInteger(batchId) ? repo.findBatch(db, batchId) : undefined;
  if (!batch || batch.collectiveId !== group.id) throw notFound();
  return { group, batch };
}

/** Queues a letter for every worker still in the group; the runner makes them in the background. Audited. */
export function startBatch(db: Db, group: Collective, input: { kind: BatchLetterKind; common: BatchCommon; uiLocale: string }, who: Who): Promise<LetterBatch> {
  return write(db, (tx) => {
    const members = groupRepo.membersOf(tx, group.id).filter((m) => m.leftAt === null && m.anonymisedAt === null);
    const batch = repo.insertBatch(tx, { collectiveId: group.id, contactPointId: group.contactPointId, kind: input.kind, common: input.common, uiLocale: input.uiLocale, total: members.length, createdAt: who.now, createdBy: who.actor.id });
    repo.insertItems(tx, batch.id, members.map((m) => m.caseId));
    recordAudit(tx, { userId: who.actor.id, action: 'create', targetType: 'letter_batch', targetId: batch.id, contactPointId: group.contactPointId, fields: [input.kind], clientAddress: who.clientAddress }, who.now);
    if (members.length === 0) repo.finishBatch(tx, batch.id, 'done', who.now);
    return batch;
  });
}

export type BatchProgress = ReturnType<typeof batchProgress>;

export function batchProgress(db: Db, batch: LetterBatch) {
  const byStatus = repo.itemCounts(db, batch.id);
  const counts = { ...byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0) };
  const processed = counts.total - counts.pending;
  return {
    counts,
    processed,
    percent: batch.total ? Math.floor((processed * 100) / batch.total) : 100,
    problems: batch.status === 'running' ? [] : repo.problemItems(db, batch.id),
    collectiveLetter: batch.kind === 'collective_letter' && repo.hasCollectiveLetter(db, batch.id),
  };
}

/** The zip of the batch's letters, each named by case reference, kind and version (src/documents): no names. Audited. */
export async function batchZip(db: Db, group: Collective, batch: LetterBatch, who: Who): Promise<{ fileName: string; bytes: Uint8Array }> {
  const files: ZipFile[] = [];
  const collective = repo.collectiveLetterOfBatch(db, batch.id);
  if (collective) files.push({ path: `${group.reference}-collective-letter-v${collective.version}.pdf`, bytes: collective.pdf });
  for (let after = 0; ; ) {
    const page = repo.storedLetters(db, batch.id, after, 100);
    if (!page.length) break;
    // A letter whose case was anonymised since (retention, erasure) has no content left to give out.
    for (const row of page) if (row.anonymisedAt === null) files.push({ path: documentFileName(row.reference, row.kind, row.version), bytes: row.pdf });
    after = page[page.length - 1]!.itemId;
  }
  auditSoon(db, { userId: who.actor.id, action: 'export', targetType: 'letter_batch', targetId: batch.id, contactPointId: group.contactPointId, clientAddress: who.clientAddress }, who.now);
  // PDFs are compressed already: stored as they are.
  return { fileName: `${group.reference}-letters-${batch.id}.zip`, bytes: await zipFiles(files, null, { store: true }) };
}

/** The group page's Letters section: the group's batches, newest first, with what each offers to download. */
export function groupLetters(db: Db, group: Collective) {
  const batches = repo.batchesOfGroup(db, group.id);
  const stored = repo.storedCounts(db, batches.map((b) => b.id));
  const collective = new Map(repo.collectiveLettersOfGroup(db, group.id).map((c) => [c.batchId, c]));
  return batches.map((b) => ({ ...b, stored: stored.get(b.id) ?? 0, collectiveLetter: collective.get(b.id) ?? null }));
}

/** The collective letter of a batch on its own, as a PDF download (the group page links it). Audited like the zip. */
export function collectiveLetterPdf(db: Db, group: Collective, batch: LetterBatch, who: Who): { fileName: string; bytes: Buffer } {
  const letter = repo.collectiveLetterOfBatch(db, batch.id);
  if (!letter) throw notFound();
  auditSoon(db, { userId: who.actor.id, action: 'export', targetType: 'letter_batch', targetId: batch.id, contactPointId: group.contactPointId, fields: ['collectiveLetter'], clientAddress: who.clientAddress }, who.now);
  return { fileName: `${group.reference}-collective-letter-v${letter.version}.pdf`, bytes: letter.pdf };
}

/** The actor a batch runs as: its starter as they are now (an account closed or moved since makes no more letters). */
function starterOf(db: Db, batch: LetterBatch): Actor | null {
  const user = findUser(db, batch.createdBy);
  if (!user || !user.active) return null;
  return { id: user.id, role: user.role, contactPointIds: contactPointsOfUser(db, user.id).map((c) => c.id) };
}

/** The group's party is the employer of a member case that names none of its own (the party is shared, not copied). */
function withGroupParty(facts: LetterCaseFacts, group: Collective, db: Db): LetterCaseFacts {
  if (facts.employer) return facts;
  const party = findParty(db, group.partyId);
  if (!party) return facts;
  return { ...facts, employer: { id: party.id, name: party.name, role: 'employer', address: party.address, country: party.country, sector: party.sector, registrationNumber: party.registrationNumber } };
}

export type Runner = {
  /** Starts (or resumes) a batch in the background; returns at once. */
  run(batchId: number): void;
  /** Resumes every batch left running (a restart). */
  resumeAll(): void;
  /** Stops after the letter being made; what is pending stays pending and resumes at the next start. */
  stop(): Promise<void>;
  /** Resolves when the batch has no more work in this process (tests, bench). */
  settled(batchId: number): Promise<void>;
};

type Log = { error(obj: object, msg: string): void };

/**
 * Makes a batch's letters one member at a time in this process, yielding to the event loop between two, so the
 * server keeps answering while 500 letters are made. Each letter is stored with its item marked in the same
 * transaction: a restart never makes a letter twice, and resumes where it stopped.
 */
export function createRunner(db: Db, opts: { now: () => number; log: Log }): Runner {
  const active = new Map<number, Promise<void>>();
  let stopped = false;

  /** One translator per desk of a batch: building one costs more than a letter's text. */
  const translators = new Map<string, ReturnType<typeof translator>>();
  const uiOf = (locale: string, cp: { id: number; country: string; timezone: string }) => {
    const key = `${locale}|${cp.id}`;
    let tr = translators.get(key);
    if (!tr) translators.set(key, (tr = translator(locale, cp.country, cp.timezone)));
    return tr;
  };

  async function makeOne(batch: LetterBatch, group: Collective, actor: Actor | null, item: { id: number; caseId: number }) {
    if (batch.kind === 'collective_letter') return listOne(batch, actor, item);
    const kind: MemberLetterKind = batch.kind;
    const now = opts.now();
    const finish = (values: Parameters<typeof repo.finishItem>[2]) => write(db, (tx) => repo.finishItem(tx, item.id, values));
    let kase;
    try {
      kase = caseFor(db, actor, item.caseId, 'case.letter');
    } catch {
      // The starter may no longer write letters on this case (moved desk, case transferred or anonymised).
      return finish({ status: 'failed', doneAt: now });
    }
    const cp = findContactPoint(db, kase.contactPointId)!;
    const ui = uiOf(batch.uiLocale, cp);
    const facts = withGroupParty(loadLetterFacts(db, kase, actor!), group, db);
    const language = openingLetterLanguage(kind, { jurisdictionCountry: kase.jurisdictionCountry, contactPointLocale: cp.defaultLocale, personLanguages: facts.person?.languages });
    const values = { ...prefillLetterForm(kind, facts, ui, now, language), ...batch.common };
    const parsed = LetterForm.safeParse(letterFormBody(values));
    if (!parsed.success) {
      // A value of the case the form refuses (too long, a currency the desk does not use): shown as what to fix.
      return finish({ status: 'missing', missing: Object.entries(letterFieldErrors(parsed.error)).map(([field, key]) => `${field}: ${ui.t(key)}`), doneAt: now });
    }
    const snapshot = snapshotFromForm(parsed.data, facts, now, currentReview(db, language));
    try {
      await storeLetter(db, { kase, kind, snapshot, actorId: batch.createdBy, clientAddress: null, alsoWrite: (tx, documentId) => repo.finishItem(tx, item.id, { status: 'stored', documentId, language, doneAt: now }) }, now);
    } catch (error) {
      if (!(error instanceof MissingLetterFactsError)) throw error;
      const missing = missingFacts(kind, minimiseSnapshot(kind, snapshot), factLabels(ui.t)).map((f) => f.label);
      await finish({ status: 'missing', missing, doneAt: now });
    }
  }

  /**
   * A worker of the collective letter: named when their consent lets the desk give their identity outside it
   * (share_with_partners: the party is outside the desk, as a partner is), else counted only.
   */
  async function listOne(batch: LetterBatch, actor: Actor | null, item: { id: number; caseId: number }) {
    const now = opts.now();
    const finish = (status: 'named' | 'unnamed' | 'failed') => write(db, (tx) => repo.finishItem(tx, item.id, { status, doneAt: now }));
    try {
      caseFor(db, actor, item.caseId, 'case.view');
    } catch {
      return finish('failed');
    }
    const member = repo.memberForLetter(db, item.caseId);
    const consent = member?.personId ? currentConsent(db, member.personId) : undefined;
    const named = member !== undefined && member.anonymisedAt === null && !!(member.name?.trim() || member.alias?.trim()) && !!consent?.scopes.includes('share_with_partners');
    return finish(named ? 'named' : 'unnamed');
  }

  /** Composes, renders and stores the collective letter; the batch ends in the same transaction (never two letters). */
  async function finishCollective(batch: LetterBatch, group: Collective) {
    const now = opts.now();
    const cp = findContactPoint(db, group.contactPointId)!;
    const party = findParty(db, group.partyId)!;
    const user = findUser(db, batch.createdBy);
    const named = repo.namedWorkers(db, batch.id);
    const counts = repo.itemCounts(db, batch.id);
    const letter = composeCollectiveLetter({
      group,
      party: { name: party.name, address: party.address },
      contactPoint: cp,
      counsellor: { name: user?.displayName ?? '', email: batch.common.counsellorEmail, phone: batch.common.counsellorPhone },
      facts: batch.common.facts,
      named: named.map((w) => (w.name?.trim() || w.alias?.trim())!),
      unnamedCount: counts.unnamed,
      now,
    });
    const version = repo.nextCollectiveLetterVersion(db, group.id);
    const rendered = await renderLetterPdf({ ...letter, title: `${letter.title} · v${version}` });
    await write(db, (tx) => {
      const row = repo.insertCollectiveLetter(tx, {
        collectiveId: group.id,
        batchId: batch.id,
        version,
        language: letter.language,
        namedCount: named.length,
        unnamedCount: counts.unnamed,
        namedCaseIds: named.map((w) => w.caseId),
        sha256: sha256(rendered.pdf),
        pdf: rendered.pdf,
        byteSize: rendered.pdf.byteLength,
        pageCount: rendered.pageCount,
        createdAt: now,
        createdBy: batch.createdBy,
      });
      recordAudit(tx, { userId: batch.createdBy, action: 'letter', targetType: 'collective_letter', targetId: row.id, contactPointId: group.contactPointId, clientAddress: null }, now);
      repo.finishBatch(tx, batch.id, 'done', now);
    });
  }

  async function loop(batchId: number) {
    const batch = repo.findBatch(db, batchId);
    if (!batch || batch.status !== 'running') return;
    const group = groupRepo.findCollective(db, batch.collectiveId)!;
    const actor = starterOf(db, batch);
    const mayGo = actor !== null && can(actor, 'case.view', { contactPointId: group.contactPointId });
    try {
      while (!stopped) {
        const [item] = repo.pendingItems(db, batch.id, 1);
        if (!item) {
          if (batch.kind === 'collective_letter' && mayGo) await finishCollective(batch, group);
          else await write(db, (tx) => repo.finishBatch(tx, batch.id, mayGo ? 'done' : 'failed', opts.now()));
          return;
        }
        if (mayGo) await makeOne(batch, group, actor, item);
        else await write(db, (tx) => repo.finishItem(tx, item.id, { status: 'failed', doneAt: opts.now() }));
        // One letter, then the event loop: requests waiting meanwhile are answered before the next.
        await nextTurn();
      }
    } catch (error) {
      // A fault of ours (not the case's): the batch ends as failed; what was stored stays stored and downloadable.
      opts.log.error({ err: error, batchId: batch.id }, 'letter batch failed');
      await write(db, (tx) => repo.finishBatch(tx, batch.id, 'failed', opts.now())).catch(() => undefined);
    }
  }

  const runner: Runner = {
    run(batchId) {
      if (stopped || active.has(batchId)) return;
      const p = loop(batchId).finally(() => active.delete(batchId));
      active.set(batchId, p);
    },
    resumeAll() {
      for (const id of repo.runningBatchIds(db)) runner.run(id);
    },
    async stop() {
      stopped = true;
      await Promise.all([...active.values()]);
    },
    async settled(batchId) {
      await active.get(batchId);
    },
  };
  return runner;
}
