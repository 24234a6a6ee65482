import multipart from '@fastify/multipart';
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
import { deleteEvidence, evidenceForDownload, evidenceOfCase, receiveUpload, type EvidenceSettings, type UploadPart, type UploadRefusal } from './evidence.service.js';
import { evidenceCategories, type EvidenceRow } from './evidence.table.js';
import { collectiveFor } from '../collective/collective.service.js';
import type { Collective } from '../collective/collective.table.js';
import { deleteGroupFile, filesOfGroup, groupFileForDownload, groupFilesOfCase, receiveGroupUpload } from '../collective/shared-evidence.service.js';
import { sharedOnGroup } from '../collective/shared.service.js';
import { PREVIEWABLE, typeCode } from './sniff.js';

type Pending = { first: UploadPart | null; rest: AsyncIterator<UploadPart>; read: boolean };
type DeleteProblem = { id: number; errors: FieldErrors; values: Record<string, string> };

/** How many files one upload may carry, and its other fields: far more than a form has, far fewer than a flood. */
const FILES_PER_UPLOAD = 50;

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
    // Only these routes take multipart bodies. Busboy stops keeping a file's bytes one past the limit, so a file
    // that is too large is told from one exactly at it (receiveUpload refuses it with its name).
    await r.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: settings.maxFileBytes + 1, files: FILES_PER_UPLOAD, fields: 20, fieldSize: 4 * 1024, parts: FILES_PER_UPLOAD + 20, headerPairs: 100 },
    });

    const pending = new WeakMap<FastifyRequest, Pending>();

    // The CSRF check (src/plugins/security.ts) runs in preHandler and reads `_csrf` from the body; a multipart body is
    // only read as the handler streams it. The form puts `_csrf` first, so its first part is read here — before any
    // file byte — and given to the check as the body; the rest waits for the handler.
    r.addHook('preValidation', async (request) => {
      if (request.method !== 'POST' || !request.isMultipart()) return;
      const rest = (request.parts() as AsyncIterable<UploadPart>)[Symbol.asyncIterator]();
      let first: IteratorResult<UploadPart>;
      try {
        first = await rest.next();
      } catch {
        throw new AppError(400, 'errors.badRequest');
      }
      const part = first.done ? null : first.value;
      if (part?.type === 'field' && part.fieldname === '_csrf' && typeof part.value === 'string') {
        request.body = { _csrf: part.value };
        pending.set(request, { first: null, rest, read: false });
      } else pending.set(request, { first: part, rest, read: false });
    });

    // A request refused before its handler read all of its files (no token, not signed in, a case it may not see) is read
    // to its end and dropped: busboy would otherwise wait on the unread parts and hold the connection open.
    r.addHook('onResponse', async (request) => {
      const held = pending.get(request);
      if (!held || held.read) return;
      held.read = true;
      void (async () => {
        try {
          if (held.first?.type === 'file') held.first.file.resume();
          for (let next = await held.rest.next(); !next.done; next = await held.rest.next()) if (next.value.type === 'file') next.value.file.resume();
        } catch {
          // A broken or cut-off body: nothing more to read.
        }
      })();
    });

    r.addHook('preHandler', app.requireUser);

    function page(request: FastifyRequest, reply: FastifyReply, kase: Case, extra: { refusal?: UploadRefusal; deleteProblem?: DeleteProblem; added?: number; deleted?: boolean; status?: number } = {}) {
      const actor = actorOf(request);
      const files = evidenceOfCase(db, kase.id);
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

    /** The parts of an upload, the first (read before the CSRF check) included. */
    function partsOf(request: FastifyRequest): AsyncGenerator<UploadPart> {
      const held = pending.get(request);
      if (!held) throw new AppError(400, 'errors.badRequest');
      return (async function* parts(): AsyncGenerator<UploadPart> {
        if (held.first) yield held.first;
        for (;;) {
          let next: IteratorResult<UploadPart>;
          try {
            next = await held.rest.next();
          } catch (error) {
            // Too many files or fields (413 from the multipart plugin), or a body that is not multipart at all.
            const status = (error as { statusCode?: number }).statusCode;
            throw status === 413 ? new AppError(413, 'evidence.errors.tooManyFiles') : new AppError(400, 'errors.badRequest');
          }
          if (next.done) return;
          yield next.value;
        }
      })();
    }

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
    r.get('/cases/:id/evidence/:fileId/view', async (request, reply) => send(request, reply, true));

    r.post('/cases/:id/evidence/:fileId/delete', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const id = idOf(request, 'fileId');
      const body = bodyOf(request);
      const form = DeleteForm.safeParse(body);
      if (!form.success) {
        const values = Object.fromEntries(Object.entries(body).filter(([k]) => k === 'reason').map(([k, v]) => [k, String(v)]));
        if (!evidenceOfCase(db, kase.id).some((f) => f.id === id)) throw new AppError(404, 'errors.notFound');
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
