import fp from 'fastify-plugin';
import type { SecondFactorStep } from './second-factor.table.js';

/** Where a half-signed session is sent to finish signing in. */
export const stepPaths: Record<SecondFactorStep, string> = { code: '/login/code', enrol: '/account/second-factor' };

/** What a half-signed session may reach besides its step's page: signing out, and answers that hold nothing of anyone. */
const alwaysOpen = new Set(['/logout', '/healthz']);

/**
 * A session that has passed the password but owes its second step (a code, or setting up a factor that the policy
 * requires) reaches nothing but that step: every other page answers 303 to it, or 401 with HX-Redirect for htmx,
 * as requireUser does for a signed-out browser. The session has no actor either (auth.plugin.ts), so a route that
 * asks the policy is refused all the same.
 */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      const step = request.secondFactorStep;
      if (!step || request.url.startsWith('/static/')) return;
      const route = request.routeOptions.url;
      if (route && (alwaysOpen.has(route) || route === stepPaths[step])) return;
      if (request.headers['hx-request'] === 'true') return reply.header('HX-Redirect', stepPaths[step]).code(401).send();
      return reply.redirect(stepPaths[step], 303);
    });
  },
  { name: 'second-factor', dependencies: ['auth'] },
);
