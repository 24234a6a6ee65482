import { configOrExit, start } from './server.js';
import { DEMO_PASSWORD, demoLogins, seedDemo } from './demo/seed.js';
import { exitOnStartupError, openMigratedDatabase } from './startup.js';

// The demo keeps its own database unless told otherwise, so it never fills a production file with demo accounts.
process.env.DATABASE_PATH ||= './data/demo.sqlite';
const config = configOrExit();
if (config.env === 'production') {
  console.error('The demo refuses to run with NODE_ENV=production: its accounts share a published password.');
  process.exit(1);
}
let db;
try {
  db = openMigratedDatabase(config.databasePath);
} catch (error) {
  exitOnStartupError(error);
}
const seeded = await seedDemo(db);

const width = Math.max(...demoLogins.map((l) => l.email.length));
const banner = [
  '',
  `UnionDesk demo running at http://localhost:${config.port}  (database ${config.databasePath}${seeded ? ', demo data created' : ''})`,
  `Demo logins (password "${DEMO_PASSWORD}"):`,
  ...demoLogins.map((l) => `  ${l.email.padEnd(width)}  ${l.role}${l.cps.length ? ` (${l.cps.join(', ')})` : ''}`),
  '',
].join('\n');
try {
  await start(config, db, banner);
} catch (error) {
  exitOnStartupError(error);
}
