import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bulkViewPanel } from '../audit/audit.service.js';
import { can } from '../auth/policy.js';
import { myActiveCases } from '../cases/cases.repo.js';
import { findContactPoints, listActiveContactPoints } from '../contact-points/contact-points.repo.js';
import type { Db } from '../db/client.js';
import { actorOf } from '../plugins/request-context.js';
import { dashboardDeadlines } from '../deadlines/deadlines.service.js';
import { referralPanel } from '../referrals/referrals.service.js';
import { countUsersForDashboard } from '../users/users.repo.js';

/** What a plain (no-JavaScript) save made from the dashboard did, said once on its return here. */
const Notice = z.object({ notice: z.enum(['deadlineStatus']).optional() }).catch({});

export async function dashboardRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  app.get('/', { preHandler: app.requireUser }, async (request, reply) => {
    const actor = actorOf(request);
    const stats = can(actor, 'admin.users')
      ? { ...countUsersForDashboard(db, request.now), activeContactPoints: listActiveContactPoints(db).length }
      : null;
    const network = can(actor, 'reports.network') ? listActiveContactPoints(db) : null;
    const myCases = can(actor, 'case.list') ? myActiveCases(db, actor.id, actor.contactPointIds) : null;
    const bulkViews = bulkViewPanel(db, actor, request.now);
    const notice = Notice.parse(request.query).notice ?? null;
    return reply.view('dashboard/index', { notice, myCases, contactPoints: findContactPoints(db, actor.contactPointIds), stats, network, deadlinePanels: dashboardDeadlines(db, actor, request.now), referralPanel: referralPanel(db, actor, request.now), bulkViews });
  });
}
