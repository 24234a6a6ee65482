import { afterEach, describe, expect, it } from 'vitest';
import type { Mail, Mailer } from '../../src/mail/mailer.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';
import { demo, makeCase } from '../helpers/factories.js';

/** Issue 12, security review (c): an administrator reaches no case content by creating or changing an account. */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PASSWORD = 'correct horse battery';
const newUser = (over: Record<string, string | string[]> = {}) => ({
  displayName: 'Ioana Popescu',
  email: 'ioana@desk.example',
  role: 'counsellor',
  contactPointIds: String(demo(t!.db).ldn.id),
  languages: 'en, ro',
  locale: 'en',
  active: 'on',
  ...over,
});
const userId = (email: string) => (t!.db.$client.prepare('select id from users where email = ?').get(email) as { id: string }).id;
const row = (email: string) =>
  t!.db.$client.prepare('select role, awaiting_confirmation as awaiting, password_hash is not null as hasPassword from users where email = ?').get(email);
const openTokens = () => (t!.db.$client.prepare('select count(*) as n from password_tokens where used_at is null').get() as { n: number }).n;
const linkIn = (text: string) => /\/set-password\/[A-Za-z0-9_-]+/.exec(text)?.[0];

async function setPassword(link: string) {
  const newcomer = new Agent(t!.app);
  const form = await newcomer.get(link);
  if (form.statusCode !== 200) return form;
  return newcomer.post('/set-password', { token: link.split('/').pop()!, password: PASSWORD, confirm: PASSWORD });
}

async function tryPassword(email: string, password = PASSWORD) {
  const agent = new Agent(t!.app);
  await agent.get('/login');
  return agent.post('/login', { email, password });
}

/** The link a supervisor issues from Supervision → Accounts, as the page shows it. */
async function supervisorLink(supervisor: Agent, id: string) {
  const list = await supervisor.get('/supervision/accounts');
  expect(list.body).toContain(`/supervision/accounts/${id}/link`);
  const issued = await supervisor.post(`/supervision/accounts/${id}/link`);
  expect(issued.statusCode).toBe(200);
  return linkIn(issued.body);
}

function fakeMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { enabled: true, sent, async send(mail) { sent.push(mail); }, close() {} };
}

