import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { sessions } from '../../src/auth/auth.table.js';
import { startSession } from '../../src/auth/auth.service.js';
import { write } from '../../src/db/write.js';
import { recoveryCodes, secondFactors } from '../../src/auth/second-factor.table.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { loggerOptions } from '../../src/logger.js';
import { Agent, createTestApp, DEMO_PASSWORD, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo } from '../helpers/factories.js';
import { codeAt, codesOnPage, ticketOnPage as ticketOf } from '../helpers/second-factor.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const REQUIRED = { SECOND_FACTOR: 'admins-supervisors' };
const STEP_MS = 30_000;

/** The key as the set-up page shows it, in groups of four (the shared helper's secretOnPage takes the spaces out). */
const groupedSecretOnPage = (html: string) => /id="totp-secret">([^<]+)</.exec(html)?.[1];
const ticketOnPage = (html: string) => ticketOf(html)!;

/** The password step only: an agent whose session still owes the second step. */
async function passwordStep(email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get('/login');
  const res = await agent.post('/login', { email, password: DEMO_PASSWORD });
  if (res.statusCode !== 303) throw new Error(`password step for ${email} answered ${res.statusCode}`);
  // As a browser: the page the sign-in leads to, whose forms carry the tokens of the new session.
  await agent.get(res.headers.location as string);
  return agent;
}

/** Sets up a second factor from the enrolment page the agent can open; returns the secret and the recovery codes shown. */
async function enrol(agent: Agent) {
  const page = await agent.get('/account/second-factor');
  const grouped = groupedSecretOnPage(page.body);
  if (!grouped) throw new Error(`no enrolment form: ${page.statusCode}`);
  const secret = grouped.replace(/ /g, '');
  const done = await agent.post('/account/second-factor', { otp: codeAt(secret, t.clock.now()), otpTicket: ticketOnPage(page.body) });
  expect(done.statusCode).toBe(200);
  return { secret, grouped, codes: codesOnPage(done.body), page: done };
}

/** Password, then the code at the clock's time. */
async function signInWithCode(email: string, secret: string) {
  const agent = await passwordStep(email);
  const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now()) });
  // As a browser: the page it leads to, whose forms carry the tokens of the signed-in session.
  if (res.statusCode === 303) await agent.get(res.headers.location as string);
  return { agent, res };
}

const userIdOf = (email: string) => (t.db.$client.prepare('select id from users where email = ?').get(email) as { id: string }).id;
const auditOf = (userId: string) => t.db.select().from(auditLog).all().filter((r) => r.targetType === 'user' && r.targetId === userId);

