import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { findPartner } from '../partners/partners.repo.js';
import { partnerKinds } from '../partners/partners.table.js';
import { findPerson } from '../people/people.repo.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { conflict } from '../shared/errors.js';
import { asList, type FieldErrors } from '../shared/form.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { isOverdue, referralStatuses } from './referral-states.js';
import { CASE_FIELDS, PERSON_FIELDS } from './referral-share.js';
import { referralsOfCase } from './referrals.repo.js';
import {
  DraftForm,
  FollowUpForm,
  MoveForm,
  NewReferralQuery,
  Notice,
  ReferralForm,
  ReferralListQuery,
  referralFields,
  referralFormErrors,
  referralListStates,
} from './referrals.schema.js';
import {
  addDays,
  changeFollowUp,
  recordReferralView,
  referralFor,
  referralFormData,
  referralLetter,
  referralList,
  referralPageData,
  todayAtCase,
  submitDraft,
  submitMove,
  submitNewReferral,
} from './referrals.service.js';
import type { Referral } from './referrals.table.js';
import { sharingCardData } from '../partner-links/partner-links.service.js';

/** A draft as its form shows it, at the version the form is loaded with. */
const draftValues = (referral: Referral) => ({ ...referral, followUpOn: referral.followUpOn ?? '' });

/** What the form shows again after a refusal: what was typed, the ticked fields as a list. */
const typed = (body: Record<string, unknown>) => ({ ...body, sharedFields: asList(body.sharedFields) });

