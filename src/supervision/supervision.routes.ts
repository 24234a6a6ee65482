import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bulkViewPanel } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Mailer } from '../mail/mailer.js';
import { actorOf, bodyOf, caseIdOf, uuidOf } from '../plugins/request-context.js';
import { accountsForLinks, accountsToConfirm, confirmUser, issueLinkAsSupervisor, passwordLinkMail } from '../users/users.service.js';
import { isFragmentRequest } from '../plugins/views.js';
import { AppError, notFound } from '../shared/errors.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { ClosureDecision, DashboardNotice, ReassignForm, ReassignQuery, ReassignReason } from './supervision.schema.js';
import {
  caseloadDashboard,
  closureQueue,
  closuresWaitingFor,
  decideClosure,
  IDLE_DAYS,
  reassignCases,
  reassignConfirmation,
  reassignPanel,
  recordQueueView,
  SOON_DAYS,
  type ClosureMove,
} from './supervision.service.js';

type Failed = { id: number; move: ClosureMove; values: Record<string, unknown>; errors: FieldErrors };

export async function supervisionRoutes(app: FastifyInstance, opts: { db: Db; config: Config; mailer: Mailer }) {
  const { db, config, mailer } = opts;

  const dashboardData = (request: FastifyRequest, notice?: { notice?: string; n?: number }) => ({
    accountsWaiting: accountsToConfirm(db, actorOf(request)).length,
    caseloads: caseloadDashboard(db, actorOf(request), request.now),
    notice: notice ?? DashboardNotice.parse(request.query ?? {}),
    idleDays: IDLE_DAYS,
    soonDays: SOON_DAYS,
    bulkViews: bulkViewPanel(db, request.actor, request.now),
  });

  /** The panel for choosing cases and a counsellor, with what was typed and its messages. */
  function choose(request: FastifyRequest, reply: FastifyReply, cp: number, from: string, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status?: number) {
    const panel = reassignPanel(db, actorOf(request), cp, from);
    const chosen = new Set([values.cases].flat().filter((v) => v !== undefined).map(String));
    return reply.view('supervision/reassign', { step: 'choose', panel, chosen, values, errors }, { fragment: 'supervision/_reassign', status });
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('supervision.view'));

    r.get('/supervision', async (request, reply) => reply.view('supervision/index', dashboardData(request)));

    r.get('/supervision/reassign', async (request, reply) => {
      const q = ReassignQuery.safeParse(request.query ?? {});
      if (!q.success) throw notFound();
      return choose(request, reply, q.data.cp, q.data.from);
    });

    r.post('/supervision/reassign', async (request, reply) => {
      const body = bodyOf(request);
      const where = ReassignQuery.safeParse(body);
      if (!where.success) throw new AppError(400, 'errors.badRequest');
      const { cp, from } = where.data;
      const parsed = ReassignForm.safeParse(body);
      if (!parsed.success) return choose(request, reply, cp, from, body, fieldErrors(parsed.error), 422);
      const { cases, to, confirm } = parsed.data;
      const actor = actorOf(request);

      if (!confirm) {
        const check = reassignConfirmation(db, actor, cp, cases, to);
        if (!check.ok) return choose(request, reply, cp, from, body, check.errors, 422);
        return reply.view('supervision/reassign', { step: 'confirm', confirm: check, from }, { fragment: 'supervision/_confirm' });
      }

      const why = ReassignReason.safeParse(body);
      if (!why.success) {
        const check = reassignConfirmation(db, actor, cp, cases, to);
        if (!check.ok) return choose(request, reply, cp, from, body, check.errors, 422);
        // The confirmation again, with what was typed; for htmx into the panel, not over the dashboard.
        reply.header('HX-Retarget', '#reassign').header('HX-Reswap', 'innerHTML show:top');
        return reply.view('supervision/reassign', { step: 'confirm', confirm: check, from, values: body, errors: fieldErrors(why.error) }, { fragment: 'supervision/_confirm', status: 422 });
      }
      const result = await reassignCases(db, actor, cp, cases, to, why.data.reason, request.ip, request.now);
      if (!result.ok) return choose(request, reply, cp, from, body, result.errors, 422);
      if (!isFragmentRequest(request)) return reply.redirect(`/supervision?notice=reassigned&n=${result.moved}`, 303);
      // htmx: the whole dashboard again, figures updated, with the notice; the address is the dashboard's.
      reply.header('HX-Push-Url', '/supervision');
      return reply.view('supervision/index', dashboardData(request, { notice: 'reassigned', n: result.moved }), { fragment: 'supervision/_dashboard' });
    });

    // ---- accounts an administrator gave case access (issue 12, security review c)

    r.get('/supervision/accounts', async (request, reply) =>
      reply.view('supervision/accounts', {
        accounts: accountsToConfirm(db, actorOf(request)),
        confirmed: accountsForLinks(db, actorOf(request)),
        notice: DashboardNotice.parse(request.query ?? {}).notice,
      }),
    );

    // The sign-in link of a confirmed case-access account: never the administrator's to see (issue 12, c). With
    // e-mail on it goes to the account's own address; without, it is shown once, here, for the supervisor to hand over.
    r.post('/supervision/accounts/:id/link', async (request, reply) => {
      const { user, token } = await issueLinkAsSupervisor(db, actorOf(request), uuidOf(request), request.ip, request.now);
      const link = `${config.baseUrl}/set-password/${token}`;
      if (mailer.enabled) {
        await mailer.send(passwordLinkMail(user, link));
        return reply.view('supervision/link', { target: user, sent: true });
      }
      return reply.view('supervision/link', { target: user, link });
    });

    r.post('/supervision/accounts/:id/confirm', async (request, reply) => {
      const { user, token } = await confirmUser(db, actorOf(request), uuidOf(request), { issueLink: mailer.enabled, clientAddress: request.ip }, request.now);
      if (token) {
        try {
          await mailer.send(passwordLinkMail(user, `${config.baseUrl}/set-password/${token}`));
        } catch (err) {
          // Confirmed all the same; the administrator issues a new link (sent by e-mail again). The id, never the address.
          request.log.error({ err, userId: user.id }, 'sign-in link not sent');
        }
      }
      return reply.redirect('/supervision/accounts?notice=confirmed', 303);
    });

    // ---- closure review

    const queuePage = (request: FastifyRequest, reply: FastifyReply, failed: Failed | null = null, status?: number) => {
      const { items, total } = closureQueue(db, actorOf(request));
      recordQueueView(db, actorOf(request), items, request.ip, request.now);
      const item = failed ? items.find((i) => i.id === failed.id) : undefined;
      return reply.view(
        'supervision/closures',
        { items, total, item, failed, notice: DashboardNotice.parse(request.query ?? {}).notice },
        { fragment: item ? 'supervision/_closure' : undefined, status },
      );
    };

    r.get('/supervision/closures', async (request, reply) => queuePage(request, reply));

    r.post('/supervision/closures/:id', async (request, reply) => {
      const id = caseIdOf(request);
      const body = bodyOf(request);
      const which = ClosureDecision.safeParse(body);
      if (!which.success) throw new AppError(400, 'errors.badRequest');
      const { move } = which.data;
      const result = await decideClosure(db, actorOf(request), id, move, body, request.ip, request.now);
      if (!result.ok) return queuePage(request, reply, { id, move, values: body, errors: result.errors }, 422);
      const notice = move === 'approve_closure' ? 'approved' : 'sentBack';
      if (!isFragmentRequest(request)) return reply.redirect(`/supervision/closures?notice=${notice}`, 303);
      // The queue's counter goes with the answer (hx-swap-oob): one fewer waiting, without a reload.
      return reply.view('supervision/closures', { done: { id: id, reference: result.reference, notice }, total: closuresWaitingFor(db, actorOf(request)) }, { fragment: 'supervision/_closure_done' });
    });
  });
}
