/**
 * Issue 11, items 5 and 6: another process holding the write lock, and a full disk (DESIGN §4). The lock is held by a
 * second connection in this process; had the app's connection used SQLite's own busy wait, it would block the event
 * loop — and with it the timer that lets the lock go — so these tests hang or fail without write.ts.
 */
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedWrites, watchWrites } from '../../src/db/write.js';
import { loggerOptions } from '../../src/logger.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

let t: TestApp;
let d: ReturnType<typeof demo>;
let lines: string[];
let holder: Database.Database | null;

beforeEach(async () => {
  lines = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  t = await createTestApp({}, { logger: { ...loggerOptions('info'), stream } });
  d = demo(t.db);
  holder = null;
});
afterEach(async () => {
  release();
  await t.close();
});

/** Another process's lock: a second connection to the same file inside BEGIN IMMEDIATE. */
function holdLock() {
  holder = new Database(t.config.databasePath);
  holder.exec('BEGIN IMMEDIATE');
}
function release() {
  if (holder?.inTransaction) holder.exec('ROLLBACK');
  holder?.close();
  holder = null;
}

const count = (table: string) => (t.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const notesOf = (caseId: number) => t.db.$client.prepare(`select body from case_events where case_id = ? and kind = 'note'`).all(caseId) as { body: string }[];
const logged = (msg: string) => lines.map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown }).filter((l) => l.msg === msg);

/** Resolves `promise`, noting when it did, so a test can assert what answered first. */
function track<T>(promise: Promise<T>) {
  const state = { done: false };
  return { state, result: promise.finally(() => (state.done = true)) };
}

