import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Actor } from '../auth/policy.js';
import type { Db } from '../db/client.js';
import { type Translator } from '../i18n/index.js';
import { actorOf, userOf } from '../plugins/request-context.js';
import { AppError, notFound } from '../shared/errors.js';
import { CASE_EXPORT_CAP, caseExportCsv, caseExportFileName, caseExportFormats, caseExportTable, caseExportXlsx, recordCaseExport, type CaseExportFile, type CaseExportFormat } from './case-export.service.js';
import { todayIn } from '../deadlines/compute.js';
import { isFragmentRequest } from '../plugins/views.js';
import { assigneesOf, listCases, type CaseListFilter, type CaseListPage } from './case-list.repo.js';
import { COUNT_CAP, PAGE_SIZE, parseCaseListQuery, SEARCH_MAX_LENGTH, listSorts, statusFilters, type CaseListField, type CaseListQuery } from './case-list.schema.js';
import { caseTypes, priorities, sectors } from './catalogue.js';
import { caseSearchMatch } from '../search/match.js';

/** The query string of a list: only what differs from the defaults, so that bookmarks stay short and readable. */
function listSearchParams(query: CaseListQuery, page = 1): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const name of ['status', 'type', 'sector', 'priority', 'assigned'] as const) if (query[name]) params.set(name, query[name]);
  if (query.sort !== 'activity') params.set('sort', query.sort);
  if (query.dir !== 'desc') params.set('dir', query.dir);
  if (page > 1) params.set('page', String(page));
  return params;
}

const listUrl = (query: CaseListQuery, page?: number) => {
  const qs = listSearchParams(query, page).toString();
  return qs ? `/cases?${qs}` : '/cases';
};

/** "3 hours ago", "yesterday"; older than a month, the date. */
function relativeTime(tr: Translator, at: number, now: number, timeZone: string | undefined): string {
  const minutes = Math.round((at - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(tr.lang, { numeric: 'auto', style: 'short' });
  if (minutes > -1) return tr.t('caseList.relative.justNow');
  if (minutes > -60) return rtf.format(minutes, 'minute');
  if (minutes > -24 * 60) return rtf.format(Math.round(minutes / 60), 'hour');
  if (minutes > -30 * 24 * 60) return rtf.format(Math.round(minutes / (24 * 60)), 'day');
  return tr.date(at, 'medium', timeZone);
}

function isFtsError(error: unknown): boolean {
  return error instanceof Error && /fts5|unterminated string|malformed MATCH/i.test(error.message);
}

export async function caseListRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.get('/cases', { preHandler: [app.requireUser, app.requirePermission('case.list')] }, async (request, reply) => {
    const actor = actorOf(request);
    const { query, invalid, raw } = parseCaseListQuery(request.query);
    const assignees = assigneesOf(db, actor.contactPointIds);
    const ignore = (field: CaseListField) => {
      invalid.push(field);
      (query as Record<string, unknown>)[field] = field === 'q' ? '' : undefined;
    };

    const assignedTo = resolveAssigned(query.assigned, actor, assignees, () => ignore('assigned'));
    const countries = request.currentUser?.contactPoints.map((c) => c.country) ?? [];
    const filterFor = (): CaseListFilter => listFilter(actor, query, assignedTo, countries);
    const order = { sort: query.sort, dir: query.dir };
    const offset = (query.page - 1) * PAGE_SIZE;

    let result: CaseListPage;
    const run = () => listCases(db, filterFor(), order, { limit: PAGE_SIZE, offset, countCap: COUNT_CAP });
    try {
      result = run();
    } catch (error) {
      // ftsQuery quotes every word, so this is a safety net: a search FTS5 cannot parse is reported, never a 500.
      if (!query.q || !isFtsError(error)) throw error;
      request.log.warn({ reqId: request.id }, 'search query refused by FTS5');
      ignore('q');
      result = run();
    }


    const tr = requestTranslator(request);
    const timeZones = new Map(request.currentUser?.contactPoints.map((c) => [c.id, c.timezone]));
    const capped = result.total > COUNT_CAP;
    const data = {
      query,
      raw,
      invalid,
      errors: Object.fromEntries(invalid.map((f) => [f, f === 'q' ? 'caseList.field.q' : 'caseList.field.choose'])),
      searchMaxLength: SEARCH_MAX_LENGTH,
      options: { statuses: statusFilters, caseTypes, sectors, priorities, sorts: listSorts, assignees },
      rows: result.rows.map((r) => ({ ...r, activityLabel: relativeTime(tr, r.lastActivityAt, request.now, timeZones.get(r.contactPointId)), timeZone: timeZones.get(r.contactPointId) })),
      total: result.total,
      capped,
      countCap: COUNT_CAP,
      page: query.page,
      hasNext: result.hasNext,
      pages: capped ? null : Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
      from: offset + 1,
      to: offset + result.rows.length,
      pageHref: (page: number) => listUrl(query, page),
      clearHref: '/cases',
      canCreate: canCreateAnywhere(actor),
      isFiltered: listSearchParams(query).toString() !== '',
      exportHref: (format: CaseExportFormat) => exportUrl(query, format),
      exportCap: CASE_EXPORT_CAP,
    };

    if (isFragmentRequest(request) && !isHistoryRestore(request)) {
      // The address bar shows the clean, bookmarkable form of the filters actually applied.
      reply.header('HX-Push-Url', listUrl(query, query.page));
    }
    const status = invalid.length ? 422 : 200;
    // A history restore (the back button) needs the whole page: htmx swaps it into <body>.
    return reply.view('cases/index', data, { status, fragment: isHistoryRestore(request) ? undefined : 'cases/_list' });
  });

  // The list as a file: exactly the list's filters and search, over the same contact points, every matching case up
  // to the cap. A bad filter is refused (422) rather than ignored, so that a file never holds more than was asked.
  app.get('/cases/export.:format', { preHandler: [app.requireUser, app.requirePermission('case.list')] }, async (request, reply) => {
    const format = caseExportFormats.find((f) => f === (request.params as { format?: string }).format);
    if (!format) throw notFound();
    const actor = actorOf(request);
    const { query, invalid } = parseCaseListQuery(request.query);
    const assignees = assigneesOf(db, actor.contactPointIds);
    const assignedTo = resolveAssigned(query.assigned, actor, assignees, () => invalid.push('assigned'));
    if (invalid.some((f) => f !== 'page')) throw new AppError(422, 'caseExport.invalid');
    const tr = requestTranslator(request);
    const user = userOf(request);
    const timeZones = new Map(user.contactPoints.map((c) => [c.id, c.timezone]));
    let file: CaseExportFile;
    try {
      file = await caseExportTable(db, tr, listFilter(actor, query, assignedTo, user.contactPoints.map((c) => c.country)), { sort: query.sort, dir: query.dir }, timeZones);
    } catch (error) {
      if (!query.q || !isFtsError(error)) throw error;
      throw new AppError(422, 'caseExport.invalid');
    }
    const zone = user.contactPoints[0]?.timezone ?? 'UTC';
    const name = caseExportFileName(query, { assigneeName: assignees.find((a) => a.id === assignedTo)?.displayName, today: todayIn(zone, request.now), format, capped: file.capped });
    recordCaseExport(db, actor, query, { format, count: file.count, capped: file.capped, clientAddress: request.ip, now: request.now });
    reply.header('Content-Disposition', `attachment; filename="${name}"`).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
    if (format === 'csv') return reply.header('Content-Type', 'text/csv; charset=utf-8').send(caseExportCsv(tr, file));
    return reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await caseExportXlsx(tr, file));
  });
}

