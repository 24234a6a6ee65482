import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { ContactPointForm } from '../contact-points/contact-points.schema.js';
import { findContactPoint, listActiveContactPoints, listContactPoints } from '../contact-points/contact-points.repo.js';
import { createContactPoint, updateContactPoint } from '../contact-points/contact-points.service.js';
import { actorOf, bodyOf, idOf, uuidOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import { fieldErrors } from '../shared/form.js';
import { contactPointsOfUser, findUser, listUsersWithContactPoints } from '../users/users.repo.js';
import { UserForm } from '../users/users.schema.js';
import { createUser, issuePasswordLink, updateUser } from '../users/users.service.js';
import { roles } from '../users/users.table.js';

const Notice = z.object({ notice: z.enum(['saved', 'created']).optional() }).catch({});

export async function adminRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const link = (token: string) => `${config.baseUrl}/set-password/${token}`;

  // ---- users
  app.register(async (users) => {
    users.addHook('preHandler', app.requireUser);
    users.addHook('preHandler', app.requirePermission('admin.users'));

    const form = (values: Record<string, unknown>, errors: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
      values,
      errors,
      roles,
      contactPoints: listActiveContactPoints(db),
      ...extra,
    });

    users.get('/admin/users', async (request, reply) =>
      reply.view('admin/users/index', { users: listUsersWithContactPoints(db), notice: Notice.parse(request.query).notice }),
    );

    users.get('/admin/users/new', async (_request, reply) =>
      reply.view('admin/users/form', form({ role: 'counsellor', active: true, locale: 'en', contactPointIds: [] })),
    );

    users.post('/admin/users', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = UserForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/users/form', form(body, fieldErrors(parsed.error)), { status: 422 });
      const result = createUser(db, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/users/form', form(body, result.errors), { status: 422 });
      // The link is shown once, here, for the administrator to hand over; it is never stored in clear.
      return reply.view('admin/users/link', { target: result.user, link: link(result.token!), created: true }, { status: 201 });
    });

    users.get('/admin/users/:id', async (request, reply) => {
      const user = findUser(db, uuidOf(request));
      if (!user) throw notFound();
      const values = { ...user, languages: user.languages.join(', '), contactPointIds: contactPointsOfUser(db, user.id).map((c) => c.id) };
      return reply.view('admin/users/form', form(values, {}, { target: user, notice: Notice.parse(request.query).notice }));
    });

    users.post('/admin/users/:id', async (request, reply) => {
      const target = findUser(db, uuidOf(request));
      if (!target) throw notFound();
      const body = bodyOf(request);
      const parsed = UserForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/users/form', form(body, fieldErrors(parsed.error), { target }), { status: 422 });
      const result = updateUser(db, target.id, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/users/form', form(body, result.errors, { target }), { status: 422 });
      return reply.redirect(`/admin/users/${target.id}?notice=saved`, 303);
    });

    users.post('/admin/users/:id/password-link', async (request, reply) => {
      const target = findUser(db, uuidOf(request));
      if (!target) throw notFound();
      const token = issuePasswordLink(db, target.id, actorOf(request).id, request.now);
      return reply.view('admin/users/link', { target, link: link(token), created: false });
    });
  });

  // ---- contact points
  app.register(async (cps) => {
    cps.addHook('preHandler', app.requireUser);
    cps.addHook('preHandler', app.requirePermission('admin.contactPoints'));

    const toValues = (cp: Record<string, unknown> & { languages: string[]; services: string[] }) => ({
      ...cp,
      languages: cp.languages.join(', '),
      services: cp.services.join(', '),
    });

    cps.get('/admin/contact-points', async (request, reply) =>
      reply.view('admin/contact-points/index', { contactPoints: listContactPoints(db), notice: Notice.parse(request.query).notice }),
    );

    cps.get('/admin/contact-points/new', async (_request, reply) =>
      reply.view('admin/contact-points/form', { values: { active: true, timezone: 'Europe/London' }, errors: {} }),
    );

    cps.post('/admin/contact-points', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = ContactPointForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/contact-points/form', { values: body, errors: fieldErrors(parsed.error) }, { status: 422 });
      const result = createContactPoint(db, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/contact-points/form', { values: body, errors: result.errors }, { status: 422 });
      return reply.redirect('/admin/contact-points?notice=created', 303);
    });

    cps.get('/admin/contact-points/:id', async (request, reply) => {
      const cp = findContactPoint(db, idOf(request));
      if (!cp) throw notFound();
      return reply.view('admin/contact-points/form', { values: toValues(cp), errors: {}, target: cp, notice: Notice.parse(request.query).notice });
    });

    cps.post('/admin/contact-points/:id', async (request, reply) => {
      const target = findContactPoint(db, idOf(request));
      if (!target) throw notFound();
      const body = bodyOf(request);
      const parsed = ContactPointForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/contact-points/form', { values: body, errors: fieldErrors(parsed.error), target }, { status: 422 });
      const result = updateContactPoint(db, target.id, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/contact-points/form', { values: body, errors: result.errors, target }, { status: 422 });
      return reply.redirect(`/admin/contact-points/${target.id}?notice=saved`, 303);
    });
  });
}
