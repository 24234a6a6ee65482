/**
 * The audit log at scale (issue 12, item 11): the bulk-viewing check that runs with every person view, the audit
 * page and its CSV, on a log of a million entries:
 *   npx tsx bench/audit.ts [--rows 1000000] [--desks 6] [--database path] [--requests 40] [--keep]
 * Without --database a database is created in a temporary folder (removed afterwards unless --keep); with one that
 * already holds audit entries they are reused. Entries are spread over the desks' users across a year, in time
 * order: three in ten are person views, four in ten case views, the rest changes, sign-ins and refusals.
 * Page times are app.inject wall time (routing, session, SQL, template) without the network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { personViewsWithin } from '../src/audit/audit.repo.js';
import { auditPersonView, HOUR_MS } from '../src/audit/audit.service.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase, type Db } from '../src/db/client.js';
import { seedDemo } from '../src/demo/seed.js';
import { signIn } from '../test/helpers/app.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    desks: { type: 'string', default: '6' },
    database: { type: 'string' },
    requests: { type: 'string', default: '40' },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const DESKS = Math.max(2, Number(values.desks));
const REQUESTS = Math.max(5, Number(values.requests));
const END = Date.parse('2026-11-24T10:00:00Z');
const START = END - 365 * 24 * HOUR_MS;

const tempDir = values.database ? null : mkdtempSync(join(tmpdir(), 'uniondesk-audit-bench-'));
const databasePath = values.database ?? join(tempDir!, 'audit.sqlite');
const db: Db = openDatabase(databasePath);
migrateDatabase(db);
const sqlite = db.$client;
await seedDemo(db, START, { cases: false });

const count = () => (sqlite.prepare('select count(*) n from audit_log').get() as { n: number }).n;
if (count() < ROWS / 2) {
  const t0 = performance.now();
  // More desks, each with ten counsellors and a supervisor, beside the demo's London and Chicago.
  const cps = sqlite.prepare('select id from contact_points order by id').all() as { id: number }[];
  const addCp = sqlite.prepare("insert into contact_points (name, union_name, country, city, languages, services, timezone, ref_prefix, created_at) values (?, 'Bench Union', 'GB', 'Bench', '[\"en\"]', '[]', 'Europe/London', ?, ?)");
  for (let i = cps.length; i < DESKS; i += 1) cps.push({ id: Number(addCp.run(`Bench desk ${i}`, `B${String(i).padStart(2, '0')}`, START).lastInsertRowid) });
  const addUser = sqlite.prepare("insert into users (id, email, display_name, role, languages, created_at) values (?, ?, ?, ?, '[\"en\"]', ?)");
  const addMember = sqlite.prepare('insert into user_contact_points (user_id, contact_point_id) values (?, ?)');
  const usersOf = new Map<number, string[]>();
  for (const cp of cps) {
    const members = (sqlite.prepare('select user_id id from user_contact_points where contact_point_id = ?').all(cp.id) as { id: string }[]).map((u) => u.id);
    for (let i = members.length; i < 11; i += 1) {
      const id = randomUUID();
      addUser.run(id, `${id}@bench.example`, `Bench user ${cp.id}-${i}`, i === 0 ? 'supervisor' : 'counsellor', START);
      addMember.run(id, cp.id);
      members.push(id);
    }
    usersOf.set(cp.id, members);
  }
  const insert = sqlite.prepare('insert into audit_log (at, user_id, action, target_type, target_id, contact_point_id, fields, client_address) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const step = (END - START) / ROWS;
  let at = START;
  const CHUNK = 50_000;
  for (let done = 0; done < ROWS; done += CHUNK) {
    sqlite.transaction(() => {
      for (let i = done; i < Math.min(ROWS, done + CHUNK); i += 1) {
        at += Math.floor(Math.random() * 2 * step);
        const cp = cps[Math.floor(Math.random() * cps.length)]!.id;
        const members = usersOf.get(cp)!;
        const user = members[Math.floor(Math.random() * members.length)]!;
        const r = Math.random();
        const target = String(1 + Math.floor(Math.random() * 200_000));
        if (r < 0.3) insert.run(at, user, 'view', 'person', target, cp, null, '10.1.2.3');
        else if (r < 0.7) insert.run(at, user, 'view', 'case', target, cp, null, '10.1.2.3');
        else if (r < 0.9) insert.run(at, user, 'update', 'case', target, cp, '["summary","priority"]', '10.1.2.3');
        else if (r < 0.95) insert.run(at, user, 'create', 'case_event', target, cp, '["kind","body"]', '10.1.2.3');
        else if (r < 0.985) insert.run(at, user, 'login', 'user', user, null, null, '10.1.2.3');
        else if (r < 0.995) insert.run(at, user, 'logout', 'user', user, null, null, '10.1.2.3');
        else insert.run(at, user, 'login_failed', 'user', user, null, null, '10.9.9.9');
      }
    })();
  }
  console.log(`Inserted ${ROWS.toLocaleString('en')} audit entries over ${cps.length} desks in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
} else console.log(`Reusing ${databasePath} (${count().toLocaleString('en')} audit entries).`);

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
};
const plan = (sql: string, ...params: unknown[]) =>
  (sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' · ');

console.log(`Machine: ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${count().toLocaleString('en')} entries.\n`);

// ---- the bulk-viewing check: the distinct person records a user opened in the hour up to a view
const busiest = sqlite.prepare('select user_id id from audit_log where user_id is not null group by user_id order by count(*) desc limit 5').all() as { id: string }[];
console.log('Bulk-viewing check, plan:', plan("select count(distinct target_id), min(at) from audit_log where user_id = ? and at > ? and at <= ? and action = 'view' and target_type = 'person'", 'x', 0, 1));
const checks: number[] = [];
for (let i = 0; i < 2000; i += 1) {
  const user = busiest[i % busiest.length]!.id;
  const t = START + Math.random() * (END - START);
  const t0 = performance.now();
  personViewsWithin(db, user, t - HOUR_MS, t);
  checks.push(performance.now() - t0);
}
console.log(`Bulk-viewing check (count of one hour of a busy user's views), 2,000 runs: ${stats(checks)}`);

// The whole write unit of a person view (entry + check), and a burst that raises and extends a flag.
const burst: number[] = [];
const viewer = busiest[0]!.id;
const cp = (sqlite.prepare('select contact_point_id cp from user_contact_points where user_id = ?').get(viewer) as { cp: number }).cp;
for (let i = 0; i < 200; i += 1) {
  const t0 = performance.now();
  auditPersonView(db, { userId: viewer, action: 'view', targetType: 'person', targetId: 900_000 + i, contactPointId: cp, clientAddress: '10.1.2.3' }, END + i * 1000);
  burst.push(performance.now() - t0);
}
const flags = sqlite.prepare('select peak, window_start, window_end from audit_flags where user_id = ?').all(viewer);
console.log(`Person view write unit (entry + check, synchronous=FULL commit), 200 views in a burst: ${stats(burst)}; flags: ${JSON.stringify(flags)}\n`);

// ---- the audit page and its CSV, through the app
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: databasePath });
const app = await buildApp({ config, db, logger: false });
await app.ready();
const supervisor = await signIn(app, 'supervisor@demo.test');
const admin = await signIn(app, 'admin@demo.test');
const someone = (sqlite.prepare("select u.id from users u join user_contact_points m on m.user_id = u.id join contact_points c on c.id = m.contact_point_id where c.ref_prefix = 'LDN' and u.email like '%@bench.example' limit 1").get() as { id: string }).id;
const month = new Date(END - 60 * 24 * HOUR_MS).toISOString().slice(0, 10);
const monthEnd = new Date(END - 30 * 24 * HOUR_MS).toISOString().slice(0, 10);
const pages: [string, typeof supervisor, string][] = [
  ['supervisor, newest', supervisor, '/audit'],
  ['supervisor, sign-in failures', supervisor, '/audit?action=login_failed'],
  ['supervisor, person records', supervisor, '/audit?record=person'],
  ['supervisor, one user', supervisor, `/audit?user=${someone}`],
  ['supervisor, one person', supervisor, '/audit?record=person:4242'],
  ['supervisor, a month', supervisor, `/audit?from=${month}&to=${monthEnd}`],
  ['admin, newest', admin, '/audit'],
  ['admin, sign-in failures', admin, '/audit?action=login_failed'],
  ['admin, accounts', admin, '/audit?record=user'],
];
for (const [label, agent, url] of pages) {
  const first = await agent.get(url);
  if (first.statusCode !== 200) throw new Error(`${url} answered ${first.statusCode}`);
  const older = /href="([^"]*before=\d+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const t0 = performance.now();
    await agent.get(i % 2 && older ? older : url);
    ms.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(30)} ${url.slice(0, 60).padEnd(60)} ${stats(ms)}`);
}
for (const [label, url] of [
  ['CSV, supervisor, all (capped at 50,000)', '/audit.csv'],
  ['CSV, supervisor, sign-in failures', '/audit.csv?action=login_failed'],
] as const) {
  const t0 = performance.now();
  const res = await supervisor.get(url);
  const lines = res.body.split('\r\n').length - 2;
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms, ${lines.toLocaleString('en')} lines, ${(res.body.length / 1e6).toFixed(1)} MB, ${res.headers['content-disposition']}`);
}

await app.close();
sqlite.close();
if (tempDir && !values.keep) rmSync(tempDir, { recursive: true, force: true });
else console.log(`\nDatabase kept at ${databasePath}`);
