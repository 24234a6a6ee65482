import Negotiator from 'negotiator';
import type { FastifyRequest } from 'fastify';
import { defaultLocale, isSupportedLocale, supportedLocales, translator, type Translator } from './index.js';

/** The cookie the sign-in page's language switch sets: the language of the pages shown before sign-in. */
export const LANGUAGE_COOKIE = 'uniondesk_lang';

/**
 * The language a request is answered in: the signed-in user's own (My account); before sign-in the language chosen
 * on the sign-in page, else the best match for the browser's Accept-Language, else English.
 */
export function requestLocale(request: FastifyRequest): string {
  const user = request.currentUser;
  if (user && isSupportedLocale(user.locale)) return user.locale;
  const chosen = request.cookies?.[LANGUAGE_COOKIE];
  if (chosen && isSupportedLocale(chosen)) return chosen;
  return acceptedLocale(request.headers['accept-language']);
}

/** The supported language the browser prefers most (fr-BE and fr-CA are French), or English. */
export function acceptedLocale(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return defaultLocale;
  try {
    return new Negotiator({ headers: { 'accept-language': value } }).language([...supportedLocales]) ?? defaultLocale;
  } catch {
    return defaultLocale;
  }
}

/** The translator for this request: its language, and the dates and numbers of the user's home contact point. */
export function requestTranslator(request: FastifyRequest): Translator {
  const home = request.currentUser?.contactPoints[0];
  return translator(requestLocale(request), home?.country, home?.timezone);
}
