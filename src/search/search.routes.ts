import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { actorOf, userOf } from '../plugins/request-context.js';
import { GROUP_LIMIT, SEARCH_MAX_LENGTH, SearchQuery, typedTerm } from './search.schema.js';
import { search } from './search.service.js';

/**
 * GET /search?q=: the header box's results. A plain GET form gives the whole page; htmx (the box, as you type) gets
 * the grouped listbox alone. The term is in this URL by design of a GET form; the request log drops query strings
 * (src/logger.ts), and the "more" links go only to the user's own list pages.
 */
export async function searchRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.get('/search', { preHandler: [app.requireUser, app.requirePermission('search.use')] }, async (request, reply) => {
    const parsed = SearchQuery.safeParse(request.query);
    const base = { searchMaxLength: SEARCH_MAX_LENGTH, groupLimit: GROUP_LIMIT };
    if (!parsed.success) {
      const q = typedTerm(request.query);
      return reply.view('search/index', { ...base, q, errors: { q: 'search.field.q' }, results: null }, { status: 422, fragment: 'search/_results' });
    }
    const { q } = parsed.data;
    const who = { actor: actorOf(request), countries: userOf(request).contactPoints.map((c) => c.country), clientAddress: request.ip };
    const results = q ? search(db, who, q, GROUP_LIMIT, request.now) : null;
    const more = { cases: `/cases?${new URLSearchParams({ q })}`, parties: `/parties?${new URLSearchParams({ q })}` };
    return reply.view('search/index', { ...base, q, errors: {}, results, more }, { fragment: 'search/_results' });
  });
}
