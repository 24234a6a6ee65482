/**
 * A person's data export (GDPR art. 15, issue 12 item 7): one download holding everything the desk keeps about them —
 * the record, consents, cases with their timeline, amounts, deadlines, letters (the PDFs themselves), referrals with
 * what was shared with which partner and when, transfers, and who opened or changed their records — as a readable
 * HTML page and a JSON file, in a zip that may be encrypted (AES-256, @zip.js/zip.js). Restricted notes are left out
 * unless the counsellor, reviewing them first, includes them one by one; notes the counsellor may not read never go.
 */
import { ruleTextIn } from '../deadlines/rule-text.js';
import { Eta } from 'eta';
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import type { CaseType } from '../cases/catalogue.js';
import { caseTypesOfCases, displayNamesOf } from '../cases/cases.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { documentFileName } from '../documents/documents.service.js';
import type { Translator } from '../i18n/index.js';
import type { LetterSnapshot } from '../letters/letter-snapshot.js';
import { viewsDir } from '../paths.js';
import { consentHistoryWithRecorder } from '../people/people.repo.js';
import type { Person } from '../people/people.table.js';
import { sharedDetails } from '../referrals/referral-share.js';
import { evidenceOfCases } from '../evidence/evidence.repo.js';
import { linksForExport } from '../partner-links/partner-links.service.js';
import * as repo from './person-export.repo.js';
import { zipFiles, type ZipFile } from '../shared/zip.js';

type EventRow = ReturnType<typeof repo.eventsOfCases>[number];

/** The person's cases this actor may open: a case transferred to another desk is that desk's to export. */
const visibleCases = (db: DbOrTx, actor: Actor, personId: number) => repo.casesOfPerson(db, personId).filter((r) => can(actor, 'case.view', { contactPointId: r.kase.contactPointId }));

const mayRead = (actor: Actor, contactPointId: number, e: Pick<EventRow, 'restricted' | 'userId'>) => can(actor, 'note.view', { contactPointId, authorId: e.userId ?? '', restricted: e.restricted });

/** The review step: the restricted notes this counsellor may read (to include or not), and how many others there are. */
export function exportReview(db: DbOrTx, actor: Actor, person: Person) {
  const all = repo.casesOfPerson(db, person.id);
  const kases = visibleCases(db, actor, person.id).map((r) => r.kase);
  const refs = new Map(kases.map((k) => [k.id, k]));
  const events = repo.eventsOfCases(db, [...refs.keys()]);
  const restricted = events.filter((e) => e.restricted && e.body);
  const reviewable = restricted.filter((e) => mayRead(actor, refs.get(e.caseId)!.contactPointId, e));
  return {
    cases: kases.length,
    entries: events.filter((e) => !e.restricted).length,
    documents: repo.documentsOfCases(db, [...refs.keys()]).length,
    referrals: repo.referralsOfCases(db, [...refs.keys()]).length,
    restricted: reviewable.map((e) => ({ id: e.id, caseReference: refs.get(e.caseId)!.reference, at: e.at, kind: e.kind, authorName: e.authorName, body: e.body })),
    othersRestricted: restricted.length - reviewable.length,
    casesElsewhere: all.length - kases.length,
    sensitive: {
      immigrationSituation: person.immigrationStatus !== 'unknown',
      safety: person.safetyFlags.length > 0 || !!person.safetyNote,
      parties: repo.partiesOfCases(db, [...refs.keys()]).length,
    },
  };
}

const iso = (at: number | null | undefined) => (at == null ? null : new Date(at).toISOString());
const decimal = (minor: number | null) => (minor === null ? null : (minor / 100).toFixed(2));

/** Structured detail of a timeline entry as the person can read it: no internal ids. */
function details(tr: Translator, e: EventRow, names: Map<string, string>): string {
  const d = e.data ?? {};
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  const status = (v: unknown) => (s(v) ? tr.t(`cases.statuses.${s(v)}`, { defaultValue: s(v) }) : '');
  switch (e.kind) {
    case 'status_change':
      return [status(d.from), status(d.to)].filter(Boolean).join(' → ');
    case 'assignment':
      return s(d.to) ? (names.get(s(d.to)) ?? '') : '';
    case 'referral_change':
      return [s(d.partner), tr.t(`referrals.statuses.${s(d.to)}`, { defaultValue: s(d.to) })].filter(Boolean).join(': ');
    case 'deadline_change':
      return [s(d.title), s(d.dueDate)].filter(Boolean).join(', ');
    case 'transfer':
      return [s(d.fromName), s(d.toName)].filter(Boolean).join(' → ');
    case 'letter_generated':
      return tr.t('exports.letterVersion', { kind: tr.t(`letters.kinds.${s(d.kind)}`, { defaultValue: s(d.kind) }), version: String(d.version ?? '') });
    case 'field_change':
      return Array.isArray(d.fields) ? d.fields.map((f) => tr.t(`casePage.fields.${String(f)}`, { defaultValue: String(f) })).join(', ') : '';
    default:
      return [s(d.occurredOn), s(d.occurredTime)].filter(Boolean).join(' ');
  }
}

