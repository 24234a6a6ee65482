import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { contactPoints } from '../../src/contact-points/contact-points.table.js';
import { users } from '../../src/users/users.table.js';
import { Agent, createTestApp, signIn, textOf, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin@demo.test');
});
afterEach(async () => {
  await t.close();
});

const ldnId = () => t.db.$client.prepare("select id from contact_points where ref_prefix = 'LDN'").get() as { id: number };
const newUser = (over: Record<string, string | string[]> = {}) => ({
  displayName: 'Ioana Popescu',
  email: 'ioana@desk.example',
  role: 'counsellor',
  contactPointIds: String(ldnId().id),
  languages: 'en, ro',
  locale: 'en',
  active: 'on',
  ...over,
});

function linkFrom(html: string): string {
  const m = /value="https?:\/\/[^"]+(\/set-password\/[^"]+)"/.exec(html);
  if (!m) throw new Error('no link on the page');
  return m[1]!;
}

describe('user administration', () => {
  it('creates a user without case access, shows a one-time link, and the user sets a password and signs in', async () => {
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users', newUser({ role: 'coordinator' }));
    expect(res.statusCode).toBe(201);
    expect(textOf(res.body)).toContain('Ioana Popescu has been created');
    const link = linkFrom(res.body);

    const newcomer = new Agent(t.app);
    const form = await newcomer.get(link);
    expect(textOf(form.body)).toContain('Choose a password for ioana@desk.example');
    const token = link.split('/').pop()!;
    const set = await newcomer.post('/set-password', { token, password: 'correct horse battery', confirm: 'correct horse battery' });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/login?passwordSet=1');

    const signedIn = await signIn(t.app, 'ioana@desk.example', 'correct horse battery');
    expect(textOf((await signedIn.get('/')).body)).toContain('Hello, Ioana Popescu');

    // The link works once.
    expect((await new Agent(t.app).get(link)).statusCode).toBe(404);
    expect(textOf((await new Agent(t.app).get(link)).body)).toContain('This link does not work');
  });

  it('stores only a hash of the link token', async () => {
    await admin.get('/admin/users/new');
    const token = linkFrom((await admin.post('/admin/users', newUser({ role: 'coordinator' }))).body).split('/').pop()!;
    const stored = t.db.$client.prepare('select token_hash from password_tokens').all() as { token_hash: string }[];
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    expect(stored).toHaveLength(1);
  });

  it('expires the link after 24 hours', async () => {
    t.clock.set(new Date('2026-11-24T09:00:00Z'));
    admin = await signIn(t.app, 'admin@demo.test');
    await admin.get('/admin/users/new');
    const link = linkFrom((await admin.post('/admin/users', newUser({ role: 'coordinator' }))).body);
    t.clock.set(new Date('2026-11-25T08:59:00Z'));
    const valid = await new Agent(t.app).get(link);
    expect(valid.statusCode).toBe(200);
    expect(textOf(valid.body)).toContain('Choose a password for ioana@desk.example');
    t.clock.set(new Date('2026-11-25T09:01:00Z'));
    const expired = await new Agent(t.app).get(link);
    expect(expired.statusCode).toBe(404);
    expect(textOf(expired.body)).toContain('This link does not work');
    // Nor can the expired link still set a password.
    const late = new Agent(t.app);
    const set = await late.post('/set-password', { token: link.split('/').pop()!, password: 'correct horse battery', confirm: 'correct horse battery' });
    expect(set.statusCode).toBe(404);
    expect(t.db.$client.prepare("select password_hash from users where email = 'ioana@desk.example'").get()).toEqual({ password_hash: null });
  });

  it('a new link replaces the old one', async () => {
    await admin.get('/admin/users/new');
    const first = linkFrom((await admin.post('/admin/users', newUser({ role: 'coordinator' }))).body);
    const id = (t.db.$client.prepare("select id from users where email='ioana@desk.example'").get() as { id: string }).id;
    await admin.get(`/admin/users/${id}`);
    const second = linkFrom((await admin.post(`/admin/users/${id}/password-link`)).body);
    const old = await new Agent(t.app).get(first);
    expect(old.statusCode).toBe(404);
    expect(textOf(old.body)).toContain('This link does not work');
    const current = await new Agent(t.app).get(second);
    expect(current.statusCode).toBe(200);
    expect(textOf(current.body)).toContain('Choose a password for ioana@desk.example');
    expect(t.db.$client.prepare('select count(*) as n from password_tokens where used_at is null').get()).toEqual({ n: 1 });
  });

  it('refuses an invalid user form with 422, a message per field, and saves nothing', async () => {
    const before = t.db.select().from(users).all().length;
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users', newUser({ email: 'not-an-email', displayName: '', role: 'boss', languages: 'english!!' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('There are 4 problems with this form');
    expect(text).toContain('Enter an email address like name@example.org.');
    expect(text).toContain('Fill this in.');
    expect(text).toContain('Choose a role from the list.');
    expect(text).toContain('Use language codes such as en, pl or pt-BR.');
    expect(res.body).toContain('value="not-an-email"');
    expect(t.db.select().from(users).all()).toHaveLength(before);
  });

  it('refuses a counsellor at two contact points, and a duplicate email', async () => {
    await admin.get('/admin/users/new');
    const cps = t.db.select().from(contactPoints).all().map((c) => String(c.id));
    let res = await admin.post('/admin/users', newUser({ contactPointIds: cps }));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('A counsellor works at exactly one contact point.');
    res = await admin.post('/admin/users', newUser({ email: 'Counsellor@demo.test' }));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Another user already has this email.');
  });

  it('disabling a user ends their access at once', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    expect((await counsellor.get('/')).statusCode).toBe(200);
    const id = (t.db.$client.prepare("select id from users where email='counsellor@demo.test'").get() as { id: string }).id;
    const version = await admin.formVersion(`/admin/users/${id}`);
    const res = await admin.post(`/admin/users/${id}`, newUser({ email: 'counsellor@demo.test', displayName: 'Amira Haddad', active: [], version }));
    expect(res.statusCode).toBe(303);
    const after = await counsellor.get('/');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/login');
    const list = textOf((await admin.get('/admin/users')).body);
    expect(list).toMatch(/Amira Haddad .* Disabled/);
  });

  it('audits user changes by field name, never values', async () => {
    await admin.get('/admin/users/new');
    await admin.post('/admin/users', newUser());
    const entry = t.db.select().from(auditLog).all().find((a) => a.targetType === 'user' && a.action === 'create')!;
    expect(entry.fields).toContain('email');
    expect(JSON.stringify(entry)).not.toContain('ioana@desk.example');
  });

  it('an administrator cannot disable themselves', async () => {
    const id = (t.db.$client.prepare("select id from users where email='admin@demo.test'").get() as { id: string }).id;
    const version = await admin.formVersion(`/admin/users/${id}`);
    const res = await admin.post(`/admin/users/${id}`, newUser({ email: 'admin@demo.test', displayName: 'Tom Becker', role: 'admin', contactPointIds: [], active: [], version }));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('You cannot disable yourself');
  });
});

