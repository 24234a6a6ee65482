/**
 * Time to make a one-page letter (issue 6: "well under 200 ms"):  npx tsx bench/letters.ts [--runs 50]
 * On a fresh database file (WAL, synchronous=FULL, as in production) it measures, over `runs` letters after a warm-up:
 *   compose          the letter's text from its facts (composeLetter)
 *   render           the PDF with embedded fonts (renderLetterPdf)
 *   compose+render+store   storeLetter: compose, render, SHA-256, and the IMMEDIATE transaction that inserts the
 *                    document, its timeline event and its audit entry
 *   HTTP generate    POST /cases/:id/letters/generate through app.inject: form parsing, case facts, all of the above
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDemo } from '../src/demo/seed.js';
import { storeLetter } from '../src/documents/documents.service.js';
import { composeLetter } from '../src/letters/letter-content.js';
import { loadLetterFacts, snapshotFromForm } from '../src/letters/letter-from-case.js';
import { minimiseSnapshot } from '../src/letters/letter-snapshot.js';
import { LetterForm } from '../src/letters/letters.schema.js';
import { renderLetterPdf } from '../src/letters/pdf.js';
import { insertParty, linkPartyToCase } from '../src/parties/parties.repo.js';
import { signIn } from '../test/helpers/app.js';
import { demo, makeCase, makePerson } from '../test/helpers/factories.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));
const warmup = Math.max(0, Number(values.warmup));

const dir = mkdtempSync(join(tmpdir(), 'uniondesk-bench-letters-'));
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: join(dir, 'bench.sqlite') });
const db = openDatabase(config.databasePath);
migrateDatabase(db);
await seedDemo(db);
const d = demo(db);
const person = makePerson(db, { contactPointId: d.ldn.id, recordedBy: d.counsellor.id, name: 'Łukasz Nowak' });
const kase = makeCase(db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, personId: person.id, employmentStart: '2025-09-01', currency: 'GBP' });
const employer = db.transaction((tx) => insertParty(tx, { name: 'Bright Star Hospitality Ltd', kind: 'employer', address: 'Unit 4, 17 Harbour Street\nLondon E14 9XY', createdAt: Date.now(), createdBy: d.counsellor.id }));
db.transaction((tx) => linkPartyToCase(tx, kase.id, employer.id, 'employer'));

/** Two letters: one that fits on one page (the yardstick) and the longest common one. */
const chiPerson = makePerson(db, { contactPointId: d.chi.id, recordedBy: d.counsellor2.id, name: 'Nguyễn Văn Thành' });
const chiCase = makeCase(db, { contactPointId: d.chi.id, createdBy: d.counsellor2.id, personId: chiPerson.id, jurisdictionCountry: 'US', jurisdictionRegion: 'IL' });

type Scenario = { label: string; kase: typeof kase; email: string; actorId: string; contactPointId: number; form: Record<string, string | string[]> };

const scenarios: Scenario[] = [
  {
    label: 'request for a statement of interest',
    kase: chiCase,
    email: 'counsellor2@demo.test',
    actorId: d.counsellor2.id,
    contactPointId: d.chi.id,
    form: {
      kind: 'statement_of_interest',
      recipientName: 'U.S. Department of Labor, Wage and Hour Division',
      recipientAddress: '230 S Dearborn St\nChicago, IL 60604',
      employerName: 'Prairie Poultry Processing LLC',
      worksiteAddress: '800 Industrial Drive\nCicero, IL 60804',
      agencyMatter: 'WHD-1987654',
      dispute: 'Workers on the deboning line report unpaid overtime and deductions for protective equipment since January 2025.\n\nYour agency opened an investigation in November 2025.',
      period: 'two years',
      counsellorName: 'Luis Ortega',
    },
  },
  {
    label: 'letter before claim',
    kase,
    email: 'counsellor@demo.test',
    actorId: d.counsellor.id,
    contactPointId: d.ldn.id,
    form: {
      kind: 'letter_before_claim',
      personName: 'Łukasz Nowak',
      employerName: 'Bright Star Hospitality Ltd',
      employerAddress: 'Unit 4, 17 Harbour Street\nLondon E14 9XY',
      jurisdiction: 'England and Wales',
      jobTitle: 'kitchen porter',
      workplace: 'The Harbour Hotel, London E14',
      employmentStart: '2025-09-01',
      employmentEnd: '2026-02-27',
      payAgreed: '£12.21 an hour for 40 hours a week',
      currency: 'GBP',
      itemPeriod: ['2–27 February 2026', '5 September 2025'],
      itemDescription: ['Unpaid hours (160 h at £12.21)', 'Unlawful deduction: uniform fee'],
      itemAmount: ['1953.60', '150.00'],
      legalBasis: 'Wages not paid when due are an unlawful deduction under section 13 of the Employment Rights Act 1996 (Part II).',
      workerAuthorisedOn: '2026-03-02',
      responseDeadline: '2026-03-24',
      counsellorName: 'Amira Haddad',
      enclosures: 'Rota messages',
    },
  },
];

async function measure(label: string, once: () => Promise<unknown> | unknown) {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  console.log(`  ${label.padEnd(22)} median ${at(0.5).toFixed(1).padStart(6)} ms   p95 ${at(0.95).toFixed(1).padStart(6)} ms   max ${times.at(-1)!.toFixed(1).padStart(6)} ms`);
}

const app = await buildApp({ config, db, logger: false });
await app.ready();
console.log(`${runs} runs after ${warmup} warm-up each; database ${config.databasePath} (WAL, synchronous=FULL)`);

for (const s of scenarios) {
  const parsed = LetterForm.parse(s.form);
  const actor = { id: s.actorId, role: 'counsellor' as const, contactPointIds: [s.contactPointId] };
  const snapshot = minimiseSnapshot(parsed.kind, snapshotFromForm(parsed, loadLetterFacts(db, s.kase, actor), Date.now()));
  const pages = (await renderLetterPdf(composeLetter(parsed.kind, snapshot))).pageCount;
  console.log(`${s.label} (${pages} page${pages === 1 ? '' : 's'})`);
  await measure('compose', () => composeLetter(parsed.kind, snapshot));
  await measure('render', async () => renderLetterPdf(composeLetter(parsed.kind, snapshot)));
  await measure('compose+render+store', () => storeLetter(db, { kase: s.kase, kind: parsed.kind, snapshot, actorId: s.actorId, clientAddress: null }, Date.now()));
  const agent = await signIn(app, s.email);
  await agent.get(`/cases/${s.kase.id}/letters/new?kind=${parsed.kind}`);
  await measure('HTTP generate', async () => {
    const res = await agent.post(`/cases/${s.kase.id}/letters/generate`, s.form);
    if (res.statusCode !== 303) throw new Error(`generate answered ${res.statusCode}`);
  });
}

const stored = (db.$client.prepare('select count(*) n, max(version) v from documents').get() as { n: number; v: number });
console.log(`${stored.n} documents stored, last version ${stored.v}`);
await app.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
