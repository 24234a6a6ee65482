/**
 * Retention (issue 12, item 5): closed cases are kept for their type's period (retention.data.ts, changed by an
 * administrator), the longest of their types, then their content is anonymised by a daily job (startRetentionScheduler)
 * or `npm run retention`. A legal hold stops it. The person's own record goes when none of their cases keeps content:
 * a person with another case still within its period keeps their record, and only the due case is anonymised.
 */
import { purgeDeletedEvidence } from '../evidence/evidence.service.js';
import { repeatEvery } from '../shared/repeat.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { recordAudit } from '../audit/audit.repo.js';
import { caseTypes, type CaseType } from '../cases/catalogue.js';
import { caseTypesOfCases } from '../cases/cases.repo.js';
import { findContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db, DbOrTx } from '../db/client.js';
import { write } from '../db/write.js';
import { findPerson } from '../people/people.repo.js';
import type { Clock } from '../shared/clock.js';
import { isCurrent, staleResult, type Stale } from '../shared/versions.js';
import { anonymiseCaseIn, anonymisePersonIn } from './anonymise.js';
import { retentionDefaults } from './retention.data.js';
import * as repo from './retention.repo.js';
import { scrubFreedData, type ScrubResult } from './scrub.service.js';

const DAY_MS = 86_400_000;
/** Cases anonymised per write unit: each unit stays short, and other requests get in between. */
const CHUNK = 25;

// ---- the periods

export type Periods = { months: Map<CaseType, number>; fallback: number };

/** The period of each case type: the administrator's, else the default; a case without a type keeps the longest. */
export function effectivePeriods(db: DbOrTx): Periods {
  const set = new Map(repo.periodRows(db).map((r) => [r.caseType, r.months]));
  const months = new Map(caseTypes.map((t) => [t, set.get(t) ?? retentionDefaults[t].months]));
  return { months, fallback: Math.max(...months.values()) };
}

/** A case's period: the longest of its types' (none: the fallback). */
export function periodOf(periods: Periods, types: readonly CaseType[]): number {
  return types.length ? Math.max(...types.map((t) => periods.months.get(t) ?? periods.fallback)) : periods.fallback;
}

export type PeriodSetting = { caseType: CaseType; months: number; defaultMonths: number; why: string; changed: { at: number; by: string | null } | null; version: number };

/** The administrator's page: every type, its period, its default and why. */
export function periodSettings(db: DbOrTx): PeriodSetting[] {
  const rows = new Map(repo.periodRowsWithEditor(db).map((r) => [r.caseType, r]));
  return caseTypes.map((caseType) => {
    const row = rows.get(caseType);
    const d = retentionDefaults[caseType];
    // The form's version counts saves from 1 (the default, no row yet), so that it follows the ids' rule (no 0).
    return { caseType, months: row?.months ?? d.months, defaultMonths: d.months, why: d.why, changed: row ? { at: row.updatedAt, by: row.updatedBy } : null, version: (row?.version ?? 0) + 1 };
  });
}

export function periodSetting(db: DbOrTx, caseType: CaseType): PeriodSetting {
  return periodSettings(db).find((s) => s.caseType === caseType)!;
}

export type SaveResult = { ok: true; changed: boolean } | Stale<PeriodSetting>;

/** Saves one type's period from a form loaded at `version` (1: it showed the default); a stale form writes nothing. */
export function savePeriod(db: Db, actorId: string, caseType: CaseType, months: number, version: number | null, clientAddress: string | null, now: number): Promise<SaveResult> {
  return write(db, (tx): SaveResult => {
    const current = periodSetting(tx, caseType);
    if (!isCurrent(version, current)) return staleResult(tx, { type: 'retention', id: caseType }, current, version);
    if (current.months === months) return { ok: true, changed: false };
    const saved = repo.savePeriod(tx, caseType, months, actorId, now, current.version - 1);
    if (!saved) return staleResult(tx, { type: 'retention', id: caseType }, periodSetting(tx, caseType), version);
    recordAudit(tx, { userId: actorId, action: 'update', targetType: 'retention', targetId: caseType, fields: ['months'], clientAddress, version: saved.version + 1 }, now);
    return { ok: true, changed: true };
  });
}

