import { configOrExit, start } from './server.js';
import { DEMO_PASSWORD, demoLogins, seedDemo } from './demo/seed.js';
import { exitOnStartupError, openMigratedDatabase } from './startup.js';

// Refused before the configuration is read, which in production would first ask for a TOTP_KEY.
if (process.env.NODE_ENV === 'production') {
  console.error('The demo refuses to run with NODE_ENV=production: its accounts share a published password.');
  process.exit(1);
}
// The demo keeps its own database unless told otherwise, so it never fills a production file with demo accounts.
process.env.DATABASE_PATH ||= './data/demo.sqlite';
// Its supervisors and administrator have no second factor: requiring one would stop the quick start at a set-up page.
process.env.SECOND_FACTOR ||= 'off';
const config = configOrExit();
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
  config.secondFactor === 'off'
    ? 'Second factor: not required (SECOND_FACTOR=off, the demo default); anyone may set one up under My account.'
    : `Second factor: required of ${config.secondFactor === 'everyone' ? 'everyone' : 'supervisors and administrators'} (SECOND_FACTOR=${config.secondFactor}), who set one up at their first sign-in.`,
  '',
].join('\n');
try {
  await start(config, db, banner);
} catch (error) {
  exitOnStartupError(error);
}
