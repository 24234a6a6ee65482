import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUser, setUserContactPoints } from '../../src/users/users.repo.js';
import { Agent, createTestApp, DEMO_PASSWORD, textOf, type TestApp } from '../helpers/app.js';
import { demo } from '../helpers/factories.js';

/**
 * Issue 12, item 9: sign-in is limited by failures only — 5 per account, 30 per client address, in 15 minutes — so
 * an office behind one address all signs in at nine. app.inject arrives from 127.0.0.1 unless told otherwise.
 */
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function attempt(agent: Agent, email: string, password: string, remoteAddress = '127.0.0.1') {
  if (!agent.csrf) await agent.get('/login');
  return agent.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    payload: new URLSearchParams({ _csrf: agent.csrf, email, password }).toString(),
    headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Forty counsellors of the London desk, with the demo password. */
function office(n = 40): string[] {
  const d = demo(t.db);
  const emails = Array.from({ length: n }, (_, i) => `colleague${i + 1}@desk.example`);
  t.db.transaction((tx) => {
    for (const email of emails) {
      const user = insertUser(tx, { id: randomUUID(), email, displayName: email, role: 'counsellor', languages: ['en'], passwordHash: d.counsellor.passwordHash, createdAt: t.clock.now() });
      setUserContactPoints(tx, user.id, [d.ldn.id]);
    }
  });
  return emails;
}

const addressCount = () => t.db.$client.prepare('select address, failures from login_address_throttle').all();

describe('sign-in limits count failures only', () => {
  it('signs in 40 counsellors from one address within a minute, and still locks an account after 5 wrong passwords', async () => {
    const emails = office();
    const statuses: number[] = [];
    for (const [i, email] of emails.entries()) {
      t.clock.set(new Date(Date.parse('2026-11-24T09:00:00Z') + i * 1_000));
      const agent = new Agent(t.app);
      const res = await attempt(agent, email, DEMO_PASSWORD);
      statuses.push(res.statusCode);
      if (res.statusCode === 303) for (const c of res.cookies) agent.cookies.set(c.name, c.value);
      if (i === emails.length - 1) expect(textOf((await agent.get('/')).body)).toContain(`Hello, ${email}`);
    }
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    expect(t.db.$client.prepare("select count(*) as n from audit_log where action = 'login'").get()).toEqual({ n: 40 });
    expect(addressCount()).toEqual([]);

    // Six wrong passwords for one of them: five are wrong, the sixth is refused for the account.
    const agent = new Agent(t.app);
    const wrong: number[] = [];
    for (let i = 0; i < 6; i++) wrong.push((await attempt(agent, emails[0]!, `not-the-password-${i}`)).statusCode);
    expect(wrong).toEqual([422, 422, 422, 422, 422, 429]);
    const locked = await attempt(agent, emails[0]!, DEMO_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(textOf(locked.body)).toContain('Too many failed attempts for this account');
    // The rest of the office signs in all the same.
    expect((await attempt(new Agent(t.app), emails[1]!, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('refuses every sign-in from an address after 30 failures, the right password too, until 15 minutes after the first', async () => {
    const emails = office(31);
    t.clock.set(new Date('2026-11-24T09:00:00Z'));
    const agent = new Agent(t.app);
    // Successes between the failures neither count nor wipe the count.
    for (let i = 0; i < 30; i++) {
      expect((await attempt(agent, emails[i]!, 'a wrong guess')).statusCode).toBe(422);
      if (i % 10 === 0) expect((await attempt(new Agent(t.app), 'counsellor@demo.test', DEMO_PASSWORD)).statusCode).toBe(303);
    }
    expect(addressCount()).toEqual([{ address: '127.0.0.1', failures: 30 }]);
    const refused = await attempt(agent, emails[30]!, DEMO_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('900');
    expect(textOf(refused.body)).toContain('Too many failed sign-ins from this network. Wait 15 minutes and try again');
    expect(refused.cookies.find((c) => c.name.endsWith('uniondesk_session'))).toBeUndefined();
    // Another address is not affected.
    expect((await attempt(new Agent(t.app), emails[30]!, DEMO_PASSWORD, '198.51.100.7')).statusCode).toBe(303);

    t.clock.set(new Date('2026-11-24T09:14:59Z'));
    expect((await attempt(agent, emails[30]!, DEMO_PASSWORD)).statusCode).toBe(429);
    t.clock.set(new Date('2026-11-24T09:15:00Z'));
    expect((await attempt(agent, emails[30]!, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('forgets the addresses whose window has ended', async () => {
    t.clock.set(new Date('2026-11-24T09:00:00Z'));
    await attempt(new Agent(t.app), 'nobody@desk.example', 'wrong', '198.51.100.1');
    await attempt(new Agent(t.app), 'nobody@desk.example', 'wrong', '198.51.100.2');
    t.clock.set(new Date('2026-11-24T09:20:00Z'));
    await attempt(new Agent(t.app), 'nobody@desk.example', 'wrong', '198.51.100.3');
    expect(addressCount()).toEqual([{ address: '198.51.100.3', failures: 1 }]);
  });
});