// ---- what falls due

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

function dayPlus(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * The latest closing instant that can be due by `until` with the shortest period: month arithmetic at a month's end
 * moves a few days (31 August + 6 months is 3 March), so the bound is generous; dueCases decides exactly.
 */
function closedBefore(until: string, shortest: number): number {
  const d = new Date(`${until}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - shortest);
  return d.getTime() + 5 * DAY_MS;
}

type Cursor = { closedAt: number; id: number };

/** Due cases in pages (keyset), so a long backlog is read in bounded pieces. */
async function* duePages(db: Db, periods: Periods, until: string, pageSize: number): AsyncGenerator<repo.DueCase[]> {
  const bound = closedBefore(until, Math.min(...periods.months.values(), periods.fallback));
  let after: Cursor | undefined;
  for (;;) {
    const page = repo.dueCases(db, { months: periods.months, fallbackMonths: periods.fallback, until, closedBefore: bound, after, limit: pageSize });
    if (!page.length) return;
    yield page;
    const last = page.at(-1)!;
    after = { closedAt: last.closedAt, id: last.id };
    if (page.length < pageSize) return;
    await nextTurn();
  }
}

export type DueRow = repo.DueCase & { caseTypes: CaseType[]; contactPoint: string };

/** What falls due within `days` (the admin page): references, types and dates only, held cases marked. */
export async function dueWithin(db: Db, now: number, days = 30, limit = 500): Promise<{ rows: DueRow[]; more: boolean }> {
  const periods = effectivePeriods(db);
  const rows: repo.DueCase[] = [];
  for await (const page of duePages(db, periods, dayPlus(utcDay(now), days), 200)) {
    rows.push(...page);
    if (rows.length > limit) break;
  }
  const shown = rows.slice(0, limit);
  const types = caseTypesOfCases(db, shown.map((r) => r.id));
  const prefixes = new Map(findContactPoints(db, [...new Set(shown.map((r) => r.contactPointId))]).map((c) => [c.id, c.refPrefix]));
  return {
    rows: shown.map((r) => ({ ...r, caseTypes: types.get(r.id) ?? [], contactPoint: prefixes.get(r.contactPointId) ?? '' })),
    more: rows.length > limit,
  };
}

// ---- the job

export type PlannedCase = {
  reference: string;
  dueOn: string;
  counts: ReturnType<typeof repo.contentCounts>;
  /** What becomes of the person's own record: anonymised too, kept (another case keeps content), or none (anonymous contact). */
  person: 'anonymised' | 'kept' | 'none';
  personId: number | null;
};

export type RunReport = {
  dryRun: boolean;
  cases: PlannedCase[];
  /** Due, but on legal hold: left as they are. */
  held: { reference: string; dueOn: string }[];
  people: number;
  scrub: ScrubResult | null;
};

type RunLog = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * Anonymises every case due today (UTC), in write units of CHUNK cases; with `dryRun`, only says what it would do.
 * Each unit checks again that its cases are still due and not held (a supervisor may set a hold meanwhile). Then,
 * if anything was anonymised, the freed data is scrubbed from the files (scrub.service.ts) and the run is recorded.
 */
export async function runRetention(db: Db, now: number, opts: { dryRun?: boolean; source: 'schedule' | 'cli'; log?: RunLog }): Promise<RunReport> {
  const dryRun = !!opts.dryRun;
  const periods = effectivePeriods(db);
  const today = utcDay(now);
  const report: RunReport = { dryRun, cases: [], held: [], people: 0, scrub: null };
  const due: repo.DueCase[] = [];
  for await (const page of duePages(db, periods, today, 200)) {
    for (const c of page) {
      if (c.legalHoldSince !== null) report.held.push({ reference: c.reference, dueOn: c.dueOn });
      else due.push(c);
    }
  }
  const dueIds = due.map((c) => c.id);
  const dueOf = new Map<number, number[]>();
  for (const c of due) if (c.personId !== null) dueOf.set(c.personId, [...(dueOf.get(c.personId) ?? []), c.id]);
  const fate = (c: repo.DueCase): PlannedCase['person'] => (c.personId === null ? 'none' : repo.liveCasesOfPerson(db, c.personId, dueOf.get(c.personId)) > 0 ? 'kept' : 'anonymised');

  if (dryRun) {
    report.cases = due.map((c) => ({ reference: c.reference, dueOn: c.dueOn, counts: repo.contentCounts(db, c.id), person: fate(c), personId: c.personId }));
    report.people = new Set(report.cases.filter((c) => c.person === 'anonymised').map((c) => c.personId)).size;
    return report;
  }

  for (let i = 0; i < dueIds.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK);
    const done = await write(db, (tx) => {
      const out: PlannedCase[] = [];
      const touched = new Set<number>();
      for (const c of chunk) {
        const still = repo.dueCases(tx, { months: periods.months, fallbackMonths: periods.fallback, until: today, closedBefore: Number.MAX_SAFE_INTEGER, caseId: c.id, limit: 1 })[0];
        if (!still || still.legalHoldSince !== null) continue;
        const counts = repo.contentCounts(tx, c.id);
        anonymiseCaseIn(tx, { id: c.id, contactPointId: c.contactPointId }, 'retention', { actorId: null, clientAddress: null }, now);
        if (c.personId !== null) touched.add(c.personId);
        out.push({ reference: c.reference, dueOn: c.dueOn, counts, person: c.personId === null ? 'none' : 'kept', personId: c.personId });
      }
      let people = 0;
      for (const personId of touched) {
        const person = findPerson(tx, personId);
        if (!person || person.anonymisedAt !== null || repo.liveCasesOfPerson(tx, personId) > 0) continue;
        anonymisePersonIn(tx, person, 'retention', { actorId: null, clientAddress: null }, now);
        people += 1;
        for (const p of out) if (p.personId === personId) p.person = 'anonymised';
      }
      return { out, people };
    });
    report.cases.push(...done.out);
    report.people += done.people;
    await nextTurn();
  }
  if (report.cases.length) await purgeDeletedEvidence(db, now);
  if (report.cases.length) report.scrub = await scrubFreedData(db, opts.log);
  await write(db, (tx) =>
    repo.insertRun(tx, {
      at: now,
      cases: report.cases.length,
      people: report.people,
      held: report.held.length,
      walScrubbed: report.scrub?.walScrubbed ?? true,
      source: opts.source,
    }),
  );
  if (report.cases.length || report.held.length) opts.log?.info({ cases: report.cases.length, people: report.people, held: report.held.length }, 'retention run');
  return report;
}

export const recentRuns = (db: DbOrTx, limit = 10) => repo.recentRuns(db, limit);
export const anonymisedCaseCount = (db: DbOrTx) => repo.anonymisedCaseCount(db);

/**
 * Runs the retention job once a day by the app's clock: soon after start, then whenever the UTC day has changed
 * since the last run (checked hourly). Never two runs at once. Started by server.ts; tests call runRetention.
 */
export function startRetentionScheduler(db: Db, opts: { clock: Clock; log?: RunLog; checkEveryMs?: number; firstAfterMs?: number }): { stop(): void } {
  let lastDay = '';
  const daily = async () => {
    const today = utcDay(opts.clock.now());
    if (today === lastDay) return;
    await runRetention(db, opts.clock.now(), { source: 'schedule', log: opts.log });
    lastDay = today;
  };
  return repeatEvery(daily, { firstAfterMs: opts.firstAfterMs ?? 60_000, everyMs: opts.checkEveryMs ?? 60 * 60_000, failed: 'retention run failed', log: opts.log });
}

