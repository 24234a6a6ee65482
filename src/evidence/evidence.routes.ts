import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/policy.js';
import { caseHeader } from '../cases/case-page.service.js';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { isFragmentRequest } from '../plugins/views.js';
import { AppError } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { DESCRIPTION_MAX, DeleteForm, ListQuery, REASON_MAX } from './evidence.schema.js';
import { deleteEvidence, evidenceForDownload, evidenceOfCase, evidenceThumbnail, receiveUpload, type EvidenceSettings, type UploadRefusal } from './evidence.service.js';
import { evidenceCategories, type EvidenceRow } from './evidence.table.js';
import { collectiveFor } from '../collective/collective.service.js';
import type { Collective } from '../collective/collective.table.js';
import { deleteGroupFile, filesOfGroup, groupFileForDownload, groupFilesOfCase, receiveGroupUpload } from '../collective/shared-evidence.service.js';
import { sharedOnGroup } from '../collective/shared.service.js';
import { PREVIEWABLE, typeCode } from './sniff.js';
import { acceptUploads } from './uploads.js';

type DeleteProblem = { id: number; errors: FieldErrors; values: Record<string, string> };

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the name as uploaded, any script, never breaking the header. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._ ()-]/g, '_');
  // RFC 5987 leaves ' ( ) * out of the characters written as they are.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function evidenceRoutes(app: FastifyInstance, opts: { db: Db; settings: EvidenceSettings }) {
  const { db, settings } = opts;

  await app.register(async (r) => {
    // Only these routes (and the case page's quick-add form, src/cases/case-page.routes.ts) take multipart bodies.
    const partsOf = await acceptUploads(r, { maxFileBytes: settings.maxFileBytes, fieldBytes: 4 * 1024 });

    r.addHook('preHandler', app.requireUser);

    function page(request: FastifyRequest, reply: FastifyReply, kase: Case, extra: { refusal?: UploadRefusal; deleteProblem?: DeleteProblem; added?: number; deleted?: boolean; status?: number } = {}) {
      const actor = actorOf(request);
      const files = evidenceOfCase(db, actor, kase);
      return reply.view(
        'evidence/index',
        {
          title: kase.reference,
          kase,
          ...caseHeader(db, kase),
          files,
          groupFiles: groupFilesOfCase(db, kase.id),
          heldBytes: files.reduce((n, f) => n + f.byteSize, 0),
          limits: { file: settings.maxFileBytes, case: settings.maxCaseBytes },
          categories: evidenceCategories,
          mayUpdate: can(actor, 'case.update', kase) && kase.anonymisedAt === null,
          previewable: PREVIEWABLE,
          typeCode,
          max: { description: DESCRIPTION_MAX, reason: REASON_MAX },
          loaded: true,
          scanned: !!settings.clamdSocket,
          refusal: extra.refusal ?? null,
          deleteProblem: extra.deleteProblem ?? null,
          added: extra.added ?? 0,
          deleted: !!extra.deleted,
        },
        { fragment: 'evidence/_card', status: extra.status },
      );
    }

    r.get('/cases/:id/evidence', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      const q = ListQuery.parse(request.query);
      return page(request, reply, kase, { added: q.added, deleted: q.deleted === '1' });
    });

    r.post('/cases/:id/evidence', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const result = await receiveUpload(db, settings, actorOf(request), kase, partsOf(request), request.ip, request.now);
      if (!result.ok) return page(request, reply, kase, { refusal: result, status: result.status });
      if (isFragmentRequest(request)) return page(request, reply, kase, { added: result.added });
      return reply.redirect(`/cases/${kase.id}/evidence?added=${result.added}`, 303);
    });

    type Load = (request: FastifyRequest) => Promise<{ row: EvidenceRow; bytes: Buffer }>;
    const caseFile: Load = (request) => evidenceForDownload(db, settings, actorOf(request), caseIdOf(request), idOf(request, 'fileId'), request.ip, request.now);
    async function send(request: FastifyRequest, reply: FastifyReply, inline: boolean, load: Load = caseFile) {
      const { row, bytes } = await load(request).catch((error: unknown) => {
        if (error instanceof AppError && error.statusCode === 500) request.log.error({ reqId: request.id, route: request.routeOptions.url }, 'a stored evidence file could not be opened (missing, changed, or EVIDENCE_KEY is not its key)');
        throw error;
      });
      const preview = inline && PREVIEWABLE.has(row.mimeType);
      reply.header('content-disposition', contentDisposition(preview ? 'inline' : 'attachment', row.name)).header('x-content-type-options', 'nosniff');
      // A preview opens as a document of its own, sandboxed: no script, no form, a unique origin (never ours).
      if (preview) reply.header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'");
      return reply.type(preview ? row.mimeType : 'application/octet-stream').send(bytes);
    }

    r.get('/cases/:id/evidence/:fileId/download', async (request, reply) => send(request, reply, false));
    // A thumbnail is our own WebP (thumbnails.ts), never the uploaded bytes, shown in the page as an image. Like every
    // signed-in answer it is `Cache-Control: no-store` (src/auth/auth.plugin.ts): a photo of a passport is no less
    // personal at 160 pixels, and the browser keeps no copy of it on disk.
    r.get('/cases/:id/evidence/:fileId/thumbnail', async (request, reply) => {
      const bytes = await evidenceThumbnail(db, settings, actorOf(request), caseIdOf(request), idOf(request, 'fileId'));
      return reply.header('x-content-type-options', 'nosniff').type('image/webp').send(bytes);
    });
    r.get('/cases/:id/evidence/:fileId/view', async (request, reply) => send(request, reply, true));

    r.post('/cases/:id/evidence/:fileId/delete', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const id = idOf(request, 'fileId');
      const body = bodyOf(request);
      const form = DeleteForm.safeParse(body);
      if (!form.success) {
        const values = Object.fromEntries(Object.entries(body).filter(([k]) => k === 'reason').map(([k, v]) => [k, String(v)]));
        if (!evidenceOfCase(db, actorOf(request), kase).some((f) => f.id === id)) throw new AppError(404, 'errors.notFound');
        return page(request, reply, kase, { deleteProblem: { id, errors: fieldErrors(form.error), values }, status: 422 });
      }
      await deleteEvidence(db, settings, actorOf(request), kase.id, id, form.data, request.ip, request.now);
      if (isFragmentRequest(request)) return page(request, reply, kase, { deleted: true });
      return reply.redirect(`/cases/${kase.id}/evidence?deleted=1`, 303);
    });

    // ---- a collective case's shared files (src/collective/shared-evidence.service.ts): the same pipeline, the same headers
    function groupPage(request: FastifyRequest, reply: FastifyReply, group: Collective, extra: { refusal?: UploadRefusal; deleteProblem?: DeleteProblem; added?: number; deleted?: boolean; status?: number } = {}) {
      const actor = actorOf(request);
      return reply.view(
        'collective/evidence',
        {
          title: group.reference,
          group,
          shared: sharedOnGroup(db, actor, group, request.now),
          mayUpdate: can(actor, 'case.update', group),
          max: { description: DESCRIPTION_MAX, reason: REASON_MAX },
          refusal: extra.refusal ?? null,
          deleteProblem: extra.deleteProblem ?? null,
          added: extra.added ?? 0,
          deleted: !!extra.deleted,
        },
        { status: extra.status },
      );
    }

    r.get('/collectives/:id/evidence', async (request, reply) => {
      const q = ListQuery.parse(request.query);
      return groupPage(request, reply, collectiveFor(db, request.actor, idOf(request)), { added: q.added, deleted: q.deleted === '1' });
    });

    r.post('/collectives/:id/evidence', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const result = await receiveGroupUpload(db, settings, actorOf(request), group, partsOf(request), request.ip, request.now);
      if (!result.ok) return groupPage(request, reply, group, { refusal: result, status: result.status });
      return reply.redirect(`/collectives/${group.id}/evidence?added=${result.added}`, 303);
    });

    const groupFile: Load = (request) => groupFileForDownload(db, settings, actorOf(request), idOf(request), idOf(request, 'fileId'), request.ip, request.now);
    r.get('/collectives/:id/evidence/:fileId/download', async (request, reply) => send(request, reply, false, groupFile));
    r.get('/collectives/:id/evidence/:fileId/view', async (request, reply) => send(request, reply, true, groupFile));

    r.post('/collectives/:id/evidence/:fileId/delete', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const id = idOf(request, 'fileId');
      const body = bodyOf(request);
      const form = DeleteForm.safeParse(body);
      if (!form.success) {
        if (!filesOfGroup(db, group.id).some((f) => f.id === id)) throw new AppError(404, 'errors.notFound');
        const values = Object.fromEntries(Object.entries(body).filter(([k]) => k === 'reason').map(([k, v]) => [k, String(v)]));
        return groupPage(request, reply, group, { deleteProblem: { id, errors: fieldErrors(form.error), values }, status: 422 });
      }
      await deleteGroupFile(db, settings, actorOf(request), group.id, id, form.data, request.ip, request.now);
      return reply.redirect(`/collectives/${group.id}/evidence?deleted=1`, 303);
    });
  });
}