describe('accounts with case access wait for a supervisor', () => {
  it('a new counsellor gets no link for the administrator; an LDN supervisor confirms (audited), then the link works', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const admin = await signIn(t.app, 'admin@demo.test');
    await admin.get('/admin/users/new');
    const created = await admin.post('/admin/users', newUser());
    expect(created.statusCode).toBe(201);
    const text = textOf(created.body);
    expect(text).toContain('Ioana Popescu has been created');
    expect(text).toContain('a supervisor of London Migrant Workers Desk confirms it first');
    expect(linkIn(created.body)).toBeUndefined();
    expect(openTokens()).toBe(0);
    expect(row('ioana@desk.example')).toEqual({ role: 'counsellor', awaiting: 1, hasPassword: 0 });
    const id = userId('ioana@desk.example');

    // Nor from the user's page: no button, and the route refuses.
    const page = await admin.get(`/admin/users/${id}`);
    expect(textOf(page.body)).toContain('has not confirmed it yet');
    expect(page.body).not.toContain('/password-link');
    expect(textOf((await admin.get('/admin/users')).body)).toMatch(/Ioana Popescu .* Awaiting a supervisor/);
    const refused = await admin.post(`/admin/users/${id}/password-link`);
    expect(refused.statusCode).toBe(404);
    expect(linkIn(refused.body)).toBeUndefined();
    expect(openTokens()).toBe(0);

    // Chicago's supervisor and an LDN counsellor cannot confirm it.
    const chicago = await signIn(t.app, 'supervisor2@demo.test');
    expect(textOf((await chicago.get('/supervision/accounts')).body)).toContain('No account waits for your confirmation.');
    expect((await chicago.post(`/supervision/accounts/${id}/confirm`)).statusCode).toBe(404);
    const colleague = await signIn(t.app, 'counsellor@demo.test');
    expect((await colleague.post(`/supervision/accounts/${id}/confirm`)).statusCode).toBe(403);
    expect(row('ioana@desk.example')).toMatchObject({ awaiting: 1 });

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect(textOf((await supervisor.get('/supervision')).body)).toContain('1 account waits for your confirmation');
    const list = await supervisor.get('/supervision/accounts');
    expect(textOf(list.body)).toMatch(/Ioana Popescu\s+ioana@desk\.example\s+Counsellor\s+London Migrant Workers Desk/);
    const confirmed = await supervisor.post(`/supervision/accounts/${id}/confirm`);
    expect(confirmed.statusCode).toBe(303);
    expect(textOf((await supervisor.get(confirmed.headers.location as string)).body)).toContain('Account confirmed.');
    expect(row('ioana@desk.example')).toMatchObject({ awaiting: 0 });
    expect(t.db.$client.prepare("select user_id as who, fields from audit_log where target_type = 'user' and target_id = ? and action = 'update'").all(id)).toEqual([
      { who: d.supervisor.id, fields: '["confirmed"]' },
    ]);

    // Without e-mail, the supervisor now issues the link from the same page, and Ioana signs in to her desk.
    const link = await supervisorLink(supervisor, id);
    expect(link).toBeTruthy();
    expect((await setPassword(link!)).statusCode).toBe(303);
    const ioana = await signIn(t.app, 'ioana@desk.example', PASSWORD);
    expect(textOf((await ioana.get('/')).body)).toContain('Hello, Ioana Popescu');
    expect((await ioana.get('/cases')).statusCode).toBe(200);
  });

  it('an account changed to case access is signed out, cannot sign in or use an earlier link until confirmed', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const admin = await signIn(t.app, 'admin@demo.test');
    // The administrator creates a coordinator (no case access: the link is shown), uses the link themselves…
    await admin.get('/admin/users/new');
    const first = await admin.post('/admin/users', newUser({ role: 'coordinator', contactPointIds: [] }));
    expect((await setPassword(linkIn(first.body)!)).statusCode).toBe(303);
    const id = userId('ioana@desk.example');
    await admin.get(`/admin/users/${id}`);
    const spare = linkIn((await admin.post(`/admin/users/${id}/password-link`)).body)!;
    const planted = await signIn(t.app, 'ioana@desk.example', PASSWORD);

    // …then makes the account a counsellor at London.
    const version = await admin.formVersion(`/admin/users/${id}`);
    expect((await admin.post(`/admin/users/${id}`, newUser({ version }))).statusCode).toBe(303);
    // The password set through a link the administrator saw is dropped with the change.
    expect(row('ioana@desk.example')).toEqual({ role: 'counsellor', awaiting: 1, hasPassword: 0 });
    const cases = await planted.get(`/cases/${kase.id}`);
    expect(cases.statusCode).toBe(303);
    expect(cases.headers.location).toBe('/login');
    const refused = await tryPassword('ioana@desk.example');
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Email or password is wrong.');
    expect((await setPassword(spare)).statusCode).toBe(404);
    expect(openTokens()).toBe(0);

    // Confirmed by London's supervisor, the old password still opens nothing; the link the supervisor issues does.
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    await supervisor.get('/supervision/accounts');
    expect((await supervisor.post(`/supervision/accounts/${id}/confirm`)).statusCode).toBe(303);
    expect(textOf((await tryPassword('ioana@desk.example')).body)).toContain('Email or password is wrong.');
    await admin.get(`/admin/users/${id}`);
    expect((await admin.post(`/admin/users/${id}/password-link`)).statusCode).toBe(409);
    const link = await supervisorLink(supervisor, id);
    expect((await setPassword(link!)).statusCode).toBe(303);
    const ioana = await signIn(t.app, 'ioana@desk.example', PASSWORD);
    expect((await ioana.get(`/cases/${kase.id}`)).statusCode).toBe(200);
  });

  it('with e-mail on, the link goes only to the user’s address: at confirmation and when the administrator issues one', async () => {
    const mailer = fakeMailer();
    t = await createTestApp({ SMTP_URL: 'smtp://mail.example.org:25' }, { mailer });
    const admin = await signIn(t.app, 'admin@demo.test');
    await admin.get('/admin/users/new');
    expect(linkIn((await admin.post('/admin/users', newUser())).body)).toBeUndefined();
    const id = userId('ioana@desk.example');
    expect(mailer.sent).toHaveLength(0);

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    await supervisor.get('/supervision/accounts');
    await supervisor.post(`/supervision/accounts/${id}/confirm`);
    expect(mailer.sent.map((m) => m.to)).toEqual(['ioana@desk.example']);
    expect(mailer.sent[0]!.subject).toBe('Your UnionDesk sign-in link');
    const mailed = linkIn(mailer.sent[0]!.text)!;
    expect(mailer.sent[0]!.text).toContain(`http://localhost:3000${mailed}`);

    await admin.get(`/admin/users/${id}`);
    const reissued = await admin.post(`/admin/users/${id}/password-link`);
    expect(textOf(reissued.body)).toContain('A one-time link has been sent to ioana@desk.example');
    expect(linkIn(reissued.body)).toBeUndefined();
    expect(mailer.sent).toHaveLength(2);
    // Only the newest mailed link works.
    expect((await setPassword(mailed)).statusCode).toBe(404);
    expect((await setPassword(linkIn(mailer.sent[1]!.text)!)).statusCode).toBe(303);
    expect((await tryPassword('ioana@desk.example')).statusCode).toBe(303);
  });
});

