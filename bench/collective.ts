/**
 * Bulk intake of a collective case (issue 15: "2,000 rows finish in under 10 s"):  npx tsx bench/collective.ts [--rows 2000] [--people 20000]
 * On a fresh database file (WAL, synchronous=FULL, as in production), with `people` workers already at the desk (so
 * that duplicate matching has something to read), it drives the flow through app.inject, as a counsellor's browser does:
 *   upload     POST the XLSX (multipart): exceljs reads the sheet, the rows are staged in memory
 *   mapping    GET the mapping step (columns guessed from the headers)
 *   preview    POST the mapping: every row validated and matched against the desk's people, nothing written
 *   confirm    POST confirm: people, consent, cases and memberships in one IMMEDIATE transaction
 * and prints each step's wall time, the total, and the rows created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDemo } from '../src/demo/seed.js';
import { insertConsent, insertPerson } from '../src/people/people.repo.js';
import { formOnPage, signIn } from '../test/helpers/app.js';
import { demo } from '../test/helpers/factories.js';
import { uploadSheet, workerHeader, workerRow, xlsxOf } from '../test/helpers/sheets.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000' }, people: { type: 'string', default: '20000' } } });
const rowCount = Math.max(1, Number(values.rows));
const peopleCount = Math.max(0, Number(values.people));

const dir = mkdtempSync(join(tmpdir(), 'uniondesk-bench-collective-'));
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: join(dir, 'bench.sqlite') });
const db = openDatabase(config.databasePath);
migrateDatabase(db);
const now = Date.now();
await seedDemo(db, now, { cases: false });
const d = demo(db);
db.transaction((tx) => {
  for (let i = 0; i < peopleCount; i++) {
    const p = insertPerson(tx, { contactPointId: d.ldn.id, name: `Existing Person ${i}`, phone: `+44 7700 ${String(100000 + i).padStart(6, '0')}`, createdAt: now, updatedAt: now, createdBy: d.counsellor.id });
    insertConsent(tx, { personId: p.id, givenOn: '2026-01-01', recordedBy: d.counsellor.id, scopes: ['store'], createdAt: now });
  }
});

const app = await buildApp({ config, db, logger: false });
await app.ready();
const agent = await signIn(app, 'counsellor@demo.test');
await agent.get('/collectives/new');
const created = await agent.post('/collectives', { contactPointId: String(d.ldn.id), title: 'Bench group', partyName: 'Bench Employer Ltd', partyKind: 'employer' });
const group = (created.headers.location as string).split('?')[0]!;
const file = await xlsxOf([workerHeader, ...Array.from({ length: rowCount }, (_, i) => workerRow(i + 1, { name: `Bench Worker ${i + 1}`, phone: `+40 722 ${String(i).padStart(6, '0')}` }))]);

// Wall time, and CPU time of this process: on a shared, busy machine wall time also counts waiting for a core.
const times: [string, number, number][] = [];
const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuBefore);
  times.push([name, performance.now() - started, (cpu.user + cpu.system) / 1000]);
  return result;
};

await agent.get(`${group}/import`);
const up = await step('upload (read XLSX)', () => uploadSheet(agent, `${group}/import`, file));
if (up.statusCode !== 303) throw new Error(`upload answered ${up.statusCode}`);
const at = up.headers.location as string;
const mapping = await step('mapping page', () => agent.get(at));
const preview = await step('preview (validate, match duplicates)', () => agent.post(`${at}/preview`, formOnPage(mapping.body, `${at}/preview`)));
if (preview.statusCode !== 200) throw new Error(`preview answered ${preview.statusCode}`);
const confirmed = await step('confirm (one transaction)', () => agent.post(`${at}/confirm`, formOnPage(preview.body, `${at}/confirm`)));
if (confirmed.statusCode !== 303) throw new Error(`confirm answered ${confirmed.statusCode}`);

const members = (db.$client.prepare('select count(*) n from collective_members where left_at is null').get() as { n: number }).n;
// The group's page afterwards: the first 50 members with their amounts (a leave link each), the totals by currency of all.
const pageStarted = performance.now();
const page = await agent.get(group);
const pageMs = performance.now() - pageStarted;
const exportStarted = performance.now();
const csv = await agent.get(`${group}/export.csv`);
const exportMs = performance.now() - exportStarted;
const total = times.reduce((s, [, ms]) => s + ms, 0);
const totalCpu = times.reduce((s, [, , cpu]) => s + cpu, 0);
console.log(`Bulk intake of ${rowCount.toLocaleString('en')} rows (XLSX ${(file.length / 1024).toFixed(0)} KB) with ${peopleCount.toLocaleString('en')} people already at the desk (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`);
for (const [name, ms, cpu] of times) console.log(`  ${name.padEnd(40)} ${(ms / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU`);
console.log(`  ${'total'.padEnd(40)} ${(total / 1000).toFixed(2)} s wall, ${(totalCpu / 1000).toFixed(2)} s CPU — ${members.toLocaleString('en')} cases created and joined`);
console.log(`Then the group page: ${(pageMs / 1000).toFixed(2)} s, ${(page.body.length / 1024).toFixed(0)} KB; its CSV export: ${(exportMs / 1000).toFixed(2)} s, ${(csv.body.length / 1024).toFixed(0)} KB.`);

await app.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