export type PersonExport = ReturnType<typeof gatherExport>['data'];

/**
 * Everything held about the person, as plain data (what the JSON file holds and the HTML page shows), and the letters'
 * PDFs as files. `include`: ids of restricted notes the counsellor chose; only those this counsellor may read go in.
 */
export function gatherExport(db: DbOrTx, actor: Actor, person: Person, include: ReadonlySet<number>, tr: Translator, now: number) {
  const caseRows = visibleCases(db, actor, person.id);
  const caseIds = caseRows.map((r) => r.kase.id);
  const types = caseTypesOfCases(db, caseIds);
  const cpOf = new Map(caseRows.map((r) => [r.kase.id, r.kase.contactPointId]));
  const events = repo.eventsOfCases(db, caseIds).filter((e) => !e.restricted || (include.has(e.id) && mayRead(actor, cpOf.get(e.caseId)!, e)));
  const assignees = displayNamesOf(db, events.filter((e) => e.kind === 'assignment' && typeof e.data?.to === 'string').map((e) => e.data!.to as string));
  const docs = repo.documentsOfCases(db, caseIds);
  // A restricted note's attachments go in with the note, or not at all.
  const included = new Set(events.map((e) => e.id));
  const evidenceRows = evidenceOfCases(db, caseIds).filter((f) => !f.eventRestricted || included.has(f.eventId!));
  const referralRows = repo.referralsOfCases(db, caseIds);
  // Links through which a partner could download files: when, until when, which files — never a token (none is kept).
  const linkRows = linksForExport(db, caseIds, now);
  const fileName = new Map(evidenceRows.map((f) => [f.id, f.name]));
  const transferRows = repo.transfersOfCases(db, caseIds);
  const partyRows = repo.partiesOfCases(db, caseIds);
  const deadlineRows = repo.deadlinesOfCases(db, caseIds);
  const cp = repo.contactPointOf(db, person.contactPointId);
  const reference = new Map(caseRows.map((r) => [r.kase.id, r.kase.reference]));
  const files: ZipFile[] = [];
  const fileOf = new Map<number, string>();
  for (const d of docs) {
    if (d.pdf.byteLength === 0) continue;
    const path = `letters/${documentFileName(reference.get(d.caseId) ?? 'case', d.kind, d.version)}`;
    files.push({ path, bytes: d.pdf });
    fileOf.set(d.id, path);
  }
  const words = { yes: tr.t('referrals.share.yes'), no: tr.t('referrals.share.no'), total: tr.t('referrals.share.total'), since: tr.t('referrals.share.since'), until: tr.t('referrals.share.until') };
  /** What the partner received: the fields of the letter sent, as the partner read them. */
  const sharedOf = (referralId: number, caseId: number) => {
    const sent = events.find((e) => e.caseId === caseId && e.kind === 'referral_change' && e.data?.referralId === referralId && e.data?.to === 'sent');
    const doc = docs.find((d) => d.id === sent?.data?.documentId);
    if (!doc || !('referral' in doc.snapshot)) return null;
    return sharedDetails(doc.snapshot as unknown as LetterSnapshot, words).map((s) => ({ field: s.field, label: tr.t(`referrals.fields.shared.${s.field}`), value: s.value }));
  };
  const audit = repo.auditAbout(db, { personId: person.id, caseIds, documentIds: docs.map((d) => d.id), referralIds: referralRows.map((r) => r.id), partnerLinkIds: linkRows.map((l) => l.id) });

  const data = {
    format: 'uniondesk-person-export/1',
    generatedAt: iso(now)!,
    heldBy: cp ? { contactPoint: cp.name, union: cp.unionName, country: cp.country, city: cp.city, email: cp.email || null } : null,
    person: {
      number: person.id,
      name: person.name,
      alias: person.alias,
      preferredLanguage: person.preferredLanguage,
      languages: person.languages,
      interpreterNeeded: person.interpreterNeeded,
      phone: person.phone,
      messagingHandle: person.messagingHandle,
      nationality: person.nationality,
      gender: person.gender,
      birthYear: person.birthYear,
      birthDate: person.birthDate,
      immigrationSituation: person.immigrationStatus,
      visaType: person.visaType,
      visaExpiry: person.visaExpiry,
      union: { name: person.unionName, number: person.unionNumber, since: person.unionSince },
      safetyFlags: person.safetyFlags,
      safetyNote: person.safetyNote,
      recordedAt: iso(person.createdAt),
    },
    consents: consentHistoryWithRecorder(db, person.id).map((c) => ({ givenOn: c.givenOn, scopes: c.scopes, note: c.note, recordedBy: c.recordedBy, recordedAt: iso(c.createdAt) })),
    cases: caseRows.map(({ kase, assignedName }) => ({
      reference: kase.reference,
      status: kase.status,
      caseTypes: (types.get(kase.id) ?? []) as CaseType[],
      sector: kase.sector,
      jurisdiction: { country: kase.jurisdictionCountry, region: kase.jurisdictionRegion },
      summary: kase.summary,
      employment: { start: kase.employmentStart, end: kase.employmentEnd },
      amounts: { currency: kase.currency, claimed: decimal(kase.amountClaimedMinor), recovered: decimal(kase.amountRecoveredMinor) },
      outcome: kase.outcome,
      outcomeNote: kase.outcomeNote,
      openedAt: iso(kase.openedAt),
      closedAt: iso(kase.closedAt),
      assignedTo: assignedName,
      parties: partyRows.filter((p) => p.caseId === kase.id).map((p) => ({ name: p.name, kind: p.kind, role: p.role })),
      timeline: events
        .filter((e) => e.caseId === kase.id)
        .map((e) => ({ at: iso(e.at)!, kind: e.kind, author: e.authorName, text: e.body, restricted: e.restricted, details: details(tr, e, assignees) })),
      deadlines: deadlineRows
        .filter((d) => d.caseId === kase.id)
        .map((d) => ({ title: d.title, dueDate: d.dueDate, status: d.status, source: d.source, rule: d.ruleId, explanation: d.explanation, editReason: d.editReason })),
      letters: docs
        .filter((d) => d.caseId === kase.id)
        .map((d) => ({ kind: d.kind, version: d.version, language: d.language, madeAt: iso(d.createdAt)!, madeBy: d.createdByName, sha256: d.sha256, file: fileOf.get(d.id) ?? null })),
      evidence: evidenceRows
        .filter((f) => f.caseId === kase.id)
        .map((f) => ({ name: f.name, type: f.mimeType, bytes: f.byteSize, sha256: f.sha256, category: f.category, description: f.description, addedAt: iso(f.addedAt)!, addedBy: f.addedByName })),
      referrals: referralRows
        .filter((r) => r.caseId === kase.id)
        .map((r) => ({
          partner: r.partnerName,
          partnerKind: r.partnerKind,
          partnerCountry: r.partnerCountry,
          status: r.status,
          reason: r.reason,
          request: r.request,
          sharedFields: r.sharedFields,
          shared: r.sentAt !== null ? sharedOf(r.id, kase.id) : null,
          fileLinks: linkRows
            .filter((l) => l.referralId === r.id)
            .map((l) => ({ files: l.evidenceIds.map((id) => fileName.get(id)).filter((n): n is string => !!n), createdAt: iso(l.createdAt)!, expiresAt: iso(l.expiresAt)!, revokedAt: iso(l.revokedAt), state: l.state })),
          createdAt: iso(r.createdAt)!,
          sentAt: iso(r.sentAt),
          sentBy: r.sentByName,
          respondedAt: iso(r.respondedAt),
          closedAt: iso(r.closedAt),
        })),
      transfers: transferRows
        .filter((t) => t.caseId === kase.id)
        .map((t) => ({ from: t.fromName, to: t.toName, status: t.status, reason: t.reason, proposedAt: iso(t.proposedAt)!, decidedAt: iso(t.decidedAt), decisionNote: t.decisionNote })),
    })),
    accessLog: audit.map((a) => ({
      at: iso(a.at)!,
      user: a.userName,
      action: a.action,
      recordType: a.targetType,
      /** A case by its reference, anything else by its number. */
      record: a.targetType === 'case' ? (reference.get(Number(a.targetId)) ?? a.targetId) : a.targetId,
      fields: a.fields ?? [],
    })),
  };
  return { data, files };
}