describe('the sign-in link of an account with case access is never shown to an administrator', () => {
  it('without e-mail: the administrator gets no link for a confirmed counsellor; the desk’s supervisor issues one (audited) and it works', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const kase = makeCase(t.db, { contactPointId: d.ldn.id, createdBy: d.counsellor.id }, t.clock.now());
    const admin = await signIn(t.app, 'admin@demo.test');
    const page = await admin.get(`/admin/users/${d.counsellor.id}`);
    expect(textOf(page.body)).toContain('a supervisor of London Migrant Workers Desk issues it, on their Accounts page');
    expect(page.body).not.toContain('/password-link');
    const refused = await admin.post(`/admin/users/${d.counsellor.id}/password-link`);
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('its sign-in link is issued by a supervisor of its contact points');
    expect(linkIn(refused.body)).toBeUndefined();
    expect(t.db.$client.prepare('select count(*) as n from password_tokens').get()).toEqual({ n: 0 });
    // Nor for the supervisor's own account.
    expect((await admin.post(`/admin/users/${d.supervisor.id}/password-link`)).statusCode).toBe(409);
    expect(t.db.$client.prepare('select count(*) as n from password_tokens').get()).toEqual({ n: 0 });

    // Chicago's supervisor does not see London's counsellor and cannot issue her link; a counsellor cannot either.
    const chicago = await signIn(t.app, 'supervisor2@demo.test');
    expect((await chicago.get('/supervision/accounts')).body).not.toContain(d.counsellor.id);
    const foreign = await chicago.post(`/supervision/accounts/${d.counsellor.id}/link`);
    expect(foreign.statusCode).toBe(404);
    expect(linkIn(foreign.body)).toBeUndefined();
    const colleague = await signIn(t.app, 'counsellor2@demo.test');
    expect((await colleague.post(`/supervision/accounts/${d.counsellor.id}/link`)).statusCode).toBe(403);
    expect(t.db.$client.prepare('select count(*) as n from password_tokens').get()).toEqual({ n: 0 });

    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect(textOf((await supervisor.get('/supervision')).body)).toContain('Accounts and sign-in links');
    const list = await supervisor.get('/supervision/accounts');
    expect(textOf(list.body)).toMatch(/Sign-in links .* Amira Haddad\s+counsellor@demo\.test\s+Counsellor\s+London Migrant Workers Desk\s+Issue a sign-in link for Amira Haddad/);
    // Never their own account.
    expect(list.body).not.toContain(`/supervision/accounts/${d.supervisor.id}/link`);
    expect((await supervisor.post(`/supervision/accounts/${d.supervisor.id}/link`)).statusCode).toBe(404);
    const link = (await supervisorLink(supervisor, d.counsellor.id))!;
    expect(link).toBeTruthy();
    expect(t.db.$client.prepare("select user_id as who, fields, client_address is not null as addressed from audit_log where target_type = 'user' and target_id = ? and action = 'update'").all(d.counsellor.id)).toEqual([
      { who: d.supervisor.id, fields: '["passwordLink"]', addressed: 1 },
    ]);
    expect((await setPassword(link)).statusCode).toBe(303);
    const amira = await signIn(t.app, 'counsellor@demo.test', PASSWORD);
    expect((await amira.get(`/cases/${kase.id}`)).statusCode).toBe(200);
  });

  it('with e-mail on, the administrator’s link for a confirmed counsellor goes only to the mailer', async () => {
    const mailer = fakeMailer();
    t = await createTestApp({ SMTP_URL: 'smtp://mail.example.org:25' }, { mailer });
    const d = demo(t.db);
    const admin = await signIn(t.app, 'admin@demo.test');
    const page = await admin.get(`/admin/users/${d.counsellor.id}`);
    expect(page.body).toContain(`/admin/users/${d.counsellor.id}/password-link`);
    const sent = await admin.post(`/admin/users/${d.counsellor.id}/password-link`);
    expect(textOf(sent.body)).toContain('A one-time link has been sent to counsellor@demo.test');
    expect(linkIn(sent.body)).toBeUndefined();
    expect(mailer.sent.map((m) => m.to)).toEqual(['counsellor@demo.test']);
    expect((await setPassword(linkIn(mailer.sent[0]!.text)!)).statusCode).toBe(303);

    // The supervisor's button mails it too.
    const supervisor = await signIn(t.app, 'supervisor@demo.test');
    expect(await supervisorLink(supervisor, d.counsellor.id)).toBeUndefined();
    expect(mailer.sent.map((m) => m.to)).toEqual(['counsellor@demo.test', 'counsellor@demo.test']);
  });

  it('accounts without case access still get the administrator’s link, without e-mail', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const admin = await signIn(t.app, 'admin@demo.test');
    for (const who of [d.coordinator, d.admin]) {
      const page = await admin.get(`/admin/users/${who.id}`);
      expect(page.body).toContain(`/admin/users/${who.id}/password-link`);
      const link = linkIn((await admin.post(`/admin/users/${who.id}/password-link`)).body);
      expect(link).toBeTruthy();
      expect((await new Agent(t.app).get(link!)).statusCode).toBe(200);
    }
    expect(t.db.$client.prepare('select count(*) as n from password_tokens where used_at is null').get()).toEqual({ n: 2 });
  });
});

