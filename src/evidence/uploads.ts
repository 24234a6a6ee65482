import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isFragmentRequest } from '../plugins/views.js';
import { AppError } from '../shared/errors.js';
import type { UploadPart } from './evidence.service.js';

type Pending = { first: UploadPart | null; rest: AsyncIterator<UploadPart>; read: boolean };

/** How many files one upload may carry: far more than a form has, far fewer than a flood. */
export const FILES_PER_UPLOAD = 50;

/**
 * Lets the routes of the scope `r` take multipart bodies (file uploads): the evidence card's upload, and the case
 * page's quick-add form with its attachments. Returns `partsOf(request)`, the parts of the request's body in order.
 * `fieldBytes` is the largest field a form of the scope may send, in bytes: at least four times the longest text its
 * schema accepts (UTF-8); a longer field is refused as too large (413).
 */
export async function acceptUploads(r: FastifyInstance, limits: { maxFileBytes: number; fieldBytes: number }): Promise<(request: FastifyRequest) => AsyncGenerator<UploadPart>> {
  // Busboy stops keeping a file's bytes one past the limit, so a file that is too large is told from one exactly at
  // it (receiveFiles refuses it with its name).
  await r.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes + 1, files: FILES_PER_UPLOAD, fields: 20, fieldSize: limits.fieldBytes, parts: FILES_PER_UPLOAD + 20, headerPairs: 100 },
  });

  const pending = new WeakMap<FastifyRequest, Pending>();

  // The CSRF check (src/plugins/security.ts) runs in preHandler and reads `_csrf` from the body; a multipart body is
  // only read as the handler streams it. The forms put `_csrf` first, so its first part is read here — before any
  // file byte — and given to the check as the body; the rest waits for the handler.
  r.addHook('preValidation', async (request) => {
    if (request.method !== 'POST' || !request.isMultipart()) return;
    const rest = (request.parts() as AsyncIterable<UploadPart>)[Symbol.asyncIterator]();
    let first: IteratorResult<UploadPart>;
    try {
      first = await rest.next();
    } catch {
      throw new AppError(400, 'errors.badRequest');
    }
    const part = first.done ? null : first.value;
    if (part?.type === 'field' && part.fieldname === '_csrf' && typeof part.value === 'string') {
      request.body = { _csrf: part.value };
      pending.set(request, { first: null, rest, read: false });
    } else pending.set(request, { first: part, rest, read: false });
  });

  // A request refused before its handler read all of its files (no token, not signed in, a case it may not see) is read
  // to its end and dropped: busboy would otherwise wait on the unread parts and hold the connection open.
  r.addHook('onResponse', async (request) => {
    const held = pending.get(request);
    if (!held || held.read) return;
    held.read = true;
    void (async () => {
      try {
        if (held.first?.type === 'file') held.first.file.resume();
        for (let next = await held.rest.next(); !next.done; next = await held.rest.next()) if (next.value.type === 'file') next.value.file.resume();
      } catch {
        // A broken or cut-off body: nothing more to read.
      }
    })();
  });

  return async function* partsOf(request: FastifyRequest): AsyncGenerator<UploadPart> {
    const held = pending.get(request);
    if (!held) throw new AppError(400, 'errors.badRequest');
    // The text fields read so far are the request's body, as a urlencoded form's are: a write refused with 503 gives
    // them back on its page (src/plugins/errors.ts), the files it cannot.
    const body = (request.body ?? {}) as Record<string, unknown>;
    request.body = body;
    const keep = (part: UploadPart) => {
      // A field cut at `fieldBytes` is more than any form of ours sends: too large, as a urlencoded body past its limit
      // is (the htmx form keeps what was typed; a plain form's page says to go back to it).
      if (part.type === 'field' && part.valueTruncated) throw new AppError(413, isFragmentRequest(request) ? 'errors.tooLargeKept' : 'errors.tooLarge');
      if (part.type === 'field' && typeof part.value === 'string' && part.fieldname !== '_csrf') body[part.fieldname] = part.value;
      return part;
    };
    if (held.first) yield keep(held.first);
    for (;;) {
      let next: IteratorResult<UploadPart>;
      try {
        next = await held.rest.next();
      } catch (error) {
        // Too many files or fields (413 from the multipart plugin), or a body that is not multipart at all.
        const status = (error as { statusCode?: number }).statusCode;
        throw status === 413 ? new AppError(413, 'evidence.errors.tooManyFiles') : new AppError(400, 'errors.badRequest');
      }
      if (next.done) return;
      yield keep(next.value);
    }
  };
}
