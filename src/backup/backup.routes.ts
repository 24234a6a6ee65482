import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { recentBackupRuns } from './backup.repo.js';

export async function backupRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  app.get('/admin/backups', { preHandler: [app.requireUser, app.requirePermission('admin.backups')] }, async (request, reply) =>
    reply.view('admin/backups/index', { status: app.backups.status(request.now), runs: recentBackupRuns(db, 10) }),
  );
}
