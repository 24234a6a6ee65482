/**
 * Time to make a batch of worker summaries for a collective case:  npx tsx bench/batch-letters.ts [--workers 500]
 * On a fresh database file (WAL, synchronous=FULL, as in production): a group of `workers` cases, one batch run by the
 * background runner to the end (compose, render, store with its timeline event and audit entry, per worker), then the zip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { batchZip, createRunner, startBatch } from '../src/batch-letters/batch-letters.service.js';
import { createCollective } from '../src/collective/collective.service.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDemo } from '../src/demo/seed.js';
import { demo, makeCase } from '../test/helpers/factories.js';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '500' } } });
const workers = Math.max(1, Number(values.workers));

const dir = mkdtempSync(join(tmpdir(), 'uniondesk-bench-batch-'));
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: join(dir, 'bench.sqlite') });
const db = openDatabase(config.databasePath);
migrateDatabase(db);
await seedDemo(db);
const d = demo(db);
const actor = { id: d.counsellor.id, role: d.counsellor.role, contactPointIds: [d.ldn.id] };
const who = { actor, clientAddress: null, now: Date.now() };
const caseIds = Array.from({ length: workers }, () => makeCase(db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }).id);
const group = await createCollective(db, { contactPointId: d.ldn.id, title: 'Bench group', summary: '', partyId: null, partyName: 'Bench Foods Ltd', partyKind: 'employer', caseIds }, who);

const runner = createRunner(db, { now: () => Date.now(), log: console });
const started = performance.now();
const batch = await startBatch(db, group, { kind: 'worker_summary', common: {}, uiLocale: 'en' }, who);
runner.run(batch.id);
await runner.settled(batch.id);
const made = performance.now();
const zip = await batchZip(db, group, batch, who);
const zipped = performance.now();

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`${workers} worker summaries: ${s(made - started)} (${((made - started) / workers).toFixed(0)} ms a letter); zip of ${(zip.bytes.byteLength / 1024 / 1024).toFixed(1)} MB: ${s(zipped - made)}`);
await runner.stop();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
