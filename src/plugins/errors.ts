import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { writeFaultOf, writeUnavailable } from '../db/write.js';
import { safeError } from '../logger.js';
import { AppError } from '../shared/errors.js';
import { isFragmentRequest } from './views.js';

/** Messages a user may see for the statuses Fastify and its plugins raise themselves. */
const messageForStatus: Record<number, string> = {
  400: 'errors.badRequest',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  405: 'errors.badRequest',
  413: 'errors.tooLarge',
  415: 'errors.badRequest',
  429: 'errors.tooMany',
};

/** Fields never given back, not even to the person who typed them: a page can be left open or cached by a proxy. */
const SECRET_FIELD = /password|passphrase|token|secret|otp/i;

/** `files`: the form also carried files, which are not given back (then it cannot simply be sent again either). */
export type TypedBack = { action: string; fields: { name: string; value: string }[]; complete: boolean; files: boolean };

/**
 * What a form sent, to give back on the page that says it was not saved (503): the user's own text on their own
 * page, never in a URL or a log. Secrets are left out; then the form cannot simply be sent again.
 */
function typedBack(request: FastifyRequest): TypedBack | null {
  const body = request.body;
  if (request.method !== 'POST' || !body || typeof body !== 'object') return null;
  const fields: TypedBack['fields'] = [];
  let complete = true;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    // A field without a name is none a browser would send again.
    if (name === '_csrf' || name === '') continue;
    if (SECRET_FIELD.test(name)) {
      complete = false;
      continue;
    }
    for (const value of [raw].flat()) if (typeof value === 'string') fields.push({ name, value });
  }
  const files = String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
  return { action: request.url, fields, complete: complete && !files, files };
}

export function renderError(request: FastifyRequest, reply: FastifyReply, status: number, messageKey: string) {
  const data = { messageKey, requestId: request.id, status };
  if (status === 503) reply.header('Retry-After', '10');
  if (isFragmentRequest(request)) {
    // An htmx request shows the message in the page's flash area instead of swapping it into its target: the form
    // the user filled in stays as it is.
    reply.header('HX-Retarget', '#flash').header('HX-Reswap', 'innerHTML');
    return reply.view('errors/_flash', data, { status });
  }
  return reply.view('errors/error', { ...data, typed: status === 503 ? typedBack(request) : null }, { status });
}

export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) return renderError(request, reply, error.statusCode, error.messageKey);
      // A lock or a full disk met outside write() (by a read, say) still says so, and never freezes or 500s.
      const fault = writeFaultOf(error);
      if (fault) {
        request.log.warn({ fault, reqId: request.id }, 'database unavailable outside a write unit');
        const unavailable = writeUnavailable(fault);
        return renderError(request, reply, unavailable.statusCode, unavailable.messageKey);
      }
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) {
        // The request id ties the page the user sees to this log line; the stack never leaves the server. The error is
        // logged without its message, which may quote what was submitted (logger.ts), and with the route's pattern,
        // not its URL.
        request.log.error({ error: safeError(error), route: request.routeOptions.url ?? null, reqId: request.id }, 'request failed');
        return renderError(request, reply, 500, 'errors.internal');
      }
      if (status === 429) reply.header('Retry-After', reply.getHeader('retry-after') ?? '900');
      // Too large: htmx shows the message in the flash area and leaves the form, with what was typed, in place; a plain
      // form's page says to go back, where the browser has kept the form as it was.
      if (status === 413) return renderError(request, reply, 413, isFragmentRequest(request) ? 'errors.tooLargeKept' : 'errors.tooLarge');
      return renderError(request, reply, status, messageForStatus[status] ?? 'errors.badRequest');
    });

    app.setNotFoundHandler(
      // Rate limited so that guessing URLs is slow (fastify/demo).
      { preHandler: app.rateLimit({ max: 120, timeWindow: '1 minute' }) },
      (request, reply) => renderError(request, reply, 404, 'errors.notFound'),
    );
  },
  { name: 'errors', dependencies: ['views'] },
);
