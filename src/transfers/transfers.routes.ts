import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { DecideForm, Notice, ProposeForm, transferFormErrors } from './transfers.schema.js';
import {
  cancelTransfer,
  decideTransfer,
  decisionPageData,
  proposeTransfer,
  recordTransferView,
  senderPageData,
  transferFor,
  transferLists,
  transferSectionData,
} from './transfers.service.js';

export async function transferRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    // ---- proposing, from the case

    function section(request: FastifyRequest, reply: FastifyReply, kase: Case, o: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number } = {}) {
      return reply.view(
        'transfers/propose',
        { ...transferSectionData(db, actorOf(request), kase), values: o.values ?? {}, errors: o.errors ?? {}, notice: Notice.parse(request.query ?? {}).notice },
        { fragment: 'cases/_transfer', status: o.status },
      );
    }

    r.get('/cases/:id/transfer', async (request, reply) => section(request, reply, caseFor(db, request.actor, caseIdOf(request), 'case.view')));

    r.post('/cases/:id/transfers', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.transfer');
      const body = bodyOf(request);
      const parsed = ProposeForm.safeParse(body);
      if (!parsed.success) return section(request, reply, kase, { values: body, errors: transferFormErrors(parsed.error), status: 422 });
      const result = await proposeTransfer(db, actorOf(request), kase.id, parsed.data, request.ip, request.now);
      if (!result.ok) return section(request, reply, kase, { values: body, errors: result.errors, status: 422 });
      return reply.redirect(`/cases/${kase.id}/transfer?notice=proposed`, 303);
    });

    r.post('/transfers/:id/cancel', async (request, reply) => {
      const transfer = await cancelTransfer(db, actorOf(request), idOf(request), request.ip, request.now);
      return reply.redirect(`/cases/${transfer.caseId}/transfer?notice=cancelled`, 303);
    });

    // ---- the transfers page and one transfer

    r.get('/transfers', { preHandler: app.requirePermission('case.list') }, async (request, reply) => reply.view('transfers/index', transferLists(db, actorOf(request))));

    function transferPage(request: FastifyRequest, reply: FastifyReply, id: number, o: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number } = {}) {
      const view = transferFor(db, request.actor, id);
      const notice = Notice.parse(request.query ?? {}).notice;
      if (view.transfer.status !== 'accepted') recordTransferView(db, actorOf(request), view.transfer, request.ip, request.now);
      if (view.side === 'receiver') {
        // Once accepted, the case is the receiver's own: its page is the case page.
        if (view.transfer.status === 'accepted') return reply.redirect(`/cases/${view.transfer.caseId}`, 303);
        return reply.view('transfers/decide', { ...decisionPageData(db, view.transfer), values: o.values ?? {}, errors: o.errors ?? {}, notice }, { status: o.status });
      }
      const data = senderPageData(db, view.transfer);
      return reply.view(data.stub ? 'transfers/stub' : 'transfers/sent', { ...data, notice });
    }

    r.get('/transfers/:id', async (request, reply) => transferPage(request, reply, idOf(request)));

    r.post('/transfers/:id/decision', async (request, reply) => {
      const id = idOf(request);
      // Only the receiving contact point's supervisors decide; for anyone else this transfer does not exist.
      if (transferFor(db, request.actor, id).side !== 'receiver') throw notFound();
      const body = bodyOf(request);
      const parsed = DecideForm.safeParse(body);
      if (!parsed.success) {
        return transferPage(request, reply, id, { values: body, errors: transferFormErrors(parsed.error), status: 422 });
      }
      const result = await decideTransfer(db, actorOf(request), id, parsed.data, request.ip, request.now);
      if (!result.ok) return transferPage(request, reply, id, { values: body, errors: result.errors, status: 422 });
      if (result.transfer.status === 'accepted') return reply.redirect(`/cases/${result.transfer.caseId}?notice=transferAccepted`, 303);
      return reply.redirect(`/transfers/${id}?notice=declined`, 303);
    });
  });
}
