/**
 * Backup and restore figures on an existing database (make one with npm run seed:bulk -- --database PATH):
 *   npx tsx bench/backup.ts --database /tmp/x.sqlite [--writes-per-second 50]
 * 1. npm run backup's way (one-step copy), encrypted and not: time and size; then npm run restore's time.
 * 2. The server's scheduled way (small steps on the serving connection): time, and how long the event loop was held
 *    at most while it ran (what a request would have waited).
 * 3. npm run backup while another process writes (a busy server): whether and how often the copy restarts, and
 *    how many of that process's writes went through meanwhile; and, for comparison, the default 100-page steps.
 * Works on a copy of the database in a temporary folder; the given file is only read.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { takeBackup } from '../src/backup/backup.service.js';
import { restoreBackup } from '../src/backup/restore.service.js';
import { openDatabase } from '../src/db/client.js';
import { migrationsDir } from '../src/paths.js';

const { values } = parseArgs({ options: { database: { type: 'string' }, 'writes-per-second': { type: 'string', default: '50' } } });
if (!values.database) {
  console.error('Usage: npx tsx bench/backup.ts --database PATH [--writes-per-second 50]');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'uniondesk-bench-backup-'));
const path = join(work, 'live.sqlite');
copyFileSync(values.database, path);
const key = Buffer.alloc(32, 9);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
let now = Date.UTC(2026, 10, 24, 10, 0);

try {
  const db = openDatabase(path);
  const pages = db.$client.pragma('page_count', { simple: true }) as number;
  console.log(`database: ${mb(pages * 4096)} (${pages} pages)`);

  // 1. The command's way.
  for (const encrypted of [false, true]) {
    const r = await takeBackup({ db, databasePath: path, dataDir: work, outDir: join(work, 'out'), key: encrypted ? key : undefined, keep: 10, now: (now += 1000), wholeAtOnce: true });
    console.log(
      `backup (one step${encrypted ? ', encrypted' : ''}): ${s(r.ms.total)} — copy ${s(r.ms.copy)}, integrity check and counts ${s(r.ms.check)}, hash, archive and read-back ${s(r.ms.archive)}; ${mb(r.bytes)}, ${r.rows} rows`,
    );
    if (encrypted) {
      const t0 = performance.now();
      await restoreBackup({ archive: r.file, databasePath: join(work, 'restored', 'r.sqlite'), dataDir: join(work, 'restored'), key, migrationsDir, now });
      console.log(`restore (encrypted archive, all checks): ${s(performance.now() - t0)}`);
    }
  }

  // 2. The server's way, measuring the longest the event loop was held.
  let worst = 0;
  let last = performance.now();
  const lag = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 5);
    last = t;
  }, 5);
  const r = await takeBackup({ db, databasePath: path, dataDir: work, outDir: join(work, 'out'), key, keep: 10, now: (now += 1000), wholeAtOnce: false });
  clearInterval(lag);
  console.log(`backup (server, 100-page steps, encrypted): ${s(r.ms.total)} (copy ${s(r.ms.copy)} in ${r.copy.steps} steps); the event loop was held at most ${worst.toFixed(0)} ms`);
  db.$client.close();

  // 3. While another process writes.
  const rate = Number(values['writes-per-second']);
  const writerSource = join(work, 'writer.mjs');
  writeFileSync(
    writerSource,
    `import Database from ${JSON.stringify(import.meta.resolve('better-sqlite3'))};
const db = new Database(process.argv[2]); db.pragma('busy_timeout = 5000');
const insert = db.prepare("insert into audit_log (at, action, target_type) values (1, 'view', 'case')");
let n = 0; const gap = ${rate > 0 ? 1000 / rate : 0};
process.on('SIGTERM', () => { console.log(n); process.exit(0); });
const tick = () => { insert.run(); n += 1; gap ? setTimeout(tick, gap) : setImmediate(tick); }; tick();`,
  );
  for (const wholeAtOnce of [true, false]) {
    const writer = spawn(process.execPath, [writerSource, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let written = '';
    writer.stdout.on('data', (c: Buffer) => (written += String(c)));
    await new Promise((done) => setTimeout(done, 1000));
    const other = openDatabase(path);
    const t0 = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 60_000);
    try {
      const b = await takeBackup({ db: other, databasePath: path, dataDir: work, outDir: join(work, 'out'), key, keep: 10, now: (now += 1000), wholeAtOnce, signal: abort.signal });
      console.log(`backup (${wholeAtOnce ? 'one step' : 'steps growing after restarts'}) while another process writes ${rate}/s: ${s(performance.now() - t0)}, ${b.copy.restarts} restarts, ${b.copy.steps} steps`);
    } catch (error) {
      console.log(`backup (${wholeAtOnce ? 'one step' : 'steps'}) while another process writes: ${(error as Error).message} after ${s(performance.now() - t0)}`);
    } finally {
      clearTimeout(timer);
      other.$client.close();
      writer.kill('SIGTERM');
      await new Promise((done) => writer.once('exit', done));
      console.log(`  writes of the other process during the run (1 s before, then the backup): ${written.trim()}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
