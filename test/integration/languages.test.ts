import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGE_COOKIE } from '../../src/i18n/request.js';
import { Agent, createTestApp, formOnPage, signIn, textOf, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const htmlTag = (html: string) => /<html [^>]*>/.exec(html)?.[0];
const localeOf = (email: string) => (t.db.$client.prepare('select locale from users where email = ?').get(email) as { locale: string }).locale;

describe('the language of the pages before sign-in', () => {
  it("follows the browser's Accept-Language, regional variants included, and is English otherwise", async () => {
    const visitor = new Agent(t.app);
    let page = await visitor.get('/login', { 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5' });
    expect(htmlTag(page.body)).toBe('<html lang="fr" dir="ltr">');
    expect(textOf(page.body)).toContain('Se connecter');

    page = await visitor.get('/login', { 'accept-language': 'ar-MA, en;q=0.3' });
    expect(htmlTag(page.body)).toBe('<html lang="ar" dir="rtl">');

    page = await visitor.get('/login', { 'accept-language': 'sw-KE, ja;q=0.8' });
    expect(htmlTag(page.body)).toBe('<html lang="en" dir="ltr">');
    expect(textOf(page.body)).toContain('Sign in to UnionDesk');

    // A header no browser sends does not break the page.
    page = await visitor.get('/login', { 'accept-language': ';;q=abc,*-*' });
    expect(page.statusCode).toBe(200);
    expect(htmlTag(page.body)).toBe('<html lang="en" dir="ltr">');
  });

  it('a switch on the sign-in page names each language in itself, and the choice outlasts Accept-Language', async () => {
    const visitor = new Agent(t.app);
    let page = await visitor.get('/login', { 'accept-language': 'fr' });
    const text = textOf(page.body);
    for (const name of ['English', 'Français', 'Español', 'Italiano', 'Deutsch', 'Nederlands', 'Português', 'العربية']) expect(text).toContain(name);
    expect(page.body).toMatch(/value="fr" lang="fr" class="link-button" aria-current="true"/);

    const chosen = await visitor.post('/language', { locale: 'de', back: '/login?signedOut=1' });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/login?signedOut=1');
    expect(visitor.cookies.get(LANGUAGE_COOKIE)).toBe('de');
    page = await visitor.get('/login?signedOut=1', { 'accept-language': 'fr' });
    expect(htmlTag(page.body)).toBe('<html lang="de" dir="ltr">');
    expect(textOf(page.body)).toContain('Anmelden');
  });

  it('refuses a language it does not have and a way back that is not the sign-in page, and keeps the language', async () => {
    const visitor = new Agent(t.app);
    await visitor.get('/login');
    let res = await visitor.post('/language', { locale: 'xx', back: '/login' });
    expect(res.headers.location).toBe('/login');
    expect(visitor.cookies.has(LANGUAGE_COOKIE)).toBe(false);
    res = await visitor.post('/language', { locale: 'it', back: 'https://elsewhere.example/login' });
    expect(res.headers.location).toBe('/login');
    res = await visitor.post('/language', { locale: 'es', back: '//elsewhere.example' });
    expect(res.headers.location).toBe('/login');
    expect(htmlTag((await visitor.get('/login')).body)).toBe('<html lang="es" dir="ltr">');
  });
});

describe('a user’s own language', () => {
  it('is chosen in My account and then speaks on every page, whatever the browser says', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    let page = await counsellor.get('/account');
    expect(textOf(page.body)).toContain('Language');
    const res = await counsellor.post('/account/language', { locale: 'ar' });
    expect(res.statusCode).toBe(303);
    expect(localeOf('counsellor@demo.test')).toBe('ar');
    page = await counsellor.get('/account?notice=languageSaved', { 'accept-language': 'en' });
    expect(htmlTag(page.body)).toBe('<html lang="ar" dir="rtl">');
    expect(textOf(page.body)).toContain('تم حفظ لغتك.');
    page = await counsellor.get('/cases');
    expect(htmlTag(page.body)).toBe('<html lang="ar" dir="rtl">');
  });

  it('refuses a language the UI does not have, with a message, and keeps the one it had', async () => {
    const counsellor = await signIn(t.app, 'counsellor@demo.test');
    await counsellor.get('/account');
    const res = await counsellor.post('/account/language', { locale: 'klingon' });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain('Choose a value from the list.');
    expect(localeOf('counsellor@demo.test')).toBe('en');
  });

  it("a new account starts in its contact point's default language unless the administrator picks one", async () => {
    const admin = await signIn(t.app, 'admin@demo.test');
    const ldn = t.db.$client.prepare("select id from contact_points where ref_prefix = 'LDN'").get() as { id: number };
    const page = await admin.get(`/admin/contact-points/${ldn.id}`);
    expect(textOf(page.body)).toContain('Default language');
    const form = formOnPage(page.body, `/admin/contact-points/${ldn.id}`);
    const saved = await admin.post(`/admin/contact-points/${ldn.id}`, { ...form, defaultLocale: 'pt' });
    expect(saved.statusCode).toBe(303);

    await admin.get('/admin/users/new');
    const base = { displayName: 'Ana Sousa', role: 'coordinator', languages: 'pt', active: 'on' };
    await admin.post('/admin/users', { ...base, email: 'ana@desk.example', locale: '' });
    // A coordinator has no contact point: English, the UI's own default.
    expect(localeOf('ana@desk.example')).toBe('en');
    await admin.post('/admin/users', { ...base, role: 'counsellor', email: 'rui@desk.example', contactPointIds: String(ldn.id), locale: '' });
    expect(localeOf('rui@desk.example')).toBe('pt');
    await admin.post('/admin/users', { ...base, role: 'counsellor', email: 'eva@desk.example', contactPointIds: String(ldn.id), locale: 'nl' });
    expect(localeOf('eva@desk.example')).toBe('nl');
  });
});