// ---- the file

// The page inside the zip is a view like any other (HTML only in views/), rendered outside a reply; exports are rare.
const eta = new Eta({ views: viewsDir, cache: false, autoEscape: true, autoTrim: false });

/** The readable page of the export, in the counsellor's language, times in the contact point's time zone. */
export function exportHtml(data: PersonExport, tr: Translator): string {
  return eta.render('person-export/file', { data, ...tr, tr, ruleText: (text: string) => ruleTextIn(text, tr.lang) });
}

/** `person-123-export-2026-11-24.zip`: the person's number and the desk's day, nothing that names them. */
export const exportFileName = (personId: number, today: string) => `person-${personId}-export-${today}.zip`;

/** The zip: the page, the JSON and the letters; every entry AES-256 encrypted when a password is given. */
export async function exportZip(data: PersonExport, files: readonly ZipFile[], tr: Translator, password: string | null): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  return zipFiles(
    [
      { path: 'person.html', bytes: encoder.encode(exportHtml(data, tr)) },
      { path: 'person.json', bytes: encoder.encode(`${JSON.stringify(data, null, 2)}\n`) },
      ...files,
    ],
    password,
  );
}

/** The export is on the record: what it held (names of parts, never values), whether restricted notes and a password were part of it. */
export function recordPersonExport(db: Db, actor: Actor, person: Person, o: { restrictedNotes: number; encrypted: boolean }, clientAddress: string | null, now: number) {
  const fields = ['person', 'consents', 'cases', 'timeline', 'deadlines', 'letters', 'referrals', 'transfers', 'accessLog', ...(o.restrictedNotes ? ['restrictedNotes'] : []), ...(o.encrypted ? ['encrypted'] : [])];
  auditSoon(db, { userId: actor.id, action: 'export', targetType: 'person', targetId: person.id, contactPointId: person.contactPointId, fields, clientAddress }, now);
}
