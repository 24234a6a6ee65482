import { configOrExit, start } from './server.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { DEMO_PASSWORD, demoLogins, seedDemo } from './demo/seed.js';

// The demo keeps its own database unless told otherwise, so it never fills a production file with demo accounts.
process.env.DATABASE_PATH ||= './data/demo.sqlite';
const config = configOrExit();
if (config.env === 'production') {
  console.error('The demo refuses to run with NODE_ENV=production: its accounts share a published password.');
  process.exit(1);
}
const db = openDatabase(config.databasePath);
migrateDatabase(db);
const seeded = await seedDemo(db);

const width = Math.max(...demoLogins.map((l) => l.email.length));
const banner = [
  '',
  `UnionDesk demo running at http://localhost:${config.port}  (database ${config.databasePath}${seeded ? ', demo data created' : ''})`,
  `Demo logins (password "${DEMO_PASSWORD}"):`,
  ...demoLogins.map((l) => `  ${l.email.padEnd(width)}  ${l.role}${l.cps.length ? ` (${l.cps.join(', ')})` : ''}`),
  '',
].join('\n');
await start(config, db, banner);
