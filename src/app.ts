import { randomUUID } from 'node:crypto';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions, type RouteOptions } from 'fastify';
import { accountRoutes } from './auth/account.routes.js';
import authPlugin from './auth/auth.plugin.js';
import { authRoutes } from './auth/auth.routes.js';
import { createAuthService } from './auth/auth.service.js';
import { createLucia } from './auth/lucia.js';
import secondFactorPlugin from './auth/second-factor.plugin.js';
import { secondFactorRoutes } from './auth/second-factor.routes.js';
import { createSecondFactorService } from './auth/second-factor.service.js';
import { adminRoutes } from './admin/admin.routes.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { auditRoutes } from './audit/audit.routes.js';
import { configureAudit } from './audit/audit.service.js';
import { backupRoutes } from './backup/backup.routes.js';
import { createBackups, type Backups } from './backup/scheduler.js';
import type { Config } from './config.js';
import { casePageRoutes } from './cases/case-page.routes.js';
import { collectiveRoutes } from './collective/collective.routes.js';
import { batchLetterRoutes } from './batch-letters/batch-letters.routes.js';
import { createRunner, type Runner } from './batch-letters/batch-letters.service.js';
import { caseListRoutes } from './cases/case-list.routes.js';
import { casePrintRoutes } from './cases/case-print.routes.js';
import { intakeRoutes } from './cases/intake.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { deadlineRoutes } from './deadlines/deadlines.routes.js';
import { contactPointRoutes } from './contact-points/contact-points.routes.js';
import { ruleAdminRoutes } from './deadlines/rule-admin.routes.js';
import { partyRoutes } from './parties/parties.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { partnerRoutes } from './partners/partners.routes.js';
import { referralRoutes } from './referrals/referrals.routes.js';
import { transferRoutes } from './transfers/transfers.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { personExportRoutes } from './person-export/person-export.routes.js';
import { configureEvidence, sweepEvidence } from './evidence/evidence.service.js';
import { evidenceRoutes } from './evidence/evidence.routes.js';
import { partnerLinkRoutes } from './partner-links/partner-links.routes.js';
import { sharedRoutes } from './collective/shared.routes.js';
import type { Db } from './db/client.js';
import { watchWrites } from './db/write.js';
import { staticDir } from './paths.js';
import errorsPlugin from './plugins/errors.js';
import securityPlugin from './plugins/security.js';
import viewsPlugin from './plugins/views.js';
import { loggerOptions } from './logger.js';
import { letterRoutes } from './letters/letters.routes.js';
import { translationReviewRoutes } from './letters/translation-reviews.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { supervisionRoutes } from './supervision/supervision.routes.js';
import { retentionRoutes } from './retention/retention.routes.js';
import { systemClock, type Clock } from './shared/clock.js';

export type AppOptions = {
  config: Config;
  db: Db;
  logger?: FastifyServerOptions['logger'];
  clock?: Clock;
  /** Told of every route as it is added (the bad-input property test enumerates the app's routes with it). */
  onRoute?: (route: RouteOptions) => void;
  /** How one-time sign-in links reach a confirmed account's own address; from SMTP_URL unless given (tests). */
  mailer?: Mailer;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's one clock (issue 11): the system clock in a server, a set one in tests. */
    clock: Clock;
    /** The server's scheduled backups and their status (src/backup/scheduler.ts); the timer runs only in server.ts. */
    backups: Backups;
    /** Batch letters made in the background (src/batch-letters): tests wait on a batch with it. */
    letterBatches: Runner;
  }
  interface FastifyRequest {
    /** The instant the request arrived, from the app's clock: one "now" for everything the request does. */
    now: number;
  }
}

