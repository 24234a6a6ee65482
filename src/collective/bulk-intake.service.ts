import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.repo.js';
import type { Actor } from '../auth/policy.js';
import { appendEvent, createCaseIn } from '../cases/cases.service.js';
import type { CaseType, ConsentScope } from '../cases/catalogue.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { findPerson, foldName, insertConsent, insertPerson, phoneDigits } from '../people/people.repo.js';
import { notFound } from '../shared/errors.js';
import * as repo from './collective.repo.js';
import { collectiveFor } from './collective.service.js';
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
    const result: ImportResult = { created: 0, linked: 0, skipped: preview.refused };
    const { actor, clientAddress, now } = who;
    for (const row of preview.rows) {
      const v = row.values;
      if (!v || row.problems.length) continue;
      const link = row.duplicate && !createNew.has(row.line) ? findPerson(tx, row.duplicate.id) : undefined;
      const person =
        link && link.contactPointId === group.contactPointId
          ? link
          : insertPerson(tx, {
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
            });
      if (person === link) result.linked += 1;
      else {
        result.created += 1;
        recordAudit(tx, { userId: actor.id, action: 'create', targetType: 'person', targetId: person.id, contactPointId: group.contactPointId, fields: ['bulkIntake', 'consent'], clientAddress }, now);
      }
      insertConsent(tx, { personId: person.id, givenOn: v.consentDate ?? today, recordedBy: actor.id, scopes: scopesOf(v), note: null, createdAt: now });
      const kase = createCaseIn(
        tx,
        {
          contactPointId: group.contactPointId,
          personId: person.id,
          assignedTo: actor.id,
          caseTypes: [s.caseType],
          jurisdictionCountry: cp.country,
          jurisdictionRegion: null,
          status: 'open',
          summary: '',
          employmentStart: v.employmentStart,
          employmentEnd: v.employmentEnd,
          amountClaimedMinor: v.amountClaimed,
          currency: v.currency,
        },
        actor.id,
        clientAddress,
        now,
      );
      repo.insertMember(tx, { collectiveId: group.id, caseId: kase.id, joinedAt: now, joinedBy: actor.id });
      appendEvent(tx, { caseId: kase.id, userId: actor.id, kind: 'collective', data: { action: 'joined', collectiveId: group.id, reference: group.reference } }, now);
    }
    recordAudit(tx, { userId: actor.id, action: 'update', targetType: 'collective', targetId: group.id, contactPointId: group.contactPointId, fields: ['members', 'bulkIntake'], clientAddress }, now);
    return result;
  });
}
