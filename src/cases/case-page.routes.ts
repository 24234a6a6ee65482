import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';

export async function casePageRoutes(app: FastifyInstance, opts: { db: Db }) {
  void app;
  void opts;
}
