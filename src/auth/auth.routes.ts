import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { bodyOf, userOf } from '../plugins/request-context.js';
import { fieldErrors } from '../shared/form.js';
import { LANGUAGE_COOKIE } from '../i18n/request.js';
import { LanguageForm, LoginForm, SetPasswordForm } from '../users/users.schema.js';
import { findUserForToken, setPasswordWithToken } from '../users/users.service.js';
import type { AuthService } from './auth.service.js';
import { stepPaths } from './second-factor.plugin.js';

/** Pages a visitor may be sent back to after choosing a language: the sign-in page (with its notice), nothing else. */
const PRE_SIGN_IN_PAGE = /^\/login(\?(signedOut|passwordSet|expired|ended)=1)?$/;

export async function authRoutes(app: FastifyInstance, opts: { auth: AuthService; db: Db; secureCookies: boolean }) {
  const { auth, db } = opts;

  // The sign-in page's language switch: the language of every page until sign-in, then the account's own decides.
  // Only the language is stored, in a cookie; the browser goes back to the page it came from (one of ours, by path).
  app.post('/language', async (request, reply) => {
    const body = bodyOf(request);
    const parsed = LanguageForm.safeParse(body);
    const back = typeof body.back === 'string' && PRE_SIGN_IN_PAGE.test(body.back) ? body.back : '/login';
    if (parsed.success)
      reply.setCookie(LANGUAGE_COOKIE, parsed.data.locale, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: 365 * 24 * 3600 });
    return reply.redirect(back, 303);
  });

  app.get<{ Querystring: { signedOut?: string; passwordSet?: string; expired?: string; ended?: string } }>('/login', async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    const { signedOut, passwordSet, expired, ended } = request.query;
    const notice = signedOut ? 'auth.signedOut' : passwordSet ? 'auth.passwordSet' : expired ? 'secondFactor.signIn.expired' : ended ? 'auth.sessionEnded' : null;
    return reply.view('auth/login', { values: {}, error: null, notice });
  });

  app.post(
    '/login',
    // Failed sign-ins are limited per account and per client address in the auth service; successes never count.
    async (request, reply) => {
      const parsed = LoginForm.safeParse(bodyOf(request));
      const email = parsed.success ? parsed.data.email : '';
      const result = parsed.success
        ? // Rotation: whatever session the browser had before is ended.
          await auth.login(
            parsed.data.email,
            parsed.data.password,
            request.ip,
            request.headers['user-agent'] ?? '',
            request.now,
            request.sessionId ? { sessionId: request.sessionId, userId: userOf(request).id } : null,
          )
        : ({ kind: 'wrong' } as const);
      if (result.kind === 'ok') {
        reply.setSessionCookie(result.cookie).rotateCsrf();
        return reply.redirect(result.secondFactor ? stepPaths[result.secondFactor] : '/', 303);
      }
      const status = result.kind === 'throttled' ? 429 : 422;
      if (result.kind === 'throttled') reply.header('Retry-After', '900');
      const error = result.kind === 'throttled' ? (result.scope === 'address' ? 'auth.throttledAddress' : 'auth.throttled') : 'auth.wrong';
      return reply.view('auth/login', { values: { email }, error, notice: null }, { status });
    },
  );

  app.post('/logout', async (request, reply) => {
    if (request.sessionId) await auth.logout(request.sessionId, userOf(request).id, request.ip, request.now);
    reply.setSessionCookie(auth.blankCookie());
    return reply.redirect('/login?signedOut=1', 303);
  });

  app.get<{ Params: { token: string } }>('/set-password/:token', async (request, reply) => {
    const user = findUserForToken(db, request.params.token, request.now);
    if (!user) return reply.view('auth/set-password-invalid', {}, { status: 404 });
    return reply.view('auth/set-password', { token: request.params.token, email: user.email, errors: {} });
  });

  app.post('/set-password', async (request, reply) => {
    const body = bodyOf(request);
    const parsed = SetPasswordForm.safeParse(body);
    const token = typeof body.token === 'string' ? body.token : '';
    const holder = token ? findUserForToken(db, token, request.now) : null;
    if (!holder) return reply.view('auth/set-password-invalid', {}, { status: 404 });
    if (!parsed.success) return reply.view('auth/set-password', { token, email: holder.email, errors: fieldErrors(parsed.error) }, { status: 422 });
    const user = await setPasswordWithToken(db, parsed.data.token, parsed.data.password, request.now);
    if (!user) return reply.view('auth/set-password-invalid', {}, { status: 404 });
    return reply.redirect('/login?passwordSet=1', 303);
  });
}
