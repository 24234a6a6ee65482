import { randomUUID } from 'node:crypto';
import { recordAudit, recordAudits } from '../audit/audit.repo.js';
import type { Actor } from '../auth/policy.js';
import { insertEvents } from '../cases/cases.repo.js';
import { createCasesIn } from '../cases/cases.service.js';
import type { CaseType, ConsentScope } from '../cases/catalogue.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { foldName, insertConsents, insertPeople, phoneDigits } from '../people/people.repo.js';
import { notFound } from '../shared/errors.js';
import * as repo from './collective.repo.js';
import { collectiveFor } from './collective.service.js';
import { sharedDeadlinesForNewMembers } from './shared-deadlines.service.js';
import type { Collective } from './collective.table.js';
import { rowFields, SheetRow, type Mapping, type Sheet, type SheetRowValues } from './sheet.js';

/**
 * A sheet between upload and confirmation. Nothing of it is written to the database before the counsellor confirms
 * (issue 15): it waits here, in memory, for its uploader only, and is dropped when confirmed, replaced or expired.
 */
type Staged = { token: string; collectiveId: number; userId: string; at: number; sheet: Sheet; caseType: CaseType };

const STAGE_MS = 30 * 60_000;
const STAGE_LIMIT = 20;
const staged = new Map<string, Staged>();

function sweep(now: number) {
  for (const [token, s] of staged) if (now - s.at > STAGE_MS) staged.delete(token);
  while (staged.size >= STAGE_LIMIT) staged.delete(staged.keys().next().value!);
}

export function stageSheet(collectiveId: number, userId: string, sheet: Sheet, caseType: CaseType, now: number): string {
  sweep(now);
  // One sheet per person and group at a time: a second upload replaces the first.
  for (const [token, s] of staged) if (s.userId === userId && s.collectiveId === collectiveId) staged.delete(token);
  const token = randomUUID();
  staged.set(token, { token, collectiveId, userId, at: now, sheet, caseType });
  return token;
}

/** The staged sheet of this user and group, or 404 (expired, confirmed, or someone else's). */
export function stagedSheet(token: string, collectiveId: number, userId: string, now: number): Staged {
  const s = staged.get(token);
  if (!s || s.collectiveId !== collectiveId || s.userId !== userId || now - s.at > STAGE_MS) throw notFound();
  return s;
}

export const dropStaged = (token: string) => staged.delete(token);

export type PreviewRow = {
  /** The row's number in the sheet (the header is row 1). */
  line: number;
  values: SheetRowValues | null;
  /** Keys of collective.import.problems (or of the money field's messages). A row with any is not created. */
  problems: string[];
  /** An existing person of the desk this row is likely to be: offered for linking instead of a new record. */
  duplicate: { id: number; name: string | null; alias: string | null } | null;
};

export type Preview = { rows: PreviewRow[]; ready: number; refused: number; duplicates: number };

/** Every row that would be created and every problem, from the sheet and its mapping; reads only. */
export function previewSheet(db: DbOrTx, contactPointId: number, sheet: Sheet, mapping: Mapping, today: string): Preview {
  const byName = new Map<string, { id: number; name: string | null; alias: string | null }>();
  const byPhone = new Map<string, { id: number; name: string | null; alias: string | null }>();
  for (const p of repo.peopleKeysOf(db, contactPointId)) {
    const who = { id: p.id, name: p.name, alias: p.alias };
    for (const key of [foldName(p.name), foldName(p.alias)]) if (key && !byName.has(key)) byName.set(key, who);
    if (p.phoneDigits && p.phoneDigits.length >= 9) byPhone.set(p.phoneDigits.slice(-9), who);
  }
  const schema = SheetRow(today);
  const rows = sheet.rows.map((row, i): PreviewRow => {
    const parsed = schema.safeParse(rowFields(row, mapping));
    if (!parsed.success) return { line: i + 2, values: null, problems: [...new Set(parsed.error.issues.map((e) => e.message))], duplicate: null };
    const v = parsed.data;
    const digits = phoneDigits(v.phone);
    const duplicate = (digits && digits.length >= 9 ? byPhone.get(digits.slice(-9)) : undefined) ?? byName.get(foldName(v.name)) ?? byName.get(foldName(v.alias)) ?? null;
    return { line: i + 2, values: v, problems: [], duplicate };
  });
  const refused = rows.filter((r) => r.problems.length).length;
  return { rows, ready: rows.length - refused, refused, duplicates: rows.filter((r) => r.duplicate && !r.problems.length).length };
}

export type ImportResult = { created: number; linked: number; skipped: number };

