import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { contentDisposition } from '../evidence/evidence.routes.js';
import type { EvidenceSettings } from '../evidence/evidence.service.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { referralFor, referralPageData } from '../referrals/referrals.service.js';
import { AppError, notFound } from '../shared/errors.js';
import { asList, fieldErrors, type FieldErrors } from '../shared/form.js';
import { ShareFilesForm } from './partner-links.schema.js';
import { createPartnerLink, revokePartnerLink, sharedFile, sharedPage, sharingCardData } from './partner-links.service.js';

/** Headers of every answer under /shared/: nothing cached, nothing indexed, no address passed on, no sniffing. */
function sealed(reply: FastifyReply) {
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('x-content-type-options', 'nosniff');
}

/** The token of a /shared/:token URL, as a string (its form is checked by the service, which answers 404). */
const tokenOf = (request: FastifyRequest) => String((request.params as Record<string, unknown>).token ?? '');

/**
 * `baseUrl`: the server's public address (BASE_URL), which the link names — never the Host header a request brought.
 * Null only for test servers on a free port.
 */
export async function partnerLinkRoutes(app: FastifyInstance, opts: { db: Db; settings: EvidenceSettings; baseUrl: string | null }) {
  const { db, settings, baseUrl } = opts;

  // ---- the counsellor's side, on the referral page
  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    /** The referral page with the sharing form refused (422), what was ticked kept. */
    function refused(request: FastifyRequest, reply: FastifyReply, referralId: number, errors: FieldErrors, values: Record<string, unknown>) {
      const { referral, kase } = referralFor(db, request.actor, referralId);
      const data = referralPageData(db, actorOf(request), referral, kase, request.now);
      return reply.view('referrals/show', { ...data, sharing: { ...sharingCardData(db, actorOf(request), referral, kase, request.now), errors, values }, form: { move: '', values: {}, errors: {} } }, { status: 422 });
    }

    r.post('/referrals/:id/links', async (request, reply) => {
      const id = idOf(request);
      referralFor(db, request.actor, id);
      const body = bodyOf(request);
      const values = { evidenceIds: asList(body.evidenceIds), expiresInDays: typeof body.expiresInDays === 'string' ? body.expiresInDays : '' };
      const parsed = ShareFilesForm.safeParse(body);
      if (!parsed.success) return refused(request, reply, id, fieldErrors(parsed.error), values);
      const result = await createPartnerLink(db, actorOf(request), id, parsed.data, request.ip, request.now);
      if (!result.ok) return refused(request, reply, id, result.errors, values);
      const { referral, kase } = referralFor(db, request.actor, id);
      // The link in full, this once: the page is not cached (signed-in pages are no-store) and the token is not kept.
      return reply.view(
        'partner-links/created',
        { referral: { id: referral.id }, kase: { id: kase.id, reference: kase.reference }, link: `${baseUrl ?? `${request.protocol}://${request.host}`}/shared/${result.token}`, expiresAt: result.link.expiresAt, fileNames: result.fileNames },
        { status: 201 },
      );
    });

    r.post('/referrals/:id/links/:linkId/revoke', async (request, reply) => {
      const id = idOf(request);
      await revokePartnerLink(db, actorOf(request), id, idOf(request, 'linkId'), request.ip, request.now);
      return reply.redirect(`/referrals/${id}?notice=linkRevoked#shared-files`, 303);
    });
  });

  // ---- the partner's side: no sign-in, a plain page, limited per address
  app.register(async (r) => {
    r.addHook('onRequest', async (_request, reply) => {
      sealed(reply);
    });
    const limit = { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) };

    r.get('/shared/:token', limit, async (request, reply) => {
      const data = sharedPage(db, tokenOf(request), request.ip, request.now);
      return reply.view('partner-links/shared', { ...data, token: tokenOf(request) });
    });

    r.get('/shared/:token/files/:fileId', limit, async (request, reply) => {
      let fileId: number;
      try {
        fileId = idOf(request, 'fileId');
      } catch {
        throw notFound();
      }
      const { row, bytes } = await sharedFile(db, settings, tokenOf(request), fileId, request.ip, request.now).catch((error: unknown) => {
        if (error instanceof AppError && error.statusCode === 500) request.log.error({ reqId: request.id }, 'a shared evidence file could not be opened');
        throw error;
      });
      return reply
        .header('content-disposition', contentDisposition('attachment', row.name))
        .header('content-security-policy', "sandbox; default-src 'none'")
        .type('application/octet-stream')
        .send(bytes);
    });
  });
}
