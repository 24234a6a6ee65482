/**
 * The contact-point report (issue 7): figures for advocacy, never names. Every count leaves this module already
 * published (suppression.ts); the true counts stay inside. The same tables feed the page and every CSV.
 */
import { auditSoon } from '../audit/audit.service.js';
import { can, type Actor } from '../auth/policy.js';
import { caseTypes, outcomes, sectors } from '../cases/catalogue.js';
import { findContactPoints, listContactPoints } from '../contact-points/contact-points.repo.js';
import type { ContactPoint } from '../contact-points/contact-points.table.js';
import type { Db, DbOrTx } from '../db/client.js';
import { addDays, todayIn } from '../deadlines/compute.js';
import type { Translator } from '../i18n/index.js';
import { partnerKinds } from '../partners/partners.table.js';
import { referralStatuses } from '../referrals/referral-states.js';
import { barChart, columnChart, COMPACT, type Chart, type ColumnChart } from './charts.js';
import type { CsvCell } from './csv.js';
import { monthBuckets, monthsBetween, startOfDay, type Bucket } from './periods.js';
import * as repo from './reports.repo.js';
import type { TableId } from './reports.schema.js';
import { MIN_CELL, publishCount, publishSum, suppress, type Count, type Published } from './suppression.js';

// ---- who sees which contact points

export type ReportScope = {
  /** Every contact point the actor may report on (the filter's choices). */
  contactPoints: Pick<ContactPoint, 'id' | 'name' | 'timezone' | 'country'>[];
  /** A coordinator: the whole network, anonymised figures only. */
  network: boolean;
};

/** Asked of the policy: a coordinator reports on every contact point; a supervisor on their own. */
export function reportScope(db: DbOrTx, actor: Actor): ReportScope {
  if (can(actor, 'reports.network')) return { contactPoints: listContactPoints(db), network: true };
  const own = actor.contactPointIds.filter((contactPointId) => can(actor, 'reports.contactPoint', { contactPointId }));
  return { contactPoints: findContactPoints(db, own), network: false };
}

export type ScopeChoice = { ok: true; contactPoints: ReportScope['contactPoints'] } | { ok: false; status: 403 | 422 };

/**
 * The contact points one report covers: all of the scope, or the one asked for. An id the actor may not report
 * on is refused (403, audited by the route); one that does not exist is an unknown filter value (422).
 */
export function chooseContactPoints(db: DbOrTx, scope: ReportScope, cp: number | undefined): ScopeChoice {
  if (cp === undefined) return { ok: true, contactPoints: scope.contactPoints };
  const chosen = scope.contactPoints.find((c) => c.id === cp);
  if (chosen) return { ok: true, contactPoints: [chosen] };
  return findContactPoints(db, [cp]).length ? { ok: false, status: 403 } : { ok: false, status: 422 };
}

/** Today where the report is read: at the actor's first contact point, else in UTC (a coordinator). */
export function reportToday(scope: ReportScope, actor: Actor, now: number): string {
  const home = scope.contactPoints.find((c) => c.id === actor.contactPointIds[0]);
  return todayIn(home?.timezone ?? 'UTC', now);
}

// ---- the tables

export type Label =
  | { kind: 'key'; key: string }
  | { kind: 'country'; code: string }
  | { kind: 'month'; month: string }
  | { kind: 'text'; text: string }
  | { kind: 'currency'; code: string };

export type Value =
  | { kind: 'count'; cell: Published }
  | { kind: 'money'; minor: number | null; currency: string }
  | { kind: 'days'; days: number | null }
  | { kind: 'label'; label: Label };

export type ReportTable = {
  id: TableId;
  /** Translation keys of the column headings; the first is the row labels'. */
  columns: string[];
  /** What each value column holds (one per column after the labels): the CSV gives every figure column a suppression flag. */
  kinds: Value['kind'][];
  rows: { label: Label; values: Value[] }[];
  total: Value[] | null;
  /** No row could be shown without revealing a small number. */
  withheld: boolean;
  /** Translation keys of notes shown under the table. */
  notes: string[];
  /** Which columns the chart draws (indexes into values), with their legend keys; null: no chart. */
  chart: { columns: number[]; legend: string[] } | null;
};

