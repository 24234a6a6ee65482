import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/policy.js';
import { collectiveFor } from '../collective/collective.service.js';
import type { Collective } from '../collective/collective.table.js';
import type { Db } from '../db/client.js';
import { requestTranslator } from '../i18n/request.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { conflict, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import * as repo from './batch-letters.repo.js';
import { BatchForm } from './batch-letters.schema.js';
import { batchFor, batchProgress, batchZip, collectiveLetterPdf, startBatch, type Runner } from './batch-letters.service.js';
import { batchLetterKinds, type LetterBatch } from './batch-letters.table.js';

/**
 * Batch letters of a collective case: a letter for every worker still in the group, made in the background; a
 * progress page htmx polls; a zip of the PDFs. The group's access rule (404 for another desk) and the letter rule.
 */
export async function batchLetterRoutes(app: FastifyInstance, opts: { db: Db; runner: Runner }) {
  const { db, runner } = opts;

  /** A group on which the actor may write letters (case.letter at the group's desk), or 404. */
  const letterGroup = (request: FastifyRequest) => {
    const group = collectiveFor(db, request.actor, idOf(request));
    if (!can(actorOf(request), 'case.letter', { contactPointId: group.contactPointId })) throw notFound();
    return group;
  };

  function formPage(reply: FastifyReply, group: Collective, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
    return reply.view(
      'batch-letters/new',
      { title: group.reference, group, values: { kind: 'letter_before_claim', ...values }, errors, kinds: batchLetterKinds, batches: repo.batchesOfGroup(db, group.id), workers: repo.workersInGroup(db, group.id), flagged: repo.membersWithSafetyFlags(db, group.id) },
      { status },
    );
  }

  function progressView(reply: FastifyReply, group: Collective, batch: LetterBatch) {
    return reply.view('batch-letters/show', { title: group.reference, group, batch, progress: batchProgress(db, batch) }, { fragment: 'batch-letters/_progress' });
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    // ?kind= preselects the kind (the group page's "New collective letter" button); anything else is ignored.
    r.get('/collectives/:id/letters', async (request, reply) => {
      const kind = (request.query as Record<string, unknown> | undefined)?.kind;
      return formPage(reply, letterGroup(request), (batchLetterKinds as readonly unknown[]).includes(kind) ? { kind } : {});
    });

    r.post('/collectives/:id/letters', async (request, reply) => {
      const group = letterGroup(request);
      const body = bodyOf(request);
      const parsed = BatchForm.safeParse(body);
      if (!parsed.success) return formPage(reply, group, body, fieldErrors(parsed.error), 422);
      const batch = await startBatch(db, group, { ...parsed.data, uiLocale: requestTranslator(request).lang }, { actor: actorOf(request), clientAddress: request.ip, now: request.now });
      runner.run(batch.id);
      return reply.redirect(`/collectives/${group.id}/letters/${batch.id}`, 303);
    });

    r.get('/collectives/:id/letters/:batchId', async (request, reply) => {
      letterGroup(request);
      const { group, batch } = batchFor(db, request.actor, idOf(request), idOf(request, 'batchId'));
      return progressView(reply, group, batch);
    });

    r.get('/collectives/:id/letters/:batchId/collective-letter.pdf', async (request, reply) => {
      letterGroup(request);
      const { group, batch } = batchFor(db, request.actor, idOf(request), idOf(request, 'batchId'));
      const pdf = collectiveLetterPdf(db, group, batch, { actor: actorOf(request), clientAddress: request.ip, now: request.now });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pdf.fileName}"`).send(pdf.bytes);
    });

    r.get('/collectives/:id/letters/:batchId/letters.zip', async (request, reply) => {
      letterGroup(request);
      const { group, batch } = batchFor(db, request.actor, idOf(request), idOf(request, 'batchId'));
      if (batch.status === 'running') throw conflict('batchLetters.errors.running');
      const zip = await batchZip(db, group, batch, { actor: actorOf(request), clientAddress: request.ip, now: request.now });
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${zip.fileName}"`).send(Buffer.from(zip.bytes));
    });
  });
}