/** Waits (a hang detector, not a speed test) until `check` holds. */
async function eventually(check: () => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const NOTE = 'Called the agency about the missing payslips & the "housing" deduction; they will call back on Friday.';

describe('another process holds the write lock', () => {
  let counsellor: Agent;
  let kase: ReturnType<typeof makeCase>;
  beforeEach(async () => {
    counsellor = await signIn(t.app, 'counsellor@demo.test');
    kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id, summary: 'Unpaid overtime at the bakery.' });
  });

  it('keeps /healthz, the case list and a case page answering while a note waits for the lock; the note is saved once the lock frees', async () => {
    holdLock();
    const note = track(counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: NOTE }));

    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(note.state.done).toBe(false);
    expect(health.json()).toEqual({ ok: true });

    const list = await counsellor.get('/cases');
    expect(note.state.done).toBe(false);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(kase.reference);

    const page = await counsellor.get(`/cases/${kase.id}`);
    expect(note.state.done).toBe(false);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Unpaid overtime at the bakery.');

    release();
    const res = await note.result;
    expect(res.statusCode).toBe(303);
    expect(notesOf(kase.id).map((n) => n.body)).toEqual([NOTE]);
  });

  it('answers a note that cannot get the lock in time with 503, what was typed and nothing saved; the same note then saves', async () => {
    watchWrites(t.db, { log: t.app.log, patienceMs: { save: 300 } });
    holdLock();
    const before = count('case_events');
    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: NOTE, occurredOn: '' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    const text = textOf(res.body);
    expect(text).toContain('Nothing was saved: another program is using the database');
    expect(text).toContain('What you typed');
    // The text comes back escaped, in a box to copy and in a form that sends it again to the same address.
    expect(res.body).toContain('Called the agency about the missing payslips &amp; the &quot;housing&quot; deduction');
    expect(res.body).toContain(`<form method="post" action="/cases/${kase.id}/notes">`);
    expect(res.body).toMatch(/<input type="hidden" name="body" value="Called the agency[^"]*&quot;housing&quot;/);
    expect(count('case_events')).toBe(before);
    // The page's own log says why, without the text.
    expect(logged('database writes failing: the database is locked by another process')).toHaveLength(1);
    expect(lines.join('')).not.toContain('payslips');

    release();
    const again = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: NOTE, occurredOn: '' });
    expect(again.statusCode).toBe(303);
    expect(notesOf(kase.id).map((n) => n.body)).toEqual([NOTE]);
    expect(logged('database writes work again')).toHaveLength(1);
  });

  it('labels each typed field by its label, or by its own name: a posted name is never looked up as a translation', async () => {
    watchWrites(t.db, { log: t.app.log, patienceMs: { save: 300 } });
    holdLock();
    const odd = { constructor: 'one', toString: 'two', __proto__x: 'three', '$t(errors.internal)': 'four', '{{name}}': 'five', '': 'six' };
    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: NOTE, ...odd });
    expect(res.statusCode).toBe(503);
    const labels = [...res.body.matchAll(/<label for="typed-\d+">([^<]*)<\/label>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Kind', 'Text', 'constructor', 'toString', '__proto__x', '$t(errors.internal)', '{{name}}']);
    expect(textOf(res.body)).not.toContain('native code');
    expect(textOf(res.body)).not.toContain('Sorry, the server could not complete this');
    // A field without a name is neither shown nor sent again.
    expect(res.body).not.toContain('name=""');
    expect(textOf(res.body)).not.toContain('six');
    expect(notesOf(kase.id)).toEqual([]);
  });

  it('leaves an htmx form in place and says so in the flash area', async () => {
    watchWrites(t.db, { log: t.app.log, patienceMs: { save: 300 } });
    holdLock();
    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body: NOTE }, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['hx-retarget']).toBe('#flash');
    expect(res.headers['hx-reswap']).toBe('innerHTML');
    expect(textOf(res.body)).toContain('Nothing was saved: another program is using the database');
    expect(textOf(res.body)).toContain('What you typed is still in the form.');
    expect(res.body).not.toContain('<form');
    expect(notesOf(kase.id)).toEqual([]);
  });

  it('lets a sign-in wait for the lock rather than fail', async () => {
    const browser = new Agent(t.app);
    await browser.get('/login');
    holdLock();
    const signingIn = track(browser.post('/login', { email: 'supervisor@demo.test', password: 'demo-password' }));
    // The sign-in is still waiting while the server answers others.
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(signingIn.state.done).toBe(false);
    // Longer than a save would wait (patience 300 ms here); a sign-in keeps waiting.
    watchWrites(t.db, { log: t.app.log, patienceMs: { save: 300 } });
    await new Promise((r) => setTimeout(r, 600));
    expect(signingIn.state.done).toBe(false);
    release();
    const res = await signingIn.result;
    expect(res.statusCode).toBe(303);
    expect((await browser.get('/')).statusCode).toBe(200);
    expect(t.db.$client.prepare(`select count(*) as n from audit_log where action = 'login' and user_id = ?`).get(d.supervisor.id)).toEqual({ n: 1 });
  });

  it('answers pages whose session needs extending, and writes their view entries once the lock frees', async () => {
    // A minute since the last request: this one would extend the session (a write).
    t.db.$client.prepare('update sessions set last_seen_at = last_seen_at - 120000').run();
    const views = () => t.db.$client.prepare(`select at from audit_log where action = 'view' and target_type = 'case' and target_id = ?`).all(String(kase.id)) as { at: number }[];
    holdLock();
    const viewedAt = t.clock.now();
    const page = await counsellor.get(`/cases/${kase.id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Unpaid overtime at the bakery.');
    // Not lost: kept until the database takes it, with the time of the view (the app's clock then), not of the write.
    expect(views()).toEqual([]);
    expect(queuedWrites(t.db)).toBe(1);
    t.clock.advance(5 * 60_000);
    release();
    await eventually(() => views().length === 1);
    expect(views()).toEqual([{ at: viewedAt }]);
    expect(queuedWrites(t.db)).toBe(0);
  });

  it('writes the view entries still queued when the server stops', async () => {
    holdLock();
    expect((await counsellor.get(`/cases/${kase.id}`)).statusCode).toBe(200);
    expect(queuedWrites(t.db)).toBe(1);
    // The other process lets go while the server is stopping.
    setTimeout(release, 200);
    await t.app.close();
    expect(t.db.$client.prepare(`select count(*) as n from audit_log where action = 'view' and target_id = ?`).get(String(kase.id))).toEqual({ n: 1 });
  });
});

describe('a full disk', () => {
  it('answers writes with 503 and nothing saved, logs once a minute, shows it to the administrator, and recovers when space returns', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    const admin = await signIn(t.app, 'admin@demo.test');
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id });
    // The file may not grow: what needs a new page fails with SQLITE_FULL, as on a full disk. A note longer than a
    // page needs new pages.
    const sqlite = t.db.$client;
    // Free pages left by the migrations (0021 rebuilds the search table) would take the note without growing the file.
    sqlite.exec('VACUUM');
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    const body = `${NOTE} ${'The worker read out every entry of her diary. '.repeat(120)}`;
    const before = count('case_events');

    const res = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body });
    expect(res.statusCode).toBe(503);
    expect(textOf(res.body)).toContain('Nothing was saved: the server’s disk is full.');
    expect(res.body).toContain('The worker read out every entry of her diary.');
    const htmx = await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body }, { 'hx-request': 'true' });
    expect(htmx.statusCode).toBe(503);
    expect(textOf(htmx.body)).toContain('the server’s disk is full');
    expect((await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body })).statusCode).toBe(503);
    expect(count('case_events')).toBe(before);

    // Three failures, one log line: a full disk is logged once a minute, not once a request — and never with the text.
    expect(logged('database writes failing: disk full')).toHaveLength(1);
    expect(lines.join('')).not.toContain('diary');

    const warning = textOf((await admin.get('/admin/users')).body);
    expect(warning).toMatch(/Database writes failing since .+: disk full\./);

    sqlite.pragma('max_page_count = 1073741823');
    expect((await counsellor.post(`/cases/${kase.id}/notes`, { kind: 'note', body })).statusCode).toBe(303);
    expect(notesOf(kase.id).map((n) => n.body)).toEqual([body.trim()]);
    expect(textOf((await admin.get('/admin/users')).body)).not.toContain('Database writes failing');
    expect(logged('database writes work again')).toHaveLength(1);
  });
});