export type Report = {
  period: { from: string; to: string };
  contactPoints: ReportScope['contactPoints'];
  opened: Published;
  closed: Published;
  /** The key figures beside opened and closed, taken from the tables (so suppressed exactly as there). */
  medianDays: number | null;
  /** Money recovered on the cases closed, per currency; null where the count behind it is not shown. */
  recovered: { currency: string; minor: number | null }[];
  tables: ReportTable[];
};

const count = (cell: Published): Value => ({ kind: 'count', cell });
const key = (k: string): Label => ({ kind: 'key', key: k });
const NOT_RECORDED = 'reports.notRecorded';
const zero: Count = { cases: 0, people: 0 };
const DAY = 86_400_000;
/** The parties list: the most-named, each in at least MIN_CELL counted cases of MIN_CELL people. */
const TOP_PARTIES = 10;

/** A one-column table of categories that partition (or, for case types, cover) a total. */
function categoryTable(
  id: TableId,
  column: string,
  entries: readonly { label: Label; count: Count }[],
  total: Count,
  relation: 'equals' | 'atLeast',
  notes: string[] = [],
): ReportTable {
  const t = suppress(entries.map((e) => e.count), relation, total);
  return {
    id,
    columns: [`reports.columns.${id}`, column],
    kinds: ['count'],
    rows: entries.map((e, i) => ({ label: e.label, values: [count(t.cells[i]!)] })),
    total: [count(t.total!)],
    withheld: t.withheld,
    notes: relation === 'atLeast' ? ['reports.notes.severalTypes', ...notes] : notes,
    chart: { columns: [0], legend: [column] },
  };
}

/** Catalogue entries in catalogue order (zeros shown), then "not recorded" when there is any. */
function catalogueEntries(ids: readonly string[], prefix: string, counts: ReadonlyMap<string | null, Count>) {
  const entries = ids.map((id) => ({ label: key(`${prefix}.${id}`), count: counts.get(id) ?? zero }));
  const none = counts.get(null);
  return none ? [...entries, { label: key(NOT_RECORDED), count: none }] : entries;
}

/** Codes found (by code: the order must not depend on counts that may be hidden), then "not recorded". */
function foundEntries(counts: ReadonlyMap<string | null, Count>, label: (code: string) => Label) {
  const found = [...counts].filter((e): e is [string, Count] => e[0] !== null).sort((a, b) => a[0].localeCompare(b[0]));
  const entries = found.map(([code, c]) => ({ label: label(code), count: c }));
  const none = counts.get(null);
  return none ? [...entries, { label: key(NOT_RECORDED), count: none }] : entries;
}

const rank = (cell: Published) => (cell.kind === 'value' ? 0 : cell.kind === 'withheld' ? 1 : 2);

/**
 * Largest shown figure first; then the withheld and the "<5" rows, in their original order. Sorting by the true
 * counts would rank the hidden ones against each other and against the shown ones, which is what hiding them prevents.
 */
function byPublished(table: ReportTable): ReportTable {
  const last = table.rows.filter((r) => r.label.kind === 'key' && r.label.key === NOT_RECORDED);
  const rows = table.rows
    .filter((r) => !last.includes(r))
    .map((r, i) => ({ r, i, cell: (r.values[0] as { cell: Published }).cell }))
    .sort((a, b) => rank(a.cell) - rank(b.cell) || (a.cell.kind === 'value' && b.cell.kind === 'value' ? b.cell.value - a.cell.value : 0) || a.i - b.i)
    .map((x) => x.r);
  return { ...table, rows: [...rows, ...last] };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K | undefined): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Finds the month (of its own contact point's calendar) an instant falls in, by binary search over that desk's buckets. */
function monthFinder(buckets: readonly Bucket[], monthIndex: ReadonlyMap<string, number>) {
  const byCp = groupBy(buckets, (b) => b.contactPointId);
  return (cp: number, at: number): number | undefined => {
    const list = byCp.get(cp) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = list[mid]!;
      if (at < b.from) hi = mid - 1;
      else if (at >= b.to) lo = mid + 1;
      else return monthIndex.get(b.month);
    }
    return undefined;
  };
}

