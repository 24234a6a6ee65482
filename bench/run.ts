/**
 * Server time of the case list, search and case page on a bulk database (DESIGN §5):
 *   npm run bench -- [--cases 100000] [--database path] [--requests 60] [--keep] [--explain]
 * Without --database a bulk database is created in a temporary folder (and removed afterwards unless --keep);
 * with --database an existing bulk database is reused, or created there first when it has no cases.
 * Time is app.inject wall time: routing, session, SQL and template, without the network.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { countQuery, pageIdsQuery, searchModeFor, type CaseListFilter } from '../src/cases/case-list.repo.js';
import { COUNT_CAP, ftsQuery, PAGE_SIZE } from '../src/cases/case-list.schema.js';
import { seedBulk } from '../src/cli/seed-bulk.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { signIn, type Agent } from '../test/helpers/app.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    database: { type: 'string' },
    requests: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const requests = Math.max(1, Number(values.requests));
const warmup = Math.max(0, Number(values.warmup));

// ---------------------------------------------------------------- the database

const tempDir = values.database ? null : mkdtempSync(join(tmpdir(), 'uniondesk-bench-'));
const databasePath = values.database ?? join(tempDir!, 'bulk.sqlite');

function caseCount(path: string): number {
  if (!existsSync(path)) return 0;
  const db = openDatabase(path);
  try {
    return (db.$client.prepare("select count(*) n from sqlite_master where name = 'cases'").get() as { n: number }).n
      ? (db.$client.prepare('select count(*) n from cases').get() as { n: number }).n
      : 0;
  } finally {
    db.$client.close();
  }
}

let existing = caseCount(databasePath);
if (existing === 0) {
  console.log(`Seeding ${Number(values.cases).toLocaleString('en')} cases into ${databasePath} …`);
  const seeded = await seedBulk({ cases: Number(values.cases), databasePath, seed: Number(values.seed), log: (line) => console.log(line) });
  console.log(`Seeded ${seeded.cases.toLocaleString('en')} cases, ${seeded.events.toLocaleString('en')} events in ${seeded.seconds.toFixed(1)} s.`);
  existing = caseCount(databasePath);
} else console.log(`Reusing ${databasePath} (${existing.toLocaleString('en')} cases).`);

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: databasePath });
const db: Db = openDatabase(databasePath);
const app = await buildApp({ config, db, logger: false });
await app.ready();
const agent: Agent = await signIn(app, 'counsellor@demo.test');

// ---------------------------------------------------------------- what to ask for: real values of the counsellor's desk

const sqlite = db.$client;
const me = sqlite.prepare("select u.id, ucp.contact_point_id cp from users u join user_contact_points ucp on ucp.user_id = u.id where u.email = 'counsellor@demo.test'").get() as { id: string; cp: number };
const shuffled = <T>(items: T[]) => items.map((v) => [Math.random(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
const column = <T>(query: string, ...params: unknown[]) => (sqlite.prepare(query).raw().all(...params) as T[][]).map((r) => r[0]!);

const surnames = shuffled(column<string>("select distinct substr(name, instr(name, ' ') + 1) from people where contact_point_id = ? and name like '% %' limit 400", me.cp)).slice(0, 100);
const partyNames = column<string>(
  `select p.name from parties p join case_parties cp on cp.party_id = p.id join cases c on c.id = cp.case_id
   where c.contact_point_id = ? group by p.id order by count(*) desc limit 100`,
  me.cp,
).map((name) => name.split(' ').slice(0, 2).join(' '));
const noteWords = ['payslips', 'overtime', 'passport', 'conciliation', 'accommodation', 'deductions', 'dismissed', 'interpreter', 'holiday', 'injury'];
const caseIds = shuffled(column<number>('select id from cases where contact_point_id = ? order by random() limit 500', me.cp));

type Scenario = { name: string; url: (i: number) => string; headers?: Record<string, string>; filter?: (i: number) => Omit<CaseListFilter, 'contactPointIds'> };
const enc = encodeURIComponent;
const scenarios: Scenario[] = [
  { name: 'list: default (last activity)', url: () => '/cases', filter: () => ({}) },
  { name: 'list: status + type', url: () => '/cases?status=open&type=wage_theft', filter: () => ({ status: 'open', caseType: 'wage_theft' }) },
  { name: 'list: sector + priority', url: () => '/cases?sector=care&priority=high', filter: () => ({ sector: 'care', priority: 'high' }) },
  { name: 'list: assigned to me, not closed', url: () => '/cases?assigned=me&status=active', filter: () => ({ assignedTo: me.id, status: 'active' }) },
  { name: 'list: sort by priority', url: () => '/cases?sort=priority', filter: () => ({}) },
  { name: 'list: sort by reference asc', url: () => '/cases?sort=reference&dir=asc', filter: () => ({}) },
  { name: 'list: page 40', url: () => '/cases?page=40', filter: () => ({}) },
  { name: 'list: htmx fragment', url: () => '/cases?status=open', headers: { 'hx-request': 'true' }, filter: () => ({ status: 'open' }) },
  { name: 'search: person surname', url: (i) => `/cases?q=${enc(surnames[i % surnames.length]!)}`, filter: (i) => ({ match: ftsQuery(surnames[i % surnames.length]!)! }) },
  { name: 'search: party name', url: (i) => `/cases?q=${enc(partyNames[i % partyNames.length]!)}`, filter: (i) => ({ match: ftsQuery(partyNames[i % partyNames.length]!)! }) },
  { name: 'search: word from notes', url: (i) => `/cases?q=${noteWords[i % noteWords.length]}`, filter: (i) => ({ match: ftsQuery(noteWords[i % noteWords.length]!)! }) },
  { name: 'search: 2-letter prefix', url: () => '/cases?q=ko', filter: () => ({ match: ftsQuery('ko')! }) },
  { name: 'search + filter', url: (i) => `/cases?q=${noteWords[i % noteWords.length]}&status=active`, filter: (i) => ({ match: ftsQuery(noteWords[i % noteWords.length]!)!, status: 'active' }) },
  { name: 'case page /cases/<id>', url: (i) => `/cases/${caseIds[i % caseIds.length]}` },
];

// ---------------------------------------------------------------- measure

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const rows: { name: string; n: number; statuses: string; median: number; p95: number; max: number; cpuMedian: number; cpuP95: number }[] = [];
for (const s of scenarios) {
  for (let i = 0; i < warmup; i++) await agent.get(s.url(i), s.headers);
  const times: number[] = [];
  // CPU time of this process as well: on a shared, busy machine wall time also counts waiting for a core.
  const cpu: number[] = [];
  const statuses = new Map<number, number>();
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const res = await agent.get(s.url(i + warmup), s.headers);
    const used = process.cpuUsage(cpuBefore);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  rows.push({
    name: s.name,
    n: requests,
    statuses: [...statuses].map(([code, n]) => `${code}×${n}`).join(' '),
    median: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
    cpuMedian: percentile(cpu, 50),
    cpuP95: percentile(cpu, 95),
  });
}

const cpCases = (sqlite.prepare('select count(*) n from cases where contact_point_id = ?').get(me.cp) as { n: number }).n;
console.log(`\n${existing.toLocaleString('en')} cases in the database, ${cpCases.toLocaleString('en')} at the counsellor's contact point; ${requests} requests per scenario after ${warmup} warm-up.\n`);
const width = Math.max(...rows.map((r) => r.name.length));
const [load1] = loadavg();
console.log(`Load average ${load1!.toFixed(1)} on ${availableParallelism()} cores. Wall = app.inject time; CPU = this process's CPU time per request.\n`);
console.log(`${'scenario'.padEnd(width)}  ${'status'.padEnd(9)}  wall median   p95    max   CPU median   p95`);
console.log('-'.repeat(width + 64));
const ms = (n: number, w: number) => n.toFixed(1).padStart(w);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.statuses.padEnd(9)}  ${ms(r.median, 11)}  ${ms(r.p95, 5)}  ${ms(r.max, 5)}  ${ms(r.cpuMedian, 10)}  ${ms(r.cpuP95, 5)}`);

// ---------------------------------------------------------------- why: plans, and what an exact count would cost

if (values.explain) {
  const time = (fn: () => unknown, n = 20) => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      fn();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b)[Math.floor(n / 2)]!;
  };
  const sorts: Record<string, { sort: 'activity' | 'opened' | 'reference' | 'priority'; dir: 'asc' | 'desc' }> = {
    'list: sort by priority': { sort: 'priority', dir: 'desc' },
    'list: sort by reference asc': { sort: 'reference', dir: 'asc' },
  };
  console.log('\nQuery plans of the page-ids query, and SQL time (median ms) of that query, of the capped count and of an exact count:');
  for (const s of scenarios.filter((x) => x.filter)) {
    const filter: CaseListFilter = { contactPointIds: [me.cp], ...s.filter!(0) };
    const mode = searchModeFor(db, filter.match);
    const q = pageIdsQuery(db, filter, sorts[s.name] ?? { sort: 'activity', dir: 'desc' }, PAGE_SIZE + 1, 0, mode).toSQL();
    const plan = sqlite.prepare(`explain query plan ${q.sql}`).all(...q.params) as { detail: string }[];
    const idsStmt = sqlite.prepare(q.sql);
    const ids = time(() => idsStmt.all(...q.params));
    const capped = time(() => countQuery(db, filter, COUNT_CAP, mode).get());
    const c = countQuery(db, filter, 10_000_000, mode).toSQL();
    const exactStmt = sqlite.prepare(c.sql);
    const exact = time(() => exactStmt.get(...c.params));
    console.log(`\n${s.name}${filter.match ? ` (search mode: ${mode})` : ''}   page ids ${ids.toFixed(2)} ms; count capped at ${COUNT_CAP} ${capped.toFixed(2)} ms, exact ${exact.toFixed(2)} ms`);
    for (const p of plan) console.log(`   ${p.detail}`);
  }
}

await app.close();
sqlite.close();
if (tempDir && !values.keep) rmSync(tempDir, { recursive: true, force: true });
else console.log(`\nDatabase kept at ${databasePath}`);