const scopesOf = (v: SheetRowValues): ConsentScope[] => [
  ...(v.consentStore ? (['store'] as const) : []),
  ...(v.consentShare ? (['share_with_partners'] as const) : []),
  ...(v.consentStatistics ? (['anonymised_statistics'] as const) : []),
];

/**
 * Creates the sheet's workers in ONE transaction: a person (or the existing one the counsellor linked), their consent
 * as the sheet states it, a case of their own at the group's desk, joined to the group. Rows with problems are
 * skipped, as the preview said. All or nothing: a failure part-way leaves nothing behind.
 *
 * In bulk: each table gets multi-row INSERTs of a few hundred rows (people, consents, cases and their types, events,
 * search rows, memberships, audit entries), not a dozen statements a worker — 2,000 workers in well under a second,
 * so the write lock is held briefly and the confirming request needs no progress bar beyond a busy indicator.
 */
export function confirmSheet(
  db: Db,
  collectiveId: number,
  s: Staged,
  mapping: Mapping,
  createNew: ReadonlySet<number>,
  who: { actor: Actor; clientAddress: string | null; now: number },
  today: string,
): Promise<ImportResult> {
  return write(db, (tx): ImportResult => {
    const group: Collective = collectiveFor(tx, who.actor, collectiveId, 'case.update');
    const cp = findContactPoint(tx, group.contactPointId);
    if (!cp) throw notFound();
    const preview = previewSheet(tx, group.contactPointId, s.sheet, mapping, today);
    const { actor, clientAddress, now } = who;
    const rows = preview.rows.filter((r): r is PreviewRow & { values: SheetRowValues } => r.values !== null && !r.problems.length);
    // Linked rows: the existing person of this desk the preview matched (read again here, inside the write).
    const linkable = repo.peopleAt(tx, group.contactPointId, rows.flatMap((r) => (r.duplicate && !createNew.has(r.line) ? [r.duplicate.id] : [])));
    const links = rows.map((r) => (r.duplicate && !createNew.has(r.line) ? linkable.get(r.duplicate.id) : undefined));
    const fresh = rows.filter((_, i) => !links[i]);
    const freshIds = insertPeople(
      tx,
      fresh.map(({ values: v }) => ({
        contactPointId: group.contactPointId,
        name: v.name,
        alias: v.alias,
        phone: v.phone,
        nationality: v.nationality,
        preferredLanguage: v.language ?? cp.defaultLocale,
        languages: v.language ? [v.language] : [],
        createdAt: now,
        updatedAt: now,
        createdBy: actor.id,
      })),
    );
    recordAudits(tx, freshIds.map((id) => ({ userId: actor.id, action: 'create' as const, targetType: 'person', targetId: id, contactPointId: group.contactPointId, fields: ['bulkIntake', 'consent'], clientAddress })), now);
    let next = 0;
    const persons = rows.map((r, i) => {
      const link = links[i];
      return link ? { id: link.id, name: link.name, alias: link.alias } : { id: freshIds[next++]!, name: r.values.name, alias: r.values.alias };
    });
    insertConsents(tx, rows.map(({ values: v }, i) => ({ personId: persons[i]!.id, givenOn: v.consentDate ?? today, recordedBy: actor.id, scopes: scopesOf(v), note: null, createdAt: now })));
    const created = createCasesIn(
      tx,
      rows.map(({ values: v }, i) => ({
        contactPointId: group.contactPointId,
        personId: persons[i]!.id,
        assignedTo: actor.id,
        caseTypes: [s.caseType],
        jurisdictionCountry: cp.country,
        jurisdictionRegion: null,
        status: 'open' as const,
        summary: '',
        employmentStart: v.employmentStart,
        employmentEnd: v.employmentEnd,
        amountClaimedMinor: v.amountClaimed,
        currency: v.currency,
        searchNames: [persons[i]!.name, persons[i]!.alias],
        searchPhone: v.phone,
      })),
      actor.id,
      clientAddress,
      now,
    );
    repo.insertMembers(tx, created.map((c) => ({ collectiveId: group.id, caseId: c.id, joinedAt: now, joinedBy: actor.id })));
    insertEvents(tx, created.map((c) => ({ caseId: c.id, userId: actor.id, kind: 'collective' as const, restricted: false, data: { action: 'joined', collectiveId: group.id, reference: group.reference }, at: now })));
    // Workers who join from a sheet get the group's open shared deadlines, as a case added by hand does.
    sharedDeadlinesForNewMembers(tx, { actor, clientAddress, now }, group, created.map((c) => c.id));
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: ['members', 'bulkIntake'], clientAddress }, now);
    return { created: freshIds.length, linked: rows.length - freshIds.length, skipped: preview.refused };
  });
}
