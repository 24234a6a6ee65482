import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { bodyOf, userOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import { fieldErrors } from '../shared/form.js';
import { ChangePasswordForm, LanguageForm } from '../users/users.schema.js';
import { changePassword, setOwnLocale } from '../users/users.service.js';
import type { AuthService } from './auth.service.js';
import { secondFactorStatus } from './second-factor.service.js';

export async function accountRoutes(app: FastifyInstance, opts: { auth: AuthService; db: Db }) {
  const { auth, db } = opts;
  app.addHook('preHandler', app.requireUser);

  const page = (userId: string, sessionId: string | null, extra: Record<string, unknown> = {}) => ({
    sessions: auth.listSessions(userId, sessionId),
    secondFactor: secondFactorStatus(db, userId),
    errors: {},
    notice: null,
    ...extra,
  });

  app.get<{ Querystring: { notice?: string } }>('/account', async (request, reply) => {
    const notice = ['passwordChanged', 'sessionEnded', 'othersEnded', 'languageSaved'].includes(request.query.notice ?? '') ? request.query.notice : null;
    return reply.view('account/index', page(userOf(request).id, request.sessionId, { notice }));
  });

  app.post('/account/language', async (request, reply) => {
    const user = userOf(request);
    const parsed = LanguageForm.safeParse(bodyOf(request));
    if (!parsed.success)
      return reply.view('account/index', page(user.id, request.sessionId, { errors: fieldErrors(parsed.error) }), { status: 422 });
    await setOwnLocale(db, user.id, parsed.data.locale);
    return reply.redirect('/account?notice=languageSaved', 303);
  });

  app.post('/account/password', async (request, reply) => {
    const user = userOf(request);
    const parsed = ChangePasswordForm.safeParse(bodyOf(request));
    if (!parsed.success)
      return reply.view('account/index', page(user.id, request.sessionId, { errors: fieldErrors(parsed.error) }), { status: 422 });
    const result = await changePassword(db, user.id, request.sessionId!, parsed.data.current, parsed.data.password, request.now);
    if (!result.ok) return reply.view('account/index', page(user.id, request.sessionId, { errors: result.errors }), { status: 422 });
    return reply.redirect('/account?notice=passwordChanged', 303);
  });

  app.post<{ Params: { handle: string } }>('/account/sessions/:handle/end', async (request, reply) => {
    if (!(await auth.endSession(userOf(request).id, request.params.handle))) throw notFound();
    return reply.redirect('/account?notice=sessionEnded', 303);
  });

  app.post('/account/sessions/end-others', async (request, reply) => {
    await auth.endOtherSessions(userOf(request).id, request.sessionId!);
    return reply.redirect('/account?notice=othersEnded', 303);
  });
}
