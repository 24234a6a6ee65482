import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { bodyOf, userOf } from '../plugins/request-context.js';
import { fieldErrors } from '../shared/form.js';
import type { AuthService } from './auth.service.js';
import { EnrolForm, SecondFactorCodeForm } from './second-factor.schema.js';
import { secondFactorStatus, type Offer, type SecondFactorService } from './second-factor.service.js';

const AccountNotice = z.object({ notice: z.enum(['recoveryCodeUsed']).optional() }).catch({});

export async function secondFactorRoutes(app: FastifyInstance, opts: { auth: AuthService; secondFactor: SecondFactorService; db: Db }) {
  const { auth, secondFactor, db } = opts;
  const userAgent = (request: FastifyRequest) => request.headers['user-agent'] ?? '';

  // ---- the second step of a sign-in (the gate in second-factor.plugin.ts sends a half-signed session here)

  /** Not half signed in: a signed-in user goes home; anyone else signs in again (the 5 minutes may have run out). */
  const notOwingCode = (request: FastifyRequest, reply: FastifyReply) => reply.redirect(request.actor ? '/' : '/login?expired=1', 303);

  app.get('/login/code', async (request, reply) => {
    if (request.secondFactorStep !== 'code') return notOwingCode(request, reply);
    return reply.view('auth/second-factor', { errors: {}, error: null });
  });

  app.post(
    '/login/code',
    // Per client address, as the password step; the per-account limit of wrong codes lives in the service.
    { config: { rateLimit: { max: 30, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      if (request.secondFactorStep !== 'code') return notOwingCode(request, reply);
      const parsed = SecondFactorCodeForm.safeParse(bodyOf(request));
      if (!parsed.success) return reply.view('auth/second-factor', { errors: fieldErrors(parsed.error), error: null }, { status: 422 });
      const result = await secondFactor.completeSignIn({
        userId: userOf(request).id,
        sessionId: request.sessionId!,
        code: parsed.data.otp,
        userAgent: userAgent(request),
        clientAddress: request.ip,
        now: request.now,
      });
      if (result.kind === 'ok') {
        reply.setSessionCookie(auth.newSessionCookie(result.sessionId));
        return reply.redirect(result.usedRecoveryCode ? '/account/second-factor?notice=recoveryCodeUsed' : '/', 303);
      }
      if (result.kind !== 'throttled' && result.unreadable)
        request.log.error('a stored second-factor secret could not be opened: TOTP_KEY is not the key it was stored with');
      const status = result.kind === 'throttled' ? 429 : 422;
      return reply.view('auth/second-factor', { errors: {}, error: `secondFactor.signIn.${result.kind}` }, { status });
    },
  );

  // ---- setting up a second factor: from My account, or right after the password when the policy requires one

  app.register(async (account) => {
    account.addHook('preHandler', async function (request, reply) {
      if (request.actor || request.secondFactorStep === 'enrol') return;
      return app.requireUser.call(this, request, reply);
    });

    const enrolPage = (request: FastifyRequest, offer: Offer, extra: Record<string, unknown> = {}) => ({
      offer,
      status: null,
      required: secondFactor.required(userOf(request).role),
      signingIn: request.secondFactorStep === 'enrol',
      errors: {},
      error: null,
      notice: null,
      ...extra,
    });
    const statusPage = (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
      offer: null,
      status: secondFactorStatus(db, userOf(request).id),
      required: secondFactor.required(userOf(request).role),
      signingIn: false,
      errors: {},
      error: null,
      notice: null,
      ...extra,
    });

    account.get('/account/second-factor', async (request, reply) => {
      const user = userOf(request);
      if (secondFactorStatus(db, user.id)) return reply.view('account/second-factor', statusPage(request, { notice: AccountNotice.parse(request.query).notice ?? null }));
      return reply.view('account/second-factor', enrolPage(request, await secondFactor.offer(user, request.sessionId!)));
    });

    account.post('/account/second-factor', async (request, reply) => {
      const user = userOf(request);
      if (secondFactorStatus(db, user.id)) return reply.redirect('/account/second-factor', 303);
      const body = bodyOf(request);
      const parsed = EnrolForm.safeParse(body);
      const ticket = typeof body.otpTicket === 'string' ? body.otpTicket : undefined;
      if (!parsed.success)
        return reply.view('account/second-factor', enrolPage(request, await secondFactor.offer(user, request.sessionId!, ticket), { errors: fieldErrors(parsed.error) }), { status: 422 });
      const result = await secondFactor.enrol({
        user,
        sessionId: request.sessionId!,
        ticket: parsed.data.otpTicket,
        code: parsed.data.otp,
        userAgent: userAgent(request),
        clientAddress: request.ip,
        now: request.now,
      });
      if (result.kind === 'already') return reply.redirect('/account/second-factor', 303);
      if (result.kind === 'offerInvalid')
        return reply.view('account/second-factor', enrolPage(request, await secondFactor.offer(user, request.sessionId!), { error: 'secondFactor.enrol.offerInvalid' }), { status: 422 });
      if (result.kind === 'wrong')
        return reply.view('account/second-factor', enrolPage(request, await secondFactor.offer(user, request.sessionId!, ticket), { errors: { otp: 'secondFactor.enrol.wrong' } }), { status: 422 });
      reply.setSessionCookie(auth.newSessionCookie(result.sessionId));
      // Shown this once: only their hashes are kept.
      return reply.view('account/recovery-codes', { codes: result.recoveryCodes, enrolled: true });
    });

    account.post('/account/second-factor/recovery-codes', async (request, reply) => {
      const user = userOf(request);
      if (!secondFactorStatus(db, user.id)) return reply.redirect('/account/second-factor', 303);
      const parsed = SecondFactorCodeForm.safeParse(bodyOf(request));
      if (!parsed.success) return reply.view('account/second-factor', statusPage(request, { errors: fieldErrors(parsed.error) }), { status: 422 });
      const result = await secondFactor.renewRecoveryCodes({ userId: user.id, code: parsed.data.otp, clientAddress: request.ip, now: request.now });
      if (result.kind === 'ok') return reply.view('account/recovery-codes', { codes: result.recoveryCodes, enrolled: false });
      const status = result.kind === 'throttled' ? 429 : 422;
      return reply.view('account/second-factor', statusPage(request, { errors: { otp: `secondFactor.signIn.${result.kind}` } }), { status });
    });
  });
}
