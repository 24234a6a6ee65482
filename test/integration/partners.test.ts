import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/audit/audit.table.js';
import { partners } from '../../src/partners/partners.table.js';
import { createTestApp, signIn, textOf, versionOnPage, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let amira: Agent;
beforeEach(async () => {
  t = await createTestApp();
  amira = await signIn(t.app, 'counsellor@demo.test');
});
afterEach(async () => {
  await t.close();
});

const JCWI = 'JCWI – Joint Council for the Welfare of Immigrants';
const NIJC = 'National Immigrant Justice Center';
const byName = (name: string) => t.db.select().from(partners).where(eq(partners.name, name)).get();
const newPartner = (over: Record<string, string> = {}) => ({
  name: 'Praxis',
  kind: 'immigration_advice',
  country: 'gb',
  city: 'London',
  languages: 'en, pt, es',
  services: 'immigration advice, destitution support',
  contactName: 'Referrals',
  email: 'referrals@praxis.example',
  phone: '+44 20 7946 0999',
  address: 'Pott Street, London E2 0EF',
  notes: '',
  active: 'on',
  ...over,
});

describe('the partner directory', () => {
  it('is readable by everyone signed in, and holds the demo directory of both countries', async () => {
    for (const email of ['counsellor@demo.test', 'supervisor2@demo.test', 'admin@demo.test', 'coordinator@demo.test']) {
      const agent = await signIn(t.app, email);
      const page = await agent.get('/partners');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain(JCWI);
      expect(textOf(page.body)).toContain(NIJC);
    }
    expect((await t.app.inject({ url: '/partners' })).statusCode).toBe(303);
  });

  it('filters by kind, country, language and service', async () => {
    const text = async (query: string) => textOf((await amira.get(`/partners?${query}`)).body);
    const gbImmigration = await text('kind=immigration_advice&country=GB');
    expect(gbImmigration).toContain(JCWI);
    expect(gbImmigration).toContain('Kalayaan');
    expect(gbImmigration).not.toContain(NIJC);
    expect(gbImmigration).not.toContain('Work Rights Centre');

    const tagalog = await text('language=tl');
    expect(tagalog).toContain('Kalayaan');
    expect(tagalog).not.toContain(JCWI);

    const fees = await text('service=recruitment%20fees');
    expect(fees).toContain('Employment Agency Standards Inspectorate');
    expect(fees).toContain('Contratados.org');
    expect(fees).not.toContain(JCWI);

    // Unknown filter values are ignored, not an error.
    const odd = await amira.get('/partners?kind=astrology&country=ZZZ&language=%3Cscript%3E');
    expect(odd.statusCode).toBe(200);
    expect(textOf(odd.body)).toContain(JCWI);
  });

  it('answers an htmx filter with the table alone', async () => {
    const res = await amira.get('/partners?country=US', { 'hx-request': 'true' });
    expect(res.body.trimStart().startsWith('<div id="partner-table">')).toBe(true);
    expect(res.body).not.toContain('<html');
    expect(textOf(res.body)).toContain(NIJC);
    expect(textOf(res.body)).not.toContain(JCWI);
  });

  it('hides inactive partners from counsellors and shows them, marked, to administrators', async () => {
    expect(textOf((await amira.get('/partners')).body)).not.toContain('Migrant Workers Advice Line (closed)');
    const admin = await signIn(t.app, 'admin@demo.test');
    const text = textOf((await admin.get('/partners')).body);
    expect(text).toContain('Migrant Workers Advice Line (closed) Inactive');
  });

  it('shows a partner with its secure contact', async () => {
    const id = byName(JCWI)!.id;
    const text = textOf((await amira.get(`/partners/${id}`)).body);
    expect(text).toContain('Secure contact');
    expect(text).toContain('referrals@jcwi.example');
    expect(text).not.toContain('Edit');
    expect((await amira.get('/partners/999999')).statusCode).toBe(404);
    expect((await amira.get('/partners/abc')).statusCode).toBe(404);
  });
});

describe('administration of the directory', () => {
  it('an administrator adds a partner, with an audit entry naming the fields', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    expect((await admin.get('/partners/new')).statusCode).toBe(200);
    const res = await admin.post('/partners', newPartner());
    expect(res.statusCode).toBe(303);
    const saved = byName('Praxis')!;
    expect(saved).toMatchObject({ country: 'GB', languages: ['en', 'pt', 'es'], services: ['immigration advice', 'destitution support'], active: true });
    expect(res.headers.location).toBe(`/partners/${saved.id}?notice=created`);
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'partner'), eq(auditLog.targetId, String(saved.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create' });
    expect(audit[0]!.fields).toContain('email');
    expect(JSON.stringify(audit)).not.toContain('praxis.example');
  });

  it('refuses bad input with each field’s message and keeps what was typed', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const before = t.db.select().from(partners).all().length;
    const res = await admin.post('/partners', newPartner({ name: '', kind: 'fortune_teller', country: 'XX', languages: '', email: 'not an email' }));
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('There are 5 problems with this form.');
    expect(text).toContain('Choose a kind from the list.');
    expect(text).toContain('Enter a two-letter ISO 3166-1 country code');
    expect(text).toContain('Enter an email address');
    expect(res.body).toContain('value="+44 20 7946 0999"');
    expect(t.db.select().from(partners).all()).toHaveLength(before);
  });

  it('an administrator edits a partner and can stop it taking referrals', async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const jcwi = byName(JCWI)!;
    const form = await admin.get(`/partners/${jcwi.id}/edit`);
    expect(form.body).toContain('value="referrals@jcwi.example"');
    const res = await admin.post(`/partners/${jcwi.id}`, newPartner({ name: JCWI, country: 'GB', active: '', version: versionOnPage(form.body) }));
    expect(res.statusCode).toBe(303);
    expect(byName(JCWI)!.active).toBe(false);
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'partner'), eq(auditLog.targetId, String(jcwi.id))))
      .get()!;
    expect(audit.action).toBe('update');
    expect(audit.fields).toContain('active');
    expect(textOf((await amira.get('/partners')).body)).not.toContain(JCWI);
  });

  it('counsellors and supervisors cannot edit the directory', async () => {
    const grace = await signIn(t.app, 'supervisor@demo.test');
    const jcwi = byName(JCWI)!;
    for (const agent of [amira, grace]) {
      expect((await agent.get('/partners/new')).statusCode).toBe(403);
      expect((await agent.post('/partners', newPartner())).statusCode).toBe(403);
      expect((await agent.get(`/partners/${jcwi.id}/edit`)).statusCode).toBe(403);
      expect((await agent.post(`/partners/${jcwi.id}`, newPartner({ name: 'Hijacked' }))).statusCode).toBe(403);
    }
    expect(byName('Praxis')).toBeUndefined();
    expect(byName(JCWI)!.email).toBe('referrals@jcwi.example');
  });
});
