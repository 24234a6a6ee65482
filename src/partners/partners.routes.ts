import type { FastifyInstance } from 'fastify';
import { can } from '../auth/policy.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { findPartner, listPartners, partnerFacets } from './partners.repo.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { PartnerEditForm, PartnerFilter, PartnerForm, partnerFields, partnerFormErrors } from './partners.schema.js';
import { createPartner, updatePartner } from './partners.service.js';
import { partnerKinds, type Partner } from './partners.table.js';

/** The form shows lists as the administrator types them: comma separated. */
const formValues = (p: Partner) => ({ ...p, languages: p.languages.join(', '), services: p.services.join(', ') });

export async function partnerRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  // ---- the directory: everyone signed in reads it
  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('partners.view'));

    r.get('/partners', async (request, reply) => {
      const { notice, ...filter } = PartnerFilter.parse(request.query ?? {});
      const includeInactive = can(request.actor, 'admin.partners');
      return reply.view(
        'partners/index',
        { filter, notice, partners: listPartners(db, filter, { includeInactive }), facets: partnerFacets(db, { includeInactive }), kinds: partnerKinds },
        { fragment: 'partners/_table' },
      );
    });

    r.get('/partners/:id', async (request, reply) => {
      const partner = findPartner(db, idOf(request));
      // An inactive partner is history: it stays readable, marked as such.
      if (!partner) throw notFound();
      return reply.view('partners/show', { partner, notice: PartnerFilter.parse(request.query ?? {}).notice });
    });
  });

  // ---- editing: administrators only
  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('admin.partners'));

    const form = (values: Record<string, unknown>, errors: FieldErrors = {}, target?: Partner, conflict: ConflictView | null = null) => ({ values, errors, target, conflict, kinds: partnerKinds });

    r.get('/partners/new', async (_request, reply) => reply.view('partners/form', form({ active: true, kind: 'immigration_advice' })));

    r.post('/partners', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = PartnerForm.safeParse(body);
      if (!parsed.success) return reply.view('partners/form', form(body, partnerFormErrors(parsed.error)), { status: 422 });
      const partner = await createPartner(db, parsed.data, actorOf(request).id, request.ip, request.now);
      return reply.redirect(`/partners/${partner.id}?notice=created`, 303);
    });

    r.get('/partners/:id/edit', async (request, reply) => {
      const partner = findPartner(db, idOf(request));
      if (!partner) throw notFound();
      return reply.view('partners/form', form(formValues(partner), {}, partner));
    });

    r.post('/partners/:id', async (request, reply) => {
      const partner = findPartner(db, idOf(request));
      if (!partner) throw notFound();
      const body = bodyOf(request);
      const parsed = PartnerEditForm.safeParse(body);
      if (!parsed.success) return reply.view('partners/form', form(body, partnerFormErrors(parsed.error), partner), { status: 422 });
      const result = await updatePartner(db, partner.id, parsed.data.input, parsed.data.version, actorOf(request).id, request.ip, request.now);
      if (!result.ok) {
        const { values, conflict } = conflictForm(result, { current: formValues(result.current), typed: body, fields: partnerFields });
        return reply.view('partners/form', form(values, {}, result.current, conflict), { status: 409 });
      }
      return reply.redirect(`/partners/${partner.id}?notice=saved`, 303);
    });
  });
}