describe('no one raises their own role', () => {
  it('an administrator cannot change their own role; the account stays as it was', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    const admin = await signIn(t.app, 'admin@demo.test');
    for (const role of ['supervisor', 'counsellor']) {
      const version = await admin.formVersion(`/admin/users/${d.admin.id}`);
      const res = await admin.post(`/admin/users/${d.admin.id}`, newUser({ email: 'admin@demo.test', displayName: 'Tom Becker', role, version }));
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('You cannot disable yourself or change your own role.');
    }
    expect(row('admin@demo.test')).toEqual({ role: 'admin', awaiting: 0, hasPassword: 1 });
    expect(t.db.$client.prepare('select count(*) as n from user_contact_points where user_id = ?').get(d.admin.id)).toEqual({ n: 0 });
  });

  it('a supervisor or counsellor can make no one an administrator, themselves included', async () => {
    t = await createTestApp();
    const d = demo(t.db);
    for (const email of ['supervisor@demo.test', 'counsellor@demo.test']) {
      const agent = await signIn(t.app, email);
      for (const target of [d.supervisor, d.counsellor]) {
        const res = await agent.post(`/admin/users/${target.id}`, newUser({ email: target.email, displayName: target.displayName, role: 'admin', contactPointIds: [], version: String(target.version) }));
        expect(res.statusCode).toBe(403);
        expect(textOf(res.body)).toContain('You do not have access to this page');
      }
      // The account page takes a password, never a role.
      await agent.get('/account');
      expect((await agent.postRaw('/account', { _csrf: agent.csrf, role: 'admin' })).statusCode).toBe(404);
    }
    expect([row('supervisor@demo.test'), row('counsellor@demo.test')]).toEqual([
      { role: 'supervisor', awaiting: 0, hasPassword: 1 },
      { role: 'counsellor', awaiting: 0, hasPassword: 1 },
    ]);
  });
});