describe('contact point administration', () => {
  const cp = (over: Record<string, string> = {}) => ({
    name: 'Melbourne Migrant Workers Centre',
    unionName: 'Victorian Trades Hall',
    country: 'au',
    city: 'Melbourne',
    address: '54 Victoria St, Carlton',
    email: '',
    phone: '',
    languages: 'en, zh, vi',
    services: 'wage recovery, visa advice referral',
    timezone: 'Australia/Melbourne',
    refPrefix: 'mel',
    active: 'on',
    ...over,
  });

  it('creates a contact point and lists it', async () => {
    await admin.get('/admin/contact-points/new');
    const res = await admin.post('/admin/contact-points', cp());
    expect(res.statusCode).toBe(303);
    const list = textOf((await admin.get('/admin/contact-points?notice=created')).body);
    expect(list).toContain('Melbourne Migrant Workers Centre');
    expect(list).toContain('MEL');
    expect(list).toContain('Australia');
  });

  it('refuses a bad country, time zone, prefix or a taken prefix with 422 and saves nothing', async () => {
    await admin.get('/admin/contact-points/new');
    let res = await admin.post('/admin/contact-points', cp({ country: 'XX', timezone: 'Mars/Olympus', refPrefix: 'm3l' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Enter a two-letter ISO 3166-1 country code');
    expect(text).toContain('Enter a time zone name such as Europe/London.');
    expect(text).toContain('Use 2 to 5 capital letters A–Z.');
    res = await admin.post('/admin/contact-points', cp({ refPrefix: 'LDN' }));
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Another contact point already uses this prefix.');
    expect(t.db.select().from(contactPoints).all()).toHaveLength(2);
  });

  it('deactivates a contact point, which then cannot take new users', async () => {
    const { id } = ldnId();
    const version = await admin.formVersion(`/admin/contact-points/${id}`);
    const res = await admin.post(`/admin/contact-points/${id}`, cp({ name: 'London Migrant Workers Desk', refPrefix: 'LDN', country: 'GB', timezone: 'Europe/London', active: '', version }));
    expect(res.statusCode).toBe(303);
    await admin.get('/admin/users/new');
    const created = await admin.post('/admin/users', newUser());
    expect(created.statusCode).toBe(422);
    expect(textOf(created.body)).toContain('Choose active contact points from the list.');
  });
});

describe('who may administer', () => {
  it.each(['counsellor@demo.test', 'supervisor@demo.test', 'coordinator@demo.test'])('%s gets 403 on the admin pages', async (email) => {
    const agent = await signIn(t.app, email);
    for (const url of ['/admin/users', '/admin/users/new', '/admin/contact-points']) {
      const res = await agent.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(textOf(res.body)).toContain('Not allowed');
    }
    const res = await agent.post('/admin/users', newUser());
    expect(res.statusCode).toBe(403);
    expect(t.db.select().from(users).all().some((u) => u.email === 'ioana@desk.example')).toBe(false);
  });

  it('a signed-out visitor is sent to the sign-in page', async () => {
    const res = await new Agent(t.app).get('/admin/users');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('shows each role only the navigation it may use', async () => {
    const nav = (html: string) => [.../<nav class="mainnav"[\s\S]*?<\/nav>/.exec(html)![0].matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]);
    // My account sits beside the user's name and sign-out (.whoami), so that the main navigation fits one row.
    const account = (html: string) => /<div class="whoami">[\s\S]*?<a class="whoami__link" href="\/account"/.test(html);
    const adminPage = (await admin.get('/')).body;
    const adminNav = nav(adminPage);
    expect(adminNav).toEqual(expect.arrayContaining(['/', '/admin/users', '/admin/contact-points']));
    expect(account(adminPage)).toBe(true);
    expect(adminNav).not.toContain('/cases');
    const counsellorPage = (await (await signIn(t.app, 'counsellor@demo.test')).get('/')).body;
    const counsellorNav = nav(counsellorPage);
    expect(counsellorNav).toEqual(expect.arrayContaining(['/', '/cases', '/cases/new']));
    expect(account(counsellorPage)).toBe(true);
    expect(counsellorNav).not.toContain('/admin/users');
    expect(counsellorNav).not.toContain('/admin/contact-points');
  });
});
