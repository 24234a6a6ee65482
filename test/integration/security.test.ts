import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/env.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
const sessionCount = () => (t!.db.$client.prepare('select count(*) as n from sessions').get() as { n: number }).n;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('CSRF protection', () => {
  it('refuses a POST without a token with 403 and changes nothing', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'admin@demo.test');
    const before = t.db.$client.prepare('select count(*) n from users').get();
    const res = await agent.postRaw('/admin/users', { displayName: 'X', email: 'x@desk.example', role: 'admin', languages: 'en', active: 'on' });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('the form expired');
    expect(t.db.$client.prepare('select count(*) n from users').get()).toEqual(before);
  });

  it('refuses a sign-out with a wrong token, so another site cannot sign a user out', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'counsellor@demo.test');
    const refused = await agent.postRaw('/logout', { _csrf: 'forged' });
    expect(refused.statusCode).toBe(403);
    expect(textOf(refused.body)).toContain('the form expired');
    expect(sessionCount()).toBe(1);
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Amira Haddad');
  });

  it('accepts the token in the X-CSRF-Token header, as htmx sends it', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'counsellor@demo.test');
    const res = await agent.htmxPost('/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?signedOut=1');
    expect(sessionCount()).toBe(0);
    expect(textOf((await agent.get('/login?signedOut=1')).body)).toContain('You have signed out.');
  });

  it('refuses the sign-in form itself without a token', async () => {
    t = await createTestApp();
    const res = await new Agent(t.app).postRaw('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('the form expired');
    expect(sessionCount()).toBe(0);
  });
});

describe('security headers', () => {
  it('sends a strict CSP without unsafe-inline, and the other headers', async () => {
    t = await createTestApp();
    const res = await new Agent(t.app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('pages carry no inline script or style attribute', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'admin@demo.test');
    for (const url of ['/', '/login', '/account', '/admin/users', '/admin/users/new', '/admin/contact-points', '/admin/contact-points/new']) {
      const html = (await agent.get(url)).body;
      expect(html, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, url).not.toMatch(/\sstyle="/);
      expect(html, url).not.toMatch(/\shx-on/);
    }
  });

  it('marks every signed-in page no-store', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'counsellor@demo.test');
    for (const url of ['/', '/account']) expect((await agent.get(url)).headers['cache-control']).toBe('no-store');
  });
});

describe('errors', () => {
  it('answers an unknown page with a 404 page', async () => {
    t = await createTestApp();
    const res = await new Agent(t.app).get('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('Page not found');
  });

  it('shows a 500 page with a request id and no stack trace, and logs the error with that id', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    t = await createTestApp({}, {
      logger: { level: 'error', stream },
      beforeReady: (app) => app.get('/boom', async () => {
        throw new Error('secret internal detail at /work/main/src/x.ts:12');
      }),
    });
    const res = await new Agent(t.app).get('/boom');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('.ts:');
    const id = /<code>([^<]+)<\/code>/.exec(res.body)?.[1];
    expect(id).toBeTruthy();
    expect(lines.join('')).toContain(id!);
  });

  it('answers a body over the limit with 413', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/login', payload: 'email=' + 'a'.repeat(300 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('too large');
    expect(textOf(res.body)).toContain('Go back with your browser’s Back button: what you typed is still in the form.');
    // From htmx: a message for the flash area, so that the form (and what was typed in it) is not swapped out.
    const hx = await t.app.inject({ method: 'POST', url: '/login', payload: 'email=' + 'a'.repeat(300 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' } });
    expect(hx.statusCode).toBe(413);
    expect(hx.headers['hx-retarget']).toBe('#flash');
    expect(textOf(hx.body).trim()).toBe('Nothing was saved: what you sent is too large for the server. What you typed is still in the form: shorten the longest text, then send it again.');
  });

  it('answers a malformed body with 400, not 500', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/login', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('The request was not understood.');
    expect(sessionCount()).toBe(0);
  });

  it('answers an unknown record id with 404, malformed or not', async () => {
    t = await createTestApp();
    const agent = await signIn(t.app, 'admin@demo.test');
    for (const url of ['/admin/users/not-a-uuid', '/admin/users/6f1c8a52-7c43-4a8e-9a55-0c9d8a8c2f11', '/admin/contact-points/99999', '/admin/contact-points/abc']) {
      const res = await agent.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(textOf(res.body), url).toContain('There is nothing here, or you do not have access to it.');
    }
  });
});

describe('logs', () => {
  it('never contain passwords, emails, cookies, tokens or query strings', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const { loggerOptions } = await import('../../src/logger.js');
    t = await createTestApp({}, { logger: { ...loggerOptions('trace'), stream } });
    const agent = new Agent(t.app);
    await agent.get('/login');
    await agent.post('/login', { email: 'counsellor@demo.test', password: 'demo-password' });
    await agent.get('/?q=Nguyen');
    await agent.get('/set-password/abcdefSECRETtoken');
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('"url":"/"');
    for (const secret of ['demo-password', 'counsellor@demo.test', agent.cookies.get('uniondesk_session')!, 'Nguyen', 'SECRETtoken']) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('log a 500 by its error class, route and request id, with no part of what was submitted', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const { loggerOptions } = await import('../../src/logger.js');
    // 10,000 characters in which every 21-character run is unique, so that finding any one of them in the log means a leak.
    let seed = 7;
    const typed = Array.from({ length: 10_000 }, () => ((seed = (seed * 48271) % 2147483647), 'abcdefghijklmnopqrstuvwxyz0123456789'[seed % 36])).join('');
    t = await createTestApp({}, {
      logger: { ...loggerOptions('info'), stream },
      beforeReady: (app) =>
        app.post('/cases/:id/boom', async (request) => {
          const { note } = request.body as { note: string };
          // As Intl, zod or SQLite report a bad value: the value is in the message, and in the message of its cause.
          throw new RangeError(`Invalid currency code : ${note}`, { cause: new TypeError(`not a number: ${note}`) });
        }),
    });
    const agent = await signIn(t.app, 'counsellor@demo.test');
    const res = await agent.post('/cases/12/boom?q=' + typed.slice(0, 40), { note: typed });
    expect(res.statusCode).toBe(500);
    expect(textOf(res.body)).toContain('Something went wrong');
    const id = /<code>([^<]+)<\/code>/.exec(res.body)?.[1];

    const log = lines.join('');
    for (let at = 0; at + 21 <= typed.length; at += 7) expect(log.includes(typed.slice(at, at + 21)), `characters ${at}–${at + 20}`).toBe(false);
    expect(res.body).not.toContain(typed.slice(0, 21));
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request failed')!;
    expect(failed).toMatchObject({ reqId: id, route: '/cases/:id/boom', error: { type: 'RangeError', cause: { type: 'TypeError' } } });
    expect((failed.error as { stack: string }).stack).toMatch(/^at .*security\.test\.ts/);
  });
});

describe('configuration at start', () => {
  it('exits with code 1 and names the variable when PORT is not a number', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...cleanEnv(), PORT: 'not-a-port', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).not.toContain('BASE_URL');
  });
});
