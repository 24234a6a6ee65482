import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditSoon } from '../audit/audit.service.js';
import type { Db } from '../db/client.js';
import { actorOf } from '../plugins/request-context.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { barChart } from './charts.js';
import { toCsv } from './csv.js';
import { ReportQuery, resolvePeriod, tableIds, type TableId } from './reports.schema.js';
import { cachedReport, cellText, chooseContactPoints, csvHeader, csvRows, labelText, recordExport, reportScope, reportToday, valueText, type Report, type ReportScope } from './reports.service.js';

const CsvParam = z.object({ file: z.string().regex(/^[a-z-]+\.csv$/) }).transform((p) => p.file.slice(0, -4)).pipe(z.enum(tableIds));

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
      if (!result.ok) return reply.view('reports/index', { ...base, errors: result.errors, report: null, charts: {} }, { status: 422 });

      const { report } = result;
      const charts = Object.fromEntries(
        report.tables
          .filter((t) => t.chart && !t.withheld && t.rows.length > 0)
          .map((t) => {
            const cols = t.chart!.columns;
            const rows = t.rows.map((row) => ({
              label: labelText(tr, row.label),
              cells: cols.map((c) => {
                const v = row.values[c]!;
                return v.kind === 'count' ? v.cell : ({ kind: 'withheld' } as const);
              }),
              texts: cols.map((c) => valueText(tr, row.values[c]!)),
            }));
            return [t.id, barChart(rows, t.chart!.legend.map((labelKey, style) => ({ labelKey, style })))];
          }),
      );
      const query = new URLSearchParams(result.values).toString();
      return reply.view('reports/index', {
        ...base,
        errors: {},
        report,
        charts,
        csvHref: (id: TableId) => `/reports/${id}.csv?${query}`,
        label: (l: Parameters<typeof labelText>[1]) => labelText(tr, l),
        text: (v: Parameters<typeof valueText>[1]) => valueText(tr, v),
        cell: (c: Parameters<typeof cellText>[1]) => cellText(tr, c),
      });
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