describe('setting up a second factor', () => {
  it('sends a supervisor without one to set it up right after the password; nothing else opens until it is done', async () => {
    t = await createTestApp(REQUIRED);
    const agent = new Agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login', { email: 'supervisor@demo.test', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/second-factor');

    for (const path of ['/', '/cases', '/supervision', '/account', '/audit', '/login', '/login/code', '/no-such-page']) {
      const page = await agent.get(path);
      expect(page.statusCode, path).toBe(303);
      expect(page.headers.location, path).toBe('/account/second-factor');
    }
    const htmx = await agent.get('/cases', { 'hx-request': 'true' });
    expect(htmx.statusCode).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/account/second-factor');
    const post = await agent.post('/account/sessions/end-others');
    expect(post.headers.location).toBe('/account/second-factor');

    const page = await agent.get('/account/second-factor');
    expect(textOf(page.body)).toContain('Your role needs two-step sign-in');
    // Not signed in yet: no navigation, and no `login` in the audit log.
    expect(page.body).not.toContain('href="/cases"');
    const id = demo(t.db).supervisor.id;
    expect(auditOf(id).map((r) => r.action)).toEqual([]);

    await enrol(agent);
    const cases = await agent.get('/cases');
    expect(cases.statusCode).toBe(200);
    expect(textOf(cases.body)).toContain('Cases');
    expect(auditOf(id).map((r) => [r.action, r.fields])).toEqual([
      ['update', ['secondFactor']],
      ['login', null],
    ]);
  });

  it('lets a signed-out half session sign out, and the static files load', async () => {
    t = await createTestApp(REQUIRED);
    const agent = await passwordStep('admin@demo.test');
    expect((await agent.get('/static/css/app.css')).statusCode).toBe(200);
    expect((await agent.get('/healthz')).statusCode).toBe(200);
    const out = await agent.post('/logout');
    expect(out.headers.location).toBe('/login?signedOut=1');
    expect(t.db.select().from(sessions).all()).toEqual([]);
  });

  it('shows a QR code of the otpauth URI, drawn on the server, and the same secret in groups of four', async () => {
    t = await createTestApp(REQUIRED);
    const agent = await passwordStep('supervisor@demo.test');
    const page = await agent.get('/account/second-factor');
    const grouped = groupedSecretOnPage(page.body)!;
    // 20 random bytes: 32 base32 characters, in eight groups of four.
    expect(grouped).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const uri = new TOTP({ issuer: 'UnionDesk', label: 'supervisor@demo.test', secret: Secret.fromBase32(grouped.replace(/ /g, '')) }).toString();
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const img = /<img src="(data:image\/svg\+xml;base64,[^"]+)" alt="QR code for the authenticator app"/.exec(page.body);
    expect(img?.[1]).toBe(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
    expect(page.body).not.toMatch(/<script(?! src=)/);
    // The CSP lets the data: image in, and still no inline script.
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('refuses a wrong confirmation code and keeps the same secret on the page; the right code turns it on', async () => {
    t = await createTestApp(REQUIRED);
    const agent = await passwordStep('supervisor@demo.test');
    const page = await agent.get('/account/second-factor');
    const secret = groupedSecretOnPage(page.body)!.replace(/ /g, '');
    const right = codeAt(secret, t.clock.now());
    const wrong = right === '123456' ? '654321' : '123456';

    const refused = await agent.post('/account/second-factor', { otp: wrong, otpTicket: ticketOnPage(page.body) });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('That code does not match this key');
    expect(groupedSecretOnPage(refused.body)!.replace(/ /g, '')).toBe(secret);
    expect(t.db.select().from(secondFactors).all()).toEqual([]);
    expect((await agent.get('/cases')).headers.location).toBe('/account/second-factor');

    const empty = await agent.post('/account/second-factor', { otp: '', otpTicket: ticketOnPage(refused.body) });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body)).toContain('Fill this in.');

    // A ticket that was changed, or comes from another session, opens nothing: a new secret is offered.
    const ticket = ticketOnPage(page.body);
    const changed = `${ticket.slice(0, 20)}${ticket[20] === 'A' ? 'B' : 'A'}${ticket.slice(21)}`;
    const forged = await agent.post('/account/second-factor', { otp: right, otpTicket: changed });
    expect(forged.statusCode).toBe(422);
    expect(textOf(forged.body)).toContain('This set-up page is no longer valid');
    expect(groupedSecretOnPage(forged.body)!.replace(/ /g, '')).not.toBe(secret);
    const other = await passwordStep('supervisor2@demo.test');
    await other.get('/account/second-factor');
    const stolen = await other.post('/account/second-factor', { otp: right, otpTicket: ticketOnPage(page.body) });
    expect(stolen.statusCode).toBe(422);
    expect(t.db.select().from(secondFactors).all()).toEqual([]);

    const done = await agent.post('/account/second-factor', { otp: right, otpTicket: ticketOnPage(page.body) });
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain('Two-step sign-in is on.');
    expect(t.db.select().from(secondFactors).all()).toHaveLength(1);
  });

  it('shows ten recovery codes once and keeps only their argon2id hashes', async () => {
    t = await createTestApp(REQUIRED);
    const agent = await passwordStep('supervisor@demo.test');
    const { codes } = await enrol(agent);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);

    const stored = t.db.select().from(recoveryCodes).all();
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.codeHash.startsWith('$argon2id$') && r.usedAt === null)).toBe(true);
    expect(await verifyPassword(stored[0]!.codeHash, codes[0]!.replace('-', ''))).toBe(true);

    // Never again: not on the settings page, not on My account.
    for (const path of ['/account/second-factor', '/account']) {
      const html = (await agent.get(path)).body;
      for (const code of codes) {
        expect(html).not.toContain(code);
        expect(html).not.toContain(code.replace('-', ''));
      }
    }
    expect(textOf((await agent.get('/account/second-factor')).body)).toContain('10 of 10 recovery codes unused.');
    expect(textOf((await agent.get('/account')).body)).toContain('On since 24 Nov 2026. 10 of 10 recovery codes unused.');
  });

  it('stores the secret encrypted: neither the database rows nor its files hold it in clear', async () => {
    t = await createTestApp(REQUIRED);
    const agent = await passwordStep('supervisor@demo.test');
    const { secret, codes } = await enrol(agent);
    const row = t.db.select().from(secondFactors).get()!;
    expect(row.secret).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(Secret.fromBase32(secret).bytes);
    const files = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(`${t.config.databasePath}${suffix}`);
      } catch {
        return Buffer.alloc(0);
      }
    });
    for (const file of files) {
      expect(file.includes(secret)).toBe(false);
      expect(file.includes(raw)).toBe(false);
      for (const code of codes) expect(file.includes(code.replace('-', ''))).toBe(false);
    }
    // Sealed to its user: the same value in another user's row does not open.
    const moved = t.db.$client.prepare('update second_factors set user_id = ? where user_id = ?');
    const { supervisor, supervisor2 } = demo(t.db);
    moved.run(supervisor2.id, supervisor.id);
    t.clock.advance(STEP_MS);
    const { res } = await signInWithCode('supervisor2@demo.test', secret);
    expect(res.statusCode).toBe(422);
  });

  it('never writes the secret, the codes or the recovery codes to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    t = await createTestApp(REQUIRED, { logger: { ...loggerOptions('trace'), stream } });
    const agent = await passwordStep('supervisor@demo.test');
    const page = await agent.get('/account/second-factor');
    const ticket = ticketOnPage(page.body);
    await agent.post('/account/second-factor', { otp: '000000', otpTicket: ticket });
    const { secret, grouped, codes } = await enrol(agent);
    const confirmCode = codeAt(secret, t.clock.now());
    await agent.post('/logout');
    t.clock.advance(STEP_MS);
    const typed = codeAt(secret, t.clock.now());
    await signInWithCode('supervisor@demo.test', secret);
    const again = await passwordStep('supervisor@demo.test');
    await again.post('/login/code', { otp: codes[0]! });
    const log = lines.join('');
    expect(log).toContain('/login/code');
    for (const s of [secret, grouped, ticket, confirmCode, typed, ...codes, ...codes.map((c) => c.replace('-', ''))]) expect(log).not.toContain(s);
  });

  it('SECOND_FACTOR=everyone makes a counsellor set one up; by default a counsellor is not asked', async () => {
    t = await createTestApp({ SECOND_FACTOR: 'everyone' });
    const counsellor = await passwordStep('counsellor@demo.test');
    expect((await counsellor.get('/cases')).headers.location).toBe('/account/second-factor');
    await t.close();

    t = await createTestApp(REQUIRED);
    const free = await passwordStep('counsellor@demo.test');
    expect((await free.get('/cases')).statusCode).toBe(200);
    // The coordinator is not asked either.
    expect((await (await passwordStep('coordinator@demo.test')).get('/')).statusCode).toBe(200);
  });

  it('lets anyone set one up from My account when it is not required, and asks for it at every sign-in after', async () => {
    t = await createTestApp({ SECOND_FACTOR: 'off' });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect(textOf((await counsellor.get('/account')).body)).toContain('Off: signing in asks only for your password.');
    const page = await counsellor.get('/account/second-factor');
    expect(textOf(page.body)).toContain('With two-step sign-in a stolen password alone does not open your account');
    const before = counsellor.cookies.get('uniondesk_session');
    const { secret } = await enrol(counsellor);
    // The session is rotated, and still signed in.
    expect(counsellor.cookies.get('uniondesk_session')).not.toBe(before);
    expect((await counsellor.get('/cases')).statusCode).toBe(200);

    t.clock.advance(STEP_MS);
    const agent = await passwordStep('counsellor@demo.test');
    expect((await agent.get('/cases')).headers.location).toBe('/login/code');
    const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now()) });
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/cases')).statusCode).toBe(200);
  });
});

