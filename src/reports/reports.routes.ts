import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditSoon } from '../audit/audit.service.js';
import type { Db } from '../db/client.js';
import { actorOf } from '../plugins/request-context.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { chartPng, chartSvg } from './chart-file.js';
import { toCsv } from './csv.js';
import { ReportQuery, resolvePeriod, tableIds } from './reports.schema.js';
import { cachedReport, cellText, chooseContactPoints, csvHeader, csvRows, labelText, recordExport, reportCharts, reportScope, reportToday, valueText, type Report, type ReportScope } from './reports.service.js';

const CsvParam = z.object({ file: z.string().regex(/^[a-z-]+\.csv$/) }).transform((p) => p.file.slice(0, -4)).pipe(z.enum(tableIds));
const ChartParam = z
  .object({ file: z.string().regex(/^[a-z-]+\.(svg|png)$/) })
  .transform((p) => ({ table: p.file.slice(0, -4), format: p.file.slice(-3) as 'svg' | 'png' }))
  .pipe(z.object({ table: z.enum(tableIds), format: z.enum(['svg', 'png']) }));

type Resolved = { ok: true; report: Report; values: Record<string, string> } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function reportRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const trOf = (request: FastifyRequest) => requestTranslator(request);

  /** Parses the filter, asks the policy which contact points it may cover, and computes (or reuses) the report. */
  function resolve(request: FastifyRequest, scope: ReportScope): Resolved {
    const actor = actorOf(request);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['from', 'to', 'cp'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : '']));
    const parsed = ReportQuery.safeParse(raw);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
    const choice = chooseContactPoints(db, scope, parsed.data.cp);
    if (!choice.ok && choice.status === 403) {
      auditSoon(db, { userId: actor.id, action: 'permission_denied', targetType: 'report', targetId: String(parsed.data.cp), clientAddress: request.ip }, request.now);
      throw forbidden();
    }
    if (!choice.ok) return { ok: false, errors: { cp: 'reports.validation.contactPoint' }, values };
    const period = resolvePeriod(parsed.data, reportToday(scope, actor, request.now));
    if (!period.ok) return { ok: false, errors: period.errors, values };
    const report = cachedReport(db, choice.contactPoints, period.period, request.now);
    return { ok: true, report, values: { from: period.period.from, to: period.period.to, cp: parsed.data.cp ? String(parsed.data.cp) : '' } };
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('reports.view'));

    r.get('/reports', async (request, reply) => {
      const scope = reportScope(db, actorOf(request));
      const result = resolve(request, scope);
      const tr = trOf(request);
      const base = { scope, values: result.values, title: tr.t('reports.title') };
      const fragment = { fragment: 'reports/_dashboard' };
      if (!result.ok) return reply.view('reports/index', { ...base, errors: result.errors, report: null, charts: {} }, { ...fragment, status: 422 });

      const { report } = result;
      const query = new URLSearchParams(result.values).toString();
      return reply.view(
        'reports/index',
        {
          ...base,
          errors: {},
          report,
          charts: reportCharts(tr, report),
          fileHref: (file: string) => `/reports/${file}?${query}`,
          label: (l: Parameters<typeof labelText>[1]) => labelText(tr, l),
          text: (v: Parameters<typeof valueText>[1]) => valueText(tr, v),
          cell: (c: Parameters<typeof cellText>[1]) => cellText(tr, c),
        },
        fragment,
      );
    });

    r.get('/reports/charts/:file', async (request, reply) => {
      const file = ChartParam.safeParse(request.params);
      if (!file.success) throw notFound();
      const scope = reportScope(db, actorOf(request));
      const result = resolve(request, scope);
      if (!result.ok) throw new AppError(422, Object.values(result.errors)[0] ?? 'reports.validation.invalid');
      const tr = trOf(request);
      const { table, format } = file.data;
      const chart = reportCharts(tr, result.report)[table];
      // A table without a chart, or one with nothing to draw (withheld, empty): there is no such picture.
      if (!chart) throw notFound();
      const { from, to } = result.report.period;
      const caption = `${tr.t('reports.summary.period', { from: tr.date(from, 'long'), to: tr.date(to, 'long') })} · ${tr.t('reports.summary.covers', { names: result.report.contactPoints.map((c) => c.name).join(', ') })}`;
      const svg = chartSvg(tr, table, chart, tr.t(`reports.tables.${table}`), caption);
      recordExport(db, actorOf(request), `${table}.${format}`, result.report.contactPoints, request.ip, request.now);
      reply.header('Content-Disposition', `attachment; filename="uniondesk-${table}-${from}-to-${to}.${format}"`);
      if (format === 'svg') return reply.header('Content-Type', 'image/svg+xml; charset=utf-8').send(svg);
      return reply.header('Content-Type', 'image/png').send(await chartPng(svg));
    });

    r.get('/reports/:file', async (request, reply) => {
      const table = CsvParam.safeParse(request.params);
      if (!table.success) throw notFound();
      const scope = reportScope(db, actorOf(request));
      const result = resolve(request, scope);
      if (!result.ok) throw new AppError(422, Object.values(result.errors)[0] ?? 'reports.validation.invalid');
      const tr = trOf(request);
      const t = result.report.tables.find((x) => x.id === table.data)!;
      recordExport(db, actorOf(request), t.id, result.report.contactPoints, request.ip, request.now);
      const { from, to } = result.report.period;
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="uniondesk-${t.id}-${from}-to-${to}.csv"`)
        .send(toCsv(csvHeader(tr, t), csvRows(tr, t)));
    });
  });
}
