import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/policy.js';
import type { Db } from '../db/client.js';
import { deadlineTexts } from '../deadlines/step-text.js';
import { requestTranslator } from '../i18n/request.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { SharedDeadlineForm, SharedTriggerPost } from './collective.schema.js';
import { collectiveFor } from './collective.service.js';
import type { Collective } from './collective.table.js';
import { moveSharedTrigger, setSharedDeadline } from './shared-deadlines.service.js';
import { sharedOnGroup } from './shared.service.js';

type Forms = { set?: { values: Record<string, unknown>; errors: FieldErrors }; move?: { id: number; values: Record<string, unknown>; errors: FieldErrors; conflict: ConflictView | null } };
const Notice = z.object({ notice: z.enum(['set', 'moved']).optional(), cases: z.coerce.number().int().min(0).max(100_000).optional() }).catch({});

/** A group's shared deadlines (src/collective/shared-deadlines.service.ts); the group page shows the same forms. */
export async function sharedRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const who = (request: FastifyRequest) => ({ actor: actorOf(request), clientAddress: request.ip, now: request.now });
  const say = (request: FastifyRequest) => deadlineTexts(requestTranslator(request)).say;

  function page(request: FastifyRequest, reply: FastifyReply, group: Collective, forms: Forms = {}, status = 200) {
    const q = Notice.parse(request.query);
    return reply.view('collective/deadlines', { title: group.reference, group, shared: sharedOnGroup(db, actorOf(request), group, request.now), mayUpdate: can(actorOf(request), 'case.update', group), deadlineForms: forms, notice: q.notice ?? null, noticeCases: q.cases ?? 0 }, { status });
  }

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    r.get('/collectives/:id/deadlines', async (request, reply) => page(request, reply, collectiveFor(db, request.actor, idOf(request))));

    r.post('/collectives/:id/deadlines', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = SharedDeadlineForm.safeParse(body);
      if (!parsed.success) return page(request, reply, group, { set: { values: body, errors: fieldErrors(parsed.error) } }, 422);
      const result = await setSharedDeadline(db, group.id, parsed.data, who(request), say(request));
      if (!result.ok) return page(request, reply, group, { set: { values: body, errors: result.errors } }, 422);
      return reply.redirect(`/collectives/${group.id}/deadlines?notice=set&cases=${result.cases}`, 303);
    });

    r.post('/collectives/:id/deadlines/:deadlineId', async (request, reply) => {
      const group = collectiveFor(db, request.actor, idOf(request), 'case.update');
      const id = idOf(request, 'deadlineId');
      const body = bodyOf(request);
      const parsed = SharedTriggerPost.safeParse(body);
      if (!parsed.success) return page(request, reply, group, { move: { id, values: body, errors: fieldErrors(parsed.error), conflict: null } }, 422);
      const result = await moveSharedTrigger(db, group.id, id, parsed.data.input, parsed.data.version, who(request), say(request));
      if (!result.ok && 'stale' in result) {
        const { values, conflict } = conflictForm(result, { current: { triggerDate: result.current.triggerDate }, typed: body, fields: ['triggerDate'] });
        return page(request, reply, group, { move: { id, values, errors: {}, conflict } }, 409);
      }
      if (!result.ok) return page(request, reply, group, { move: { id, values: body, errors: result.errors, conflict: null } }, 422);
      return reply.redirect(`/collectives/${group.id}/deadlines?notice=moved&cases=${result.cases}`, 303);
    });
  });
}
