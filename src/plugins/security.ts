import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for the page being rendered (a fresh salt each time, the same secret underneath). */
    generateCsrf(): string;
    /** At sign-in: drops the pre-sign-in CSRF secret, so that whatever a page before sign-in held stops working. */
    rotateCsrf(): FastifyReply;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Exactly one header and one form field carry the token (STYLE 11). */
function getToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

/** Under https the cookie is `__Host-`: only this host, over TLS, for Path=/, may set it, so no sibling domain plants one. */
export const csrfCookieName = (secureCookies: boolean) => (secureCookies ? '__Host-uniondesk_csrf' : 'uniondesk_csrf');

const mac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');
const SECRET = /^[A-Za-z0-9_-]{24}$/;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF tokens (issue 12, security review b). A signed-in browser's tokens are bound to its session: their secret is
 * derived from the session id, which only the browser's HttpOnly session cookie holds (the database keeps a hash of
 * it), so a CSRF cookie and token planted from another browser prove nothing, and the secret changes with the
 * session at every sign-in. Before sign-in (the sign-in form, a one-time password link) the secret is a random value in
 * its own cookie, dropped at sign-in. A token is `salt.HMAC(secret, salt)`.
 */
export default fp(
  async (app, opts: { secureCookies: boolean; sessionIdOf: (request: FastifyRequest) => string | null; sessionEnded: (request: FastifyRequest) => boolean }) => {
    const cookieName = csrfCookieName(opts.secureCookies);
    const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };
    const created = new WeakMap<FastifyRequest, string>();

    await app.register(cookie);
    await app.register(formbody, { bodyLimit: 256 * 1024 });
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          // The letter preview shows our own PDF in a frame.
          frameSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(opts.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: opts.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(rateLimit, { global: false });

    /** The secret behind this request's tokens; null before sign-in when the browser holds none. */
    function secretOf(request: FastifyRequest): string | null {
      const sessionId = opts.sessionIdOf(request);
      if (sessionId) return mac(sessionId, 'uniondesk csrf');
      const held = created.get(request) ?? request.cookies[cookieName];
      return held && SECRET.test(held) ? held : null;
    }

    app.decorateReply('generateCsrf', function (this: FastifyReply) {
      let secret = secretOf(this.request);
      if (!secret) {
        secret = randomBytes(18).toString('base64url');
        created.set(this.request, secret);
        this.setCookie(cookieName, secret, cookieOpts);
      }
      const salt = randomBytes(9).toString('base64url');
      return `${salt}.${mac(secret, salt)}`;
    });

    app.decorateReply('rotateCsrf', function (this: FastifyReply) {
      return this.clearCookie(cookieName, cookieOpts);
    });

    app.addHook('preHandler', async (request, reply) => {
      if (safeMethods.has(request.method)) return;
      const secret = secretOf(request);
      const [salt, sent, ...rest] = (getToken(request) ?? '').split('.');
      if (secret && salt && sent && !rest.length && sameText(sent, mac(secret, salt))) return;
      // A form of a session that has ended since (idle limit, sign-out elsewhere, an unfinished second step): its
      // tokens were bound to that session. Nothing is written either way; the user is told to sign in again, as a
      // signed-out request is, rather than "forbidden".
      if (opts.sessionEnded(request)) {
        if (request.headers['hx-request'] === 'true') return reply.header('HX-Redirect', '/login?ended=1').code(401).send();
        return reply.redirect('/login?ended=1', 303);
      }
      request.log.warn('csrf token refused');
      throw new AppError(403, 'errors.forbidden');
    });
  },
  { name: 'csrf' },
);