/** The file of the list as it stands: its filters, search and order (never the page). */
function exportUrl(query: CaseListQuery, format: CaseExportFormat): string {
  const params = listSearchParams(query);
  params.delete('page');
  const qs = params.toString();
  return `/cases/export.${format}${qs ? `?${qs}` : ''}`;
}

/** The user the "assigned to" filter names (null: unassigned), or undefined; a user not among the assignees is `bad`. */
function resolveAssigned(assigned: string | undefined, actor: Actor, assignees: readonly { id: string }[], bad: () => void): string | null | undefined {
  if (assigned === 'me') return actor.id;
  if (assigned === 'unassigned') return null;
  if (assigned && assignees.some((a) => a.id === assigned)) return assigned;
  if (assigned) bad();
  return undefined;
}

/** The list's filter: the actor's own contact points (the policy's scope of case.list), then what the query asks. */
function listFilter(actor: Actor, query: CaseListQuery, assignedTo: string | null | undefined, countries: readonly string[]): CaseListFilter {
  return {
    contactPointIds: actor.contactPointIds,
    status: query.status,
    caseType: query.type,
    sector: query.sector,
    priority: query.priority,
    assignedTo,
    // Words without a letter or digit search for nothing rather than silently listing everything. A phone number
    // finds the person's cases however it was typed, on either side (src/search/phone.ts).
    match: query.q ? caseSearchMatch(query.q, countries) : undefined,
  };
}

function isHistoryRestore(request: FastifyRequest): boolean {
  return request.headers['hx-history-restore-request'] === 'true';
}

function canCreateAnywhere(actor: Actor): boolean {
  return actor.contactPointIds.some((contactPointId) => can(actor, 'case.create', { contactPointId }));
}
