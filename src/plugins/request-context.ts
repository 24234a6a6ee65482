import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from '../auth/auth.service.js';
import type { Actor } from '../auth/policy.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { parseId } from '../shared/ids.js';

/**
 * One request context (STYLE 14): every routes file takes the ids in its URL, the signed-in actor and the posted form
 * from here, so that each is parsed the same way everywhere.
 */

/** A form as a browser posts it: each field a string, or a list of strings when the field is repeated. */
export type FormBody = Record<string, string | string[]>;

/** The UUIDs the app hands out (crypto.randomUUID): lower case, nothing around them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const paramOf = (request: FastifyRequest, name: string): unknown => (request.params as Record<string, unknown> | undefined)?.[name];

/** A record id from a query string or a form field that names a record to open; anything else is a record that does not exist. */
export function recordId(value: unknown): number {
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}

/** The numeric id in path parameter `name`; anything that is not a plain decimal id is a record that does not exist. */
export function idOf(request: FastifyRequest, name = 'id'): number {
  return recordId(paramOf(request, name));
}

/** The case of a /cases/:id/... URL. */
export const caseIdOf = (request: FastifyRequest): number => idOf(request, 'id');

/** A UUID in path parameter `name` (user ids), exactly as the app writes it, or 404. */
export function uuidOf(request: FastifyRequest, name = 'id'): string {
  const value = paramOf(request, name);
  if (typeof value !== 'string' || !UUID.test(value)) throw notFound();
  return value;
}

/** The signed-in actor. Routes that call this sit behind `requireUser`; without one, the request is refused, never let through. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw forbidden();
  return request.actor;
}

/** The signed-in user (name, locale, contact points), under the same rule as `actorOf`. */
export function userOf(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw forbidden();
  return request.currentUser;
}

const isField = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

/**
 * The posted form. No body is an empty form; a body that is not a form — a JSON number, list or object inside a
 * field, a bare string — is a malformed request (400), so that no route or template ever meets a value it cannot print.
 */
export function bodyOf(request: FastifyRequest): FormBody {
  const body: unknown = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body) || !Object.values(body).every(isField)) throw new AppError(400, 'errors.badRequest');
  return body as FormBody;
}
