import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { Agent, createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';

/**
 * Issue 12, security review (a): the client address comes from X-Forwarded-For only when the request arrives from
 * a proxy named in TRUST_PROXY; otherwise a client could name its own address, in the audit log and to the sign-in
 * limit per address. (app.inject arrives from 127.0.0.1 unless told another remoteAddress.)
 */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const signInFrom = async (agent: Agent, forwardedFor: string, remoteAddress = '127.0.0.1', password = DEMO_PASSWORD, email = 'counsellor@demo.test') => {
  const res = await agent.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    payload: new URLSearchParams({ _csrf: agent.csrf, email, password }).toString(),
    headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
  });
  return res;
};
const recordedAddresses = () =>
  t!.db
    .select()
    .from(auditLog)
    .all()
    .filter((r) => r.action === 'login' || r.action === 'login_failed')
    .map((r) => r.clientAddress);

describe('the client address behind a proxy', () => {
  it('with an https BASE_URL and no TRUST_PROXY, ignores X-Forwarded-For: 35 sign-ins with forged addresses are all recorded from the real one', async () => {
    t = await createTestApp({ BASE_URL: 'https://desk.example.org' });
    const agent = new Agent(t.app);
    await agent.get('/login');
    for (let i = 0; i < 35; i++) expect((await signInFrom(agent, `203.0.113.${i + 1}`)).statusCode).toBe(303);
    const recorded = recordedAddresses();
    expect(recorded).toHaveLength(35);
    expect(new Set(recorded)).toEqual(new Set(['127.0.0.1']));
    // Wrong passwords, each from a new forged address, all count against the one real address.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signInFrom(agent, `198.51.100.${i + 1}`, '127.0.0.1', `wrong-${i}`, `user${i}@demo.test`)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 422)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(new Set(recordedAddresses())).toEqual(new Set(['127.0.0.1']));
  });

  it('with TRUST_PROXY=127.0.0.1, takes the address the proxy forwards, and ignores one sent by a client that connects directly', async () => {
    t = await createTestApp({ BASE_URL: 'https://desk.example.org', TRUST_PROXY: '127.0.0.1' });
    const agent = new Agent(t.app);
    await agent.get('/login');
    expect((await signInFrom(agent, '203.0.113.9')).statusCode).toBe(303);
    expect((await signInFrom(agent, '203.0.113.10', '198.51.100.7')).statusCode).toBe(303);
    expect(recordedAddresses()).toEqual(['203.0.113.9', '198.51.100.7']);
  });

  it('with TRUST_PROXY naming a range, believes each proxy in it, and takes the first address outside it', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    const agent = new Agent(t.app);
    await agent.get('/login');
    // The client forged 6.6.6.6 in front; the proxies in 10/8 appended the address they saw.
    expect((await signInFrom(agent, '6.6.6.6, 203.0.113.20, 10.1.2.3')).statusCode).toBe(303);
    expect(recordedAddresses()).toEqual(['203.0.113.20']);
  });
});
