import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { STOP_GRACE_MS } from '../../src/shutdown.js';
import { demo, makeCase } from '../helpers/factories.js';
import { Client, freePort, Proc } from '../helpers/server-process.js';

// A fixed day for the seed; the server itself runs on the real clock.
const NOW = Date.UTC(2026, 2, 10, 12, 0);

let dir: string;
let proc: Proc | undefined;
afterEach(() => {
  proc?.kill();
  proc = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A database file with the demo logins and one London case; returns its path and the case id. */
async function deskDatabase() {
  dir = mkdtempSync(join(tmpdir(), 'uniondesk-stop-'));
  const path = join(dir, 'desk.sqlite');
  const db = openDatabase(path);
  migrateDatabase(db);
  await seedDemo(db, NOW, { cases: false });
  const { ldn, counsellor } = demo(db);
  const kase = makeCase(db, { contactPointId: ldn.id, createdBy: counsellor.id });
  db.$client.close();
  return { path, caseId: kase.id };
}

function notesIn(path: string): string[] {
  const db = openDatabase(path);
  try {
    return (db.$client.prepare("select body from case_events where kind = 'note' order by id").all() as { body: string }[]).map((r) => r.body);
  } finally {
    db.$client.close();
  }
}

function caseViewsIn(path: string, caseId: number): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from audit_log where action = 'view' and target_type = 'case' and target_id = ?").get(String(caseId)) as { n: number }).n;
  } finally {
    db.close();
  }
}

const tryConnect = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });

/**
 * The listener closes a moment after the stop is logged; wait for it (hang detector: 5 s). A probe that reached the
 * kernel's backlog just as the listener closed is reset (ECONNRESET), not served: it is tried again, until the port
 * refuses outright.
 */
async function refused(port: number): Promise<string> {
  const until = performance.now() + 5_000;
  let answer = await tryConnect(port);
  while ((answer === 'connected' || answer === 'ECONNRESET') && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    answer = await tryConnect(port);
  }
  return answer;
}

/**
 * Five counsellors save a note at the moment the server is told to stop. Each request is held in flight
 * honestly: the client has sent the headers and half of the form when the signal arrives, and sends the
 * rest only once the server has said it is stopping.
 */
async function saveFiveNotesWhileStopping(start: (port: number, databasePath: string) => Proc, signal: (p: Proc) => void) {
  const { path, caseId } = await deskDatabase();
  const port = await freePort();
  const p = (proc = start(port, path));
  await p.untilLog(/^Server listening/);

  const client = new Client(port);
  await client.signIn('counsellor@demo.test', DEMO_PASSWORD);
  expect((await client.get(`/cases/${caseId}`)).status).toBe(200);

  const notes = [1, 2, 3, 4, 5].map((i) => `Called the employer about the unpaid wages, attempt ${i}.`);
  const inFlight = notes.map((note) => {
    const body = new URLSearchParams({ _csrf: client.csrf, kind: 'note', body: note }).toString();
    const { req, response } = client.open('POST', `/cases/${caseId}/notes`, {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
    });
    req.write(body.slice(0, body.length / 2));
    return { rest: () => req.end(body.slice(body.length / 2)), response };
  });
  // The server has all five: their headers are read, their bodies not yet.
  const posts = () => p.logs().filter((l) => l.msg === 'incoming request' && l.req?.method === 'POST' && l.req.url === `/cases/${caseId}/notes`).length;
  await p.until('five notes in flight', () => posts() === 5);

  signal(p);
  await p.untilLog('stopping: finishing the requests in flight');
  expect(await refused(port)).toBe('ECONNREFUSED');

  for (const request of inFlight) request.rest();
  const responses = await Promise.all(inFlight.map((r) => r.response));
  for (const res of responses) {
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cases/${caseId}?notice=entryAdded#timeline`);
  }
  const exit = await p.exited;
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(notesIn(path)).toEqual(notes);
  // 'stopped' is the last thing the server says, but for the access log of a response whose 'finish' event a busy
  // machine delivers after the close (the note was saved and answered 303 above).
  const said = p.logs().map((l) => l.msg);
  expect(said).toContain('stopped');
  expect(said.slice(said.lastIndexOf('stopped') + 1).filter((m) => m !== 'request completed')).toEqual([]);
  expect(p.stderr).toBe('');
  return exit;
}

