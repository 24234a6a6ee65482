import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Db } from './db/client.js';
import { startReminderScheduler } from './deadlines/reminders.service.js';
import { createMailer } from './mail/mailer.js';
import { startRetentionScheduler } from './retention/retention.service.js';
import { stopOnSignals } from './shutdown.js';
import { describeListenProblem, exitOnStartupError, openMigratedDatabase, StartupError } from './startup.js';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export async function start(config: Config, db: Db, banner?: string) {
  const mailer = createMailer(config);
  const app = await buildApp({ config, db, mailer });
  if (!mailer.enabled) app.log.info('SMTP_URL is not set: e-mail is off, reminders show in the app only');
  let reminders: { stop(): void } | null = null;
  let retention: { stop(): void } | null = null;
  app.addHook('onClose', async () => {
    reminders?.stop();
    retention?.stop();
    mailer.close();
  });
  stopOnSignals(app, db);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const problem = describeListenProblem(error, config.host, config.port);
    throw problem ? new StartupError(problem, { cause: error }) : error;
  }
  if (banner) console.log(banner);
  // Daily reminder digests: only in a running server (never in tests), and only when e-mail is on.
  if (mailer.enabled) reminders = startReminderScheduler(db, mailer, { baseUrl: config.baseUrl, clock: app.clock, log: app.log });
  // Scheduled backups (BACKUP_DIR, BACKUP_EVERY): only in a running server; tests drive app.backups.tick.
  app.backups.start();
  // The daily retention run (src/retention): anonymises the closed cases whose period has ended, by the app's clock.
  retention = startRetentionScheduler(db, { clock: app.clock, log: app.log });
  return app;
}

/** True when `moduleUrl` is the script node was started with (`node dist/server.js`, `tsx src/server.ts`), not an import. */
export function isMain(moduleUrl: string): boolean {
  return !!process.argv[1] && moduleUrl === pathToFileURL(realpathSync(process.argv[1])).href;
}

if (isMain(import.meta.url)) {
  const config = configOrExit();
  try {
    await start(config, openMigratedDatabase(config.databasePath));
  } catch (error) {
    exitOnStartupError(error);
  }
}