const distinct = (rows: readonly { who: number }[]) => new Set(rows.map((r) => r.who)).size;
const countOf = (rows: readonly { who: number }[]): Count => ({ cases: rows.length, people: distinct(rows) });

/** Computes the report. Only published figures come out. */
export function buildReport(db: DbOrTx, contactPoints: ReportScope['contactPoints'], period: { from: string; to: string }): Report {
  const months = monthsBetween(period.from, period.to);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const buckets = monthBuckets(period, contactPoints);
  const periods = contactPoints.map((cp) => ({ contactPointId: cp.id, from: startOfDay(period.from, cp.timezone), to: startOfDay(addDays(period.to, 1), cp.timezone) }));

  const opened = repo.openedFigures(db, buckets, monthIndex, MIN_CELL);

  // Closed cases, sorted into their contact point's months.
  const closedRows = repo.closedCases(db, periods);
  const monthOfClosing = monthFinder(buckets, monthIndex);
  const closedByMonth = groupBy(closedRows, (r) => monthOfClosing(r.cp, r.closedAt));
  const closedTotal = countOf(closedRows);

  const tables: ReportTable[] = [];

  // Opened and closed per month: two independent partitions, of the opened and of the closed cases.
  const openedSeries = suppress(months.map((_, i) => opened.byMonth.get(i) ?? zero), 'equals', opened.total);
  const closedSeries = suppress(months.map((_, i) => countOf(closedByMonth.get(i) ?? [])), 'equals', closedTotal);
  tables.push({
    id: 'months',
    columns: ['reports.columns.month', 'reports.columns.opened', 'reports.columns.closed'],
    kinds: ['count', 'count'],
    rows: months.map((m, i) => ({ label: { kind: 'month', month: m }, values: [count(openedSeries.cells[i]!), count(closedSeries.cells[i]!)] })),
    total: [count(openedSeries.total!), count(closedSeries.total!)],
    withheld: openedSeries.withheld && closedSeries.withheld,
    notes: [...(openedSeries.withheld ? ['reports.notes.openedWithheld'] : []), ...(closedSeries.withheld ? ['reports.notes.closedWithheld'] : [])],
    chart: { columns: [0, 1], legend: ['reports.columns.opened', 'reports.columns.closed'] },
  });

  tables.push(categoryTable('case-types', 'reports.columns.casesOpened', catalogueEntries(caseTypes, 'cases.caseTypes', opened.byCaseType), opened.total, 'atLeast'));
  tables.push(categoryTable('sectors', 'reports.columns.casesOpened', catalogueEntries(sectors, 'cases.sectors', opened.bySector), opened.total, 'equals'));
  tables.push(byPublished(categoryTable('nationalities', 'reports.columns.casesOpened', foundEntries(opened.byNationality, (code) => ({ kind: 'country', code })), opened.total, 'equals')));
  tables.push(
    byPublished(categoryTable(
      'jurisdictions',
      'reports.columns.casesOpened',
      foundEntries(opened.byJurisdiction, (code) => ({ kind: 'country', code })),
      opened.total,
      'equals',
      // The region is typed by counsellors (free text): only the country is reported.
      ['reports.notes.countryOnly'],
    )),
  );

  const byOutcome = new Map([...groupBy(closedRows, (r) => r.outcome)].map(([o, rows]) => [o, countOf(rows)]));
  tables.push(categoryTable('outcomes', 'reports.columns.casesClosed', catalogueEntries(outcomes, 'cases.outcomes', byOutcome), closedTotal, 'equals'));

  // Wages: claimed on the cases opened, recovered on the cases closed, per currency (currencies never add up).
  const recovered = new Map<string, { rows: repo.ClosedCase[]; sum: number }>();
  for (const r of closedRows) {
    if (r.recovered === null || r.currency === null) continue;
    const e = recovered.get(r.currency) ?? { rows: [], sum: 0 };
    e.rows.push(r);
    e.sum += r.recovered;
    recovered.set(r.currency, e);
  }
  const currencies = [...new Set([...opened.claimed.keys(), ...recovered.keys()])].sort();
  tables.push({
    id: 'wages',
    columns: ['reports.columns.currency', 'reports.columns.casesClaiming', 'reports.columns.claimed', 'reports.columns.casesRecovering', 'reports.columns.recovered'],
    kinds: ['count', 'money', 'count', 'money'],
    rows: currencies.map((cur) => {
      const c = opened.claimed.get(cur);
      const r = recovered.get(cur);
      const claimCount = publishCount(c ?? zero);
      const recoverCount = publishCount(r ? countOf(r.rows) : zero);
      return {
        label: { kind: 'currency', code: cur },
        values: [
          count(claimCount),
          { kind: 'money', minor: publishSum(c?.sum ?? 0, claimCount), currency: cur },
          count(recoverCount),
          { kind: 'money', minor: publishSum(r?.sum ?? 0, recoverCount), currency: cur },
        ],
      };
    }),
    total: null,
    withheld: false,
    notes: ['reports.notes.wages'],
    chart: null,
  });

  // Referrals: partner kind × status, published without totals, so that no margin reveals a small cell.
  const refCounts = new Map<string, Count>();
  for (const r of repo.referralFigures(db, periods)) refCounts.set(`${r.kind}|${r.status}`, { cases: r.n, people: r.people });
  const shownStatuses = referralStatuses.filter((s) => s !== 'draft');
  tables.push({
    id: 'referrals',
    columns: ['reports.columns.partnerKind', ...shownStatuses.map((s) => `referrals.statuses.${s}`)],
    kinds: shownStatuses.map(() => 'count' as const),
    rows: partnerKinds.map((kind) => ({
      label: key(`partners.kinds.${kind}`),
      values: shownStatuses.map((s) => count(publishCount(refCounts.get(`${kind}|${s}`) ?? zero))),
    })),
    total: null,
    withheld: false,
    notes: ['reports.notes.referrals'],
    chart: null,
  });

  // Median days from opening to closing.
  const closedCount = publishCount(closedTotal);
  const days = closedRows.map((r) => (r.closedAt - r.openedAt) / DAY).sort((a, b) => a - b);
  const med = median(days);
  tables.push({
    id: 'closure-time',
    columns: ['reports.columns.measure', 'reports.columns.casesClosed', 'reports.columns.medianDays'],
    kinds: ['count', 'days'],
    rows: [{ label: key('reports.closureTime.all'), values: [count(closedCount), { kind: 'days', days: closedCount.kind === 'value' && med !== null ? Math.round(med) : null }] }],
    total: null,
    withheld: false,
    notes: [],
    chart: null,
  });

  // Parties named in the most cases: organisations, whose names may be shown; only those in MIN_CELL+ cases of MIN_CELL+ people.
  const top = [...opened.parties].sort((a, b) => b[1].cases - a[1].cases || a[0] - b[0]).slice(0, TOP_PARTIES);
  const names = new Map(repo.partiesByIds(db, top.map(([id]) => id)).map((p) => [p.id, p]));
  tables.push({
    id: 'parties',
    columns: ['reports.columns.party', 'reports.columns.partyKind', 'reports.columns.casesOpened'],
    kinds: ['label', 'count'],
    rows: top.map(([id, c]) => ({
      label: { kind: 'text', text: names.get(id)?.name ?? '' },
      values: [{ kind: 'label', label: key(`cases.partyKinds.${names.get(id)?.kind ?? 'employer'}`) }, count(publishCount(c))],
    })),
    total: null,
    withheld: false,
    notes: ['reports.notes.parties'],
    chart: { columns: [1], legend: ['reports.columns.casesOpened'] },
  });

  // Collective cases (issue 15): groups opened and workers reached, each a lone published count (small cells as "<5").
  const collective = repo.collectiveFigures(db, periods);
  tables.push({
    id: 'collective',
    columns: ['reports.columns.measure', 'collective.reports.count'],
    kinds: ['count'],
    rows: [
      { label: key('collective.reports.groups'), values: [count(publishCount({ cases: collective.groups, people: collective.groups }))] },
      { label: key('collective.reports.workers'), values: [count(publishCount(collective.workers))] },
    ],
    total: null,
    withheld: false,
    notes: ['collective.reports.note'],
    chart: null,
  });

  const wages = tables.find((x) => x.id === 'wages')!;
  const recoveredFigures = wages.rows.flatMap((r) => {
    const money = r.values[3]!;
    const cases = r.values[2]!;
    // A currency with no recovery at all is no key figure; a hidden one is shown as hidden.
    if (money.kind !== 'money' || (cases.kind === 'count' && cases.cell.kind === 'value' && cases.cell.value === 0)) return [];
    return [{ currency: money.currency, minor: money.minor }];
  });
  const medianDays = (tables.find((x) => x.id === 'closure-time')!.rows[0]!.values[1] as { kind: 'days'; days: number | null }).days;
  return { period, contactPoints, opened: publishCount(opened.total), closed: closedCount, medianDays, recovered: recoveredFigures, tables };
}