describe('signing in with a second factor', () => {
  /** A supervisor with a second factor, signed out, 30 seconds after setting it up. */
  async function enrolledSupervisor(env: Record<string, string> = REQUIRED) {
    t = await createTestApp(env);
    const agent = await passwordStep('supervisor@demo.test');
    const enrolled = await enrol(agent);
    await agent.post('/logout');
    t.clock.advance(STEP_MS);
    return enrolled;
  }

  it('asks for the code after the password; the right code signs in, and only then is login audited', async () => {
    const { secret } = await enrolledSupervisor();
    const id = userIdOf('supervisor@demo.test');
    const audited = auditOf(id).length;
    const agent = await passwordStep('supervisor@demo.test');
    const half = agent.cookies.get('uniondesk_session');
    expect((await agent.get('/')).headers.location).toBe('/login/code');
    const page = await agent.get('/login/code');
    expect(textOf(page.body)).toContain('Enter your code');
    expect(page.body).not.toContain('href="/cases"');
    expect(auditOf(id).slice(audited)).toEqual([]);

    const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    // A new session for the signed-in state; the half-signed one is gone.
    expect(agent.cookies.get('uniondesk_session')).not.toBe(half);
    expect((await t.app.inject({ url: '/', headers: { cookie: `uniondesk_session=${half}` } })).headers.location).toBe('/login');
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Grace Okafor');
    expect(auditOf(id).slice(audited).map((r) => r.action)).toEqual(['login']);
  });

  it('does not show the second step to a browser that has not passed the password', async () => {
    await enrolledSupervisor();
    const agent = new Agent(t.app);
    const res = await agent.get('/login/code');
    expect(res.headers.location).toBe('/login?expired=1');
  });

  it.each([
    ['the previous', -STEP_MS],
    ['the next', STEP_MS],
  ])('accepts the code of %s 30-second step (a phone clock a little off)', async (_which, offset) => {
    const { secret } = await enrolledSupervisor();
    t.clock.advance(STEP_MS);
    const agent = await passwordStep('supervisor@demo.test');
    const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now() + offset) });
    expect(res.headers.location).toBe('/');
    expect(textOf((await agent.get('/')).body)).toContain('Hello, Grace Okafor');
  });

  it.each([
    ['two steps behind', -2 * STEP_MS],
    ['two steps ahead', 2 * STEP_MS],
  ])('refuses a code %s', async (_which, offset) => {
    const { secret } = await enrolledSupervisor();
    t.clock.advance(2 * STEP_MS);
    const agent = await passwordStep('supervisor@demo.test');
    const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now() + offset) });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('That code is wrong.');
    expect((await agent.get('/')).headers.location).toBe('/login/code');
  });

  it('answers bad input at the code step with 422 and a message, never a 5xx, and stays half signed in', async () => {
    await enrolledSupervisor();
    const agent = await passwordStep('supervisor@demo.test');
    const cases: [Record<string, string | string[]>, string][] = [
      [{ otp: '' }, 'Fill this in.'],
      [{ otp: '   ' }, 'Fill this in.'],
      [{}, 'This value is not valid.'],
      [{ otp: '1'.repeat(65) }, 'This is too long.'],
      [{ otp: ['123456', '654321'] }, 'This value is not valid.'],
      [{ otp: '12\u0000456' }, 'That code is wrong.'],
      [{ otp: '١٢٣٤٥٦' }, 'That code is wrong.'],
      [{ otp: '<script>alert(1)</script>' }, 'That code is wrong.'],
    ];
    for (const [form, message] of cases) {
      const res = await agent.post('/login/code', form);
      expect(res.statusCode, JSON.stringify(form)).toBe(422);
      expect(textOf(res.body), JSON.stringify(form)).toContain(message);
      expect(res.body).not.toContain('<script>alert(1)');
      // What was typed is not given back: a code is not text to copy.
      expect(res.body, JSON.stringify(form)).not.toContain('value="1111111111');
      if ((await agent.get('/login/code')).statusCode !== 200) throw new Error('no longer half signed in');
    }
    expect((await agent.get('/cases')).headers.location).toBe('/login/code');
  });

  it('refuses a code that was used already, also in another browser', async () => {
    const { secret } = await enrolledSupervisor();
    const code = codeAt(secret, t.clock.now());
    const first = await passwordStep('supervisor@demo.test');
    expect((await first.post('/login/code', { otp: code })).headers.location).toBe('/');
    const second = await passwordStep('supervisor@demo.test');
    const res = await second.post('/login/code', { otp: code });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('That code has already been used. Wait for the next code');
    // Nor the code of the step before, once a later one was used.
    const older = await second.post('/login/code', { otp: codeAt(secret, t.clock.now() - STEP_MS) });
    expect(older.statusCode).toBe(422);
    t.clock.advance(STEP_MS);
    expect((await second.post('/login/code', { otp: codeAt(secret, t.clock.now()) })).headers.location).toBe('/');
  });

  it('takes a recovery code once, in any case and spacing, and says so', async () => {
    const { codes } = await enrolledSupervisor();
    const id = userIdOf('supervisor@demo.test');
    const agent = await passwordStep('supervisor@demo.test');
    const res = await agent.post('/login/code', { otp: ` ${codes[3]!.toLowerCase().replace('-', ' ')} ` });
    expect(res.headers.location).toBe('/account/second-factor?notice=recoveryCodeUsed');
    const page = textOf((await agent.get(res.headers.location as string)).body);
    expect(page).toContain('You signed in with a recovery code. That code no longer works.');
    expect(page).toContain('9 of 10 recovery codes unused.');
    expect(auditOf(id).at(-1)).toMatchObject({ action: 'login', fields: ['recovery_code'] });

    const again = await passwordStep('supervisor@demo.test');
    const refused = await again.post('/login/code', { otp: codes[3]! });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('That code is wrong.');
    expect((await again.post('/login/code', { otp: codes[4]! })).headers.location).toBe('/account/second-factor?notice=recoveryCodeUsed');
    expect(t.db.select().from(recoveryCodes).all().filter((r) => r.usedAt !== null)).toHaveLength(2);
  });

  it('makes ten new recovery codes after a current code; the old ones stop working', async () => {
    const { secret, codes: old } = await enrolledSupervisor();
    const id = userIdOf('supervisor@demo.test');
    const { agent } = await signInWithCode('supervisor@demo.test', secret);
    const hashes = () => t.db.select().from(recoveryCodes).all().map((r) => r.codeHash);
    const before = hashes();

    // The code just used to sign in is spent; a wrong one, or none, changes nothing.
    for (const otp of [codeAt(secret, t.clock.now()), '', 'ABCDE-FGHIJ']) {
      const res = await agent.post('/account/second-factor/recovery-codes', { otp });
      expect(res.statusCode, otp).toBe(422);
      expect(codesOnPage(res.body)).toEqual([]);
    }
    expect(hashes()).toEqual(before);

    t.clock.advance(STEP_MS);
    const res = await agent.post('/account/second-factor/recovery-codes', { otp: codeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Your recovery codes');
    const fresh = codesOnPage(res.body);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(hashes()).toHaveLength(10);
    expect(hashes().filter((h) => before.includes(h))).toEqual([]);
    expect(auditOf(id).at(-1)).toMatchObject({ action: 'update', fields: ['recoveryCodes'] });

    await agent.post('/logout');
    const stale = await passwordStep('supervisor@demo.test');
    expect((await stale.post('/login/code', { otp: old[0]! })).statusCode).toBe(422);
    expect((await stale.post('/login/code', { otp: fresh[0]! })).headers.location).toBe('/account/second-factor?notice=recoveryCodeUsed');
  });

  it('locks the second step of the account for 15 minutes after 5 wrong codes, each audited', async () => {
    const { secret } = await enrolledSupervisor();
    const id = userIdOf('supervisor@demo.test');
    const agent = await passwordStep('supervisor@demo.test');
    const right = codeAt(secret, t.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/login/code', { otp: i === 4 ? 'ABCDE-FGHIJ' : wrong });
      expect(res.statusCode).toBe(422);
    }
    const locked = await agent.post('/login/code', { otp: right });
    expect(locked.statusCode).toBe(429);
    expect(textOf(locked.body)).toContain('Too many wrong codes for this account. Wait 15 minutes');
    expect(auditOf(id).filter((r) => r.action === 'login_failed').map((r) => r.fields)).toEqual(Array(5).fill(['second_factor']));
    expect((await agent.get('/')).headers.location).toBe('/login/code');

    // Another browser, with the password, is locked out of the second step all the same.
    t.clock.advance(14 * 60_000 + 59_000);
    const later = await passwordStep('supervisor@demo.test');
    expect((await later.post('/login/code', { otp: codeAt(secret, t.clock.now()) })).statusCode).toBe(429);

    t.clock.advance(1_000);
    const after = await passwordStep('supervisor@demo.test');
    const res = await after.post('/login/code', { otp: codeAt(secret, t.clock.now()) });
    expect(res.headers.location).toBe('/');
    expect(textOf((await after.get('/')).body)).toContain('Hello, Grace Okafor');
  });

  it('ends the half-signed session 5 minutes after the password', async () => {
    const { secret } = await enrolledSupervisor();
    const agent = await passwordStep('supervisor@demo.test');
    t.clock.advance(5 * 60_000 - 1_000);
    expect((await agent.get('/login/code')).statusCode).toBe(200);
    t.clock.advance(1_000);
    const res = await agent.post('/login/code', { otp: codeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(303);
    // The session ended, and the code form's token with it: sent to sign in again, told why.
    expect(res.headers.location).toBe('/login?ended=1');
    expect(textOf((await agent.get('/login?ended=1')).body)).toContain('Your session had ended, so what you sent was not saved. Sign in again.');
    expect(textOf((await agent.get('/login?expired=1')).body)).toContain('Your sign-in was not finished within 5 minutes. Sign in again.');
    expect((await agent.get('/')).headers.location).toBe('/login');
    expect(t.db.select().from(sessions).all()).toEqual([]);
    expect(auditOf(userIdOf('supervisor@demo.test')).at(-1)?.action).not.toBe('login');
  });

  it('sends a supervisor signed in before the policy required a second factor to set one up', async () => {
    t = await createTestApp(REQUIRED);
    // A session begun while SECOND_FACTOR was off: signed in, with nothing pending.
    const id = await write(t.db, (tx) => startSession(tx, demo(t.db).supervisor.id, 'test', t.clock.now()).cookieValue);
    const res = await t.app.inject({ url: '/cases', headers: { cookie: `uniondesk_session=${id}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/second-factor');
  });
});

describe('an administrator resets a second factor', () => {
  it('after a confirmation page: audited, the user is signed out everywhere and sets up a new one at the next sign-in', async () => {
    t = await createTestApp(REQUIRED);
    const admin = await passwordStep('admin@demo.test');
    await enrol(admin);
    const supervisor = await passwordStep('supervisor@demo.test');
    const { secret } = await enrol(supervisor);
    const { supervisor: target, admin: adminRow } = demo(t.db);

    const form = await admin.get(`/admin/users/${target.id}`);
    expect(textOf(form.body)).toContain('On since 24 Nov 2026; 10 of 10 recovery codes unused.');
    expect(textOf(form.body)).toContain('Required for this role');
    const confirm = await admin.get(`/admin/users/${target.id}/second-factor/reset`);
    expect(textOf(confirm.body)).toContain('Reset the second factor of Grace Okafor?');
    expect(t.db.select().from(secondFactors).all()).toHaveLength(2);

    const res = await admin.post(`/admin/users/${target.id}/second-factor/reset`);
    expect(res.statusCode).toBe(303);
    expect(textOf((await admin.get(res.headers.location as string)).body)).toContain('The second factor has been reset and the user signed out everywhere.');
    expect(t.db.select().from(secondFactors).all().map((f) => f.userId)).toEqual([adminRow.id]);
    expect(t.db.select().from(recoveryCodes).all().filter((r) => r.userId === target.id)).toEqual([]);
    expect(auditOf(target.id).at(-1)).toMatchObject({ userId: adminRow.id, action: 'update', fields: ['secondFactor'] });
    // The supervisor's session has ended.
    expect((await supervisor.get('/')).headers.location).toBe('/login');
    expect(t.db.select().from(sessions).all().filter((s) => s.userId === target.id)).toEqual([]);
    // The old authenticator no longer signs in: the password leads to setting up a new one.
    t.clock.advance(STEP_MS);
    const again = await passwordStep('supervisor@demo.test');
    expect((await again.get('/login/code')).headers.location).toBe('/account/second-factor');
    expect((await again.post('/login/code', { otp: codeAt(secret, t.clock.now()) })).headers.location).toBe('/account/second-factor');
    const fresh = await enrol(again);
    expect(fresh.secret).not.toBe(secret);
  });

  it('is refused to anyone but an administrator, and a user without a second factor has none to reset', async () => {
    t = await createTestApp({ SECOND_FACTOR: 'off' });
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await enrol(counsellor);
    const { counsellor: target, counsellor2 } = demo(t.db);
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect((await supervisor.post(`/admin/users/${target.id}/second-factor/reset`)).statusCode).toBe(403);
    expect(t.db.select().from(secondFactors).all()).toHaveLength(1);

    const admin = await signIn(t.app, 'admin@demo.test');
    expect(textOf((await admin.get(`/admin/users/${counsellor2.id}`)).body)).toContain('Not set up. Not required for this role.');
    expect((await admin.get(`/admin/users/${counsellor2.id}/second-factor/reset`)).statusCode).toBe(404);
    expect((await admin.post(`/admin/users/${counsellor2.id}/second-factor/reset`)).statusCode).toBe(404);
    expect(t.db.select().from(secondFactors).all()).toHaveLength(1);
    expect((await counsellor.get('/cases')).statusCode).toBe(200);
  });
});
