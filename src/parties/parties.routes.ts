import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';

export async function partyRoutes(app: FastifyInstance, opts: { db: Db }) {
  void app;
  void opts;
}
