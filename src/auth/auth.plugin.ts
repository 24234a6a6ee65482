import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Cookie } from 'lucia';
import { forbidden } from '../shared/errors.js';
import { auditSoon } from '../audit/audit.service.js';
import type { Db } from '../db/client.js';
import { sessionKey, type AuthService, type CurrentUser } from './auth.service.js';
import { can, type Action, type Actor } from './policy.js';
import type { SecondFactorStep } from './second-factor.table.js';

declare module 'fastify' {
  interface FastifyRequest {
    currentUser: CurrentUser | null;
    actor: Actor | null;
    sessionId: string | null;
    /**
     * The cookie's value of the session this request acts in: the secret its CSRF tokens derive from
     * (security.ts). A reply that hands out a new session (sign-in, second step) moves it to the new one.
     */
    sessionSecret: string | null;
    /** The browser sent a session cookie that no longer opens a session (ended, expired or unknown). */
    sessionEnded: boolean;
    /** The session is half signed in: it owes this step (second-factor.plugin.ts) and has no actor until then. */
    secondFactorStep: SecondFactorStep | null;
  }
  interface FastifyInstance {
    /** preHandler: a signed-in user, or a redirect to the sign-in page. */
    requireUser: preHandlerAsyncHookHandler;
    /** preHandler: the policy grants `action` (with no resource), or 403. */
    requirePermission(action: Action): preHandlerAsyncHookHandler;
  }
  interface FastifyReply {
    setSessionCookie(cookie: Cookie): FastifyReply;
  }
}

export default fp(
  async (app, opts: { auth: AuthService; db: Db }) => {
    const { auth, db } = opts;
    app.decorateRequest('currentUser', null);
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('sessionSecret', null);
    app.decorateRequest('sessionEnded', false);
    app.decorateRequest('secondFactorStep', null);
    app.decorateReply('setSessionCookie', function (this: FastifyReply, cookie: Cookie) {
      // Lucia's "non-expiring" cookie lives 400 days; ours ends with the browser session (a shared office computer),
      // while the server enforces the idle and absolute limits. The blank cookie keeps its Max-Age=0.
      const { maxAge, expires, ...attributes } = cookie.attributes;
      // The page this reply renders carries tokens of the session it hands out (security.ts binds them to it).
      this.request.sessionId = cookie.value ? sessionKey(cookie.value) : null;
      this.request.sessionSecret = cookie.value || null;
      return this.setCookie(cookie.name, cookie.value, cookie.value ? attributes : { ...attributes, maxAge, expires });
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/static/')) return;
      const sessionId = request.cookies[auth.cookieName];
      if (!sessionId) return;
      const found = auth.validate(sessionId, request.now);
      if (!found) {
        reply.setSessionCookie(auth.blankCookie());
        request.sessionEnded = true;
        return;
      }
      request.sessionId = found.sessionId;
      request.sessionSecret = sessionId;
      request.currentUser = found.user;
      // No actor: the policy grants a half-signed session nothing, whatever route it reaches.
      if (found.secondFactorStep) {
        request.secondFactorStep = found.secondFactorStep;
        return;
      }
      request.actor = { id: found.user.id, role: found.user.role, contactPointIds: found.user.contactPoints.map((c) => c.id) };
    });

    app.addHook('onSend', async (request, reply) => {
      // Pages of a signed-in user hold personal data: no cache may keep them (ASVS 8.2.1).
      if (!request.url.startsWith('/static/')) reply.header('Cache-Control', 'no-store');
    });

    app.decorate('requireUser', async function (request: FastifyRequest, reply: FastifyReply) {
      if (request.actor) return;
      if (request.headers['hx-request'] === 'true') return reply.header('HX-Redirect', '/login').code(401).send();
      return reply.redirect('/login', 303);
    });

    app.decorate('requirePermission', function (action: Action): preHandlerAsyncHookHandler {
      return async function (request: FastifyRequest) {
        if (can(request.actor, action)) return;
        auditSoon(db, { userId: request.actor?.id ?? null, action: 'permission_denied', targetType: 'route', targetId: action, clientAddress: request.ip }, request.now);
        throw forbidden();
      };
    });
  },
  { name: 'auth', dependencies: ['csrf'] },
);
