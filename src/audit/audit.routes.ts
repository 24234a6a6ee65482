import { requestTranslator } from '../i18n/request.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { actorOf } from '../plugins/request-context.js';
import { isFragmentRequest } from '../plugins/views.js';
import { AppError, forbidden } from '../shared/errors.js';
import { COUNT_CAP, EXPORT_CAP, RECORD_MAX_LENGTH, formatWallTime, parseAuditQuery, type AuditField, type AuditQuery } from './audit.schema.js';
import { auditCsv, auditHref, auditListing, auditReader, csvFileName, cursorOf, recordAuditExport, resolveFilter, type AuditLinkValues, type AuditReader } from './audit.service.js';
import { auditActions } from './audit.table.js';

const isHistoryRestore = (request: FastifyRequest) => request.headers['hx-history-restore-request'] === 'true';

/** The filters as they go back into links: the valid ones only, in their clean form. */
function linkValues(query: AuditQuery, raw: Partial<Record<AuditField, string>>, invalid: readonly AuditField[]): AuditLinkValues {
  const ok = (f: AuditField) => !invalid.includes(f) && query[f] !== undefined;
  return {
    user: ok('user') ? query.user : undefined,
    action: ok('action') ? query.action : undefined,
    record: ok('record') ? raw.record?.trim() : undefined,
    from: ok('from') ? formatWallTime(query.from!) : undefined,
    to: ok('to') ? formatWallTime(query.to!) : undefined,
  };
}

export async function auditRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  /** Whose entries this reader sees, as the policy grants them (requirePermission has let only readers in). */
  const readerOf = (request: FastifyRequest): AuditReader => {
    const reader = auditReader(db, actorOf(request));
    if (!reader) throw forbidden();
    return reader;
  };

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('audit.log'));

    r.get('/audit', async (request, reply) => {
      const reader = readerOf(request);
      const { query, invalid: badInput, raw } = parseAuditQuery(request.query);
      const resolved = resolveFilter(db, reader, query);
      const { cursor, unknown } = cursorOf(db, query);
      const invalid = [...new Set([...badInput, ...resolved.invalid, ...(unknown ? [unknown] : [])])];
      const listing = auditListing(db, reader, resolved, cursor);

      const values = linkValues(query, raw, invalid);
      const here = auditHref(values);
      const join = (href: string, extra: string) => `${href}${href.includes('?') ? '&' : '?'}${extra}`;
      const first = listing.rows[0];
      const last = listing.rows[listing.rows.length - 1];
      const data = {
        raw,
        invalid,
        errors: Object.fromEntries(invalid.map((f) => [f, `audit.field.${f === 'after' ? 'before' : f}`])),
        recordMaxLength: RECORD_MAX_LENGTH,
        options: { users: reader.users, actions: auditActions },
        rows: listing.rows,
        total: listing.total,
        capped: listing.total > COUNT_CAP,
        countCap: COUNT_CAP,
        exportCap: EXPORT_CAP,
        newestHref: cursor ? here : null,
        newerHref: listing.hasNewer && first ? join(here, `after=${first.id}`) : null,
        olderHref: listing.hasOlder && last ? join(here, `before=${last.id}`) : null,
        csvHref: auditHref(values, '/audit.csv'),
        clearHref: '/audit',
        isFiltered: here !== '/audit',
        timeZone: reader.timeZone,
        metadataOnly: reader.metadataOnly,
      };

      if (isFragmentRequest(request) && !isHistoryRestore(request)) {
        // The address bar shows the clean, bookmarkable form of the filters actually applied.
        reply.header('HX-Push-Url', cursor ? join(here, `${cursor.dir}=${cursor.id}`) : here);
      }
      // A history restore (the back button) needs the whole page: htmx swaps it into <body>.
      return reply.view('audit/index', data, { status: invalid.length ? 422 : 200, fragment: isHistoryRestore(request) ? undefined : 'audit/_list' });
    });

    r.get('/audit.csv', async (request, reply) => {
      const reader = readerOf(request);
      const { query, invalid: badInput } = parseAuditQuery(request.query);
      const resolved = resolveFilter(db, reader, query);
      // The file holds the filter from its newest entry: a page cursor has no meaning here.
      if ([...badInput, ...resolved.invalid].some((f) => f !== 'before' && f !== 'after')) throw new AppError(422, 'audit.invalid.export');
      const tr = requestTranslator(request);
      const result = await auditCsv(db, reader, resolved, tr);
      recordAuditExport(db, reader, query, request.ip, request.now);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${csvFileName(reader, query, resolved, result.capped)}"`)
        .send(result.csv);
    });
  });
}
