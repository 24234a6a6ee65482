import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const sessionCookie = (res: { cookies: { name: string }[] }) =>
  res.cookies.find((c) => c.name === 'uniondesk_session') as { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; maxAge?: number } | undefined;

describe('sign in', () => {
  it('signs in with the right password and shows the dashboard with the user and contact point', async () => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login', { email: 'Counsellor@Demo.Test', password: 'demo-password' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const page = textOf((await agent.get('/')).body);
    expect(page).toContain('Hello, Amira Haddad');
    expect(page).toContain('London Migrant Workers Desk');
    expect(page).toContain('Sign out');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, without Secure over http and without a lifetime', async () => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    const cookie = sessionCookie(await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' }))!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBeUndefined();
  });

  it('adds Secure and the __Host- prefix when the base URL is https', async () => {
    const https = await createTestApp({ BASE_URL: 'https://desk.example.org' });
    try {
      const agent = new Agent(https.app);
      await agent.get('/login');
      const res = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
      const cookie = res.cookies.find((c) => c.name === '__Host-uniondesk_session') as { secure?: boolean; path?: string; domain?: string };
      expect(cookie).toMatchObject({ secure: true, path: '/' });
      expect(cookie.domain).toBeUndefined();
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await https.close();
    }
  });

  it.each([
    ['a wrong password', 'counsellor@demo.test', 'wrong-password-123'],
    ['an unknown email', 'nobody@demo.test', 'demo-password'],
    ['an empty form', '', ''],
  ])('says "Email or password is wrong" for %s, with status 422 and no session', async (_what, email, password) => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login', { email, password });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Email or password is wrong.');
    expect(sessionCookie(res)).toBeUndefined();
    expect(res.body).toContain(`value="${email}"`);
  });

  it('refuses a disabled account with the same message', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const row = t.db.$client.prepare("select id from users where email = 'counsellor@demo.test'").get() as { id: string };
    const version = await admin.formVersion(`/admin/users/${row.id}`);
    await admin.post(`/admin/users/${row.id}`, { displayName: 'Amira Haddad', email: 'counsellor@demo.test', role: 'counsellor', languages: 'en', contactPointIds: '1', locale: 'en', version });
    const agent = new Agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Email or password is wrong.');
  });

  it('rotates the session on sign-in: the session the browser had before stops working', async () => {
    const agent = await signIn(t.app, 'counsellor@demo.test');
    const before = agent.cookies.get('uniondesk_session')!;
    await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(agent.cookies.get('uniondesk_session')).not.toBe(before);
    const stale = await t.app.inject({ url: '/', headers: { cookie: `uniondesk_session=${before}` } });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/login');
  });

  it('writes login and login_failed to the audit log without the password', async () => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    await agent.post('/login', { email: 'counsellor@demo.test', password: 'wrong-password-123' });
    await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    const rows = t.db.select().from(auditLog).all().filter((r) => r.targetType === 'user');
    expect(rows.map((r) => r.action)).toEqual(['login_failed', 'login']);
    expect(JSON.stringify(rows)).not.toContain('wrong-password-123');
  });
});

describe('login throttling', () => {
  it('locks an account after 5 failures, even for the right password, with 429 and a message', async () => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    for (let i = 0; i < 5; i++) expect((await agent.post('/login', { email: 'counsellor@demo.test', password: `bad-password-${i}` })).statusCode).toBe(422);
    const res = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(res.statusCode).toBe(429);
    expect(textOf(res.body)).toContain('Too many failed attempts for this account');
    // Another account from the same address is not affected.
    expect((await agent.post('/login', { email: 'supervisor@demo.test', password: 'demo-password' })).statusCode).toBe(303);
  });

  it('lets the account in again after the 15-minute window', async () => {
    t.clock.set(new Date('2026-11-24T09:00:00Z'));
    const agent = new Agent(t.app);
    await agent.get('/login');
    for (let i = 0; i < 5; i++) await agent.post('/login', { email: 'counsellor@demo.test', password: `bad-password-${i}` });
    const locked = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(locked.statusCode).toBe(429);
    expect(textOf(locked.body)).toContain('Too many failed attempts for this account');
    t.clock.set(new Date('2026-11-24T09:16:00Z'));
    expect((await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' })).statusCode).toBe(303);
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Amira Haddad');
  });

  it('limits failed sign-ins per client address to 30 in 15 minutes', async () => {
    const agent = new Agent(t.app);
    await agent.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await agent.post('/login', { email: `user${i}@demo.test`, password: 'x' })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 422)).toBe(true);
    expect(statuses[30]).toBe(429);
    const res = await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(res.statusCode).toBe(429);
    expect(textOf(res.body)).toContain('Too many failed sign-ins from this network.');
  });
});

