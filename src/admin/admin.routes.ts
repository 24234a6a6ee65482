import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { givesCaseAccess } from '../auth/policy.js';
import { mustHaveSecondFactor, resetSecondFactor, secondFactorStatus } from '../auth/second-factor.service.js';
import type { Config } from '../config.js';
import type { Mailer } from '../mail/mailer.js';
import type { Db } from '../db/client.js';
import { writeTrouble } from '../db/write.js';
import { ContactPointEditForm, ContactPointForm, contactPointFields } from '../contact-points/contact-points.schema.js';
import { findContactPoint, listActiveContactPoints, listContactPoints } from '../contact-points/contact-points.repo.js';
import { createContactPoint, updateContactPoint } from '../contact-points/contact-points.service.js';
import { actorOf, bodyOf, idOf, uuidOf } from '../plugins/request-context.js';
import { notFound } from '../shared/errors.js';
import { fieldErrors } from '../shared/form.js';
import { contactPointsOfUser, findUser, listUsersWithContactPoints } from '../users/users.repo.js';
import { UserEditForm, UserForm, userFields } from '../users/users.schema.js';
import { createUser, issuePasswordLink, passwordLinkMail, updateUser } from '../users/users.service.js';
import { roles, type UserRow } from '../users/users.table.js';
import { conflictForm } from '../shared/versions.js';

const Notice = z.object({ notice: z.enum(['saved', 'created', 'secondFactorReset']).optional() }).catch({});

