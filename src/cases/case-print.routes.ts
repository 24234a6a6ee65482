import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { requestTranslator } from '../i18n/request.js';
import { letterFieldErrors, WorkerPaperForm } from '../letters/letters.schema.js';
import { actorOf, caseIdOf } from '../plugins/request-context.js';
import { casePrintData, workerSummaryPrintData } from './case-print.service.js';
import { recordCaseView } from './case-page.service.js';
import { caseFor } from './cases.service.js';

/**
 * Pages made to be printed: the case, and the worker's summary. They have a layout of their own (views/layouts/print.eta:
 * no navigation, no forms but their own) and a print stylesheet; each showing of case content is an audited view.
 */
export async function casePrintRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/cases/:id/print', async (request, reply) => {
      const actor = actorOf(request);
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      recordCaseView(db, actor, kase, request.ip, request.now);
      const data = casePrintData(db, actor, kase, request.now);
      return reply.header('Cache-Control', 'no-store').view('cases/print', { ...data, title: kase.reference });
    });

    // The same question as the letter form asks first: a paper found by an employer, a landlord or an agent who
    // controls the worker can put them in danger. Without the tick nothing of the case is shown.
    r.get('/cases/:id/worker-summary/print', async (request, reply) => {
      const actor = actorOf(request);
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.letter');
      const query = (request.query ?? {}) as Record<string, unknown>;
      const asked = query.asked === '1';
      const paper = WorkerPaperForm.safeParse(query);
      const base = { kase: { id: kase.id, reference: kase.reference }, title: kase.reference };
      if (!paper.success) {
        const errors = asked ? letterFieldErrors(paper.error) : {};
        return reply.header('Cache-Control', 'no-store').view('cases/worker-summary-print', { ...base, ask: true, errors, values: {} }, { status: asked ? 422 : 200 });
      }
      recordCaseView(db, actor, kase, request.ip, request.now);
      const data = workerSummaryPrintData(db, actor, kase, requestTranslator(request), request.now);
      return reply.header('Cache-Control', 'no-store').view('cases/worker-summary-print', { ...base, ...data, ask: false, errors: {} });
    });
  });
}
