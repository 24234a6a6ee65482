/**
 * Continuous replication with Litestream (docs/litestream.md, issue 12 item 4). The replication test needs the
 * `litestream` binary (not in Debian, not on the project's machine) and is skipped without it, saying so; the checks
 * that keep the app compatible with it always run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { demo, makeCase } from '../helpers/factories.js';
import { Client, freePort, Proc } from '../helpers/server-process.js';

const litestream = spawnSync('sh', ['-c', 'command -v litestream'], { encoding: 'utf8' }).stdout.trim();
if (!litestream) console.log('litestream is not on PATH: the replication test is skipped (docs/litestream.md says how to install it).');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines of code (not comments) in src/ that match `pattern`, as "file: line". */
function codeMatching(pattern: RegExp): string[] {
  return sourceFiles('src').flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && pattern.test(line))
      .map((line) => `${relative('.', file)}: ${line.trim()}`),
  );
}

describe('the app stays compatible with Litestream', () => {
  it('never truncates or restarts the WAL, nor turns the automatic checkpoint off, while it runs (seed:bulk, a development tool, is the exception)', () => {
    expect(codeMatching(/wal_checkpoint\s*\(\s*(truncate|restart)/i)).toEqual(["src/cli/seed-bulk.ts: sqlite.pragma('wal_checkpoint(TRUNCATE)');"]);
    // The erasure scrub's checkpoint takes its mode as an argument: only PASSIVE and RESTART, never TRUNCATE; a
    // RESTART gives way to Litestream's read transaction (docs/litestream.md). It turns the automatic checkpoint off
    // while it writes zeros, and back on in a finally: those are the only mentions.
    expect(codeMatching(/wal_checkpoint\(\$\{/)).toEqual(["src/retention/scrub.repo.ts: const [row] = db.$client.pragma(`wal_checkpoint(${mode})`) as Checkpoint[];"]);
    expect(codeMatching(/walCheckpoint\(db, '/)).toEqual([
      "src/retention/scrub.service.ts: const first = scrub.walCheckpoint(db, 'RESTART');",
      "src/retention/scrub.service.ts: scrub.walCheckpoint(db, 'PASSIVE');",
    ]);
    expect(codeMatching(/wal_autocheckpoint/i).map((line) => line.split(':')[0])).toEqual(Array(3).fill('src/retention/scrub.repo.ts'));
    expect(codeMatching(/setAutoCheckpoint\(/)).toEqual([
      'src/retention/scrub.repo.ts: export function setAutoCheckpoint(db: Db, pages: number): void {',
      'src/retention/scrub.service.ts: scrub.setAutoCheckpoint(db, 0);',
      'src/retention/scrub.service.ts: scrub.setAutoCheckpoint(db, pages);',
    ]);
  });

  it('sets WAL mode in one place and never changes the journal mode or the locking mode of the served database', () => {
    expect(codeMatching(/journal_mode/i)).toEqual(["src/db/client.ts: sqlite.pragma('journal_mode = WAL');"]);
    // The restore takes the file for itself; it refuses while any other program (Litestream too) has it open.
    expect(codeMatching(/locking_mode/i)).toEqual(["src/backup/restore.service.ts: sqlite.pragma('locking_mode = EXCLUSIVE');"]);
    const dir = mkdtempSync(join(tmpdir(), 'uniondesk-wal-'));
    try {
      const db = openDatabase(join(dir, 'x.sqlite'));
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!litestream)('Litestream replication (runs when litestream is on PATH)', () => {
  let dir: string;
  const procs: Proc[] = [];
  afterEach(() => {
    for (const p of procs.splice(0)) p.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams what the server saves to a replica, and litestream restore gives it back whole', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uniondesk-litestream-'));
    const path = join(dir, 'desk.sqlite');
    const replica = `file://${join(dir, 'replica')}`;
    const db = openDatabase(path);
    migrateDatabase(db);
    await seedDemo(db, Date.UTC(2026, 2, 10, 12, 0), { cases: false });
    const { ldn, counsellor } = demo(db);
    const caseId = makeCase(db, { contactPointId: ldn.id, createdBy: counsellor.id }).id;
    db.$client.close();

    const port = await freePort();
    const server = new Proc(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { PORT: String(port), DATABASE_PATH: path, NODE_ENV: 'development', LOG_LEVEL: 'info' } });
    procs.push(server);
    await server.untilLog(/^Server listening/);
    const replicator = new Proc(litestream, ['replicate', path, replica]);
    procs.push(replicator);

    const client = new Client(port);
    await client.signIn('counsellor@demo.test', DEMO_PASSWORD);
    await client.get(`/cases/${caseId}`);
    const notes = Array.from({ length: 20 }, (_, i) => `Replicated note ${i + 1}.`);
    for (const body of notes) expect((await client.post(`/cases/${caseId}/notes`, { kind: 'note', body })).status).toBe(303);

    // Litestream syncs every second: restore until the last note is there (hang detector: 30 s).
    const restored = join(dir, 'restored.sqlite');
    let got: string[] = [];
    for (const until = performance.now() + 30_000; performance.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      rmSync(restored, { force: true });
      if (spawnSync(litestream, ['restore', '-o', restored, replica], { encoding: 'utf8' }).status !== 0) continue;
      const copy = new Database(restored, { readonly: true });
      got = copy.prepare("select body from case_events where kind = 'note' order by id").pluck().all() as string[];
      const ok = copy.pragma('integrity_check', { simple: true });
      copy.close();
      expect(ok).toBe('ok');
      if (got.length === notes.length) break;
    }
    expect(got).toEqual(notes);

    // The server kept serving and saving while Litestream took its locks.
    expect((await client.post(`/cases/${caseId}/notes`, { kind: 'note', body: 'One more after the restore.' })).status).toBe(303);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 60_000);
});