export async function adminRoutes(app: FastifyInstance, opts: { db: Db; config: Config; mailer: Mailer }) {
  const { db, config, mailer } = opts;
  const link = (token: string) => `${config.baseUrl}/set-password/${token}`;

  // ---- users
  app.register(async (users) => {
    users.addHook('preHandler', app.requireUser);
    users.addHook('preHandler', app.requirePermission('admin.users'));

    /** The account's second factor as the administrator sees it: on since when, and whether the policy requires one. */
    const secondFactorOf = (user: UserRow) => ({ status: secondFactorStatus(db, user.id), required: mustHaveSecondFactor(config.secondFactor, user.role) });

    const form = (values: Record<string, unknown>, errors: Record<string, string> = {}, extra: { target?: UserRow; [k: string]: unknown } = {}) => ({
      values,
      errors,
      roles,
      contactPoints: listActiveContactPoints(db),
      secondFactor: extra.target ? secondFactorOf(extra.target) : null,
      // Without e-mail, a case-access account's link is issued by a supervisor of its contact points, never here.
      linkBySupervisor: extra.target && givesCaseAccess(extra.target.role) && !mailer.enabled ? contactPointsOfUser(db, extra.target.id) : null,
      ...extra,
    });

    /** The account as its form shows it, at the version the form is loaded with. */
    const userValues = (user: UserRow) => {
      const { passwordHash: _hash, ...shown } = user;
      return { ...shown, languages: user.languages.join(', '), contactPointIds: contactPointsOfUser(db, user.id).map((c) => c.id) };
    };

    users.get('/admin/users', async (request, reply) =>
      reply.view('admin/users/index', { users: listUsersWithContactPoints(db), notice: Notice.parse(request.query).notice, writeTrouble: writeTrouble(db) }),
    );

    users.get('/admin/users/new', async (_request, reply) =>
      reply.view('admin/users/form', form({ role: 'counsellor', active: true, locale: '', contactPointIds: [] })),
    );

    users.post('/admin/users', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = UserForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/users/form', form(body, fieldErrors(parsed.error)), { status: 422 });
      const result = await createUser(db, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/users/form', form(body, result.errors), { status: 422 });
      // The link is shown once, here, for the administrator to hand over; it is never stored in clear. An account
      // with case access has none yet: a supervisor of its contact points confirms it first (users.service.ts).
      if (!result.token) return reply.view('admin/users/link', { target: result.user, created: true, awaiting: true, contactPoints: contactPointsOfUser(db, result.user.id) }, { status: 201 });
      return reply.view('admin/users/link', { target: result.user, link: link(result.token), created: true }, { status: 201 });
    });

    users.get('/admin/users/:id', async (request, reply) => {
      const user = findUser(db, uuidOf(request));
      if (!user) throw notFound();
      return reply.view('admin/users/form', form(userValues(user), {}, { target: user, notice: Notice.parse(request.query).notice }));
    });

    // Resetting a second factor (a lost phone and lost recovery codes): a page that asks, then the reset.
    users.get('/admin/users/:id/second-factor/reset', async (request, reply) => {
      const user = findUser(db, uuidOf(request));
      if (!user || !secondFactorStatus(db, user.id)) throw notFound();
      return reply.view('admin/users/reset-second-factor', { target: user, secondFactor: secondFactorOf(user) });
    });

    users.post('/admin/users/:id/second-factor/reset', async (request, reply) => {
      const user = findUser(db, uuidOf(request));
      if (!user || !(await resetSecondFactor(db, user.id, actorOf(request).id, request.ip, request.now))) throw notFound();
      return reply.redirect(`/admin/users/${user.id}?notice=secondFactorReset`, 303);
    });

    users.post('/admin/users/:id', async (request, reply) => {
      const target = findUser(db, uuidOf(request));
      if (!target) throw notFound();
      const body = bodyOf(request);
      const parsed = UserEditForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/users/form', form(body, fieldErrors(parsed.error), { target }), { status: 422 });
      const result = await updateUser(db, target.id, parsed.data.input, parsed.data.version, actorOf(request).id, request.now);
      if (!result.ok && 'stale' in result) {
        const { values, conflict } = conflictForm(result, { current: userValues(result.current), typed: body, fields: userFields });
        return reply.view('admin/users/form', form(values, {}, { target: result.current, conflict }), { status: 409 });
      }
      if (!result.ok) return reply.view('admin/users/form', form(body, result.errors, { target }), { status: 422 });
      return reply.redirect(`/admin/users/${target.id}?notice=saved`, 303);
    });

    users.post('/admin/users/:id/password-link', async (request, reply) => {
      const target = findUser(db, uuidOf(request));
      if (!target) throw notFound();
      // A case-access account's link goes to its own address only, never through the administrator; without e-mail
      // the service refuses it (a supervisor of its contact points issues it, Supervision → Accounts).
      const mailed = mailer.enabled && givesCaseAccess(target.role);
      const token = await issuePasswordLink(db, target.id, actorOf(request).id, { mailed }, request.now);
      if (mailed) {
        await mailer.send(passwordLinkMail(target, link(token)));
        return reply.view('admin/users/link', { target, created: false, sent: true });
      }
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
      reply.view('admin/contact-points/index', { contactPoints: listContactPoints(db), notice: Notice.parse(request.query).notice, writeTrouble: writeTrouble(db) }),
    );

    cps.get('/admin/contact-points/new', async (_request, reply) =>
      reply.view('admin/contact-points/form', { values: { active: true, timezone: 'Europe/London' }, errors: {} }),
    );

    cps.post('/admin/contact-points', async (request, reply) => {
      const body = bodyOf(request);
      const parsed = ContactPointForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/contact-points/form', { values: body, errors: fieldErrors(parsed.error) }, { status: 422 });
      const result = await createContactPoint(db, parsed.data, actorOf(request).id, request.now);
      if (!result.ok) return reply.view('admin/contact-points/form', { values: body, errors: result.errors }, { status: 422 });
      return reply.redirect('/admin/contact-points?notice=created', 303);
    });

    cps.get('/admin/contact-points/:id', async (request, reply) => {
      const cp = findContactPoint(db, idOf(request));
      if (!cp) throw notFound();
      return reply.view('admin/contact-points/form', { values: toValues(cp), errors: {}, target: cp, conflict: null, notice: Notice.parse(request.query).notice });
    });

    cps.post('/admin/contact-points/:id', async (request, reply) => {
      const target = findContactPoint(db, idOf(request));
      if (!target) throw notFound();
      const body = bodyOf(request);
      const parsed = ContactPointEditForm.safeParse(body);
      if (!parsed.success) return reply.view('admin/contact-points/form', { values: body, errors: fieldErrors(parsed.error), target }, { status: 422 });
      const result = await updateContactPoint(db, target.id, parsed.data.input, parsed.data.version, actorOf(request).id, request.now);
      if (!result.ok && 'stale' in result) {
        const { values, conflict } = conflictForm(result, { current: toValues(result.current), typed: body, fields: contactPointFields });
        return reply.view('admin/contact-points/form', { values, errors: {}, target: result.current, conflict }, { status: 409 });
      }
      if (!result.ok) return reply.view('admin/contact-points/form', { values: body, errors: result.errors, target }, { status: 422 });
      return reply.redirect(`/admin/contact-points/${target.id}?notice=saved`, 303);
    });
  });
}