export async function referralRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    // ---- the form: new referral, or a draft being edited

    function formPage(
      request: FastifyRequest,
      reply: FastifyReply,
      kase: Case,
      o: { values: Record<string, unknown>; errors?: FieldErrors; all: boolean; referral?: Referral; status?: number; conflict?: ConflictView },
    ) {
      const current = o.referral ? findPartner(db, o.referral.partnerId) : undefined;
      const person = kase.personId ? findPerson(db, kase.personId) : undefined;
      return reply.view(
        'referrals/form',
        {
          kase: { id: kase.id, reference: kase.reference },
          person: person ? { safetyFlags: person.safetyFlags, safetyNote: person.safetyNote } : null,
          referral: o.referral ?? null,
          values: o.values,
          errors: o.errors ?? {},
          conflict: o.conflict ?? null,
          personFields: PERSON_FIELDS,
          caseFields: CASE_FIELDS,
          kinds: partnerKinds,
          ...referralFormData(db, kase, { all: o.all, current }, request.now),
        },
        { status: o.status },
      );
    }

    r.get('/cases/:id/referrals/new', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.refer');
      if (kase.status === 'closed') throw conflict('referrals.validation.caseClosed');
      const query = NewReferralQuery.parse(request.query ?? {});
      const data = referralFormData(db, kase, { all: query.all }, request.now);
      const values = { partnerId: query.partnerId ?? '', reason: '', request: '', sharedFields: [], followUpOn: addDays(data.today, 7) };
      return formPage(request, reply, kase, { values, all: query.all });
    });

    r.post('/cases/:id/referrals', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.refer');
      const body = bodyOf(request);
      const all = body.all === '1';
      const parsed = ReferralForm.safeParse(body);
      if (!parsed.success) return formPage(request, reply, kase, { values: typed(body), errors: referralFormErrors(parsed.error), all, status: 422 });
      const result = await submitNewReferral(db, actorOf(request), kase.id, parsed.data, request.ip, request.now);
      if (!result.ok) return formPage(request, reply, kase, { values: typed(body), errors: result.errors, all, status: 422 });
      return reply.redirect(`/referrals/${result.referral.id}?notice=${result.referral.status === 'sent' ? 'sent' : 'created'}`, 303);
    });

    r.get('/referrals/:id/edit', async (request, reply) => {
      const { referral, kase } = referralFor(db, request.actor, idOf(request));
      if (referral.status !== 'draft') return reply.redirect(`/referrals/${referral.id}`, 303);
      const query = NewReferralQuery.parse(request.query ?? {});
      return formPage(request, reply, kase, { values: draftValues(referral), all: query.all, referral });
    });

    r.post('/referrals/:id/edit', async (request, reply) => {
      const { referral, kase } = referralFor(db, request.actor, idOf(request));
      const body = bodyOf(request);
      const all = body.all === '1';
      const parsed = DraftForm.safeParse(body);
      if (!parsed.success) return formPage(request, reply, kase, { values: typed(body), errors: referralFormErrors(parsed.error), all, referral, status: 422 });
      const result = await submitDraft(db, actorOf(request), referral.id, parsed.data.input, parsed.data.version, request.ip, request.now);
      if (!result.ok && 'stale' in result) {
        const { values, conflict } = conflictForm(result, { current: draftValues(result.current), typed: typed(body), fields: referralFields });
        return formPage(request, reply, kase, { values, all, referral: result.current, conflict, status: 409 });
      }
      if (!result.ok) return formPage(request, reply, kase, { values: typed(body), errors: result.errors, all, referral, status: 422 });
      return reply.redirect(`/referrals/${referral.id}?notice=${result.referral.status === 'sent' ? 'sent' : 'saved'}`, 303);
    });

    // ---- one referral: what the partner receives, its history, its next steps

    function referralPage(request: FastifyRequest, reply: FastifyReply, referral: Referral, kase: Case, o: { errors?: FieldErrors; values?: Record<string, unknown>; move?: string; status?: number } = {}) {
      const actor = actorOf(request);
      recordReferralView(db, actor, referral, kase, request.ip, request.now);
      const data = referralPageData(db, actor, referral, kase, request.now);
      return reply.view(
        'referrals/show',
        { ...data, sharing: sharingCardData(db, actorOf(request), referral, kase, request.now), notice: Notice.parse(request.query ?? {}).notice, form: { move: o.move ?? '', values: o.values ?? {}, errors: o.errors ?? {} } },
        { status: o.status },
      );
    }

    r.get('/referrals/:id', async (request, reply) => {
      const { referral, kase } = referralFor(db, request.actor, idOf(request));
      return referralPage(request, reply, referral, kase);
    });

    r.post('/referrals/:id/moves', async (request, reply) => {
      const { referral, kase } = referralFor(db, request.actor, idOf(request));
      const body = bodyOf(request);
      const parsed = MoveForm.safeParse(body);
      const move = typeof body.move === 'string' ? body.move : '';
      if (!parsed.success) return referralPage(request, reply, referral, kase, { errors: referralFormErrors(parsed.error), values: body, move, status: 422 });
      const result = await submitMove(db, actorOf(request), referral.id, parsed.data, request.ip, request.now);
      if (!result.ok) return referralPage(request, reply, referral, kase, { errors: result.errors, values: body, move, status: 422 });
      return reply.redirect(`/referrals/${referral.id}?notice=${parsed.data.move === 'send' ? 'sent' : 'moved'}`, 303);
    });

    r.post('/referrals/:id/follow-up', async (request, reply) => {
      const { referral, kase } = referralFor(db, request.actor, idOf(request));
      const body = bodyOf(request);
      const parsed = FollowUpForm.safeParse(body);
      if (!parsed.success) return referralPage(request, reply, referral, kase, { errors: referralFormErrors(parsed.error), values: body, move: 'followUp', status: 422 });
      const result = await changeFollowUp(db, actorOf(request), referral.id, parsed.data.followUpOn!, request.ip, request.now);
      if (!result.ok) return referralPage(request, reply, referral, kase, { errors: result.errors, values: body, move: 'followUp', status: 422 });
      return reply.redirect(`/referrals/${referral.id}?notice=followUp`, 303);
    });

    r.get('/referrals/:id/letter.pdf', async (request, reply) => {
      const letter = await referralLetter(db, actorOf(request), idOf(request), request.ip, request.now);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${letter.filename}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(letter.pdf);
    });

    // ---- lists

    r.get('/cases/:id/referrals', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.view');
      const today = todayAtCase(db, kase, request.now);
      const rows = referralsOfCase(db, kase.id).map((row) => ({ ...row, overdue: isOverdue(row, today) }));
      return reply.view('referrals/case', { kase: { id: kase.id, reference: kase.reference, contactPointId: kase.contactPointId, status: kase.status }, rows }, { fragment: 'cases/_referrals' });
    });

    r.get('/referrals', { preHandler: app.requirePermission('case.list') }, async (request, reply) => {
      const { state } = ReferralListQuery.parse(request.query ?? {});
      return reply.view('referrals/index', { state, states: referralListStates, statuses: referralStatuses, rows: referralList(db, actorOf(request), state, request.now) }, { fragment: 'referrals/_table' });
    });
  });
}
