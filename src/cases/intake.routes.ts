import { fieldErrors } from '../shared/form.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/policy.js';
import { findContactPoint, findContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, recordId } from '../plugins/request-context.js';
import { currentConsent } from '../people/people.repo.js';
import { countryCodes, personChoices } from '../people/people.schema.js';
import { allowsStoring, createPerson, intakeContactPointIds, likelyDuplicates, personFor, recordConsent, searchForIntake, type Duplicate } from '../people/people.service.js';
import type { Person } from '../people/people.table.js';
import { forbidden } from '../shared/errors.js';
import type { FieldErrors } from '../shared/form.js';
import { caseTypes, currencies, gcmObjectives, priorities, sectors } from './catalogue.js';
import { AnonymousForm, CaseForm, DuplicateChoice, IntakeConsentForm, IntakePersonForm, SearchQuery } from './intake.schema.js';
import { todayIn } from '../deadlines/compute.js';
import { activeUsersOfContactPoint } from './cases.repo.js';
import { createAnonymousContact, createIntakeCase, defaultCurrency } from './intake.service.js';

type Body = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : null);

export async function intakeRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);
    r.addHook('preHandler', app.requirePermission('case.list'));

    /** The contact points where this user may take someone in; a case worker has at least one. */
    const contactPointsFor = (actor: Actor) => {
      const cps = findContactPoints(db, intakeContactPointIds(actor)).filter((c) => c.active);
      if (!cps.length) throw forbidden();
      return cps;
    };
    const chosenContactPoint = (actor: Actor, value: unknown) => {
      const cps = contactPointsFor(actor);
      return cps.find((c) => String(c.id) === String(value)) ?? (cps.length === 1 ? cps[0] : undefined);
    };

    // ---- step 1: find the person

    r.get('/cases/new', async (request, reply) => {
      contactPointsFor(actorOf(request));
      const { q } = SearchQuery.parse(request.query);
      const result = q.length >= 2 ? searchForIntake(db, actorOf(request), q) : { hits: [], more: false };
      return reply.view('cases/intake', { q, tooShort: q.length === 1, ...result }, { fragment: 'cases/_intake-results' });
    });

    // ---- step 2a: someone new (consent, then who they are)

    const personPage = (request: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldErrors, duplicates: Duplicate[] = [], status?: number) =>
      reply.view('cases/intake-person', { values, errors, duplicates, contactPoints: contactPointsFor(actorOf(request)), choices: personChoices }, { status });

    r.get('/cases/new/person', async (request, reply) => {
      const [cp] = contactPointsFor(actorOf(request));
      return personPage(request, reply, { contactPointId: cp!.id, preferredLanguage: 'en', immigrationStatus: 'unknown', consentGivenOn: todayIn(cp!.timezone, request.now), consentScopes: [] }, {});
    });

    r.post('/cases/new/person', async (request, reply) => {
      const actor = actorOf(request);
      const body = bodyOf(request);
      const choice = DuplicateChoice.parse(body);
      const cp = chosenContactPoint(actor, body.contactPointId);
      const duplicatesOfBody = () => (cp ? likelyDuplicates(db, cp.id, { name: text(body.name), alias: text(body.alias), phone: text(body.phone) }) : []);

      if (choice.useExisting) {
        // The person is already on record: the consent given today is added to their history; their record is left as it was.
        const existing = personFor(db, actor, choice.useExisting, 'case.create');
        const consent = IntakeConsentForm(request.now).safeParse(body);
        if (!consent.success) return personPage(request, reply, body, fieldErrors(consent.error), duplicatesOfBody(), 422);
        await recordConsent(db, existing, consent.data, actor.id, request.ip, request.now);
        return reply.redirect(`/cases/new/case?person=${existing.id}`, 303);
      }

      const parsed = IntakePersonForm(request.now).safeParse(body);
      if (!parsed.success) return personPage(request, reply, body, fieldErrors(parsed.error), [], 422);
      if (!cp || cp.id !== parsed.data.contactPointId) return personPage(request, reply, body, { contactPointId: 'intake.validation.contactPoint' }, [], 422);
      const { contactPointId, consentGivenOn, consentScopes, consentNote, ...person } = parsed.data;
      if (choice.createAnyway !== '1') {
        // Likely duplicates are shown, never silently merged or silently ignored: the counsellor decides.
        const duplicates = likelyDuplicates(db, contactPointId, person);
        if (duplicates.length) return personPage(request, reply, body, {}, duplicates, 409);
      }
      const created = await createPerson(db, contactPointId, person, { consentGivenOn, consentScopes, consentNote }, actor.id, request.ip, request.now);
      return reply.redirect(`/cases/new/case?person=${created.id}`, 303);
    });

    // ---- step 3: the case

    const casePage = (reply: FastifyReply, person: Person, values: Body, errors: FieldErrors, status?: number) => {
      const consent = currentConsent(db, person.id);
      return reply.view(
        'cases/intake-case',
        {
          person,
          consent,
          canStore: allowsStoring(consent),
          contactPoint: findContactPoint(db, person.contactPointId),
          caseworkers: activeUsersOfContactPoint(db, person.contactPointId),
          catalogue: { caseTypes, sectors, priorities, currencies, gcmObjectives },
          choices: personChoices,
          values,
          errors,
        },
        { status },
      );
    };

    r.get('/cases/new/case', async (request, reply) => {
      const person = personFor(db, actorOf(request), recordId((request.query as Record<string, unknown>).person), 'case.create');
      const cp = findContactPoint(db, person.contactPointId)!;
      return casePage(reply, person, { jurisdictionCountry: cp.country, priority: 'normal', assignedTo: actorOf(request).id, currency: defaultCurrency(cp.country), caseTypes: [] }, {});
    });

    r.post('/cases/new/case', async (request, reply) => {
      const actor = actorOf(request);
      const body = bodyOf(request);
      const person = personFor(db, actor, recordId(body.personId), 'case.create');
      if (!allowsStoring(currentConsent(db, person.id))) return casePage(reply, person, body, { _form: 'intake.case.noConsent' }, 422);
      const parsed = CaseForm(request.now).safeParse(body);
      if (!parsed.success) return casePage(reply, person, body, fieldErrors(parsed.error), 422);
      if (!activeUsersOfContactPoint(db, person.contactPointId).some((u) => u.id === parsed.data.assignedTo))
        return casePage(reply, person, body, { assignedTo: 'intake.validation.assignee' }, 422);
      const kase = await createIntakeCase(db, person, parsed.data, actor.id, request.ip, request.now);
      return reply.redirect(`/cases/${kase.id}?notice=created`, 303);
    });

    // ---- no consent to store: an anonymous information-and-advice contact

    const anonymousPage = (request: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldErrors, status?: number) =>
      reply.view('cases/intake-anonymous', { values, errors, contactPoints: contactPointsFor(actorOf(request)), sectors, countries: countryCodes }, { status });

    r.get('/cases/new/anonymous', async (request, reply) => {
      const [cp] = contactPointsFor(actorOf(request));
      return anonymousPage(request, reply, { contactPointId: cp!.id, jurisdictionCountry: cp!.country }, {});
    });

    r.post('/cases/new/anonymous', async (request, reply) => {
      const actor = actorOf(request);
      const body = bodyOf(request);
      const parsed = AnonymousForm.safeParse(body);
      if (!parsed.success) return anonymousPage(request, reply, body, fieldErrors(parsed.error), 422);
      const cp = chosenContactPoint(actor, parsed.data.contactPointId);
      if (!cp || cp.id !== parsed.data.contactPointId) return anonymousPage(request, reply, body, { contactPointId: 'intake.validation.contactPoint' }, 422);
      const kase = await createAnonymousContact(db, parsed.data, actor.id, request.ip, request.now);
      return reply.redirect(`/cases/${kase.id}?notice=created`, 303);
    });
  });
}
