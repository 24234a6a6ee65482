import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf } from '../plugins/request-context.js';
import { fieldErrors } from '../shared/form.js';
import { notFound } from '../shared/errors.js';
import { z } from 'zod';
import { ownName } from '../i18n/index.js';
import { SUMMARY_ONLY_LANGUAGES } from './letter-language.js';
import { ReviewForm, WithdrawForm } from './translation-reviews.schema.js';
import { languageReview, languageReviews, recordReview, withdrawReview, type LanguageReview } from './translation-reviews.service.js';

/**
 * /admin/translations: the administrator records who approved each language's letter wording (and withdraws it).
 * No case content. Every change is audited (targetType translation_review).
 */
const Notice = z.object({ notice: z.enum(['saved', 'withdrawn']).optional() }).catch({});

export async function translationReviewRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const reviewOf = (request: FastifyRequest): LanguageReview => {
    const { language } = request.params as { language?: string };
    const found = typeof language === 'string' ? languageReview(db, language) : null;
    if (!found) throw notFound();
    return found;
  };

  const formValues = (state: LanguageReview) => ({
    reviewerName: state.review?.reviewerName ?? '',
    reviewedOn: state.review?.reviewedOn ?? '',
    note: state.review?.note ?? '',
    version: String(state.review?.version ?? 0),
  });

  type Shown = { values: Record<string, unknown>; errors?: Record<string, string>; stale?: boolean; notice?: string };
  const page = (reply: FastifyReply, state: LanguageReview, shown: Shown, status?: number) =>
    reply.view('admin/translations/show', { state, values: shown.values, errors: shown.errors ?? {}, stale: shown.stale ?? false, notice: shown.notice }, { status });

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('admin.translations'));

    r.get('/admin/translations', async (_request, reply) =>
      reply.view('admin/translations/index', {
        languages: languageReviews(db).map((s) => ({ ...s, ownName: ownName(s.language), summaryOnly: SUMMARY_ONLY_LANGUAGES.includes(s.language) })),
      }),
    );

    r.get('/admin/translations/:language', async (request, reply) => {
      const state = reviewOf(request);
      return page(reply, state, { values: formValues(state), notice: Notice.parse(request.query).notice });
    });

    r.post('/admin/translations/:language', async (request, reply) => {
      const state = reviewOf(request);
      const body = bodyOf(request);
      const parsed = ReviewForm.safeParse(body);
      if (!parsed.success) return page(reply, state, { values: body, errors: fieldErrors(parsed.error) }, 422);
      const result = await recordReview(db, state.language, parsed.data, { actorId: actorOf(request).id, clientAddress: request.ip }, request.now);
      // Stale: what was typed stays, with the review as it is now and its version, so that saving again is deliberate.
      if (!result.ok) return page(reply, result.current, { values: { ...body, version: String(result.current.review?.version ?? 0) }, stale: true }, 409);
      return reply.redirect(`/admin/translations/${state.language}?notice=saved`, 303);
    });

    r.post('/admin/translations/:language/withdraw', async (request, reply) => {
      const state = reviewOf(request);
      const version = WithdrawForm.safeParse(bodyOf(request)).data?.version ?? null;
      const result = await withdrawReview(db, state.language, version, { actorId: actorOf(request).id, clientAddress: request.ip }, request.now);
      if (!result.ok) return page(reply, result.current, { values: formValues(result.current), stale: true }, 409);
      return reply.redirect(`/admin/translations/${state.language}?notice=withdrawn`, 303);
    });
  });
}
