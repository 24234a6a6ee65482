import { requestLocale } from '../i18n/request.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findContactPoint } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { todayIn } from '../deadlines/compute.js';
import { translator } from '../i18n/index.js';
import { personFor, recordPersonView } from '../people/people.service.js';
import type { Person } from '../people/people.table.js';
import { actorOf, bodyOf, idOf } from '../plugins/request-context.js';
import { fieldErrors, type FieldErrors } from '../shared/form.js';
import { EXPORT_PASSWORD_MIN, ExportForm } from './person-export.schema.js';
import { exportFileName, exportReview, exportZip, gatherExport, recordPersonExport } from './person-export.service.js';

type Body = Record<string, unknown>;

/** A person's data export (GDPR art. 15): a review page, then the zip. */
export async function personExportRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.register(async (r) => {
    r.addHook('preHandler', app.requireUser);

    const reviewPage = (request: FastifyRequest, reply: FastifyReply, person: Person, values: Body, errors: FieldErrors, status?: number) =>
      reply.view('person-export/review', { person, review: exportReview(db, actorOf(request), person), values, errors, passwordMin: EXPORT_PASSWORD_MIN }, { status });

    r.get('/people/:id/export', async (request, reply) => {
      const person = personFor(db, request.actor, idOf(request), 'person.export');
      // The review page shows the record and its restricted notes: a look at the person like any other.
      recordPersonView(db, person, actorOf(request).id, request.ip, request.now);
      return reviewPage(request, reply, person, { include: [] }, {});
    });

    r.post('/people/:id/export', async (request, reply) => {
      const actor = actorOf(request);
      const person = personFor(db, actor, idOf(request), 'person.export');
      const body = bodyOf(request);
      const parsed = ExportForm.safeParse(body);
      // The password is never sent back: the re-rendered form keeps the choices, not the secret.
      if (!parsed.success) return reviewPage(request, reply, person, { include: body.include ?? [], reviewed: body.reviewed }, fieldErrors(parsed.error), 422);
      const cp = findContactPoint(db, person.contactPointId);
      const timeZone = cp?.timezone ?? 'UTC';
      // Times in the person's desk's zone, words in the counsellor's language (who hands the file over and explains it).
      const tr = translator(requestLocale(request), cp?.country, timeZone);
      const { data, files } = gatherExport(db, actor, person, parsed.data.include, tr, request.now);
      const restrictedNotes = data.cases.reduce((n, c) => n + c.timeline.filter((e) => e.restricted).length, 0);
      const password = parsed.data.password || null;
      const zip = await exportZip(data, files, tr, password);
      recordPersonExport(db, actor, person, { restrictedNotes, encrypted: password !== null }, request.ip, request.now);
      return reply
        .type('application/zip')
        .header('Content-Disposition', `attachment; filename="${exportFileName(person.id, todayIn(timeZone, request.now))}"`)
        .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
    });
  });
}