export async function buildApp({ config, db, logger, clock = systemClock, onRoute, mailer: givenMailer }: AppOptions) {
  const app = Fastify({
    logger: logger ?? loggerOptions(config.logLevel),
    genReqId: () => randomUUID().slice(0, 8),
    bodyLimit: 256 * 1024,
    // Only the configured proxy's X-Forwarded-For: trusting every hop would let a client name its own address, in
    // the audit log and in the sign-in limit per address.
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // An https address means a proxy terminates TLS in front (the app serves plain http): without TRUST_PROXY every
  // client looks like that proxy, in the audit log and to the sign-in limit per address.
  if (config.secureCookies && config.trustProxy === false)
    app.log.warn('BASE_URL is https but TRUST_PROXY is not set: every client appears with the proxy\'s address. Set TRUST_PROXY to the proxy\'s address, e.g. 127.0.0.1.');

  if (onRoute) app.addHook('onRoute', onRoute);
  app.decorate('clock', clock);
  app.decorateRequest('now', 0);
  app.addHook('onRequest', async (request) => {
    request.now = clock.now();
  });

  // Failed writes are logged here (once a minute, "since" on the app's clock); what reads leave queued is written
  // in onClose, so before the database closes (shutdown.ts closes the app first).
  const writes = watchWrites(db, { log: app.log, now: () => clock.now() });
  app.addHook('onClose', () => writes.close());
  configureAudit(db, { personViewsPerHour: config.auditPersonViewsPerHour });
  const backups = createBackups(db, config, { clock, log: app.log });
  app.decorate('backups', backups);
  // A backup under way is stopped (and its partial files removed) before the database closes.
  app.addHook('onClose', () => backups.stop());

  const evidence = configureEvidence(config.evidence);
  // Uploads a stop interrupted, and files whose deletion committed just before one, are removed before serving.
  app.addHook('onReady', async () => {
    await sweepEvidence(db, clock.now(), evidence).catch((error: unknown) => app.log.error({ code: (error as NodeJS.ErrnoException).code }, 'the evidence folder could not be tidied'));
  });

  const mailer = givenMailer ?? createMailer(config);
  if (!givenMailer) app.addHook('onClose', async () => mailer.close());

  const { lucia } = createLucia(db, config.secureCookies);
  const secondFactor = createSecondFactorService(db, { key: config.totpKey, policy: config.secondFactor });
  const auth = createAuthService(db, lucia, { refuseDemoAccounts: config.env === 'production', secondFactor });

  // External plugins first, then the app's own, then routes (fastify/demo).
  await app.register(fastifyStatic, { root: staticDir, prefix: '/static/', maxAge: '1h', index: false });
  // CSRF tokens of a signed-in browser are bound to its session (the id its cookie carries).
  await app.register(securityPlugin, { secureCookies: config.secureCookies, sessionIdOf: (request) => request.sessionSecret, sessionEnded: (request) => request.sessionEnded });
  await app.register(viewsPlugin, { production: config.env === 'production' });
  await app.register(errorsPlugin);
  await app.register(authPlugin, { auth, db });
  await app.register(secondFactorPlugin);

  await app.register(authRoutes, { auth, db, secureCookies: config.secureCookies });
  await app.register(accountRoutes, { auth, db });
  await app.register(secondFactorRoutes, { auth, secondFactor, db });
  await app.register(dashboardRoutes, { db });
  await app.register(adminRoutes, { db, config, mailer });
  await app.register(backupRoutes, { db });
  await app.register(intakeRoutes, { db });
  await app.register(caseListRoutes, { db });
  await app.register(casePageRoutes, { db, evidence });
  await app.register(casePrintRoutes, { db });
  await app.register(peopleRoutes, { db });
  await app.register(personExportRoutes, { db });
  await app.register(evidenceRoutes, { db, settings: evidence });
  await app.register(partyRoutes, { db });
  await app.register(searchRoutes, { db });
  await app.register(collectiveRoutes, { db });
  await app.register(sharedRoutes, { db });
  // Batches left running by a stopped server resume once it is ready; stopping waits for the letter being made.
  const letterBatches = createRunner(db, { now: () => clock.now(), log: app.log });
  app.decorate('letterBatches', letterBatches);
  app.addHook('onReady', async () => letterBatches.resumeAll());
  app.addHook('onClose', () => letterBatches.stop());
  await app.register(batchLetterRoutes, { db, runner: letterBatches });
  await app.register(partnerRoutes, { db });
  await app.register(referralRoutes, { db });
  // Test servers listen on a free port, which BASE_URL cannot name: their links use the request's own address.
  await app.register(partnerLinkRoutes, { db, settings: evidence, baseUrl: config.env === 'test' ? null : config.baseUrl });
  await app.register(transferRoutes, { db });
  await app.register(deadlineRoutes, { db, config });
  await app.register(contactPointRoutes, { db });
  await app.register(ruleAdminRoutes, { db });
  await app.register(letterRoutes, { db });
  await app.register(translationReviewRoutes, { db });
  await app.register(reportRoutes, { db });
  await app.register(supervisionRoutes, { db, config, mailer });
  await app.register(auditRoutes, { db });
  await app.register(retentionRoutes, { db });

  app.get('/healthz', async () => ({ ok: true }));
  return app;
}
