import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../auth/policy.js';
import { partyKinds, sectors } from '../cases/catalogue.js';
import { caseFor } from '../cases/cases.service.js';
import type { Case } from '../cases/cases.table.js';
import type { Db } from '../db/client.js';
import { findPerson } from '../people/people.repo.js';
import { actorOf, bodyOf, caseIdOf, idOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { conflictForm } from '../shared/versions.js';
import { LinkExistingForm, LinkNewForm, LinkPageQuery, Notice, PartyEditForm, PartyListQuery, PartySearchQuery, UnlinkForm, partyFieldErrors, partyFields, partySorts } from './parties.schema.js';
import { countCasesNamingParty, listParties, searchParties, type PartyWithCount } from './parties.repo.js';
import { createAndLinkParty, editableParty, linkExistingParty, partiesLinkedTo, partyEvidence, undoableUnlink, undoUnlink, unlinkParty, updatePartyDetails } from './parties.service.js';

const PAGE_SIZE = 50;
const SEARCH_LIMIT = 10;

const who = (request: FastifyRequest) => ({ actorId: actorOf(request).id, clientAddress: request.ip });

export async function partyRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const catalogues = { partyKinds, sectors };

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    // The register is case work: admins and coordinators see no case content, so for them it does not exist.
    r.addHook('preHandler', async (request) => {
      if (!can(request.actor, 'case.list')) throw notFound();
    });

    // ---- linking parties to a case

    /** The "add a party" page of a case, with whatever the counsellor searched for or typed. */
    function linkPage(
      kase: Case,
      data: {
        q?: string;
        values?: Record<string, unknown>;
        errors?: FieldErrors;
        duplicates?: PartyWithCount[];
        linkErrors?: FieldErrors;
        /** A removal refused (422): which party, what was typed, the message. */
        unlink?: { partyId: number; values: Record<string, unknown>; errors: FieldErrors };
        undo?: ReturnType<typeof undoableUnlink>;
        notice?: string;
      },
    ) {
      const q = data.q ?? '';
      const linked = partiesLinkedTo(db, kase.id).map((p) => ({ ...p, caseCount: countCasesNamingParty(db, p.id) }));
      return {
        ...catalogues,
        kase,
        person: kase.personId ? findPerson(db, kase.personId) : null,
        linked,
        q,
        results: q ? searchParties(db, q, SEARCH_LIMIT) : [],
        caseId: kase.id,
        linkedIds: linked.map((p) => p.id),
        values: data.values ?? { kind: 'employer', role: 'employer' },
        errors: data.errors ?? {},
        duplicates: data.duplicates ?? [],
        linkErrors: data.linkErrors ?? {},
        unlink: data.unlink ?? null,
        undo: data.undo ?? null,
        notice: data.notice ?? null,
      };
    }

    r.get('/cases/:id/parties/new', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const { q } = PartySearchQuery.parse(request.query);
      const { undo, notice } = LinkPageQuery.parse(request.query ?? {});
      // Right after a removal, its undo (only the one who removed it, only for a short time).
      const undoable = undo ? undoableUnlink(db, kase, undo, actorOf(request).id, request.now) : null;
      return reply.view('cases/party-link', linkPage(kase, { q, undo: undoable, notice }));
    });

    r.post('/cases/:id/parties', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const body = bodyOf(request);
      if (body.partyId !== undefined && body.partyId !== '') {
        const parsed = LinkExistingForm.safeParse(body);
        if (!parsed.success) return reply.view('cases/party-link', linkPage(kase, { linkErrors: partyFieldErrors(parsed.error) }), { status: 422 });
        await linkExistingParty(db, kase, parsed.data.partyId, parsed.data.role, who(request), request.now);
        return reply.redirect(`/cases/${kase.id}?notice=partyLinked#case-parties`, 303);
      }
      const parsed = LinkNewForm.safeParse(body);
      if (!parsed.success) return reply.view('cases/party-link', linkPage(kase, { values: body, errors: partyFieldErrors(parsed.error) }), { status: 422 });
      const { role, confirmNew, ...input } = parsed.data;
      const result = await createAndLinkParty(db, kase, input, role, confirmNew, who(request), request.now);
      // Likely duplicates: nothing is saved until the counsellor picks one of them or confirms a new party.
      if (!result.ok) return reply.view('cases/party-link', linkPage(kase, { values: body, duplicates: result.duplicates }));
      return reply.redirect(`/cases/${kase.id}?notice=partyLinked#case-parties`, 303);
    });

    r.post('/cases/:id/parties/:partyId/unlink', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      const partyId = idOf(request, 'partyId');
      if (!partiesLinkedTo(db, kase.id).some((p) => p.id === partyId)) throw notFound();
      const body = bodyOf(request);
      const parsed = UnlinkForm.safeParse(body);
      if (!parsed.success) return reply.view('cases/party-link', linkPage(kase, { unlink: { partyId, values: body, errors: partyFieldErrors(parsed.error) } }), { status: 422 });
      await unlinkParty(db, kase, partyId, parsed.data.reason, who(request), request.now);
      return reply.redirect(`/cases/${kase.id}/parties/new?undo=${partyId}`, 303);
    });

    r.post('/cases/:id/parties/:partyId/relink', async (request, reply) => {
      const kase = caseFor(db, request.actor, caseIdOf(request), 'case.update');
      await undoUnlink(db, kase, idOf(request, 'partyId'), who(request), request.now);
      return reply.redirect(`/cases/${kase.id}/parties/new?notice=relinked`, 303);
    });

    // ---- the register

    r.get('/parties/search', async (request, reply) => {
      const { q, caseId } = PartySearchQuery.parse(request.query);
      // Link buttons only for a case the user may change; the matches themselves are the shared register.
      const kase = caseId ? caseFor(db, request.actor, caseId, 'case.update') : null;
      const linkedIds = kase ? partiesLinkedTo(db, kase.id).map((p) => p.id) : [];
      return reply.view('parties/_search-results', { q, results: q ? searchParties(db, q, SEARCH_LIMIT) : [], caseId: kase?.id ?? null, linkedIds, partyKinds });
    });

    r.get('/parties', async (request, reply) => {
      const query = PartyListQuery.parse(request.query);
      const { rows, total } = listParties(db, { q: query.q, sort: query.sort, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return reply.view('parties/index', { ...query, rows, total, pages, sorts: partySorts }, { fragment: 'parties/_table' });
    });

    r.get('/parties/:id', async (request, reply) => {
      const evidence = partyEvidence(db, actorOf(request), idOf(request));
      return reply.view('parties/show', { ...evidence, notice: Notice.parse(request.query).notice });
    });

    r.get('/parties/:id/edit', async (request, reply) => {
      const party = editableParty(db, actorOf(request), idOf(request));
      return reply.view('parties/edit', { ...catalogues, party, values: party, errors: {} });
    });

    r.post('/parties/:id', async (request, reply) => {
      const party = editableParty(db, actorOf(request), idOf(request));
      const body = bodyOf(request);
      const parsed = PartyEditForm.safeParse(body);
      if (!parsed.success) return reply.view('parties/edit', { ...catalogues, party, values: body, errors: partyFieldErrors(parsed.error) }, { status: 422 });
      const result = await updatePartyDetails(db, actorOf(request), party.id, parsed.data.input, parsed.data.version, who(request), request.now);
      if (!result.ok) {
        const { values, conflict } = conflictForm(result, { current: result.current, typed: body, fields: partyFields });
        return reply.view('parties/edit', { ...catalogues, party: result.current, values, errors: {}, conflict }, { status: 409 });
      }
      return reply.redirect(`/parties/${party.id}?notice=saved`, 303);
    });
  });
}