describe('session lifetime (ASVS 3.3.2: 30 minutes idle, 12 hours absolute)', () => {
  it('ends a session idle for more than 30 minutes', async () => {
    t.clock.set(new Date('2026-11-24T09:00:00Z'));
    const agent = await signIn(t.app, 'counsellor@demo.test');
    t.clock.set(new Date('2026-11-24T09:29:00Z'));
    expect((await agent.get('/')).statusCode).toBe(200);
    t.clock.set(new Date('2026-11-24T10:00:00Z'));
    const res = await agent.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('keeps an active session alive, but never past 12 hours', async () => {
    const start = new Date('2026-11-24T08:00:00Z').getTime();
    t.clock.set(start);
    const agent = await signIn(t.app, 'counsellor@demo.test');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      t.clock.set(start + minutes * 60_000);
      const res = await agent.get('/');
      expect(res.statusCode, `after ${minutes} minutes`).toBe(200);
      expect(textOf(res.body), `after ${minutes} minutes`).toContain('Hello, Amira Haddad');
    }
    t.clock.set(start + 12 * 60 * 60_000 + 60_000);
    const res = await agent.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    // The session is gone on the server, not only refused.
    expect(t.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
  });
});

describe('sign out', () => {
  it('ends the session on the server and blanks the cookie', async () => {
    const agent = await signIn(t.app, 'counsellor@demo.test');
    const sessionId = agent.cookies.get('uniondesk_session')!;
    const res = await agent.post('/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?signedOut=1');
    expect(textOf((await agent.get('/login?signedOut=1')).body)).toContain('You have signed out.');
    const replay = await t.app.inject({ url: '/', headers: { cookie: `uniondesk_session=${sessionId}` } });
    expect(replay.statusCode).toBe(303);
    expect(t.db.$client.prepare('select count(*) n from sessions').get()).toEqual({ n: 0 });
  });
});

describe('own sessions and password change', () => {
  it('lists the user’s sessions without exposing session ids, and ends another one', async () => {
    const laptop = await signIn(t.app, 'counsellor@demo.test');
    const phone = await signIn(t.app, 'counsellor@demo.test');
    const page = await laptop.get('/account');
    expect(page.body).not.toContain(phone.cookies.get('uniondesk_session')!);
    const handles = [...page.body.matchAll(/\/account\/sessions\/([a-f0-9]+)\/end/g)].map((m) => m[1]);
    expect(handles).toHaveLength(1);
    expect((await laptop.post(`/account/sessions/${handles[0]}/end`)).statusCode).toBe(303);
    expect((await phone.get('/')).statusCode).toBe(303);
    expect((await laptop.get('/')).statusCode).toBe(200);
  });

  it('changing the password ends the other sessions and the new password works', async () => {
    const laptop = await signIn(t.app, 'counsellor@demo.test');
    const phone = await signIn(t.app, 'counsellor@demo.test');
    await laptop.get('/account');
    const res = await laptop.post('/account/password', { current: 'demo-password', password: 'a much longer passphrase', confirm: 'a much longer passphrase' });
    expect(res.statusCode).toBe(303);
    expect(textOf((await laptop.get('/account?notice=passwordChanged')).body)).toContain('Your password has been changed');
    expect((await phone.get('/')).statusCode).toBe(303);
    await signIn(t.app, 'counsellor@demo.test', 'a much longer passphrase');
  });

  it('refuses a short new password or a wrong current one with 422 and keeps the old password', async () => {
    const agent = await signIn(t.app, 'counsellor@demo.test');
    await agent.get('/account');
    let res = await agent.post('/account/password', { current: 'demo-password', password: 'short', confirm: 'short' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Use at least 12 characters.');
    res = await agent.post('/account/password', { current: 'not-my-password', password: 'a much longer passphrase', confirm: 'a much longer passphrase' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('The current password is wrong.');
    await signIn(t.app, 'counsellor@demo.test', 'demo-password');
  });
});

describe('demo accounts in production', () => {
  it('refuses the demo logins when NODE_ENV=production', async () => {
    const prod = await createTestApp({ NODE_ENV: 'production' });
    try {
      const agent = new Agent(prod.app);
      await agent.get('/login');
      const res = await agent.post('/login', { email: 'admin@demo.test', password: 'demo-password' });
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('Email or password is wrong.');
      expect(prod.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
    } finally {
      await prod.close();
    }
  });
});