// ---- a cache: the same report is read again for each CSV, and by every supervisor of a desk

/**
 * Reports computed recently, keyed by what they cover and by a cheap fingerprint of the data: the newest timeline
 * event (every change of a case, its referrals and parties appends one) and the newest consent record (a withdrawal
 * must count at once); both are rowid maxima, read in O(1). A change that leaves neither (a person's nationality
 * corrected) shows within CACHE_MS.
 */
const CACHE_MS = 5 * 60_000;
const CACHE_SIZE = 50;
const caches = new WeakMap<object, Map<string, { at: number; report: Report }>>();

export function cachedReport(db: DbOrTx, contactPoints: ReportScope['contactPoints'], period: { from: string; to: string }, now: number): Report {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const cacheKey = `${contactPoints.map((c) => c.id).join(',')}|${period.from}|${period.to}|${repo.dataFingerprint(db)}`;
  const hit = cache.get(cacheKey);
  if (hit && now - hit.at < CACHE_MS) return hit.report;
  const report = buildReport(db, contactPoints, period);
  cache.delete(cacheKey);
  cache.set(cacheKey, { at: now, report });
  for (const [k, v] of cache) if (cache.size > CACHE_SIZE || now - v.at >= CACHE_MS) cache.delete(k);
  return report;
}

