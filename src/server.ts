import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateDatabase, openDatabase, type Db } from './db/client.js';
import { startReminderScheduler } from './deadlines/reminders.service.js';
import { createMailer } from './mail/mailer.js';

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
  const app = await buildApp({ config, db });
  const mailer = createMailer(config, app.log);
  let reminders: { stop(): void } | null = null;
  app.addHook('onClose', async () => {
    reminders?.stop();
    mailer.close();
  });
  await app.listen({ port: config.port, host: config.host });
  if (banner) console.log(banner);
  // Daily reminder digests: only in a running server (never in tests), and only when e-mail is on.
  if (mailer.enabled) reminders = startReminderScheduler(db, mailer, { baseUrl: config.baseUrl, clock: app.clock, log: app.log });
  const stop = async () => {
    await app.close();
    db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = configOrExit();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  await start(config, db);
}
