import { fieldErrors } from '../shared/form.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/policy.js';
import { todayIn } from '../deadlines/compute.js';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import type { FieldErrors } from '../shared/form.js';
import { conflictForm, type ConflictView } from '../shared/versions.js';
import { ConsentForm, PersonEditForm, personChoices, personFields } from './people.schema.js';
import { personFor, personPageData, recordConsent, recordPersonView, updatePersonRecord } from './people.service.js';
import type { Person } from './people.table.js';
import { erasureRecordOf } from '../retention/erasure.service.js';

type Body = Record<string, unknown>;
const Notice = z.object({ notice: z.enum(['saved', 'consent', 'erased']).optional() }).catch({});

/** The stored record as form values (the same shape a re-rendered form receives from the browser). */
export function personValues(person: Person): Body {
  return { ...person, birthYear: person.birthDate ? null : person.birthYear };
}

export async function peopleRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    const showPage = (request: FastifyRequest, reply: FastifyReply, person: Person, consentValues: Body, consentErrors: FieldErrors, status?: number) => {
      const cp = findContactPoint(db, person.contactPointId);
      return reply.view(
        'people/show',
        {
          person,
          ...personPageData(db, actorOf(request), person),
          contactPoint: cp,
          today: todayIn(cp?.timezone ?? 'UTC', request.now),
          canEdit: person.anonymisedAt === null && can(request.actor, 'case.update', { contactPointId: person.contactPointId }),
          canStartCase: person.anonymisedAt === null && can(request.actor, 'case.create', { contactPointId: person.contactPointId }),
          canExport: can(request.actor, 'person.export', { contactPointId: person.contactPointId }),
          canErase: person.anonymisedFor !== 'erasure' && can(request.actor, 'person.erase', { contactPointId: person.contactPointId }),
          erasure: person.anonymisedFor === 'erasure' ? erasureRecordOf(db, person.id) : null,
          choices: personChoices,
          values: consentValues,
          errors: consentErrors,
          notice: Notice.parse(request.query).notice,
        },
        { status },
      );
    };

    r.get('/people/:id', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.view');
      // Every look at a person's record is on the record (DESIGN §2, audit entry).
      recordPersonView(db, person, actorOf(request).id, request.ip, request.now);
      const cp = findContactPoint(db, person.contactPointId);
      return showPage(request, reply, person, { consentGivenOn: todayIn(cp?.timezone ?? 'UTC', request.now), consentScopes: [] }, {});
    });

    r.post('/people/:id/consent', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = ConsentForm(request.now).safeParse(body);
      if (!parsed.success) return showPage(request, reply, person, body, fieldErrors(parsed.error), 422);
      await recordConsent(db, person, parsed.data, actorOf(request).id, request.ip, request.now);
      return reply.redirect(`/people/${person.id}?notice=consent`, 303);
    });

    const editPage = (reply: FastifyReply, person: Person, values: Body, errors: FieldErrors, status?: number, conflict: ConflictView | null = null) =>
      reply.view('people/edit', { person, values, errors, conflict, choices: personChoices }, { status });

    r.get('/people/:id/edit', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.update');
      return editPage(reply, person, personValues(person), {});
    });

    r.post('/people/:id/edit', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'case.update');
      const body = bodyOf(request);
      const parsed = PersonEditForm(request.now).safeParse(body);
      if (!parsed.success) return editPage(reply, person, body, fieldErrors(parsed.error), 422);
      const result = await updatePersonRecord(db, actorOf(request), person.id, parsed.data.input, parsed.data.version, request.ip, request.now);
      if (!result.ok) {
        const { values, conflict } = conflictForm(result, { current: personValues(result.current), typed: body, fields: personFields });
        return editPage(reply, result.current, values, {}, 409, conflict);
      }
      return reply.redirect(`/people/${person.id}?notice=saved`, 303);
    });
  });
}