const serverEnv = (port: number, databasePath: string) => ({ PORT: String(port), DATABASE_PATH: databasePath, NODE_ENV: 'development', LOG_LEVEL: 'info' });

describe('stopping the server', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s finishes the five requests in flight, saves their notes, closes the database and exits 0', async (sig) => {
    await saveFiveNotesWhileStopping(
      (port, path) => new Proc(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: serverEnv(port, path) }),
      (p) => p.child.kill(sig),
    );
  });

  it('does the same when the signal goes to npm (npm run demo): npm hands it to the server, which exits 0, and so does npm', async () => {
    await saveFiveNotesWhileStopping(
      (port, path) => new Proc('npm', ['run', '--silent', 'demo'], { env: serverEnv(port, path) }),
      (p) => p.child.kill('SIGTERM'),
    );
  });

  it('is not cut short when Ctrl-C reaches both npm and the server (the server then gets SIGINT twice)', async () => {
    await saveFiveNotesWhileStopping(
      (port, path) => new Proc('npm', ['run', '--silent', 'demo'], { env: serverEnv(port, path), detached: true }),
      // A terminal's Ctrl-C signals the whole foreground process group.
      (p) => process.kill(-p.child.pid!, 'SIGINT'),
    );
  });

  it('writes the view entries that reads left queued while another process held the lock, before it closes the database', async () => {
    const { path, caseId } = await deskDatabase();
    const port = await freePort();
    const p = (proc = new Proc(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: serverEnv(port, path) }));
    await p.untilLog(/^Server listening/);
    const client = new Client(port);
    await client.signIn('counsellor@demo.test', DEMO_PASSWORD);
    // Another process (an import, a backup tool) holds the write lock: the case page answers, its view entry waits.
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const page = await client.get(`/cases/${caseId}`);
      expect(page.status).toBe(200);
      expect(caseViewsIn(path, caseId)).toBe(0);
      p.child.kill('SIGTERM');
      // The other process lets go while the server is stopping.
      await p.untilLog('stopping: finishing the requests in flight');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const exit = await p.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(caseViewsIn(path, caseId)).toBe(1);
    const messages = p.logs().map((l) => l.msg);
    expect(messages).not.toContain('queued database writes lost at shutdown: the database did not take them');
    expect(messages.at(-1)).toBe('stopped');
  });

  it(`cuts off a request that is still unfinished after ${STOP_GRACE_MS / 1000} s and exits 1`, async () => {
    const { path, caseId } = await deskDatabase();
    const port = await freePort();
    const p = (proc = new Proc(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: serverEnv(port, path) }));
    await p.untilLog(/^Server listening/);
    const client = new Client(port);
    await client.signIn('counsellor@demo.test', DEMO_PASSWORD);
    await client.get(`/cases/${caseId}`);
    const { req, response } = client.open('POST', `/cases/${caseId}/notes`, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 1000 });
    req.write(`_csrf=${client.csrf}&kind=note&body=never`);
    const cut = response.then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code,
    );
    await p.until('the note in flight', () => p.logs().some((l) => l.msg === 'incoming request' && l.req?.url === `/cases/${caseId}/notes`));
    const sent = performance.now();
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    // It waited the whole grace period for the request (timers may fire a little early, never much).
    expect(performance.now() - sent).toBeGreaterThan(STOP_GRACE_MS - 100);
    expect(await cut).toBe('ECONNRESET');
    expect(p.logs().map((l) => l.msg)).toContain('requests still running after 10 s were cut off');
    expect(notesIn(path)).toEqual([]);
  }, 30_000);
});
