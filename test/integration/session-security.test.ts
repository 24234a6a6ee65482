import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { migrationsDir } from '../../src/paths.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/clock.js';
import { demo, makeCase } from '../helpers/factories.js';

/** Issue 12, security review: CSRF tokens bound to the session (b). */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

type SetCookie = { name: string; value: string; path?: string; domain?: string; secure?: boolean; httpOnly?: boolean; sameSite?: string; maxAge?: number };
const cookiesOf = (res: { cookies: unknown[] }) => res.cookies as SetCookie[];
const notes = (caseId: number) => t!.db.$client.prepare("select count(*) as n from case_events where case_id = ? and kind = 'note'").get(caseId) as { n: number };

describe('CSRF tokens are bound to the session', () => {
  it('sends a form of a session that has ended since to sign in again, says why, and saves nothing', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const user = await signIn(t.app, 'counsellor@demo.test');
    await user.get(`/cases/${kase.id}`);
    const stale = user.cookies.get('uniondesk_session')!;
    // Past the 30-minute idle limit: the session, and the tokens bound to it, have ended.
    t.clock.advance(31 * 60_000);
    const htmx = await user.htmxPost(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called the employer' });
    expect(htmx.statusCode).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/login?ended=1');
    // The answer blanked the session cookie; the browser sends the old one again, with the same form.
    user.cookies.set('uniondesk_session', stale);
    const plain = await user.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called the employer' });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe('/login?ended=1');
    expect(textOf((await user.get('/login?ended=1')).body)).toContain('Your session had ended, so what you sent was not saved. Sign in again.');
    expect(notes(kase.id)).toEqual({ n: 0 });
  });

  it('refuses another browser’s CSRF cookie and token planted in a victim’s session: 403, nothing written', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const victim = await signIn(t.app, 'counsellor@demo.test');
    await victim.get(`/cases/${kase.id}`);

    // The attacker's own browser: a token and its cookie before sign-in, and those of a signed-in session of theirs.
    const stranger = new Agent(t.app);
    await stranger.get('/login');
    const insider = await signIn(t.app, 'counsellor2@demo.test');
    await insider.get('/');
    const planted = [
      { cookie: stranger.cookies.get('uniondesk_csrf')!, token: stranger.csrf },
      { cookie: insider.cookies.get('uniondesk_csrf') ?? stranger.cookies.get('uniondesk_csrf')!, token: insider.csrf },
    ];
    for (const { cookie, token } of planted) {
      expect(cookie).toBeTruthy();
      victim.cookies.set('uniondesk_csrf', cookie);
      const form = await victim.postRaw(`/cases/${kase.id}/notes`, { _csrf: token, kind: 'note', body: 'Planted note' });
      expect(form.statusCode).toBe(403);
      expect(textOf(form.body)).toContain('the form expired. Reload the page and try again.');
      const htmx = await victim.postRaw(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Planted note' }, { 'hx-request': 'true', 'x-csrf-token': token });
      expect(htmx.statusCode).toBe(403);
    }
    expect(notes(kase.id)).toEqual({ n: 0 });

    // The victim's own page still works, by form and by htmx header, whatever CSRF cookie the browser holds.
    await victim.get(`/cases/${kase.id}`);
    expect((await victim.post(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called the agency.' })).statusCode).toBe(303);
    expect((await victim.htmxPost(`/cases/${kase.id}/notes`, { kind: 'note', body: 'Called again.' })).statusCode).toBe(200);
    expect(notes(kase.id)).toEqual({ n: 2 });
  });

  it('rotates at sign-in: the sign-in page’s token and cookie stop working, the signed-in pages carry new tokens', async () => {
    t = await createTestApp();
    const agent = new Agent(t.app);
    await agent.get('/login');
    const before = agent.csrf;
    const res = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(res.statusCode).toBe(303);
    // The pre-sign-in secret is dropped with the sign-in.
    expect(cookiesOf(res).find((c) => c.name === 'uniondesk_csrf')).toMatchObject({ value: '' });
    expect(agent.cookies.has('uniondesk_csrf')).toBe(false);
    const refused = await agent.postRaw('/logout', { _csrf: before });
    expect(refused.statusCode).toBe(403);
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Amira Haddad');
    expect(agent.csrf).not.toBe(before);
    expect((await agent.post('/logout')).statusCode).toBe(303);
    // Signed out, the sign-in form gets a fresh pre-sign-in secret.
    const login = await agent.get('/login');
    expect(cookiesOf(login).find((c) => c.name === 'uniondesk_csrf')?.value).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('under https names the CSRF and session cookies __Host-…: Secure, Path=/, no Domain; sign-in and forms work', async () => {
    t = await createTestApp({ BASE_URL: 'https://desk.example.org' });
    const agent = new Agent(t.app);
    const login = await agent.get('/login');
    const cookie = cookiesOf(login).find((c) => c.name.includes('uniondesk_csrf'))!;
    expect(cookie).toMatchObject({ name: '__Host-uniondesk_csrf', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    expect(cookie.domain).toBeUndefined();
    expect(login.headers['set-cookie']).not.toMatch(/Domain=/i);
    const signedIn = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(signedIn.statusCode).toBe(303);
    expect(cookiesOf(signedIn).find((c) => c.name === '__Host-uniondesk_session')).toMatchObject({ path: '/', secure: true, httpOnly: true });
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Amira Haddad');
    expect((await agent.post('/logout')).statusCode).toBe(303);
    expect(agent.cookies.has('__Host-uniondesk_session')).toBe(false);
  });
});

describe('session ids are stored hashed', () => {
  it('keeps only the SHA-256 of each cookie’s id: the raw sessions table holds no cookie value', async () => {
    t = await createTestApp();
    const laptop = await signIn(t.app, 'counsellor@demo.test');
    const phone = await signIn(t.app, 'counsellor@demo.test');
    const cookies = [laptop, phone].map((a) => a.cookies.get('uniondesk_session')!);
    const rows = t.db.$client.prepare('select * from sessions').raw().all() as unknown[][];
    expect(rows).toHaveLength(2);
    const dump = JSON.stringify(rows);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^[a-z0-9]{40}$/);
      expect(dump).not.toContain(cookie);
      expect(t.db.$client.prepare('select count(*) as n from sessions where id = ?').get(createHash('sha256').update(cookie).digest('hex'))).toEqual({ n: 1 });
    }
    // A row's key used as a cookie opens nothing.
    const key = rows[0]![0] as string;
    const replay = await t.app.inject({ url: '/', headers: { cookie: `uniondesk_session=${key}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login');
  });

  it('still lists, ends and rotates sessions by their key: account page, end one, end the others, disabling the user', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const laptop = await signIn(t.app, 'counsellor@demo.test');
    const phone = await signIn(t.app, 'counsellor@demo.test');
    const tablet = await signIn(t.app, 'counsellor@demo.test');
    const page = await laptop.get('/account');
    expect(textOf(page.body)).toContain('This browser');
    const handles = [...page.body.matchAll(/\/account\/sessions\/([a-f0-9]+)\/end/g)].map((m) => m[1]!);
    expect(handles).toHaveLength(2);
    for (const row of t.db.$client.prepare('select id from sessions').all() as { id: string }[]) expect(page.body).not.toContain(row.id);
    expect((await laptop.post(`/account/sessions/${handles[0]}/end`)).statusCode).toBe(303);
    expect(t.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 2 });
    await laptop.get('/account');
    expect((await laptop.post('/account/sessions/end-others')).statusCode).toBe(303);
    expect([(await phone.get('/')).statusCode, (await tablet.get('/')).statusCode]).toEqual([303, 303]);
    expect(textOf((await laptop.get('/')).body)).toContain('Hello, Amira Haddad');

    // Signing in again from the laptop ends its old session (rotation).
    const old = laptop.cookies.get('uniondesk_session')!;
    await laptop.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(laptop.cookies.get('uniondesk_session')).not.toBe(old);
    expect(t.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 1 });

    // Disabling the user ends what is left.
    const admin = await signIn(t.app, 'admin@demo.test');
    const version = await admin.formVersion(`/admin/users/${d.counsellor.id}`);
    await admin.post(`/admin/users/${d.counsellor.id}`, { displayName: 'Amira Haddad', email: 'counsellor@demo.test', role: 'counsellor', languages: 'en', contactPointIds: String(d.ldn.id), locale: 'en', version });
    expect(t.db.$client.prepare('select count(*) as n from sessions where user_id = ?').get(d.counsellor.id)).toEqual({ n: 0 });
    expect((await laptop.get('/')).statusCode).toBe(303);
  });
});

describe('the migration to hashed session keys', () => {
  it('deletes the sessions stored by their plain id: such a cookie opens nothing after the upgrade, accounts stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uniondesk-sessions-'));
    try {
      // The release before: every migration before this one (found by name, whatever number it gets). The later
      // ones go too: the migrator skips a migration older than the last one applied.
      const before = join(dir, 'drizzle');
      cpSync(migrationsDir, before, { recursive: true });
      const journalPath = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag.endsWith('_security_review'));
      expect(at).toBeGreaterThan(0);
      const later = journal.entries.slice(at);
      journal.entries = journal.entries.slice(0, at);
      writeFileSync(journalPath, JSON.stringify(journal));
      for (const e of later) unlinkSync(join(before, `${e.tag}.sql`));

      const clock = new TestClock();
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_PATH: join(dir, 'desk.sqlite') });
      const db = openDatabase(config.databasePath);
      migrate(db, { migrationsFolder: before });
      const plainId = 'k7q2m9x4t1v8c3n6b5z0w2e7r4y9u1i3o6p8a5s2';
      db.$client
        .prepare("insert into users (id, email, display_name, role, languages, password_hash, created_at) values ('u-1', 'amira@desk.test', 'Amira', 'counsellor', '[\"en\"]', 'x', ?)")
        .run(clock.now());
      db.$client
        .prepare("insert into sessions (id, user_id, expires_at, created_at, last_seen_at) values (?, 'u-1', ?, ?, ?)")
        .run(plainId, Math.floor(clock.now() / 1000) + 1800, clock.now(), clock.now());

      migrateDatabase(db);
      expect(db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
      expect(db.$client.prepare('select email from users').all()).toEqual([{ email: 'amira@desk.test' }]);

      const app = await buildApp({ config, db, clock, logger: false });
      try {
        const res = await app.inject({ url: '/', headers: { cookie: `uniondesk_session=${plainId}` } });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/login');
      } finally {
        await app.close();
        db.$client.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