// ---- showing figures: the page and the CSV say the same

export type ReportChart = { kind: 'bars'; chart: Chart } | { kind: 'columns'; chart: ColumnChart };

/**
 * The charts of a report, by table: the months as columns, the breakdowns as compact bars. Drawn from the published
 * cells only (a withheld one is not drawn, a "<5" one as its range), so a chart and its download say what the table
 * says. A breakdown's chart leaves out the rows with nothing to draw (their zeros are in the table).
 */
export function reportCharts(tr: Translator, report: Report): Partial<Record<TableId, ReportChart>> {
  const out: Partial<Record<TableId, ReportChart>> = {};
  for (const t of report.tables) {
    if (!t.chart || t.withheld || t.rows.length === 0) continue;
    const cols = t.chart.columns;
    const series = t.chart.legend.map((labelKey, style) => ({ labelKey, style }));
    const rows = t.rows.map((row) => ({
      label: labelText(tr, row.label),
      cells: cols.map((c) => {
        const v = row.values[c]!;
        return v.kind === 'count' ? v.cell : ({ kind: 'withheld' } as const);
      }),
      texts: cols.map((c) => valueText(tr, row.values[c]!)),
    }));
    if (t.id === 'months') {
      out[t.id] = { kind: 'columns', chart: columnChart(rows, series, (n) => tr.number(n)) };
      continue;
    }
    const drawn = rows.filter((r) => r.cells.some((c) => c.kind !== 'value' || c.value > 0));
    if (drawn.length) out[t.id] = { kind: 'bars', chart: barChart(drawn, series, COMPACT) };
  }
  return out;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
function monthFormat(lang: string): Intl.DateTimeFormat {
  let f = monthFormats.get(lang);
  if (!f) monthFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' })));
  return f;
}

export function labelText(tr: Translator, label: Label): string {
  switch (label.kind) {
    case 'key':
      return tr.t(label.key);
    case 'country':
      return tr.countryName(label.code);
    case 'month': {
      const [y, m] = label.month.split('-').map(Number) as [number, number];
      return monthFormat(tr.lang).format(Date.UTC(y, m - 1, 15));
    }
    case 'text':
      return label.text;
    case 'currency':
      return label.code;
  }
}

export function cellText(tr: Translator, cell: Published): string {
  return cell.kind === 'value' ? tr.number(cell.value) : cell.kind === 'small' ? tr.t('reports.small') : tr.t('reports.withheld');
}

export function valueText(tr: Translator, value: Value): string {
  switch (value.kind) {
    case 'count':
      return cellText(tr, value.cell);
    case 'money':
      return value.minor === null ? tr.t('reports.withheld') : tr.money(value.minor / 100, value.currency);
    case 'days':
      return value.days === null ? tr.t('reports.withheld') : tr.t('reports.days', { count: value.days });
    case 'label':
      return labelText(tr, value.label);
  }
}

/**
 * A CSV cell pair for one figure: the number (amounts in major units) in its own column, and beside it whether it is
 * suppressed. A suppressed figure leaves its number empty: a spreadsheet sums the column without meeting text.
 */
function csvValue(tr: Translator, value: Value): CsvCell[] {
  switch (value.kind) {
    case 'count':
      return value.cell.kind === 'value' ? [value.cell.value, 'false'] : [null, 'true'];
    case 'money':
      return value.minor === null ? [null, 'true'] : [(value.minor / 100).toFixed(2), 'false'];
    case 'days':
      return value.days === null ? [null, 'true'] : [value.days, 'false'];
    case 'label':
      return [labelText(tr, value.label)];
  }
}

/** Months as YYYY-MM in a file (a spreadsheet reads them as dates); every other label as the page shows it. */
const csvLabel = (tr: Translator, label: Label): string => (label.kind === 'month' ? label.month : labelText(tr, label));

/** The CSV's header row: the table's column headings in the downloader's language, each figure followed by its flag. */
export function csvHeader(tr: Translator, table: ReportTable): string[] {
  const [first, ...rest] = table.columns;
  return [tr.t(first!), ...rest.flatMap((key, i) => (table.kinds[i] === 'label' ? [tr.t(key)] : [tr.t(key), tr.t('reports.csvSuppressed', { column: tr.t(key) })]))];
}

export function csvRows(tr: Translator, table: ReportTable): CsvCell[][] {
  const rows: CsvCell[][] = table.withheld ? [] : table.rows.map((r) => [csvLabel(tr, r.label), ...r.values.flatMap((v) => csvValue(tr, v))]);
  if (table.total) rows.push([tr.t('reports.total'), ...table.total.flatMap((v) => csvValue(tr, v))]);
  return rows;
}

/** `target`: the table, or the table and the picture's format (`months.png`). */
export function recordExport(db: Db, actor: Actor, target: TableId | `${TableId}.${'svg' | 'png'}`, contactPoints: ReportScope['contactPoints'], clientAddress: string | null, now: number) {
  auditSoon(db, {
    userId: actor.id,
    action: 'export',
    targetType: 'report',
    targetId: target,
    contactPointId: contactPoints.length === 1 ? contactPoints[0]!.id : null,
    clientAddress,
  }, now);
}
